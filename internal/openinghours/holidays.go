package openinghours

import (
	"sync"
	"time"
)

// Holiday is a French public holiday (jour férié).
type Holiday struct {
	Date time.Time // midnight UTC of the day
	Name string
}

// Easter returns Easter Sunday of year y (Gregorian calendar, anonymous
// algorithm of Meeus/Jones/Butcher).
func Easter(y int) time.Time {
	a := y % 19
	b, c := y/100, y%100
	d, e := b/4, b%4
	f := (b + 8) / 25
	g := (b - f + 1) / 3
	h := (19*a + b - d - g + 15) % 30
	i, k := c/4, c%4
	l := (32 + 2*e + 2*i - h - k) % 7
	m := (a + 11*h + 22*l) / 451
	month := (h + l - 7*m + 114) / 31
	day := (h+l-7*m+114)%31 + 1
	return time.Date(y, time.Month(month), day, 0, 0, 0, 0, time.UTC)
}

// regional holidays beyond the national list, by département code.
var regional = map[string][]struct {
	month time.Month
	day   int
	name  string
}{
	// Abolition of slavery (loi du 30 juin 1983 and its decrees).
	"971": {{time.May, 27, "Abolition de l'esclavage"}},
	"972": {{time.May, 22, "Abolition de l'esclavage"}},
	"973": {{time.June, 10, "Abolition de l'esclavage"}},
	"974": {{time.December, 20, "Abolition de l'esclavage"}},
	"976": {{time.April, 27, "Abolition de l'esclavage"}},
	"977": {{time.October, 9, "Abolition de l'esclavage"}},
	"978": {{time.May, 28, "Abolition de l'esclavage"}},
}

// AlsaceMoselle reports whether a département keeps the local law of
// Alsace-Moselle, with its two extra holidays (Good Friday and 26 December).
func AlsaceMoselle(dept string) bool {
	return dept == "57" || dept == "67" || dept == "68"
}

// Holidays returns the public holidays of year y for a place in département
// dept ("" for the national list), in date order.
func Holidays(y int, dept string) []Holiday {
	d := func(m time.Month, day int) time.Time { return time.Date(y, m, day, 0, 0, 0, 0, time.UTC) }
	e := Easter(y)
	hs := []Holiday{
		{d(time.January, 1), "Jour de l'an"},
		{e.AddDate(0, 0, 1), "Lundi de Pâques"},
		{d(time.May, 1), "Fête du Travail"},
		{d(time.May, 8), "Victoire 1945"},
		{e.AddDate(0, 0, 39), "Ascension"},
		{e.AddDate(0, 0, 50), "Lundi de Pentecôte"},
		{d(time.July, 14), "Fête nationale"},
		{d(time.August, 15), "Assomption"},
		{d(time.November, 1), "Toussaint"},
		{d(time.November, 11), "Armistice 1918"},
		{d(time.December, 25), "Noël"},
	}
	if AlsaceMoselle(dept) {
		hs = append(hs, Holiday{e.AddDate(0, 0, -2), "Vendredi saint"}, Holiday{d(time.December, 26), "Saint-Étienne"})
	}
	for _, r := range regional[dept] {
		hs = append(hs, Holiday{d(r.month, r.day), r.name})
	}
	// insertion sort: a dozen items
	for i := 1; i < len(hs); i++ {
		for j := i; j > 0 && hs[j].Date.Before(hs[j-1].Date); j-- {
			hs[j], hs[j-1] = hs[j-1], hs[j]
		}
	}
	return hs
}

type holidayKey struct {
	year   int
	region string
}

var holidayCache sync.Map // holidayKey → map[int]string (yday → name)

// regionOf reduces a département to the set of holidays it follows.
func regionOf(dept string) string {
	if AlsaceMoselle(dept) {
		return "57"
	}
	if _, ok := regional[dept]; ok {
		return dept
	}
	return ""
}

// HolidayOn returns the name of the public holiday on the given civil date
// for a place in département dept, or "" when it is a working day.
func HolidayOn(y int, m time.Month, day int, dept string) string {
	k := holidayKey{y, regionOf(dept)}
	v, ok := holidayCache.Load(k)
	if !ok {
		days := map[int]string{}
		for _, h := range Holidays(y, k.region) {
			days[h.Date.YearDay()] = h.Name
		}
		v, _ = holidayCache.LoadOrStore(k, days)
	}
	return v.(map[int]string)[time.Date(y, m, day, 0, 0, 0, 0, time.UTC).YearDay()]
}
