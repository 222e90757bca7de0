// Defers run LIFO when the function returns; arguments are evaluated at
// the defer statement, closures read variables when they run.
package main

import "fmt"

func loop() {
	for i := 0; i < 3; i++ {
		defer fmt.Println("deferred", i)
	}
	fmt.Println("loop done")
}

func argTiming() {
	x := 1
	defer fmt.Println("argument:", x)
	defer func() {
		fmt.Println("closure:", x)
	}()
	x = 3
}

func main() {
	loop()
	argTiming()
}
