package dedup

import (
	"strings"
	"unicode"
)

// Address is a street address reduced to what identifies it.
type Address struct {
	// Number is the house number with its suffix ("12", "12bis"); "" when
	// the address has none.
	Number string
	// Type is the canonical street type ("rue", "avenue", "place"…); "" when
	// none was recognised.
	Type string
	// Street holds the words of the street's name, without stop words.
	Street []string
}

// streetTypes maps street types and their abbreviations (folded) to their
// canonical form.
var streetTypes = map[string]string{
	"rue": "rue", "r": "rue", "rues": "rue",
	"avenue": "avenue", "av": "avenue", "ave": "avenue", "avn": "avenue",
	"boulevard": "boulevard", "bd": "boulevard", "bld": "boulevard", "boul": "boulevard", "bvd": "boulevard", "blvd": "boulevard",
	"place": "place", "pl": "place", "placette": "place",
	"chemin": "chemin", "ch": "chemin", "chem": "chemin", "che": "chemin",
	"route": "route", "rte": "route",
	"impasse": "impasse", "imp": "impasse",
	"allee": "allee", "allees": "allee", "all": "allee",
	"quai": "quai", "cours": "cours", "square": "square", "sq": "square",
	"faubourg": "faubourg", "fg": "faubourg", "fbg": "faubourg",
	"lotissement": "lotissement", "lot": "lotissement",
	"residence": "residence", "res": "residence", "resid": "residence",
	"hameau": "hameau", "ham": "hameau", "lieudit": "lieudit", "ld": "lieudit",
	"passage": "passage", "chaussee": "chaussee", "esplanade": "esplanade",
	"parvis": "parvis", "promenade": "promenade", "prom": "promenade",
	"sentier": "sentier", "voie": "voie", "cite": "cite", "clos": "clos",
	"cour": "cour", "domaine": "domaine", "dom": "domaine", "mail": "mail",
	"montee": "montee", "mte": "montee", "parc": "parc", "quartier": "quartier",
	"qua": "quartier", "qu": "quartier", "rampe": "rampe", "ruelle": "ruelle",
	"traverse": "traverse", "trav": "traverse", "villa": "villa",
	"za": "zone", "zi": "zone", "zac": "zone", "zone": "zone", "zae": "zone",
	"rond": "rondpoint", "rdpt": "rondpoint", "carrefour": "carrefour", "car": "carrefour",
	"galerie": "galerie", "gal": "galerie", "pont": "pont", "port": "port",
	"sente": "sente", "venelle": "venelle", "esp": "esplanade",
}

// numberSuffixes follow a house number.
var numberSuffixes = map[string]string{
	"bis": "bis", "b": "bis", "ter": "ter", "t": "ter", "quater": "quater", "q": "quater",
	"a": "a", "c": "c", "d": "d",
}

// addressNoise words are dropped wherever they are: postal boxes, cedex…
var addressNoise = map[string]bool{
	"bp": true, "cs": true, "cedex": true, "tsa": true, "n": true, "no": true, "numero": true,
	"france": true,
}

// ParseAddress reduces a street address ("12 bis av. du Gal de Gaulle",
// "Place de la Mairie"). A postal code and what follows it (the commune) are
// ignored; so is the commune's name when given.
func ParseAddress(s, commune string) Address {
	words := dropComplements(strings.Fields(fold(splitDigits(streetPart(s)))))
	// Stop at a postal code: what follows is the commune.
	for i, w := range words {
		if len(w) == 5 && allDigits(w) && i > 0 {
			words = words[:i]
			break
		}
	}
	var a Address
	i := 0
	// Skip noise before the number ("n° 12").
	for i < len(words) && addressNoise[words[i]] && !(words[i] == "bp" || words[i] == "cs") {
		i++
	}
	if i < len(words) && allDigits(words[i]) {
		a.Number = strings.TrimLeft(words[i], "0")
		i++
		// "12-14 rue…": the second number of a range is dropped.
		for i < len(words) && allDigits(words[i]) {
			i++
		}
		if i < len(words)-1 {
			if suf, ok := numberSuffixes[words[i]]; ok {
				a.Number += suf
				i++
			}
		}
	}
	if i < len(words) {
		if t, ok := streetTypes[words[i]]; ok && i < len(words)-1 {
			a.Type = t
			i++
			if t == "rondpoint" && i < len(words) && words[i] == "point" {
				i++
			}
		}
	}
	rest := strings.Join(words[i:], " ")
	if c := fold(commune); c != "" && strings.HasSuffix(rest, " "+c) {
		rest = strings.TrimSuffix(rest, " "+c)
	}
	ws := strings.Fields(rest)
	for j := 0; j < len(ws); j++ {
		w := ws[j]
		if (w == "bp" || w == "cs" || w == "tsa") && j+1 < len(ws) && allDigits(ws[j+1]) {
			j++
			continue
		}
		if addressNoise[w] {
			continue
		}
		if e, ok := abbreviations[w]; ok {
			a.Street = append(a.Street, strings.Fields(e)...)
			continue
		}
		if stopWords[w] {
			continue
		}
		a.Street = append(a.Street, w)
	}
	return a
}

// streetPart keeps, of an address written with a complement before the
// street ("Bureau de Poste, 19 Grand Rue"), the part from the first segment
// that starts with a number or a street type.
func streetPart(s string) string {
	segs := strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '\n' || r == ';' })
	for i, seg := range segs {
		f := dropComplements(strings.Fields(fold(splitDigits(seg))))
		if len(f) == 0 {
			continue
		}
		if allDigits(f[0]) && i+1 < len(segs) && len(f) == 1 {
			// "16, rue des Abeilles": the number stands alone.
			return strings.Join(segs[i:], " ")
		}
		if allDigits(f[0]) && len(f) > 1 || streetTypes[f[0]] != "" && len(f) > 1 && f[0] != "r" {
			return strings.Join(segs[i:], " ")
		}
	}
	return s
}

// vagueWords say where in the commune without naming a street: "Le Bourg",
// "Centre-ville", "Mairie".
var vagueWords = map[string]bool{
	"bourg": true, "centre": true, "village": true, "ville": true, "mairie": true,
	"hotel": true, "chef": true, "lieu": true,
}

// Vague reports whether the address names no street nor number, only the
// centre of the commune or a building ("Le Bourg", "Hôtel de ville").
func (a Address) Vague() bool {
	if a.Number != "" || a.Type != "" && a.Type != "lieudit" {
		return false
	}
	for _, w := range a.Street {
		if !vagueWords[w] {
			return false
		}
	}
	return true
}

// Empty reports whether nothing of the address was understood.
func (a Address) Empty() bool { return a.Number == "" && a.Type == "" && len(a.Street) == 0 }

// splitDigits separates digits glued to letters ("12bis", "12,rue") so that
// the number stands alone.
func splitDigits(s string) string {
	var b strings.Builder
	var prev rune
	for i, r := range s {
		if i > 0 && (unicode.IsDigit(r) && unicode.IsLetter(prev) || unicode.IsLetter(r) && unicode.IsDigit(prev)) {
			b.WriteByte(' ')
		}
		b.WriteRune(r)
		prev = r
	}
	return b.String()
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// AddressSimilarity compares two addresses: 1 for the same number in the same
// street (or the same street without numbers on both sides), 0.8 for the same street when a number is missing, 0.4 for the same
// street with other numbers, the street names' similarity scaled below 0.5
// otherwise. It returns -1 when either address is empty or vague.
func AddressSimilarity(a, b Address) float64 {
	if a.Empty() || b.Empty() || a.Vague() || b.Vague() {
		return -1
	}
	street := WordsSimilarity(a.Street, b.Street)
	if street < 0 {
		// A bare street type on one side ("Place"): only the types tell.
		if a.Type != "" && a.Type == b.Type && len(a.Street) == len(b.Street) {
			street = 1
		} else {
			return -1
		}
	}
	if street < 0.8 {
		return street / 2
	}
	if a.Type != "" && b.Type != "" && a.Type != b.Type && street < 1 {
		return 0.4
	}
	switch {
	case a.Number == "" && b.Number == "" && street == 1:
		return 1
	case a.Number == "" || b.Number == "":
		return 0.8
	case a.Number == b.Number:
		return 1
	case strings.TrimRight(a.Number, "abcdeiqrstu") == strings.TrimRight(b.Number, "abcdeiqrstu"):
		return 0.9 // 12 and 12bis
	}
	return 0.4
}
