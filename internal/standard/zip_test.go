package standard

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

// A workbook given as a file of the standard is named as such, with the
// way to read it, instead of a CSV error about its bytes.
func TestWorkbookRefused(t *testing.T) {
	_, err := NewReader(bytes.NewReader([]byte("PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00")), "lieux.xlsx")
	var fe *FileError
	if !errors.As(err, &fe) || !strings.Contains(fe.Msg, "classeur (XLSX, ODS)") || !strings.Contains(fe.Msg, "--correspondance") {
		t.Errorf("error = %v", err)
	}
}
