// bug: close-of-nil
// Closing a nil channel: Stop closes a quit channel that only Start
// creates. A server that was never started panics in the deferred Stop.
package main

import "fmt"

type server struct {
	quit chan struct{}
}

func (s *server) Start() {
	s.quit = make(chan struct{})
	go func() {
		<-s.quit
		fmt.Println("server loop ends")
	}()
}

func (s *server) Stop() {
	close(s.quit)
}

func run(start bool) {
	s := &server{}
	defer s.Stop()
	if start {
		s.Start()
	}
	fmt.Println("run, started =", start)
}

func main() {
	run(true)
	run(false)
	fmt.Println("unreachable")
}
