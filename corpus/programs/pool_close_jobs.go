// bug: send-on-closed close-send-race skipped-cleanup
// Worker-pool shutdown done wrong: main closes the jobs channel after its
// own jobs, but a second producer (a retry loop) may still be sending.
// A send after the close, or one blocked when it happens, panics.
package main

import (
	"fmt"
	"sync"
)

func main() {
	jobs := make(chan int, 2)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for j := range jobs {
			fmt.Println("job", j)
		}
	}()
	go func() {
		jobs <- 100 // retry of a failed job, nobody waits for this sender
	}()
	for i := 1; i <= 2; i++ {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	fmt.Println("pool stopped")
}
