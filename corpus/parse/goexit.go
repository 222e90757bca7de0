// runtime.Goexit ends the goroutine but runs its deferred calls.
package main

import (
	"fmt"
	"runtime"
)

func main() {
	done := make(chan bool)
	go func() {
		defer close(done)
		defer fmt.Println("deferred call runs")
		runtime.Goexit()
		fmt.Println("never printed")
	}()
	<-done
	fmt.Println("goroutines:", runtime.NumGoroutine())
}
