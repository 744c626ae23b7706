package importer

import (
	"fmt"
	"slices"
	"strings"

	"maillage/internal/geocode"
	"maillage/internal/territory"
)

// A record without INSEE code, whose postcode and commune designate none
// in the referential (a neighbourhood's name, a postcode mistyped), is
// geocoded anywhere; the answer gives it its commune when the postcode or
// the commune the source gives agrees with the answer's commune.

// askable reports whether a request without INSEE code has what an
// answer can be checked against: a postcode or a commune.
func askable(r geocode.Request) bool {
	return strings.TrimSpace(r.CodePostal) != "" || strings.TrimSpace(r.Commune) != ""
}

// communeAgrees tells whether the answer's commune (code) is the one the
// request's postcode or commune name designates, and how, in French; the
// commune found in the referential (nil when unknown).
func communeAgrees(ref *territory.Referential, r geocode.Request, code string) (*territory.Commune, string, bool) {
	c, ok := ref.Commune(code)
	if !ok {
		return nil, "", false
	}
	communes := []*territory.Commune{c}
	if parent, ok := ref.Commune(territory.ParentOf(code)); ok && parent != c {
		communes = append(communes, parent) // Lyon for Lyon 3e
	}
	cp := strings.TrimSpace(r.CodePostal)
	for _, k := range communes {
		if cp != "" && slices.Contains(k.CodesPostaux, cp) {
			return c, fmt.Sprintf("le code postal %s de la source le dessert", cp), true
		}
	}
	for _, k := range communes {
		if name := strings.TrimSpace(r.Commune); name != "" && territory.Fold(name) == territory.Fold(k.Nom) {
			return c, fmt.Sprintf("la commune « %s » de la source est la sienne", name), true
		}
	}
	return c, "", false
}

// acceptWithoutINSEE is geocode.Accept for a request without INSEE code:
// the answer must also be in the commune its postcode or name says. It
// returns the commune taken and how it agrees, or why not.
func acceptWithoutINSEE(ref *territory.Referential, r geocode.Request, a geocode.Answer, minScore float64) (c *territory.Commune, how string, ok bool, why string) {
	if ok, why := geocode.Accept(r, a, minScore); !ok {
		return nil, "", false, why
	}
	c, how, agrees := communeAgrees(ref, r, a.Citycode)
	if !agrees {
		where := a.Citycode
		if c != nil {
			where = c.Nom + " (" + a.Citycode + ")"
		}
		return nil, "", false, fmt.Sprintf("résultat à %s, ni au code postal ni dans la commune de la source : « %s »", where, a.Label)
	}
	return c, how, true, ""
}
