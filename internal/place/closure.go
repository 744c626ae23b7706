package place

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Closure is a temporary closure a place announces (« fermé du … au … »):
// holidays, works… The standard has no field for it (its horaires are the
// usual week), so it lives beside the place, never in its fields. Days are
// dates in Europe/Paris, written as DateMaj is (midnight UTC), From and To
// both included.
type Closure struct {
	ID       int64
	From, To time.Time
	Reason   string // ClosureHolidays, ClosureWorks or ClosureOther
	Text     string // a precision, required for ClosureOther
	// At and By: when and by whom (an actor of the journal) it was announced.
	At time.Time
	By string
}

// The reasons of a closure, as the API writes them.
const (
	ClosureHolidays = "conges"
	ClosureWorks    = "travaux"
	ClosureOther    = "autre"
)

// ClosureReasons are the reasons in the order a form offers them.
var ClosureReasons = []string{ClosureHolidays, ClosureWorks, ClosureOther}

// ClosureReasonLabel says a reason in French.
func ClosureReasonLabel(reason string) string {
	switch reason {
	case ClosureHolidays:
		return "congés"
	case ClosureWorks:
		return "travaux"
	case ClosureOther:
		return "autre raison"
	}
	return reason
}

// Limits of a closure: its precision's length, how long it may last, how
// far ahead it may start, and how many current or future closures a place
// may announce.
const (
	MaxClosureText   = 200
	MaxClosureDays   = 366
	MaxClosureAhead  = 2 * 366
	MaxOpenClosures  = 20
	closureDayLayout = "2006-01-02"
)

// Day is the date of t in Europe/Paris, as closures and DateMaj write
// days (midnight UTC).
func Day(t time.Time, paris *time.Location) time.Time {
	p := t.In(paris)
	return time.Date(p.Year(), p.Month(), p.Day(), 0, 0, 0, 0, time.UTC)
}

// ParseClosureDay reads a day written AAAA-MM-JJ.
func ParseClosureDay(s string) (time.Time, bool) {
	d, err := time.Parse(closureDayLayout, strings.TrimSpace(s))
	return d, err == nil
}

// FormatClosureDay writes a day AAAA-MM-JJ.
func FormatClosureDay(d time.Time) string { return d.Format(closureDayLayout) }

// Check says what is wrong with a closure announced on today (a day), in
// French, with the form's field it concerns (motif, du, au, precision),
// or "" when nothing is: the reason is one of the list, the days are in
// order, it has not ended yet, it starts at most MaxClosureAhead days
// ahead and lasts at most MaxClosureDays; « autre » needs a precision; the
// precision is one line of at most MaxClosureText characters.
func (c *Closure) Check(today time.Time) (field, msg string) {
	c.Text = strings.TrimSpace(c.Text)
	switch {
	case c.Reason != ClosureHolidays && c.Reason != ClosureWorks && c.Reason != ClosureOther:
		return "motif", "Choisissez le motif de la fermeture : congés, travaux ou autre."
	case c.From.IsZero():
		return "du", "Donnez le premier jour de la fermeture (AAAA-MM-JJ)."
	case c.To.IsZero():
		return "au", "Donnez le dernier jour de la fermeture (AAAA-MM-JJ)."
	case c.To.Before(c.From):
		return "au", "Le dernier jour de la fermeture est avant le premier."
	case c.To.Before(today):
		return "au", "Cette fermeture est déjà finie : annoncez une fermeture qui n'est pas passée."
	case c.From.Sub(today) > MaxClosureAhead*24*time.Hour:
		return "du", "Une fermeture s'annonce au plus deux ans à l'avance."
	case c.To.Sub(c.From) >= MaxClosureDays*24*time.Hour:
		return "au", "Une fermeture temporaire dure au plus un an : au-delà, modifiez les horaires du lieu."
	case c.Reason == ClosureOther && c.Text == "":
		return "precision", "Précisez la raison de la fermeture."
	case utf8.RuneCountInString(c.Text) > MaxClosureText:
		return "precision", "La précision tient en 200 caractères au plus."
	case strings.IndexFunc(c.Text, func(r rune) bool { return unicode.IsControl(r) || bidiControl(r) }) >= 0:
		return "precision", "La précision tient sur une ligne, sans caractère de contrôle."
	}
	return "", ""
}

// Covers reports whether the closure covers day (a date).
func (c Closure) Covers(day time.Time) bool {
	return !day.Before(c.From) && !day.After(c.To)
}

// ClosedOn returns the closure that covers day, if any (the one that ends
// last when several do).
func ClosedOn(cs []Closure, day time.Time) (Closure, bool) {
	var found Closure
	ok := false
	for _, c := range cs {
		if c.Covers(day) && (!ok || c.To.After(found.To)) {
			found, ok = c, true
		}
	}
	return found, ok
}

// ReopensOn is the first day on or after day that no closure of cs
// covers: closures that follow each other or overlap count as one.
func ReopensOn(cs []Closure, day time.Time) time.Time {
	for {
		c, ok := ClosedOn(cs, day)
		if !ok {
			return day
		}
		day = c.To.AddDate(0, 0, 1)
	}
}

// CurrentOrNext returns the closure that covers day or, failing that, the
// next one to begin after it.
func CurrentOrNext(cs []Closure, day time.Time) (Closure, bool) {
	if c, ok := ClosedOn(cs, day); ok {
		return c, true
	}
	var next Closure
	ok := false
	for _, c := range cs {
		if c.From.After(day) && (!ok || c.From.Before(next.From)) {
			next, ok = c, true
		}
	}
	return next, ok
}

// Upcoming are the closures that have not ended on day, in the order they
// begin.
func Upcoming(cs []Closure, day time.Time) []Closure {
	var out []Closure
	for _, c := range cs {
		if !c.To.Before(day) {
			out = append(out, c)
		}
	}
	SortClosures(out)
	return out
}

// SortClosures orders closures by their first day, then their last, then
// their id.
func SortClosures(cs []Closure) {
	sort.SliceStable(cs, func(i, j int) bool {
		a, b := cs[i], cs[j]
		if !a.From.Equal(b.From) {
			return a.From.Before(b.From)
		}
		if !a.To.Equal(b.To) {
			return a.To.Before(b.To)
		}
		return a.ID < b.ID
	})
}

// osmMonths are the months as OSM opening_hours writes them.
var osmMonths = [...]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}

// OSMRule writes the closure as an OSM opening_hours rule that closes its
// days: « 2026 Dec 01-2026 Dec 06 off », « 2026 Dec 24 off » for one day.
func (c Closure) OSMRule() string {
	day := func(d time.Time) string {
		return strconv.Itoa(d.Year()) + " " + osmMonths[d.Month()-1] + " " + fmt.Sprintf("%02d", d.Day())
	}
	if c.From.Equal(c.To) {
		return day(c.From) + " off"
	}
	return day(c.From) + "-" + day(c.To) + " off"
}
