// A panic in a goroutine is recovered inside that goroutine and reported
// over a channel; named results carry the error out.
package main

import (
	"errors"
	"fmt"
)

func safeDivide(a, b int) (q int, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = errors.New("division failed")
		}
	}()
	q = a / b
	return
}

func main() {
	errs := make(chan error)
	go func() {
		defer func() {
			if r := recover(); r != nil {
				errs <- fmt.Errorf("recovered: %v", r)
				return
			}
			errs <- nil
		}()
		panic("boom")
	}()
	fmt.Println(<-errs)

	if _, err := safeDivide(1, 0); err != nil {
		fmt.Println("error:", err)
	}
	q, err := safeDivide(7, 2)
	fmt.Println(q, err == nil)
}
