package main

import (
	"fmt"
	"math"
	"strings"
	"unicode"
)

// Sizes of the categories of sites named after their commune only.
const (
	nNamedByCommune         = 100
	nNamedByCommuneDistinct = 60
)

// A regional source often names a France services after its commune alone
// (« MSAP Rieumes », « Maison France Services de Nailloux ») where the list
// names it after its territory, its operator or its building (« France
// services Rieumes - CC Cœur de Garonne », « France services Centre
// Tarn »). The renamings of render.go keep the list's own words; these
// categories drop them.

// communeNameForms are the names a source gives a site after its commune
// ({de}: « de X » or « d'X »; {X} the commune as the list writes it).
var communeNameForms = []string{
	"MSAP {X}", "MSAP {de}", "Maison France Services {de}", "Espace France services - {X}",
	"France services {de}", "FRANCE SERVICES {XX}", "Maison de services au public {de}", "France Services {X}",
}

// nameByCommune names a site after its commune only, as a source does;
// an MSAP name dates the record from before the relabelling.
func (g *gen) nameByCommune(r *fsRow, f map[string]string, ch *change) {
	rep := strings.NewReplacer("{de}", ofPlace(r.Commune), "{X}", r.Commune, "{XX}", strings.ToUpper(stripAccents(r.Commune)))
	f["nom"] = rep.Replace(pick(g, communeNameForms))
	ch.touch("nom")
	if strings.HasPrefix(f["nom"], "MSAP") || strings.HasPrefix(f["nom"], "Maison de services au public") {
		f["date_maj"] = fmt.Sprintf("20%02d-%02d-%02d", 19+g.rng.IntN(2), 1+g.rng.IntN(12), 1+g.rng.IntN(28))
		ch.add("nommé d'après sa seule commune, ancien nom « %s », fiche de %s", f["nom"], f["date_maj"][:4])
		return
	}
	ch.add("nommé d'après sa seule commune « %s »", f["nom"])
}

// nameWords returns the words of a name, lower case without accents.
func nameWords(s string) []string {
	return strings.FieldsFunc(strings.ToLower(stripAccents(s)), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

// smallWords link the words of a name.
var smallWords = map[string]bool{"de": true, "la": true, "le": true, "les": true, "l": true, "d": true,
	"du": true, "des": true, "et": true, "en": true, "sur": true, "sous": true, "a": true, "au": true, "aux": true}

// fixedSite reports whether a row is a fixed site that is not an antenna,
// a permanence or a secondary site (which may be a site listed twice).
func fixedSite(r *fsRow) bool {
	if r.itinerant() || r.Format == "Antenne" || r.FormatFS == "Antenne" {
		return false
	}
	low := strings.ToLower(r.Nom)
	for _, w := range []string{"antenne", "annexe", "permanence", "site de", "point relais"} {
		if strings.Contains(low, w) {
			return false
		}
	}
	return true
}

// namedBeyondCommune reports whether a fixed site's name says more than
// « France services » and its commune: a territory, an operator, a
// building.
func namedBeyondCommune(r *fsRow) bool {
	if !fixedSite(r) {
		return false
	}
	rest, ok := placeName(r.Nom)
	if !ok {
		return false
	}
	commune := map[string]bool{}
	for _, w := range nameWords(r.Commune) {
		commune[w] = true
	}
	for _, w := range nameWords(rest) {
		if !commune[w] && !smallWords[w] {
			return true
		}
	}
	return false
}

// namedByCommune: sites of the list named after their territory, operator
// or building, described a year later by another source under their
// commune's name only (same); and two sites of the list in one commune,
// one of them so named by another source (distinct).
func (g *gen) namedByCommune() {
	var sites []*fsRow
	for _, r := range g.rows {
		if namedBeyondCommune(r) {
			sites = append(sites, r)
		}
	}
	for n, i := 0, 0; n < nNamedByCommune && i < len(sites); i++ {
		r := sites[g.rng.IntN(len(sites))]
		id := "same_named_by_commune/" + r.ID
		if g.seen[id] {
			continue
		}
		h := g.otherSource(r)
		b, ch := g.otherYearNamedByCommune(r, h)
		note := fmt.Sprintf("Même site (liste ANCT n° %s, %s, « %s ») décrit par %s : %s.", r.ID, r.Commune, r.Nom, h.Label, notes(ch))
		if g.add(g.order(&pair{ID: id, Label: "same", Category: "same_named_by_commune", Origin: "derived", Note: note, A: renderFS(r), B: b})) {
			n++
		}
	}
	// Two fixed sites of one commune, the second named by its commune;
	// not a pair a person reads as one site listed twice, nor one left out.
	excluded := map[string]bool{}
	for k := range ambiguous {
		ids := strings.SplitN(k, "+", 2)
		excluded[pairKey(ids[0], ids[1])] = true
	}
	for _, s := range realSame {
		excluded[pairKey(s.a, s.b)] = true
	}
	var pairs [][2]*fsRow
	com := g.byCommune()
	for _, insee := range sortedKeys(com) {
		rs := com[insee]
		for i := range rs {
			for j := i + 1; j < len(rs); j++ {
				if fixedSite(rs[i]) && fixedSite(rs[j]) && !excluded[pairKey(rs[i].ID, rs[j].ID)] {
					pairs = append(pairs, [2]*fsRow{rs[i], rs[j]})
				}
			}
		}
	}
	for n, k := 0, 0; n < nNamedByCommuneDistinct && k < len(pairs); k++ {
		p := pairs[g.rng.IntN(len(pairs))]
		a, b := p[0], p[1]
		if g.chance(0.5) {
			a, b = b, a
		}
		id := "distinct_named_by_commune/" + pairKey(a.ID, b.ID)
		if g.seen[id] {
			continue
		}
		h := g.otherSource(b)
		rb, ch := g.otherYearNamedByCommune(b, h)
		d := haversine(a.Lat, a.Lon, b.Lat, b.Lon)
		why := fmt.Sprintf("Réel : deux sites fixes de la liste dans la même commune, « %s » (n° %s, %s) et « %s » (n° %s, %s), à %.0f m ; le second décrit par %s : %s.",
			a.Nom, a.ID, a.Adresse, b.Nom, b.ID, b.Adresse, d, h.Label, notes(ch))
		if g.add(g.order(&pair{ID: id, Label: "distinct", Category: "distinct_named_by_commune", Origin: "real", Note: why, A: renderFS(a), B: rb})) {
			n++
		}
	}
}

// otherYearNamedByCommune is otherYear with the site named after its
// commune instead of a renaming: the other changes of a year at their
// chances (readdress, move, recontact, strip last).
func (g *gen) otherYearNamedByCommune(r *fsRow, h hub) (record, *change) {
	rec, ch := g.variant(r, h)
	g.nameByCommune(r, rec.Fields, ch)
	moved := false
	for _, s := range secondary {
		if s.name == "rename" || s.name == "strip" || !g.chance(s.p) {
			continue
		}
		g.perturb(s.name, r, rec.Fields, ch)
		moved = moved || s.name == "move"
	}
	if !moved {
		d := 30 * g.rng.Float64()
		lat, lon := offset(r.Lat, r.Lon, d, 2*math.Pi*g.rng.Float64())
		rec.Fields["latitude"], rec.Fields["longitude"] = coord(lat, 6), coord(lon, 6)
	}
	for _, s := range secondary {
		if s.name == "strip" && g.chance(s.p) {
			g.perturb(s.name, r, rec.Fields, ch)
		}
	}
	rec.Fields = clean(rec.Fields)
	return rec, ch
}
