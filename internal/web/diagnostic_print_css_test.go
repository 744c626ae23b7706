package web

import (
	"regexp"
	"strings"
	"testing"
)

// printRules returns the declarations of a selector inside the style
// sheet's @media print blocks.
func printRules(t *testing.T, selector string) string {
	t.Helper()
	css, err := staticFS.ReadFile("static/maillage.css")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	rest := string(css)
	for {
		i := strings.Index(rest, "@media print {")
		if i < 0 {
			break
		}
		rest = rest[i+len("@media print {"):]
		depth, j := 1, 0
		for ; j < len(rest) && depth > 0; j++ {
			switch rest[j] {
			case '{':
				depth++
			case '}':
				depth--
			}
		}
		block := regexp.MustCompile(`(?s)/\*.*?\*/`).ReplaceAllString(rest[:j], "")
		for _, m := range regexp.MustCompile(`([^{}]+)\{([^{}]*)\}`).FindAllStringSubmatch(block, -1) {
			for _, sel := range strings.Split(m[1], ",") {
				if strings.TrimSpace(sel) == selector {
					out = append(out, m[2])
				}
			}
		}
		rest = rest[j:]
	}
	return strings.Join(out, ";")
}

// Printed, a table's caption stays with its table (review 9N, minor 7:
// « EPCI du département : les valeurs de la carte » alone at the bottom
// of page 1), and the map is printed large enough for its legend to be
// read (it was at most 120 mm high: the legend printed at 7 pt).
func TestDiagnosticPrintKeepsCaptionsAndLegend(t *testing.T) {
	if got := printRules(t, ".diag-table caption"); !strings.Contains(got, "break-after: avoid") {
		t.Errorf("printed, .diag-table caption has %q: no break-after: avoid", got)
	}
	m := regexp.MustCompile(`max-height: (\d+)mm`).FindStringSubmatch(printRules(t, ".choroplethe"))
	if m == nil || len(m[1]) < 3 || m[1] < "170" {
		t.Errorf("printed, the map's max-height is %v, want at least 170 mm", m)
	}
	// The legend's swatches carry their class number, so that hatchings
	// close in density are told apart.
	ts := newTestServer(t, fixture()...)
	body := ts.get(t, "/diagnostic/france").Body
	if !regexp.MustCompile(`<rect x="10" y="[0-9.]+" width="48" height="28" fill="url\(#carte-diagnostic-motif-1\)"[^>]*/>\s*<circle[^>]*/><text[^>]*>1</text>`).MatchString(body) {
		t.Error("the legend's swatch of class 1 has no number")
	}
}
