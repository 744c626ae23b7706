package web

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// Two people edit different fields of one place from the same version:
// both changes apply, the second without a conflict (edits are field-level
// patches).
func TestEditDifferentFieldsNoConflict(t *testing.T) {
	p := cast(t)
	open := func(cookie string) url.Values {
		t.Helper()
		res := getAs(t, p.ts, "/lieux/tls-1/modifier", cookie)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("edit form: %d", res.StatusCode)
		}
		return pageForm(t, res.Body)
	}
	mine, theirs := open(p.ad), open(p.coord31)
	theirs.Set("nom", "EPN du Capitole (renommé)")
	theirs.Set("h-Sa-de1", "10:00")
	theirs.Set("h-Sa-a1", "12:00")
	if res := postForm(t, p.ts, "/lieux/tls-1/modifier", theirs, p.coord31); !strings.Contains(res.Header.Get("Location"), "message=publie") {
		t.Fatalf("the first edit: %d %s", res.StatusCode, res.Body)
	}
	mine.Set("adresse", "3 place du Capitole")
	mine.Set("telephone", "05 34 00 00 00")
	res := postForm(t, p.ts, "/lieux/tls-1/modifier", mine, p.ad)
	if res.StatusCode != http.StatusSeeOther || !strings.Contains(res.Header.Get("Location"), "message=publie") {
		t.Fatalf("an edit of other fields from the same version: %d\n%s", res.StatusCode, res.Body)
	}
	got := storedPlace(t, p.ts, "tls-1")
	if got.Nom != "EPN du Capitole (renommé)" || got.Adresse != "3 place du Capitole" || len(got.Telephone) != 1 ||
		got.Telephone[0] != "+33534000000" || !strings.Contains(got.Horaires, "Sa 10:00-12:00") {
		t.Errorf("after both edits: nom %q, adresse %q, telephone %q, horaires %q", got.Nom, got.Adresse, got.Telephone, got.Horaires)
	}
}

// When both change the same field, the conflict names it.
func TestEditConflictNamesField(t *testing.T) {
	p := cast(t)
	mine := pageForm(t, getAs(t, p.ts, "/lieux/tls-1/modifier", p.ad).Body)
	theirs := pageForm(t, getAs(t, p.ts, "/lieux/tls-1/modifier", p.coord31).Body)
	theirs.Set("adresse", "1 rue A")
	if res := postForm(t, p.ts, "/lieux/tls-1/modifier", theirs, p.coord31); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("the first edit: %d", res.StatusCode)
	}
	mine.Set("adresse", "2 rue B")
	res := postForm(t, p.ts, "/lieux/tls-1/modifier", mine, p.ad)
	if res.StatusCode != http.StatusConflict {
		t.Fatalf("same field changed twice: %d", res.StatusCode)
	}
	conflict := between(t, res.Body, `id="conflit"`, "</div>")
	if !strings.Contains(conflict, "Adresse") {
		t.Errorf("the conflict does not name the field:\n%s", conflict)
	}
}

// Warnings are not errors: a form refused for an error lists its errors
// apart from what is only to check; a field in error is marked invalid
// and linked to its message.
func TestEditFormErrorsAndWarnings(t *testing.T) {
	p := cast(t)
	form := pageForm(t, getAs(t, p.ts, "/lieux/tls-1/modifier", p.ad).Body)
	form.Set("courriels", "pas-une-adresse")
	form.Set("pivot", "")
	res := postForm(t, p.ts, "/lieux/tls-1/modifier", form, p.ad)
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("invalid e-mail: %d", res.StatusCode)
	}
	errs := between(t, res.Body, `id="erreurs"`, "</div>")
	if !strings.Contains(errs, "Courriels") {
		t.Errorf("the error is not listed:\n%s", errs)
	}
	if strings.Contains(errs, "SIRET") {
		t.Errorf("a warning is listed among the errors:\n%s", errs)
	}
	doc, err := html.Parse(strings.NewReader(res.Body))
	if err != nil {
		t.Fatal(err)
	}
	input := findByID(doc, "courriels")
	if input == nil || attrOf(input, "aria-invalid") != "true" {
		t.Fatalf("the field in error is not aria-invalid")
	}
	msg := findByID(doc, attrOf(input, "aria-describedby"))
	if msg == nil || !strings.Contains(textOf(msg), "Courriels") {
		t.Errorf("aria-describedby %q does not lead to the message", attrOf(input, "aria-describedby"))
	}
	if nom := findByID(doc, "nom"); nom == nil || attrOf(nom, "aria-invalid") != "" {
		t.Errorf("a valid field is aria-invalid")
	}
}

func between(t *testing.T, body, start, end string) string {
	t.Helper()
	i := strings.Index(body, start)
	if i < 0 {
		t.Fatalf("no %s in:\n%s", start, body)
	}
	j := strings.Index(body[i:], end)
	if j < 0 {
		return body[i:]
	}
	return body[i : i+j]
}

func findByID(n *html.Node, id string) *html.Node {
	if id == "" {
		return nil
	}
	if n.Type == html.ElementNode && attrOf(n, "id") == id {
		return n
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if f := findByID(c, id); f != nil {
			return f
		}
	}
	return nil
}

func attrOf(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return regexp.MustCompile(`\s+`).ReplaceAllString(b.String(), " ")
}

// The address checks refuse the form: they are errors too, shown as such.
func TestEditAddressRefusalIsAnError(t *testing.T) {
	p := cast(t)
	form := pageForm(t, getAs(t, p.ts, "/lieux/tls-1/modifier", p.ad).Body)
	form.Set("code_postal", "6900")
	res := postForm(t, p.ts, "/lieux/tls-1/modifier", form, p.ad)
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("4-digit postcode: %d", res.StatusCode)
	}
	if errs := between(t, res.Body, `id="erreurs"`, "</div>"); !strings.Contains(errs, "Code postal") {
		t.Errorf("the refusal is not among the errors:\n%s", errs)
	}
	if !strings.Contains(res.Body, `id="code_postal" name="code_postal" aria-invalid="true"`) {
		t.Log(between(t, res.Body, `<input id="code_postal"`, ">"))
		t.Errorf("the postcode input is not aria-invalid")
	}
}
