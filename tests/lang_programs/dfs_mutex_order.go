// dfs: the only shared object is a mutex that the goroutine locks and never
// unlocks: if it gets the lock first, main blocks for ever (fatal error:
// all goroutines are asleep); if main gets it first, main prints and
// returns.
package main

import (
	"fmt"
	"sync"
)

func main() {
	var mu sync.Mutex
	mu.Lock()
	mu.Unlock()
	go func() {
		mu.Lock()
	}()
	mu.Lock()
	fmt.Println("main has the lock")
}
