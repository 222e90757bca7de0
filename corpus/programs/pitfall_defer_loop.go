// bug: none
// defer_loop.go - defers are function-scoped and run last-in first-out:
// a defer inside a loop does not run at the end of the iteration, it
// piles up until the function returns (go-semantics.md D5).
package main

import "fmt"

func closeAll(n int) {
	for i := 0; i < n; i++ {
		fmt.Println("open", i)
		defer fmt.Println("close", i)
	}
	fmt.Println("all open")
}

func main() {
	closeAll(3)
	fmt.Println("back in main")
}
