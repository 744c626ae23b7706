package web

import (
	"context"
	"net"
	"net/http"
	"net/netip"
	"strings"

	"maillage/internal/failure"
)

// ParseTrustedProxies reads the addresses of the reverse proxies whose
// X-Forwarded-For is believed: CIDR blocks or single addresses, separated
// by commas ("10.0.0.0/8, ::1").
func ParseTrustedProxies(s string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if p, err := netip.ParsePrefix(f); err == nil {
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(f)
		if err != nil {
			return nil, failure.Errorf(failure.Invalid, "mandataire de confiance %q invalide : attendu une adresse IP ou un bloc CIDR (10.0.0.0/8, fd00::/8)", f)
		}
		out = append(out, netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()))
	}
	return out, nil
}

type clientAddrKey struct{}

// withClientAddr finds once the address a request comes from, for every
// rate limit (clientIP). The proxies' headers count only when the
// connection comes from a trusted proxy; then X-Forwarded-For is read
// from the right, skipping trusted proxies, and the first other address is
// the client's (the left part is the client's own claim). The address is
// never used for links or identity.
func (s *Server) withClientAddr(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		addr := clientAddr(r, s.cfg.TrustedProxies)
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), clientAddrKey{}, addr)))
	})
}

func clientAddr(r *http.Request, trusted []netip.Prefix) string {
	peer, ok := parseAddr(r.RemoteAddr)
	if !ok {
		return r.RemoteAddr
	}
	if !isTrusted(peer, trusted) {
		return limitKey(peer)
	}
	hops := r.Header.Values("X-Forwarded-For")
	client := peer
	for i := len(hops) - 1; i >= 0; i-- {
		parts := strings.Split(hops[i], ",")
		for j := len(parts) - 1; j >= 0; j-- {
			a, ok := parseAddr(strings.TrimSpace(parts[j]))
			if !ok {
				return limitKey(client) // garbage: stop at the last address known
			}
			client = a
			if !isTrusted(a, trusted) {
				return limitKey(a)
			}
		}
	}
	return limitKey(client)
}

// parseAddr reads "ip", "ip:port" or "[ipv6]:port".
func parseAddr(s string) (netip.Addr, bool) {
	if host, _, err := net.SplitHostPort(s); err == nil {
		s = host
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Addr{}, false
	}
	return a.Unmap().WithZone(""), true
}

func isTrusted(a netip.Addr, trusted []netip.Prefix) bool {
	for _, p := range trusted {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// limitKey is what rate limits count by: the IPv4 address, or the /64 of
// an IPv6 address (one subscriber holds a whole /64).
func limitKey(a netip.Addr) string {
	if a.Is6() {
		p, _ := a.Prefix(64)
		return p.String()
	}
	return a.String()
}

// clientIP is the address a request comes from, as withClientAddr found it.
func clientIP(r *http.Request) string {
	if a, ok := r.Context().Value(clientAddrKey{}).(string); ok {
		return a
	}
	return clientAddr(r, nil)
}
