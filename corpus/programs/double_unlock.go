// bug: unlock-of-unlocked
// Unlock twice: the method defers Unlock and also unlocks by hand before
// an early return. The second Unlock is a fatal error that no recover can
// stop. (Running in parallel, gc's other goroutine can also die at once on
// the broken mutex, "sync: inconsistent mutex state": tests/go_diff.py
// lists that expected difference.)
package main

import (
	"fmt"
	"sync"
)

type cache struct {
	mu   sync.Mutex
	hits int
}

func (c *cache) get(key int) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	if key < 0 {
		c.mu.Unlock()
		return 0
	}
	c.hits++
	return key * 2
}

func main() {
	c := &cache{}
	done := make(chan bool)
	go func() {
		fmt.Println("get 4 =", c.get(4))
		done <- true
	}()
	go func() {
		fmt.Println("get -1 =", c.get(-1))
		done <- true
	}()
	<-done
	<-done
	fmt.Println("hits", c.hits)
}
