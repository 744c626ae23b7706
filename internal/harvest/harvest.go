// Package harvest fetches a declared source (a file or URL of the
// standard, a data.gouv.fr dataset, the data·inclusion and Coop APIs, a
// spreadsheet), turns it into a file of the standard and imports it as the
// whole of that source: records that disappeared are withdrawn, a source
// that suddenly lost too many is refused, an unchanged one is skipped
// cheaply. Each harvest is recorded with its report.
package harvest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"maillage/internal/dedup"
	"net/http"
	"os"
	"strings"
	"time"

	"maillage/internal/failure"
	"maillage/internal/french"
	"maillage/internal/importer"
	"maillage/internal/openinghours"
	"maillage/internal/printable"
	"maillage/internal/standard"
	"maillage/internal/store"
)

// DefaultMaxLoss is the share of its records a source may lose in one
// harvest before the harvest is refused.
const DefaultMaxLoss = 0.30

// DefaultTimeout bounds the fetching of a source, answers of every page
// included.
const DefaultTimeout = 10 * time.Minute

// LeaseTTL is how long a harvest's lease lasts unless renewed; it is
// renewed every third of it.
const LeaseTTL = 2 * time.Minute

// Default addresses of the outside services.
const (
	DataGouvURL      = "https://www.data.gouv.fr/api/1"
	DataInclusionURL = "https://api.data.inclusion.gouv.fr/api/v1"
	CoopURL          = "https://coop-numerique.anct.gouv.fr/api/v1/lieux-activite"
)

// Environment variables holding the secrets of the APIs.
const (
	EnvDataInclusionToken = "MAILLAGE_DATA_INCLUSION_JETON"
	EnvCoopKey            = "MAILLAGE_COOP_CLE"
)

// Converter turns a spreadsheet into a JSON array of the standard, with a
// correspondence named by a file or a built-in name; fileDate is when the
// data last changed (for lists without a date per record).
type Converter func(ctx context.Context, in io.Reader, file, correspondence string, fileDate time.Time, out io.Writer) ([]standard.Diagnostic, error)

// Options tune a harvest.
type Options struct {
	// Holder names this process in leases ("": Holder()); each harvest
	// adds a number of its own.
	Holder string
	// Actor is who asked, as the audit journal names them ("compte:42",
	// "ligne de commande"; "": "système", the schedule).
	Actor string
	// LeaseTTL is how long the source's lease lasts without renewal
	// (0: LeaseTTL); it is renewed every third of it.
	LeaseTTL time.Duration
	// MaxLoss overrides the source's share of records that may be
	// withdrawn (0: the source's, else DefaultMaxLoss).
	MaxLoss float64
	// Now is the harvests' clock (importer.Options.Now: a date_maj beyond
	// tomorrow is not trusted; nil: no such check).
	Now func() time.Time
	// Force imports even when the source did not change.
	Force bool
	// LaterMerge: the caller runs the merge after this harvest and
	// others (importer.Options.LaterMerge).
	LaterMerge bool
	// Dedup sets the thresholds of the merge run that ends each harvest
	// (nil: dedup.DefaultConfig()).
	Dedup *dedup.Config
	// Timeout bounds the fetching (0: DefaultTimeout).
	Timeout time.Duration
	// Limits bound the files read (nil: standard.DefaultLimits).
	Limits *standard.Limits
	// Client makes the requests (nil: a client with Timeout that refuses
	// the server's own network, see PrivateAddresses).
	Client *http.Client
	// PrivateAddresses lets the harvests connect to loopback and private
	// addresses (a source on the hub's own network, the tests' fakes).
	// Link-local addresses (the cloud's metadata) stay refused.
	PrivateAddresses bool
	// Getenv reads the APIs' secrets (nil: os.Getenv).
	Getenv func(string) string
	// Base addresses of the services ("": the defaults above).
	DataGouvURL, DataInclusionURL, CoopURL string
	// TokensElsewhere lets the Coop's key and data·inclusion's token go
	// to a source's declared address on another server than the
	// configured API's (see secretTo).
	TokensElsewhere bool
	// Due, when set, is asked once the lease is held whether the source
	// is still due given its last harvests, newest first (none: never
	// harvested); false ends the harvest without recording it.
	Due func(runs []store.HarvestRun) bool
	// Tableur converts spreadsheets (nil: internal/tableur).
	Tableur Converter
	// Geocoding geocodes the records without coordinates or placed far
	// from their commune (nil: none).
	Geocoding *importer.Geocoding
}

type harvester struct {
	st     store.Store
	src    store.Source
	opt    Options
	client *http.Client
	limits standard.Limits
	prev   *store.HarvestRun // the last harvest that succeeded
	// started is when this harvest started, by the store's clock.
	started time.Time
	// The lease held, its renewal's context, the run recorded (begin).
	lease  string
	ctx    context.Context
	cancel context.CancelCauseFunc
	id     int64
	// notes go at the head of the report (what was fetched, skipped…).
	notes []string
}

func (h *harvester) note(format string, args ...any) {
	h.notes = append(h.notes, fmt.Sprintf(format, args...))
}

// Harvest harvests one source: it takes the source's lease (failure.Conflict
// when another process is harvesting it), records the harvest, fetches,
// and imports unless nothing changed. A failed harvest leaves the registry
// as it was, and is recorded with its error. The run returned is the one
// recorded.
func Harvest(ctx context.Context, st store.Store, src store.Source, opt Options) (store.HarvestRun, error) {
	h, err := begin(ctx, st, src, opt)
	if err != nil {
		return store.HarvestRun{}, err
	}
	return h.complete()
}

// begin takes the source's lease (kept renewed until complete ends),
// checks opt.Due, and records the start of the harvest.
func begin(ctx context.Context, st store.Store, src store.Source, opt Options) (_ *harvester, err error) {
	h := &harvester{st: st, src: src, opt: opt, client: opt.Client, limits: standard.DefaultLimits}
	if opt.Limits != nil {
		h.limits = *opt.Limits
	}
	if h.opt.Timeout <= 0 {
		h.opt.Timeout = DefaultTimeout
	}
	if h.client == nil {
		h.client = guardedClient(h.opt.Timeout, h.opt.PrivateAddresses)
	}
	if h.opt.Getenv == nil {
		h.opt.Getenv = os.Getenv
	}
	h.opt.Holder = operationHolder(h.opt.Holder)
	if h.opt.LeaseTTL <= 0 {
		h.opt.LeaseTTL = LeaseTTL
	}
	h.lease = "moisson:" + src.Name
	ok, err := acquireLease(ctx, st, h.lease, h.opt.Holder, h.opt.LeaseTTL)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, failure.Errorf(failure.Conflict, "La source « %s » est déjà en cours de moisson (par une autre commande ou un autre serveur) : réessayez plus tard.", printable.String(src.Name))
	}
	h.ctx, h.cancel = context.WithCancelCause(ctx)
	defer func() {
		if err != nil {
			if errors.Is(context.Cause(h.ctx), errLeaseLost) {
				err = leaseLostAtStart(src.Name)
			}
			h.end()
		}
	}()
	go h.renew(h.ctx, h.cancel, h.lease)
	// The source may have been removed since the caller loaded it (a
	// removal holds the lease too): a removed source is not harvested.
	if err := stillDeclared(h.ctx, st, src.Name); err != nil {
		return nil, err
	}
	if opt.Due != nil {
		runs, err := st.HarvestRuns(h.ctx, src.Name, runsForRetry)
		if err != nil {
			return nil, err
		}
		// The lease is held here: a run recorded running was interrupted.
		for i := range runs {
			if runs[i].Status == store.HarvestRunning {
				runs[i] = interrupted(runs[i])
			}
		}
		if !opt.Due(runs) {
			return nil, errNotDue
		}
	}
	if h.id, err = st.StartHarvest(h.ctx, src.Name); err != nil {
		return nil, err
	}
	if r, err := st.HarvestRun(h.ctx, h.id); err == nil {
		h.started = r.Started
	}
	if runs, err := st.HarvestRuns(h.ctx, src.Name, 20); err == nil {
		for i := range runs {
			if runs[i].ID != h.id && (runs[i].Status == store.HarvestDone || runs[i].Status == store.HarvestUnchanged) {
				h.prev = &runs[i]
				break
			}
		}
	}
	return h, nil
}

// end stops renewing the lease and gives it back.
func (h *harvester) end() {
	h.cancel(nil)
	h.st.ReleaseLease(context.WithoutCancel(h.ctx), h.lease, h.opt.Holder)
}

// complete runs a begun harvest, records how it ended and gives the
// lease back.
func (h *harvester) complete() (store.HarvestRun, error) {
	defer h.end()
	ctx, st, id := h.ctx, h.st, h.id
	run := store.HarvestRun{ID: id, Source: h.src.Name}
	err := h.safeRun(ctx, &run)
	if cause := context.Cause(ctx); err != nil && errors.Is(cause, errLeaseLost) {
		err = fmt.Errorf("%w (%s)", cause, failure.MessageOf(err))
	}
	if err != nil {
		err = withoutContent(err)
		run.Status = store.HarvestFailed
		run.Error = failure.MessageOf(err)
		if failure.CodeOf(err) == failure.Internal {
			run.Error = err.Error()
		}
		run.Error = plainMessage(run.Error, err)
	}
	if ferr := st.FinishHarvest(context.WithoutCancel(ctx), run); ferr != nil {
		return run, errors.Join(err, ferr)
	}
	if got, gerr := st.HarvestRun(context.WithoutCancel(ctx), id); gerr == nil {
		run = got
	}
	return run, err
}

// leaseLostAtStart is why a harvest whose lease was lost while it was
// starting did not start.
func leaseLostAtStart(name string) error {
	return failure.Errorf(failure.Conflict, "La moisson de la source « %s » n'a pas commencé : une autre instance (un autre serveur ou une commande « maillage moissonner ») a pris la main sur cette source pendant son démarrage, ou la base n'a pas répondu à temps. Rien n'a changé dans le registre. Voyez où en est l'autre moisson (maillage sources liste, ou la page de la source) et réessayez plus tard si besoin.", printable.String(name))
}

var errLeaseLost = failure.Errorf(failure.Conflict, "moisson arrêtée : le bail de la source a été perdu (base injoignable ou moisson trop lente)")

// renew keeps the lease while the harvest runs; losing it stops the harvest.
func (h *harvester) renew(ctx context.Context, cancel context.CancelCauseFunc, lease string) {
	t := time.NewTicker(h.opt.LeaseTTL / 3)
	defer t.Stop()
	failed := 0 // renewals failed in a row
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			ok, err := h.st.AcquireLease(ctx, lease, h.opt.Holder, h.opt.LeaseTTL)
			if ctx.Err() != nil {
				return
			}
			switch {
			case err == nil && ok:
				failed = 0
			case err == nil:
				cancel(errLeaseLost) // another process holds it
				return
			default:
				// The database busy (a long write, a merge run's, holding
				// it): the lease holds for a whole TTL, renewals come every
				// third of it; give up before it can expire.
				if failed++; failed >= 2 {
					cancel(errLeaseLost)
					return
				}
			}
		}
	}
}

// safeRun is run, a panic of which (a bug) fails the harvest rather than
// the process: see panicError.
func (h *harvester) safeRun(ctx context.Context, run *store.HarvestRun) (err error) {
	defer recovered(&err)
	return h.run(ctx, run)
}

// run fetches and imports; it fills run with what happened.
func (h *harvester) run(ctx context.Context, run *store.HarvestRun) error {
	fetchCtx, stop := context.WithTimeout(ctx, h.opt.Timeout)
	sp, err := h.fetch(fetchCtx)
	stop()
	if errors.Is(err, errNotModified) && h.prev == nil {
		// Only a conditional request, made with a previous harvest's
		// validators, may be answered 304 (see get).
		err = failure.Errorf(failure.Unavailable, "le serveur répond 304 (non modifié) à une demande sans condition (aucune moisson précédente à laquelle se comparer) : rien n'est importé")
	}
	if errors.Is(err, errNotModified) {
		h.note("Le serveur indique que la source n'a pas changé depuis la moisson du %s : rien à importer.", when(h.prev.Started))
		h.unchanged(ctx, run)
		return nil
	}
	if err != nil {
		run.Report = h.report(nil, "")
		return err
	}
	defer sp.Close()
	run.ETag, run.LastModified, run.ContentHash = sp.ETag, sp.LastModified, sp.Hash()
	if !h.opt.Force && h.prev != nil && h.prev.ContentHash == run.ContentHash {
		h.note("Contenu identique à celui de la moisson du %s (même empreinte) : rien à importer.", when(h.prev.Started))
		h.unchanged(ctx, run)
		run.ETag, run.LastModified, run.ContentHash = sp.ETag, sp.LastModified, sp.Hash()
		return nil
	}
	in, err := sp.Rewind()
	if err != nil {
		return err
	}
	maxLoss := h.opt.MaxLoss
	if maxLoss <= 0 {
		maxLoss = h.src.MaxLoss
	}
	if maxLoss <= 0 {
		maxLoss = DefaultMaxLoss
	}
	var diag bytes.Buffer
	bounded := &boundedWriter{w: &diag, n: store.MaxHarvestReport / 2, tailCap: store.MaxHarvestReport / 4}
	rw, err := standard.NewReportWriter("text", bounded)
	if err != nil {
		return err
	}
	if sp.relocate != nil {
		rw.SetRelocate(sp.relocate)
	}
	res, err := importer.Import(ctx, h.st, in, sp.name, importer.Options{
		Source: h.src.Name, Withdraw: true, MaxLoss: maxLoss, Report: rw, Limits: &h.limits, Kept: sp.kept, Rejected: sp.rejected, Dedup: h.opt.Dedup, LaterMerge: h.opt.LaterMerge, Geocoding: h.opt.Geocoding, Now: h.opt.Now,
	})
	rw.Close()
	run.Created, run.Updated, run.Unchanged, run.Rejected = res.Counts.Created, res.Counts.Updated, res.Counts.Unchanged, res.Counts.Rejected
	run.Withdrawn = withdrawn(res)
	run.Warnings = res.Summary.Warnings
	run.Report = h.report(&res, diag.String()+bounded.tail())
	if err != nil {
		run.Created, run.Updated, run.Unchanged, run.Withdrawn = 0, 0, 0, 0
		return err
	}
	run.Status = store.HarvestDone
	if res.MergeErr != nil {
		// The import stays committed; the run says the merge failed
		// (MergeFailed), its records wait for the next run.
		run.Error = printable.Text(res.MergeErr.Error())
	}
	return nil
}

// unchanged records a harvest that found nothing new. Records left
// waiting by an earlier merge run that failed (or whose process was
// killed) are merged now, unless the caller merges later.
func (h *harvester) unchanged(ctx context.Context, run *store.HarvestRun) {
	run.Status = store.HarvestUnchanged
	run.ETag, run.LastModified, run.ContentHash = h.prev.ETag, h.prev.LastModified, h.prev.ContentHash
	if !h.opt.LaterMerge {
		cfg := dedup.DefaultConfig()
		if h.opt.Dedup != nil {
			cfg = *h.opt.Dedup
		}
		rep, err := cfg.RunStore(ctx, h.st)
		switch {
		case err != nil:
			run.Error = printable.Text("la recherche des doublons en attente a échoué : " + err.Error())
			h.note("Doublons : %s", run.Error)
		case rep.Records > 0:
			h.note("Doublons (enregistrements en attente d'une recherche précédente) : %s", rep)
		}
	}
	run.Report = h.report(nil, "")
}

// report is the harvest's report: what was fetched, then the import's.
func (h *harvester) report(res *importer.Result, diagnostics string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Moisson de la source « %s » (type %s, %s)\n", printable.String(h.src.Name), h.src.Type, shown(Address(h.src, h.opt)))
	for _, n := range h.notes {
		b.WriteString(printable.Text(n) + "\n")
	}
	if res != nil {
		c := res.Counts
		fmt.Fprintf(&b, "%s (%s v%s) : %s, %s, %s, %s, %s\n", printable.String(res.File), strings.ToUpper(res.Format), res.Version,
			french.Count(c.Created, "créé", "créés"), french.Count(c.Updated, "mis à jour", "mis à jour"),
			french.Count(c.Unchanged, "inchangé", "inchangés"), french.Count(withdrawn(*res), "retiré", "retirés"),
			french.Count(c.Rejected, "rejeté", "rejetés"))
		fmt.Fprintf(&b, "Lecture : %s\n", res.Summary)
		if m := res.Merge; m.Records > 0 {
			fmt.Fprintf(&b, "Doublons : %s\n", m)
		}
		if res.MergeErr != nil {
			fmt.Fprintf(&b, "Doublons : %s\n", printable.Text(res.MergeErr.Error()))
		}
	}
	if diagnostics != "" {
		b.WriteString("\n" + diagnostics)
	}
	return b.String()
}

// boundedWriter keeps the first n bytes written and the last tail bytes
// (a text report ends with its summary), and counts what it left out.
type boundedWriter struct {
	w       io.Writer
	n       int
	tailCap int
	last    []byte // the latest bytes past the first n, at most tailCap
	dropped int
}

func (b *boundedWriter) Write(p []byte) (int, error) {
	total := len(p)
	if b.n > 0 {
		keep := min(len(p), b.n)
		if _, err := b.w.Write(p[:keep]); err != nil {
			return 0, err
		}
		b.n -= keep
		p = p[keep:]
	}
	if len(p) == 0 {
		return total, nil
	}
	b.last = append(b.last, p...)
	if over := len(b.last) - b.tailCap; over > 0 {
		b.dropped += over
		b.last = append(b.last[:0], b.last[over:]...)
	}
	return total, nil
}

// tail is what follows the first bytes: a note of what was left out, then
// the last bytes (from a line's start).
func (b *boundedWriter) tail() string {
	if b.dropped == 0 {
		return string(b.last)
	}
	last := b.last
	if i := bytes.IndexByte(last, '\n'); i >= 0 {
		b.dropped += i + 1
		last = last[i+1:]
	}
	return fmt.Sprintf("\n… %s du rapport omis ici (le rapport complet s'obtient avec maillage validate) …\n\n", standard.FormatSize(int64(b.dropped))) + string(last)
}

// when writes "1er décembre 2026 à 15:34:18", in Paris time.
func when(t time.Time) string {
	p := t.In(openinghours.Paris)
	return french.Date(p) + " à " + p.Format("15:04:05")
}
