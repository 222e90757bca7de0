// bug: none
// Producer/consumer done right: producers share a buffered channel, a
// closer goroutine closes it only after wg.Wait() says every producer has
// returned, and the consumer ranges until the close.
package main

import (
	"fmt"
	"sync"
)

func produce(id int, out chan<- int, wg *sync.WaitGroup) {
	defer wg.Done()
	for i := 1; i <= 3; i++ {
		out <- id * i
	}
}

func main() {
	ch := make(chan int, 4)
	var wg sync.WaitGroup
	for id := 1; id <= 2; id++ {
		wg.Add(1)
		go produce(id, ch, &wg)
	}
	go func() {
		wg.Wait()
		close(ch)
	}()
	sum, n := 0, 0
	for v := range ch {
		sum += v
		n++
	}
	fmt.Println("consumed", n, "values, sum", sum)
}
