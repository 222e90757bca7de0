package main

func f(a int) {}
func g() (int, int) { return 1, 2 }
func main() { f(g()) }
