package main

import (
	"fmt"
	"math"
	"sort"
	"strings"
)

// Sizes of the derived categories. Real categories take what the list has
// (with caps written below).
const (
	nOtherSame      = 100
	nOtherDistinct  = 40
	nReformatted    = 110
	nRenamed        = 160
	nAddressVariant = 160
	nGeocodeOffset  = 150
	nContactChanged = 110
	nMissingFields  = 100
	nWithinSource   = 60
	nSameBuilding   = 160
	nMobileDerived  = 40
	nNeighbourDeriv = 70
	nSameName       = 100
	capPerContact   = 4
)

// realSame are pairs of the list that a person reads as one site listed
// twice (hand-checked; see the README).
var realSame = []struct{ a, b, why string }{
	{"99", "3079", "l'antenne de Murat à Neussargues et la France services de Neussargues : même adresse, même téléphone, l'antenne est devenue un site à part entière (id 3079 récent)"},
	{"672", "2773", "l'antenne du Teilleul à Barenton et la France services de Barenton : même adresse au numéro près de la casse"},
	{"1059", "1392", "l'antenne de Volvestre à La Haye et la France services de La Haye : même adresse, même courriel"},
	{"1060", "1866", "l'antenne de Volvestre à Périers et la France services de Périers : même adresse, même courriel"},
	{"975", "1825", "l'antenne de La Ferté-sous-Jouarre à Coulommiers et la France services de Coulommiers : même adresse, même Point d'accès au droit"},
	{"2569", "3011", "l'antenne de Saint-Julien-Chapteuil et la France services de Saint-Julien-Chapteuil : même adresse, téléphone et courriel"},
	{"1802", "2570", "le bus de Lavoisier-Brustlein et « France Services itinérante de Lavoisier-Brustlein » : même service itinérant, même téléphone et courriel"},
	{"2041", "2914", "deux lignes identiques du même bus Pimms Médiation Portes de Provence"},
}

// ambiguous are pairs of the list left out: a person cannot tell.
var ambiguous = map[string]string{
	"54+2709":   "Saint-Girons : un « Lieu fixe » au courriel « itinerant » et un « Mobile » non itinérant, même téléphone",
	"671+1865":  "Mortain-Bocage : deux « Site principal » au même 24 rue du Rocher, même courriel nominatif, téléphones et dates de labellisation différents (retirée à la relecture)",
	"2509+454":  "Pimms Médiation Melun en site fixe et en multi-sites itinérant : même nom, adresse et téléphone ; le multi-sites est-il un autre lieu ? (retirée à la relecture)",
	"2482+2900": "Pyrénées-Catalanes : multi-sites et antenne, tous deux itinérants, même téléphone, à 2 km",
}

func pairKey(a, b string) string {
	if b < a {
		a, b = b, a
	}
	return a + "+" + b
}

func (g *gen) generate() {
	used := map[string]bool{} // real pairs already in a category
	for k := range ambiguous {
		ids := strings.SplitN(k, "+", 2)
		used[pairKey(ids[0], ids[1])] = true
	}
	for _, s := range realSame {
		used[pairKey(s.a, s.b)] = true
	}
	// Rows for the derived same-place categories, each used once.
	pool := g.rng.Perm(len(g.rows))
	next := 0
	take := func() *fsRow {
		r := g.rows[pool[next%len(pool)]]
		next++
		return r
	}
	sameCats := []struct {
		name    string
		n       int
		primary string
	}{
		{"same_reformatted", nReformatted, ""},
		{"same_renamed", nRenamed, "rename"},
		{"same_address_variant", nAddressVariant, "readdress"},
		{"same_geocode_offset", nGeocodeOffset, "move"},
		{"same_contact_changed", nContactChanged, "recontact"},
		{"same_missing_fields", nMissingFields, "strip"},
	}
	for _, c := range sameCats {
		for i := 0; i < c.n; i++ {
			g.samePlace(c.name, take(), c.primary)
		}
	}
	for i := 0; i < nWithinSource; i++ {
		g.withinSource(take())
	}
	for _, s := range realSame {
		a, b := g.byID[s.a], g.byID[s.b]
		g.realPair("same_real", "same", a, b, "Doublon réel de la liste ANCT : "+s.why+".", false)
	}
	g.mobileAtBase(used)
	g.sameBuilding(take)
	g.neighbours(used, take)
	g.sharedContact(used)
	g.antennes(used)
	g.sameName(take)
	g.otherServices(take)
	g.namedByCommune()
}

// secondary perturbations of a same-place pair, with their chances.
var secondary = []struct {
	name string
	p    float64
}{
	{"rename", 0.25}, {"readdress", 0.3}, {"move", 0.3}, {"recontact", 0.15}, {"strip", 0.2},
}

func (g *gen) perturb(kind string, r *fsRow, f map[string]string, ch *change) {
	switch kind {
	case "rename":
		g.rename(r, f, ch)
	case "readdress":
		g.readdress(r, f, ch)
	case "move":
		g.move(r, f, ch, true)
	case "recontact":
		g.recontact(r, f, ch)
	case "strip":
		g.strip(f, ch)
	}
}

// otherYear is a site as another source writes it a year later: the
// primary change, and each other change with its chance (scaled by k).
func (g *gen) otherYear(r *fsRow, h hub, primary string, k float64) (record, *change) {
	rec, ch := g.variant(r, h)
	if primary != "" && primary != "strip" {
		g.perturb(primary, r, rec.Fields, ch)
	} else if primary == "" {
		// Another geocoder, a few metres off.
		d := 30 * g.rng.Float64()
		lat, lon := offset(r.Lat, r.Lon, d, 2*math.Pi*g.rng.Float64())
		rec.Fields["latitude"], rec.Fields["longitude"] = coord(lat, 6), coord(lon, 6)
	}
	for _, s := range secondary {
		if s.name != primary && g.chance(s.p*k) {
			g.perturb(s.name, r, rec.Fields, ch)
		}
	}
	if primary == "strip" {
		// Last, so that no later change puts back what it removed.
		g.perturb(primary, r, rec.Fields, ch)
	}
	rec.Fields = clean(rec.Fields)
	return rec, ch
}

func notes(ch *change) string {
	if len(ch.parts) == 0 {
		return "mise en forme seulement"
	}
	return strings.Join(ch.parts, " ; ")
}

func (g *gen) samePlace(cat string, r *fsRow, primary string) {
	h := g.otherSource(r)
	b, ch := g.otherYear(r, h, primary, 1)
	a := renderFS(r)
	note := fmt.Sprintf("Même site (liste ANCT n° %s, %s) décrit par %s un an plus tard : %s.", r.ID, r.Commune, h.Label, notes(ch))
	if g.chance(0.3) {
		// Neither side is the ANCT list: two other sources.
		h0 := g.otherSource(r)
		for i := 0; i < 5 && h0.Name == h.Name; i++ {
			h0 = g.otherSource(r)
		}
		if h0.Name != h.Name {
			var cha *change
			a, cha = g.otherYear(r, h0, "", 0.5)
			if strings.HasPrefix(a.Fields["date_maj"], "2024") {
				a.Fields["date_maj"] = "2023" + a.Fields["date_maj"][4:]
			}
			note = fmt.Sprintf("Même site (liste ANCT n° %s, %s) décrit par %s en 2023 (%s) et par %s en 2024 (%s).", r.ID, r.Commune, h0.Label, notes(cha), h.Label, notes(ch))
		}
	}
	g.add(g.order(&pair{ID: cat + "/" + r.ID, Label: "same", Category: cat, Origin: "derived", Note: note, A: a, B: b}))
}

// order puts the records of a pair in a random order.
func (g *gen) order(p *pair) *pair {
	if g.chance(0.5) {
		p.A, p.B = p.B, p.A
	}
	return p
}

func (g *gen) withinSource(r *fsRow) {
	h := g.otherSource(r)
	a, cha := g.otherYear(r, h, pick(g, []string{"", "rename", "readdress"}), 0.5)
	b, chb := g.otherYear(r, h, pick(g, []string{"rename", "readdress", "strip", "move"}), 0.5)
	note := fmt.Sprintf("Même site (liste ANCT n° %s, %s) saisi deux fois par %s : a — %s ; b — %s.", r.ID, r.Commune, h.Label, notes(cha), notes(chb))
	g.add(&pair{ID: "same_within_source/" + r.ID, Label: "same", Category: "same_within_source", Origin: "derived", Note: note, A: a, B: b})
}

// realPair adds a pair of two real sites; with cross, one of them is
// written by another source (with the usual changes of a year).
func (g *gen) realPair(cat, label string, a, b *fsRow, why string, cross bool) {
	ra, rb := renderFS(a), renderFS(b)
	id := cat + "/" + pairKey(a.ID, b.ID)
	if cross {
		h := g.otherSource(b)
		var ch *change
		rb, ch = g.otherYear(b, h, "", 0.6)
		why += fmt.Sprintf(" Le site n° %s est décrit par %s : %s.", b.ID, h.Label, notes(ch))
	}
	g.add(g.order(&pair{ID: id, Label: label, Category: cat, Origin: "real", Note: why, A: ra, B: rb}))
}

func sameAddress(a, b *fsRow) bool {
	return a.INSEE == b.INSEE && strings.EqualFold(strings.TrimSpace(a.Adresse), strings.TrimSpace(b.Adresse))
}

func (g *gen) mobileAtBase(used map[string]bool) {
	com := g.byCommune()
	withMobile := map[string]bool{}
	for _, insee := range sortedKeys(com) {
		rs := com[insee]
		for i := range rs {
			for j := i + 1; j < len(rs); j++ {
				a, b := rs[i], rs[j]
				if a.itinerant() == b.itinerant() {
					continue
				}
				if b.itinerant() {
					a, b = b, a
				}
				// a is the itinerant one.
				k := pairKey(a.ID, b.ID)
				if used[k] {
					continue
				}
				used[k] = true
				withMobile[b.ID] = true
				where := "dans la même commune"
				if sameAddress(a, b) {
					where = "à la même adresse (sa base)"
				}
				why := fmt.Sprintf("Réel : « %s » (n° %s, %s) est itinérante, « %s » (n° %s) est un site fixe %s : deux lieux.", a.Nom, a.ID, a.Format, b.Nom, b.ID, where)
				g.realPair("distinct_mobile_at_base", "distinct", b, a, why, g.chance(0.5))
			}
		}
	}
	// Derived: a bus based at a fixed site that has none in the list.
	n := 0
	for _, i := range g.rng.Perm(len(g.rows)) {
		r := g.rows[i]
		if n == nMobileDerived {
			break
		}
		if r.itinerant() || withMobile[r.ID] {
			continue
		}
		n++
		h := g.otherSource(r)
		bus, _ := g.variant(r, h)
		f := bus.Fields
		rest, _ := placeName(r.Nom)
		f["nom"] = pick(g, []string{"Bus France services " + rest, "France services itinérante " + rest, "Bus numérique France Services " + rest, "Camping-car France Services " + rest})
		f["itinerance"] = "Itinérant"
		f["typologie"] = "RFS"
		f["telephone"] = fmt.Sprintf("0%d %02d %02d %02d %02d", 6+g.rng.IntN(2), g.rng.IntN(100), g.rng.IntN(100), g.rng.IntN(100), g.rng.IntN(100))
		if g.chance(0.6) {
			f["courriels"] = "bus.franceservices@" + slug(r.Commune) + ".fr"
		}
		f["horaires"] = pick(g, []string{"Tu 09:00-12:00; Th 14:00-17:00", "Mo 14:00-17:00; We 09:00-12:00", "We,Fr 09:00-12:30"})
		lat, lon := offset(r.Lat, r.Lon, 20*g.rng.Float64(), 2*math.Pi*g.rng.Float64())
		f["latitude"], f["longitude"] = coord(lat, 6), coord(lon, 6)
		f["presentation_resume"] = "Le bus France services sillonne les communes du territoire ; départ depuis " + r.Adresse + "."
		bus.Fields = clean(f)
		a := renderFS(r)
		if g.chance(0.3) {
			a, _ = g.otherYear(r, h, "", 0.4)
		}
		note := fmt.Sprintf("Dérivé : bus itinérant « %s » basé à l'adresse du site fixe n° %s (%s) ; téléphone mobile propre : deux lieux.", f["nom"], r.ID, r.Commune)
		g.add(g.order(&pair{ID: "distinct_mobile_at_base/derived-" + r.ID, Label: "distinct", Category: "distinct_mobile_at_base", Origin: "derived", Note: note, A: a, B: bus}))
	}
}

func (g *gen) byCommune() map[string][]*fsRow {
	com := map[string][]*fsRow{}
	for _, r := range g.rows {
		com[r.INSEE] = append(com[r.INSEE], r)
	}
	return com
}

func sortedKeys[V any](m map[string]V) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// cohabitant is another service of a building that hosts a France services.
type cohabitant struct {
	name, typo, mail string
	hint             []string // words of the site's address or name that say it shares this building
	// aliases are the names sources give such a place: {de} is « de X » or
	// « d'X », {X} the commune, {XX} the commune in capitals.
	aliases []string
	altMail string
}

var cohabitants = []cohabitant{
	{"Mairie %s", "MUNI", "mairie@%s.fr", []string{"mairie", "hôtel de ville"},
		[]string{"Mairie {de}", "Mairie {X}", "Hôtel de ville {de}", "Mairie {de} - accueil", "Commune {de}", "MAIRIE DE {XX}"}, "accueil@mairie-%s.fr"},
	{"CCAS %s", "CCAS", "ccas@%s.fr", []string{"mairie", "ccas", "hôtel de ville"},
		[]string{"CCAS {de}", "Centre communal d'action sociale {de}", "C.C.A.S. {X}", "CCAS - Mairie {de}"}, "action.sociale@%s.fr"},
	{"Bureau de poste %s", "LA_POSTE", "", []string{"poste"},
		[]string{"Bureau de poste {de}", "La Poste {X}", "La Poste - bureau {de}", "LA POSTE {XX}"}, ""},
	{"Centre social %s", "CS", "accueil@cs-%s.fr", []string{"centre social", "socioculturel", "centre socio"},
		[]string{"Centre social {de}", "Centre socio-culturel {de}", "Centre social et culturel {X}", "CSC {X}"}, "direction@cs-%s.fr"},
	{"Médiathèque %s", "BIB", "mediatheque@%s.fr", []string{"médiathèque", "bibliothèque"},
		[]string{"Médiathèque {de}", "Bibliothèque {de}", "Médiathèque municipale {de}", "Bibliothèque municipale {X}", "Médiathèque intercommunale {de}"}, "bibliotheque@%s.fr"},
	{"Espace public numérique %s", "EPN", "epn@%s.fr", nil,
		[]string{"Espace public numérique {de}", "EPN {X}", "Cyberbase {de}", "Espace numérique {de}", "Point numérique {de}"}, "cyberbase@%s.fr"},
	{"Mission locale – permanence %s", "ML", "contact@ml-%s.fr", nil,
		[]string{"Mission locale – permanence {de}", "Mission Locale {X}", "Permanence Mission locale {de}"}, "accueil@ml-%s.fr"},
	{"Point d'accès au droit %s", "PAD", "pad@%s.fr", []string{"droit", "justice"},
		[]string{"Point d'accès au droit {de}", "PAD {de}", "Point-justice {de}"}, "point-justice@%s.fr"},
	{"Maison du département %s", "DEPT", "mdd.%s@departement.fr", []string{"maison du département", "département"},
		[]string{"Maison du département {de}", "Maison du Département {X}", "MDD {de}"}, "mdd-%s@departement.fr"},
}

// cohabitantsOf returns the kinds of place that may share the site's
// building: those its address, complement or name names (evidence), else
// those found in any town (an EPN, a mission locale's permanence, a
// médiathèque) — never a mairie, a post office or a maison du département
// that nothing points to.
func cohabitantsOf(r *fsRow) (kinds []cohabitant, evidence bool) {
	low := strings.ToLower(r.Adresse + " " + r.Complement + " " + r.Nom)
	var generic []cohabitant
	for _, c := range cohabitants {
		if c.hint == nil || c.typo == "BIB" {
			generic = append(generic, c)
		}
		for _, h := range c.hint {
			if strings.Contains(low, h) {
				kinds = append(kinds, c)
				break
			}
		}
	}
	if len(kinds) > 0 {
		return kinds, true
	}
	return generic, false
}

func (g *gen) sameBuilding(take func() *fsRow) {
	n := 0
	for n < nSameBuilding {
		r := take()
		if r.itinerant() {
			continue
		}
		fits, evidence := cohabitantsOf(r)
		c := pick(g, fits)
		a := renderFS(r)
		if g.chance(0.4) {
			a, _ = g.otherYear(r, g.otherSource(r), "", 0.4)
		}
		h := g.otherSource(r)
		other, _ := g.variant(r, h)
		f := other.Fields
		f["nom"] = fmt.Sprintf(c.name, ofPlace(r.Commune))
		f["typologie"] = c.typo
		delete(f, "dispositif_programmes_nationaux")
		f["itinerance"] = "Fixe"
		f["services"] = pick(g, []string{"Accès internet et matériel informatique", "Maîtrise des outils numériques du quotidien|Accès internet et matériel informatique", "Aide aux démarches administratives"})
		sharedPhone := a.Fields["telephone"] != "" && g.chance(0.25)
		if sharedPhone {
			f["telephone"] = g.phoneFormat(a.Fields["telephone"])
		} else {
			f["telephone"] = g.newPhone(r)
		}
		if c.mail != "" {
			f["courriels"] = fmt.Sprintf(c.mail, slug(r.Commune))
		} else {
			delete(f, "courriels")
		}
		f["horaires"] = pick(g, []string{"Mo-Fr 08:30-12:00,13:30-17:30", "Tu-Sa 10:00-12:00,14:00-18:00", "Mo,Th 09:00-12:00; We 14:00-17:00", "Mo-Fr 09:00-12:00"})
		lat, lon := offset(r.Lat, r.Lon, 15*g.rng.Float64(), 2*math.Pi*g.rng.Float64())
		f["latitude"], f["longitude"] = coord(lat, 6), coord(lon, 6)
		ch := &change{}
		if g.chance(0.3) {
			g.readdress(r, f, ch)
		}
		other.Fields = clean(f)
		why := "l'adresse ou le nom du site ne dit rien du bâtiment (service inventé, plausible)"
		if evidence {
			why = "l'adresse ou le nom du site réel désigne ce bâtiment"
		}
		shared := ""
		if sharedPhone {
			shared = " ; même standard téléphonique"
		}
		note := fmt.Sprintf("Dérivé : « %s » et la France services n° %s partagent le bâtiment (%s)%s%s : deux services, deux lieux.", f["nom"], r.ID, why, shared, prefixed(ch))
		origin := "derived"
		g.add(g.order(&pair{ID: "distinct_same_building/" + r.ID, Label: "distinct", Category: "distinct_same_building", Origin: origin, Note: note, A: a, B: other}))
		n++
	}
}

func prefixed(ch *change) string {
	if len(ch.parts) == 0 {
		return ""
	}
	return " ; " + strings.Join(ch.parts, " ; ")
}

// streets are common French street names, for derived neighbours.
var streets = []string{"Rue de la République", "Place du Marché", "Rue Victor Hugo", "Avenue Jean Jaurès", "Rue Pasteur", "Rue de l'Église", "Place de la Libération", "Rue du Stade", "Allée des Tilleuls", "Rue des Écoles", "Boulevard Gambetta", "Rue Jules Ferry", "Rue de la Gare", "Place Charles de Gaulle", "Rue du 8 Mai 1945"}

func (g *gen) neighbours(used map[string]bool, take func() *fsRow) {
	com := g.byCommune()
	for _, insee := range sortedKeys(com) {
		rs := com[insee]
		for i := range rs {
			for j := i + 1; j < len(rs); j++ {
				a, b := rs[i], rs[j]
				if a.itinerant() || b.itinerant() {
					continue
				}
				k := pairKey(a.ID, b.ID)
				if used[k] {
					continue
				}
				used[k] = true
				d := haversine(a.Lat, a.Lon, b.Lat, b.Lon)
				why := fmt.Sprintf("Réel : deux sites fixes de la liste dans la même commune, « %s » (n° %s, %s) et « %s » (n° %s, %s), à %.0f m.", a.Nom, a.ID, a.Adresse, b.Nom, b.ID, b.Adresse, d)
				if sameAddress(a, b) {
					why += " Même adresse, mais sites distincts pour l'ANCT (noms, contacts différents)."
				}
				g.realPair("distinct_neighbours", "distinct", a, b, why, g.chance(0.5))
			}
		}
	}
	for n := 0; n < nNeighbourDeriv; {
		r := take()
		if r.itinerant() {
			continue
		}
		n++
		c := pick(g, cohabitants[:])
		h := g.otherSource(r)
		other, _ := g.variant(r, h)
		f := other.Fields
		f["nom"] = fmt.Sprintf(c.name, ofPlace(r.Commune))
		f["typologie"] = c.typo
		delete(f, "dispositif_programmes_nationaux")
		delete(f, "complement_adresse")
		street := pick(g, streets)
		if strings.Contains(r.Adresse, street) {
			street = "Rue des Écoles"
		}
		f["adresse"] = fmt.Sprintf("%d %s", 1+g.rng.IntN(40), street)
		d := 200 + 1300*g.rng.Float64()
		lat, lon := offset(r.Lat, r.Lon, d, 2*math.Pi*g.rng.Float64())
		f["latitude"], f["longitude"] = coord(lat, 6), coord(lon, 6)
		f["telephone"] = g.newPhone(r)
		if c.mail != "" {
			f["courriels"] = fmt.Sprintf(c.mail, slug(r.Commune))
		} else {
			delete(f, "courriels")
		}
		other.Fields = clean(f)
		note := fmt.Sprintf("Dérivé : « %s », %s, à %.0f m de la France services n° %s dans la même commune (adresse inventée) : deux lieux.", f["nom"], f["adresse"], d, r.ID)
		g.add(g.order(&pair{ID: "distinct_neighbours/derived-" + r.ID, Label: "distinct", Category: "distinct_neighbours", Origin: "derived", Note: note, A: renderFS(r), B: other}))
	}
}

func (g *gen) sharedContact(used map[string]bool) {
	groups := map[string][]*fsRow{}
	for _, r := range g.rows {
		if d := digits(r.Tel); len(d) >= 9 {
			groups["tel:"+d] = append(groups["tel:"+d], r)
		}
		if m := strings.ToLower(strings.TrimSpace(r.Mail)); m != "" {
			groups["mail:"+m] = append(groups["mail:"+m], r)
		}
	}
	for _, k := range sortedKeys(groups) {
		rs := groups[k]
		n := 0
		for i := range rs {
			for j := i + 1; j < len(rs) && n < capPerContact; j++ {
				a, b := rs[i], rs[j]
				pk := pairKey(a.ID, b.ID)
				if used[pk] {
					continue
				}
				used[pk] = true
				n++
				what := "le même téléphone " + a.Tel
				if strings.HasPrefix(k, "mail:") {
					what = "le même courriel " + a.Mail
				}
				d := haversine(a.Lat, a.Lon, b.Lat, b.Lon)
				why := fmt.Sprintf("Réel : « %s » (n° %s, %s) et « %s » (n° %s, %s), à %.1f km, ont %s (opérateur commun) : deux sites.", a.Nom, a.ID, a.Commune, b.Nom, b.ID, b.Commune, d/1000, what)
				g.realPair("distinct_shared_contact", "distinct", a, b, why, g.chance(0.5))
			}
		}
	}
}

func (g *gen) antennes(used map[string]bool) {
	byGroup := map[string][]*fsRow{}
	for _, r := range g.rows {
		if r.Groupe != "" {
			byGroup[r.Groupe] = append(byGroup[r.Groupe], r)
		}
	}
	for _, r := range g.rows {
		if r.Format != "Antenne" && r.FormatFS != "Antenne" {
			continue
		}
		// The main site: named by the antenna's name ("France services X -
		// Antenne de Y" → "France services X"), or of the same group.
		var mains []*fsRow
		if i := strings.Index(r.Nom, " - "); i > 0 {
			head := strings.ToLower(strings.TrimSpace(r.Nom[:i]))
			for _, m := range g.rows {
				if m != r && m.Format != "Antenne" && strings.ToLower(m.Nom) == head {
					mains = append(mains, m)
				}
			}
		}
		if len(mains) == 0 && r.Groupe != "" {
			for _, m := range byGroup[r.Groupe] {
				if m != r && m.FormatFS == "Site principal" && m.Format != "Mobile" {
					mains = append(mains, m)
				}
			}
		}
		for _, m := range mains {
			pk := pairKey(r.ID, m.ID)
			if used[pk] {
				continue
			}
			used[pk] = true
			d := haversine(r.Lat, r.Lon, m.Lat, m.Lon)
			why := fmt.Sprintf("Réel : « %s » (n° %s, %s) est une antenne de « %s » (n° %s, %s), à %.1f km : deux lieux d'accueil.", r.Nom, r.ID, r.Commune, m.Nom, m.ID, m.Commune, d/1000)
			g.realPair("distinct_antenne", "distinct", m, r, why, g.chance(0.5))
		}
	}
}

func (g *gen) sameName(take func() *fsRow) {
	// Real: two sites of the list with one name in two communes.
	names := map[string][]*fsRow{}
	for _, r := range g.rows {
		names[strings.ToLower(r.Nom)] = append(names[strings.ToLower(r.Nom)], r)
	}
	for _, k := range sortedKeys(names) {
		rs := names[k]
		for i := range rs {
			for j := i + 1; j < len(rs); j++ {
				if rs[i].INSEE != rs[j].INSEE {
					why := fmt.Sprintf("Réel : « %s » existe à %s (n° %s) et à %s (n° %s) : deux communes, deux lieux.", rs[i].Nom, rs[i].Commune, rs[i].ID, rs[j].Commune, rs[j].ID)
					g.realPair("distinct_same_name", "distinct", rs[i], rs[j], why, false)
				}
			}
		}
	}
	// Derived: a source names sites without their commune; two sites of
	// one département, in two communes, get the same name.
	byDep := map[string][]*fsRow{}
	for _, r := range g.rows {
		byDep[r.Dep] = append(byDep[r.Dep], r)
	}
	generic := []string{"France Services", "Maison France Services", "Espace France Services", "Maison des services", "France services intercommunale"}
	for n := 0; n < nSameName; {
		a := take()
		var near []*fsRow
		for _, b := range byDep[a.Dep] {
			if b.INSEE != a.INSEE && b.itinerant() == a.itinerant() && haversine(a.Lat, a.Lon, b.Lat, b.Lon) < 25000 {
				near = append(near, b)
			}
		}
		if len(near) == 0 {
			continue
		}
		b := pick(g, near)
		n++
		name := pick(g, generic)
		if a.itinerant() {
			name = "Bus France Services"
		}
		if a.Groupe != "" && a.Groupe == b.Groupe && g.chance(0.5) {
			name = "France services " + a.Groupe
		}
		h := g.otherSource(a)
		ra, cha := g.otherYear(a, h, "", 0.4)
		rb, chb := g.otherYear(b, h, "", 0.4)
		ra.Fields["nom"], rb.Fields["nom"] = name, name
		d := haversine(a.Lat, a.Lon, b.Lat, b.Lon)
		note := fmt.Sprintf("Dérivé : %s nomme « %s » les sites n° %s (%s) et n° %s (%s), à %.1f km : deux communes, deux lieux (a — %s ; b — %s).", h.Label, name, a.ID, a.Commune, b.ID, b.Commune, d/1000, notes(cha), notes(chb))
		g.add(&pair{ID: "distinct_same_name/derived-" + pairKey(a.ID, b.ID), Label: "distinct", Category: "distinct_same_name", Origin: "derived", Note: note, A: ra, B: rb})
	}
}

// service makes the pseudo-site of a place of another kind at a site's
// address: its own name, phone, e-mail and hours, a few metres off.
func (g *gen) service(r *fsRow, c cohabitant) *fsRow {
	rep := strings.NewReplacer("{de}", ofPlace(r.Commune), "{X}", r.Commune, "{XX}", strings.ToUpper(stripAccents(r.Commune)))
	s := *r
	s.ID = r.ID + "-" + c.typo
	s.Aliases = nil
	for _, a := range c.aliases {
		s.Aliases = append(s.Aliases, rep.Replace(a))
	}
	s.Nom = s.Aliases[0]
	s.Typo = c.typo
	s.Tel = g.newPhone(r)
	s.Mail = ""
	if c.mail != "" {
		s.Mail = fmt.Sprintf(c.mail, slug(r.Commune))
	}
	if c.altMail != "" {
		s.AltMail = fmt.Sprintf(c.altMail, slug(r.Commune))
	}
	s.Hours = pick(g, [][6]string{
		{"08:30 - 12:00 / 13:30 - 17:30", "08:30 - 12:00 / 13:30 - 17:30", "08:30 - 12:00 / 13:30 - 17:30", "08:30 - 12:00 / 13:30 - 17:30", "08:30 - 12:00 / 13:30 - 17:00", ""},
		{"", "10:00 - 12:00 / 14:00 - 18:00", "10:00 - 18:00", "", "14:00 - 18:00", "10:00 - 12:30"},
		{"09:00 - 12:00", "", "09:00 - 12:00 / 14:00 - 17:00", "", "09:00 - 12:00", ""},
	})
	s.Lat, s.Lon = offset(r.Lat, r.Lon, 15*g.rng.Float64(), 2*math.Pi*g.rng.Float64())
	s.LatS, s.LonS = coord(s.Lat, 6), coord(s.Lon, 6)
	s.Groupe, s.Format, s.FormatFS, s.Itinerance = "", "Lieu fixe", "Site principal", "Non"
	return &s
}

// otherServices: places of other kinds (mairie, médiathèque, EPN…) in the
// buildings of the list's sites, each described by two sources (same), and
// two of them in one building (distinct).
func (g *gen) otherServices(take func() *fsRow) {
	for n := 0; n < nOtherSame; {
		r := take()
		if r.itinerant() {
			continue
		}
		n++
		kinds, _ := cohabitantsOf(r)
		svc := g.service(r, pick(g, kinds))
		h1, h2 := g.otherSource(r), g.otherSource(r)
		for i := 0; i < 5 && h2.Name == h1.Name; i++ {
			h2 = g.otherSource(r)
		}
		a, cha := g.otherYear(svc, h1, "", 0.3)
		if strings.HasPrefix(a.Fields["date_maj"], "2024") {
			a.Fields["date_maj"] = "2023" + a.Fields["date_maj"][4:]
		}
		primary := "rename"
		if !g.chance(0.6) {
			primary = pick(g, []string{"readdress", "move", "recontact", "strip"})
		}
		b, chb := g.otherYear(svc, h2, primary, 1)
		same := "une seule source"
		if h1.Name != h2.Name {
			same = "deux sources"
		}
		note := fmt.Sprintf("Dérivé : « %s », lieu inventé dans le bâtiment de la France services n° %s (%s), décrit par %s en 2023 (%s) et par %s en 2024 (%s) ; %s.", svc.Nom, r.ID, r.Commune, h1.Label, notes(cha), h2.Label, notes(chb), same)
		g.add(&pair{ID: "same_other_service/" + svc.ID, Label: "same", Category: "same_other_service", Origin: "derived", Note: note, A: a, B: b})
	}
	for n := 0; n < nOtherDistinct; {
		r := take()
		if r.itinerant() {
			continue
		}
		n++
		kinds, evidence := cohabitantsOf(r)
		if evidence {
			generic, _ := cohabitantsOf(&fsRow{})
			kinds = append(kinds, generic...)
		}
		i := g.rng.IntN(len(kinds))
		j := (i + 1 + g.rng.IntN(len(kinds)-1)) % len(kinds)
		for k := 0; k < len(kinds) && kinds[i].typo == kinds[j].typo; k++ {
			j = (j + 1) % len(kinds)
		}
		s1, s2 := g.service(r, kinds[i]), g.service(r, kinds[j])
		if g.chance(0.25) {
			s2.Tel = s1.Tel // one switchboard
		}
		h := g.otherSource(r)
		a, cha := g.otherYear(s1, h, "", 0.4)
		b, chb := g.otherYear(s2, h, "", 0.4)
		note := fmt.Sprintf("Dérivé : « %s » et « %s », deux services inventés dans le bâtiment de la France services n° %s (%s), décrits par %s (a — %s ; b — %s) : deux lieux.", s1.Nom, s2.Nom, r.ID, r.Commune, h.Label, notes(cha), notes(chb))
		g.add(&pair{ID: "distinct_same_building/services-" + r.ID, Label: "distinct", Category: "distinct_same_building", Origin: "derived", Note: note, A: a, B: b})
	}
}
