// String and Error methods that panic while fmt prints them: fmt recovers
// the panic and prints %!v(PANIC=String method: ...) in place of the value,
// or <nil> for a nil pointer receiver, and nothing for a panic(nil) that
// go1.19 recovers as nil; printing the recovered value panics again when
// its own String panics; a panic value whose String panics is still the
// value recover returns, even when String panics with its own type. Every
// line is checked against gc by go_diff (--lang go1.19).
package main

import (
	"errors"
	"fmt"
)

type Node struct{ name string }

// A pointer method that reads the receiver: it panics on a nil *Node.
func (n *Node) String() string { return "node " + n.name }

type Boom struct{ n int }

func (b Boom) String() string {
	if b.n == 0 {
		panic("boom")
	}
	return fmt.Sprint("boom#", b.n)
}

type Bad struct{}

// It panics with an error value.
func (e Bad) String() string { panic(errors.New("inner error")) }

type Deep struct{}

// Its panic value is itself a value whose String panics.
func (d Deep) String() string { panic(Boom{}) }

type Self struct{}

func (Self) String() string { panic(Self{}) }

type NilPanic struct{}

func (NilPanic) String() string { panic(nil) }

type Nul struct{}

func (Nul) String() string { panic("a\x00b") }

type Val struct{ n int }

func (v Val) String() string { return fmt.Sprint("val", v.n) }

func describe(v interface{}) (s string) {
	defer func() {
		if r := recover(); r != nil {
			s = fmt.Sprint("recovered ", r)
		}
	}()
	return fmt.Sprint(v)
}

func main() {
	var n *Node
	fmt.Println(n, &Node{"a"})
	fmt.Printf("%v|%s|%q|%d\n", Boom{}, Boom{}, Boom{}, Boom{})
	fmt.Println(Boom{1}, Boom{})
	var x interface{} = Bad{}
	fmt.Println("bad:", x)
	fmt.Printf("[%v]\n", x)
	s := fmt.Sprintf("%s and %v", Boom{}, Boom{2})
	fmt.Println(len(s), s)
	fmt.Println(describe(Deep{}))

	func() {
		defer func() {
			r := recover()
			fmt.Println("recovered", r)
		}()
		panic(Boom{})
	}()
	func() {
		defer func() {
			r := recover()
			fmt.Println("self fmt recovered", r != nil)
		}()
		fmt.Println("x", Self{})
	}()
	func() {
		defer func() {
			r := recover()
			fmt.Println("self recovered", r != nil)
		}()
		panic(Self{})
	}()
	fmt.Printf("[%v][%q][%s]\n", NilPanic{}, NilPanic{}, NilPanic{})
	fmt.Println("a", NilPanic{}, "b")
	fmt.Println(Nul{})
	var nv *Val
	fmt.Println(nv, &Val{3})
	fmt.Println("done")
}
