package territory

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// Located is what a postcode and a commune name, as a source wrote them,
// designate in the referential.
type Located struct {
	// Commune is the commune found; nil when none or several.
	Commune *Commune
	// How says, in French, what it was found from: "du code postal 69003
	// et du nom « LYON »"…
	How string
	// Candidates are the communes the record may mean when they are
	// several (Commune is then nil).
	Candidates []*Commune
	// Why says, in French, why nothing was found (Commune nil).
	Why string
}

// plm are the three communes divided into municipal arrondissements.
var plm = []struct {
	name, code, prefix string
	n                  int
}{
	{"paris", "75056", "751", 20},
	{"lyon", "69123", "6938", 9},
	{"marseille", "13055", "132", 16},
}

// ParentOf returns the INSEE code of the commune a municipal
// arrondissement belongs to (75056 for 75115), "" for any other code.
func ParentOf(code string) string {
	for _, p := range plm {
		if strings.HasPrefix(code, p.prefix) && len(code) == 5 {
			if n, err := strconv.Atoi(code[len(p.prefix):]); err == nil && n >= 1 && n <= p.n {
				return p.code
			}
		}
	}
	return ""
}

// Arrondissements returns the municipal arrondissements of a commune
// (Paris, Lyon, Marseille), none for the others.
func (r *Referential) Arrondissements(code string) []*Commune {
	if r == nil {
		return nil
	}
	var out []*Commune
	for _, p := range plm {
		if p.code != code {
			continue
		}
		for n := 1; n <= p.n; n++ {
			c, ok := r.Commune(arrondissementCode(p.prefix, n))
			if ok {
				out = append(out, c)
			}
		}
	}
	return out
}

func arrondissementCode(prefix string, n int) string {
	if len(prefix) == 4 {
		return prefix + strconv.Itoa(n)
	}
	return fmt.Sprintf("%s%02d", prefix, n)
}

var (
	surAbbrev   = regexp.MustCompile(`(?i)(^|[\s-])s/\s*`)
	cedex       = regexp.MustCompile(`(^| )cedex( [0-9]+)?( |$)`)
	arrondWords = regexp.MustCompile(`^(paris|lyon|marseille) 0*([1-9][0-9]?) ?(er|ere|e|eme|ieme|em|me)? ?(arrondissement|arrondissements|arrdt|arrt|ardt|arr)?$`)
)

// placeKey reduces a commune name as sources write it: folded (see Fold),
// without "CEDEX" and its number, without the postcode repeated in it,
// "S/" read as "sur".
func placeKey(name, postcode string) string {
	name = surAbbrev.ReplaceAllString(name, "${1}sur ")
	k := " " + Fold(name) + " "
	for {
		m := cedex.ReplaceAllString(k, " ")
		if m == k {
			break
		}
		k = m
	}
	if postcode != "" {
		k = strings.ReplaceAll(k, " "+postcode+" ", " ")
	}
	// "Villeurbanne (69)": the département repeated.
	if d := postcodeDepartement(postcode); d != "" {
		k = strings.ReplaceAll(k, " "+strings.ToLower(d)+" ", " ")
	}
	return strings.Join(strings.Fields(k), " ")
}

// nameVariants are the keys a folded name is known by: itself and without
// its article, leading ("Le Havre") or trailing as the INSEE once wrote it
// ("Havre (Le)").
func nameVariants(k string) []string {
	out := []string{k}
	// "LISLE D ABEAU" for L'Isle-d'Abeau: without spaces too.
	if j := strings.ReplaceAll(k, " ", ""); j != k {
		out = append(out, j)
	}
	for _, a := range []string{"le", "la", "les", "l"} {
		if rest, ok := strings.CutPrefix(k, a+" "); ok && rest != "" {
			out = append(out, rest)
		}
		if rest, ok := strings.CutSuffix(k, " "+a); ok && rest != "" {
			out = append(out, rest)
		}
	}
	return out
}

// postcodeDepartement is the département a postcode's first digits name
// (2A/2B for Corsica, three digits overseas).
func postcodeDepartement(cp string) string {
	if len(cp) != 5 || !isDigits(cp) {
		return ""
	}
	switch {
	case strings.HasPrefix(cp, "97"), strings.HasPrefix(cp, "98"):
		return cp[:3]
	case strings.HasPrefix(cp, "20"):
		if cp[2] < '2' {
			return "2A"
		}
		return "2B"
	}
	return cp[:2]
}

// Locate finds the commune a postcode and a commune name designate, as a
// source wrote them ("LYON" 69003, "ST ETIENNE CEDEX 1" 42007, "PARIS 15"
// 75015, "Arbignieu" 01300 for a commune déléguée…). It only answers when
// the referential points at one commune; it never guesses between several.
func (r *Referential) Locate(postcode, name string) Located {
	if r.Empty() {
		return Located{Why: "référentiel des communes absent"}
	}
	postcode = strings.TrimSpace(postcode)
	key := placeKey(name, postcode)
	served := r.ByPostcode(postcode)
	quoted := "« " + strings.TrimSpace(name) + " »"
	if key == "" {
		cs := preferArrondissements(served)
		switch len(cs) {
		case 0:
			return Located{Why: "nom de commune vide et code postal " + postcode + " inconnu du référentiel"}
		case 1:
			return Located{Commune: cs[0], How: "du code postal " + postcode + " (nom de commune vide ; ce code postal ne dessert que cette commune)"}
		}
		return Located{Candidates: cs, Why: "nom de commune vide et le code postal " + postcode + " dessert plusieurs communes"}
	}
	// An arrondissement written out: "Lyon 3e", "PARIS 15", "Marseille 01".
	if m := arrondWords.FindStringSubmatch(key); m != nil {
		n, _ := strconv.Atoi(m[2])
		for _, p := range plm {
			if p.name != m[1] || n > p.n {
				continue
			}
			if c, ok := r.Commune(arrondissementCode(p.prefix, n)); ok && (postcode == "" || postcodeDepartement(postcode) == c.Departement) {
				return Located{Commune: c, How: "du nom " + quoted + " (arrondissement) et du code postal " + postcode}
			}
		}
	}
	// Among the communes the postcode serves.
	matches := r.matching(key, func(c *Commune) bool { return slices.Contains(c.CodesPostaux, postcode) })
	if len(matches) > 0 {
		// "Lyon" with 69003 is Lyon's 3rd arrondissement.
		for _, c := range matches {
			for _, a := range r.Arrondissements(c.Code) {
				if slices.Contains(a.CodesPostaux, postcode) && !slices.Contains(matches, a) {
					matches = append(matches, a)
				}
			}
		}
		matches = preferArrondissements(matches)
		if len(matches) == 1 {
			return Located{Commune: matches[0], How: "du code postal " + postcode + " et du nom " + quoted}
		}
		return Located{Candidates: matches, Why: "le code postal " + postcode + " et le nom " + quoted + " désignent plusieurs communes"}
	}
	// A name shortened or lengthened: "Oissel" for Oissel-sur-Seine,
	// "Jugon-les-Lacs - Commune nouvelle", when one commune of the
	// postcode fits.
	var near []*Commune
	for _, c := range served {
		n := Fold(c.Nom)
		if strings.HasPrefix(n, key+" ") || strings.HasPrefix(key, n+" ") {
			near = append(near, c)
		}
	}
	near = preferArrondissements(near)
	// The very name elsewhere in the postcode's département: a CEDEX
	// code, or a wrong postcode.
	dept := postcodeDepartement(postcode)
	var elsewhere []*Commune
	if dept != "" {
		elsewhere = r.matching(key, func(c *Commune) bool { return c.Departement == dept })
	}
	switch {
	case len(near) == 1 && len(elsewhere) == 0:
		return Located{Commune: near[0], How: "du code postal " + postcode + " et du nom " + quoted + ", début ou suite du nom de la seule commune qui lui correspond ainsi"}
	case len(elsewhere) == 1 && len(near) == 0:
		how := "du nom " + quoted + ", seule commune de ce nom dans le département " + dept
		if len(served) == 0 {
			how += " (le code postal " + postcode + " ne dessert aucune commune : code CEDEX ?)"
		} else {
			how += " (le code postal " + postcode + " ne la dessert pas)"
		}
		return Located{Commune: elsewhere[0], How: how}
	case len(elsewhere) > 0 || len(near) > 0:
		return Located{Candidates: append(near, elsewhere...), Why: "le nom " + quoted + " et le code postal " + postcode + " peuvent désigner plusieurs communes"}
	}
	// A name misspelt by a letter or two ("St André des Alpes" for
	// Saint-André-les-Alpes), when one commune of the postcode is that
	// close, no other is, and the name is no commune of the département.
	if c, ok := closest(key, preferArrondissements(served)); ok {
		return Located{Commune: c, How: "du code postal " + postcode + " et du nom " + quoted + ", à une ou deux lettres près de celui de la seule commune aussi proche"}
	}
	why := "aucune commune nommée " + quoted + " desservie par le code postal " + postcode
	if dept != "" {
		why += " ni dans le département " + dept
	}
	if len(served) > 0 {
		var names []string
		for _, c := range served {
			names = append(names, c.Nom)
		}
		why += " (ce code postal dessert : " + strings.Join(names, ", ") + ")"
	}
	return Located{Why: why}
}

// matching returns the communes known by key (or whose former commune
// is), among those keep accepts, without repetition.
func (r *Referential) matching(key string, keep func(*Commune) bool) []*Commune {
	var out []*Commune
	add := func(i int) {
		c := &r.Communes[i]
		if keep(c) && !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	names := r.nameIndex()
	for _, v := range nameVariants(key) {
		for _, i := range names.byKey[v] {
			add(i)
		}
	}
	if len(out) > 0 {
		return out
	}
	for _, v := range nameVariants(key) {
		for _, code := range names.formerByKey[v] {
			if i, ok := r.byCode[code]; ok {
				add(i)
			}
		}
	}
	return out
}

// preferArrondissements drops Paris, Lyon or Marseille from a list that
// also holds one of their arrondissements: the arrondissement says more.
func preferArrondissements(cs []*Commune) []*Commune {
	var out []*Commune
	for _, c := range cs {
		if slices.ContainsFunc(cs, func(a *Commune) bool { return ParentOf(a.Code) == c.Code }) {
			continue
		}
		out = append(out, c)
	}
	return out
}

// nameIndex holds the keys Locate looks communes up by: every variant of
// every commune's name, and the chef-lieu codes of former communes by
// name. Searches do not need it: it is built on Locate's first call.
type nameIndex struct {
	once        sync.Once
	byKey       map[string][]int
	formerByKey map[string][]string
}

func (r *Referential) nameIndex() *nameIndex {
	if r.names == nil { // a Referential not built by Index
		r.names = &nameIndex{}
	}
	n := r.names
	n.once.Do(func() {
		n.byKey = map[string][]int{}
		for i, c := range r.Communes {
			for _, v := range nameVariants(Fold(c.Nom)) {
				n.byKey[v] = append(n.byKey[v], i)
			}
		}
		n.formerByKey = map[string][]string{}
		for _, f := range FormerCommunes() {
			for _, v := range nameVariants(Fold(f.Nom)) {
				if !slices.Contains(n.formerByKey[v], f.ChefLieu) {
					n.formerByKey[v] = append(n.formerByKey[v], f.ChefLieu)
				}
			}
		}
	})
	return n
}

// closest returns the commune of cs whose folded name is within one or two
// letters of key (one for short names), when it is the only one that
// close.
func closest(key string, cs []*Commune) (*Commune, bool) {
	k := strings.ReplaceAll(key, " ", "")
	limit := 2
	if len([]rune(k)) < 8 {
		limit = 1
	}
	if len([]rune(k)) < 4 {
		return nil, false
	}
	var best *Commune
	bestD, ties := limit+1, 0
	for _, c := range cs {
		n := strings.ReplaceAll(Fold(c.Nom), " ", "")
		d := distance(k, n, limit)
		switch {
		case d < bestD:
			best, bestD, ties = c, d, 1
		case d == bestD:
			ties++
		}
	}
	if best == nil || bestD > limit || ties > 1 {
		return nil, false
	}
	return best, true
}

// distance is the Levenshtein distance between a and b, or limit+1 when
// it is more than limit.
func distance(a, b string, limit int) int {
	ra, rb := []rune(a), []rune(b)
	if d := len(ra) - len(rb); d > limit || -d > limit {
		return limit + 1
	}
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		low := cur[0]
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			low = min(low, cur[j])
		}
		if low > limit {
			return limit + 1
		}
		prev, cur = cur, prev
	}
	return min(prev[len(rb)], limit+1)
}

// CommuneCodes returns the INSEE codes under which the places of a commune
// are recorded: the code itself and, for Paris, Lyon and Marseille, the
// codes of its municipal arrondissements (75056: 75056, 75101 … 75120).
// A place of 75111 is in the commune 75056; the arrondissement 75111 holds
// only its own code. It needs no referential.
func CommuneCodes(code string) []string {
	out := []string{code}
	for _, p := range plm {
		if p.code == code {
			for n := 1; n <= p.n; n++ {
				out = append(out, arrondissementCode(p.prefix, n))
			}
		}
	}
	return out
}

// ParentSQL is an SQL expression, valid on SQLite and PostgreSQL, of the
// commune a column of INSEE codes designates: the commune of a municipal
// arrondissement (75056 for 75111, as ParentOf), the code itself
// otherwise. It lets a query join an arrondissement to its commune's rows
// in the communes table (its EPCI, say). col must be a trusted column
// name, never input.
func ParentSQL(col string) string {
	var b strings.Builder
	b.WriteString("(CASE")
	for _, p := range plm {
		codes := CommuneCodes(p.code)[1:]
		b.WriteString(" WHEN " + col + " IN ('" + strings.Join(codes, "', '") + "') THEN '" + p.code + "'")
	}
	b.WriteString(" ELSE " + col + " END)")
	return b.String()
}

// CommuneEPCI returns the EPCI of a commune code, "" when unknown; a
// municipal arrondissement the referential gives none (or does not hold)
// is in its commune's.
func (r *Referential) CommuneEPCI(code string) string {
	if c, ok := r.Commune(code); ok && c.EPCI != "" {
		return c.EPCI
	}
	if c, ok := r.Commune(ParentOf(code)); ok {
		return c.EPCI
	}
	return ""
}
