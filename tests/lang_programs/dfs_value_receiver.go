// dfs: a race between a field write and a method call with a value
// receiver, which copies the struct when it is called (prints 10 or 11).
package main

import "fmt"

type counter struct {
	n int
}

func (c counter) get() int {
	return c.n
}

var shared = &counter{n: 10}

func main() {
	p := shared
	done := make(chan bool)
	go func(q *counter) {
		q.n++
		done <- true
	}(p)
	v := p.get()
	<-done
	fmt.Println(v)
}
