package dedup

// An address often carries, before or after its street, where in the
// building the place is (« 1er étage », « Bâtiment B », « Escalier 3 »,
// « RDC ») or its postal box (« BP 12 », « CS 30001 »): none of these is
// the street number, and their numbers must not be taken for it.

// floorWords follow an ordinal number to say a floor.
var floorWords = map[string]bool{"etage": true, "etages": true, "niveau": true, "et": true}

// ordinalSuffixes follow a number to make it ordinal (after fold and
// splitDigits: « 1er » is « 1 er », « 2ème » « 2 eme »).
var ordinalSuffixes = map[string]bool{"er": true, "ere": true, "e": true, "eme": true, "em": true, "nd": true, "nde": true}

// partWords name a part of a building; the short designator that follows
// (« B », « 3 », « A2 ») goes with them.
var partWords = map[string]bool{
	"batiment": true, "bat": true, "bt": true, "bati": true, "immeuble": true, "imm": true,
	"escalier": true, "esc": true, "appartement": true, "appart": true, "appt": true, "apt": true,
	"porte": true, "entree": true, "hall": true, "aile": true, "bureau": true, "bureaux": true,
	"local": true, "salle": true, "etage": true, "niveau": true,
}

// boxWords are postal boxes, their number with them.
var boxWords = map[string]bool{"bp": true, "cs": true, "tsa": true, "cedex": true}

// dropComplements removes from an address's words (folded, digits split)
// the floors, the parts of buildings and the postal boxes.
func dropComplements(words []string) []string {
	out := words[:0:0]
	for i := 0; i < len(words); i++ {
		w := words[i]
		next := func(k int) string {
			if i+k < len(words) {
				return words[i+k]
			}
			return ""
		}
		switch {
		case allDigits(w) && ordinalSuffixes[next(1)] && floorWords[next(2)]:
			// « 1er étage »; « au 1er étage » drops its « au ».
			if n := len(out); n > 0 && out[n-1] == "au" {
				out = out[:n-1]
			}
			i += 2
		case w == "rdc", w == "rez" && next(1) == "de" && next(2) == "chaussee":
			if w == "rez" {
				i += 2
			}
		case w == "sous" && next(1) == "sol":
			i++
		case boxWords[w] && allDigits(next(1)):
			i++
		case partWords[w] && designator(next(1)):
			i++
		default:
			out = append(out, w)
		}
	}
	return out
}

// designator is what names a part of a building: a letter or two, a
// number of up to three digits (« b », « 12 »); not a word of a street's
// name (« Porte de Paris »).
func designator(w string) bool {
	if w == "" || len(w) > 3 || stopWords[w] {
		return false
	}
	if allDigits(w) {
		return true
	}
	return len(w) <= 2
}
