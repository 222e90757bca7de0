// dfs: main blocks in a select on two channels; two senders race to wake
// it. The loser blocks on its send; main then checks, without blocking,
// whether a is still offered (the loser was A) and the senders log what
// they did through a shared variable.
package main

import "fmt"

var log string

func main() {
	a := make(chan int)
	b := make(chan int)
	go func() {
		a <- 1
		log += "A"
	}()
	go func() {
		b <- 2
		log += "B"
	}()
	select {
	case v := <-a:
		fmt.Println("a", v)
	case v := <-b:
		fmt.Println("b", v)
	}
	select {
	case <-a:
		fmt.Println("A was waiting")
	default:
		fmt.Println("A not waiting")
	}
	fmt.Println("log", log)
}
