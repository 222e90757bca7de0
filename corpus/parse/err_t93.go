package main

type T struct{}
func (t *T) P() {}
func main() {
	T{}.P()
}
