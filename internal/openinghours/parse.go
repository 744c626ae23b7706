// Package openinghours parses and evaluates the OpenStreetMap opening_hours
// syntax that the standard uses for horaires: weekday ranges and lists,
// several time spans, spans across midnight, 24/7, off, public holidays (PH,
// French, Alsace-Moselle and overseas included), month and date exceptions,
// week numbers, years and comments. Evaluation is in Europe/Paris time.
package openinghours

import (
	"fmt"
	"strconv"
	"strings"
)

// MaxLength is the longest value Parse accepts.
const MaxLength = 500

// SyntaxError says where and why a string is not valid opening_hours.
type SyntaxError struct {
	Offset int // byte offset in the input
	Msg    string
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("caractère %d : %s", e.Offset+1, e.Msg)
}

type tokKind int

const (
	tEOF tokKind = iota
	tWeekday
	tHoliday // PH, SH
	tMonth
	tNumber
	tTime
	tDash
	tComma
	tSemicolon
	tFallback
	tLBracket
	tRBracket
	tColon
	tSlash
	tPlus
	t247
	tModifier
	tComment
	tWeek
	tEaster
	tDays
)

type token struct {
	kind tokKind
	val  int    // weekday 0=Mo, month 1-12, number, time in minutes, holiday 0=PH 1=SH
	text string // modifier word, comment text, number digits
	pos  int
}

var weekdayNames = []string{"mo", "tu", "we", "th", "fr", "sa", "su"}
var monthNames = []string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}

func lex(s string) ([]token, error) {
	toks := make([]token, 0, len(s)/3+1)
	i := 0
	for i < len(s) {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case c == '"':
			end := strings.IndexByte(s[i+1:], '"')
			if end < 0 {
				return nil, &SyntaxError{i, "commentaire sans guillemet fermant"}
			}
			toks = append(toks, token{kind: tComment, text: s[i+1 : i+1+end], pos: i})
			i += end + 2
		case c == '|':
			if i+1 < len(s) && s[i+1] == '|' {
				toks = append(toks, token{kind: tFallback, pos: i})
				i += 2
			} else {
				return nil, &SyntaxError{i, "« | » seul : utilisez « || » ou « ; »"}
			}
		case c == '-':
			toks = append(toks, token{kind: tDash, pos: i})
			i++
		case c == ',':
			toks = append(toks, token{kind: tComma, pos: i})
			i++
		case c == ';':
			toks = append(toks, token{kind: tSemicolon, pos: i})
			i++
		case c == '[':
			toks = append(toks, token{kind: tLBracket, pos: i})
			i++
		case c == ']':
			toks = append(toks, token{kind: tRBracket, pos: i})
			i++
		case c == ':':
			toks = append(toks, token{kind: tColon, pos: i})
			i++
		case c == '/':
			toks = append(toks, token{kind: tSlash, pos: i})
			i++
		case c == '+':
			toks = append(toks, token{kind: tPlus, pos: i})
			i++
		case c >= '0' && c <= '9':
			if strings.HasPrefix(s[i:], "24/7") {
				toks = append(toks, token{kind: t247, pos: i})
				i += 4
				continue
			}
			j := i
			for j < len(s) && s[j] >= '0' && s[j] <= '9' {
				j++
			}
			digits := s[i:j]
			n, _ := strconv.Atoi(digits)
			// hh:mm, or the French 9h30 / 9h
			if len(digits) <= 2 && j < len(s) && (s[j] == ':' || s[j] == 'h' || s[j] == 'H') {
				if j+2 < len(s) && isDigit(s[j+1]) && isDigit(s[j+2]) {
					m, _ := strconv.Atoi(s[j+1 : j+3])
					if m > 59 {
						return nil, &SyntaxError{j + 1, "minutes au-delà de 59"}
					}
					toks = append(toks, token{kind: tTime, val: n*60 + m, pos: i})
					i = j + 3
					continue
				}
				if s[j] != ':' && (j+1 == len(s) || !isLetter(s[j+1])) {
					toks = append(toks, token{kind: tTime, val: n * 60, pos: i})
					i = j + 1
					continue
				}
			}
			toks = append(toks, token{kind: tNumber, val: n, text: digits, pos: i})
			i = j
		case isLetter(c):
			j := i
			for j < len(s) && isLetter(s[j]) {
				j++
			}
			w := strings.ToLower(s[i:j])
			t := token{pos: i, text: w}
			switch w {
			case "ph":
				t.kind, t.val = tHoliday, 0
			case "sh":
				t.kind, t.val = tHoliday, 1
			case "off", "closed", "open", "unknown":
				t.kind = tModifier
			case "week":
				t.kind = tWeek
			case "easter":
				t.kind = tEaster
			case "day", "days":
				t.kind = tDays
			case "sunrise", "sunset", "dawn", "dusk":
				return nil, &SyntaxError{i, "heures solaires (« " + s[i:j] + " ») non prises en charge"}
			default:
				if k := index(weekdayNames, w); k >= 0 {
					t.kind, t.val = tWeekday, k
				} else if k := index(monthNames, w); k >= 0 {
					t.kind, t.val = tMonth, k+1
				} else {
					return nil, &SyntaxError{i, "mot inconnu « " + s[i:j] + " » (jours : Mo Tu We Th Fr Sa Su, PH ; mois : Jan…Dec)"}
				}
			}
			toks = append(toks, t)
			i = j
		default:
			r := []rune(s[i:])[0]
			if r == '–' || r == '—' {
				toks = append(toks, token{kind: tDash, pos: i})
				i += len(string(r))
				continue
			}
			return nil, &SyntaxError{i, "caractère inattendu « " + string(r) + " »"}
		}
	}
	toks = append(toks, token{kind: tEOF, pos: len(s)})
	return toks, nil
}

func isDigit(c byte) bool  { return c >= '0' && c <= '9' }
func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func index(list []string, w string) int {
	for i, x := range list {
		if x == w {
			return i
		}
	}
	return -1
}

// ruleKind tells how a rule combines with the ones before it.
type ruleKind int

const (
	normalRule     ruleKind = iota // after ";": replaces what earlier rules said of its days
	additionalRule                 // after ",": adds to them
	fallbackRule                   // after "||": applies when nothing else did
)

type state int

const (
	stateOpen state = iota
	stateClosed
	stateUnknown
)

type yearRange struct{ from, to, step int } // to == 0: open-ended "2026+"

type dateRange struct {
	fromY, fromM, fromD int // fromY 0: every year
	toY, toM, toD       int
	easter              bool
}

type weekRange struct{ from, to, step int }

type weekdayRange struct {
	from, to int   // 0 = Mo
	nth      []int // occurrences in the month: 1..5 or -1..-5; nil for every week
}

type span struct {
	from, to int // minutes since midnight; to may exceed 1440
	openEnd  bool
	wraps    bool // written with its end before its start ("22:00-02:00")
}

type rule struct {
	kind     ruleKind
	all      bool // 24/7
	years    []yearRange
	dates    []dateRange
	weeks    []weekRange
	weekdays []weekdayRange
	holidays []int // 0 = PH, 1 = SH
	spans    []span
	state    state
	explicit bool // the state was given by a modifier
	comment  string
	hasTimes bool
}

// Hours is a parsed opening_hours value.
type Hours struct {
	src   string
	rules []rule
}

// String returns the value as written.
func (h *Hours) String() string { return h.src }

// Parse reads an opening_hours value. It is strict about the structure and
// tolerant of case, of "9:00" for "09:00" and of spaces.
func Parse(s string) (*Hours, error) {
	// OpenStreetMap caps tag values at 255 characters; real values stay far
	// below this bound, which also bounds the work of evaluating them.
	if len(s) > MaxLength {
		return nil, &SyntaxError{MaxLength, fmt.Sprintf("valeur trop longue (%d caractères au plus)", MaxLength)}
	}
	toks, err := lex(s)
	if err != nil {
		return nil, err
	}
	p := &parser{toks: toks}
	h := &Hours{src: s}
	kind := normalRule
	for {
		if p.peek().kind == tEOF {
			if len(h.rules) == 0 {
				return nil, &SyntaxError{0, "valeur vide"}
			}
			return nil, &SyntaxError{p.peek().pos, "règle vide en fin de valeur"}
		}
		r, err := p.rule()
		if err != nil {
			return nil, err
		}
		r.kind = kind
		h.rules = append(h.rules, r)
		switch t := p.next(); t.kind {
		case tEOF:
			return h, nil
		case tSemicolon:
			kind = normalRule
			if p.peek().kind == tEOF { // a trailing ";" is common and harmless
				return h, nil
			}
		case tComma:
			kind = additionalRule
		case tFallback:
			kind = fallbackRule
		default:
			return nil, &SyntaxError{t.pos, "séparateur de règles attendu (« ; »)"}
		}
	}
}

type parser struct {
	toks []token
	i    int
}

func (p *parser) peek() token { return p.toks[p.i] }
func (p *parser) peekAt(k int) token {
	if p.i+k < len(p.toks) {
		return p.toks[p.i+k]
	}
	return p.toks[len(p.toks)-1]
}
func (p *parser) next() token {
	t := p.toks[p.i]
	if t.kind != tEOF {
		p.i++
	}
	return t
}

func (p *parser) errf(t token, format string, args ...any) error {
	return &SyntaxError{t.pos, fmt.Sprintf(format, args...)}
}

func (p *parser) rule() (rule, error) {
	var r rule
	start := p.i
	if p.peek().kind == t247 {
		p.next()
		r.all = true
	} else {
		if err := p.wide(&r); err != nil {
			return r, err
		}
		if err := p.weekdaySelector(&r); err != nil {
			return r, err
		}
		if err := p.timeSelector(&r); err != nil {
			return r, err
		}
	}
	// modifier and comment
	if t := p.peek(); t.kind == tModifier {
		p.next()
		r.explicit = true
		switch t.text {
		case "off", "closed":
			r.state = stateClosed
		case "unknown":
			r.state = stateUnknown
		}
	}
	if t := p.peek(); t.kind == tComment {
		p.next()
		r.comment = t.text
		if !r.explicit {
			r.state = stateUnknown
			if r.hasTimes {
				// "Mo 14:00-16:00 "sur rendez-vous"": open, with a note.
				r.state = stateOpen
			}
		}
	}
	if p.i == start {
		return r, p.errf(p.peek(), "règle attendue (jours, heures, « 24/7 » ou « off »)")
	}
	switch p.peek().kind {
	case tEOF, tSemicolon, tComma, tFallback:
		return r, nil
	}
	return r, p.errf(p.peek(), "élément inattendu dans la règle")
}

// wide reads year, date and week selectors, and the optional ":" after them.
func (p *parser) wide(r *rule) error {
	any := false
	for {
		t := p.peek()
		switch {
		case t.kind == tNumber && len(t.text) == 4 && p.peekAt(1).kind != tMonth && p.peekAt(1).kind != tEaster:
			y, err := p.yearRange()
			if err != nil {
				return err
			}
			r.years = append(r.years, y)
		case t.kind == tMonth || t.kind == tEaster || (t.kind == tNumber && len(t.text) == 4):
			d, err := p.dateRange()
			if err != nil {
				return err
			}
			r.dates = append(r.dates, d)
		case t.kind == tWeek:
			p.next()
			for {
				w, err := p.weekRange()
				if err != nil {
					return err
				}
				r.weeks = append(r.weeks, w)
				if p.peek().kind == tComma && p.peekAt(1).kind == tNumber {
					p.next()
					continue
				}
				break
			}
		case t.kind == tComma && any && (p.peekAt(1).kind == tMonth || p.peekAt(1).kind == tEaster || (p.peekAt(1).kind == tNumber && len(p.peekAt(1).text) == 4)):
			p.next()
			continue
		default:
			if any && t.kind == tColon {
				p.next()
			}
			return nil
		}
		any = true
	}
}

func (p *parser) yearRange() (yearRange, error) {
	t := p.next()
	y := yearRange{from: t.val, to: t.val}
	if t.val < 1900 || t.val > 2200 {
		return y, p.errf(t, "année %d improbable", t.val)
	}
	switch p.peek().kind {
	case tPlus:
		p.next()
		y.to = 0
	case tDash:
		p.next()
		e := p.next()
		if e.kind != tNumber || len(e.text) != 4 || e.val < y.from {
			return y, p.errf(e, "année de fin attendue")
		}
		y.to = e.val
		if p.peek().kind == tSlash {
			p.next()
			st := p.next()
			if st.kind != tNumber || st.val == 0 {
				return y, p.errf(st, "pas d'années attendu")
			}
			y.step = st.val
		}
	}
	return y, nil
}

// dateRange reads "Jan", "Jan-Mar", "Dec 25", "Dec 24-26", "Dec 24-Jan 02",
// "2026 Dec 24", "easter".
func (p *parser) dateRange() (dateRange, error) {
	var d dateRange
	if p.peek().kind == tEaster {
		p.next()
		d.easter = true
		return d, nil
	}
	if t := p.peek(); t.kind == tNumber && len(t.text) == 4 {
		p.next()
		d.fromY = t.val
	}
	m := p.next()
	if m.kind != tMonth {
		return d, p.errf(m, "mois attendu (Jan…Dec)")
	}
	d.fromM, d.fromD = m.val, 1
	dayGiven := false
	if t := p.peek(); t.kind == tNumber && len(t.text) <= 2 {
		p.next()
		if t.val < 1 || t.val > 31 {
			return d, p.errf(t, "jour du mois hors de 1-31")
		}
		d.fromD = t.val
		dayGiven = true
	}
	d.toY, d.toM, d.toD = d.fromY, d.fromM, 31
	if dayGiven {
		d.toD = d.fromD
	}
	if p.peek().kind != tDash {
		return d, nil
	}
	p.next()
	t := p.peek()
	if t.kind == tNumber && len(t.text) == 4 {
		p.next()
		d.toY = t.val
		t = p.peek()
	}
	switch {
	case t.kind == tMonth:
		p.next()
		d.toM, d.toD = t.val, 31
		if n := p.peek(); n.kind == tNumber && len(n.text) <= 2 {
			p.next()
			if n.val < 1 || n.val > 31 {
				return d, p.errf(n, "jour du mois hors de 1-31")
			}
			d.toD = n.val
		} else if dayGiven {
			return d, p.errf(n, "jour de fin attendu")
		}
	case t.kind == tNumber && len(t.text) <= 2 && dayGiven:
		p.next()
		if t.val < 1 || t.val > 31 {
			return d, p.errf(t, "jour du mois hors de 1-31")
		}
		d.toD = t.val
	default:
		return d, p.errf(t, "fin de période attendue (mois ou jour)")
	}
	if d.fromY != 0 && d.toY == 0 {
		d.toY = d.fromY
		if d.toM*100+d.toD < d.fromM*100+d.fromD {
			d.toY++
		}
	}
	return d, nil
}

func (p *parser) weekRange() (weekRange, error) {
	t := p.next()
	if t.kind != tNumber || t.val < 1 || t.val > 53 {
		return weekRange{}, p.errf(t, "numéro de semaine attendu (1-53)")
	}
	w := weekRange{from: t.val, to: t.val}
	if p.peek().kind == tDash {
		p.next()
		e := p.next()
		if e.kind != tNumber || e.val < 1 || e.val > 53 {
			return w, p.errf(e, "numéro de semaine attendu (1-53)")
		}
		w.to = e.val
		if p.peek().kind == tSlash {
			p.next()
			st := p.next()
			if st.kind != tNumber || st.val == 0 {
				return w, p.errf(st, "pas de semaines attendu")
			}
			w.step = st.val
		}
	}
	return w, nil
}

func (p *parser) weekdaySelector(r *rule) error {
	for {
		t := p.peek()
		switch t.kind {
		case tWeekday:
			p.next()
			wr := weekdayRange{from: t.val, to: t.val}
			if p.peek().kind == tDash && p.peekAt(1).kind == tWeekday {
				p.next()
				wr.to = p.next().val
			}
			if p.peek().kind == tLBracket {
				nth, err := p.nth()
				if err != nil {
					return err
				}
				wr.nth = nth
			}
			r.weekdays = append(r.weekdays, wr)
		case tHoliday:
			p.next()
			r.holidays = append(r.holidays, t.val)
		default:
			return nil
		}
		if p.peek().kind == tComma && (p.peekAt(1).kind == tWeekday || p.peekAt(1).kind == tHoliday) {
			p.next()
			continue
		}
		return nil
	}
}

// nth reads "[1]", "[-1]", "[1-2]", "[1,3]".
func (p *parser) nth() ([]int, error) {
	p.next() // [
	var out []int
	for {
		neg := false
		if p.peek().kind == tDash {
			p.next()
			neg = true
		}
		t := p.next()
		if t.kind != tNumber || t.val < 1 || t.val > 5 {
			return nil, p.errf(t, "rang attendu entre 1 et 5 dans [ ]")
		}
		v := t.val
		if neg {
			v = -v
		}
		if !neg && p.peek().kind == tDash && p.peekAt(1).kind == tNumber {
			p.next()
			e := p.next()
			if e.val < v || e.val > 5 {
				return nil, p.errf(e, "fin de rang invalide")
			}
			for k := v; k <= e.val; k++ {
				out = append(out, k)
			}
		} else {
			out = append(out, v)
		}
		switch t := p.next(); t.kind {
		case tComma:
			continue
		case tRBracket:
			return out, nil
		default:
			return nil, p.errf(t, "« ] » attendu")
		}
	}
}

func (p *parser) timeSelector(r *rule) error {
	for {
		t := p.peek()
		if t.kind != tTime {
			return nil
		}
		p.next()
		s := span{from: t.val}
		if s.from > 24*60 {
			return p.errf(t, "heure de début après 24:00")
		}
		switch p.peek().kind {
		case tPlus:
			p.next()
			s.to, s.openEnd = 24*60, true
		case tDash:
			p.next()
			e := p.next()
			if e.kind != tTime {
				return p.errf(e, "heure de fin attendue (hh:mm)")
			}
			s.to = e.val
			if s.to > 48*60 {
				return p.errf(e, "heure de fin au-delà de 48:00")
			}
			if s.to <= s.from {
				s.to += 24 * 60 // across midnight: "22:00-02:00"
				s.wraps = true
			}
			if p.peek().kind == tPlus {
				p.next()
				s.openEnd = true
			}
		default:
			return p.errf(p.peek(), "plage horaire attendue : début-fin (09:00-12:00)")
		}
		r.spans = append(r.spans, s)
		r.hasTimes = true
		if p.peek().kind == tComma && p.peekAt(1).kind == tTime {
			p.next()
			continue
		}
		// Tolerate a missing comma between spans: "09:00-12:00 14:00-18:00".
		if p.peek().kind == tTime && p.peekAt(1).kind == tDash {
			continue
		}
		return nil
	}
}
