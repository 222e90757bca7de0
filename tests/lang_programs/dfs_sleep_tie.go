// dfs: two goroutines sleep as long as main's time.After timeout: the
// three timers fire together, in the order they were set, which depends
// on the schedule; the timeout still wins whenever main waits in the
// select, and the sleepers then race to print.
package main

import (
	"fmt"
	"time"
)

func main() {
	done := make(chan string, 2)
	go func() {
		time.Sleep(10 * time.Millisecond)
		fmt.Println("a woke")
		done <- "a"
	}()
	go func() {
		time.Sleep(10 * time.Millisecond)
		fmt.Println("b woke")
		done <- "b"
	}()
	select {
	case v := <-done:
		fmt.Println("first", v)
	case <-time.After(10 * time.Millisecond):
		fmt.Println("timeout")
	}
	time.Sleep(time.Millisecond)
}
