// A producer stopped through a stop channel; select with a timeout and a
// default case.
package main

import (
	"fmt"
	"time"
)

func producer(out chan<- int, stop <-chan struct{}) {
	defer close(out)
	for n := 0; ; n++ {
		select {
		case out <- n:
		case <-stop:
			return
		}
	}
}

func main() {
	out := make(chan int)
	stop := make(chan struct{})
	go producer(out, stop)
	for v := range out {
		if v == 3 {
			close(stop)
			break
		}
		fmt.Println("got", v)
	}

	select {
	case v, ok := <-out:
		fmt.Println("late value", v, ok)
	case <-time.After(50 * time.Millisecond):
		fmt.Println("timeout")
	}

	ch := make(chan int, 1)
	select {
	case ch <- 1:
		fmt.Println("sent")
	default:
		fmt.Println("full")
	}
}
