// bug: deadlock skipped-cleanup
// A mutex Unlock skipped on the panic path: the division panics before
// the explicit Unlock, the deferred recover swallows the panic, and the
// mutex stays locked. Whoever locks it next blocks for ever. The fix is
// defer s.mu.Unlock() right after Lock.
package main

import (
	"fmt"
	"sync"
)

type store struct {
	mu    sync.Mutex
	total int
}

func (s *store) div(d int) (r int) {
	defer func() {
		if recover() != nil {
			r = -1
		}
	}()
	s.mu.Lock()
	r = s.total / d
	s.mu.Unlock()
	return r
}

func main() {
	s := &store{total: 12}
	var wg sync.WaitGroup
	wg.Add(2)
	for d := 0; d <= 3; d += 3 {
		go func(d int) {
			defer wg.Done()
			fmt.Println("12 /", d, "=", s.div(d))
		}(d)
	}
	wg.Wait()
	fmt.Println("done")
}
