// bug: leak skipped-cleanup
// leaked_goroutine.go - a goroutine blocked on a receive that never comes:
// when main returns the program ends (X1) and the goroutine's deferred
// cleanup never runs. Nothing is printed about it; deferfuzz reports a
// leak and a skipped cleanup.
package main

import "fmt"

func watch(events chan string) {
	defer fmt.Println("watcher cleanup")
	for e := range events {
		fmt.Println("event", e)
	}
}

func main() {
	events := make(chan string)
	go watch(events)
	events <- "start"
	fmt.Println("main returns without closing events")
}
