package importer

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"maillage/internal/failure"
	"maillage/internal/printable"
)

// MaxSourceLength is the longest source name accepted, in bytes.
const MaxSourceLength = 100

// RuleSourceName names the rule of source names in messages.
const RuleSourceName = "nom-source"

// sourceRefused tells the characters a source name may not hold: it
// prefixes published ids when two sources use the same id, so it follows
// the rule of ids (no URL path syntax, no control or invisible character).
func sourceRefused(r rune) bool {
	switch r {
	case '/', '\\', '?', '#', '%':
		return true
	}
	return unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == '\u2028' || r == '\u2029'
}

// CheckSource tells why a source name cannot be used, in French, naming
// the rule; nil when it can.
func CheckSource(name string) error {
	refuse := func(why string) error {
		return failure.Errorf(failure.Invalid, "source « %s » refusée : %s (règle %s)", printable.String(name), why, RuleSourceName)
	}
	switch {
	case name == "":
		return refuse("nom vide")
	case !utf8.ValidString(name):
		return refuse("le nom n'est pas de l'UTF-8 valide")
	case len(name) > MaxSourceLength:
		return refuse("nom de plus de 100 octets")
	case name == "." || name == "..":
		return refuse("« . » ou « .. » désigneraient un autre chemin dans les adresses web")
	}
	if i := strings.IndexFunc(name, sourceRefused); i >= 0 {
		r, _ := utf8.DecodeRuneInString(name[i:])
		if r < 0x80 && strings.ContainsRune(`/\?#%`, r) {
			return refuse("caractère « " + string(r) + " » réservé aux adresses web (/ \\ ? # %)")
		}
		return refuse("caractère de contrôle ou invisible (" + printable.String(string(r)) + ")")
	}
	if strings.TrimSpace(name) != name {
		return refuse("espace au début ou à la fin")
	}
	if strings.ContainsRune(formulaStarts, rune(name[0])) {
		return refuse("un nom qui commence par « = », « + », « - » ou « @ » serait pris pour une formule par un tableur (les listes des doublons et les rapports CSV nomment les sources)")
	}
	return nil
}

// formulaStarts are the characters a source name may not start with.
const formulaStarts = "=+-@"

// CleanSource makes a valid source name of a name derived from a file name
// or an URL: refused characters become "-", spaces at the ends go, the
// name is cut to MaxSourceLength. It answers "" when nothing usable is
// left.
func CleanSource(name string) string {
	name = strings.ToValidUTF8(name, "-")
	name = strings.Map(func(r rune) rune {
		if sourceRefused(r) {
			return '-'
		}
		return r
	}, name)
	name = strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(name), formulaStarts))
	for len(name) > MaxSourceLength {
		_, n := utf8.DecodeLastRuneInString(name)
		name = strings.TrimSpace(name[:len(name)-n])
	}
	if CheckSource(name) != nil {
		return ""
	}
	return name
}
