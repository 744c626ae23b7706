package web

import (
	"net"
	"net/url"
	"strings"

	"maillage/internal/failure"
)

// CheckPublicURL reads the public address of a site (--url-publique):
// an absolute http or https URL without query or fragment. The result has
// no trailing slash.
func CheckPublicURL(raw string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil ||
		u.RawQuery != "" || u.Fragment != "" || u.Opaque != "" {
		return "", failure.Errorf(failure.Invalid, "adresse publique %q invalide : attendu http(s)://hote[:port][/chemin], sans paramètres", raw)
	}
	// The scheme's default port is the address without it: browsers
	// name it so (in Origin, for one), and a site configured with :443
	// refused their every POST as cross-origin.
	u.Scheme, u.Host = strings.ToLower(u.Scheme), strings.ToLower(u.Host)
	if port := u.Port(); (u.Scheme == "https" && port == "443") || (u.Scheme == "http" && port == "80") {
		u.Host = u.Hostname()
		if strings.Contains(u.Host, ":") {
			u.Host = "[" + u.Host + "]" // IPv6
		}
	}
	return strings.TrimSuffix(u.String(), "/"), nil
}

// CheckSiteURL reads the public address of this site (--url-publique):
// CheckPublicURL, without a path. The routes, redirects and cookies of the
// site are at the root of its host; an address under a path (a reverse
// proxy's /annuaire/) is refused rather than half followed.
func CheckSiteURL(raw string) (string, error) {
	base, err := CheckPublicURL(raw)
	if err != nil {
		return "", err
	}
	if u, _ := url.Parse(base); u.Path != "" {
		return "", failure.Errorf(failure.Invalid, "adresse publique %q : un chemin (%s) n'est pas pris en charge : maillage se sert à la racine de son hôte "+
			"(pages, redirections, cookies). Donnez-lui un hôte à lui (https://annuaire.exemple.fr) ou faites servir la racine par le mandataire", raw, u.Path)
	}
	return base, nil
}

// LoopbackURL is the public address of a development server listening on
// a loopback address (http://127.0.0.1:PORT, the address serve prints, so
// that the session cookie a link sets is the one the browser sends), or ""
// when addr is reachable from other machines: then nothing may guess the
// site's address.
func LoopbackURL(addr net.Addr) string {
	tcp, ok := addr.(*net.TCPAddr)
	if !ok || !tcp.IP.IsLoopback() {
		return ""
	}
	return "http://" + tcp.String()
}

// absoluteURL is a path of this site under its configured public address;
// ok is false when none is configured: links that leave the site (e-mails,
// QR codes, embed snippets) are never built from the request's headers.
func (s *Server) absoluteURL(path string) (string, bool) {
	if s.cfg.BaseURL == "" {
		return path, false
	}
	return s.cfg.BaseURL + path, true
}
