package search

import (
	"cmp"
	"slices"
	"strings"
)

// hitOrder is the order of a query's hits; ties go by id, whatever order
// the grid gave, so that it is total (ids are unique).
func hitOrder(by string, hasCenter bool) func(a, b *Hit) int {
	if by == "" {
		by = "nom"
		if hasCenter {
			by = "distance"
		}
	}
	var less func(a, b *Hit) int
	switch by {
	case "distance":
		less = func(a, b *Hit) int {
			if (a.DistanceKm < 0) != (b.DistanceKm < 0) {
				if b.DistanceKm < 0 {
					return -1 // places without a position last
				}
				return 1
			}
			return cmp.Compare(a.DistanceKm, b.DistanceKm)
		}
	case "date_maj":
		less = func(a, b *Hit) int { return b.Lieu.DateMaj.Compare(a.Lieu.DateMaj) }
	default:
		less = func(a, b *Hit) int { return strings.Compare(a.key, b.key) }
	}
	return func(a, b *Hit) int {
		if c := less(a, b); c != 0 {
			return c
		}
		return strings.Compare(a.Lieu.ID, b.Lieu.ID)
	}
}

// topK keeps the first k hits in an order among all those pushed (a
// heap whose root is the last of the k kept), and counts them all.
type topK struct {
	order func(a, b *Hit) int
	k     int
	total int
	hits  []Hit
}

func newTopK(order func(a, b *Hit) int, k int) *topK {
	return &topK{order: order, k: k, hits: make([]Hit, 0, min(k, 1024))}
}

func (t *topK) push(h Hit) {
	t.total++
	if len(t.hits) < t.k {
		t.hits = append(t.hits, h)
		t.up(len(t.hits) - 1)
		return
	}
	if t.order(&h, &t.hits[0]) >= 0 {
		return // after every hit kept
	}
	t.hits[0] = h
	t.down(0)
}

// up and down keep the heap: a parent comes after its children.
func (t *topK) up(i int) {
	for i > 0 {
		p := (i - 1) / 2
		if t.order(&t.hits[p], &t.hits[i]) >= 0 {
			return
		}
		t.hits[p], t.hits[i] = t.hits[i], t.hits[p]
		i = p
	}
}

func (t *topK) down(i int) {
	n := len(t.hits)
	for {
		last := i
		if l := 2*i + 1; l < n && t.order(&t.hits[l], &t.hits[last]) > 0 {
			last = l
		}
		if r := 2*i + 2; r < n && t.order(&t.hits[r], &t.hits[last]) > 0 {
			last = r
		}
		if last == i {
			return
		}
		t.hits[i], t.hits[last] = t.hits[last], t.hits[i]
		i = last
	}
}

// sorted returns the hits kept, in order.
func (t *topK) sorted() []Hit {
	slices.SortFunc(t.hits, func(a, b Hit) int { return t.order(&a, &b) })
	return t.hits
}
