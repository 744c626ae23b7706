package dedup

import (
	"encoding/json"
	"strconv"
	"strings"
)

// Points writes a component's points the French way, with its sign:
// « +4 », « −1,5 », « 0 ».
func Points(p float64) string {
	s := strconv.FormatFloat(p, 'f', -1, 64)
	s = strings.Replace(s, ".", ",", 1)
	switch {
	case p > 0:
		return "+" + s
	case p < 0:
		return "−" + strings.TrimPrefix(s, "-")
	}
	return s
}

// Part is one component of a pair's explanation, as people read it.
type Part struct {
	Label  string  `json:"composante"`
	Points float64 `json:"points"`
	Note   string  `json:"note"`
}

// Parts returns the components that weigh in the total (points other than
// zero) in display order, then the rule that capped the band, if any.
func (s *Scores) Parts() []Part {
	var out []Part
	for _, c := range s.Components() {
		if c.C.Points != 0 {
			out = append(out, Part{Label: c.Label, Points: c.C.Points, Note: c.C.Note})
		}
	}
	return out
}

// Summary writes the components that weigh in the total on one line:
// « Nom +4 (mêmes mots distinctifs) ; Adresse −1,5 (autres voies) ; … »,
// then the rule that capped the band, if any.
func (s *Scores) Summary() string {
	var b strings.Builder
	for i, p := range s.Parts() {
		if i > 0 {
			b.WriteString(" ; ")
		}
		b.WriteString(p.Label + " " + Points(p.Points) + " (" + p.Note + ")")
	}
	if s.Reason != "" {
		if b.Len() > 0 {
			b.WriteString(" ; ")
		}
		b.WriteString("règle : " + s.Reason)
	}
	return b.String()
}

// ParseScores reads the explanation of a pair as stored
// (store.DuplicatePair.Scores); the zero Scores when it is empty.
func ParseScores(stored string) (Scores, error) {
	var s Scores
	if strings.TrimSpace(stored) == "" {
		return s, nil
	}
	err := json.Unmarshal([]byte(stored), &s)
	return s, err
}
