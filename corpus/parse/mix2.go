package main

import "fmt"



type Machine struct {
	states chan int
	quit   chan bool
}

func NewMachine() *Machine {
	return &Machine{states: make(chan int, 4), quit: make(chan bool)}
}

func (m *Machine) Run() (count int) {
	for {
		select {
		case s, ok := <-m.states:
			if !ok {
				return
			}
			count += s
		case <-m.quit:
			return -1
		}
	}
}

func main() {
	m := NewMachine()
	m.states <- 1
	m.states <- 2
	close(m.states)
	fmt.Println(m.Run())
	var v struct{}
	ch := make(chan struct{}, 1)
	ch <- v
	ch <- struct{}{}
	fmt.Printf("%v %d\n", len(ch), cap(ch))
	type_ := 3
	_ = type_
	func() {
		defer func() {
			recover()
		}()
		panic(nil)
	}()
	var f func() = nil
	if f == nil {
		fmt.Print("nil func\n")
	}
	x := 10
	p := &x2{}
	p.n = x
	fmt.Println(p.n, *p)
	switch {
	}
	select {
	default:
	}
	for i := range make(chan int) {
		_ = i
		break
	}
}

type x2 struct{ n int }
