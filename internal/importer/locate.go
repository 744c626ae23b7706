package importer

import (
	"maillage/internal/standard"
	"maillage/internal/territory"
)

// Locator derives and corrects the INSEE codes of a file's records as
// Import does, for those who read a file without importing it (maillage
// validate): both say the same about code_insee.
type Locator struct{ cl communeLocator }

// NewLocator returns a locator that loads the referential with load the
// first time a record needs it.
func NewLocator(load func() (*territory.Referential, error)) *Locator {
	return &Locator{cl: communeLocator{load: load}}
}

// Locate derives or corrects the INSEE code of e, adding to its
// diagnostics what was done; the error is the referential's loading's.
func (l *Locator) Locate(file string, e *standard.Entry) error { return l.cl.locate(file, e) }

// Counts returns how many normalisations and warnings Locate added.
func (l *Locator) Counts() (infos, warnings int) { return l.cl.infos, l.cl.warnings }
