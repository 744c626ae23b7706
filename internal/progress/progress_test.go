package progress

import (
	"bytes"
	"os"
	"strings"
	"testing"
	"time"
)

func TestBar(t *testing.T) {
	var nilBar *Bar
	nilBar.Set(1, 1) // a bar off a terminal does nothing
	nilBar.Done()
	f, err := os.CreateTemp(t.TempDir(), "out")
	if err != nil {
		t.Fatal(err)
	}
	if New(f, "x", "lieux", 10) != nil {
		t.Errorf("a file is not a terminal")
	}
	var buf bytes.Buffer
	b := &Bar{w: &buf, label: "import", unit: "lieux", total: 200, start: time.Now().Add(-time.Second)}
	b.Set(100, 50)
	b.Done()
	out := buf.String()
	if !strings.Contains(out, "import [") || !strings.Contains(out, "50 %") || !strings.Contains(out, "100 %") || !strings.HasSuffix(out, "\n") {
		t.Errorf("bar: %q", out)
	}
}
