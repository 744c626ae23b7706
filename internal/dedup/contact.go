package dedup

import (
	"net/url"
	"strings"
)

// NormalizePhone returns a French phone number in E.164 ("+33123456789"), or
// "" when s is not a phone number a place could be reached at alone (short
// national numbers such as 3939 are shared by every site of an operator).
// Overseas departments get their own country codes.
func NormalizePhone(s string) string {
	var d strings.Builder
	plus := false
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			d.WriteRune(r)
		case r == '+' && d.Len() == 0:
			plus = true
		case r == '(' || r == ')' || r == ' ' || r == '.' || r == '-' || r == '/' || r == '\u00a0' || r == '\u202f':
		default:
			if d.Len() >= 9 {
				// "01 23 45 67 89 (accueil)": the number is complete.
				return e164(d.String(), plus)
			}
			return ""
		}
	}
	return e164(d.String(), plus)
}

// overseas maps the first digits of an overseas national number (after the
// trunk 0) to the country code.
var overseas = []struct{ prefix, code string }{
	{"590", "590"}, {"690", "590"}, {"691", "590"},
	{"594", "594"}, {"694", "594"},
	{"596", "596"}, {"696", "596"}, {"697", "596"},
	{"262", "262"}, {"263", "262"}, {"692", "262"}, {"693", "262"}, {"269", "262"}, {"639", "262"},
	{"508", "508"},
}

func e164(d string, plus bool) string {
	switch {
	case plus:
		// "+33 (0)1 23…" keeps a trunk 0 after the country code.
		if strings.HasPrefix(d, "330") && len(d) == 12 {
			d = "33" + d[3:]
		}
		if len(d) < 8 || len(d) > 15 {
			return ""
		}
		return "+" + d
	case strings.HasPrefix(d, "00") && len(d) > 10:
		return e164(d[2:], true)
	case len(d) == 10 && d[0] == '0' && d[1] != '0':
		for _, o := range overseas {
			if strings.HasPrefix(d[1:], o.prefix) {
				return "+" + o.code + d[1:]
			}
		}
		return "+33" + d[1:]
	case len(d) == 9 && d[0] != '0':
		// The trunk 0 was lost (a spreadsheet read it as a number).
		return e164("0"+d, false)
	case len(d) == 11 && strings.HasPrefix(d, "33"):
		return "+" + d
	}
	return ""
}

// NormalizeEmail lowercases an e-mail address and removes "mailto:" and
// spaces; "" when s is not an address.
func NormalizeEmail(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	s = strings.TrimPrefix(s, "mailto:")
	s = strings.Trim(s, " <>\"'.;,")
	at := strings.LastIndexByte(s, '@')
	if at <= 0 || at == len(s)-1 || strings.ContainsAny(s, " \t") || !strings.Contains(s[at:], ".") {
		return ""
	}
	return s
}

// genericHosts are web hosts shared by unrelated places: a shared domain
// there says nothing.
var genericHosts = map[string]bool{
	"facebook.com": true, "fb.com": true, "fb.me": true, "instagram.com": true,
	"linkedin.com": true, "twitter.com": true, "x.com": true, "youtube.com": true,
	"google.com": true, "google.fr": true, "goo.gl": true, "wixsite.com": true,
	"wordpress.com": true, "jimdo.com": true, "jimdofree.com": true, "over-blog.com": true,
	"blogspot.com": true, "free.fr": true, "orange.fr": true, "wanadoo.fr": true,
	"sfr.fr": true, "laposte.net": true, "gmail.com": true, "hotmail.fr": true,
	"hotmail.com": true, "yahoo.fr": true, "yahoo.com": true, "outlook.fr": true,
	"outlook.com": true, "live.fr": true, "neuf.fr": true, "bbox.fr": true,
	"service-public.fr": true, "service-public.gouv.fr": true, "france-services.gouv.fr": true,
	"franceservices.gouv.fr": true, "societenumerique.gouv.fr": true, "anct.gouv.fr": true,
	"pagesjaunes.fr": true, "linktr.ee": true, "sites.google.com": true, "canva.site": true,
	"webnode.fr": true, "e-monsite.com": true, "site-solocal.com": true, "helloasso.com": true,
	"pole-emploi.fr": true, "francetravail.fr": true, "caf.fr": true, "ameli.fr": true,
	"msa.fr": true, "laposte.fr": true, "mission-locale.fr": true, "gouv.fr": true,
	"data.gouv.fr": true, "coop-numerique.anct.gouv.fr": true, "lesbases.anct.gouv.fr": true,
	"cartographie.societenumerique.gouv.fr": true,
}

// twoLevelSuffixes are public suffixes under which a domain has three labels.
var twoLevelSuffixes = map[string]bool{
	"gouv.fr": true, "asso.fr": true, "com.fr": true, "tm.fr": true, "nom.fr": true,
	"co.uk": true, "org.uk": true, "gov.uk": true, "ac.uk": true, "notaires.fr": true,
}

// WebsiteDomain returns the registrable domain of a website
// ("https://www.mairie-bourg.fr/france-services" → "mairie-bourg.fr"), or ""
// when the site is on a generic host (social networks, site builders,
// national portals…) or is not a web address.
func WebsiteDomain(s string) string {
	s = strings.TrimSpace(strings.ToLower(s))
	if s == "" {
		return ""
	}
	if !strings.Contains(s, "://") {
		s = "http://" + s
	}
	u, err := url.Parse(s)
	if err != nil || u.Hostname() == "" {
		return ""
	}
	host := strings.TrimSuffix(u.Hostname(), ".")
	if !strings.Contains(host, ".") || strings.Trim(host, "0123456789.") == "" {
		return ""
	}
	if genericHosts[host] {
		return ""
	}
	labels := strings.Split(host, ".")
	n := 2
	if len(labels) >= 3 && twoLevelSuffixes[strings.Join(labels[len(labels)-2:], ".")] {
		n = 3
	}
	if len(labels) > n {
		labels = labels[len(labels)-n:]
	}
	d := strings.Join(labels, ".")
	if genericHosts[d] {
		return ""
	}
	return d
}

// EmailDomain returns the domain of an e-mail address unless it is a
// generic provider's ("" for gmail.com, orange.fr…).
func EmailDomain(email string) string {
	at := strings.LastIndexByte(email, '@')
	if at < 0 {
		return ""
	}
	return WebsiteDomain(email[at+1:])
}

// Pivot is a structure's identifier in a national register.
type Pivot struct {
	SIRET string // 14 digits
	SIREN string // 9 digits (the SIRET's first nine when a SIRET is known)
	RNA   string // "W" and 9 digits
}

// ParsePivot reads a SIRET, a SIREN or an RNA number, ignoring spaces and
// the national tools' placeholder (fourteen zeros). The zero Pivot means
// unknown.
func ParsePivot(s string) Pivot {
	var b strings.Builder
	for _, r := range strings.ToUpper(s) {
		if r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' {
			b.WriteRune(r)
		}
	}
	v := b.String()
	switch {
	case strings.Trim(v, "0") == "":
		return Pivot{}
	case len(v) == 14 && allDigits(v):
		return Pivot{SIRET: v, SIREN: v[:9]}
	case len(v) == 9 && allDigits(v):
		return Pivot{SIREN: v}
	case len(v) == 10 && v[0] == 'W' && allDigits(v[1:]):
		return Pivot{RNA: v}
	}
	return Pivot{}
}

// Empty reports whether the pivot is unknown.
func (p Pivot) Empty() bool { return p.SIREN == "" && p.RNA == "" }
