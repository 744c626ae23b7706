package diagnostic

import (
	"cmp"
	"fmt"
	"maps"
	"math"
	"slices"

	"maillage/internal/access"
	"maillage/internal/failure"
	"maillage/internal/territory"
)

// report selects a territory's rows and units from the base.
func (b *base) report(t Territory) (*Report, error) {
	if t.Kind == "" {
		t = Territory{Kind: KindFrance, Name: "France"}
	}
	key := t.key()
	total, ok := b.units[key]
	if !ok {
		// A territory of the referential with no commune that has a centre.
		if _, err := TerritoryOf(t.Kind, t.Code, b.ref); err != nil {
			return nil, err
		}
		total = &Unit{Kind: t.Kind, Code: t.Code, Name: t.Name, Fragility: nan()}
	}
	if t.Name == "" {
		t.Name = total.Name
	}
	r := &Report{
		Territory: t,
		Options:   b.opts,
		Total:     *total,
		Offer:     b.offer,
		Info:      b.info,
		Vintages:  b.ref.Vintages(),
		Scale:     b.scale,
		Revision:  b.revision,
		Notes:     slices.Clone(b.notes),
	}
	if t.Kind == KindFrance && b.overseas > 0 {
		r.Notes = append(r.Notes, fmt.Sprintf("Les collectivités d'outre-mer (Saint-Pierre-et-Miquelon, Saint-Barthélemy, Saint-Martin, Wallis-et-Futuna, Polynésie française, Nouvelle-Calédonie, Terres australes et antarctiques, Clipperton : %s) ne sont pas comptées dans les chiffres de la France, son tableau ni ses recommandations ; leurs pages, par leur code, les donnent.", countFR(b.overseas, "commune", "communes")))
	}
	for _, city := range slices.Sorted(maps.Keys(b.noArrondissement)) {
		c, ok := b.ref.Commune(city)
		if !ok || !slices.Contains(groupsOf(b.ref, c), key) {
			continue
		}
		r.Notes = append(r.Notes, unassignedNote(b.noArrondissement[city], c.Nom))
	}
	if t.Kind == KindCommune {
		r.Places = slices.Clone(b.placesOf[t.Code])
		for _, a := range b.ref.Arrondissements(t.Code) {
			r.Places = append(r.Places, b.placesOf[a.Code]...)
		}
		slices.Sort(r.Places)
	}
	subKind := ""
	switch t.Kind {
	case KindFrance:
		subKind = KindRegion
	case KindRegion:
		subKind = KindDepartement
	case KindDepartement:
		subKind = KindEPCI
	case KindEPCI, KindCommune:
		subKind = KindCommune
	default:
		return nil, failure.Errorf(failure.Invalid, "type de territoire « %s » inconnu", t.Kind)
	}
	subs := map[string]bool{}
	var noInd int
	var noIndPeople float64
	for i, row := range b.rows {
		if !slices.Contains(b.groups[i], key) {
			continue
		}
		r.Rows = append(r.Rows, row)
		if row.NoIndicators {
			noInd++
			noIndPeople += row.Population
		}
		if !row.Served {
			r.Unserved.Communes++
			r.Unserved.People += row.Population
			r.Unserved.AtRisk += row.AtRisk
		}
		sub := ""
		for _, g := range b.groups[i] {
			if len(g) > len(subKind) && g[:len(subKind)+1] == subKind+":" {
				sub = g
				break
			}
		}
		if t.Kind == KindCommune {
			sub = KindCommune + ":" + row.Code
		}
		if sub == "" {
			// A commune without EPCI stands for itself on a département's map.
			sub = KindCommune + ":" + row.Code
		}
		subs[sub] = true
	}
	if noInd > 0 {
		r.Notes = append(r.Notes, fmt.Sprintf("%s du territoire (%s) %s pas d'indicateur de personnes à risque : toute %s population y compte comme personnes à risque (« sans indicateur » dans le tableau).",
			Sentence(countFR(noInd, "commune", "communes")), Inhabitants.Of(noIndPeople), plural(noInd, "n'a", "n'ont"), plural(noInd, "sa", "leur")))
	}
	for k := range subs {
		if u, ok := b.units[k]; ok {
			r.Sub = append(r.Sub, *u)
		}
	}
	if t.Kind == KindDepartement {
		markCrossBorder(b, t.Code, r.Sub)
	}
	slices.SortFunc(r.Sub, func(a, b Unit) int {
		if c := cmp.Compare(a.Kind, b.Kind); c != 0 {
			return -c // EPCI before communes
		}
		return cmp.Compare(a.Code, b.Code)
	})
	rankRows(r.Rows)
	r.Key = b.keyFigures(r)
	return r, nil
}

// keyFigures are the report's key figures, as sentences.
func (b *base) keyFigures(r *Report) []string {
	o := b.opts
	seuil := seuilWords(o)
	t := r.Total
	var out []string
	// « N personnes à risque vivent à plus de 10 km d'un lieu », as the
	// pages and issue 9 say it; « Aucune personne à risque ne vit… » for
	// nobody.
	first := Sentence(PersonsAtRiskLive.Of(r.Unserved.AtRisk)) + " à plus de " + seuil + " d'un lieu"
	if math.Round(r.Unserved.AtRisk) > 0 {
		first += ", soit " + percent(r.Unserved.AtRisk, t.AtRisk) + " des personnes à risque du territoire"
	}
	one, many := rowNouns(r.Rows)
	switch n := len(r.Rows); {
	case r.Unserved.Communes > 0:
		first += fmt.Sprintf(" (%s sur %s sans lieu à moins de %s)", countFR(r.Unserved.Communes, one, many), people(float64(n)), seuil)
	case n == 1 && one == "commune":
		first += " : la commune a un lieu à moins de " + seuil
	case n == 1:
		first += " : l'arrondissement a un lieu à moins de " + seuil
	case n > 1 && one == "commune":
		first += fmt.Sprintf(" : les %s communes du territoire ont toutes un lieu à moins de %s", people(float64(n)), seuil)
	case n > 1:
		first += fmt.Sprintf(" : les %s arrondissements du territoire ont tous un lieu à moins de %s", people(float64(n)), seuil)
	}
	out = append(out, first+".")
	places := countFR(t.Places, "lieu", "lieux") + " " + plural(t.Places, "accueille", "accueillent")
	if t.Places == 0 {
		places = "Aucun lieu n'accueille"
	}
	if b.info.AtRiskIsPopulation {
		// Not measured: the population stands in for the people at risk.
		out = append(out, fmt.Sprintf("%s les %s du territoire ; %s", places, Inhabitants.Of(t.Population), AtRiskIsPopulation))
	} else {
		out = append(out, fmt.Sprintf("%s les %s du territoire, dont %s.", places, Inhabitants.Of(t.Population), PersonsAtRisk.Of(t.AtRisk)))
	}
	unit := "lieu"
	if t.Accessibility >= 2 {
		unit = "lieux"
	}
	out = append(out, fmt.Sprintf("Accessibilité moyenne : %s %s pour 10 000 personnes à risque (méthode %s, seuil %s).", decimal(t.Accessibility, 2), unit, methodName(o.Method), seuil))
	var p20, p30 float64
	for _, row := range r.Rows {
		if row.Beyond20 {
			p20 += row.Population
		}
		if row.Beyond30 {
			p30 += row.Population
		}
	}
	est := ""
	if o.Cost == access.NameCrowFly || o.Cost == access.NameDetour {
		est = " (durées estimées)"
	}
	over30 := people(p30)
	if math.Round(p30) == 0 {
		over30 = "aucun"
	}
	if math.Round(p20) == 0 {
		out = append(out, fmt.Sprintf("Aucun habitant ne vit à plus de 20 minutes du lieu le plus proche%s.", est))
	} else {
		out = append(out, fmt.Sprintf("%s à plus de 20 minutes du lieu le plus proche, %s à plus de 30 minutes%s.",
			Sentence(InhabitantsLive.Of(p20)), over30, est))
	}
	return out
}

// rowNouns names the rows: « arrondissement » when they all are the
// municipal arrondissements of Paris, Lyon or Marseille, else « commune ».
func rowNouns(rows []Row) (one, many string) {
	for _, r := range rows {
		if territory.ParentOf(r.Code) == "" {
			return "commune", "communes"
		}
	}
	if len(rows) == 0 {
		return "commune", "communes"
	}
	return "arrondissement", "arrondissements"
}

func methodName(kind string) string {
	switch kind {
	case access.Kind2SFCA:
		return "2SFCA"
	case access.KindGaussian:
		return "2SFCA gaussienne"
	}
	return "E2SFCA"
}
