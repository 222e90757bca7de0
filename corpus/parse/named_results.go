// Deferred functions can change named results after return sets them.
package main

import "fmt"

func double() (r int) {
	defer func() {
		r *= 2
	}()
	return 5
}

func unnamed() int {
	r := 5
	defer func() {
		r *= 2
	}()
	return r
}

func pair() (int, string) {
	return 1, "one"
}

func swap(a, b int) (int, int) { return b, a }

func main() {
	fmt.Println(double(), unnamed())
	n, s := pair()
	fmt.Println(n, s)
	x, y := swap(1, 2)
	fmt.Println(x, y)
}
