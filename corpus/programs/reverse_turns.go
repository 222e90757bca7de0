// bug: panic
// Five workers take a turn under a mutex; the code assumes the turns are
// never taken in exactly the reverse order of the workers' start, and
// panics if they are: a rare interleaving (one lock order in 120).
package main

import "sync"

func main() {
	var mu sync.Mutex
	var wg sync.WaitGroup
	next := 4
	for i := 0; i < 5; i++ {
		wg.Add(1)
		go func(id int) {
			defer wg.Done()
			mu.Lock()
			if next == id {
				next--
			}
			mu.Unlock()
		}(i)
	}
	wg.Wait()
	if next < 0 {
		panic("turns taken in reverse order")
	}
}
