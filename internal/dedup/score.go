package dedup

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"maillage/internal/place"
)

// Config holds the thresholds of the bands and of blocking.
type Config struct {
	// Same is the total from which a pair is the same place (merged
	// automatically); Review the total from which it goes to review.
	Same, Review float64
	// SameWithin and ReviewWithin are those thresholds for two records of
	// one source under different ids, which that source says are two
	// places (within_source.go): stricter than across sources. Zero means
	// unset: never merged automatically, reviewed from Same.
	SameWithin, ReviewWithin float64
	// Radius (metres) within which two records are compared whatever their
	// communes.
	Radius float64
	// MaxBucket bounds the records compared pairwise in one commune or by one
	// shared contact: a bigger commune is compared within each name word,
	// a contact shared more widely is a switchboard and forms no pairs.
	MaxBucket int
}

// DefaultConfig returns the thresholds used when the configuration sets none.
func DefaultConfig() Config {
	return Config{Same: 7, Review: 3, SameWithin: DefaultSameWithin, ReviewWithin: 7, Radius: 500, MaxBucket: 300}
}

// Component is one signal's part in a decision.
type Component struct {
	// Value is the signal's measure: a similarity from 0 to 1, a distance in
	// metres, 1/0 for shared or not; -1 when a record lacks the field.
	Value float64 `json:"valeur"`
	// Points is the component's contribution to the total.
	Points float64 `json:"points"`
	// Note explains the component in French.
	Note string `json:"note"`
}

// Scores explains the decision on one pair: every component, the total and
// the band.
type Scores struct {
	Name       Component `json:"nom"`
	Address    Component `json:"adresse"`
	Distance   Component `json:"distance"`
	Commune    Component `json:"commune"`
	Pivot      Component `json:"pivot"`
	Phone      Component `json:"telephone"`
	Email      Component `json:"courriel"`
	Website    Component `json:"site_web"`
	Typology   Component `json:"typologie"`
	Hours      Component `json:"horaires"`
	Itinerance Component `json:"itinerance"`
	// SourceID: both sources gave the record the same opaque id (one copied
	// the other, or one system exported twice).
	SourceID Component `json:"identifiant"`
	Total    float64   `json:"total"`
	Band     Band      `json:"-"`
	// Reason says in French why the band is not the one the total gives,
	// when a rule caps it ("" otherwise).
	Reason string `json:"raison,omitempty"`
}

// Components returns the components with their French labels, in display
// order.
func (s *Scores) Components() []struct {
	Label string
	C     Component
} {
	type lc = struct {
		Label string
		C     Component
	}
	return []lc{
		{"Nom", s.Name}, {"Adresse", s.Address}, {"Distance", s.Distance},
		{"Commune", s.Commune}, {"SIRET / RNA", s.Pivot}, {"Téléphone", s.Phone},
		{"Courriel", s.Email}, {"Site web", s.Website}, {"Typologie", s.Typology},
		{"Horaires", s.Hours}, {"Itinérance", s.Itinerance}, {"Identifiant", s.SourceID},
	}
}

// prepared is a record reduced once for all its comparisons.
type prepared struct {
	rec          Record
	name         Name
	addr         Address
	point        *place.Point
	insee        string
	commune      string
	pivot        Pivot
	phones       []string
	emails       []string
	emailDomains []string // the e-mails' own domains (not generic providers)
	domains      []string // websites' registrable domains
	typology     []string
	hours        string
	mobility     mobility
	// mobilityContradicts: the name says the place moves, its itinerance
	// says Fixe only; mobility is then unknown.
	mobilityContradicts bool
	// operator holds the contacts ("t:+33…", "e:…") that the record's
	// source gives to several of its records (an operator's switchboard or
	// group address), set by the index.
	operator map[string]bool
}

// mobility is what a record says of whether the place moves.
type mobility int

const (
	mobilityUnknown   mobility = iota // itinerance empty, a name that says nothing
	mobilityFixed                     // Fixe only
	mobilityBoth                      // Fixe and Itinérant: a fixed site that also goes out
	mobilityItinerant                 // Itinérant only, or a name that says it moves (bus, mobile…)
)

// itinerant reports whether the place only moves.
func (p *prepared) itinerant() bool { return p.mobility == mobilityItinerant }

// mobilitiesConflict reports whether two records describe a place that
// moves and one that does not: a bus based at a fixed site's address is
// another place. A record that says nothing (no itinerance, a neutral
// name) does not conflict: it only keeps the pair from merging by itself
// (mobilitiesUncertain).
func mobilitiesConflict(a, b *prepared) bool {
	if a.itinerant() == b.itinerant() {
		return false
	}
	moving, other := a, b
	if b.itinerant() {
		moving, other = b, a
	}
	// Fixed by its own words (Fixe), or a name that does not say it moves
	// beside one that does.
	// A record whose name moves and whose field is fixed contradicts itself:
	// it neither conflicts nor agrees (compare keeps the pair for review).
	return !other.mobilityContradicts && (other.mobility != mobilityUnknown || moving.name.Itinerant)
}

// mobilitiesUncertain: one record moves by its itinerance field only, the
// other says nothing (a source without the field, or an older record).
func mobilitiesUncertain(a, b *prepared) bool {
	return a.itinerant() != b.itinerant() && !mobilitiesConflict(a, b)
}

func prepare(r Record) *prepared {
	l := r.Lieu
	p := &prepared{
		rec:     r,
		name:    NormalizeName(l.Nom, l.Commune),
		addr:    ParseAddress(l.Adresse, l.Commune),
		point:   l.Coordinates,
		insee:   communeCode(l.CodeINSEE),
		commune: expand(fold(l.Commune)),
		pivot:   ParsePivot(l.Pivot),
		hours:   strings.Join(strings.Fields(strings.ToLower(l.Horaires)), " "),
	}
	if p.point != nil && p.point.Lat == 0 && p.point.Lon == 0 {
		p.point = nil
	}
	for _, t := range l.Telephone {
		if n := NormalizePhone(t); n != "" {
			p.phones = appendUnique(p.phones, n)
		}
	}
	for _, e := range l.Courriels {
		if n := NormalizeEmail(e); n != "" {
			p.emails = appendUnique(p.emails, n)
		}
	}
	p.emailDomains = emailDomains(p.emails)
	for _, w := range l.SiteWeb {
		if d := WebsiteDomain(w); d != "" {
			p.domains = appendUnique(p.domains, d)
		}
	}
	for _, t := range l.Typologie {
		if t = strings.ToUpper(strings.TrimSpace(t)); t != "" {
			p.typology = appendUnique(p.typology, t)
		}
	}
	moves, fixed := false, false
	for _, it := range l.Itinerance {
		switch fold(it) {
		case "itinerant":
			moves = true
		case "fixe":
			fixed = true
		}
	}
	// A name that says the place moves (« Bus France services… »,
	// « … itinérante ») decides when the field says nothing; when the field
	// says Fixe only, the record contradicts itself (an antenna of an
	// itinerant service, a name kept after the bus stopped): unknown.
	switch {
	case p.name.Itinerant && fixed && !moves:
		p.mobilityContradicts = true
	case moves && !fixed, p.name.Itinerant:
		p.mobility = mobilityItinerant
	case moves && fixed:
		p.mobility = mobilityBoth
	case fixed:
		p.mobility = mobilityFixed
	}
	return p
}

// opaqueID reports whether a record id is specific enough that two sources
// giving it are describing one record: a UUID or a hash, whose letters and
// digits interleave ("5f1c2e9a-77b0"). A word and a counter ("lieu-10000",
// "structure-42"), which unrelated sources produce alike, does not count.
func opaqueID(id string) bool {
	if len(id) < 8 {
		return false
	}
	switches, prev := 0, 0 // 1 letter, 2 digit
	for _, r := range id {
		cur := 0
		switch {
		case r >= '0' && r <= '9':
			cur = 2
		case r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z':
			cur = 1
		default:
			continue
		}
		if prev != 0 && cur != prev {
			switches++
		}
		prev = cur
	}
	return switches >= 4
}

// communeCode returns the INSEE code of the commune: the arrondissements of
// Paris, Lyon and Marseille count as their commune (sources use either).
func communeCode(code string) string {
	code = strings.TrimSpace(code)
	if len(code) != 5 || !allDigits(code) {
		return code
	}
	n := code[2:]
	switch {
	case code[:2] == "75" && n >= "101" && n <= "120":
		return "75056"
	case code[:2] == "69" && n >= "381" && n <= "389":
		return "69123"
	case code[:2] == "13" && n >= "201" && n <= "216":
		return "13055"
	}
	return code
}

func appendUnique(list []string, v string) []string {
	if slices.Contains(list, v) {
		return list
	}
	return append(list, v)
}

func shareAny(a, b []string) bool {
	for _, x := range a {
		if slices.Contains(b, x) {
			return true
		}
	}
	return false
}

// Compare scores a pair of records with the configuration's thresholds.
func (c Config) Compare(a, b Record) Scores {
	return c.compare(prepare(a), prepare(b), true)
}

// Match is the matcher measured by the benchmark: Compare's band.
func (c Config) Match(a, b Record) Band { return c.Compare(a, b).Band }

// compare scores a pair; explain adds to the notes the details that cost
// allocations (distances, kinds, words), for the pairs shown to people.
func (c Config) compare(a, b *prepared, explain bool) Scores {
	var s Scores
	nameEvidence := s.scoreName(a, b, explain)
	placeEvidence := false

	// Address.
	if v := AddressSimilarity(a.addr, b.addr); v < 0 {
		s.Address = Component{Value: -1, Note: "adresse absente ou illisible d’un côté"}
	} else {
		s.Address.Value = v
		numbers := a.addr.Number != "" && b.addr.Number != ""
		switch {
		case v >= 1 && !numbers:
			s.Address.Points, s.Address.Note = 3, "même voie, sans numéro des deux côtés"
		case v >= 1:
			s.Address.Points, s.Address.Note = 3, "même numéro, même voie"
		case v >= 0.9:
			s.Address.Points, s.Address.Note = 2.5, "même voie, numéros voisins (bis, ter)"
		case v >= 0.8:
			s.Address.Points, s.Address.Note = 2, "même voie, numéro absent d’un côté"
		case v >= 0.4:
			s.Address.Points, s.Address.Note = -1, "même voie, autres numéros"
		case v >= 0.25:
			s.Address.Points, s.Address.Note = -0.5, "voies ressemblantes"
		case numbers:
			// Two numbered addresses in two streets: two buildings.
			s.Address.Points, s.Address.Note = -3, "autres voies, un numéro de chaque côté"
		default:
			s.Address.Points, s.Address.Note = -1.5, "autres voies"
		}
		placeEvidence = placeEvidence || v >= 0.8
	}
	// Two numbered addresses of the same kind of street that differ (other
	// streets, or other numbers): two buildings. A number or a street type
	// missing on one side may be a complement read as the street.
	numbered := a.addr.Number != "" && b.addr.Number != ""
	otherAddress := numbered && s.Address.Value >= 0 && (s.Address.Value < 0.25 ||
		s.Address.Value < 0.8 && a.addr.Type == b.addr.Type)

	// Distance.
	if a.point == nil || b.point == nil {
		s.Distance = Component{Value: -1, Note: "coordonnées absentes d’un côté"}
	} else {
		d := distanceMetres(*a.point, *b.point)
		s.Distance.Value = math.Round(d)
		switch {
		case d <= 30:
			s.Distance.Points = 2.5
		case d <= 150:
			s.Distance.Points = 2
		case d <= 400:
			s.Distance.Points = 1
		case d <= 1000:
			s.Distance.Points = 0.5
		case d <= 3000:
			s.Distance.Points = -0.5
		case d <= 10000:
			s.Distance.Points = -2
		default:
			s.Distance.Points = -4
		}
		s.Distance.Note = "distance entre les positions"
		if explain {
			s.Distance.Note = metres(d) + " l’un de l’autre"
		}
		placeEvidence = placeEvidence || d <= 150
	}
	branch := s.scoreBranch(a, b)

	// Commune.
	switch {
	case a.insee != "" && b.insee != "":
		if a.insee == b.insee {
			s.Commune = Component{Value: 1, Points: 0.5, Note: "même code INSEE"}
		} else {
			s.Commune = Component{Value: 0, Points: -2, Note: "codes INSEE différents"}
		}
	case a.commune != "" && b.commune != "":
		if a.commune == b.commune {
			s.Commune = Component{Value: 1, Points: 0.5, Note: "même nom de commune"}
		} else {
			s.Commune = Component{Value: 0, Points: -2, Note: "communes différentes"}
		}
	default:
		s.Commune = Component{Value: -1, Note: "commune absente d’un côté"}
	}

	if s.kindOnlyOtherCommunes(a, b) {
		nameEvidence = false
	}

	// Pivot.
	pa, pb := a.pivot, b.pivot
	switch {
	case pa.SIRET != "" && pa.SIRET == pb.SIRET:
		s.Pivot = Component{Value: 1, Points: 2.5, Note: "même SIRET"}
		placeEvidence = true
	case pa.SIREN != "" && pa.SIREN == pb.SIREN:
		s.Pivot = Component{Value: 0.5, Points: 1, Note: "même SIREN (même organisation), établissements non précisés ou différents"}
	case pa.SIREN != "" && pb.SIREN != "":
		s.Pivot = Component{Value: 0, Points: -2, Note: "SIREN différents : organisations différentes"}
	case pa.RNA != "" && pa.RNA == pb.RNA:
		s.Pivot = Component{Value: 1, Points: 2, Note: "même numéro RNA"}
		placeEvidence = true
	case pa.RNA != "" && pb.RNA != "":
		s.Pivot = Component{Value: 0, Points: -1, Note: "numéros RNA différents"}
	default:
		s.Pivot = Component{Value: -1, Note: "identifiant inconnu d’un côté"}
	}

	// Contacts: a shared phone or e-mail is weak evidence, since one
	// operator's contact often serves several sites; none at all when it
	// is shown to be an operator's (contact.go).
	switch {
	case len(a.phones) == 0 || len(b.phones) == 0:
		s.Phone = Component{Value: -1, Note: "téléphone absent d’un côté"}
	case shareAny(a.phones, b.phones) && operatorContact(a, b, "t:", a.phones, b.phones, otherAddress, &s.Phone, "même numéro"):
	case shareAny(a.phones, b.phones):
		s.Phone = Component{Value: 1, Points: 1.5, Note: "même numéro (peut servir à plusieurs sites)"}
		placeEvidence = true
	default:
		// Contacts change and a place has several: no evidence against.
		s.Phone = Component{Value: 0, Note: "numéros différents"}
	}
	switch {
	case len(a.emails) == 0 || len(b.emails) == 0:
		s.Email = Component{Value: -1, Note: "courriel absent d’un côté"}
	case shareAny(a.emails, b.emails) && operatorContact(a, b, "e:", a.emails, b.emails, otherAddress, &s.Email, "même adresse"):
	case shareAny(a.emails, b.emails):
		s.Email = Component{Value: 1, Points: 1.5, Note: "même adresse (peut servir à plusieurs sites)"}
		placeEvidence = true
	default:
		if shareAny(a.emailDomains, b.emailDomains) {
			s.Email = Component{Value: 0.5, Points: 0, Note: "adresses différentes du même domaine"}
		} else {
			s.Email = Component{Value: 0, Note: "adresses différentes"}
		}
	}
	switch {
	case len(a.domains) == 0 || len(b.domains) == 0:
		s.Website = Component{Value: -1, Note: "site propre absent d’un côté"}
	case shareAny(a.domains, b.domains):
		s.Website = Component{Value: 1, Points: 0.5, Note: "même domaine"}
	default:
		s.Website = Component{Value: 0, Note: "domaines différents"}
	}

	// Typology.
	switch {
	case len(a.typology) == 0 || len(b.typology) == 0:
		s.Typology = Component{Value: -1, Note: "typologie absente d’un côté"}
	case shareAny(a.typology, b.typology):
		s.Typology = Component{Value: 1, Points: 0.5, Note: "typologies communes"}
	default:
		s.Typology = Component{Value: 0, Points: -1, Note: "typologies différentes"}
	}

	// Opening hours.
	switch {
	case a.hours == "" || b.hours == "":
		s.Hours = Component{Value: -1, Note: "horaires absents d’un côté"}
	case a.hours == b.hours:
		s.Hours = Component{Value: 1, Points: 0.5, Note: "mêmes horaires"}
	default:
		s.Hours = Component{Value: 0, Note: "horaires différents"}
	}

	// Itinerance.
	if a.mobilityContradicts != b.mobilityContradicts {
		s.Itinerance = Component{Value: 0, Note: "l’un se dit itinérant par son nom mais fixe par son champ itinérance"}
	} else if mobilitiesUncertain(a, b) {
		s.Itinerance = Component{Value: 0, Note: "itinérant d’un côté, non précisé de l’autre"}
	} else if a.itinerant() != b.itinerant() {
		s.Itinerance = Component{Value: 0, Note: "un lieu itinérant et un lieu fixe"}
	} else {
		s.Itinerance = Component{Value: 1, Note: "même mode (fixe ou itinérant)"}
	}

	// Identifiers: an opaque id given by both sources.
	switch ia, ib := a.rec.Lieu.ID, b.rec.Lieu.ID; {
	case a.rec.Source != b.rec.Source && ia == ib && opaqueID(ia):
		s.SourceID = Component{Value: 1, Points: 2.5, Note: "même identifiant dans les deux sources"}
		if explain {
			s.SourceID.Note += " (« " + ia + " »)"
		}
		placeEvidence = true
	default:
		s.SourceID = Component{Value: -1, Note: "identifiants différents ou trop courts pour compter"}
	}

	if !nameEvidence && s.corroborateKindOnly(a, b) {
		nameEvidence = true
	}

	for _, x := range s.Components() {
		s.Total += x.C.Points
	}
	s.Total = math.Round(s.Total*10) / 10
	same, review := c.Same, c.Review
	within := withinSource(a, b)
	if within {
		same, review = c.withinThresholds()
	}
	switch {
	case s.Total >= same:
		s.Band = Same
	case s.Total >= review:
		s.Band = Review
	default:
		s.Band = Distinct
	}
	if within {
		s.Reason = withinReason(s.Total, s.Band, c)
	}
	switch {
	case mobilitiesConflict(a, b):
		s.Band, s.Reason = Distinct, "un lieu itinérant n’est jamais fusionné avec un lieu fixe"
	case s.Band == Same && a.mobilityContradicts != b.mobilityContradicts:
		s.Band, s.Reason = Review, "l’un se dit itinérant par son nom mais fixe par son champ itinérance : à vérifier"
	case s.Band == Same && mobilitiesUncertain(a, b):
		s.Band, s.Reason = Review, "l’un est itinérant, l’autre ne dit pas s’il l’est : à vérifier"
	case s.Band == Same && branch:
		s.Band, s.Reason = Review, "un seul des noms désigne une antenne, une annexe ou une permanence : un autre site du même service ?"
	case s.Band == Same && KindsConflict(a.name, b.name):
		s.Band, s.Reason = Review, "les noms désignent des lieux de natures différentes (deux services dans un même bâtiment ?)"
	case s.Band == Same && !nameEvidence:
		s.Band, s.Reason = Review, "les noms ne concordent pas assez (lieu renommé ?) : la ressemblance du reste ne suffit pas"
	case s.Band == Same && !placeEvidence:
		s.Band, s.Reason = Review, "rien ne situe les deux au même endroit (ni adresse, ni position proche, ni SIRET, ni contact)"
	}
	return s
}

// scoreName fills the name component and reports whether the names agree
// enough for an automatic merge.
func (s *Scores) scoreName(a, b *prepared, explain bool) bool {
	detail := func(d func() string) string {
		if !explain {
			return ""
		}
		return d()
	}
	na, nb := a.name, b.name
	na.Words, nb.Words = pairWords(na, nb)
	defer func() {
		if explain && len(na.Words) == len(a.name.Words) && len(nb.Words) == len(b.name.Words) {
			if op := slices.Concat(a.name.Operator, b.name.Operator); len(op) > 0 {
				s.Name.Note += " ; exploitant mis à part (« " + strings.Join(op, " ") + " »)"
			}
		}
	}()
	v := WordsSimilarity(na.Words, nb.Words)
	evidence := false
	switch {
	case v >= 0:
		s.Name.Value = v
		switch {
		case v >= 0.95:
			s.Name.Points, s.Name.Note = 4, "mêmes mots distinctifs"
		case v >= 0.8:
			s.Name.Points, s.Name.Note = 3, "mots distinctifs presque identiques"
		case v >= 0.6:
			s.Name.Points, s.Name.Note = 1.5, "mots distinctifs en partie communs"
		case v >= 0.4:
			s.Name.Points, s.Name.Note = -1, "peu de mots distinctifs communs"
		default:
			s.Name.Points, s.Name.Note = -3, "noms différents"
		}
		evidence = v >= 0.6
	case len(na.Words) == 0 && len(nb.Words) == 0 && len(na.Kinds) > 0 && slices.Equal(na.Kinds, nb.Kinds):
		// "France services de X" and "MSAP X" in the commune X: the name
		// says "the one of this commune".
		s.Name = Component{Value: 1, Points: 3.5, Note: "même nature de lieu, sans autre mot distinctif" + detail(func() string { return " (" + kindNames(na.Kinds) + ")" })}
		evidence = true
	case len(na.Words) == 0 && len(nb.Words) == 0 && !KindsConflict(na, nb) && shareAny(na.Kinds, nb.Kinds):
		// "CCAS – Mairie de X" and "CCAS de X": a kind in common, one name
		// says more about the building.
		s.Name = Component{Value: 0.9, Points: 3, Note: "même nature de lieu" + detail(func() string { return " (" + kindNames(na.Kinds) + " / " + kindNames(nb.Kinds) + ")" })}
		evidence = true
	case len(na.Words)+len(nb.Words) > 0 && !KindsConflict(na, nb) && shareAny(na.Kinds, nb.Kinds):
		// One name is more specific: perhaps an antenna of the other.
		s.Name = Component{Value: 0.5, Points: 1, Note: "même nature de lieu, précisée d’un seul côté" + detail(func() string {
			return " (« " + strings.Join(na.Words, " ") + strings.Join(nb.Words, " ") + " »)"
		})}
	default:
		s.Name = Component{Value: -1, Note: "noms sans mot distinctif comparable"}
	}
	if KindsConflict(na, nb) {
		s.Name.Points -= 4
		s.Name.Note += " ; natures de lieu différentes" + detail(func() string { return " (" + kindNames(na.Kinds) + " / " + kindNames(nb.Kinds) + ")" })
		evidence = false
	}
	return evidence
}

// kindLabels name the kinds of place in French.
var kindLabels = map[string]string{
	"franceservices": "France services", "pimms": "PIMMS", "mairie": "mairie", "bibliotheque": "médiathèque",
	"ccas": "CCAS", "cias": "CIAS", "epn": "espace public numérique", "centresocial": "centre social",
	"tierslieu": "tiers-lieu", "francetravail": "France Travail", "missionlocale": "mission locale",
	"poste": "La Poste", "caf": "CAF", "cpam": "CPAM", "solidarites": "maison des solidarités",
	"epci": "intercommunalité", "tourisme": "office de tourisme", "departement": "maison du département",
	"justice": "point-justice", "ecole": "école", "college": "collège", "lycee": "lycée", "universite": "université",
}

func kindNames(kinds []string) string {
	out := make([]string, len(kinds))
	for i, k := range kinds {
		if l, ok := kindLabels[k]; ok {
			out[i] = l
		} else {
			out[i] = k
		}
	}
	return strings.Join(out, ", ")
}

func emailDomains(emails []string) []string {
	var out []string
	for _, e := range emails {
		if d := EmailDomain(e); d != "" {
			out = append(out, d)
		}
	}
	return out
}

// distanceMetres is the great-circle distance between two points.
func distanceMetres(a, b place.Point) float64 {
	const r = 6371000.0
	la1, la2 := a.Lat*math.Pi/180, b.Lat*math.Pi/180
	dla := la2 - la1
	dlo := (b.Lon - a.Lon) * math.Pi / 180
	h := math.Sin(dla/2)*math.Sin(dla/2) + math.Cos(la1)*math.Cos(la2)*math.Sin(dlo/2)*math.Sin(dlo/2)
	return 2 * r * math.Asin(math.Min(1, math.Sqrt(h)))
}

func metres(d float64) string {
	if d < 1000 {
		return fmt.Sprintf("%.0f m", d)
	}
	return strings.Replace(fmt.Sprintf("%.1f km", d/1000), ".", ",", 1)
}
