// bug: none
// named_result_recover.go - turning a panic into an error: the deferred
// closure assigns the named result err after recover (N1, N5). With an
// unnamed result the recovered function returns the zero value.
package main

import (
	"errors"
	"fmt"
)

func parse(n int) (v int, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = errors.New(fmt.Sprint("recovered: ", r))
		}
	}()
	v = 100 / n
	return v, nil
}

func parseUnnamed(n int) int {
	defer func() { recover() }()
	return 100 / n
}

func main() {
	fmt.Println(parse(4))
	fmt.Println(parse(0))
	fmt.Println(parseUnnamed(0))
}
