package standard

import (
	"io"

	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"maillage/internal/openinghours"
	"maillage/internal/place"
)

// Diagnostic is a problem found in a file, located so that a person can
// find and fix it.
type Diagnostic struct {
	File     string
	Line     int // CSV line, 0 when not applicable
	Index    int // JSON index, -1 when not applicable
	RecordID string
	place.Problem
}

// Entry is one record of a file after validation.
type Entry struct {
	Lieu        place.Lieu
	Line, Index int
	OK          bool // false: the record is rejected
	Diagnostics []Diagnostic
}

// Summary counts what a file held.
type Summary struct {
	Read, Accepted, Rejected int
	Errors, Warnings, Infos  int
}

func (s *Summary) count(ds []Diagnostic) {
	for _, d := range ds {
		switch d.Severity {
		case place.Error:
			s.Errors++
		case place.Warning:
			s.Warnings++
		default:
			s.Infos++
		}
	}
}

// Parser is the place parser every reader of outside input uses: the
// standard's rules, with opening hours checked by the OSM parser.
var Parser = &place.Parser{CheckHours: checkHours}

// hoursChecked remembers the verdict on opening_hours strings already seen:
// real files repeat the same few dozen values thousands of times.
var (
	hoursChecked sync.Map // string → error (nil stored as noError)
	hoursCount   atomic.Int64
)

type noError struct{}

func checkHours(s string) error {
	if v, ok := hoursChecked.Load(s); ok {
		if err, isErr := v.(error); isErr {
			return err
		}
		return nil
	}
	_, err := openinghours.Parse(s)
	if hoursCount.Load() < 50000 {
		hoursCount.Add(1)
		if err != nil {
			hoursChecked.Store(s, err)
		} else {
			hoursChecked.Store(s, noError{})
		}
	}
	return err
}

// Scanner reads, validates and normalises the records of one file.
type Scanner struct {
	r    *Reader
	name string
	ids  map[string]int // id → line or index where first seen
	// rawIDs are the ids as written of the records first seen whose id
	// was cleaned (place.Lieu.RawID), by id.
	rawIDs map[string]string
	// fileSeen counts the reader's file problems already reported: a JSON
	// key first seen in a later record adds one.
	fileSeen int
	entry    Entry
	err      error
	Summary  Summary
	// FileDiagnostics are about the whole file (columns, separator).
	FileDiagnostics []Diagnostic
	par             *parallel // nil: one goroutine
}

// NewScanner opens a file for validation. The error is a *FileError when the
// file cannot be read as the standard at all.
func NewScanner(in io.Reader, name string) (*Scanner, error) {
	return NewScannerOptions(in, name, Options{Limits: DefaultLimits})
}

// NewScannerOptions is NewScanner with a context, limits and workers. With
// more than one worker, call Close when done if Scan has not returned false.
func NewScannerOptions(in io.Reader, name string, opt Options) (*Scanner, error) {
	r, err := NewReaderOptions(in, name, opt)
	if err != nil {
		return nil, err
	}
	s := &Scanner{r: r, name: name, ids: map[string]int{}, fileSeen: len(r.FileProblems)}
	for _, p := range r.FileProblems {
		s.FileDiagnostics = append(s.FileDiagnostics, Diagnostic{File: name, Index: -1, Problem: p})
	}
	s.Summary.count(s.FileDiagnostics)
	if opt.Workers > 1 {
		s.par = startParallel(s, opt.Workers)
	}
	return s, nil
}

// Reader returns the underlying reader (format and version of the file).
func (s *Scanner) Reader() *Reader { return s.r }

// read returns the next item, with the file problems that reading it
// brought (a JSON key not seen before).
func (s *Scanner) read() (*Item, error) {
	it, err := s.r.Next()
	if err != nil {
		return nil, err
	}
	if s.fileSeen < len(s.r.FileProblems) {
		it.filed = s.r.FileProblems[s.fileSeen:len(s.r.FileProblems):len(s.r.FileProblems)]
		s.fileSeen = len(s.r.FileProblems)
	}
	return it, nil
}

// check validates and normalises one item. It touches nothing of the
// scanner but its name: workers run it side by side.
func (s *Scanner) check(it *Item) Entry {
	e := Entry{Line: it.Line, Index: it.Index}
	id := it.Raw.Values[place.FID]
	var problems []place.Problem
	if it.Err != "" {
		rule := it.ErrRule
		if rule == "" {
			rule = place.RuleFormat
		}
		problems = []place.Problem{{Severity: place.Error, Field: it.ErrField, Rule: rule, Message: it.Err}}
	} else {
		e.Lieu, problems, e.OK = Parser.Parse(&it.Raw)
		id = e.Lieu.ID
	}
	e.Diagnostics = make([]Diagnostic, 0, len(it.filed)+len(problems))
	for _, p := range it.filed {
		e.Diagnostics = append(e.Diagnostics, Diagnostic{File: s.name, Line: it.Line, Index: it.Index, RecordID: id, Problem: p})
	}
	for _, p := range problems {
		e.Diagnostics = append(e.Diagnostics, Diagnostic{File: s.name, Line: it.Line, Index: it.Index, RecordID: id, Problem: p})
	}
	// Nothing of the entry points into the item (strings are shared, not
	// the item's arrays): it can serve the next record.
	freeItem(it)
	return e
}

// finish applies what needs the records in file order (ids seen, counts).
func (s *Scanner) finish(e *Entry) {
	s.Summary.Read++
	if id := e.Lieu.ID; id != "" {
		raw := e.Lieu.RawID()
		if first, dup := s.ids[id]; dup {
			e.OK = false
			where := "la ligne " + strconv.Itoa(first)
			if e.Index >= 0 {
				where = elementName(first)
			}
			e.Diagnostics = append(e.Diagnostics, Diagnostic{File: s.name, Line: e.Line, Index: e.Index, RecordID: id, Problem: place.Problem{
				Severity: place.Error, Field: "id", Value: raw, Rule: place.RuleDuplicateID,
				Message: duplicateIDMessage(id, raw, s.rawIDs[id], where)}})
		} else if e.OK {
			// A copy: the id is a slice of its whole record's text.
			id = strings.Clone(id)
			if e.Index >= 0 {
				s.ids[id] = e.Index
			} else {
				s.ids[id] = e.Line
			}
			if raw != id {
				if s.rawIDs == nil {
					s.rawIDs = map[string]string{}
				}
				s.rawIDs[id] = strings.Clone(raw)
			}
		}
	}
	if e.OK {
		s.Summary.Accepted++
	} else {
		s.Summary.Rejected++
	}
	s.Summary.count(e.Diagnostics)
}

// Scan advances to the next record; it returns false at the end of the file
// or on an error that stops the reading (see Err).
func (s *Scanner) Scan() bool {
	if s.par != nil {
		e, err := s.par.next()
		if err != nil {
			if err != io.EOF {
				s.err = err
			}
			return false
		}
		s.entry = e
		s.finish(&s.entry)
		return true
	}
	it, err := s.read()
	if err != nil {
		if err != io.EOF {
			s.err = err
		}
		return false
	}
	s.entry = s.check(it)
	s.finish(&s.entry)
	return true
}

// Close stops the workers of a scan left before its end.
func (s *Scanner) Close() {
	if s.par != nil {
		s.par.stop()
	}
}

// Entry returns the record read by the last Scan.
func (s *Scanner) Entry() *Entry { return &s.entry }

// Err returns the error that stopped the scan, if any.
func (s *Scanner) Err() error { return s.err }

// items are reused: a CSV record's item (its 32 values) was a third of what
// a scan allocated.
var items = sync.Pool{New: func() any { return new(Item) }}

func newItem() *Item {
	it := items.Get().(*Item)
	*it = Item{}
	return it
}

func freeItem(it *Item) { items.Put(it) }
