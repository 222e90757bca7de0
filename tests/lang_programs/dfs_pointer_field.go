// dfs: a race through a pointer's field: the goroutine gets the pointer as
// an argument (nothing is captured, nothing is global), writes b.v, and
// main reads it before or after (prints 0 or 1).
package main

import "fmt"

type box struct {
	v int
}

func set(p *box, done chan bool) {
	p.v = 1
	done <- true
}

func main() {
	b := &box{}
	done := make(chan bool)
	go set(b, done)
	y := b.v
	<-done
	fmt.Println(y)
}
