package standard

import (
	"io"
	"sync"
)

// parallel validates records on several goroutines: one reads the file
// into batches, workers check each batch, and the scanner takes the batches
// back in file order, where ids and counts are kept.
type parallel struct {
	order chan *batch // batches in file order
	quit  chan struct{}
	once  sync.Once
	cur   *batch
	pos   int
}

type batch struct {
	items   []*Item
	entries []Entry
	done    chan struct{}
	err     error // what stopped the reading after these items
}

const parallelBatch = 128

func startParallel(s *Scanner, workers int) *parallel {
	p := &parallel{order: make(chan *batch, 2*workers), quit: make(chan struct{})}
	work := make(chan *batch, 2*workers)
	for range workers {
		go func() {
			for b := range work {
				b.entries = make([]Entry, len(b.items))
				for i, it := range b.items {
					b.entries[i] = s.check(it)
				}
				close(b.done)
			}
		}()
	}
	go func() {
		defer close(p.order)
		defer close(work)
		for {
			b := &batch{done: make(chan struct{})}
			for len(b.items) < parallelBatch {
				it, err := s.read()
				if err != nil {
					b.err = err
					break
				}
				b.items = append(b.items, it)
			}
			select {
			case work <- b:
			case <-p.quit:
				return
			}
			select {
			case p.order <- b:
			case <-p.quit:
				return
			}
			if b.err != nil {
				return
			}
		}
	}()
	return p
}

// next returns the next entry in file order, or the error that ended the
// reading (io.EOF at the end).
func (p *parallel) next() (Entry, error) {
	for p.cur == nil || p.pos == len(p.cur.entries) {
		if p.cur != nil && p.cur.err != nil {
			return Entry{}, p.cur.err
		}
		b, ok := <-p.order
		if !ok {
			return Entry{}, io.EOF
		}
		<-b.done
		p.cur, p.pos = b, 0
	}
	e := p.cur.entries[p.pos]
	p.cur.entries[p.pos] = Entry{}
	p.pos++
	return e, nil
}

func (p *parallel) stop() { p.once.Do(func() { close(p.quit) }) }
