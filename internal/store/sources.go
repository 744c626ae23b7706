package store

import (
	"context"
	"time"
)

// Sources are the declared sources of places, their harvests and the
// leases that keep two processes from harvesting the same source at once.
type Sources interface {
	// DeclareSource records a source (failure.Conflict when a source of
	// that name is declared and not removed; a removed one is declared
	// anew, its past harvests kept).
	DeclareSource(ctx context.Context, s Source) error
	// Source returns a declared source, removed or not (failure.NotFound
	// when none).
	Source(ctx context.Context, name string) (Source, error)
	// DeclaredSources lists the declared sources not removed, by name.
	DeclaredSources(ctx context.Context) ([]Source, error)
	// RemoveSource marks a declared source removed (failure.NotFound when
	// there is none to remove). Its records are the caller's business.
	// Declaring and removing are written to the audit journal (kind
	// "source"), by DeclaredBy and by actor.
	RemoveSource(ctx context.Context, name, actor string) error
	// ChangeSource changes a declared source's settings (failure.NotFound
	// when none is declared under that name) and, when its priority
	// changes, computes again in the same transaction the places its
	// current records feed with another source's records (merge.Compute
	// ranks records by priority first); journaled by actor. When its
	// address changes, its past harvests' validators (ETag,
	// Last-Modified, content hash) are forgotten: they were the old
	// address's. It returns the source changed and how many places were
	// computed again.
	ChangeSource(ctx context.Context, name string, c SourceChange, actor string) (Source, int, error)

	// StartHarvest records the start of a harvest of a source and returns
	// its number. Runs of that source still marked running (their process
	// died) become interrupted: the caller holds the source's lease.
	StartHarvest(ctx context.Context, source string) (int64, error)
	// FinishHarvest records how a harvest ended (run.ID names it; its end
	// is the store's clock). The report is cut to MaxHarvestReport bytes.
	FinishHarvest(ctx context.Context, run HarvestRun) error
	// HarvestRuns lists the harvests of a source, newest first, at most limit.
	HarvestRuns(ctx context.Context, source string, limit int) ([]HarvestRun, error)
	// HarvestRun returns one harvest (failure.NotFound when none).
	HarvestRun(ctx context.Context, id int64) (HarvestRun, error)
	// LastHarvests returns the latest harvest of every source that has one.
	LastHarvests(ctx context.Context) (map[string]HarvestRun, error)

	// AcquireLease takes or renews the lease name for holder until the
	// store's clock plus ttl: it succeeds when nobody holds it, when it
	// expired, or when holder already holds it. It answers false, and
	// who holds it, otherwise.
	AcquireLease(ctx context.Context, name, holder string, ttl time.Duration) (bool, error)
	// ReleaseLease gives the lease back if holder holds it.
	ReleaseLease(ctx context.Context, name, holder string) error
	// LeaseHolder tells who holds the lease name ("": nobody, or it
	// expired).
	LeaseHolder(ctx context.Context, name string) (string, error)
	// TakeOverLease gives the lease name to holder until the store's
	// clock plus ttl if from holds it, expired or not (a holder known
	// dead); false when from does not hold it.
	TakeOverLease(ctx context.Context, name, from, holder string, ttl time.Duration) (bool, error)
}

// Source types.
const (
	SourceStandard      = "standard"
	SourceDataGouv      = "datagouv"
	SourceDataInclusion = "data-inclusion"
	SourceCoop          = "coop"
	SourceTableur       = "tableur"
)

// SourceTypes are the types a source may be declared with.
var SourceTypes = []string{SourceStandard, SourceDataGouv, SourceDataInclusion, SourceCoop, SourceTableur}

// Source is a declared source of places.
type Source struct {
	Name string
	Type string // one of SourceTypes
	// URL is where it is fetched: an http(s) address, a file path, a
	// data.gouv.fr dataset id or slug.
	URL string
	// Correspondence names a correspondence file or a built-in one (tableur).
	Correspondence string
	// Interval is how often it is harvested while the server runs (0: on
	// demand only).
	Interval time.Duration
	// Priority ranks sources when their records disagree (higher first).
	Priority int
	// MaxLoss is the share of its records a harvest may withdraw before
	// it is refused (0: the default).
	MaxLoss    float64
	DeclaredBy string
	DeclaredAt time.Time // set by the store
	RemovedAt  time.Time // zero while declared
}

// Harvest statuses.
const (
	HarvestRunning     = "en_cours"
	HarvestDone        = "reussie"
	HarvestUnchanged   = "inchangee"
	HarvestFailed      = "echouee"
	HarvestInterrupted = "interrompue"
)

// MaxHarvestReport bounds the report kept with a harvest, in bytes.
const MaxHarvestReport = 64 << 10

// HarvestRun is one harvest of a source.
type HarvestRun struct {
	ID                                               int64
	Source                                           string
	Started, Ended                                   time.Time // Ended is zero while running
	Status                                           string
	Created, Updated, Unchanged, Withdrawn, Rejected int
	Warnings                                         int
	// Error says why it failed ("" when it did not).
	Error string
	// Report is the harvest's report, in French, cut to MaxHarvestReport.
	Report string
	// Validators of what was fetched, to skip an unchanged source.
	ETag, LastModified, ContentHash string
}
