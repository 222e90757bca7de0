// dfs: main returns while a goroutine is running a deferred call of its
// panic; main then yields to it (Go gives it a moment to finish the
// panic) and ends the program as soon as that call has returned: the
// goroutine's other deferred call, which runs once the panic is over, may
// print or not.
package main

import "fmt"

func main() {
	release := make(chan bool)
	go func() {
		defer func() {
			fmt.Println("outer")
		}()
		defer func() {
			recover()
			<-release
			fmt.Println("recovered")
		}()
		panic("boom")
	}()
	close(release)
}
