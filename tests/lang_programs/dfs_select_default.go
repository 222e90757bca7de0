// dfs: a select with default reads whether a buffered channel holds a
// value; the only conflict with the sender is that channel (prints "got 1"
// or "empty").
package main

import "fmt"

func main() {
	c := make(chan int, 1)
	go func() {
		c <- 1
	}()
	select {
	case v := <-c:
		fmt.Println("got", v)
	default:
		fmt.Println("empty")
	}
}
