package diagnostic

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strings"

	"maillage/internal/access"
	"maillage/internal/failure"
	"maillage/internal/fragility"
	"maillage/internal/french"
	"maillage/internal/place"
	"maillage/internal/territory"
)

// base is the diagnostic of all of France for one set of options and one
// revision: every commune's row and every unit's sums, from which a
// territory's report is a selection.
type base struct {
	ref      *territory.Referential
	opts     Options
	revision string
	demand   []access.Demand // the demand points: communes with a centre, arrondissements in place of their commune
	rows     []Row           // in demand's order
	groups   [][]string      // the unit keys of each row
	units    map[string]*Unit
	info     fragility.Info
	scale    string
	offer    access.OfferReport
	noCentre int      // communes left out: no centre known
	overseas int      // communes of the collectivités d'outre-mer: not in France's figures
	notes    []string // notes for every report
	// noRoute counts the commune–place pairs the OSRM server found no
	// route for (counted out of reach), of asked.
	noRoute access.Unroutable
	// unassigned are the places coded with a divided city's code (75056…)
	// no arrondissement could be given, by id: their city's code;
	// noArrondissement counts those kept by the options, by city.
	unassigned       map[string]string
	noArrondissement map[string]int
	// farFromOwn counts the places kept whose coordinates lie more than
	// territory.MaxKmFromCentre from the commune they are coded in: they
	// do not serve it at cost 0.
	farFromOwn int
	// placesOf are the ids of the places counted (kept by the options, with
	// a position) by the commune they count for (placeCommune): an
	// arrondissement, or a divided city for those without arrondissement.
	placesOf map[string][]string
}

// build computes the base: it reads the places and the demand, and
// computes accessibility over every commune and place.
func build(ctx context.Context, st Store, ref *territory.Referential, o Options, rev string) (*base, error) {
	if ref.Empty() {
		return nil, failure.Errorf(failure.Unavailable, "le référentiel des territoires n'est pas chargé : lancez maillage territoires import")
	}
	model, err := fragility.Build(ctx, st, ref)
	if err != nil {
		return nil, err
	}
	var lieux []*place.Lieu
	for l, err := range st.Lieux(ctx) {
		if err != nil {
			return nil, err
		}
		lieux = append(lieux, l)
	}
	return compute(ctx, ref, model, lieux, o, rev)
}

// hasArrondissements tells the communes whose arrondissements are in the
// referential: the arrondissements stand for them.
func hasArrondissements(ref *territory.Referential, code string) bool {
	return len(ref.Arrondissements(code)) > 0
}

// compute is build once everything is read.
func compute(ctx context.Context, ref *territory.Referential, model *fragility.Model, lieux []*place.Lieu, o Options, rev string) (*base, error) {
	b := &base{ref: ref, opts: o, revision: rev, units: map[string]*Unit{}, info: model.Info(), scale: model.Scale(),
		unassigned: map[string]string{}, noArrondissement: map[string]int{}, placesOf: map[string][]string{}}
	demand := model.Communes()
	split := map[string]bool{}
	for _, c := range ref.Communes {
		if p := territory.ParentOf(c.Code); p != "" {
			split[p] = true
		}
	}
	qpv := qpvCommunes(ref)
	for i := range ref.Communes {
		c := &ref.Communes[i]
		if split[c.Code] {
			continue
		}
		if c.Centre == nil || math.IsNaN(c.Centre.Lat) || math.IsNaN(c.Centre.Lon) {
			b.noCentre++
			continue
		}
		cd, ok := demand[c.Code]
		if !ok {
			cd = fragility.CommuneDemand{Code: c.Code, Population: float64(c.Population), AtRisk: float64(c.Population), Fragility: math.NaN()}
		}
		b.demand = append(b.demand, access.Demand{Code: c.Code, Lat: c.Centre.Lat, Lon: c.Centre.Lon, Population: cd.Population, AtRisk: cd.AtRisk})
		dep, epci := c.Departement, c.EPCI
		if p, ok := ref.Commune(territory.ParentOf(c.Code)); ok {
			dep, epci = cmp.Or(dep, p.Departement), cmp.Or(epci, p.EPCI)
		}
		b.rows = append(b.rows, Row{Code: c.Code, Name: c.Nom, Departement: dep, EPCI: epci,
			Population: cd.Population, AtRisk: cd.AtRisk, Fragility: cd.Fragility, InQPV: qpv[c.Code], NoIndicators: cd.NoIndicators})
		b.groups = append(b.groups, groupsOf(ref, c))
		if OverseasCollectivity(dep) {
			b.overseas++
		}
	}

	// Supply: the places kept by the options, at their position or their
	// commune's centre.
	offer := access.Offer{How: o.Weighting, Service: o.Service}
	supply, orep, err := offer.Supplies(lieux, ref)
	if err != nil {
		return nil, err
	}
	b.offer = orep
	communeOfPlace := make(map[string]string, len(lieux))
	for _, l := range lieux {
		c, city := placeCommune(ref, l)
		if city != "" {
			b.unassigned[l.ID] = city
		}
		if c != nil {
			communeOfPlace[l.ID] = c.Code
		}
	}
	rowOf := make(map[string]int, len(b.rows))
	for i, r := range b.rows {
		rowOf[r.Code] = i
	}
	for k := range supply {
		s := &supply[k]
		code, ok := communeOfPlace[s.ID]
		if !ok {
			continue
		}
		if parent, ok := b.unassigned[s.ID]; ok {
			b.noArrondissement[parent]++
		}
		c, _ := ref.Commune(code)
		b.placesOf[code] = append(b.placesOf[code], s.ID)
		if i, ok := rowOf[code]; ok {
			b.rows[i].Places++
			// A place serves its own commune (cost 0 in access.Compute),
			// however far the commune's centre lies from it, when it
			// plausibly lies in it.
			if liesIn(ref, c, s.Lat, s.Lon) {
				s.Commune = code
			} else {
				b.farFromOwn++
			}
		}
		for _, g := range groupsOf(ref, c) {
			b.unit(g).Places++
		}
	}

	// Accessibility, over all of France.
	cost := o.cost()
	ctx = access.WithUnroutable(ctx, &b.noRoute)
	res, err := access.Compute(ctx, o.method(), cost, b.demand, supply)
	if err != nil {
		return nil, err
	}
	km := make([]float64, len(res))
	for i, r := range res {
		km[i] = r.NearestCost
	}
	if cost.Name() != access.NameCrowFly {
		near, err := access.Nearest(ctx, access.CrowFly(), b.demand, supply, math.Inf(1))
		if err != nil {
			return nil, err
		}
		for i, n := range near {
			km[i] = n.Cost
		}
	}
	for i := range km {
		if km[i] > MaxNearestKm {
			km[i] = math.Inf(1) // « aucun lieu à moins de 200 km »
		}
	}
	minutes := make([]float64, len(res))
	switch cost.Name() {
	case access.NameCrowFly:
		for i := range km {
			minutes[i] = o.minutesOfKm(km[i])
		}
	case access.NameDetour:
		for i, r := range res {
			minutes[i] = r.NearestCost
		}
	case access.NameOSRM:
		// OSRM answers within the catchment only: ask again up to 30
		// minutes when the catchment is shorter.
		for i, r := range res {
			minutes[i] = r.NearestCost
		}
		if o.Catchment() < 30 {
			near, err := access.Nearest(ctx, cost, b.demand, supply, 30)
			if err != nil {
				return nil, err
			}
			for i, n := range near {
				minutes[i] = n.Cost
			}
		}
	}
	for i, r := range res {
		row := &b.rows[i]
		row.Accessibility = r.Accessibility
		row.DistanceKm = km[i]
		row.Served = r.Served
		row.Beyond20 = minutes[i] > 20
		row.Beyond30 = minutes[i] > 30
		if !r.Served {
			row.UnservedAtRisk = row.AtRisk
		}
		for _, g := range b.groups[i] {
			u := b.unit(g)
			u.Population += row.Population
			u.AtRisk += row.AtRisk
			u.Accessibility += row.AtRisk * row.Accessibility // divided below
			u.UnservedAtRisk += row.UnservedAtRisk
			u.Communes++
		}
	}
	for _, u := range b.units {
		if u.AtRisk > 0 {
			u.Accessibility /= u.AtRisk
		} else {
			u.Accessibility = 0
		}
		u.Fragility = math.NaN()
	}
	b.fragility(model, demand)
	b.name()
	b.notes = b.baseNotes()
	return b, nil
}

// unit returns the unit of a key, created empty.
func (b *base) unit(key string) *Unit {
	u, ok := b.units[key]
	if !ok {
		kind, code, _ := strings.Cut(key, ":")
		u = &Unit{Kind: kind, Code: code, Fragility: math.NaN()}
		b.units[key] = u
	}
	return u
}

// overseasCollectivities are the codes the referential gives the
// collectivités d'outre-mer and the territories outside the régions:
// Saint-Pierre-et-Miquelon, Saint-Barthélemy, Saint-Martin, the TAAF,
// Wallis-et-Futuna, French Polynesia, New Caledonia, Clipperton.
var overseasCollectivities = map[string]bool{"975": true, "977": true, "978": true, "984": true, "986": true, "987": true, "988": true, "989": true}

// OverseasCollectivity tells the département code of a collectivité
// d'outre-mer (COM). Their communes are left out of France's figures,
// gap table and placements: thousands of kilometres from the places of
// the registry, usually without the indicators of the mainland and the
// DROM, they would lead France's table (Nouméa first, 11 065 km from a
// place) and its recommendation (Faaa). Their own pages (their code, a
// commune's) keep them.
func OverseasCollectivity(dep string) bool { return overseasCollectivities[dep] }

// groupsOf returns the keys of the units a commune belongs to: France, its
// région, département, EPCI and itself; an arrondissement also belongs to
// its commune (and takes its commune's EPCI when it has none).
func groupsOf(ref *territory.Referential, c *territory.Commune) []string {
	if c == nil {
		return nil
	}
	reg, dep, epci := c.Region, c.Departement, c.EPCI
	parent := territory.ParentOf(c.Code)
	if p, ok := ref.Commune(parent); ok {
		reg, dep, epci = cmp.Or(reg, p.Region), cmp.Or(dep, p.Departement), cmp.Or(epci, p.EPCI)
	}
	var out []string
	if !OverseasCollectivity(dep) {
		out = append(out, KindFrance)
	}
	if reg != "" {
		out = append(out, KindRegion+":"+reg)
	}
	if dep != "" {
		out = append(out, KindDepartement+":"+dep)
	}
	if epci != "" {
		out = append(out, KindEPCI+":"+epci)
	}
	out = append(out, KindCommune+":"+c.Code)
	if parent != "" {
		out = append(out, KindCommune+":"+parent)
	}
	return out
}

// fragility sets the units' fragility from the model: recomputed from
// the summed numerators and denominators of each group, a commune's own.
func (b *base) fragility(model *fragility.Model, demand map[string]fragility.CommuneDemand) {
	areas := model.Areas(func(c *territory.Commune) []string {
		g := groupsOf(b.ref, c)
		// communes are read from the demand: Areas leaves arrondissements out
		return slices.DeleteFunc(g, func(k string) bool { return strings.HasPrefix(k, KindCommune+":") })
	})
	for k, a := range areas {
		if u, ok := b.units[k]; ok {
			u.Fragility = a.Fragility
		}
	}
	for k, u := range b.units {
		if u.Kind != KindCommune {
			continue
		}
		if d, ok := demand[u.Code]; ok {
			b.units[k].Fragility = d.Fragility
		}
	}
}

// name gives the units their names.
func (b *base) name() {
	for _, u := range b.units {
		switch u.Kind {
		case KindFrance:
			u.Name = "France"
		case KindRegion:
			if r, ok := b.ref.RegionOf(u.Code); ok {
				u.Name = r.Nom
			}
		case KindDepartement:
			if d, ok := b.ref.DepartementOf(u.Code); ok {
				u.Name = d.Nom
			}
		case KindEPCI:
			if e, ok := b.ref.EPCIOf(u.Code); ok {
				u.Name = e.Nom
			}
		case KindCommune:
			if c, ok := b.ref.Commune(u.Code); ok {
				u.Name = c.Nom
			}
		}
		if u.Name == "" {
			u.Name = u.Code
		}
	}
}

// communeOf is a place's commune: by INSEE code, else by a postcode that
// serves one commune only (as access.Offer places it).
func communeOf(ref *territory.Referential, l *place.Lieu) *territory.Commune {
	if c, ok := ref.Commune(l.CodeINSEE); ok {
		return c
	}
	// A postcode of Paris, Lyon or Marseille names the city and one of
	// its arrondissements: the arrondissement.
	if cs := ref.PostcodeCommunes(l.CodePostal); len(cs) == 1 {
		return cs[0]
	}
	return nil
}

// liesIn tells whether a point plausibly lies in a commune: within
// territory.MaxKmFromCentre of its contour when the contours are loaded
// and hold it, else of its centre (the imports' « loin de leur commune »
// rule). A place coded in a commune but placed elsewhere (a typo in the
// code, a head office's address) is not in it.
func liesIn(ref *territory.Referential, c *territory.Commune, lat, lon float64) bool {
	if c == nil {
		return false
	}
	if z, ok := ref.Contours.Zone(c.Code); ok {
		return z.DistanceKm(lat, lon) <= territory.MaxKmFromCentre
	}
	_, far := c.FarFrom(lat, lon)
	return !far
}

// placeCommune is the commune a place counts for, the one rule of the
// diagnostic's counts and of its lists of places: its commune (communeOf),
// except for a place coded with a divided city's code (75056 Paris, 69123
// Lyon, 13055 Marseille), which counts for the arrondissement it lies in
// (arrondissementOf); when none can be told, it counts for the city
// alone, whose code city then holds.
func placeCommune(ref *territory.Referential, l *place.Lieu) (c *territory.Commune, city string) {
	c = communeOf(ref, l)
	if c == nil || !hasArrondissements(ref, c.Code) {
		return c, ""
	}
	if a := arrondissementOf(ref, c.Code, l); a != nil {
		return a, ""
	}
	return c, c.Code
}

// AtRiskIsPopulation says, in French, that without indicators the
// people at risk are not measured (fragility.Info.AtRiskIsPopulation).
const AtRiskIsPopulation = "sans indicateur de personnes à risque chargé, la population en tient lieu : chaque habitant compte comme une personne à risque."

// OwnPlaceRule says, in French, that a place serves the commune it lies
// in (access.Supply.Commune): the centre of a commune is the centre of
// its area, which can be far from its town.
const OwnPlaceRule = "Un lieu situé dans une commune la dessert : la commune compte alors à 0 km de ce lieu (et dans le seuil), même si son centre, le centre de sa surface, en est loin. Un lieu placé à plus de 20 km de la commune de son code INSEE (de son contour quand les contours sont chargés, sinon de son centre) n'y est pas situé : il ne la dessert qu'à sa distance."

// baseNotes are the notes every report of the base carries.
func (b *base) baseNotes() []string {
	var out []string
	o := b.opts
	if b.info.AtRiskIsPopulation {
		out = append(out, Sentence(AtRiskIsPopulation))
	}
	out = append(out, OwnPlaceRule)
	if o.Cost == access.NameCrowFly {
		out = append(out, fmt.Sprintf("Distances à vol d'oiseau depuis le centre de chaque commune. Les durées (plus de 20 ou 30 minutes du lieu le plus proche) sont estimées à partir de ces distances : détour de %s, à %s km/h.", decimal(o.Detour, 1), decimal(o.Vitesse, 0)))
	}
	if o.Cost == access.NameDetour {
		out = append(out, fmt.Sprintf("Durées estimées : distance à vol d'oiseau × %s (détour), à %s km/h ; distance_km reste à vol d'oiseau.", decimal(o.Detour, 1), decimal(o.Vitesse, 0)))
	}
	if n := b.offer.Approx; n > 0 {
		out = append(out, fmt.Sprintf("%s sans coordonnées %s placé%s au centre de %s commune.", countFR(n, "lieu", "lieux"), plural(n, "est", "sont"), plural(n, "", "s"), plural(n, "sa", "leur")))
	}
	if n := b.farFromOwn; n > 0 {
		out = append(out, fmt.Sprintf("%s placé%s à plus de %d km de la commune de %s code INSEE ne la dessert%s qu'à %s distance (vérifiez %s code ou %s coordonnées).",
			countFR(n, "lieu", "lieux"), plural(n, "", "s"), territory.MaxKmFromCentre, plural(n, "son", "leur"), plural(n, "", "nt"), plural(n, "sa", "leur"), plural(n, "son", "leur"), plural(n, "ses", "leurs")))
	}
	if n := b.offer.NoPosition; n > 0 {
		out = append(out, fmt.Sprintf("%s sans coordonnées ni commune connue %s pas compté%s.", countFR(n, "lieu", "lieux"), plural(n, "n'est", "ne sont"), plural(n, "", "s")))
	}
	if n := b.offer.OtherService; n > 0 {
		out = append(out, fmt.Sprintf("Seuls les lieux proposant « %s » sont comptés (%s sans ce service laissé%s de côté).", o.Service, countFR(n, "lieu", "lieux"), plural(n, "", "s")))
	}
	if o.Weighting == access.WeightHours {
		out = append(out, fmt.Sprintf("Chaque lieu pèse ses heures d'ouverture par semaine ; %s aux horaires inconnus pèse%s la médiane des autres (%s h).", countFR(b.offer.UnknownHours, "lieu", "lieux"), plural(b.offer.UnknownHours, "", "nt"), decimal(b.offer.MedianHours, 1)))
	}
	if asked, none := b.noRoute.Counts(); none > 0 {
		out = append(out, fmt.Sprintf("Le serveur OSRM n'a trouvé aucun trajet pour %s sur %s demandés : ces lieux sont comptés hors d'atteinte de ces communes.",
			countFR(none, "couple commune–lieu", "couples commune–lieu"), french.Number(asked)))
	}
	if b.noCentre > 0 {
		out = append(out, fmt.Sprintf("%s sans centre connu %s pas comptée%s.", countFR(b.noCentre, "commune", "communes"), plural(b.noCentre, "n'est", "ne sont"), plural(b.noCentre, "", "s")))
	}
	out = append(out, "Le calcul porte sur toutes les communes et tous les lieux de France : un lieu situé de l'autre côté d'une limite dessert les communes proches ; le territoire ne fait que choisir les lignes affichées.")
	return out
}

// rankRows sorts rows by unserved people at risk, then people at risk
// (most first), then code.
func rankRows(rows []Row) {
	slices.SortStableFunc(rows, func(a, b Row) int {
		if c := cmp.Compare(b.UnservedAtRisk, a.UnservedAtRisk); c != 0 {
			return c
		}
		if c := cmp.Compare(b.AtRisk, a.AtRisk); c != 0 {
			return c
		}
		return cmp.Compare(a.Code, b.Code)
	})
}
