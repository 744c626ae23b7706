package account

import (
	_ "embed"
	"net/url"
	"strings"
	"sync"

	"golang.org/x/net/publicsuffix"

	"maillage/internal/place"
)

// A claim ("c'est ma structure") is approved at once when the account's
// address is at the place's own website domain, else a coordinator
// decides. A free e-mail provider's domain proves nothing, and one
// account gets only a few places this way: an address at a shared domain
// (a town hall, a network) must not open every place of that domain.

// MaxAutoClaims is how many claims of one account may be approved at once
// by domain; the next ones go to a coordinator.
const MaxAutoClaims = 3

// AutoClaimDecider is what an automatic approval records as its decider.
const AutoClaimDecider = "automatique (domaine du site du lieu)"

// AutoDecided reports whether a claim's decider was the automatic rule
// (today's, or the e-mail domain rule it replaced).
func AutoDecided(decidedBy string) bool { return strings.HasPrefix(decidedBy, "automatique") }

// AutoApprovesClaim reports whether u's claim on l is approved at once;
// auto is how many of u's claims were already approved that way.
func AutoApprovesClaim(u *User, l *place.Lieu, auto int) bool {
	if u == nil || u.Role != Contributeur || auto >= MaxAutoClaims {
		return false
	}
	at := strings.LastIndexByte(u.Email, '@')
	if at < 0 {
		return false
	}
	domain, ok := registrable(u.Email[at+1:])
	if !ok || FreeMail(u.Email[at+1:]) {
		return false
	}
	for _, site := range l.SiteWeb {
		su, err := url.Parse(site)
		if err != nil {
			continue
		}
		if d, ok := registrable(su.Hostname()); ok && d == domain && !FreeMail(su.Hostname()) {
			return true
		}
	}
	return false
}

// registrable is the domain one registers, under its public suffix:
// "culture.ville-exemple.fr" → "ville-exemple.fr", "x.gouv.fr" → "x.gouv.fr".
func registrable(host string) (string, bool) {
	host = strings.TrimSuffix(strings.ToLower(strings.TrimSpace(host)), ".")
	d, err := publicsuffix.EffectiveTLDPlusOne(host)
	return d, err == nil
}

//go:embed freemail.txt
var freeMailList string

var freeMail = sync.OnceValue(func() map[string]bool {
	m := map[string]bool{}
	for _, line := range strings.Split(freeMailList, "\n") {
		if line != "" && line[0] != '#' {
			m[line] = true
		}
	}
	return m
})

// FreeMail reports whether a domain (or the domain it is registered
// under) belongs to a free e-mail provider: webmail, an access provider's
// mailboxes, disposable addresses (freemail.txt, from maintained lists;
// scripts/freemail.sh regenerates it).
func FreeMail(domain string) bool {
	domain = strings.TrimSuffix(strings.ToLower(strings.TrimSpace(domain)), ".")
	if freeMail()[domain] {
		return true
	}
	d, ok := registrable(domain)
	return ok && freeMail()[d]
}
