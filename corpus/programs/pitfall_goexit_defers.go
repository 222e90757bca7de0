// bug: none
// goexit_defers.go - runtime.Goexit does not skip deferred calls: it runs
// all of them (G1) with recover returning nil (G2), then ends only its own
// goroutine.
package main

import (
	"fmt"
	"runtime"
	"sync"
)

func worker(wg *sync.WaitGroup) {
	defer wg.Done()
	defer fmt.Println("worker cleanup runs")
	defer func() { fmt.Println("recover during Goexit:", recover()) }()
	runtime.Goexit()
	fmt.Println("never printed")
}

func main() {
	var wg sync.WaitGroup
	wg.Add(1)
	go worker(&wg)
	wg.Wait()
	fmt.Println("main continues")
}
