package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"maillage/internal/place"
	"maillage/internal/standard"
)

// createReport creates an import's report file. A default name (exclusive)
// is never overwritten: two imports started in the same second write
// import-DATE.txt and import-DATE-2.txt. A path the person chose is
// replaced, as they asked.
func createReport(path string, exclusive bool) (*os.File, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, err
	}
	if !exclusive {
		return os.Create(path)
	}
	ext := filepath.Ext(path)
	stem := strings.TrimSuffix(path, ext)
	for n := 1; n <= 1000; n++ {
		name := path
		if n > 1 {
			name = fmt.Sprintf("%s-%d%s", stem, n, ext)
		}
		f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o666)
		if errors.Is(err, os.ErrExist) {
			continue
		}
		return f, err
	}
	return nil, fmt.Errorf("%s : plus de 1 000 rapports du même nom", path)
}

// RuleImportCancelled names, in reports, the reason a file's import stopped.
const RuleImportCancelled = "import-annule"

// fatalDiagnostic is the report's line for an error that stopped a file's
// import: the report, kept after the terminal is gone, must say why.
func fatalDiagnostic(arg string, err error) *standard.Diagnostic {
	d := &standard.Diagnostic{File: arg, Index: -1, Problem: place.Problem{
		Severity: place.Error, Rule: RuleImportCancelled,
		Message: message(limitHint(err)) + " ; rien de ce fichier n'a été enregistré"}}
	var fe *standard.FileError
	if errors.As(err, &fe) {
		d.Line = fe.Line
	}
	return d
}
