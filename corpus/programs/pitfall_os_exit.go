// bug: leak skipped-cleanup
// os_exit.go - os.Exit is what skips deferred calls (X2): the program ends
// at once with the given code, in every goroutine.
package main

import (
	"fmt"
	"os"
)

func main() {
	defer fmt.Println("deferred cleanup")
	done := make(chan bool)
	go func() {
		defer fmt.Println("goroutine cleanup")
		fmt.Println("goroutine exits the program")
		os.Exit(3)
	}()
	<-done
}
