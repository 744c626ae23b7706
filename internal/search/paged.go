package search

import "slices"

// pageSize is how many entries a page of a paged array holds.
const pageSize = 1024

// paged is an array in fixed pages: a copy shares the pages, and Apply
// copies only the pages it changes (a change of one place copies 1 024
// entries, not 100 000).
type paged[T any] struct {
	pages []*[pageSize]T
	n     int
}

func newPaged[T any](n int) paged[T] {
	p := paged[T]{n: n, pages: make([]*[pageSize]T, (n+pageSize-1)/pageSize)}
	for i := range p.pages {
		p.pages[i] = new([pageSize]T)
	}
	return p
}

func (p *paged[T]) len() int { return p.n }

// at is entry i, for reading.
func (p *paged[T]) at(i int) *T { return &p.pages[i/pageSize][i%pageSize] }

// cow is a copy of p whose pages are copied on first write.
type cow[T any] struct {
	paged[T]
	owned map[int]bool
}

func (p *paged[T]) cow() *cow[T] {
	return &cow[T]{paged: paged[T]{pages: slices.Clone(p.pages), n: p.n}, owned: map[int]bool{}}
}

// mut is entry i, for writing.
func (c *cow[T]) mut(i int) *T {
	k := i / pageSize
	if !c.owned[k] {
		page := *c.pages[k]
		c.pages[k] = &page
		c.owned[k] = true
	}
	return &c.pages[k][i%pageSize]
}

// grow adds an entry at the end and returns its index.
func (c *cow[T]) grow() int {
	if c.n == len(c.pages)*pageSize {
		c.pages = append(c.pages, new([pageSize]T))
		c.owned[len(c.pages)-1] = true
	}
	c.n++
	return c.n - 1
}
