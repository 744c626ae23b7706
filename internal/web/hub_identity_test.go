package web

import (
	"errors"
	"strings"
	"testing"

	"maillage/internal/failure"
)

// The hub's identity is published in the catalogue and the pages: control
// characters, line breaks and bidirectional overrides are refused in
// every field, the contact is an e-mail or an http(s) address, the
// licence an http(s) address without quotes nor angle brackets.
func TestCheckHubRefusesUnsafe(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   Hub
		err  string
	}{
		{"bidi override in the name", Hub{Nom: "Hub \u202egnirts"}, "nom du hub"},
		{"CR-LF in the name", Hub{Nom: "Hub\r\nX-Injecte: 1"}, "nom du hub"},
		{"tab in the territory", Hub{Territoire: "Occi\ttanie"}, "territoire du hub"},
		{"isolate in the territory", Hub{Territoire: "Occitanie\u2066"}, "territoire du hub"},
		{"line separator", Hub{Nom: "Hub\u2028Sud"}, "nom du hub"},
		{"NUL in the contact", Hub{Contact: "a\x00@b.fr"}, "contact du hub"},
		{"quote in the contact", Hub{Contact: `"a"@b.fr`}, "contact du hub"},
		{"angle bracket in the contact", Hub{Contact: "a@b.fr<script>"}, "contact du hub"},
		{"javascript contact", Hub{Contact: "javascript:alert(1)"}, "contact du hub"},
		{"quote in the licence", Hub{Licence: `https://exemple.fr/"licence`}, "licence du hub"},
		{"angle bracket in the licence", Hub{Licence: "https://exemple.fr/<b>"}, "licence du hub"},
		{"space in the licence", Hub{Licence: "https://exemple.fr/ma licence"}, "licence du hub"},
		{"ftp licence", Hub{Licence: "ftp://exemple.fr/licence"}, "licence du hub"},
		{"name too long", Hub{Nom: strings.Repeat("a", 301)}, "nom du hub"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := CheckHub(tc.in)
			if err == nil || !strings.Contains(err.Error(), tc.err) || !errors.Is(err, failure.ErrInvalid) {
				t.Errorf("got %v, want an Invalid error about %q", err, tc.err)
			}
		})
	}
	// A contact page instead of an e-mail; a licence with a path.
	h, _, err := CheckHub(Hub{Contact: "https://hub.exemple.fr/contact", Licence: "https://opendatacommons.org/licenses/odbl/1-0/"})
	if err != nil || h.Contact != "https://hub.exemple.fr/contact" {
		t.Errorf("contact page: %+v, %v", h, err)
	}
}

// The open-data page states the configured licence, and the catalogue
// gives a contact page as a URL (not as mailto:).
func TestDonneesShowsConfiguredLicence(t *testing.T) {
	odbl := "https://opendatacommons.org/licenses/odbl/1-0/"
	ts := hubServer(t, Hub{Nom: "Hub", Licence: odbl, Contact: "https://hub.exemple.fr/contact"}, fixture()...)
	res := ts.get(t, "/donnees")
	page := res.Body
	if res.StatusCode != 200 || !strings.Contains(page, `href="`+odbl+`"`) || strings.Contains(page, "Licence Ouverte") ||
		!strings.Contains(page, `<a href="/donnees">Open Database License (ODbL)</a>`) {
		t.Errorf("/donnees with the ODbL: %d\n%s", res.StatusCode, page)
	}
	res = ts.get(t, "/catalogue.jsonld")
	if !strings.Contains(res.Body, `"vcard:hasURL"`) || strings.Contains(res.Body, "mailto:https") {
		t.Errorf("catalogue's contact point:\n%s", res.Body)
	}
	// The default: the Licence Ouverte, named.
	ts = hubServer(t, Hub{}, fixture()...)
	res = ts.get(t, "/donnees")
	if !strings.Contains(res.Body, "Licence Ouverte 2.0") || !strings.Contains(res.Body, LicenceOuverte) {
		t.Errorf("/donnees by default:\n%s", res.Body)
	}
}
