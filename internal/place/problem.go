package place

// Severity says what a problem does to a record.
type Severity int

const (
	// Info reports a value that was normalised; the original is kept in the provenance.
	Info Severity = iota
	// Warning keeps the record; a value that cannot be published is dropped
	// from its field and kept in the provenance.
	Warning
	// Error rejects the record.
	Error
)

// String returns the French name of the severity.
func (s Severity) String() string {
	switch s {
	case Error:
		return "erreur"
	case Warning:
		return "avertissement"
	}
	return "normalisation"
}

// Rules: short stable codes naming what a problem is about.
const (
	RuleRequired         = "obligatoire"
	RuleNumber           = "nombre"
	RuleDate             = "date"
	RuleCoordinates      = "coordonnees"
	RuleDuplicateID      = "id-unique"
	RuleClosedList       = "liste-fermee"
	RuleTypologie        = "typologie"
	RuleHours            = "horaires-osm"
	RulePhone            = "telephone"
	RuleEmail            = "courriel"
	RuleURL              = "url"
	RulePostcode         = "code-postal"
	RuleINSEE            = "code-insee"
	RuleINSEEPostcode    = "insee-code-postal"
	RulePivot            = "pivot"
	RulePivotPlaceholder = "pivot-fictif"
	RuleSiretLuhn        = "siret-luhn"
	RuleMaxLength        = "longueur-max"
	RuleNormalised       = "normalisation"
	RuleConverted        = "conversion-v0.1"
	RuleUnknownColumn    = "colonne-inconnue"
	RuleFormat           = "format"
	RuleEncoding         = "encodage"
	RuleMaxSize          = "taille-max"
	RuleControl          = "caractere-controle"
	RuleIDChars          = "id-caracteres"
	RuleANCTCharacters   = "caracteres-anct"
	// RuleLambert93: coordinates given in Lambert-93 metres, converted.
	RuleLambert93 = "lambert-93"
)

// Problem is something found in one field of one record.
type Problem struct {
	Severity Severity
	Field    string // the field as the source names it
	Value    string // the value as the source wrote it
	Rule     string
	Message  string // in French, for a person who will fix the data
}
