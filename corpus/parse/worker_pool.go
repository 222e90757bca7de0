// A worker pool: jobs fan out to workers, results fan in, a WaitGroup
// closes the results channel.
package main

import (
	"fmt"
	"sync"
)

type job struct {
	id, n int
}

type result struct {
	id     int
	square int
}

func worker(id int, jobs <-chan job, results chan<- result, wg *sync.WaitGroup) {
	defer wg.Done()
	for j := range jobs {
		results <- result{id: j.id, square: j.n * j.n}
	}
	fmt.Println("worker", id, "done")
}

func main() {
	jobs := make(chan job, 10)
	results := make(chan result, 10)
	var wg sync.WaitGroup
	for w := 1; w <= 3; w++ {
		wg.Add(1)
		go worker(w, jobs, results, &wg)
	}
	for i := 0; i < 5; i++ {
		jobs <- job{i, i + 1}
	}
	close(jobs)
	go func() {
		wg.Wait()
		close(results)
	}()
	sum := 0
	for r := range results {
		sum += r.square
	}
	fmt.Println("sum", sum)
}
