package store

import (
	"context"
	"strings"

	"maillage/internal/activity"
)

// Activities stores what the network does (internal/activity): activity
// reports (entered here or imported from the Coop), monthly aggregates per
// place, and the hub's coordination activities. Every write is one
// transaction and one entry of the audit journal (an import: one entry per
// run). Entries are normalized and validated by the store too: an invalid
// one is a failure.Invalid whose cause is its activity.Problems.
//
// Counting rules for statistics (issue 11 §3), which these rows make safe:
//   - an activity counts Accompaniments(): 1, or one per participant of a
//     workshop, as the Coop counts;
//   - an imported activity is keyed by the Coop's « ID CRA » (unique): a
//     re-import replaces it, never adds one, so Coop figures count once;
//     an activity entered here never has one, so local and imported rows
//     never overlap by construction (Source says which is which);
//   - an aggregate holds what was not recorded one by one (the form says
//     so): statistics add aggregates to activities; there is one per place
//     and month;
//   - an API aggregate (the Coop's API statistics of a département and a
//     month, source api_coop) replaces, in the statistics, the activities
//     imported from Coop exports of that département and month: the same
//     accompaniments counted by the Coop; local activities and aggregates
//     add up to it;
//   - territories: an activity belongs to the commune where it happened
//     (a registry place's commune, written when it is recorded); one at a
//     distance without a commune belongs to no territory but the whole.
type Activities interface {
	// AddActivity records an activity entered here (Source saisie) by
	// a.Account. Its registry place, and the place it redirected to,
	// must exist (failure.NotFound); its commune must be known when the
	// referential of communes is loaded (failure.Invalid). Its Pass
	// numérique redemption (PassRedemption) must exist (failure.NotFound),
	// be of the activity's place and day (failure.Invalid, rules
	// pass-autre-lieu, pass-autre-jour) and pay no other activity
	// (failure.Conflict): the link is the activity's column, unique, and
	// the ledger's rows are never written. The store writes Commune (a
	// registry place's) and Departement.
	AddActivity(ctx context.Context, a activity.Activity, actor string) (activity.Activity, error)
	// UpdateActivity replaces an activity entered here (by a.ID).
	// by is the account editing it: failure.Forbidden when it did not
	// record it (0: any, for administrators); failure.Conflict for an
	// imported activity (corrected in the Coop, then re-imported).
	UpdateActivity(ctx context.Context, a activity.Activity, by int64, actor string) (activity.Activity, error)
	// DeleteActivity deletes an activity that by may read (its author's,
	// or one lying in by's territories: a coordinator's), checked in the
	// deleting transaction: one by does not read is failure.NotFound, as
	// a missing one; another's that activity.KeptFromOthers keeps (an
	// import of the Coop, one paid by a Pass numérique) is
	// failure.Forbidden with its reason. Any when by is nil
	// (administrators; imported ones too).
	DeleteActivity(ctx context.Context, id int64, by *ActivityReader, actor string) error
	// Activity reads one activity; failure.NotFound when unknown.
	Activity(ctx context.Context, id int64) (activity.Activity, error)
	// Activities lists the activities f selects, by date then id, or
	// newest first (Newest), or by id (ByID: AfterID and Limit page
	// through them).
	Activities(ctx context.Context, f ActivityFilter) ([]activity.Activity, error)
	// CountActivities counts the activities f selects over every page: f
	// has no AfterID, Limit nor Newest (an error otherwise).
	CountActivities(ctx context.Context, f ActivityFilter) (int, error)
	// ImportCoop stores the activities of one Coop export (Source
	// import_coop, each with its CoopID) in one transaction: an ID CRA
	// seen before replaces its activity (the same row and id), an
	// unchanged one stays as it is, a new one is added. A registry place
	// of the same name in the same commune becomes the activity's LieuID
	// (the export names places, it has no registry id). run says the file,
	// format and the lines rejected before; the returned run has its ID
	// and counts. All or nothing: one invalid activity refuses the run
	// (failure.Invalid naming its ID CRA).
	ImportCoop(ctx context.Context, run activity.ImportRun, acts []activity.Activity, actor string) (activity.ImportRun, error)
	// ActivityImports lists the import runs, newest first.
	ActivityImports(ctx context.Context) ([]activity.ImportRun, error)
	// ImportCoopAPI stores the aggregates read from the Coop's API
	// statistics (activity.APIAggregate, one per département and month)
	// in one transaction, with their run (run.File says what was asked,
	// Format "api_coop"): a département-month already stored is replaced
	// (Replaced), or left as it is when its figures are the same
	// (Unchanged); a new one is added (Created). Fetched is the store's
	// clock. All or nothing: an invalid aggregate, or one given twice,
	// refuses the run (failure.Invalid) and what was stored stays.
	ImportCoopAPI(ctx context.Context, run activity.ImportRun, aggs []activity.APIAggregate, actor string) (activity.ImportRun, error)
	// APIAggregates lists the API aggregates f selects, by month then
	// département: From and To select the months that hold them;
	// Territories a département, or the départements of a région
	// (through the referential); a commune or an EPCI selects none (a
	// département's figures do not divide). Other fields are ignored,
	// but Reader, ByID, AfterID and Newest are an error.
	APIAggregates(ctx context.Context, f ActivityFilter) ([]activity.APIAggregate, error)

	// SaveAggregate records a place's aggregate of a month (g.ID 0) or
	// replaces one (g.ID, its author's, or any when by is 0).
	// failure.Conflict when the place already has one for that month,
	// failure.NotFound when the place does not exist.
	SaveAggregate(ctx context.Context, g activity.Aggregate, by int64, actor string) (activity.Aggregate, error)
	// DeleteAggregate deletes an aggregate that by may read (its
	// author's, or one lying in by's territories: a coordinator's),
	// checked in the deleting transaction: one by does not read is
	// failure.NotFound, as a missing one. Any when by is nil
	// (administrators). Aggregates are all entered here: none is kept
	// from a coordinator as imported activities are.
	DeleteAggregate(ctx context.Context, id int64, by *ActivityReader, actor string) error
	Aggregate(ctx context.Context, id int64) (activity.Aggregate, error)
	// Aggregates lists the aggregates f selects (From and To select the
	// months they fall in; Reader those its reader reads, as for
	// activities; Kind and Source are ignored), by month then id, or
	// newest first (Newest). ByID and AfterID are the activities' alone:
	// an error when set (a caller never gets more than it asked).
	Aggregates(ctx context.Context, f ActivityFilter) ([]activity.Aggregate, error)

	// AddCoordination records a coordination activity of c.Account.
	AddCoordination(ctx context.Context, c activity.Coordination, actor string) (activity.Coordination, error)
	// UpdateCoordination replaces one (its author's, or any when by is 0).
	UpdateCoordination(ctx context.Context, c activity.Coordination, by int64, actor string) (activity.Coordination, error)
	// DeleteCoordination deletes one (its author's, or any when by is 0).
	DeleteCoordination(ctx context.Context, id, by int64, actor string) error
	Coordination(ctx context.Context, id int64) (activity.Coordination, error)
	// Coordinations lists the coordination activities f selects (LieuID,
	// Kind and Source are ignored; Territories match the activity's
	// Territory: a département, or the département of a commune or EPCI
	// given), by date then id. Reader, ByID, AfterID and Newest are an
	// error.
	Coordinations(ctx context.Context, f ActivityFilter) ([]activity.Coordination, error)
}

// ActivityFilter selects activities, aggregates or coordination
// activities; every field is optional and they add up (AND).
type ActivityFilter struct {
	Account int64 // recorded by this account (0: anyone)
	// Others: not recorded by this account (0: anyone), for the lists of
	// the others' entries (activities and aggregates): the limit counts
	// only them.
	Others int64
	LieuID string // at this registry place
	// From and To bound the date, included (YYYY-MM-DD; "" open). For
	// aggregates, the months that hold them.
	From, To string
	// Territories: in any of these (none: everywhere).
	Territories []TerritoryRef
	Kind        string // activity.Individuel or activity.Collectif ("" both)
	Source      string // activity.SourceSaisie or SourceImportCoop ("" both)
	// PaidByPass: only activities linked to a Pass numérique redemption
	// (activities only).
	PaidByPass bool
	// NoCommune: only the activities without a commune (at a distance,
	// at no registry place): those that count in no territory
	// (activities only).
	NoCommune bool
	// Reader keeps what a reader may read (activities and aggregates):
	// what it recorded, or lying in one of its territories (nil: no such
	// restriction).
	Reader *ActivityReader
	// ByID lists the activities by id, the order they were recorded in
	// (activities only): a walk through pages (AfterID) sees each one
	// once, since an id never changes and only grows, while a date is
	// edited by its author.
	ByID bool
	// AfterID keeps the activities of a greater id (activities only, with
	// ByID): the cursor of a page, the last id of the previous one.
	AfterID int64
	// Newest lists the activities newest first (by date then id,
	// descending; not with ByID), or the aggregates (by month then id,
	// descending): with Limit, the latest ones.
	Newest bool
	Limit  int // at most this many (0: all)
}

// ActivityReader is an account reading activities: those it recorded
// (Account), and those whose commune lies in one of its Territories (a
// coordinator's départements and EPCI, a commune's arrondissements in
// it, as Territories of a filter select them).
type ActivityReader struct {
	Account     int64
	Territories []TerritoryRef
}

// TerritoryRef names a territory: Kind is "commune", "epci",
// "departement" or "region", Code its code. EPCI and région go through
// the referential of communes (none loaded: they select nothing).
type TerritoryRef struct {
	Kind string
	Code string
}

// ParseTerritoryRefs reads territories as the command line and the API
// write them: « departement:81,epci:248100737 », and « france » (or "")
// for everywhere (none). ok is false on a kind or code it cannot read.
func ParseTerritoryRefs(s string) (refs []TerritoryRef, ok bool) {
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' }) {
		if strings.EqualFold(part, "france") {
			continue
		}
		kind, code, found := strings.Cut(part, ":")
		kind, code = strings.ToLower(strings.TrimSpace(kind)), strings.ToUpper(strings.TrimSpace(code))
		if !found || code == "" || len(code) > 12 {
			return nil, false
		}
		switch kind {
		case "commune", "epci", "departement", "region":
		default:
			return nil, false
		}
		for _, r := range code {
			if !(r >= '0' && r <= '9' || r == 'A' || r == 'B') {
				return nil, false
			}
		}
		refs = append(refs, TerritoryRef{Kind: kind, Code: code})
	}
	return refs, true
}
