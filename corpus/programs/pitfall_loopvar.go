// bug: none
// loopvar.go - goroutines capturing the loop variable. Up to Go 1.21
// (--lang go1.19) the loop has one variable i that every goroutine reads
// whenever it gets to run (L1): a data race. From Go 1.22 each iteration
// has its own i (L2).
package main

import (
	"fmt"
	"sync"
)

func main() {
	var wg sync.WaitGroup
	for i := 0; i < 3; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			fmt.Println("goroutine sees", i)
		}()
	}
	wg.Wait()
}
