package harvest

import (
	"context"
	"errors"
	"fmt"
	"golang.org/x/net/http/httpproxy"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"sync"
	"syscall"
	"time"

	"maillage/internal/failure"
	"maillage/internal/printable"
)

// A declared source must not make the server fetch its own network: the
// cloud's metadata (link-local addresses), the unspecified address, and,
// unless Options.PrivateAddresses, loopback and private addresses. The
// address is checked when connecting, once the name is resolved (a name
// that resolves to 127.0.0.1 the second time is caught, DNS rebinding
// included), and so for every redirect too.

// EnvPrivateAddresses, set to 1, lets harvests connect to loopback and
// private addresses (flag --moisson-adresses-privees of serve and
// moissonner).
const EnvPrivateAddresses = "MAILLAGE_MOISSON_ADRESSES_PRIVEES"

var (
	sharedRange = netip.MustParsePrefix("100.64.0.0/10") // RFC 6598, carrier-grade NAT (a cloud's metadata)
	thisNetwork = netip.MustParsePrefix("0.0.0.0/8")     // RFC 1122: "this network"
	nat64       = netip.MustParsePrefix("64:ff9b::/96")  // RFC 6052: IPv4 through NAT64
)

// refusal says which rule forbids connecting to ip ("" when none).
func refusal(ip netip.Addr, private bool) string {
	ip = ip.Unmap()
	if nat64.Contains(ip) {
		b := ip.As16()
		ip = netip.AddrFrom4([4]byte(b[12:]))
	}
	switch {
	case ip.IsUnspecified(), thisNetwork.Contains(ip):
		return "adresse non spécifiée (0.0.0.0, ::)"
	case ip.IsLinkLocalUnicast(), ip.IsLinkLocalMulticast():
		return "adresse lien-local (169.254.0.0/16, fe80::/10), où les hébergeurs cloud servent les métadonnées et les secrets de la machine"
	case ip.IsMulticast(), ip.IsInterfaceLocalMulticast():
		return "adresse de multidiffusion"
	case private:
		return ""
	case ip.IsLoopback():
		return "adresse de bouclage (127.0.0.0/8, ::1) : le serveur lui-même"
	case ip.IsPrivate(), sharedRange.Contains(ip):
		return "adresse privée (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 100.64.0.0/10, fc00::/7) : le réseau interne du serveur"
	}
	return ""
}

// refusedError is a connection the rules forbid.
type refusedError struct {
	addr, rule string
	private    bool
	// what is what the rule kept from being read, for the way out:
	// « moissonner une source » by default.
	what string
}

func (e *refusedError) Error() string {
	msg := fmt.Sprintf("connexion à %s refusée : %s", e.addr, e.rule)
	if !e.private && !strings.Contains(e.rule, "lien-local") && !strings.Contains(e.rule, "non spécifiée") && !strings.Contains(e.rule, "multidiffusion") {
		if e.what == "" {
			msg += " ; pour moissonner une source de votre réseau, lancez serve ou moissonner avec --moisson-adresses-privees (ou " + EnvPrivateAddresses + "=1)"
		} else {
			msg += " ; pour " + e.what + " de votre réseau, relancez avec --moisson-adresses-privees (ou " + EnvPrivateAddresses + "=1)"
		}
	}
	return msg
}

// guard is the dialer's Control: it refuses the addresses the rules forbid.
func guard(private bool) func(network, address string, _ syscall.RawConn) error {
	return guardFor(private, "")
}

// guardFor is guard, its refusals naming what was to be read (see
// refusedError.what).
func guardFor(private bool, what string) func(network, address string, _ syscall.RawConn) error {
	return func(network, address string, _ syscall.RawConn) error {
		host, _, err := net.SplitHostPort(address)
		if err != nil {
			host = address
		}
		ip, err := netip.ParseAddr(host)
		if err != nil {
			return &refusedError{addr: address, rule: "adresse illisible", private: private, what: what}
		}
		if rule := refusal(ip, private); rule != "" {
			return &refusedError{addr: ip.Unmap().String(), rule: rule, private: private, what: what}
		}
		return nil
	}
}

// maxRedirects bounds the redirects a harvest follows.
const maxRedirects = 10

// guardedClient is the harvests' HTTP client: bounded by timeout, it
// connects only where the rules allow, through the environment's proxy if
// any (the target's address checked before), and follows at most
// maxRedirects redirects, to http or https only.
func guardedClient(timeout time.Duration, private bool) *http.Client {
	return guardedClientFor(timeout, private, "")
}

// GuardedClient is the client of harvests for the commands that read an
// address given to them (maillage import URL, validate URL): the same
// rules (loopback and private addresses only when private, never
// link-local ones), the same redirects, bounded by timeout; what names
// what is read, for the way out of a refusal (« lire un fichier »).
func GuardedClient(timeout time.Duration, private bool, what string) *http.Client {
	return guardedClientFor(timeout, private, what)
}

func guardedClientFor(timeout time.Duration, private bool, what string) *http.Client {
	dialer := &net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second, Control: guardFor(private, what)}
	direct := &net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second}
	// The environment's proxy (HTTP_PROXY, HTTPS_PROXY, NO_PROXY, read
	// when the client is made): the target's address is checked before a
	// request is given to the proxy (targetCheck); the proxy itself,
	// chosen by the operator, is connected to as it is.
	proxyOf := httpproxy.FromEnvironment().ProxyFunc()
	var proxies sync.Map // host:port of the proxies in use
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.Proxy = func(req *http.Request) (*url.URL, error) {
		u, err := proxyOf(req.URL)
		if err != nil || u == nil {
			return u, err
		}
		if err := targetCheck(req.Context(), req.URL.Hostname(), private, what); err != nil {
			return nil, err
		}
		proxies.Store(proxyAddr(u), true)
		return u, nil
	}
	tr.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
		if _, ok := proxies.Load(addr); ok {
			return direct.DialContext(ctx, network, addr)
		}
		return dialer.DialContext(ctx, network, addr)
	}
	tr.DialTLSContext = nil
	return &http.Client{Timeout: timeout, Transport: tr, CheckRedirect: func(req *http.Request, via []*http.Request) error {
		if len(via) >= maxRedirects {
			return failure.Errorf(failure.Unavailable, "%s : plus de %d redirections", shown(via[0].URL.String()), maxRedirects)
		}
		if s := req.URL.Scheme; s != "http" && s != "https" {
			return failure.Errorf(failure.Forbidden, "redirection vers %s refusée : seules les adresses http:// et https:// sont moissonnées", shown(req.URL.String()))
		}
		return nil
	}}
}

// proxyAddr is the host:port a proxy's URL is connected to, as net/http
// dials it.
func proxyAddr(u *url.URL) string {
	port := u.Port()
	if port == "" {
		port = map[string]string{"http": "80", "https": "443", "socks5": "1080", "socks5h": "1080"}[u.Scheme]
	}
	return net.JoinHostPort(u.Hostname(), port)
}

// targetCheck applies the rules to a target reached through a proxy,
// which connects to it for us: an address, or every address its name
// resolves to here. A name that does not resolve here (behind a proxy,
// the machine may have no DNS for the outside) is left to the proxy.
func targetCheck(ctx context.Context, host string, private bool, what string) error {
	if ip, err := netip.ParseAddr(host); err == nil {
		if rule := refusal(ip, private); rule != "" {
			return &refusedError{addr: ip.Unmap().String(), rule: rule, private: private, what: what}
		}
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	ips, err := net.DefaultResolver.LookupNetIP(ctx, "ip", host)
	if err != nil {
		return nil
	}
	for _, ip := range ips {
		if rule := refusal(ip, private); rule != "" {
			return &refusedError{addr: host + " (" + ip.Unmap().String() + ")", rule: rule, private: private, what: what}
		}
	}
	return nil
}

// refusedMessage tells, naming the source and the address asked, why a
// connection was refused; ok false when err is not a refusal.
func (h *harvester) refusedMessage(err error, addr string) (error, bool) {
	var r *refusedError
	if !errors.As(err, &r) {
		return nil, false
	}
	return failure.Errorf(failure.Forbidden, "Source « %s » : %s : %s", printable.String(h.src.Name), shown(addr), r.Error()), true
}

// checkScheme refuses an address with a scheme other than http and https
// (file://, ftp://…): a source is a URL, or a file given by its path on
// the command line.
func checkScheme(addr string) error {
	u, err := url.Parse(addr)
	if err != nil || u.Scheme == "" || isURL(addr) {
		return nil
	}
	return failure.Errorf(failure.Invalid, "« %s » : seules les adresses http:// et https:// sont moissonnées (schéma « %s » refusé) ; un fichier de la machine se donne par son chemin, en ligne de commande",
		shown(addr), printable.String(u.Scheme))
}

// Refusal is the French message of a connection the rules refused
// somewhere in err's chain (GuardedClient's); ok false for other errors.
func Refusal(err error) (msg string, ok bool) {
	var r *refusedError
	if !errors.As(err, &r) {
		return "", false
	}
	return r.Error(), true
}
