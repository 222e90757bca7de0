// A panic value's Error or String method runs when the panic is printed,
// after every deferred call (gc's preprintpanics), not when panic is
// called: a recovered panic never calls it; a lock the panicking function
// held and released in a deferred call is free by then; the values of a
// chain are made printable newest first; and a method may block until
// another goroutine sends. Checked against gc by go_diff (--lang go1.19).
package main

import (
	"fmt"
	"sync"
)

var (
	mu    sync.Mutex
	notes = make(chan string)
)

type E struct{ msg string }

func (e E) Error() string {
	fmt.Println("Error called for", e.msg)
	mu.Lock()
	defer mu.Unlock()
	return e.msg
}

type S struct{ n int }

func (s S) String() string {
	fmt.Println("String called for", s.n)
	return fmt.Sprint("S#", s.n, " ", <-notes)
}

func quiet() {
	defer func() {
		r := recover()
		fmt.Println("recovered", r != nil)
	}()
	panic(E{"never printed"})
}

func main() {
	quiet()
	go func() {
		notes <- "from a worker"
	}()
	mu.Lock()
	defer mu.Unlock()
	defer fmt.Println("deferred call")
	defer func() {
		panic(S{7})
	}()
	panic(E{"boom"})
}
