// bug: panic skipped-cleanup
// recover_child.go - recover never crosses goroutines (R7): main's
// deferred recover cannot catch the child's panic, which kills the whole
// program (P1) before main's defers can run.
package main

import (
	"fmt"
	"time"
)

func main() {
	defer func() {
		if r := recover(); r != nil {
			fmt.Println("main recovered:", r)
		}
	}()
	go func() {
		defer fmt.Println("child's defer runs")
		panic("child failed")
	}()
	time.Sleep(10 * time.Millisecond)
	fmt.Println("main finished")
}
