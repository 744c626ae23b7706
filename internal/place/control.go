package place

import (
	"strings"
	"unicode"
)

// removedControl tells the control characters taken out of values (C0,
// DEL, C1): a terminal would act on them (ESC starts escape sequences).
// Tabs and line breaks belong to texts and stay. Ids have their own rule.
func removedControl(r rune) bool {
	return unicode.IsControl(r) && r != '\t' && r != '\n' && r != '\r'
}

// withoutControl removes the control characters of the value of field i,
// with a warning; the source's value is kept in the provenance.
func (ps *parseState) withoutControl(i int, v string) string {
	if i == FID || strings.IndexFunc(v, removedControl) < 0 {
		return v
	}
	ps.keep(i, ps.raw.Values[i])
	clean := strings.TrimSpace(strings.Map(func(r rune) rune {
		if removedControl(r) {
			return -1
		}
		return r
	}, v))
	ps.add(Warning, i, v, RuleControl, "caractères de contrôle retirés (séquences d'échappement de terminal…) : l'original est conservé dans la provenance")
	return clean
}
