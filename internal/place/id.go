package place

import (
	"strings"
	"unicode"
)

// MaxIDLength is the longest id accepted, in bytes: ids are parts of
// addresses and file names.
const MaxIDLength = 200

// idReplaced tells the characters of an id rewritten to "-": those with a
// meaning in a URL path (/ \ ? # %), control characters (C0, DEL, C1,
// line and paragraph separators) and invisible ones (format characters:
// zero-width spaces and joiners, bidi controls, BOM, soft hyphen), with
// which an id can look like another.
func idReplaced(r rune) bool {
	switch r {
	case '/', '\\', '?', '#', '%', '\u2028', '\u2029':
		return true
	}
	return unicode.IsControl(r) || unicode.Is(unicode.Cf, r)
}

// SafeID rewrites the characters of an id that would change the meaning of
// an address it is put in (/lieux/{id}/confirmer) to "-". ok is false for
// an id that cannot be made safe: "." and "..", or one longer than
// MaxIDLength.
func SafeID(id string) (safe string, ok bool) {
	safe = id
	if strings.IndexFunc(id, idReplaced) >= 0 {
		safe = strings.Map(func(r rune) rune {
			if idReplaced(r) {
				return '-'
			}
			return r
		}, id)
	}
	if safe == "." || safe == ".." || len(safe) > MaxIDLength {
		return "", false
	}
	return safe, true
}

func (ps *parseState) id(v string) string {
	safe, ok := SafeID(v)
	switch {
	case !ok && len(v) > MaxIDLength:
		ps.add(Error, FID, v, RuleIDChars, "identifiant de plus de 200 octets : il ne peut pas servir d'adresse web")
		return ""
	case !ok:
		ps.add(Error, FID, v, RuleIDChars, "identifiant « . » ou « .. » : il désignerait un autre chemin dans les adresses web")
		return ""
	case safe != v:
		ps.keep(FID, ps.raw.Values[FID])
		ps.add(Warning, FID, v, RuleIDChars, "identifiant avec des caractères réservés aux adresses web (/ \\ ? # %), de contrôle ou invisibles : publié sous « "+safe+" », l'original est conservé dans la provenance")
	}
	if scripts := mixedScripts(safe); scripts != "" {
		ps.add(Warning, FID, v, RuleIDChars, "identifiant mêlant des alphabets ("+scripts+") : il peut imiter un autre identifiant, vérifiez-le")
	}
	return safe
}
