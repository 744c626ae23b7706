package store

import (
	"encoding/json"
	"time"
)

// SourceChange is what « maillage sources modifier » changes in a
// declared source: the fields set (nil: kept).
type SourceChange struct {
	Priority *int
	Interval *time.Duration
	URL      *string
	MaxLoss  *float64
}

// Empty reports whether the change changes nothing.
func (c SourceChange) Empty() bool {
	return c.Priority == nil && c.Interval == nil && c.URL == nil && c.MaxLoss == nil
}

// Apply writes the change into src.
func (c SourceChange) Apply(src *Source) {
	if c.Priority != nil {
		src.Priority = *c.Priority
	}
	if c.Interval != nil {
		src.Interval = *c.Interval
	}
	if c.URL != nil {
		src.URL = *c.URL
	}
	if c.MaxLoss != nil {
		src.MaxLoss = *c.MaxLoss
	}
}

// WithRecomputed adds to a journal entry's JSON object how many places
// were computed again.
func WithRecomputed(after json.RawMessage, n int) json.RawMessage {
	var m map[string]any
	if json.Unmarshal(after, &m) != nil || m == nil {
		m = map[string]any{}
	}
	m["lieux_recalcules"] = n
	b, err := json.Marshal(m)
	if err != nil {
		return after
	}
	return b
}
