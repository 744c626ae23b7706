package dedup

import (
	"slices"
	"sort"
	"strings"
	"unicode"
)

// Name is a place's name reduced to what identifies it: the kinds of place it
// names (a mairie, a France services, a library…), the words that tell it from
// other places of its kind, and whether it names an itinerant service.
type Name struct {
	// Kinds are the canonical kinds of place the name contains, sorted
	// ("bibliotheque", "franceservices", "mairie"…).
	Kinds []string
	// Words are the distinctive words, without stop words, filler words,
	// kinds and the commune's name.
	Words []string
	// Itinerant is set when the name says the service moves (bus, itinérant…).
	Itinerant bool
	// Branch is set when the name says it is a secondary site of a service
	// (« antenne », « annexe », « permanence », « point relais », « site
	// de »): beside a name that does not, it is likely another site.
	Branch bool
	// Operator holds the words that name the place's operator (« CC Val
	// de Reyssouze », « … Agglo »), set apart from Words (operator.go).
	Operator []string
}

// renamings maps phrases (folded, spaces around) to a canonical kind token.
// Longer phrases come first so that they win over their parts.
var renamings = func() [][2]string {
	r := [][2]string{
		// France services and its former names.
		{"maison de services au public", "franceservices"},
		{"maison des services au public", "franceservices"},
		{"maison de service au public", "franceservices"},
		{"maison des services publics", "franceservices"},
		{"maison de services publics", "franceservices"},
		{"relais de services publics", "franceservices"},
		{"relais services publics", "franceservices"},
		{"espace france services", "franceservices"},
		{"maison france services", "franceservices"},
		{"maison france service", "franceservices"},
		{"france services", "franceservices"},
		{"france service", "franceservices"},
		{"franceservices", "franceservices"},
		{"msap", "franceservices"},
		{"mfs", "franceservices"}, // maison France services
		{"efs", "franceservices"}, // espace France services
		{"point d information mediation multi services", "pimms"},
		{"point information mediation multi services", "pimms"},
		{"pimms", "pimms"},
		{"hotel de ville", "mairie"},
		{"mairie", "mairie"},
		{"ludomediatheque", "bibliotheque"},
		{"medialudotheque", "bibliotheque"},
		{"mediatheque", "bibliotheque"},
		{"bibliotheque", "bibliotheque"},
		{"centre communal d action sociale", "ccas"},
		{"centre intercommunal d action sociale", "cias"},
		{"ccas", "ccas"},
		{"cias", "cias"},
		{"espace public numerique", "epn"},
		{"espaces publics numeriques", "epn"},
		{"cyber base", "epn"},
		{"cyberbase", "epn"},
		{"cyber espace", "epn"},
		{"cyberespace", "epn"},
		{"cyber centre", "epn"},
		{"cybercentre", "epn"},
		{"epn", "epn"},
		{"espace numerique", "epn"},
		{"point numerique", "epn"},
		{"point d acces numerique", "epn"},
		{"espace multimedia", "epn"},
		{"centre socio culturel", "centresocial"},
		{"centre social et culturel", "centresocial"},
		{"centre socioculturel", "centresocial"},
		{"centre social", "centresocial"},
		{"centres sociaux", "centresocial"},
		{"espace de vie sociale", "centresocial"},
		{"maison de quartier", "centresocial"},
		{"evs", "centresocial"},
		{"tiers lieux", "tierslieu"},
		{"tiers lieu", "tierslieu"},
		{"tierslieu", "tierslieu"},
		{"fab lab", "tierslieu"},
		{"fablab", "tierslieu"},
		{"pole emploi", "francetravail"},
		{"france travail", "francetravail"},
		{"mission locale", "missionlocale"},
		{"agence postale communale", "poste"},
		{"agence postale", "poste"},
		{"bureau de poste", "poste"},
		{"la poste", "poste"},
		{"caisse d allocations familiales", "caf"},
		{"caf", "caf"},
		{"caisse primaire d assurance maladie", "cpam"},
		{"cpam", "cpam"},
		{"maison departementale des solidarites", "solidarites"},
		{"maison des solidarites", "solidarites"},
		{"communaute de communes", "epci"},
		{"communaute d agglomeration", "epci"},
		{"communaute urbaine", "epci"},
		{"communaute communes", "epci"},
		{"communaute agglomeration", "epci"},
		{"metropole", "epci"},
		{"agglomeration", "epci"},
		{"agglo", "epci"},
		{"office de tourisme", "tourisme"},
		{"maison du departement", "departement"},
		{"maison departementale", "departement"},
		{"mdd", "departement"},
		{"point d acces au droit", "justice"},
		{"point justice", "justice"},
		{"maison de justice et du droit", "justice"},
		{"mjd", "justice"},
		{"ecole", "ecole"},
		{"college", "college"},
		{"lycee", "lycee"},
		{"universite", "universite"},
	}
	sort.SliceStable(r, func(i, j int) bool { return len(r[i][0]) > len(r[j][0]) })
	return r
}()

// compatibleKinds are pairs of different kinds that may name the same place.
var compatibleKinds = map[[2]string]bool{
	{"franceservices", "pimms"}: true, // many PIMMS are labelled France services
	{"ccas", "cias"}:            true,
	{"centresocial", "epn"}:     true, // an EPN is often run in a centre social
}

// fillerWords say what kind of thing a place is without telling one place
// from another; they are dropped from Name.Words.
var fillerWords = map[string]bool{
	"municipale": true, "municipal": true, "municipales": true, "intercommunale": true,
	"intercommunal": true, "communale": true, "communal": true, "departementale": true,
	"espace": true, "espaces": true, "numerique": true, "numeriques": true, "centre": true,
	"maison": true, "point": true, "accueil": true, "service": true, "services": true,
	"public": true, "publique": true, "publics": true, "site": true, "lieu": true,
	"structure": true, "ville": true, "commune": true, "association": true,
	"mediation": true, "inclusion": true, "aide": true, "atelier": true, "ateliers": true,
	"conseiller": true, "conseillers": true, "permanence": true, "permanences": true,
	"salle": true, "bureau": true, "agence": true, "pole": true, "relais": true,
}

// itinerantWords say that the service moves from place to place.
var itinerantWords = map[string]bool{
	"bus": true, "itinerant": true, "itinerante": true, "itinerants": true,
	"itinerantes": true, "itinerance": true, "mobile": true, "mobiles": true,
	"camion": true, "camping": true, "numeribus": true, "minibus": true,
}

// NormalizeName reduces a place's name. commune is the place's commune name:
// when the name contains it, it is removed from the distinctive words (every
// place of the commune may carry it).
func NormalizeName(name, commune string) Name {
	s, operator := splitOperator(name)
	n := Name{Operator: operator}
	kinds := map[string]bool{}
	for _, r := range renamings {
		phrase := " " + r[0] + " "
		for strings.Contains(s, phrase) {
			s = strings.Replace(s, phrase, "  ", 1)
			kinds[r[1]] = true
		}
	}
	n.Branch = branchName(s)
	if c := expand(fold(commune)); c != "" {
		s = removePhrase(s, c)
		// « du Tampon » in Le Tampon, « des Abymes » in Les Abymes: the
		// commune's article joins the preposition.
		for _, art := range []string{"le ", "la ", "les ", "l "} {
			if rest, ok := strings.CutPrefix(c, art); ok {
				s = removePhrase(s, rest)
			}
		}
		// "Saint-Jean" is often written without the hyphen's words joined.
		if j := strings.ReplaceAll(c, " ", ""); j != c {
			s = removePhrase(s, j)
		}
	}
	for _, w := range tokens(s) {
		if itinerantWords[w] {
			n.Itinerant = true
			continue
		}
		if fillerWords[w] || branchWords[w] {
			continue
		}
		n.Words = append(n.Words, ordinal(w))
	}
	// "Commune de X", "Ville de X" in the commune X: its town hall.
	if len(kinds) == 0 && len(n.Words) == 0 && (hasWord(s, "commune") || hasWord(s, "ville")) {
		kinds["mairie"] = true
	}
	for k := range kinds {
		n.Kinds = append(n.Kinds, k)
	}
	sort.Strings(n.Kinds)
	return n
}

// joinAcronyms writes acronyms with dots as one word: "C.C.A.S." → "CCAS".
func joinAcronyms(s string) string {
	var b strings.Builder
	rs := []rune(s)
	for i := 0; i < len(rs); i++ {
		// A letter followed by a dot and another letter-dot: drop the dot.
		if rs[i] == '.' && i > 0 && unicode.IsLetter(rs[i-1]) && (i < 2 || !unicode.IsLetter(rs[i-2])) &&
			i+2 < len(rs) && unicode.IsLetter(rs[i+1]) && (rs[i+2] == '.' || i+2 == len(rs)) {
			continue
		}
		b.WriteRune(rs[i])
	}
	return b.String()
}

func hasWord(s, w string) bool { return strings.Contains(s, " "+w+" ") }

// expand replaces abbreviations by their words in a folded string.
func expand(s string) string {
	words := strings.Fields(s)
	for i, w := range words {
		if e, ok := abbreviations[w]; ok {
			words[i] = e
		}
	}
	return strings.Join(words, " ")
}

// removePhrase removes every whole-word occurrence of phrase from s (s has
// spaces around every word).
func removePhrase(s, phrase string) string {
	return strings.ReplaceAll(s, " "+phrase+" ", "  ")
}

// labelKinds are kinds that name a labelled service rather than a building:
// a France services hosted by a post office or a centre social is not that
// post office or centre social, even if its name mentions it.
var labelKinds = []string{"franceservices", "pimms"}

// KindsConflict reports whether both names say what kind of place they are
// and no kind of one can be a kind of the other (a mairie is not the library
// in its building), or one names a labelled service (France services) that
// the other does not.
func KindsConflict(a, b Name) bool {
	if len(a.Kinds) == 0 || len(b.Kinds) == 0 {
		return false
	}
	if hasAny(a.Kinds, labelKinds) != hasAny(b.Kinds, labelKinds) {
		return true
	}
	for _, x := range a.Kinds {
		for _, y := range b.Kinds {
			if x == y || compatibleKinds[[2]string{x, y}] || compatibleKinds[[2]string{y, x}] {
				return false
			}
		}
	}
	return true
}

func hasAny(list, of []string) bool {
	for _, x := range of {
		if slices.Contains(list, x) {
			return true
		}
	}
	return false
}

// WordsSimilarity compares the distinctive words of two names, from 0 (no
// word in common) to 1 (the same words, allowing typos and joined words).
// It returns -1 when either name has no distinctive word.
func WordsSimilarity(a, b []string) float64 {
	if len(a) == 0 || len(b) == 0 {
		return -1
	}
	if equalJoined(a, b) {
		return 1
	}
	used := make([]bool, len(b))
	matched := 0
	for _, x := range a {
		for j, y := range b {
			if !used[j] && sameWord(x, y) {
				used[j] = true
				matched++
				break
			}
		}
	}
	dice := 2 * float64(matched) / float64(len(a)+len(b))
	contain := float64(matched) / float64(min(len(a), len(b)))
	return max(dice, 0.85*contain)
}

// equalJoined reports whether the words of a and b, joined without spaces,
// are the same string ("saint exupery" and "saintexupery"), without
// allocating.
func equalJoined(a, b []string) bool {
	i, j, x, y := 0, 0, 0, 0 // word and byte positions in a and b
	for {
		for i < len(a) && x == len(a[i]) {
			i, x = i+1, 0
		}
		for j < len(b) && y == len(b[j]) {
			j, y = j+1, 0
		}
		if i == len(a) || j == len(b) {
			return i == len(a) && j == len(b)
		}
		if a[i][x] != b[j][y] {
			return false
		}
		x, y = x+1, y+1
	}
}

// sameWord reports whether two words are the same allowing a typo in long
// words.
func sameWord(x, y string) bool {
	if x == y {
		return true
	}
	n := min(len(x), len(y))
	if n < 5 {
		return false
	}
	limit := 1
	if n >= 9 {
		limit = 2
	}
	return levenshtein(x, y, limit) <= limit
}

// levenshtein returns the edit distance between a and b (bytes), or a value
// above limit as soon as it exceeds it.
func levenshtein(a, b string, limit int) int {
	if d := len(a) - len(b); d > limit || -d > limit {
		return limit + 1
	}
	var buf [2][32]int
	prev, cur := buf[0][:], buf[1][:]
	if len(b)+1 > len(prev) {
		prev, cur = make([]int, len(b)+1), make([]int, len(b)+1)
	}
	prev, cur = prev[:len(b)+1], cur[:len(b)+1]
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		best := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			best = min(best, cur[j])
		}
		if best > limit {
			return limit + 1
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// ordinal reads an ordinal number as its number (« 20e », « 20ème »,
// « 1er », « 2nd »: an arrondissement, a floor), so that « Paris 20 » and
// « Paris 20e » agree; other words are kept.
func ordinal(w string) string {
	i := 0
	for i < len(w) && w[i] >= '0' && w[i] <= '9' {
		i++
	}
	if i == 0 || i == len(w) {
		return w
	}
	switch w[i:] {
	case "e", "eme", "em", "ieme", "er", "ere", "nd", "nde":
		return w[:i]
	}
	return w
}
