// A panic while panicking, recover in the outermost deferred call, and a
// re-panic with the recovered value.
package main

import "fmt"

func inner() {
	defer func() {
		panic("second")
	}()
	panic("first")
}

func outer() (msg string) {
	defer func() {
		if r := recover(); r != nil {
			msg = fmt.Sprint("recovered ", r)
		}
	}()
	inner()
	return "unreachable"
}

func main() {
	fmt.Println(outer())
	defer func() {
		r := recover()
		fmt.Println("main recovered", r)
	}()
	var e error
	if e == nil {
		panic(fmt.Sprintf("%v", e))
	}
}
