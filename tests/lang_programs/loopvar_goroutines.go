// Goroutines that capture the loop variable: one variable per loop before
// Go 1.22, one per iteration since.
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
			fmt.Println("captured", i)
		}()
	}
	wg.Wait()

	for i := 0; i < 3; i++ {
		wg.Add(1)
		go func(v int) {
			defer wg.Done()
			fmt.Println("argument", v)
		}(i)
	}
	wg.Wait()
}
