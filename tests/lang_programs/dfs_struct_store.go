// dfs: a whole struct stored through a pointer (*q = pair{...}) races with
// a comparison of the struct in main (prints true or false).
package main

import "fmt"

type pair struct {
	a, b int
}

func main() {
	p := &pair{}
	done := make(chan bool)
	go func(q *pair) {
		*q = pair{1, 2}
		done <- true
	}(p)
	zero := *p == pair{}
	<-done
	fmt.Println(zero)
}
