// dfs: two goroutines print and nothing else: the order of the lines is
// the race (output is one shared object).
package main

import "fmt"

func main() {
	done := make(chan bool)
	go func() {
		fmt.Println("child")
		done <- true
	}()
	fmt.Println("main")
	<-done
}
