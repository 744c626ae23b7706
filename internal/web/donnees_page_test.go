package web

import (
	"regexp"
	"strings"
	"testing"

	"maillage/internal/account"
)

// /donnees lists q among the common parameters and dates the journal's
// head in French, as every other page does.
func TestDonneesPageWording(t *testing.T) {
	ts, _ := withMail(t)
	mustUser(t, ts, account.User{Email: "ada@hub.fr", Role: account.Administrateur}) // a journal entry
	res := getAs(t, ts, "/donnees", "")
	if res.StatusCode != 200 {
		t.Fatalf("/donnees: %d", res.StatusCode)
	}
	if !strings.Contains(res.Body, "<code>q</code>") {
		t.Errorf("the common parameters do not list q")
	}
	if !regexp.MustCompile(`Son état au \d{1,2}(er)? [a-zéû]+ \d{4} à \d{2}:\d{2}:\d{2} \(heure de Paris\)`).MatchString(res.Body) {
		t.Errorf("the journal's head is not dated in French: %s", regexp.MustCompile(`Son état au [^:]*:[^:]*:[^ ]* \([^)]*\)`).FindString(res.Body))
	}
}
