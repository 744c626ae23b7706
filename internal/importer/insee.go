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
)

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

func (cl *communeLocator) locate(file string, e *standard.Entry) error {
	if !e.OK || e.Lieu.CodeINSEE != "" {
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
		if !cl.noticed {
			cl.noticed = true
			cl.warnings++
			e.Diagnostics = append(e.Diagnostics, standard.Diagnostic{File: file, Line: e.Line, Index: e.Index, RecordID: e.Lieu.ID,
				Problem: place.Problem{Severity: place.Warning, Field: place.FieldNames[place.FCodeINSEE], Rule: RuleINSEENotDerived,
					Message: "code INSEE absent et non déduit : le référentiel des communes n'est pas chargé (« maillage territoires import ») ; " +
						"il en va de même pour les lieux suivants de ce fichier sans code INSEE"}})
		}
		return nil
	}
	switch locateCommune(cl.ref, file, e) {
	case place.Info:
		cl.infos++
	case place.Warning:
		cl.warnings++
	}
	return nil
}
