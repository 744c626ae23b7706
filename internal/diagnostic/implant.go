package diagnostic

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"maillage/internal/access"
	"maillage/internal/failure"
	"maillage/internal/territory"
)

// MaxPicks bounds the number of new places asked for.
const MaxPicks = 200

// Pick is a site chosen for a new place.
type Pick struct {
	Rank int    // 1 for the first pick
	ID   string // the candidate's id: the INSEE code for a commune
	Code string // INSEE code of the commune of the site ("" when unknown)
	Name string // the site's or its commune's name
	// Lat and Lon are the site's position; Approx when it is a commune
	// centre.
	Lat, Lon float64
	Approx   bool
	// Covered is the unserved people at risk of the territory the pick
	// newly covers (personnes_couvertes): those of the communes within the
	// catchment of it and of no earlier pick.
	Covered float64
	// Communes and People are the communes it newly covers and their
	// population.
	Communes int
	People   float64
}

// Implantation says where k new places would cover the most unserved
// people at risk of a territory.
type Implantation struct {
	Territory Territory
	Options   Options // normalised; the catchment is the options'
	K         int     // the number asked for (Picks may be fewer: nobody left to cover)
	// Candidates says where the sites were chosen from, in French: the
	// communes of the territory, or a file.
	Candidates string
	Picks      []Pick
	// Before and After are the unserved communes, people and people at
	// risk of the territory before and after the new places.
	Before, After access.Gap
	// Guarantee states the greedy algorithm's guarantee in plain French.
	Guarantee string
	Revision  string
	// Stale is set when Revision is not the database's current one (see
	// Report.Stale).
	Stale *Stale
}

// Guarantee is the greedy choice and its guarantee, in French.
const Guarantee = "Choix glouton : chaque nouveau lieu est placé là où il couvre le plus de personnes à risque encore non desservies. " +
	"Ce choix couvre au moins 63 % (1 − 1/e) de ce que couvriraient les meilleurs emplacements possibles en même nombre " +
	"(Nemhauser, Wolsey et Fisher, 1978), et aucune méthode rapide ne garantit mieux en général."

// Implant chooses k new sites among candidates (the communes of the
// territory when candidates is nil) that cover the most unserved people
// at risk of the territory, within the options' catchment.
func Implant(ctx context.Context, st Store, ref *territory.Referential, t Territory, o Options, k int, candidates []access.Candidate) (*Implantation, error) {
	o, err := o.Normalise()
	if err != nil {
		return nil, err
	}
	if err := checkK(k); err != nil {
		return nil, err
	}
	rev, err := Revision(ctx, st)
	if err != nil {
		return nil, err
	}
	b, err := build(ctx, st, ref, o, rev)
	if err != nil {
		return nil, err
	}
	return b.implant(ctx, t, k, candidates, "")
}

func checkK(k int) error {
	if k < 1 || k > MaxPicks {
		return picksError(strconv.Itoa(k))
	}
	return nil
}

// ParsePicks reads a number of new places as the API, the pages and the
// CLI take it: an integer from 1 to MaxPicks, with one message for all.
func ParsePicks(s string) (int, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, failure.Errorf(failure.Invalid, "nombre manquant : un entier de 1 à %d (lieux à ouvrir)", MaxPicks)
	}
	k, err := strconv.Atoi(s)
	if err != nil || k < 1 || k > MaxPicks {
		return 0, picksError(s)
	}
	return k, nil
}

func picksError(v string) error {
	return failure.Errorf(failure.Invalid, "nombre « %s » invalide : un entier de 1 à %d (lieux à ouvrir)", v, MaxPicks)
}

// implant is Implant over a base; from names the candidates file ("" for
// the communes of the territory).
func (b *base) implant(ctx context.Context, t Territory, k int, candidates []access.Candidate, from string) (*Implantation, error) {
	if err := checkK(k); err != nil {
		return nil, err
	}
	if t.Kind == "" {
		t = Territory{Kind: KindFrance, Name: "France"}
	}
	key := t.key()
	out := &Implantation{Territory: t, Options: b.opts, K: k, Guarantee: Guarantee, Revision: b.revision}
	if u, ok := b.units[key]; ok && out.Territory.Name == "" {
		out.Territory.Name = u.Name
	}
	var unserved []access.Demand
	var own []access.Candidate
	for i, row := range b.rows {
		if !slices.Contains(b.groups[i], key) {
			continue
		}
		d := b.demand[i]
		if !row.Served {
			unserved = append(unserved, d)
			out.Before.Communes++
			out.Before.People += row.Population
			out.Before.AtRisk += row.AtRisk
		}
		if candidates == nil {
			own = append(own, access.Candidate{ID: row.Code, Nom: row.Name, CodeINSEE: row.Code, Lat: d.Lat, Lon: d.Lon, Approx: true})
		}
	}
	if candidates == nil {
		candidates = own
		out.Candidates = candidateWords(own)
	} else {
		out.Candidates = fmt.Sprintf("%s lu%s dans %s", countFR(len(candidates), "site candidat", "sites candidats"), plural(len(candidates), "", "s"), from)
	}
	// A site serves its own commune, as a place does: the commune the
	// file names, else the one whose contour holds it (when loaded).
	sites := make([]access.Supply, len(candidates))
	for j, c := range candidates {
		sites[j] = access.Supply{ID: c.ID, Lat: c.Lat, Lon: c.Lon, Weight: 1, Commune: c.CodeINSEE}
		if c.CodeINSEE == "" {
			if z := b.ref.Contours.At(c.Lat, c.Lon); z != nil {
				sites[j].Commune = z.Code
			}
		}
	}
	picks, err := access.GreedySites(ctx, b.opts.cost(), unserved, sites, k, b.opts.Catchment())
	if err != nil {
		return nil, err
	}
	byID := make(map[string]int, len(candidates))
	for j, c := range candidates {
		byID[c.ID] = j
	}
	out.After = out.Before
	for _, p := range picks {
		c := candidates[byID[p.Code]]
		pk := Pick{Rank: p.Rank, ID: c.ID, Code: c.CodeINSEE, Name: c.Nom, Lat: c.Lat, Lon: c.Lon, Approx: c.Approx,
			Covered: p.Covered, Communes: p.Communes, People: p.People}
		if pk.Name == "" {
			if cm, ok := b.ref.Commune(pk.Code); ok {
				pk.Name = cm.Nom
			}
		}
		out.Picks = append(out.Picks, pk)
		out.After.Communes -= p.Communes
		out.After.People -= p.People
		out.After.AtRisk -= p.Covered
	}
	return out, nil
}

// candidateWords says where the sites are chosen from when they are the
// territory's own: « les 12 communes du territoire (à leur centre) », « la
// commune du territoire (à son centre) », « les 20 arrondissements… ».
func candidateWords(own []access.Candidate) string {
	rows := make([]Row, len(own))
	for i, c := range own {
		rows[i].Code = c.CodeINSEE
	}
	one, many := rowNouns(rows)
	switch {
	case len(own) == 1 && one == "commune":
		return "la commune du territoire (à son centre)"
	case len(own) == 1:
		return "l'arrondissement du territoire (à son centre)"
	}
	return fmt.Sprintf("les %s du territoire (à leur centre)", countFR(len(own), one, many))
}

// Fewer says, when the implantation has fewer picks than asked, why:
// every person at risk of the territory is then within the catchment of a
// place, or no other candidate has unserved people at risk within reach;
// "" when it has them all.
func (im *Implantation) Fewer() string {
	n := len(im.Picks)
	if n >= im.K {
		return ""
	}
	seuil := seuilWords(im.Options)
	if n == 0 && math.Round(im.Before.AtRisk) == 0 {
		return "Aucun emplacement à proposer : toutes les personnes à risque du territoire sont déjà à moins de " + seuil + " d'un lieu."
	}
	if n == 0 {
		return fmt.Sprintf("Aucun emplacement à proposer : aucun site candidat n'a de personne à risque non desservie à moins de %s (%s %s sans lieu à moins de %s).",
			seuil, PersonsAtRisk.Of(im.Before.AtRisk), plural(int(math.Round(im.Before.AtRisk)), "reste", "restent"), seuil)
	}
	enough := countFR(n, "emplacement suffit", "emplacements suffisent")
	if math.Round(im.After.AtRisk) == 0 {
		with := "avec lui"
		if n > 1 {
			with = "avec eux"
		}
		return fmt.Sprintf("%s : %s, toutes les personnes à risque du territoire sont à moins de %s d'un lieu.", enough, with, seuil)
	}
	return fmt.Sprintf("%s : aucun autre site candidat n'a de personne à risque non desservie à moins de %s (%s %s sans lieu à moins de %s).",
		enough, seuil, PersonsAtRisk.Of(im.After.AtRisk), plural(int(math.Round(im.After.AtRisk)), "reste", "restent"), seuil)
}
