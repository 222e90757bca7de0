// dfs: a race on a variable that a closure captures (a heap cell): main
// reads x before or after the goroutine writes it (prints 0 or 1).
package main

import "fmt"

func main() {
	x := 0
	done := make(chan bool)
	go func() {
		x = 1
		done <- true
	}()
	y := x
	<-done
	fmt.Println(y)
}
