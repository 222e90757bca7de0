// Four goroutines send one letter each; main joins them into a word and
// compares it with the words it knows: string comparisons whose outcome
// depends on the interleaving. ci/test.sh fuzzes its schedules with and
// without fuzz_schedule's execution memo (the interpreter's string
// compares go through memcmp, which libFuzzer intercepts).
package main

import (
	"fmt"
	"sync"
)

func main() {
	ch := make(chan string, 4)
	var wg sync.WaitGroup
	send := func(s string) {
		defer wg.Done()
		ch <- s
	}
	wg.Add(4)
	go send("g")
	go send("h")
	go send("e")
	go send("f")
	wg.Wait()
	close(ch)
	r := ""
	for s := range ch {
		r += s
	}
	if r == "ghef" {
		fmt.Println("in order")
	} else if r < "f" {
		fmt.Println("e first:", r)
	} else {
		fmt.Println(r)
	}
}
