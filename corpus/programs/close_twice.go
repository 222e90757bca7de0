// bug: close-of-closed skipped-cleanup
// Close-once done wrong: two goroutines guard close(done) with a plain
// bool instead of sync.Once. Both can see closed == false before either
// sets it, and the second close panics.
package main

import (
	"fmt"
	"sync"
)

type stopper struct {
	done   chan struct{}
	closed bool
}

func (s *stopper) stop() {
	if !s.closed {
		s.closed = true
		close(s.done)
	}
}

func main() {
	s := &stopper{done: make(chan struct{})}
	var wg sync.WaitGroup
	wg.Add(2)
	for i := 0; i < 2; i++ {
		go func() {
			defer wg.Done()
			s.stop()
		}()
	}
	<-s.done
	wg.Wait()
	fmt.Println("stopped once")
}
