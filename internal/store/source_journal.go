package store

import (
	"net/url"
	"slices"
	"strings"

	"maillage/internal/audit"
)

// Actions of the journal about declared sources (Kind "source").
const (
	ActionSourceDeclared = "source.declaree"
	ActionSourceRemoved  = "source.supprimee"
	ActionSourceChanged  = "source.modifiee"
	// ActionSourceHarvestAsked: someone asked for a harvest from the site.
	ActionSourceHarvestAsked = "source.moisson_demandee"
)

// WithoutSecrets is a source's address as it may be shown, journaled or
// logged: a password, a user part alone (a token: https://TOKEN@host/),
// the values of the query (where keys and tokens travel) and a fragment
// are masked (« masqué »). An address that does not parse is masked
// roughly the same way; what is not a URL (a file, a dataset's id) is
// kept. It is the one place that renders a source's address for people.
func WithoutSecrets(addr string) string {
	u, err := url.Parse(addr)
	if err != nil {
		return roughlyWithoutSecrets(addr)
	}
	if u.Scheme == "" || (u.User == nil && u.RawQuery == "" && !u.ForceQuery && u.Fragment == "") {
		return addr // nothing to mask: as written
	}
	bare := *u
	bare.User, bare.RawQuery, bare.ForceQuery, bare.Fragment, bare.RawFragment = nil, "", false, "", ""
	s := bare.String()
	if u.User != nil {
		user := masked
		if _, has := u.User.Password(); has {
			user = url.User(u.User.Username()).String() + ":" + masked
		}
		if prefix := u.Scheme + "://"; strings.HasPrefix(s, prefix) {
			s = prefix + user + "@" + s[len(prefix):]
		}
	}
	if u.RawQuery != "" {
		q, err := url.ParseQuery(u.RawQuery)
		if err != nil {
			s += "?" + masked
		} else {
			keys := make([]string, 0, len(q))
			for k := range q {
				keys = append(keys, url.QueryEscape(k)+"="+masked)
			}
			slices.Sort(keys)
			s += "?" + strings.Join(keys, "&")
		}
	}
	if u.Fragment != "" {
		s += "#" + masked
	}
	return s
}

const masked = "masqué"

// roughlyWithoutSecrets masks what looks like a user part, a query and a
// fragment in an address url.Parse refused.
func roughlyWithoutSecrets(addr string) string {
	i := strings.Index(addr, "://")
	if i < 0 {
		return addr
	}
	scheme, rest := addr[:i+3], addr[i+3:]
	end := strings.IndexAny(rest, "/?#")
	if end < 0 {
		end = len(rest)
	}
	if at := strings.LastIndex(rest[:end], "@"); at >= 0 {
		rest = masked + rest[at:]
	}
	if q := strings.IndexAny(rest, "?#"); q >= 0 {
		rest = rest[:q+1] + masked
	}
	return scheme + rest
}

// SourceFacts is what the journal keeps of a source: its settings, its
// address without secrets.
func SourceFacts(src Source) map[string]any {
	facts := map[string]any{"type": src.Type, "url": WithoutSecrets(src.URL), "priorite": src.Priority,
		"intervalle_secondes": int64(src.Interval.Seconds())}
	if src.Correspondence != "" {
		facts["correspondance"] = src.Correspondence
	}
	if src.MaxLoss > 0 {
		facts["perte_max"] = src.MaxLoss
	}
	return facts
}

// SourceEntry is the journal's entry of an action on a source by actor.
func SourceEntry(action, actor, name string, before, after map[string]any) audit.Entry {
	e := audit.Entry{Actor: actor, Action: action, Kind: "source", ObjectID: name}
	if before != nil {
		e.Before = audit.JSON(before)
	}
	if after != nil {
		e.After = audit.JSON(after)
	}
	return e
}
