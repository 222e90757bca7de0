// Constants with iota, time.Duration arithmetic and Printf verbs.
package main

import (
	"fmt"
	"time"
)

const (
	Red = iota
	Green
	Blue
)

const (
	KB = 1 << (10 * (iota + 1))
	MB
)

const greeting = "hello"

const timeout = 100 * time.Millisecond

func main() {
	fmt.Printf("%d %d %d\n", Red, Green, Blue)
	fmt.Printf("%v %v\n", KB, MB)
	fmt.Printf("%s %q %t %%\n", greeting, greeting, true)
	d := 2 * timeout
	fmt.Println(d, time.Duration(3)*time.Second)
	time.Sleep(timeout)
	n := 0x1F + 0o17 + 0b101 + 1_000
	fmt.Println(n, int('a'), "tab\there", `raw \n`)
	var s string = fmt.Sprintf("%d-%s", n, greeting)
	fmt.Print(s, "\n")
}
