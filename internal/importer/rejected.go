package importer

import (
	"maillage/internal/place"
	"maillage/internal/standard"
	"maillage/internal/store"
)

// Rejected is a record its caller read and rejected before handing the
// file over (the resources of a data.gouv.fr dataset, combined into one
// file of their valid records): the source lists it still.
type Rejected struct {
	// ID is the id the source gave it ("" if none).
	ID string
	// File, Line and Index say where it was read.
	File        string
	Line, Index int
	// Diagnostics say why it was rejected.
	Diagnostics []standard.Diagnostic
}

// countRejected adds records rejected by the caller to what the file's
// reading found.
func countRejected(s *standard.Summary, rejected []Rejected) {
	for _, r := range rejected {
		s.Read++
		s.Rejected++
		for _, d := range r.Diagnostics {
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
}

// rejectKept counts a rejected record; when the source gave a valid
// version of it before, that version is kept (neither withdrawn nor
// counted as lost) and the diagnostic returned says so.
func rejectKept(im store.Import, file string, line, index int, id string) *standard.Diagnostic {
	if !im.Reject(id) {
		return nil
	}
	return &standard.Diagnostic{File: file, Line: line, Index: index, RecordID: id, Problem: place.Problem{
		Severity: place.Info, Field: "id", Value: id, Rule: "rejete-conserve",
		Message: "lieu rejeté : la source le liste toujours, sa dernière version valable est conservée (ni retirée ni comptée comme perdue)"}}
}
