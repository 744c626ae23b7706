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
	return strings.TrimSuffix(u.String(), "/"), nil
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
