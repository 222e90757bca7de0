// bug: none
// A correct worker pool with exactly three goroutines (main and two
// workers) and ten jobs, used as the throughput benchmark: main queues
// every job and closes the jobs channel, the workers send squares to a
// buffered results channel, main waits, closes results and sums them.
package main

import (
	"fmt"
	"sync"
)

func worker(jobs <-chan int, results chan<- int, wg *sync.WaitGroup) {
	defer wg.Done()
	for j := range jobs {
		results <- j * j
	}
}

func main() {
	const njobs = 10
	jobs := make(chan int, njobs)
	results := make(chan int, njobs)
	var wg sync.WaitGroup
	wg.Add(2)
	go worker(jobs, results, &wg)
	go worker(jobs, results, &wg)
	for i := 1; i <= njobs; i++ {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	close(results)
	sum := 0
	for r := range results {
		sum += r
	}
	fmt.Println("sum of squares", sum)
}
