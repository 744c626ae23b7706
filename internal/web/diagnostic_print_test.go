package web

import (
	"bytes"
	"context"
	"net/http"
	"strings"
	"testing"

	"maillage/internal/diagnostic"
)

// The paged gap table leads to a print version of the same page with
// every commune (impression=oui: one page, sortable, a link back); the
// self-contained document (maillage diagnostic --format html) has every
// commune too (review 9, new user, 1: both kept 25 of 255).
func TestDiagnosticPrintVersion(t *testing.T) {
	ref := lineReferential(60)
	ts := diagServer(t, ref)
	const page = "/diagnostic/epci/200000001"
	b := ts.get(t, page).Body
	if n := len(gapCodes(b)); n != 25 {
		t.Fatalf("the page shows %d communes, want 25", n)
	}
	for _, want := range []string{
		`la <a href="/diagnostic/epci/200000001?impression=oui">version à imprimer (toutes les communes)</a>`,
		"Ce tableau imprimé montre les communes 1 à 25 sur 60 ; la version à imprimer de la page",
	} {
		if !strings.Contains(b, want) {
			t.Errorf("the page lacks %s", want)
		}
	}
	res := ts.get(t, page+"?impression=oui")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("print version: %d", res.StatusCode)
	}
	b = res.Body
	if n := len(gapCodes(b)); n != 60 {
		t.Errorf("the print version shows %d communes, want 60", n)
	}
	for _, want := range []string{
		"Communes 1 à 60 sur 60",
		"Version à imprimer : le tableau des écarts montre toutes les communes du territoire (60).",
		`<a href="/diagnostic/epci/200000001">Revenir à la page du diagnostic</a>`,
		// Sorting keeps every row.
		`href="/diagnostic/epci/200000001?impression=oui&amp;ordre=decroissant&amp;tri=population"`,
	} {
		if !strings.Contains(b, want) {
			t.Errorf("the print version lacks %s", want)
		}
	}
	for _, bad := range []string{`rel="next"`, "Ce tableau imprimé montre les communes"} {
		if strings.Contains(b, bad) {
			t.Errorf("the print version has %s", bad)
		}
	}
	if n := len(gapCodes(ts.get(t, page+"?impression=oui&tri=population").Body)); n != 60 {
		t.Errorf("the print version sorted shows %d communes", n)
	}
	if res := ts.get(t, page+"?impression=non"); res.StatusCode != http.StatusBadRequest || !strings.Contains(res.Body, "« Version à imprimer » : « non » est inconnu") {
		t.Errorf("impression=non: %d", res.StatusCode)
	}

	// The document: every row, no page.
	ctx := context.Background()
	rep, err := diagnostic.Compute(ctx, ts.store, ref, diagnostic.Territory{Kind: diagnostic.KindEPCI, Code: "200000001"}, diagnostic.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WriteDiagnosticDocument(&buf, DiagnosticDocument{Report: rep, Referential: ref, Picks: 5, Now: monday10h}); err != nil {
		t.Fatal(err)
	}
	doc := buf.String()
	i := strings.Index(doc, `<h2 id="ecarts">`)
	j := i + strings.Index(doc[max(i, 0):], `</table>`)
	if i < 0 || j < i {
		t.Fatal("the document has no gap table")
	}
	if n := strings.Count(doc[i:j], `<span class="code">`); n != 60 || !strings.Contains(doc, "Communes 1 à 60 sur 60") {
		t.Errorf("the document's gap table has %d communes, want 60", n)
	}
	if strings.Contains(doc, "Ce tableau imprimé montre les communes") {
		t.Error("the document says its table is cut")
	}
}
