package account

import (
	"testing"

	"maillage/internal/place"
)

func TestAutoApprovesClaim(t *testing.T) {
	contrib := func(email string) *User { return &User{Email: email, Role: Contributeur} }
	at := func(sites ...string) *place.Lieu {
		return &place.Lieu{SiteWeb: sites, Courriels: []string{"contact@asso-relais.fr"}}
	}
	for _, tt := range []struct {
		name string
		u    *User
		l    *place.Lieu
		auto int
		want bool
	}{
		{"same domain", contrib("a@ville-exemple.fr"), at("https://www.ville-exemple.fr/epn"), 0, true},
		{"site on a subdomain", contrib("a@ville-exemple.fr"), at("https://culture.ville-exemple.fr/"), 0, true},
		{"address on a subdomain", contrib("a@mediatheque.ville-exemple.fr"), at("https://ville-exemple.fr/"), 2, true},
		{"one site of several", contrib("a@ville-exemple.fr"), at("https://facebook.com/epn", "https://ville-exemple.fr/"), 0, true},
		{"case and dot", contrib("a@Ville-Exemple.FR"), at("https://VILLE-EXEMPLE.fr./"), 0, true},
		{"public suffix below gouv.fr", contrib("a@hautes-pyrenees.gouv.fr"), at("https://www.gers.gouv.fr/"), 0, false},
		{"bound reached", contrib("a@ville-exemple.fr"), at("https://ville-exemple.fr/"), MaxAutoClaims, false},
		{"place's e-mail is no proof", contrib("a@asso-relais.fr"), at(), 0, false},
		{"another domain", contrib("a@ville-exemple.fr"), at("https://exemple-ville.fr/"), 0, false},
		{"suffix is not a subdomain", contrib("a@exemple.fr"), at("https://ville-exemple.fr/"), 0, false},
		{"gmx.fr", contrib("a@gmx.fr"), at("https://gmx.fr/"), 0, false},
		{"live.com", contrib("a@live.com"), at("https://live.com/"), 0, false},
		{"me.com", contrib("a@me.com"), at("https://me.com/"), 0, false},
		{"bbox.fr", contrib("a@bbox.fr"), at("https://bbox.fr/"), 0, false},
		{"personal page at an access provider", contrib("a@free.fr"), at("http://epn-toulouse.free.fr/"), 0, false},
		{"coordinator", &User{Email: "a@ville-exemple.fr", Role: Coordinateur}, at("https://ville-exemple.fr/"), 0, false},
		{"no address", contrib("personne"), at("https://ville-exemple.fr/"), 0, false},
		{"unreadable site", contrib("a@ville-exemple.fr"), at("http://[::1"), 0, false},
		{"anonymous", nil, at("https://ville-exemple.fr/"), 0, false},
	} {
		if got := AutoApprovesClaim(tt.u, tt.l, tt.auto); got != tt.want {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestFreeMail(t *testing.T) {
	for d, want := range map[string]bool{"gmail.com": true, "GMX.fr": true, "live.com": true, "me.com": true, "bbox.fr": true,
		"wanadoo.fr": true, "laposte.net": true, "smtp.orange.fr": true, "ville-exemple.fr": false, "gouv.fr": false, "": false} {
		if got := FreeMail(d); got != want {
			t.Errorf("FreeMail(%q) = %v", d, got)
		}
	}
}

func TestAutoDecided(t *testing.T) {
	for by, want := range map[string]bool{AutoClaimDecider: true, "automatique (domaine de l'adresse)": true, "compte:3": false, "": false} {
		if AutoDecided(by) != want {
			t.Errorf("%q: %v", by, !want)
		}
	}
}
