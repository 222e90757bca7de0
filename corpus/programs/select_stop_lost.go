// bug: leak skipped-cleanup
// A select with a stop channel that loses a message: once stop is closed
// and a message is waiting too, select picks either case at random. When
// it picks stop, the message is never handled and its sender stays
// blocked for ever (its deferred cleanup never runs).
package main

import (
	"fmt"
	"sync"
)

func main() {
	in := make(chan int)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			select {
			case v := <-in:
				fmt.Println("handled", v)
			case <-stop:
				return
			}
		}
	}()
	go func() {
		defer fmt.Println("sender cleanup")
		in <- 1
	}()
	close(stop)
	wg.Wait()
	fmt.Println("worker stopped")
}
