// bug: deadlock
// runtime.Goexit in a worker skips its result send: mustPositive stops the
// goroutine the way t.FailNow does. The worker's deferred calls run, but
// the send after the check never happens and main waits for ever on the
// results channel.
package main

import (
	"fmt"
	"runtime"
)

func mustPositive(n int) {
	if n <= 0 {
		runtime.Goexit()
	}
}

func worker(n int, results chan<- int) {
	defer fmt.Println("worker", n, "exits")
	mustPositive(n)
	results <- n * 10
}

func main() {
	results := make(chan int)
	go worker(1, results)
	go worker(-1, results)
	for i := 0; i < 2; i++ {
		fmt.Println("result", <-results)
	}
}
