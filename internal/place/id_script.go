package place

import (
	"strings"
	"unicode"
)

// idScripts are the alphabets an id's letters are told apart by, with
// their French names; a letter of another script counts as "autre".
var idScripts = [...]struct {
	name  string
	table *unicode.RangeTable
}{
	{"latin", unicode.Latin},
	{"cyrillique", unicode.Cyrillic},
	{"grec", unicode.Greek},
	{"arménien", unicode.Armenian},
	{"hébreu", unicode.Hebrew},
	{"arabe", unicode.Arabic},
}

// mixedScripts names the alphabets of an id whose letters come from more
// than one ("latin et cyrillique"), and is "" otherwise: "lіeu-1" with a
// Cyrillic "і" looks like "lieu-1".
func mixedScripts(id string) string {
	var in [len(idScripts) + 1]bool // idScripts, then "autre"
	for _, r := range id {
		if !unicode.IsLetter(r) {
			continue
		}
		k := len(idScripts)
		for i, s := range idScripts {
			if unicode.Is(s.table, r) {
				k = i
				break
			}
		}
		in[k] = true
	}
	var names []string
	for i, ok := range in {
		if !ok {
			continue
		}
		if i < len(idScripts) {
			names = append(names, idScripts[i].name)
		} else {
			names = append(names, "autre")
		}
	}
	if len(names) < 2 {
		return ""
	}
	return strings.Join(names[:len(names)-1], ", ") + " et " + names[len(names)-1]
}
