// dfs: len of a buffered channel reads its state: 0 or 1 depending on
// whether the sender ran (the only shared object is the channel).
package main

import "fmt"

func main() {
	c := make(chan int, 1)
	done := make(chan bool)
	go func() {
		c <- 1
		done <- true
	}()
	n := len(c)
	<-done
	fmt.Println(n)
}
