// dfs: a race between a field write through a pointer and a copy of the
// whole struct (*p) in main: the copy reads every field, so it sees the
// write or not (prints {0 0} or {0 2}).
package main

import "fmt"

type pair struct {
	a, b int
}

func main() {
	p := &pair{}
	done := make(chan bool)
	go func(q *pair) {
		q.b = 2
		done <- true
	}(p)
	c := *p
	<-done
	fmt.Println(c)
}
