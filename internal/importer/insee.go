package importer

import (
	"fmt"
	"strings"

	"maillage/internal/place"
	"maillage/internal/standard"
	"maillage/internal/territory"
)

// Rules of the INSEE code derivation.
const (
	// RuleINSEEDerived: code_insee was empty and is derived from the
	// postcode and the commune's name.
	RuleINSEEDerived = "code-insee-deduit"
	// RuleINSEENotDerived: code_insee is empty and the referential does
	// not point at one commune.
	RuleINSEENotDerived = "code-insee-non-deduit"
	// RuleINSEECorrected: code_insee is the postcode copied into it (or
	// no commune's code), and the postcode and the commune's name
	// designate one commune: its code replaces it.
	RuleINSEECorrected = "code-insee-corrige"
	// RuleINSEEUnknown: code_insee is no commune of the referential and
	// nothing replaces it.
	RuleINSEEUnknown = "code-insee-inconnu"
)

// checkCommune looks at the code_insee a valid record gives. When it is
// the postcode copied ("69003" for a place in Lyon 3e, which is
// Albigny-sur-Saône's code; "73000", no commune's code), or a code the
// referential does not know, it is replaced by the code the postcode and
// the commune designate, with a normalisation naming both; the source
// value is kept in the provenance. A code nothing replaces is kept, with
// a warning when it is unknown. It returns the severity of the diagnostic
// added, Error when none was.
func checkCommune(ref *territory.Referential, file string, e *standard.Entry) place.Severity {
	l := &e.Lieu
	if !e.OK || l.CodeINSEE == "" || ref.Empty() {
		return place.Error
	}
	given, known := ref.Commune(l.CodeINSEE)
	if known && l.CodeINSEE != l.CodePostal {
		return place.Error
	}
	found := ref.Locate(l.CodePostal, l.Commune)
	c := found.Commune
	d := standard.Diagnostic{File: file, Line: e.Line, Index: e.Index, RecordID: l.ID,
		Problem: place.Problem{Field: place.FieldNames[place.FCodeINSEE], Value: l.CodeINSEE}}
	switch {
	case known && (c == nil || c == given || territory.ParentOf(c.Code) == given.Code):
		// The postcode is also this commune's code, and the name agrees
		// (or says nothing better).
		return place.Error
	case c != nil:
		what := "n'est le code d'aucune commune du référentiel"
		if known {
			what = "est le code postal, et le code INSEE de " + given.Nom + ", pas de « " + strings.TrimSpace(l.Commune) + " »"
		}
		d.Severity, d.Rule = place.Info, RuleINSEECorrected
		d.Message = fmt.Sprintf("le code INSEE %s %s : remplacé par %s (%s), déduit %s", l.CodeINSEE, what, c.Code, c.Nom, found.How)
		if l.Provenance.Original == nil {
			l.Provenance.Original = map[string]string{}
		}
		name := place.FieldNames[place.FCodeINSEE]
		if _, ok := l.Provenance.Original[name]; !ok {
			l.Provenance.Original[name] = l.CodeINSEE
		}
		l.CodeINSEE = c.Code
	default:
		d.Severity, d.Rule = place.Warning, RuleINSEEUnknown
		d.Message = "le code INSEE " + l.CodeINSEE + " n'est le code d'aucune commune du référentiel (communes actuelles et arrondissements municipaux), et le code postal et le nom n'en désignent pas une seule (" + found.Why + ") : gardé tel quel, la recherche par commune ne le trouvera pas"
	}
	e.Diagnostics = append(e.Diagnostics, d)
	return d.Severity
}

// locateCommune gives a valid record without code_insee the INSEE code
// its postcode and commune designate in the referential, and adds to
// the entry's diagnostics what was derived and from what, or why nothing
// was. The empty source value is kept in the record's provenance.
// It returns the severity of the diagnostic added, Error when none was.
func locateCommune(ref *territory.Referential, file string, e *standard.Entry) place.Severity {
	l := &e.Lieu
	if !e.OK || l.CodeINSEE != "" || ref.Empty() || (l.CodePostal == "" && strings.TrimSpace(l.Commune) == "") {
		return place.Error
	}
	d := standard.Diagnostic{File: file, Line: e.Line, Index: e.Index, RecordID: l.ID,
		Problem: place.Problem{Field: place.FieldNames[place.FCodeINSEE]}}
	found := ref.Locate(l.CodePostal, l.Commune)
	if c := found.Commune; c != nil {
		l.CodeINSEE = c.Code
		if l.Provenance.Original == nil {
			l.Provenance.Original = map[string]string{}
		}
		name := place.FieldNames[place.FCodeINSEE]
		if _, ok := l.Provenance.Original[name]; !ok {
			l.Provenance.Original[name] = ""
		}
		d.Severity, d.Rule = place.Info, RuleINSEEDerived
		d.Message = fmt.Sprintf("code INSEE absent : %s (%s) déduit %s", c.Code, c.Nom, found.How)
	} else {
		d.Severity, d.Rule = place.Warning, RuleINSEENotDerived
		d.Message = "code INSEE absent et non déduit : " + found.Why
		if len(found.Candidates) > 0 {
			var names []string
			for i, c := range found.Candidates {
				if i == 5 {
					names = append(names, fmt.Sprintf("et %d autres", len(found.Candidates)-i))
					break
				}
				names = append(names, c.Nom+" ("+c.Code+")")
			}
			d.Message += " : " + strings.Join(names, ", ")
		}
		d.Message += " ; renseignez code_insee dans la source"
	}
	e.Diagnostics = append(e.Diagnostics, d)
	return d.Severity
}

// communeLocator loads the referential the first time a record needs it.
type communeLocator struct {
	load   func() (*territory.Referential, error)
	ref    *territory.Referential
	loaded bool
	// noticed is set once the missing referential was reported.
	noticed bool
	// infos and warnings count the diagnostics added.
	infos, warnings int
}

// referential loads the referential if no record needed it yet.
func (cl *communeLocator) referential() (*territory.Referential, error) {
	if !cl.loaded {
		ref, err := cl.load()
		if err != nil {
			return nil, err
		}
		cl.ref, cl.loaded = ref, true
	}
	return cl.ref, nil
}

func (cl *communeLocator) locate(file string, e *standard.Entry) error {
	// Only records without code_insee, or with their postcode in it, need
	// the referential: the others do not load it (it costs a second).
	if !e.OK || e.Lieu.CodeINSEE != "" && e.Lieu.CodeINSEE != e.Lieu.CodePostal {
		return nil
	}
	if !cl.loaded {
		ref, err := cl.load()
		if err != nil {
			return err
		}
		cl.ref, cl.loaded = ref, true
	}
	if cl.ref.Empty() {
		// Said once per file: every record would say the same.
		if !cl.noticed && e.Lieu.CodeINSEE == "" {
			cl.noticed = true
			cl.warnings++
			e.Diagnostics = append(e.Diagnostics, standard.Diagnostic{File: file, Line: e.Line, Index: e.Index, RecordID: e.Lieu.ID,
				Problem: place.Problem{Severity: place.Warning, Field: place.FieldNames[place.FCodeINSEE], Rule: RuleINSEENotDerived,
					Message: "code INSEE absent et non déduit : le référentiel des communes n'est pas chargé (« maillage territoires import ») ; " +
						"il en va de même pour les lieux suivants de ce fichier sans code INSEE"}})
		}
		return nil
	}
	sev := place.Error
	if e.Lieu.CodeINSEE == "" {
		sev = locateCommune(cl.ref, file, e)
	} else {
		sev = checkCommune(cl.ref, file, e)
	}
	switch sev {
	case place.Info:
		cl.infos++
	case place.Warning:
		cl.warnings++
	}
	return nil
}
