package tableur

import (
	"regexp"
	"sort"
	"strconv"
	"strings"

	"maillage/internal/place"
)

// Opening hours in spreadsheets come one column per day, written as people
// write them: « 09:00 - 12:00 / 13:30 - 17:00 » (the France Services
// list), « 9h-12h et 14h-17h », « 14h00 à 17h00 », « de 9h à 12h30 »,
// « fermé ». readDay reads one such cell; composeOSM writes the week as
// an OSM opening_hours value (« Mo-Fr 09:00-12:00,13:30-17:00; Sa
// 09:00-12:00 »).

// span is one opening of a day, in minutes from midnight.
type span struct{ from, to int }

var (
	// timePart is one time: 9, 9h, 9 h 30, 09:00, 14h00, 9.30, midi.
	timePart = `(midi|\d{1,2})(?:\s*(?:h|:|\.)\s*(\d{2})?|\s*h)?`
	// rangeRe is one range at the start of the text, with what may come
	// before it: a separator from the previous range, « de », a label
	// (matin, après-midi).
	rangeRe = regexp.MustCompile(`^\s*(?:(?:/|,|;|\+|\||&|\bet\b|\bpuis\b)\s*)?(?:(?:le\s+)?(?:matin|apres-midi|apres midi|aprem)\s*:?\s*)?(?:de\s+|des\s+)?` +
		timePart + `\s*(?:-|a|au|jusqu'a|>)\s*` + timePart + `\s*`)
	// closedRe is a day written closed.
	closedRe = regexp.MustCompile(`^(?:ferme|fermee|fermeture|closed|neant|non|-|/|x|0)(?:\s+(?:toute la journee|au public))?\.?$`)
)

// dashes are the dashes and apostrophes people type, made plain.
var dashes = strings.NewReplacer("–", "-", "—", "-", "‑", "-", "−", "-", "’", "'")

// readDay reads one day's cell. ok is false when the text is not hours as
// people write them; a day with nothing written, or written closed, has
// no span. note says what was changed to read it: empty ranges
// (« 00:00 - 00:00 ») dropped, ranges given twice or overlapping merged
// (lists of a structure's several sites often have them).
func readDay(s string) (spans []span, note string, ok bool) {
	t := place.FoldKey(dashes.Replace(s))
	t = strings.TrimSpace(t)
	if t == "" || closedRe.MatchString(t) {
		return nil, "", true
	}
	empty := 0
	for t != "" {
		m := rangeRe.FindStringSubmatchIndex(t)
		if m == nil {
			// What is left may only be a closing separator.
			if strings.Trim(t, " /,;.|") == "" {
				break
			}
			return nil, "", false
		}
		from, ok1 := clockOf(t, m[2], m[3], m[4], m[5])
		to, ok2 := clockOf(t, m[6], m[7], m[8], m[9])
		switch {
		case !ok1 || !ok2:
			return nil, "", false
		case from == to:
			empty++
		case to < from:
			return nil, "", false
		default:
			spans = append(spans, span{from, to})
		}
		t = t[m[1]:]
	}
	sort.Slice(spans, func(i, j int) bool { return spans[i].from < spans[j].from })
	merged := 0
	out := spans[:0]
	for _, sp := range spans {
		if n := len(out); n > 0 && sp.from < out[n-1].to {
			// Overlapping, or the same range again: one range. Ranges
			// that only touch (09:00-12:00, 12:00-14:00) stay as written.
			out[n-1].to = max(out[n-1].to, sp.to)
			merged++
			continue
		}
		out = append(out, sp)
	}
	var notes []string
	if empty > 0 {
		notes = append(notes, "plage vide (00:00 - 00:00) retirée")
	}
	if merged > 0 {
		notes = append(notes, "plages répétées ou qui se chevauchent réunies")
	}
	if len(out) == 0 && empty > 0 {
		return nil, strings.Join(notes, ", "), true
	}
	return out, strings.Join(notes, ", "), true
}

// clockOf reads the hour t[hs:he] and the minutes t[ms:me] (absent when ms
// is -1) as minutes from midnight.
func clockOf(t string, hs, he, ms, me int) (int, bool) {
	h := t[hs:he]
	if h == "midi" {
		if ms >= 0 {
			return 0, false
		}
		return 12 * 60, true
	}
	hh, err := strconv.Atoi(h)
	if err != nil {
		return 0, false
	}
	mm := 0
	if ms >= 0 {
		mm, _ = strconv.Atoi(t[ms:me])
	}
	if hh > 24 || mm > 59 || hh == 24 && mm > 0 {
		return 0, false
	}
	return hh*60 + mm, true
}

// appendClock appends minutes from midnight as hh:mm.
func appendClock(b []byte, m int) []byte {
	return append(b, byte('0'+m/600), byte('0'+m/60%10), ':', byte('0'+m%60/10), byte('0'+m%10))
}

// osmDays are the OSM names of the days, Monday first.
var osmDays = [7]string{"Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"}

// composeOSM writes a week as an OSM opening_hours value, consecutive days
// that open alike together; "" when no day opens (the hours are unknown,
// not « closed every day »).
func composeOSM(days [7][]span, holidaysClosed bool) string {
	var text [7]string
	var b []byte
	for i, d := range days {
		b = b[:0]
		for j, s := range d {
			if j > 0 {
				b = append(b, ',')
			}
			b = appendClock(b, s.from)
			b = append(b, '-')
			b = appendClock(b, s.to)
		}
		text[i] = string(b)
	}
	var rules []string
	for i := 0; i < 7; {
		j := i
		for j+1 < 7 && text[j+1] == text[i] {
			j++
		}
		if text[i] != "" {
			sel := osmDays[i]
			if j > i {
				sel += "-" + osmDays[j]
			}
			rules = append(rules, sel+" "+text[i])
		}
		i = j + 1
	}
	if len(rules) > 0 && holidaysClosed {
		rules = append(rules, "PH off")
	}
	return strings.Join(rules, "; ")
}
