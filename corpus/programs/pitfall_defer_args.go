// bug: none
// defer_args.go - argument timing against closure capture: a deferred
// call's arguments, function value and receiver are evaluated at the
// defer statement (D1-D3); a deferred closure reads its variables when it
// runs (D4).
package main

import "fmt"

type Counter struct{ n int }

func (c Counter) Show()   { fmt.Println("value receiver sees", c.n) }
func (c *Counter) Ptr()   { fmt.Println("pointer receiver sees", c.n) }
func report(label string) { fmt.Println("report", label) }

func main() {
	x := 1
	c := Counter{1}
	f := report
	defer fmt.Println("argument x =", x)
	defer func() { fmt.Println("closure x =", x) }()
	defer c.Show()
	defer c.Ptr()
	defer f("old")
	x = 2
	c.n = 2
	f = func(string) { fmt.Println("replaced") }
	fmt.Println("main body ends with x =", x)
}
