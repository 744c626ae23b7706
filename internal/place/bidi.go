package place

import "strings"

// bidiControl tells the Unicode controls of bidirectional text that
// reorder what follows them (embeddings, overrides, isolates): in a
// place's name or address, "‮ecnerolF" displays as "Florence" reversed
// or hides what the text really says (a spoofed name in a list, an
// address that reads otherwise than it sorts).
func bidiControl(r rune) bool {
	return r >= 0x202A && r <= 0x202E || r >= 0x2066 && r <= 0x2069
}

// bidiFields are the fields that identify a place, where no bidi control
// belongs.
var bidiFields = map[int]bool{FNom: true, FCommune: true, FAdresse: true, FComplementAdresse: true, FStructureParente: true}

// withoutBidi removes the bidi controls of an identifying field, with a
// warning; the source's value is kept in the provenance.
func (ps *parseState) withoutBidi(i int, v string) string {
	if !bidiFields[i] || strings.IndexFunc(v, bidiControl) < 0 {
		return v
	}
	ps.keep(i, ps.raw.Values[i])
	clean := strings.TrimSpace(strings.Map(func(r rune) rune {
		if bidiControl(r) {
			return -1
		}
		return r
	}, v))
	ps.add(Warning, i, v, RuleControl, "caractères de contrôle du sens d'écriture (U+202A à U+202E, U+2066 à U+2069) retirés : ils changent l'ordre d'affichage du texte et peuvent faire lire autre chose que ce qui est écrit ; l'original est conservé dans la provenance")
	return clean
}
