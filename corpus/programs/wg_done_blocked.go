// bug: deadlock skipped-cleanup
// A deferred wg.Done() that never runs: the worker ranges over a jobs
// channel that main forgets to close, so it blocks forever in its loop,
// its defer never fires and main's wg.Wait() waits for ever.
package main

import (
	"fmt"
	"sync"
)

func worker(jobs <-chan int, wg *sync.WaitGroup) {
	defer wg.Done()
	for j := range jobs {
		fmt.Println("job", j)
	}
}

func main() {
	jobs := make(chan int)
	var wg sync.WaitGroup
	wg.Add(1)
	go worker(jobs, &wg)
	jobs <- 1
	jobs <- 2
	// missing: close(jobs)
	wg.Wait()
	fmt.Println("all jobs done")
}
