// Package progress draws a progress bar on a terminal.
package progress

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync/atomic"
	"time"
)

// IsTerminal reports whether f is a character device (a terminal).
func IsTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// Bar shows done/total with a rate, redrawn at most ten times a second.
// Total may be zero when unknown. A nil *Bar does nothing.
type Bar struct {
	w     io.Writer
	label string
	unit  string
	total int64
	done  atomic.Int64
	count atomic.Int64
	start time.Time
	last  time.Time
}

// New returns a bar writing to w, or nil when w is not a terminal.
func New(w *os.File, label, unit string, total int64) *Bar {
	if !IsTerminal(w) {
		return nil
	}
	return &Bar{w: w, label: label, unit: unit, total: total, start: time.Now()}
}

// Set records progress: done out of total (bytes, records…), and a count of
// records to show beside it.
func (b *Bar) Set(done, count int64) {
	if b == nil {
		return
	}
	b.done.Store(done)
	b.count.Store(count)
	if now := time.Now(); now.Sub(b.last) >= 100*time.Millisecond {
		b.last = now
		b.draw()
	}
}

func (b *Bar) draw() {
	done, count := b.done.Load(), b.count.Load()
	rate := float64(count) / max(time.Since(b.start).Seconds(), 0.001)
	if b.total > 0 {
		frac := min(float64(done)/float64(b.total), 1)
		n := int(frac * 30)
		fmt.Fprintf(b.w, "\r%s [%s%s] %3.0f %% — %d %s (%.0f/s) ", b.label, strings.Repeat("█", n), strings.Repeat("·", 30-n), frac*100, count, b.unit, rate)
		return
	}
	fmt.Fprintf(b.w, "\r%s — %d %s (%.0f/s) ", b.label, count, b.unit, rate)
}

// Done draws the final state and ends the line.
func (b *Bar) Done() {
	if b == nil {
		return
	}
	if b.total > 0 {
		b.done.Store(b.total)
	}
	b.draw()
	fmt.Fprintln(b.w)
}
