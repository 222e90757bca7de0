// bug: send-on-closed close-send-race skipped-cleanup
// close_race.go - a producer closes the channel while a second sender,
// which nobody waits for, may still send: nothing orders the late send
// before the close, so some schedules panic with "send on closed channel"
// (C6).
package main

import (
	"fmt"
	"sync"
)

func main() {
	ch := make(chan int)
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		for i := 1; i <= 2; i++ {
			ch <- i
		}
		close(ch)
	}()
	go func() {
		ch <- 100
	}()
	go func() {
		defer wg.Done()
		for v := range ch {
			fmt.Println("got", v)
		}
	}()
	wg.Wait()
	fmt.Println("done")
}
