// deferfuzz: go1.22
// Range over an integer (Go 1.22) with per-iteration loop variables.
package main

import "fmt"

func main() {
	done := make(chan int)
	for i := range 3 {
		go func() {
			done <- i
		}()
	}
	sum := 0
	for range 3 {
		sum += <-done
	}
	fmt.Println(sum)
}
