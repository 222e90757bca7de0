// Value and pointer receivers, struct literals, &T{...} and new(T).
package main

import "fmt"

type Point struct {
	X, Y int
}

func (p Point) Sum() int { return p.X + p.Y }

func (p *Point) Move(dx, dy int) {
	p.X += dx
	p.Y += dy
}

type Rect struct {
	Min, Max Point
	label    string
}

func (r *Rect) Area() int {
	return (r.Max.X - r.Min.X) * (r.Max.Y - r.Min.Y)
}

func main() {
	p := Point{1, 2}
	p.Move(1, 1)
	fmt.Println(p.Sum(), p)

	q := &Point{X: 5}
	q.Move(1, 0)
	fmt.Println(q.Sum())

	r := Rect{
		Min:   Point{0, 0},
		Max:   Point{X: 3, Y: 4},
		label: "box",
	}
	fmt.Println(r.label, r.Area())

	n := new(Point)
	n.Y = 7
	fmt.Println(*n)
}
