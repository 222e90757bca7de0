// dfs: two goroutines call the same Once; whichever calls first runs f,
// which reports its id (prints 1 or 2). The other one waits for f to
// return if it calls Do while f runs.
package main

import (
	"fmt"
	"sync"
)

var once sync.Once

func main() {
	var wg sync.WaitGroup
	winner := make(chan int, 2)
	wg.Add(2)
	for i := 1; i <= 2; i++ {
		go func(id int) {
			defer wg.Done()
			once.Do(func() {
				winner <- id
			})
		}(i)
	}
	wg.Wait()
	fmt.Println(<-winner)
}
