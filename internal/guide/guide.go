// Package guide gathers the paper guide of a territory: the places of a
// commune, an EPCI or a département, optionally those offering one service
// of the standard, grouped by commune in name order, with what a printed
// page says of each (hours as a week, closures to come). The web package
// prints it (/guides, maillage guide).
package guide

import (
	"sort"
	"strings"
	"time"

	"maillage/internal/failure"
	"maillage/internal/openinghours"
	"maillage/internal/place"
	"maillage/internal/search"
	"maillage/internal/territory"
)

// Territory is what a guide covers.
type Territory struct {
	Kind string // "commune", "epci" or "departement"
	Code string
	Name string // « Tarn (81) », « CA de l'Albigeois (C2A) », « Albi »
}

// Kinds are the kinds of territory a guide covers, as written in
// --territoire and the form.
var Kinds = []string{"commune", "epci", "departement"}

// ParseTerritory reads « departement:81 », « epci:248100737 » or
// « commune:81004 » against the referential.
func ParseTerritory(s string, ref *territory.Referential) (Territory, error) {
	kind, code, ok := strings.Cut(strings.TrimSpace(s), ":")
	if !ok {
		return Territory{}, failure.Errorf(failure.Invalid, "Territoire « %s » illisible : écrivez departement:81, epci:248100737 ou commune:81004.", s)
	}
	return Lookup(kind, code, ref)
}

// Lookup finds a territory of a kind by its code in the referential.
func Lookup(kind, code string, ref *territory.Referential) (Territory, error) {
	code = strings.ToUpper(strings.TrimSpace(code))
	t := Territory{Kind: kind, Code: code}
	switch kind {
	case "departement":
		if d, ok := ref.DepartementOf(code); ok {
			t.Name = d.Nom + " (" + d.Code + ")"
			return t, nil
		}
	case "epci":
		if e, ok := ref.EPCIOf(code); ok {
			t.Name = e.Nom
			return t, nil
		}
	case "commune":
		if c, ok := ref.Commune(code); ok {
			t.Name = c.Nom + " (" + c.Departement + ")"
			return t, nil
		}
	default:
		return t, failure.Errorf(failure.Invalid, "Type de territoire « %s » inconnu : departement, epci ou commune.", kind)
	}
	return t, failure.Errorf(failure.NotFound, "Aucun territoire %s de code « %s » dans le référentiel des communes.", kind, code)
}

// String is the territory as --territoire writes it.
func (t Territory) String() string { return t.Kind + ":" + t.Code }

// Guide is the content of a booklet.
type Guide struct {
	Territory Territory
	// Service is the need chosen (a value of place.Services), "" for all.
	Service  string
	Communes []Commune
	Count    int
}

// Commune is a commune's section of the guide.
type Commune struct {
	Code, Name string
	Places     []Entry
}

// Entry is a place as a printed page shows it.
type Entry struct {
	Lieu *place.Lieu
	// Hours are the usual week, consecutive days of the same hours
	// together (« du lundi au vendredi : 9 h – 12 h, 14 h – 17 h »); nil
	// when unknown.
	Hours []string
	// Closures say the temporary closures that have not ended.
	Closures []place.Closure
}

// Build gathers the guide of a territory from the index, on the day of
// now (Europe/Paris): places whose commune is in the territory (by the
// referential, as the directory's filters), offering service when given.
func Build(ix *search.Index, t Territory, service string, now time.Time) (*Guide, error) {
	if service != "" {
		c, _, ok := place.Services.Lookup(service)
		if !ok {
			return nil, failure.Errorf(failure.Invalid, "Service « %s » inconnu du standard.", service)
		}
		service = c
	}
	q := search.Query{Values: map[string][]string{}, Sort: "nom", PerPage: search.MaxPerPage, NoFacets: true, OpenAt: now}
	switch t.Kind {
	case "departement":
		q.Departements = []string{t.Code}
	case "epci":
		q.EPCIs = []string{t.Code}
	case "commune":
		// Paris, Lyon and Marseille: their places carry the code of
		// their municipal arrondissement.
		q.Communes = territory.CommuneCodes(t.Code)
	}
	if service != "" {
		q.Values[search.FacetServices] = []string{service}
	}
	g := &Guide{Territory: t, Service: service}
	byCommune := map[string]*Commune{}
	ref := ix.Referential()
	day := place.Day(now, openinghours.Paris)
	for page := 1; ; page++ {
		q.Page = page
		res := ix.Search(q)
		for _, h := range res.Hits {
			l := h.Lieu
			code, name := l.CodeINSEE, l.Commune
			if c, ok := ref.Commune(l.CodeINSEE); ok {
				name = c.Nom
			}
			if code == "" {
				code = l.CodePostal + " " + name
			}
			c := byCommune[code]
			if c == nil {
				c = &Commune{Code: code, Name: name}
				byCommune[code] = c
			}
			c.Places = append(c.Places, Entry{Lieu: l, Hours: Week(l, now), Closures: place.Upcoming(l.Closures, day)})
			g.Count++
		}
		if page >= res.Pages {
			break
		}
	}
	for _, c := range byCommune {
		g.Communes = append(g.Communes, *c)
	}
	sort.Slice(g.Communes, func(i, j int) bool {
		a, b := territory.Fold(g.Communes[i].Name), territory.Fold(g.Communes[j].Name)
		if a != b {
			return naturalLess(a, b)
		}
		return g.Communes[i].Code < g.Communes[j].Code
	})
	return g, nil
}

// naturalLess orders names as people read them: runs of digits by their
// value, so « Marseille 2e Arrondissement » comes before « Marseille 10e
// Arrondissement » (review 11N2 minor 8).
func naturalLess(a, b string) bool {
	for a != "" && b != "" {
		da, db := digitRun(a), digitRun(b)
		if da > 0 && db > 0 {
			na, nb := strings.TrimLeft(a[:da], "0"), strings.TrimLeft(b[:db], "0")
			if len(na) != len(nb) {
				return len(na) < len(nb)
			}
			if na != nb {
				return na < nb
			}
			a, b = a[da:], b[db:]
			continue
		}
		if a[0] != b[0] {
			return a[0] < b[0]
		}
		a, b = a[1:], b[1:]
	}
	return len(a) < len(b)
}

// digitRun is the length of the ASCII digits s begins with.
func digitRun(s string) int {
	n := 0
	for n < len(s) && s[n] >= '0' && s[n] <= '9' {
		n++
	}
	return n
}

var dayNames = [7]string{"lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"}

// Week says a place's usual week from now (openinghours.UsualWeek:
// neither a public holiday nor a day of a temporary closure, which the
// guide says apart, passes for the usual hours), days of the same hours
// together; nil when its hours are unknown.
func Week(l *place.Lieu, now time.Time) []string {
	if l.Horaires == "" || l.Provenance.HoursInvalid {
		return nil
	}
	h, err := openinghours.Parse(l.Horaires)
	if err != nil {
		return nil
	}
	closed := func(d time.Time) bool { _, ok := place.ClosedOn(l.Closures, d); return ok }
	var days [7]string
	for d, day := range h.UsualWeek(now, l.Departement(), closed) {
		var spans []string
		for _, s := range day.Spans {
			txt := openinghours.SpanText(s.From, s.To)
			if s.Unknown {
				txt += " (à confirmer)"
			}
			if s.Comment != "" {
				txt += " (" + s.Comment + ")"
			}
			spans = append(spans, txt)
		}
		days[d] = strings.Join(spans, ", ")
	}
	var out []string
	for d := 0; d < 7; {
		e := d
		for e+1 < 7 && days[e+1] == days[d] {
			e++
		}
		if days[d] != "" {
			switch {
			case e == d:
				out = append(out, dayNames[d]+" : "+days[d])
			case e == d+1:
				out = append(out, dayNames[d]+" et "+dayNames[e]+" : "+days[d])
			default:
				out = append(out, "du "+dayNames[d]+" au "+dayNames[e]+" : "+days[d])
			}
		}
		d = e + 1
	}
	if len(out) == 0 {
		return []string{"fermé toute la semaine"}
	}
	return out
}
