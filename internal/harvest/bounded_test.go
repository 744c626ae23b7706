package harvest

import (
	"bytes"
	"strings"
	"testing"
)

// A long report keeps its beginning and its end (the summary), and says
// how much it left out between them.
func TestBoundedReport(t *testing.T) {
	var buf bytes.Buffer
	b := &boundedWriter{w: &buf, n: 100, tailCap: 60}
	var want strings.Builder
	for i := range 50 {
		line := strings.Repeat(string(rune('a'+i%26)), 19) + "\n"
		want.WriteString(line)
		b.Write([]byte(line))
	}
	b.Write([]byte("Résumé : 3 erreurs\n"))
	got := buf.String() + b.tail()
	if !strings.HasPrefix(got, want.String()[:100]) || !strings.HasSuffix(got, "Résumé : 3 erreurs\n") || !strings.Contains(got, "du rapport omis ici") {
		t.Errorf("bounded report:\n%s", got)
	}
	if len(got) > 100+60+120 {
		t.Errorf("bounded report of %d bytes", len(got))
	}
	// A short one is kept whole.
	buf.Reset()
	b = &boundedWriter{w: &buf, n: 100, tailCap: 60}
	b.Write([]byte("court\n"))
	if got := buf.String() + b.tail(); got != "court\n" {
		t.Errorf("short report: %q", got)
	}
}
