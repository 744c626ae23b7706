// Package importer brings a file of the standard into the registry: it
// streams the records through validation into one store transaction, and
// writes every diagnostic to a report.
package importer

import (
	"context"
	"errors"
	"fmt"
	"io"
	"maillage/internal/dedup"
	"os"
	"runtime"
	"time"

	"maillage/internal/french"
	"maillage/internal/place"
	"maillage/internal/standard"
	"maillage/internal/store"
	"maillage/internal/tempfile"
	"maillage/internal/territory"
)

// Options tune an import.
type Options struct {
	// Source names where the records come from; records are keyed by
	// source and id, so re-importing a source updates its records.
	Source string
	// Strict makes any rejected record fail the whole import.
	Strict bool
	// Report receives every diagnostic; nil discards them.
	Report *standard.ReportWriter
	// Progress is called after each record read (may be nil).
	Progress func(records int)
	// Limits bound the reading of the file; nil means standard.DefaultLimits.
	Limits *standard.Limits
	// Kept names the keys of the file, not the standard's, that its
	// writer put there on purpose (standard.Options.Kept: the columns a
	// spreadsheet's correspondence keeps in the provenance).
	Kept []string
	// Withdraw: the file is the whole source, and the source's records
	// missing from it are withdrawn (their place is unpublished unless
	// another record or a hand edit holds it up; it comes back, with the
	// same id, when the record does).
	Withdraw bool
	// MaxLoss, with Withdraw, bounds the share (0.3 for 30 %) of the
	// source's current records that may be withdrawn: beyond it nothing
	// is applied and Import returns a *LossError. 0: no bound.
	MaxLoss float64
	// LaterMerge leaves the records this import wrote waiting for a merge
	// run its caller starts (a harvest of several sources runs one at the
	// end, not one per source); they wait in the database meanwhile, the
	// new ones without a place (store.Import.DeferPlaces): the merge run
	// places them, with the place they describe or in a new one, rather
	// than merging and deleting a place created for each.
	LaterMerge bool
	// Dedup sets the thresholds of the merge run that follows the commit
	// (nil: dedup.DefaultConfig()).
	Dedup *dedup.Config
	// Now is the import's clock: a date_maj beyond tomorrow (Europe/Paris)
	// is a warning and the record is dated by the import's day (nil: no
	// such check).
	Now func() time.Time
	// Geocoding, when set, geocodes the records without coordinates or
	// placed far from their commune before they are stored.
	Geocoding *Geocoding
	// Rejected are records of the source its caller read and rejected
	// before handing the file over (none of them in the file): they are
	// reported and counted as the file's rejected records are, and keep
	// the last valid version the source gave of them.
	Rejected []Rejected
}

// Result sums up the import of one file.
type Result struct {
	File    string
	Source  string
	Format  string
	Version string
	Counts  store.Counts
	Summary standard.Summary
	// Merge is what the merge run after the commit did; MergeErr why it
	// failed, if it did (the import is committed all the same).
	Merge    dedup.RunReport
	MergeErr error
}

// StrictError is returned when Strict is set and records were rejected.
type StrictError struct {
	Rejected int
}

func (e *StrictError) Error() string {
	return french.Count(e.Rejected, "lieu rejeté", "lieux rejetés") + " : import annulé (--strict), le registre n'a pas changé"
}

// spoolPrefix starts the names of the imports' temporary files.
const spoolPrefix = "maillage-import-"

// batchSize is how many records the reader hands to the writer at a time.
const batchSize = 256

// Import reads in (named name in messages) and stores its valid records. On
// any error, nothing of the file is kept and the registry is as it was.
//
// The file is read, validated and reported on to its end before the write
// transaction begins: a slow download must not hold the registry's write
// lock (on SQLite, every other writer waits for it). What was read is kept
// in a temporary file, read again for the writes.
func Import(ctx context.Context, s store.Store, in io.Reader, name string, opt Options) (res Result, err error) {
	res = Result{File: name, Source: opt.Source}
	if err := CheckSource(opt.Source); err != nil {
		return res, err
	}
	readOpt := standard.Options{Context: ctx, Limits: standard.DefaultLimits, Workers: runtime.GOMAXPROCS(0), Kept: opt.Kept}
	if opt.Limits != nil {
		readOpt.Limits = *opt.Limits
	}
	// The spool's name carries the pid: those of imports killed before
	// cleaning up are removed here.
	tempfile.RemoveStale("", spoolPrefix)
	spool, err := tempfile.Create("", spoolPrefix, 0o600)
	if err != nil {
		return res, fmt.Errorf("%s : fichier temporaire impossible : %w", name, err)
	}
	defer func() {
		spool.Close()
		os.Remove(spool.Name())
	}()

	// 1. Read and validate everything, write the report.
	sc, err := standard.NewScannerOptions(io.TeeReader(in, spool), name, readOpt)
	if err != nil {
		return res, err
	}
	first := sc
	defer func() { first.Close() }()
	res.Format, res.Version = sc.Reader().Format(), sc.Reader().Version()
	report := func(d *standard.Diagnostic) {
		if opt.Report != nil {
			opt.Report.Write(d)
		}
	}
	for i := range sc.FileDiagnostics {
		report(&sc.FileDiagnostics[i])
	}
	locator := &communeLocator{load: func() (*territory.Referential, error) { return s.Territories(ctx) }}
	var geo *geocoder
	if opt.Geocoding != nil {
		geo = &geocoder{opt: opt.Geocoding, file: name}
	}
	var now time.Time
	if opt.Now != nil {
		now = opt.Now()
	}
	n := 0
	futures := 0
	for sc.Scan() {
		e := sc.Entry()
		if err := locator.locate(name, e); err != nil {
			return res, err
		}
		if opt.Now != nil && untrustedDate(name, e, now) {
			futures++
		}
		if geo != nil && e.OK {
			ref, err := locator.referential()
			if err != nil {
				return res, err
			}
			geo.note(ref, e)
		}
		for j := range e.Diagnostics {
			report(&e.Diagnostics[j])
		}
		n++
		if opt.Progress != nil {
			opt.Progress(n)
		}
	}
	for _, r := range opt.Rejected {
		for j := range r.Diagnostics {
			report(&r.Diagnostics[j])
		}
	}
	res.Summary = sc.Summary
	countRejected(&res.Summary, opt.Rejected)
	res.Summary.Infos += locator.infos
	res.Summary.Warnings += locator.warnings + futures
	if err := sc.Err(); err != nil {
		return res, err
	}
	if opt.Strict && res.Summary.Rejected > 0 {
		return res, &StrictError{Rejected: res.Summary.Rejected}
	}
	// Geocoding, before the write transaction: the geocoder may be slow.
	if geo != nil {
		if err := geo.run(ctx, s, report); err != nil {
			return res, err
		}
		res.Summary.Infos += geo.infos
		res.Summary.Warnings += geo.warnings
	}

	first.Close()
	first = sc // nothing of the first pass is kept during the second

	// 2. Store the valid records in one transaction.
	if _, err := spool.Seek(0, io.SeekStart); err != nil {
		return res, fmt.Errorf("%s : fichier temporaire illisible : %w", name, err)
	}
	sc, err = standard.NewScannerOptions(spool, name, readOpt)
	if err != nil {
		return res, err
	}
	defer sc.Close()
	im, err := s.BeginImport(ctx, opt.Source)
	if err != nil {
		return res, fmt.Errorf("%s : import impossible : %w", name, err)
	}
	if opt.LaterMerge {
		im.DeferPlaces()
	}
	defer func() {
		if err != nil {
			if rbErr := im.Rollback(ctx); rbErr != nil {
				err = errors.Join(err, rbErr)
			}
		}
	}()
	// Reading again runs beside the writes: one goroutine scans the file
	// while this one stores what it found.
	scanCtx, stopScan := context.WithCancel(ctx)
	defer stopScan()
	batches := make(chan []standard.Entry, 4)
	go func() {
		defer close(batches)
		buf := make([]standard.Entry, 0, batchSize)
		for sc.Scan() {
			buf = append(buf, *sc.Entry())
			if len(buf) == batchSize {
				select {
				case batches <- buf:
				case <-scanCtx.Done():
					return
				}
				buf = make([]standard.Entry, 0, batchSize)
			}
		}
		if len(buf) > 0 {
			select {
			case batches <- buf:
			case <-scanCtx.Done():
			}
		}
	}()
	// The same derivations as in the first pass; their diagnostics are
	// already reported.
	again := &communeLocator{ref: locator.ref, loaded: locator.loaded, noticed: true, load: locator.load}
	for batch := range batches {
		for i := range batch {
			e := &batch[i]
			if err := again.locate(name, e); err != nil {
				return res, err
			}
			if opt.Now != nil {
				untrustedDate(name, e, now) // reported in the first pass
			}
			if !e.OK {
				if d := rejectKept(im, name, e.Line, e.Index, e.Lieu.ID); d != nil {
					report(d)
				}
				continue
			}
			if geo != nil {
				geo.place(again.ref, &e.Lieu)
			}
			outcome, id, err := im.PutDiagnosed(ctx, &e.Lieu, recordDiagnostics(e.Diagnostics))
			if err != nil {
				where := fmt.Sprintf("ligne %d", e.Line)
				if e.Index >= 0 {
					where = fmt.Sprintf("élément %d", e.Index)
				}
				return res, fmt.Errorf("%s, %s : le lieu « %s » n'a pas pu être enregistré : %w", name, where, e.Lieu.ID, err)
			}
			// A new record whose id another place holds is published
			// under another: said once, when created. A record of a place
			// merged with others is published under the place's id, as
			// its page says: nothing clashed.
			if outcome == store.Created && id != e.Lieu.ID && id != "" {
				report(&standard.Diagnostic{File: name, Line: e.Line, Index: e.Index, RecordID: e.Lieu.ID, Problem: place.Problem{
					Severity: place.Info, Field: "id", Value: e.Lieu.ID, Rule: "id-publie",
					Message: fmt.Sprintf("identifiant déjà utilisé par une autre source : lieu %s sous l'identifiant %s", outcome, id)}})
			}
		}
		if err := ctx.Err(); err != nil {
			return res, err
		}
	}
	if err := sc.Err(); err != nil {
		return res, err
	}
	for _, r := range opt.Rejected {
		if d := rejectKept(im, r.File, r.Line, r.Index, r.ID); d != nil {
			report(d)
		}
	}
	if opt.Withdraw {
		absent, total := im.Absent()
		if err := checkLoss(opt.Source, name, absent, total, opt.MaxLoss); err != nil {
			return res, err
		}
		if _, err := im.Withdraw(ctx); err != nil {
			return res, fmt.Errorf("%s : retrait des enregistrements absents impossible : %w", name, err)
		}
	}
	res.Counts, err = im.Commit(ctx, name)
	if err != nil {
		return res, fmt.Errorf("%s : l'import n'a pas pu être validé : %w", name, err)
	}
	// Commit wrote the import's journal entry in its transaction: who
	// brought what (the records' own history is the source's file, kept
	// in the import log).

	// The merge run: the records waiting for it (those this import
	// created or changed, and those of any run that failed or was
	// interrupted) are compared with the records they may describe the
	// same place as.
	if opt.LaterMerge {
		return res, nil
	}
	cfg := dedup.DefaultConfig()
	if opt.Dedup != nil {
		cfg = *opt.Dedup
	}
	// Its failure leaves the import committed: it is said, not returned.
	var mergeErr error
	if res.Merge, mergeErr = cfg.RunStore(ctx, s); mergeErr != nil {
		res.MergeErr = fmt.Errorf("%s : import validé, mais la recherche des doublons a échoué (elle reprendra à la prochaine moisson, au prochain import ou avec « maillage doublons --comparer ») : %w", name, mergeErr)
	}
	return res, nil
}
