package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"iter"
	"strconv"
	"time"
	"unicode/utf8"

	"maillage/internal/audit"
	"maillage/internal/place"
)

// Places is the registry of places: imports, reads and hand edits.
type Places interface {
	// BeginImport starts a transactional import of the records of a source.
	// Nothing is visible to readers until Commit; Rollback leaves the
	// registry as it was.
	BeginImport(ctx context.Context, source string) (Import, error)
	// Lieu returns a place by its published id (failure.NotFound if none).
	Lieu(ctx context.Context, id string) (place.Lieu, error)
	// Lieux iterates over every place, in id order. An iteration that
	// ends for any reason but the consumer's break yields the error.
	Lieux(ctx context.Context) iter.Seq2[*place.Lieu, error]
	// Stats tells how many places there are and when the registry last changed.
	Stats(ctx context.Context) (Stats, error)
	// PatchLieu applies a person's change to a place in one transaction:
	// it reads the stored row, checks the patch against it (failure.Conflict
	// when it changed since, see Patch), writes only the changed fields,
	// marks them as set by hand and journals before and after. It returns
	// the place as stored.
	PatchLieu(ctx context.Context, id string, p Patch) (place.Lieu, error)
	// FieldOrigins says which fields of a place were set by hand, by whom
	// and when (and, for a place of several records, which record gave
	// each other field: see FieldSources).
	FieldOrigins(ctx context.Context, lieuID string) (map[string]FieldOrigin, error)
}

// FieldOrigin says who last set a field of a place: a person (Origin
// "structure" or "coordination", Actor the account) or a source record
// (Origin "source", Source and SourceID the record's; At its date_maj).
type FieldOrigin struct {
	Origin   string
	At       time.Time
	Actor    string
	Source   string
	SourceID string
	// Withdrawn is when the record that gave the value was withdrawn by
	// its source (zero while it gives it): a place held up by hand edits
	// keeps the values of its last records.
	Withdrawn time.Time
}

// OriginSource is the origin of a field given by a source record.
const OriginSource = "source"

// ByHand reports whether a person set the field.
func (o FieldOrigin) ByHand() bool { return o.Origin != OriginSource }

// Import is an import in progress.
type Import interface {
	// Put creates or updates the record of the source with id l.ID. It
	// returns what happened and the id the record is published under.
	Put(ctx context.Context, l *place.Lieu) (Outcome, string, error)
	// PutDiagnosed is Put, keeping with the record the import's
	// diagnostics of it (JSON, as importer writes them; nil for none).
	PutDiagnosed(ctx context.Context, l *place.Lieu, diagnostics []byte) (Outcome, string, error)
	// Reject counts a record the validation rejected. sourceID is the id
	// the source gave it ("" if none): a record of the source stored
	// before keeps its last valid version (it is not absent, so neither
	// withdrawn nor counted as lost); Reject reports whether there was
	// one.
	Reject(sourceID string) (kept bool)
	// Absent tells how many of the records the source had when the import
	// began were not Put in it, out of how many.
	Absent() (absent, total int)
	// Withdraw withdraws the source's records that were not Put in this
	// import: a place no other current record and no hand edit holds up
	// is unpublished (kept among the withdrawn places, and published
	// again under its id when a record of it comes back). It returns how
	// many records were withdrawn.
	Withdraw(ctx context.Context) (int, error)
	// Commit makes the import visible and records it, in the same
	// transaction, in the import log and the audit journal.
	Commit(ctx context.Context, file string) (Counts, error)
	Rollback(ctx context.Context) error
	// DeferPlaces makes the records this import creates wait unplaced for
	// the merge run that follows it, which places them (Placer): call it
	// before the first Put. Put then returns "" as their id. A record left
	// unplaced by an earlier import stays so whatever the mode.
	DeferPlaces()
}

// Outcome is what an import did to one record.
type Outcome int

const (
	Created Outcome = iota
	Updated
	Unchanged
)

func (o Outcome) String() string {
	return [...]string{"créé", "mis à jour", "inchangé"}[o]
}

// ImportEntry is the journal's entry of an import.
func ImportEntry(source, file string, c Counts) audit.Entry {
	after := map[string]any{"fichier": file, "crees": c.Created, "mis_a_jour": c.Updated, "inchanges": c.Unchanged, "rejetes": c.Rejected}
	if c.Withdrawn > 0 {
		after["retires"] = c.Withdrawn
	}
	return audit.Entry{Actor: "import", Action: "import.termine", Kind: "source", ObjectID: source, After: audit.JSON(after)}
}

// Counts sums up an import.
type Counts struct {
	Created, Updated, Unchanged, Rejected int
	// Withdrawn records: the source no longer gives them (Options.Withdraw).
	Withdrawn int
}

// Add counts an outcome.
func (c *Counts) Add(o Outcome) {
	switch o {
	case Created:
		c.Created++
	case Updated:
		c.Updated++
	default:
		c.Unchanged++
	}
}

// Stats describes the registry.
type Stats struct {
	Count      int
	LastChange time.Time // zero when empty
}

// Row is a place as the adapters store it: the 32 fields encoded as in the
// standard's CSV, coordinates as numbers, and what lies beside the standard.
type Row struct {
	Values     [place.NumFields]string
	Lat, Lon   *float64
	Pass       bool
	Provenance []byte // JSON of place.Provenance
	Hash       string
}

// RowOf encodes a place for storage.
func RowOf(l *place.Lieu) Row {
	r := Row{Values: l.Values(), Pass: l.PassNumerique}
	if l.Coordinates != nil {
		lat, lon := l.Coordinates.Lat, l.Coordinates.Lon
		r.Lat, r.Lon = &lat, &lon
	}
	r.Provenance, _ = json.Marshal(l.Provenance)
	// The hashed bytes are gathered first: one Write instead of 66.
	n := len(r.Provenance) + 5
	for _, v := range r.Values {
		n += len(v) + 1
	}
	b := make([]byte, 0, n)
	for _, v := range r.Values {
		b = append(b, v...)
		b = append(b, 0)
	}
	b = strconv.AppendBool(b, r.Pass)
	b = append(b, r.Provenance...)
	sum := sha256.Sum256(b)
	r.Hash = hex.EncodeToString(sum[:16])
	return r
}

// Lieu decodes a stored row.
func (r *Row) Lieu() (place.Lieu, error) {
	r.Values[place.FLatitude], r.Values[place.FLongitude] = "", ""
	if r.Lat != nil && r.Lon != nil {
		r.Values[place.FLatitude] = place.FormatFloat(*r.Lat)
		r.Values[place.FLongitude] = place.FormatFloat(*r.Lon)
	}
	l, err := place.Decode(r.Values)
	if err != nil {
		return l, err
	}
	l.PassNumerique = r.Pass
	if len(r.Provenance) > 0 {
		if err := json.Unmarshal(r.Provenance, &l.Provenance); err != nil {
			return l, err
		}
	}
	return l, nil
}

// Columns are the SQL columns of the 32 fields, in schema order.
var Columns = place.FieldNames

// PublicID chooses the id a new record is published under: its own, or,
// when another source already uses it, the id prefixed with the source name.
// The prefixed id follows the rule of ids (place.SafeID): the source's
// characters of URL path syntax or control become "-", and the result is
// cut to place.MaxIDLength bytes.
func PublicID(id, source string, taken func(string) bool) string {
	if !taken(id) && !ReservedIDs[id] {
		return id
	}
	base := source + "-" + id
	if safe, ok := place.SafeID(base); ok {
		base = safe
	} else {
		base, _ = place.SafeID(fitID(base, place.MaxIDLength))
	}
	candidate := base
	for n := 2; taken(candidate); n++ {
		suffix := "-" + strconv.Itoa(n)
		candidate = fitID(base, place.MaxIDLength-len(suffix)) + suffix
	}
	return candidate
}

// ReservedIDs are path segments the site's routes use where a place's id
// goes (/api/v1/lieux/changements is the changes feed): a record with one
// of them as its id is published under its source's prefix.
var ReservedIDs = map[string]bool{"changements": true}

// fitID cuts s to at most n bytes, on a character boundary.
func fitID(s string, n int) string {
	for len(s) > n {
		_, size := utf8.DecodeLastRuneInString(s)
		s = s[:len(s)-size]
	}
	return s
}
