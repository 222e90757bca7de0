// dfs: runtime.NumGoroutine reads how many goroutines are alive: 2 while
// the child runs, 1 once it has returned (the count is the only thing the
// two goroutines share).
package main

import (
	"fmt"
	"runtime"
)

func main() {
	go func() {}()
	n := runtime.NumGoroutine()
	fmt.Println(n)
}
