package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// pageForm reads the edit form of a page as a browser would send it: the
// inputs with their values, the checked boxes, the text areas.
func pageForm(t *testing.T, body string) url.Values {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	attr := func(n *html.Node, key string) (string, bool) {
		for _, a := range n.Attr {
			if a.Key == key {
				return a.Val, true
			}
		}
		return "", false
	}
	form := url.Values{}
	var walk func(n *html.Node, inForm bool)
	walk = func(n *html.Node, inForm bool) {
		if n.Type == html.ElementNode && n.Data == "form" {
			if action, _ := attr(n, "action"); strings.HasSuffix(action, "/modifier") {
				inForm = true
			}
		}
		if inForm && n.Type == html.ElementNode {
			name, named := attr(n, "name")
			switch {
			case !named:
			case n.Data == "textarea":
				text := ""
				if n.FirstChild != nil {
					text = n.FirstChild.Data
				}
				form.Add(name, text)
			case n.Data == "input":
				value, _ := attr(n, "value")
				typ, _ := attr(n, "type")
				if _, checked := attr(n, "checked"); (typ == "checkbox" || typ == "radio") && !checked {
					break
				}
				form.Add(name, value)
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, inForm)
		}
	}
	walk(doc, false)
	if form.Get("version") == "" {
		t.Fatalf("no edit form on the page:\n%s", body)
	}
	return form
}

// Two people open the same form; the other one saves first. The conflict
// page shows the place as now stored with only this person's changes on
// it, flags the field both changed, and sending it again as it is keeps
// the other person's change. Every form is read from the HTML, as a
// browser sends it.
func TestEditConflictKeepsBothChanges(t *testing.T) {
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

	theirs.Set("nom", "EPN du Capitole (modifié dans l'autre onglet)")
	theirs.Set("telephone", "05 61 00 00 00")
	if res := postForm(t, p.ts, "/lieux/tls-1/modifier", theirs, p.coord31); !strings.Contains(res.Header.Get("Location"), "message=publie") {
		t.Fatalf("the other edit: %d %s", res.StatusCode, res.Body)
	}

	mine.Set("telephone", "05 34 00 00 00")
	mine.Set("adresse", "3 place du Capitole")
	res := postForm(t, p.ts, "/lieux/tls-1/modifier", mine, p.ad)
	if res.StatusCode != http.StatusConflict {
		t.Fatalf("edit from the old version: %d", res.StatusCode)
	}
	again := pageForm(t, res.Body)
	if got := again.Get("nom"); got != "EPN du Capitole (modifié dans l'autre onglet)" {
		t.Errorf("the conflict page's nom is %q, not the stored one", got)
	}
	if got := again.Get("adresse"); got != "3 place du Capitole" {
		t.Errorf("the conflict page's adresse is %q, not what was typed", got)
	}
	if got := again.Get("telephone"); got != "05 34 00 00 00" && got != "+33534000000" {
		t.Errorf("the conflict page's telephone is %q, not what was typed", got)
	}
	text := html.UnescapeString(res.Body)
	if !strings.Contains(text, "modifié entre-temps : valeur enregistrée « +33561000000 », votre saisie « +33534000000 »") {
		t.Errorf("the field both changed is not flagged:\n%s", res.Body)
	}
	if strings.Contains(text, "valeur enregistrée « EPN du Capitole (modifié") {
		t.Errorf("a field only the other person changed is flagged")
	}

	if res := postForm(t, p.ts, "/lieux/tls-1/modifier", again, p.ad); !strings.Contains(res.Header.Get("Location"), "message=publie") {
		t.Fatalf("the conflict page sent again: %d %s", res.StatusCode, res.Body)
	}
	got := storedPlace(t, p.ts, "tls-1")
	if got.Nom != "EPN du Capitole (modifié dans l'autre onglet)" || got.Adresse != "3 place du Capitole" ||
		len(got.Telephone) != 1 || got.Telephone[0] != "+33534000000" {
		t.Errorf("after sending the conflict page again: nom %q, adresse %q, telephone %q", got.Nom, got.Adresse, got.Telephone)
	}
}
