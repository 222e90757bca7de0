// sync.Once runs its function once; an RWMutex lets readers share.
package main

import (
	"fmt"
	"sync"
)

type cache struct {
	mu    sync.RWMutex
	value string
}

func (c *cache) get() string {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.value
}

func (c *cache) set(v string) {
	c.mu.Lock()
	c.value = v
	c.mu.Unlock()
}

var once sync.Once

func setup() {
	fmt.Println("setup")
}

func main() {
	var wg sync.WaitGroup
	c := &cache{}
	for i := 0; i < 3; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			once.Do(setup)
			c.set("ready")
			_ = c.get()
		}()
	}
	wg.Wait()
	fmt.Println(c.get())
}
