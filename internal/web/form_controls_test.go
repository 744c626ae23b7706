package web

import (
	"net/http"
	"strings"
	"testing"
)

// Control characters (ESC, NUL) and bidi overrides typed into the edit form
// are not removed silently: the form comes back once with the cleaned value
// and the warning naming the field; saved again, it goes through.
func TestFormTellsRemovedControls(t *testing.T) {
	for _, tt := range []struct{ name, typed, cleaned, said string }{
		{"escape", "EPN \x1b[31mRouge\x00", "EPN [31mRouge", "caractères de contrôle retirés"},
		{"bidi override", "EPN \u202eelgooG", "EPN elgooG", "sens d&#39;écriture"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p := cast(t)
			form := formOf(p.ts, "tls-1")
			form.Set("nom", tt.typed)
			res := postForm(t, p.ts, "/lieux/tls-1/modifier", form, p.coord31)
			if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, tt.said) || !strings.Contains(res.Body, `value="`+tt.cleaned+`"`) {
				t.Fatalf("first sending: %d, warning %v, cleaned value %v", res.StatusCode, strings.Contains(res.Body, tt.said), strings.Contains(res.Body, `value="`+tt.cleaned+`"`))
			}
			if got := storedPlace(t, p.ts, "tls-1"); got.Nom != "EPN du Capitole" {
				t.Errorf("saved at the first sending: %q", got.Nom)
			}
			res = postForm(t, p.ts, "/lieux/tls-1/modifier", pageForm(t, res.Body), p.coord31)
			if !strings.Contains(res.Header.Get("Location"), "message=publie") {
				t.Fatalf("sent again: %d", res.StatusCode)
			}
			if got := storedPlace(t, p.ts, "tls-1"); got.Nom != tt.cleaned {
				t.Errorf("saved: %q, want %q", got.Nom, tt.cleaned)
			}
		})
	}
}
