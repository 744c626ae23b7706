package web

import (
	"net/http"
	"strings"
	"testing"
)

// A place with a long description (30 KB, which imports accept) can be
// edited: the form, which carries the record twice (its fields and the
// base64 "origine"), fits in the body limit. A field longer than imports
// accept gets the form page back, naming the field and the limit, with
// what was typed kept.
func TestLongFieldsInTheEditForm(t *testing.T) {
	p := cast(t)
	long := newerTls1()
	long.PresentationDetail = strings.Repeat("Accompagnement aux démarches en ligne, ateliers « premiers pas ». ", 460) // ~31 KB, accents
	importBehindIndex(t, p.ts, long)
	if err := p.ts.Sync(t.Context()); err != nil {
		t.Fatal(err)
	}
	form := formOf(p.ts, "tls-1")
	form.Set("telephone", "05 61 00 00 00")
	res := postForm(t, p.ts, "/lieux/tls-1/modifier", form, p.coord31)
	if !strings.Contains(res.Header.Get("Location"), "message=publie") {
		t.Fatalf("editing the phone of a place with a long description: %d %s", res.StatusCode, res.Body[:min(len(res.Body), 200)])
	}
	if got := storedPlace(t, p.ts, "tls-1"); got.Telephone[0] != "+33561000000" || got.PresentationDetail != strings.TrimSpace(long.PresentationDetail) {
		t.Errorf("after the edit: %q, description kept: %v", got.Telephone, got.PresentationDetail == strings.TrimSpace(long.PresentationDetail))
	}

	form = formOf(p.ts, "tls-1")
	huge := strings.Repeat("Très long nom ", 7500) // 105 KB
	form.Set("nom", huge)
	form.Set("adresse", "3 place du Capitole")
	res = postForm(t, p.ts, "/lieux/tls-1/modifier", form, p.coord31)
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Header.Get("Content-Type"), "text/html") {
		t.Fatalf("a 105 KB name: %d %s", res.StatusCode, res.Body[:min(len(res.Body), 200)])
	}
	for _, want := range []string{"nom", "64 Ko", `value="3 place du Capitole"`, "Très long nom Très long nom"} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("the form page lacks %q", want)
		}
	}
	if got := storedPlace(t, p.ts, "tls-1"); got.Nom == strings.TrimSpace(huge) {
		t.Errorf("the huge name was stored")
	}
	// Past what any record can make, the body is refused by a French page.
	form = formOf(p.ts, "tls-1")
	form.Set("presentation_detail", strings.Repeat("é", 4<<20))
	res = postForm(t, p.ts, "/lieux/tls-1/modifier", form, p.coord31)
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(res.Body, "Formulaire trop volumineux") || !strings.Contains(res.Body, `lang="fr"`) {
		t.Errorf("a body past the limit: %d %s", res.StatusCode, res.Body[:min(len(res.Body), 300)])
	}
}
