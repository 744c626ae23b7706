package store

import "context"

// Kinds of records PersonalData reads, as the journal names them.
const (
	PersonalActivity     = "activite"
	PersonalCoordination = "activite_coordination"
	PersonalOrientation  = "orientation"
)

// PersonalFinding is a stored free text that the write paths would now
// refuse for personal data or an invisible character: never the text.
type PersonalFinding struct {
	Kind  string // PersonalActivity, PersonalCoordination or PersonalOrientation
	ID    int64
	Field string // as the API names it (notes, titre_atelier, reference…)
	Label string // as the forms show it (Notes, Nom de l'atelier, Référence…)
	Rule  string // the detector's (personaldata.Rule, personaldata.InvisibleRule)
	Date  string // the record's: an activity's date, an orientation's day (YYYY-MM-DD)
	// Erased: the field was blanked (PersonalData with erase).
	Erased bool
}

// PersonalData finds what rows stored before the detector of personal data
// (internal/personaldata), or written around it, hold.
type PersonalData interface {
	// PersonalData reads every activity, coordination activity and
	// orientation, by batches of ids (never all at once), checks their
	// free texts as their write paths do now (activity.Activity.PersonalData,
	// activity.Coordination.PersonalData, orientation.Orientation.PersonalData),
	// and calls found for each refused field, in the order of the kinds
	// above, then of ids. With erase, each batch's refused fields are
	// blanked in one transaction (checked again in it: a row changed in
	// between is judged as it is then), each record's change one entry of
	// the journal by actor, its update time bumped; found is called once
	// the transaction committed. An error of found stops the reading.
	PersonalData(ctx context.Context, erase bool, actor string, found func(PersonalFinding) error) error
}
