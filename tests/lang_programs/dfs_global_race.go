// dfs: a race on a package-level variable, the only object the two
// goroutines share before the channel orders them: main may read x before
// or after the child writes it (prints 0 or 1). A partial-order reduction
// that missed the global's accesses would explore one order only.
package main

import "fmt"

var x int

func main() {
	done := make(chan bool)
	go func() {
		x = 1
		done <- true
	}()
	y := x
	<-done
	fmt.Println(y)
}
