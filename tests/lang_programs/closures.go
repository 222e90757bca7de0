// Closures capture variables by reference; a method value binds its
// receiver when it is evaluated.
package main

import "fmt"

type greeter struct {
	name string
}

func (g greeter) greet() {
	fmt.Println("hello", g.name)
}

func counter() func() int {
	n := 0
	return func() int {
		n++
		return n
	}
}

func main() {
	next := counter()
	next()
	next()
	fmt.Println(next())

	g := greeter{"ann"}
	f := g.greet
	g.name = "bob"
	f()
	g.greet()

	x := 10
	add := func(d int) { x += d }
	add(5)
	fmt.Println(x)
}
