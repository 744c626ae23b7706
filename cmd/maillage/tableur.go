package main

import (
	"bytes"
	"context"
	"flag"
	"strings"
	"time"

	"maillage/internal/place"
	"maillage/internal/standard"
	"maillage/internal/tableur"
)

// correspondanceFlag adds --correspondance, with which validate and import
// read spreadsheets of any layout.
func correspondanceFlag(fs *flag.FlagSet) *string {
	return fs.String("correspondance", "", "lit des tableurs de toute forme (CSV de tout encodage, XLSX) selon une correspondance : une correspondance intégrée ("+
		strings.Join(tableur.BuiltinNames(), ", ")+") ou un `FICHIER` YAML ou JSON (voir le README)")
}

// openCorrespondence reads the --correspondance option; nil when it is empty.
func openCorrespondence(arg string) (*tableur.Correspondence, error) {
	if arg == "" {
		return nil, nil
	}
	return tableur.Open(arg)
}

// spreadsheet is a spreadsheet converted to the standard's JSON.
type spreadsheet struct {
	json []byte
	res  *tableur.Result
}

// convertSpreadsheet converts an opened spreadsheet with c. The date of
// the file (its modification time, or the Last-Modified of its URL; today
// when unknown) dates the records of a correspondence that says
// « date_du_fichier ».
func convertSpreadsheet(ctx context.Context, in *input, c *tableur.Correspondence, lim *standard.Limits) (*spreadsheet, error) {
	cc := *c
	cc.FileDate = in.modified
	if cc.FileDate.IsZero() {
		cc.FileDate = time.Now()
	}
	var buf bytes.Buffer
	res, err := tableur.ConvertWith(ctx, in.r, in.name, &cc, &buf, tableur.Options{Limits: tableur.Limits{File: lim.File, Field: lim.Field}})
	return &spreadsheet{json: buf.Bytes(), res: res}, err
}

// countConversion adds the conversion's diagnostics to a summary: each
// error is a line that could not be read, so a record read and rejected.
func countConversion(s *standard.Summary, ds []standard.Diagnostic) {
	for _, d := range ds {
		switch d.Severity {
		case place.Error:
			s.Errors++
			s.Read++
			s.Rejected++
		case place.Warning:
			s.Warnings++
		default:
			s.Infos++
		}
	}
}
