package openinghours

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// The per-day editor: a week of at most EditorRanges ranges a day and
// "closed on public holidays", the form people fill in. It reads an
// opening_hours value when it can show all of it (Fits), writes one back,
// and Resolve decides what a submitted form publishes, so that a value the
// editor cannot show is kept as written unless someone edits it.

// EditorRanges is how many ranges a day the editor shows.
const EditorRanges = 2

// DayKeys are the OSM names of the days, Monday first.
var DayKeys = [7]string{"Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"}

// dayNames name the days in French messages.
var dayNames = [7]string{"lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"}

// Range is one opening of a day, "HH:MM" to "HH:MM"; both empty when unused.
type Range struct {
	From, To string
}

// Editor is what the per-day form holds.
type Editor struct {
	Days     [7][EditorRanges]Range // Monday first
	PHClosed bool                   // "PH off"
}

// ReadEditor reads a value into the editor; fits is false when the value
// says more than the editor can show (more ranges, comments, months,
// dates, open ends, school holidays…), and then the editor holds only part
// of it.
func ReadEditor(src string) (e Editor, fits bool) {
	if strings.TrimSpace(src) == "" {
		return Editor{PHClosed: true}, true
	}
	h, err := Parse(src)
	if err != nil {
		return e, false
	}
	fits = true
	for i, d := range h.Week(referenceWeek, "") {
		if len(d.Spans) > EditorRanges {
			fits = false
		}
		for j, sp := range d.Spans {
			if sp.Unknown || sp.Comment != "" || sp.OpenEnd {
				fits = false
			}
			if j < EditorRanges {
				e.Days[i][j] = Range{clock(sp.From), clock(sp.To)}
			}
		}
	}
	for _, r := range h.rules {
		if len(r.holidays) > 0 && r.holidays[0] == 0 && !r.hasTimes && r.state == stateClosed {
			e.PHClosed = true
		}
	}
	if !fits || strings.ContainsAny(src, "\"[]") || strings.Contains(src, "||") || strings.Contains(src, "SH") {
		return e, false
	}
	back, err := e.OSM()
	if err != nil {
		return e, false
	}
	if back == "" {
		return e, false // a value that never opens ("off") is not an empty week
	}
	r, err := Parse(back)
	if err != nil || !SameSchedule(h, r) {
		return e, false
	}
	return e, true
}

// referenceWeek is a week without public holidays, to read hours per day.
var referenceWeek = time.Date(2026, 1, 12, 12, 0, 0, 0, Paris)

func clock(m int) string { return fmt.Sprintf("%02d:%02d", m/60, m%60) }

// SameSchedule reports whether two values open alike on every day of two
// years, public holidays included.
func SameSchedule(a, b *Hours) bool {
	for d := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC); d.Year() < 2028; d = d.AddDate(0, 0, 1) {
		da, db := a.Day(d.Year(), d.Month(), d.Day(), ""), b.Day(d.Year(), d.Month(), d.Day(), "")
		if fmt.Sprint(da.Spans) != fmt.Sprint(db.Spans) {
			return false
		}
	}
	return true
}

// OSM writes the editor as an opening_hours value:
// "Mo-Fr 09:00-12:00,14:00-18:00; Sa 09:00-12:00; PH off". It refuses, in
// French, a range with one end only, one that closes before it opens, and
// ranges of one day that overlap.
func (e *Editor) OSM() (string, error) {
	var spans [7]string
	for i, day := range e.Days {
		type mins struct{ from, to int }
		var parts []mins
		for _, r := range day {
			r.From, r.To = strings.TrimSpace(r.From), strings.TrimSpace(r.To)
			if r.From == "" && r.To == "" {
				continue
			}
			if r.From == "" || r.To == "" {
				return "", fmt.Errorf("%s : indiquez l'heure d'ouverture et l'heure de fermeture (%s–%s)", dayNames[i], orDash(r.From), orDash(r.To))
			}
			from, okF := readClock(r.From)
			to, okT := readClock(r.To)
			if !okF || !okT {
				return "", fmt.Errorf("%s : heure illisible « %s–%s » (attendu hh:mm)", dayNames[i], r.From, r.To)
			}
			if to <= from {
				return "", fmt.Errorf("%s : la fermeture (%s) est avant l'ouverture (%s) ou à la même heure", dayNames[i], clock(to), clock(from))
			}
			parts = append(parts, mins{from, to})
		}
		sort.Slice(parts, func(a, b int) bool { return parts[a].from < parts[b].from })
		var text []string
		for k, p := range parts {
			if k > 0 && p.from < parts[k-1].to {
				return "", fmt.Errorf("%s : les plages %s–%s et %s–%s se chevauchent", dayNames[i], clock(parts[k-1].from), clock(parts[k-1].to), clock(p.from), clock(p.to))
			}
			text = append(text, clock(p.from)+"-"+clock(p.to))
		}
		spans[i] = strings.Join(text, ",")
	}
	var rules []string
	for i := 0; i < len(spans); {
		j := i
		for j+1 < len(spans) && spans[j+1] == spans[i] {
			j++
		}
		if spans[i] != "" {
			sel := DayKeys[i]
			if j > i {
				sel += "-" + DayKeys[j]
			}
			rules = append(rules, sel+" "+spans[i])
		}
		i = j + 1
	}
	if e.PHClosed && len(rules) > 0 {
		rules = append(rules, "PH off")
	}
	return strings.Join(rules, "; "), nil
}

func orDash(s string) string {
	if s == "" {
		return "?"
	}
	return s
}

// readClock reads "HH:MM" (or "H:MM") up to 24:00.
func readClock(s string) (int, bool) {
	h, m, ok := strings.Cut(s, ":")
	if !ok || len(h) < 1 || len(h) > 2 || len(m) != 2 {
		return 0, false
	}
	hh, mm := 0, 0
	for _, c := range h {
		if c < '0' || c > '9' {
			return 0, false
		}
		hh = hh*10 + int(c-'0')
	}
	for _, c := range m {
		if c < '0' || c > '9' {
			return 0, false
		}
		mm = mm*10 + int(c-'0')
	}
	if mm > 59 || hh > 24 || hh == 24 && mm > 0 {
		return 0, false
	}
	return hh*60 + mm, true
}

// Resolve decides what a submitted form publishes. before is the value the
// form was opened with; grid is the per-day editor as submitted (nil when
// the form did not show it); written is the OSM field as submitted.
//
//   - The OSM field was changed: it wins (its syntax is checked with the
//     import rules; a range that closes before it opens is refused here).
//   - Else the grid was changed: it is written back, unless before did not
//     fit the grid (then the grid showed only part of it: refused).
//   - Else before is kept exactly as written, whatever it says.
func Resolve(before string, grid *Editor, written string) (string, error) {
	read, fits := ReadEditor(before) // what the form showed
	before, written = strings.TrimSpace(before), strings.TrimSpace(written)
	if written != before {
		return written, CheckInverted(written)
	}
	if grid == nil {
		return before, nil
	}
	if *grid == read {
		return before, nil
	}
	if !fits {
		return "", fmt.Errorf("ces horaires disent plus que le tableau ne peut montrer : modifiez-les dans le champ au format OSM")
	}
	return grid.OSM()
}

// CheckInverted refuses, in French, a range whose end is before its start
// ("Su 12:00-10:00"): OSM reads it as running past midnight, which a
// person who typed it rarely means. A range past midnight is written
// "22:00-26:00". A value that does not parse is left to the syntax check.
func CheckInverted(src string) error {
	h, err := Parse(src)
	if err != nil {
		return nil
	}
	for _, r := range h.rules {
		for _, s := range r.spans {
			if s.wraps {
				end := s.to - 24*60
				// An evening opening that ends in the small hours is a
				// night range; anything else was typed the wrong way round.
				if s.from >= 18*60 && end <= 6*60 {
					return fmt.Errorf("la plage « %s-%s » ferme avant l'ouverture ; une plage qui passe minuit s'écrit %s-%s", clock(s.from), clock(end), clock(s.from), clock(s.to))
				}
				return fmt.Errorf("la plage « %s-%s » ferme avant l'ouverture (heures inversées ?) : pour ouvrir de %s à %s, écrivez %s-%s ; une plage qui passe minuit s'écrit par exemple 22:00-26:00",
					clock(s.from), clock(end), clock(end), clock(s.from), clock(end), clock(s.from))
			}
		}
	}
	return nil
}
