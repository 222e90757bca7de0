// bug: panic skipped-cleanup
// Recover in the wrong goroutine: safeGo defers a recover in the caller
// and starts the work with go. The goroutine's panic never reaches that
// recover (it only works in the panicking goroutine) and the whole
// program dies with exit code 2.
package main

import (
	"fmt"
	"sync"
)

func safeGo(wg *sync.WaitGroup, f func()) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Println("recovered:", r)
		}
	}()
	wg.Add(1)
	go func() {
		defer wg.Done()
		f()
	}()
}

func main() {
	var wg sync.WaitGroup
	safeGo(&wg, func() { fmt.Println("task 1 ok") })
	safeGo(&wg, func() { panic("task 2 failed") })
	wg.Wait()
	fmt.Println("all tasks done")
}
