// bug: leak
// An unbuffered result channel whose reader returns early: first() starts
// three queries and returns the first answer. The two slower queries block
// for ever on their send (make(chan int, 3) would fix it).
package main

import "fmt"

func query(replica int) int {
	return 100 + replica
}

func first() int {
	c := make(chan int)
	for r := 0; r < 3; r++ {
		go func(r int) {
			c <- query(r)
		}(r)
	}
	return <-c
}

func main() {
	v := first()
	fmt.Println("first answer from replica", v-100)
	fmt.Println("main returns")
}
