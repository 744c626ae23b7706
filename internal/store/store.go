// Package store is the storage contract of the registry of places. Its
// adapters (sqlite, postgres) implement it and pass the shared suite in
// storetest.
package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"iter"
	"strconv"
	"time"

	"maillage/internal/account"
	"maillage/internal/audit"
	"maillage/internal/place"
	"maillage/internal/territory"
)

// ErrNotFound is returned when a place does not exist.
var ErrNotFound = errors.New("lieu introuvable")

// Store keeps the registry of places.
type Store interface {
	// BeginImport starts a transactional import of the records of a source.
	// Nothing is visible to readers until Commit; Rollback leaves the
	// registry as it was.
	BeginImport(ctx context.Context, source string) (Import, error)
	// Lieu returns a place by its published id.
	Lieu(ctx context.Context, id string) (place.Lieu, error)
	// Lieux iterates over every place, in id order.
	Lieux(ctx context.Context) iter.Seq2[*place.Lieu, error]
	// Stats tells how many places there are and when the registry last changed.
	Stats(ctx context.Context) (Stats, error)
	// ReplaceTerritories replaces the referential of communes, EPCI,
	// départements and régions; Territories reads it back (empty if never loaded).
	ReplaceTerritories(ctx context.Context, r *territory.Referential) error
	Territories(ctx context.Context) (*territory.Referential, error)
	// AddReport stores a correction request from the public; Reports lists
	// those about a place ("" for all), newest first.
	AddReport(ctx context.Context, r place.Report) (int64, error)
	Reports(ctx context.Context, lieuID string) ([]place.Report, error)
	Accounts
	Close() error
}

// Import is an import in progress.
type Import interface {
	// Put creates or updates the record of the source with id l.ID. It
	// returns what happened and the id the record is published under.
	Put(ctx context.Context, l *place.Lieu) (Outcome, string, error)
	// Reject counts a record the validation rejected.
	Reject()
	// Commit makes the import visible and records it in the import log.
	Commit(ctx context.Context, file string) (Counts, error)
	Rollback(ctx context.Context) error
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

// Counts sums up an import.
type Counts struct {
	Created, Updated, Unchanged, Rejected int
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
	h := sha256.New()
	for _, v := range r.Values {
		h.Write([]byte(v))
		h.Write([]byte{0})
	}
	h.Write([]byte(strconv.FormatBool(r.Pass)))
	h.Write(r.Provenance)
	r.Hash = hex.EncodeToString(h.Sum(nil)[:16])
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
func PublicID(id, source string, taken func(string) bool) string {
	if !taken(id) {
		return id
	}
	candidate := source + "-" + id
	for n := 2; taken(candidate); n++ {
		candidate = source + "-" + id + "-" + strconv.Itoa(n)
	}
	return candidate
}

// Plan decides, for every record of an import, whether it creates, updates
// or leaves a stored record alone, and under which id it is published. An
// adapter loads it with what is stored, then carries out its decisions, so
// that both engines decide alike.
type Plan struct {
	source   string
	existing map[string]existing // the source's stored records, by the source's id
	taken    map[string]bool     // every published id
	Counts   Counts
	// protected: fields a structure or a coordinator set by hand, by
	// published id, with when; load reads a stored record.
	protected map[string]map[string]time.Time
	load      func(publicID string) (place.Lieu, error)
}

type existing struct {
	publicID, hash string
}

// NewPlan starts the plan of an import of source.
func NewPlan(source string) *Plan {
	return &Plan{source: source, existing: map[string]existing{}, taken: map[string]bool{}, protected: map[string]map[string]time.Time{}}
}

// Stored tells the plan of a record already in the registry.
func (p *Plan) Stored(publicID, source, importID, hash string) {
	if source == p.source {
		p.existing[importID] = existing{publicID, hash}
	}
	p.taken[publicID] = true
}

// Protect tells the plan that a field of a stored record was set by hand
// at a time: an import whose record is older (date_maj) keeps that value.
func (p *Plan) Protect(publicID, field string, at time.Time) {
	if p.protected[publicID] == nil {
		p.protected[publicID] = map[string]time.Time{}
	}
	p.protected[publicID][field] = at
}

// SetLoader gives the plan a way to read stored records (for protected fields).
func (p *Plan) SetLoader(load func(publicID string) (place.Lieu, error)) { p.load = load }

// Decision is what to do with one record.
type Decision struct {
	Outcome  Outcome
	PublicID string
	Row      Row
}

// Decide plans the import of l and counts it. Fields that a structure set
// by hand on or after the day of the source's date_maj keep the
// structure's value (the structure knows its place best; date_maj is only
// a day).
func (p *Plan) Decide(l *place.Lieu) (Decision, error) {
	var d Decision
	old, known := p.existing[l.ID]
	if known {
		if prot := p.protected[old.publicID]; len(prot) > 0 && p.load != nil {
			merged, err := p.keepHandEdits(l, old.publicID, prot)
			if err != nil {
				return d, err
			}
			l = merged
		}
	}
	d.Row = RowOf(l)
	if known {
		d.PublicID = old.publicID
		d.Outcome = Updated
		if old.hash == d.Row.Hash {
			d.Outcome = Unchanged
		}
	} else {
		d.Outcome = Created
		d.PublicID = PublicID(l.ID, p.source, func(s string) bool { return p.taken[s] })
		p.taken[d.PublicID] = true
	}
	p.existing[l.ID] = existing{d.PublicID, d.Row.Hash}
	p.Counts.Add(d.Outcome)
	return d, nil
}

func (p *Plan) keepHandEdits(l *place.Lieu, publicID string, prot map[string]time.Time) (*place.Lieu, error) {
	stored, err := p.load(publicID)
	if err != nil {
		return nil, err
	}
	in, kept := l.Values(), stored.Values()
	changed := false
	for field, at := range prot {
		i, ok := place.FieldIndex[field]
		if !ok || at.Before(l.DateMaj) || in[i] == kept[i] {
			continue
		}
		in[i] = kept[i]
		changed = true
	}
	if !changed {
		return l, nil
	}
	merged, err := place.Decode(in)
	if err != nil {
		return nil, err
	}
	merged.ID, merged.PassNumerique, merged.Provenance = l.ID, l.PassNumerique, l.Provenance
	return &merged, nil
}

// streamBatch is how many rows the reading goroutine hands over at a time.
const streamBatch = 256

// Stream turns a function that reads rows into an iterator of places,
// decoding the rows in the caller's goroutine while read goes on in another:
// reading from the database and decoding then take one core each. read must
// stop when emit returns false.
func Stream(ctx context.Context, read func(ctx context.Context, emit func(*Row) bool) error) iter.Seq2[*place.Lieu, error] {
	return func(yield func(*place.Lieu, error) bool) {
		ctx, cancel := context.WithCancel(ctx)
		defer cancel()
		batches := make(chan []Row, 4)
		var readErr error
		go func() {
			defer close(batches)
			buf := make([]Row, 0, streamBatch)
			readErr = read(ctx, func(r *Row) bool {
				buf = append(buf, *r)
				if len(buf) < streamBatch {
					return true
				}
				select {
				case batches <- buf:
					buf = make([]Row, 0, streamBatch)
					return true
				case <-ctx.Done():
					return false
				}
			})
			if readErr == nil && len(buf) > 0 {
				select {
				case batches <- buf:
				case <-ctx.Done():
				}
			}
		}()
		stop := func() {
			cancel()
			for range batches {
			}
		}
		for batch := range batches {
			for i := range batch {
				l, err := batch[i].Lieu()
				if err != nil {
					stop()
					yield(nil, err)
					return
				}
				if !yield(&l, nil) {
					stop()
					return
				}
			}
		}
		if readErr != nil && ctx.Err() == nil {
			yield(nil, readErr)
		}
	}
}

// ErrExists is returned when creating what already exists (an account's address).
var ErrExists = errors.New("existe déjà")

// Statuses of claims, proposals and reports.
const (
	StatusPending  = "en_attente"
	StatusApproved = "acceptee"
	StatusRefused  = "refusee"
	StatusHandled  = "traite"
)

// Claim is an account saying "this place is my structure's".
type Claim struct {
	ID        int64
	UserID    int64
	LieuID    string
	Status    string
	Created   time.Time
	DecidedBy string
}

// Proposal is an edit (or a new place when LieuID is "") waiting for a coordinator.
type Proposal struct {
	ID      int64
	LieuID  string
	UserID  int64
	Values  map[string]string // the 32 fields as the standard's CSV encodes them
	Status  string
	Created time.Time
}

// FieldOrigin says who last set a field of a place.
type FieldOrigin struct {
	Origin string // "structure", "coordination"
	At     time.Time
	Actor  string
}

// Accounts is the storage of people, their rights, their contributions
// and the audit journal. Every change is journaled in its own transaction.
type Accounts interface {
	CreateUser(ctx context.Context, u account.User, actor string) (int64, error)
	User(ctx context.Context, id int64) (account.User, error)
	UserByEmail(ctx context.Context, email string) (account.User, error)
	Users(ctx context.Context) ([]account.User, error)
	UpdateUser(ctx context.Context, u account.User, actor string) error
	DeleteUser(ctx context.Context, id int64, actor string) error

	UseTOTPStep(ctx context.Context, userID, step int64) (bool, error)
	AddLoginToken(ctx context.Context, hash, email string, expires time.Time) error
	UseLoginToken(ctx context.Context, hash string, now time.Time) (string, error)
	AddSession(ctx context.Context, s account.Session) error
	Session(ctx context.Context, hash string) (account.Session, error)
	TouchSession(ctx context.Context, hash string, now time.Time) error
	RevokeSession(ctx context.Context, hash, actor string) error
	Sessions(ctx context.Context, userID int64) ([]account.Session, error)

	AddClaim(ctx context.Context, c Claim, actor string) (int64, error)
	Claims(ctx context.Context, status string, userID int64) ([]Claim, error)
	DecideClaim(ctx context.Context, id int64, status, actor string) error
	AddProposal(ctx context.Context, p Proposal, actor string) (int64, error)
	Proposals(ctx context.Context, status string) ([]Proposal, error)
	DecideProposal(ctx context.Context, id int64, status, actor string) error
	SetReportStatus(ctx context.Context, id int64, status, actor string) error
	EditLieu(ctx context.Context, l *place.Lieu, origin, actor string) error
	FieldOrigins(ctx context.Context, lieuID string) (map[string]FieldOrigin, error)

	Record(ctx context.Context, e audit.Entry) error
	Audit(ctx context.Context, kind, id string) ([]audit.Entry, error)
	AuditAll(ctx context.Context) iter.Seq2[*audit.Entry, error]
}
