// A panic value's Error method that calls os.Exit, in a goroutine: the
// program exits with its code and no panic is printed (gc's
// preprintpanics runs the method before the report). A method that
// blocks forever ends the program in a deadlock instead (late_panic_value.go).
package main

import (
	"fmt"
	"os"
)

type E struct{}

func (e E) Error() string {
	fmt.Println("Error exits")
	os.Exit(3)
	return "never"
}

func main() {
	done := make(chan bool)
	go func() {
		defer close(done)
		panic(E{})
	}()
	<-done
	fmt.Println("main saw done")
	select {}
}
