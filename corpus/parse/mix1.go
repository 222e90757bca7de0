package main

import (
	"errors"
	"fmt"
	"os"
	"runtime"
	"sync"
	"time"
)



type Node struct {
	val  int
	next *Node
	fn   func(a, b int) int
	done chan struct{}
	mu   sync.Mutex
	wg   *sync.WaitGroup
}

func (n *Node) Len() int {
	if n == nil {
		return 0
	}
	return 1 + n.next.Len()
}

func (n Node) Val() int { return n.val }

var (
	errNotFound = errors.New("not found")
	counter     int
	table       = struct{ a, b int }{1, 2}
)

const (
	A, B = iota, iota * 10
	C, D
)

func find(n *Node, v int) (*Node, error) {
	for ; n != nil; n = n.next {
		if n.val == v {
			return n, nil
		}
	}
	return nil, errNotFound
}

func apply(f func(int) int, x int) int { return f(x) }

func main() {
	list := &Node{val: 1, next: &Node{val: 2}}
	fmt.Println(list.Len(), list.Val(), (*list).Val(), list.next.Val())
	if _, err := find(list, 3); err == errNotFound {
		fmt.Println(err.Error())
	}
	add := func(a, b int) int { return a + b }
	list.fn = add
	fmt.Println(list.fn(1, 2), apply(func(x int) int { return x * 2 }, 21))
	var x int
	_ = x
	var s = 1 << 3
	var y int = 1 << s
	shift := 1 << int(2)
	fmt.Println(s, y, shift, A, B, C, D, table.a)
	var any1 any = 5
	var e error
	fmt.Println(any1 != nil, e == nil, any1 == 5)
	chch := make(chan chan int, 1)
	inner := make(chan int, 1)
	chch <- inner
	(<-chch) <- 7
	fmt.Println(<-inner)
	var ro <-chan int = inner
	var so chan<- int = inner
	_, _ = ro, so
	d := time.Duration(counter) * time.Millisecond
	d += time.Second
	fmt.Println(d > time.Millisecond, runtime.NumGoroutine())
	m := list.Val
	fmt.Println(m())
	go func(n *Node) {}(list)
	defer os.Exit(0)
	str := "abc" + "def"
	if len(str) > 3 && str != "x" || !(str < "b") {
		counter++
	}
	counter -= 2
	counter *= 3
	counter <<= 1
	counter &^= 1
	counter %= 7
	_ = -counter + ^counter
}


