package openinghours

import (
	"slices"
	"sort"
	"time"
	_ "time/tzdata" // Europe/Paris must be known even on a machine without tzdata
)

// Paris is the time zone every evaluation happens in.
var Paris = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		panic(err)
	}
	return loc
}()

const dayMinutes = 24 * 60

// Span is a stretch of one day when a place is open (or may be: Unknown).
type Span struct {
	From, To int // minutes since midnight, 0 ≤ From < To ≤ 1440
	Unknown  bool
	OpenEnd  bool
	Comment  string
}

// Day is the opening of one civil day.
type Day struct {
	Date    time.Time // midnight UTC of the civil day
	Holiday string    // name of the public holiday, if any
	Spans   []Span
}

type seg struct {
	from, to int // minutes, may run to 2880 (the next day)
	st       state
	openEnd  bool
	comment  string
}

type civil struct {
	y       int
	m       time.Month
	d       int
	wd      int // 0 = Monday
	holiday string
}

func civilOf(y int, m time.Month, d int, dept string) civil {
	t := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	return civil{y: t.Year(), m: t.Month(), d: t.Day(), wd: (int(t.Weekday()) + 6) % 7,
		holiday: HolidayOn(t.Year(), t.Month(), t.Day(), dept)}
}

func (c civil) time() time.Time { return time.Date(c.y, c.m, c.d, 0, 0, 0, 0, time.UTC) }

func daysIn(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

func (r *rule) matches(c civil) bool {
	if r.all {
		return true
	}
	if len(r.years) > 0 {
		ok := false
		for _, yr := range r.years {
			if c.y >= yr.from && (yr.to == 0 || c.y <= yr.to) && (yr.step == 0 || (c.y-yr.from)%yr.step == 0) {
				ok = true
				break
			}
		}
		if !ok {
			return false
		}
	}
	if len(r.dates) > 0 {
		ok := false
		for _, d := range r.dates {
			if d.matches(c) {
				ok = true
				break
			}
		}
		if !ok {
			return false
		}
	}
	if len(r.weeks) > 0 {
		_, w := c.time().ISOWeek()
		ok := false
		for _, wr := range r.weeks {
			if w >= wr.from && w <= wr.to && (wr.step == 0 || (w-wr.from)%wr.step == 0) {
				ok = true
				break
			}
		}
		if !ok {
			return false
		}
	}
	if len(r.weekdays) == 0 && len(r.holidays) == 0 {
		return true
	}
	for _, h := range r.holidays {
		if h == 0 && c.holiday != "" {
			return true
		}
		// SH (school holidays) depends on the académie's calendar, which
		// maillage does not know: such rules never match.
	}
	for _, wr := range r.weekdays {
		in := wr.from <= wr.to && c.wd >= wr.from && c.wd <= wr.to ||
			wr.from > wr.to && (c.wd >= wr.from || c.wd <= wr.to)
		if !in {
			continue
		}
		if wr.nth == nil {
			return true
		}
		first := (c.d-1)/7 + 1
		last := -((daysIn(c.y, c.m)-c.d)/7 + 1)
		for _, n := range wr.nth {
			if n == first || n == last {
				return true
			}
		}
	}
	return false
}

func (d dateRange) matches(c civil) bool {
	if d.easter {
		e := Easter(c.y)
		return e.Month() == c.m && e.Day() == c.d
	}
	key := int(c.m)*100 + c.d
	from, to := d.fromM*100+d.fromD, d.toM*100+d.toD
	if d.fromY != 0 {
		full := c.y*10000 + key
		return full >= d.fromY*10000+from && full <= d.toY*10000+to
	}
	if from <= to {
		return key >= from && key <= to
	}
	return key >= from || key <= to // wraps over the new year: "Nov-Feb"
}

func (r *rule) segments() []seg {
	if r.all {
		return []seg{{0, dayMinutes, stateOpen, false, r.comment}}
	}
	if !r.hasTimes {
		return []seg{{0, dayMinutes, r.state, false, r.comment}}
	}
	out := make([]seg, len(r.spans))
	for i, s := range r.spans {
		out[i] = seg{s.from, s.to, r.state, s.openEnd, r.comment}
	}
	return out
}

// own computes what the rules say of one day, on a 48-hour line (a span
// across midnight runs into the next day).
func (h *Hours) own(c civil) []seg {
	var segs []seg
	for i := range h.rules {
		r := &h.rules[i]
		if r.kind == fallbackRule || !r.matches(c) {
			continue
		}
		rs := r.segments()
		switch {
		case r.state == stateClosed && r.hasTimes:
			for _, s := range rs {
				segs = subtract(segs, s.from, s.to)
			}
		case r.state == stateClosed:
			segs = nil
		case r.kind == normalRule:
			segs = append(segs[:0:0], rs...)
		default:
			for _, s := range rs {
				segs = insert(subtract(segs, s.from, s.to), s)
			}
		}
	}
	for i := range h.rules {
		r := &h.rules[i]
		if r.kind != fallbackRule || !r.matches(c) || r.state == stateClosed {
			continue
		}
		for _, s := range r.segments() {
			segs = fill(segs, s)
		}
	}
	return segs
}

// subtract removes [from, to) from segs.
func subtract(segs []seg, from, to int) []seg {
	out := segs[:0:0]
	for _, s := range segs {
		if s.to <= from || s.from >= to {
			out = append(out, s)
			continue
		}
		if s.from < from {
			l := s
			l.to = from
			out = append(out, l)
		}
		if s.to > to {
			r := s
			r.from = to
			out = append(out, r)
		}
	}
	return out
}

func insert(segs []seg, s seg) []seg {
	segs = append(segs, s)
	sort.Slice(segs, func(i, j int) bool { return segs[i].from < segs[j].from })
	return segs
}

// fill adds s only where segs leave the day closed.
func fill(segs []seg, s seg) []seg {
	gaps := []seg{s}
	for _, x := range segs {
		gaps = subtract(gaps, x.from, x.to)
	}
	for _, g := range gaps {
		segs = insert(segs, g)
	}
	return segs
}

// Day returns the opening of a civil day for a place in département dept
// (which decides the public holidays).
func (h *Hours) Day(y int, m time.Month, d int, dept string) Day {
	c := civilOf(y, m, d, dept)
	prev := civilOf(y, m, d-1, dept)
	var spans []Span
	for _, s := range h.own(prev) {
		if s.to > dayMinutes {
			spans = appendSpan(spans, seg{max(s.from, dayMinutes) - dayMinutes, s.to - dayMinutes, s.st, s.openEnd, s.comment})
		}
	}
	for _, s := range h.own(c) {
		if s.from < dayMinutes {
			spans = appendSpan(spans, seg{s.from, min(s.to, dayMinutes), s.st, s.openEnd && s.to <= dayMinutes, s.comment})
		}
	}
	sort.Slice(spans, func(i, j int) bool { return spans[i].From < spans[j].From })
	return Day{Date: c.time(), Holiday: c.holiday, Spans: spans}
}

func appendSpan(spans []Span, s seg) []Span {
	if s.st == stateClosed || s.to <= s.from {
		return spans
	}
	if s.to > dayMinutes {
		s.to = dayMinutes
	}
	return append(spans, Span{From: s.from, To: s.to, Unknown: s.st == stateUnknown, OpenEnd: s.openEnd, Comment: s.comment})
}

// Week returns the seven days, Monday first, of the week that holds t (in Paris time).
func (h *Hours) Week(t time.Time, dept string) [7]Day {
	p := t.In(Paris)
	back := (int(p.Weekday()) + 6) % 7
	var w [7]Day
	for i := 0; i < 7; i++ {
		w[i] = h.Day(p.Year(), p.Month(), p.Day()-back+i, dept)
	}
	return w
}

// UsualWeeks is how many weeks UsualWeek looks at.
const UsualWeeks = 10

// UsualWeek is the usual week, Monday first, for paper, where a day has
// no date. A weekday's usual opening is its most frequent one over its
// next UsualWeeks dates from the day that holds t (in Paris time),
// leaving out the public holidays of dept and the days closed reports (a
// temporary closure; closed is given midnight UTC of the civil day, and
// may be nil). Closed counts as an opening: a weekday closed on most of
// those dates is closed. A tie goes to the opening of the earliest date,
// and the Day returned is the earliest date of the opening chosen. So
// neither a holiday, a closure, an exception dated in the hours (« Dec 24
// off », a Christmas break) nor the last days of a season passes for the
// usual hours. When closures cover all of a weekday's dates, they count
// (the holidays never do).
func (h *Hours) UsualWeek(t time.Time, dept string, closed func(day time.Time) bool) [7]Day {
	p := t.In(Paris)
	first := time.Date(p.Year(), p.Month(), p.Day(), 0, 0, 0, 0, time.UTC)
	var w [7]Day
	for o := 0; o < 7; o++ {
		// neither holiday nor closed; not a holiday; every date (ten
		// holidays on one weekday never happen, but w[i] is always a date)
		var usual, open, all []time.Time
		for k := o; k < 7*UsualWeeks; k += 7 {
			d := first.AddDate(0, 0, k)
			all = append(all, d)
			if HolidayOn(d.Year(), d.Month(), d.Day(), dept) != "" {
				continue
			}
			open = append(open, d)
			if closed == nil || !closed(d) {
				usual = append(usual, d)
			}
		}
		i := (int(first.AddDate(0, 0, o).Weekday()) + 6) % 7 // Monday first
		for _, dates := range [][]time.Time{usual, open, all} {
			if len(dates) > 0 {
				w[i] = h.mostFrequent(dates, dept)
				break
			}
		}
	}
	return w
}

// mostFrequent is the most frequent opening over dates (in order), the
// earliest on a tie, with the earliest date it falls on.
func (h *Hours) mostFrequent(dates []time.Time, dept string) Day {
	days := make([]Day, len(dates))
	for j, d := range dates {
		days[j] = h.Day(d.Year(), d.Month(), d.Day(), dept)
	}
	best, bestN := 0, 0
	for j := range days {
		n := 0
		for _, e := range days {
			if slices.Equal(e.Spans, days[j].Spans) {
				n++
			}
		}
		if n > bestN {
			best, bestN = j, n
		}
	}
	return days[best]
}

// Status is the state of a place at an instant.
type Status struct {
	Open    bool
	Unknown bool // the rules say "unknown", or only give a comment
	Comment string
}

// At tells whether the place is open at instant t.
func (h *Hours) At(t time.Time, dept string) Status {
	p := t.In(Paris)
	day := h.Day(p.Year(), p.Month(), p.Day(), dept)
	m := p.Hour()*60 + p.Minute()
	for _, s := range day.Spans {
		if m >= s.From && m < s.To {
			return Status{Open: !s.Unknown, Unknown: s.Unknown, Comment: s.Comment}
		}
	}
	return Status{}
}

// lookahead bounds the search for the next change: a year and a bit, enough
// for seasonal rules.
const lookahead = 400

// Next returns the first instant after t when the place's state changes
// (opens, closes, or turns unknown), and that new state. ok is false when
// nothing changes within the next 400 days (24/7, or closed for good).
func (h *Hours) Next(t time.Time, dept string) (when time.Time, next Status, ok bool) {
	p := t.In(Paris)
	cur := h.At(t, dept)
	for k := 0; k < lookahead; k++ {
		day := h.Day(p.Year(), p.Month(), p.Day()+k, dept)
		// boundaries of the day in order, with the state just after each
		type edge struct {
			min int
			st  Status
		}
		var edges []edge
		end := 0
		for _, s := range day.Spans {
			if s.From > end || len(edges) == 0 && s.From > 0 {
				edges = append(edges, edge{end, Status{}})
			}
			edges = append(edges, edge{s.From, Status{Open: !s.Unknown, Unknown: s.Unknown, Comment: s.Comment}})
			end = s.To
		}
		if end < dayMinutes {
			edges = append(edges, edge{end, Status{}})
		}
		if len(day.Spans) == 0 {
			edges = []edge{{0, Status{}}}
		}
		for _, e := range edges {
			at := time.Date(day.Date.Year(), day.Date.Month(), day.Date.Day(), e.min/60, e.min%60, 0, 0, Paris)
			if !at.After(t) {
				continue
			}
			if e.st.Open != cur.Open || e.st.Unknown != cur.Unknown {
				return at, e.st, true
			}
		}
	}
	return time.Time{}, Status{}, false
}
