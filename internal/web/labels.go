package web

import (
	"context"
	"fmt"
	"html/template"
	"net/url"
	"strconv"
	"strings"
	"time"

	"maillage/internal/french"
	"maillage/internal/openinghours"
	"maillage/internal/pass"
	"maillage/internal/place"
	"maillage/internal/search"
)

// serviceWords says each service of the standard in plain words, for a
// person who is not from the field.
var serviceWords = map[string]string{
	place.ServiceDemarches:     "Faire mes démarches en ligne (CAF, impôts, santé, retraite…)",
	place.ServiceOutils:        "Apprendre à me servir d'un ordinateur, d'un téléphone, d'internet",
	place.ServiceInsertion:     "Chercher un emploi ou une formation avec le numérique",
	place.ServiceSecurite:      "Me protéger en ligne (arnaques, mots de passe, données)",
	place.ServiceParentalite:   "Accompagner mes enfants dans leurs usages du numérique",
	place.ServiceLoisirs:       "Créer et me divertir (photo, vidéo, jeux, impression 3D…)",
	place.ServiceComprehension: "Comprendre le numérique (réseaux sociaux, information, IA)",
	place.ServiceAcces:         "Utiliser un ordinateur, une imprimante ou internet sur place",
	place.ServiceAcquisition:   "M'équiper d'un ordinateur ou d'un téléphone à petit prix",
}

// facetTitles name the filters.
var facetTitles = map[string]string{
	search.FacetServices:       "Besoin",
	search.FacetPublics:        "Public",
	search.FacetPriseEnCharge:  "Accompagnement adapté",
	search.FacetFrais:          "Coût",
	search.FacetAccompagnement: "Façon d'être accompagné",
	search.FacetAcces:          "Comment y accéder",
	search.FacetDispositifs:    "Dispositifs nationaux",
	search.FacetLabels:         "Formations et labels",
	search.FacetTypologie:      "Type de lieu",
	search.FacetItinerance:     "Lieu fixe ou itinérant",
	search.FacetHoraires:       "Horaires",
	search.FacetPass:           "Pass numérique déclaré par les sources",
	search.FacetQualified:      "Pass numérique",
	search.FacetDepartement:    "Département",
	search.FacetEPCI:           "Intercommunalité",
	search.FacetCommune:        "Commune",
	search.FacetQPV:            "Quartiers prioritaires (QPV)",
}

var hoursWords = map[string]string{
	search.HoursOpenNow:  "Ouvert maintenant",
	search.HoursSaturday: "Ouvert le samedi",
	search.HoursEvening:  "Ouvert en soirée (après 18 h)",
}

var typologyLabels = func() map[string]string {
	m := map[string]string{}
	for _, t := range place.TypologyList {
		m[t.Code] = t.Label
	}
	return m
}()

// valueLabel is how a value of a facet reads on a page.
func (s *Server) valueLabel(ctx context.Context, facet, value string) string {
	switch facet {
	case search.FacetServices:
		if w, ok := serviceWords[value]; ok {
			return w
		}
	case search.FacetTypologie:
		if l, ok := typologyLabels[value]; ok {
			return l
		}
	case search.FacetHoraires:
		return hoursWords[value]
	// « Accepte le Pass numérique » is an approved qualification of this
	// maillage only (pass=1); what a source declares (pass_numerique=oui)
	// says so.
	case search.FacetPass:
		return "Déclaré accepté par la source"
	case search.FacetQualified:
		return "Accepte le Pass numérique"
	case search.FacetQPV:
		if l, ok := qpvWords[value]; ok {
			return l
		}
	case search.FacetDepartement:
		if d, ok := s.indexOf(ctx).Referential().DepartementOf(value); ok {
			return d.Nom + " (" + value + ")"
		}
	case search.FacetEPCI:
		if e, ok := s.indexOf(ctx).Referential().EPCIOf(value); ok {
			return e.Nom
		}
	case search.FacetCommune:
		if c, ok := s.indexOf(ctx).Referential().Commune(value); ok {
			return c.Nom
		}
	}
	return value
}

// weekdays are the days of the week, Monday first.
var weekdays = []string{"lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"}

// frenchDate writes "1er décembre 2026", "2 octobre 2026" (french.Date),
// the day as it is in Paris: 30 November 23:30 UTC is the 1st of December.
func frenchDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return french.Date(t.In(parisTZ()))
}

// hourText writes 9 h, 9 h 30, 17 h (openinghours.HourText: with
// no-break spaces).
func hourText(minutes int) string { return openinghours.HourText(minutes) }

// openStatus says whether a place is open at now, and until or from when.
type openStatus struct {
	Known bool
	Open  bool
	// Closed: a temporary closure covers today.
	Closed bool
	Text   string
}

func statusOf(l *place.Lieu, now time.Time) openStatus {
	if c, closed := place.ClosedOn(l.Closures, today(now)); closed {
		return closedStatus(l, c, now)
	}
	if l.Horaires == "" || l.Provenance.HoursInvalid {
		return openStatus{Text: "Horaires inconnus"}
	}
	h, err := openinghours.Parse(l.Horaires)
	if err != nil {
		return openStatus{Text: "Horaires inconnus"}
	}
	dept := l.Departement()
	st := h.At(now, dept)
	if st.Unknown {
		txt := "Horaires à confirmer"
		if st.Comment != "" {
			txt += " (" + st.Comment + ")"
		}
		return openStatus{Text: txt}
	}
	when, _, ok := h.Next(now, dept)
	if ok && !st.Open && len(l.Closures) > 0 {
		when, ok = nextOpening(l, h, now)
	}
	w := when.In(openinghours.Paris)
	p := now.In(openinghours.Paris)
	at := hourText(w.Hour()*60 + w.Minute())
	day := ""
	switch {
	case !ok:
	case w.YearDay() == p.YearDay() && w.Year() == p.Year():
		day = ""
	case w.Sub(p) < 7*24*time.Hour:
		day = french.Weekday(w.Weekday()) + " "
	default:
		day = "le " + frenchDate(w) + " "
	}
	if st.Open {
		if !ok {
			return openStatus{Known: true, Open: true, Text: "Ouvert maintenant"}
		}
		return openStatus{Known: true, Open: true, Text: "Ouvert maintenant — ferme " + strings.TrimSpace(day+"à "+at)}
	}
	if !ok {
		return openStatus{Known: true, Text: "Fermé"}
	}
	return openStatus{Known: true, Text: "Fermé — ouvre " + day + "à " + at}
}

// weekTable is the opening of the current week, for display.
type weekRow struct {
	Day     string
	Date    string
	Holiday string
	Spans   []string
	Today   bool
	// Closed says the temporary closure that covers the day (« fermeture
	// temporaire : congés »): the spans are what the usual hours say.
	Closed string
}

func weekTable(l *place.Lieu, now time.Time) []weekRow {
	if l.Horaires == "" || l.Provenance.HoursInvalid {
		return nil
	}
	h, err := openinghours.Parse(l.Horaires)
	if err != nil {
		return nil
	}
	p := now.In(openinghours.Paris)
	var rows []weekRow
	for i, d := range h.Week(now, l.Departement()) {
		row := weekRow{Day: weekdays[i], Date: french.DayMonth(d.Date), Holiday: d.Holiday,
			Today: d.Date.Day() == p.Day() && d.Date.Month() == p.Month()}
		// A closure is said on the days the place would open: a day it
		// never opens stays « fermé ».
		if c, ok := place.ClosedOn(l.Closures, time.Date(d.Date.Year(), d.Date.Month(), d.Date.Day(), 0, 0, 0, 0, time.UTC)); ok && len(d.Spans) > 0 {
			row.Closed = "fermeture temporaire (" + place.ClosureReasonLabel(c.Reason) + ")"
			rows = append(rows, row)
			continue
		}
		row.Spans = spanTexts(d)
		rows = append(rows, row)
	}
	return rows
}

// spanTexts writes the spans of a day: « 9 h – 12 h », « 14 h – 17 h (à
// confirmer) — sur rendez-vous ».
func spanTexts(d openinghours.Day) []string {
	var out []string
	// A comment shared by every span of the day is said once, after the last.
	shared := len(d.Spans) > 1
	for k := 1; k < len(d.Spans); k++ {
		shared = shared && d.Spans[k].Comment == d.Spans[0].Comment
	}
	for k, s := range d.Spans {
		txt := openinghours.SpanText(s.From, s.To)
		if s.Unknown {
			txt += " (à confirmer)"
		}
		if s.Comment != "" && (!shared || k == len(d.Spans)-1) {
			txt += " — " + s.Comment
		}
		out = append(out, txt)
	}
	return out
}

// regularWeek is the place's usual week, for paper, where a day has no
// date (openinghours.UsualWeek: neither a public holiday nor a day of a
// temporary closure passes for the usual hours). The closures are said
// apart (closureNotice).
func regularWeek(l *place.Lieu, now time.Time) []weekRow {
	if l.Horaires == "" || l.Provenance.HoursInvalid {
		return nil
	}
	h, err := openinghours.Parse(l.Horaires)
	if err != nil {
		return nil
	}
	closed := func(d time.Time) bool { _, ok := place.ClosedOn(l.Closures, d); return ok }
	rows := make([]weekRow, 7)
	for i, d := range h.UsualWeek(now, l.Departement(), closed) {
		rows[i] = weekRow{Day: weekdays[i], Spans: spanTexts(d)}
	}
	return rows
}

// distanceText writes 850 m, 3,2 km, 45 km.
func distanceText(km float64) string {
	switch {
	case km < 0:
		return ""
	case km < 1:
		return fmt.Sprintf("%d m", int(km*1000/10)*10)
	case km < 10:
		return strings.Replace(fmt.Sprintf("%.1f km", km), ".", ",", 1)
	}
	return fmt.Sprintf("%.0f km", km)
}

// phoneText writes +33563001122 as 05 63 00 11 22.
func phoneText(p string) string {
	if strings.HasPrefix(p, "+33") && len(p) == 12 {
		d := "0" + p[3:]
		return d[0:2] + " " + d[2:4] + " " + d[4:6] + " " + d[6:8] + " " + d[8:10]
	}
	return p
}

var funcs = template.FuncMap{
	"path":             SitePath,
	"frenchDate":       frenchDate,
	"frenchDateTime":   frenchDateTime,
	"frenchDateMinute": frenchDateMinute,
	"distanceText":     distanceText,
	"phoneText":        phoneText,
	"serviceWords": func(v string) string {
		if w, ok := serviceWords[v]; ok {
			return w
		}
		return v
	},
	"typologyLabel": func(v string) string {
		if l, ok := typologyLabels[v]; ok {
			return l
		}
		return v
	},
	"join":  strings.Join,
	"query": func(v url.Values) string { return v.Encode() },
	"add":   func(a, b int) int { return a + b },
	// The Pass numérique: cents as « 10,50 € », a day YYYY-MM-DD in words.
	"passEuros": pass.Euros,
	"passDay":   passDay,
	"passMonth": passMonth,
	// count writes "1 lieu", "2 lieux", "12 345 lieux"; plural only the word.
	"count":  french.Count[int],
	"plural": french.Plural[int],
	"number": french.Number[int],
	// grouped groups four digits too (« 6 000 »): the gap table's counts.
	"grouped": french.Grouped[int],
	// activityTable gives a table of /activites its caption and lines.
	"activityTable": func(caption string, lines []activityLine) activityTable { return activityTable{caption, lines} },
	"osmDirections": func(l *place.Lieu) string {
		if l.Coordinates == nil {
			return "https://www.openstreetmap.org/search?query=" + url.QueryEscape(l.Adresse+" "+l.CodePostal+" "+l.Commune)
		}
		return fmt.Sprintf("https://www.openstreetmap.org/directions?to=%s%%2C%s", place.FormatFloat(l.Coordinates.Lat), place.FormatFloat(l.Coordinates.Lon))
	},
	"geoURI": func(l *place.Lieu) template.URL {
		if l.Coordinates == nil {
			return ""
		}
		return template.URL(fmt.Sprintf("geo:%s,%s", place.FormatFloat(l.Coordinates.Lat), place.FormatFloat(l.Coordinates.Lon)))
	},
	"telURI":    func(p string) template.URL { return template.URL("tel:" + p) },
	"mailtoURI": func(p string) template.URL { return template.URL("mailto:" + p) },
	// licenceName names the data's licence; each server sets its hub's.
	"licenceName": func() string { return Hub{Licence: LicenceOuverte}.LicenceName() },
}

func parisTZ() *time.Location { return openinghours.Paris }

// passDay writes a day of the Pass numérique (YYYY-MM-DD, Europe/Paris)
// in words: « 31 janvier 2027 »; anything else as it is.
func passDay(day string) string {
	d, err := time.ParseInLocation(pass.DateLayout, day, parisTZ())
	if err != nil {
		return day
	}
	return frenchDate(d.Add(12 * time.Hour))
}

// passMonth writes a month YYYY-MM in words: « décembre 2026 ».
func passMonth(month string) string {
	m, err := time.Parse("2006-01", month)
	if err != nil {
		return month
	}
	return french.Month(m.Month()) + " " + strconv.Itoa(m.Year())
}
