// bug: leak
// A time.After timeout racing the result: when the timeout wins, nobody
// will ever receive from the unbuffered result channel, so the worker
// leaks, blocked on its send. Which case wins depends on real timing:
// both timers are due at the same instant. deferfuzz's virtual clock fires
// them together and the timeout always wins; gc sometimes takes the
// worker's send first (tests/go_diff.py lists this expected difference).
package main

import (
	"fmt"
	"time"
)

func fetch(res chan<- string) {
	time.Sleep(10 * time.Millisecond)
	res <- "data"
}

func main() {
	res := make(chan string)
	go fetch(res)
	select {
	case r := <-res:
		fmt.Println("got", r)
	case <-time.After(10 * time.Millisecond):
		fmt.Println("timeout")
	}
	time.Sleep(20 * time.Millisecond)
	fmt.Println("main returns")
}
