// Package french writes dates, numbers and counted nouns the French way:
// « 1er décembre 2026 », « 12 345 lieux », « 1 compte », « 0 compte ».
// Every page and message of maillage goes through it.
package french

import (
	"strconv"
	"strings"
	"time"
)

// Integer is any integer type a count may come in.
type Integer interface {
	~int | ~int32 | ~int64 | ~uint | ~uint32 | ~uint64
}

var months = [...]string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"}

var weekdays = [...]string{"dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"}

// Month is the name of a month: « décembre ».
func Month(m time.Month) string { return months[m-1] }

// Weekday is the name of a day of the week: « lundi ».
func Weekday(d time.Weekday) string { return weekdays[d] }

// Day writes a day of the month: « 1er », « 2 », « 31 ».
func Day(d int) string {
	if d == 1 {
		return "1er"
	}
	return strconv.Itoa(d)
}

// DayMonth writes « 1er décembre », in t's own time zone.
func DayMonth(t time.Time) string { return Day(t.Day()) + " " + Month(t.Month()) }

// Date writes « 1er décembre 2026 », in t's own time zone; "" for the zero time.
func Date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return DayMonth(t) + " " + strconv.Itoa(t.Year())
}

// Number writes an integer with a narrow no-break space between groups of
// three digits: « 12 345 ».
func Number[N Integer](n N) string {
	s := strconv.FormatInt(int64(n), 10)
	neg := ""
	if n < 0 {
		neg, s = "-", s[1:]
	}
	if len(s) <= 4 { // « 1000 » stays whole, as French typography allows
		return neg + s
	}
	return neg + group(s)
}

// Grouped writes an integer as Number does, but groups four digits too
// (« 6 000 »): for figures read beside larger ones (« communes 1 à 6 000
// sur 34 917 »), where « 6000 » would stand out.
func Grouped[N Integer](n N) string {
	s := strconv.FormatInt(int64(n), 10)
	neg := ""
	if n < 0 {
		neg, s = "-", s[1:]
	}
	return neg + group(s)
}

// group puts a narrow no-break space between groups of three digits.
func group(s string) string {
	out := make([]byte, 0, len(s)+len(s)/3*3)
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, "\u202f"...)
		}
		out = append(out, s[i])
	}
	return string(out)
}

// Plural picks the singular or the plural form for n: French uses the
// singular for 0 and 1 (« 0 lieu », « 1 lieu », « 2 lieux »).
func Plural[N Integer](n N, one, many string) string {
	if n > 1 || n < 0 && n+1 < 0 {
		return many
	}
	return one
}

// Count writes a number and its noun: « 1 compte », « 2 comptes », « 12 345 lieux ».
func Count[N Integer](n N, one, many string) string { return Number(n) + " " + Plural(n, one, many) }

// Decimal writes v with digits decimals as French does: a comma, and the
// minus sign (−) before a negative number: 11,0, −2,5.
func Decimal(v float64, digits int) string {
	t := strings.Replace(strconv.FormatFloat(v, 'f', digits, 64), ".", ",", 1)
	return strings.Replace(t, "-", "−", 1)
}
