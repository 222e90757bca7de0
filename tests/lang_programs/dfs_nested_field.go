// dfs: a race on a field of a struct nested in a struct, through a method
// with a pointer receiver; main reads it by printing the struct through
// the pointer (prints &{{0}} or &{{7}} first).
package main

import "fmt"

type inner struct {
	n int
}

type outer struct {
	in inner
}

func (o *outer) bump() {
	o.in.n = 7
}

func main() {
	o := &outer{}
	done := make(chan bool)
	go func(p *outer) {
		p.bump()
		done <- true
	}(o)
	fmt.Println(o)
	<-done
}
