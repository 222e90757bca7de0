// bug: negative-waitgroup skipped-cleanup
// A WaitGroup counter driven below zero: on a setup error main calls
// wg.Done() for a worker it has already started, and the worker defers
// its own Done. Whichever Done comes second panics, unless main returns
// first. (A single worker keeps Wait from blocking: gc would otherwise also
// report "WaitGroup is reused before previous Wait has returned".)
package main

import (
	"errors"
	"fmt"
	"sync"
)

func setup() error {
	return errors.New("no config")
}

func main() {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		fmt.Println("worker runs")
	}()
	if err := setup(); err != nil {
		fmt.Println("setup failed:", err)
		wg.Done() // wrong: the worker calls Done itself
	}
	wg.Wait()
	fmt.Println("main returns")
}
