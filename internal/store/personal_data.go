package store

import "context"

// Kinds of records PersonalData reads, as the journal names them.
const (
	PersonalActivity     = "activite"
	PersonalCoordination = "activite_coordination"
	PersonalOrientation  = "orientation"
	// PersonalJournal: an entry of the audit journal (ID its number),
	// whose copy of a free text holds personal data; it is never erased.
	PersonalJournal = "journal"
)

// PersonalFinding is a stored free text that the write paths would now
// refuse for personal data or an invisible character: never the text.
type PersonalFinding struct {
	Kind  string // PersonalActivity, PersonalCoordination, PersonalOrientation or PersonalJournal
	ID    int64
	Field string // as the API names it (notes, titre_atelier, reference…)
	Label string // as the forms show it (Notes, Nom de l'atelier, Référence…)
	Rule  string // the detector's (personaldata.Rule, personaldata.InvisibleRule)
	Date  string // the record's: an activity's date, an orientation's day, a journal entry's day (YYYY-MM-DD)
	// Erased: the field was blanked (PersonalData with erase).
	Erased bool
	// Cleaned: the field's invisible characters were removed, the rest of
	// its text kept (PersonalData with erase, Rule InvisibleRule); when
	// the cleaned text is still refused, another finding erases it.
	Cleaned bool
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
	// purged in one transaction (a text refused for invisible characters
	// cleaned of them, then judged again; what is still refused blanked) (checked again in it: a row changed in
	// between is judged as it is then), each record's change one entry of
	// the journal by actor, its update time bumped; found is called once
	// the transaction committed. Then the journal's entries of activities
	// and coordination activities whose copy of a free text holds personal
	// data (PersonalJournal): reported, never erased, as the journal is
	// hash-chained over its entries' text. An error of found stops the
	// reading.
	PersonalData(ctx context.Context, erase bool, actor string, found func(PersonalFinding) error) error
}
