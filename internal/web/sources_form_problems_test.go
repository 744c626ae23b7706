package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"maillage/internal/account"
)

// The form to declare a source shows every problem at once: a summary at
// the top linking to each field, and each message next to its field,
// which is marked invalid and described by it; valid fields are not.
func TestSourceFormShowsEveryProblem(t *testing.T) {
	ts := newTestServer(t, fixture()...)
	admin := session(t, ts, mustUser(t, ts, account.User{Email: "ada@hub.fr", Role: account.Administrateur}), monday10h)
	form := url.Values{"nom": {"hub/x"}, "type": {"tableur"}, "url": {"/etc/passwd"}, "correspondance": {"inconnue"},
		"tous_les": {"souvent"}, "priorite": {"haute"}}
	res := postForm(t, ts, "/sources", form, admin)
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("declare: %d", res.StatusCode)
	}
	doc, err := html.Parse(strings.NewReader(res.Body))
	if err != nil {
		t.Fatal(err)
	}
	summary := findByID(doc, "erreurs")
	if summary == nil {
		t.Fatalf("no summary of the errors:\n%s", res.Body)
	}
	for _, tt := range []struct{ input, label, want string }{
		{"source-nom", "Nom de la source", "nom-source"},
		{"source-url", "Adresse", "un fichier du serveur se déclare en ligne de commande"},
		{"source-correspondance", "Correspondance", "choisissez une correspondance intégrée"},
		{"source-frequence", "Moissonner tous les", "durée « souvent » illisible"},
		{"source-priorite", "Priorité", "un nombre entier"},
	} {
		input := findByID(doc, tt.input)
		if input == nil {
			t.Fatalf("no input %s", tt.input)
		}
		if attrOf(input, "aria-invalid") != "true" {
			t.Errorf("%s is not aria-invalid", tt.input)
		}
		msg := findByID(doc, attrOf(input, "aria-describedby"))
		if msg == nil || !strings.Contains(strings.ToLower(textOf(msg)), strings.ToLower(tt.want)) {
			t.Errorf("%s: aria-describedby %q does not lead to %q", tt.input, attrOf(input, "aria-describedby"), tt.want)
		}
		if s := textOf(summary); !strings.Contains(s, tt.label) || !strings.Contains(s, tt.want) {
			t.Errorf("the summary lacks %s: %q:\n%s", tt.label, tt.want, s)
		}
		if !strings.Contains(res.Body, `href="#`+tt.input+`"`) {
			t.Errorf("the summary does not link to %s", tt.input)
		}
	}
	// The type was valid: not marked.
	if fs := findByID(doc, "source-types"); fs == nil || attrOf(fs, "aria-describedby") != "" {
		t.Errorf("the valid type is described by an error")
	}
	// Without a type, the type is in error too, with the others.
	form.Del("type")
	res = postForm(t, ts, "/sources", form, admin)
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "le type de la source est obligatoire") || !strings.Contains(res.Body, "durée « souvent » illisible") {
		t.Errorf("without a type: %d\n%s", res.StatusCode, res.Body)
	}
}
