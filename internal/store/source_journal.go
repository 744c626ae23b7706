package store

import (
	"net/url"

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

// WithoutSecrets is a source's address as it may be shown or journaled: a
// password and the values of the query (where keys and tokens travel)
// are masked. What is not a URL (a file, a dataset's id) is kept.
func WithoutSecrets(addr string) string {
	u, err := url.Parse(addr)
	if err != nil || u.Scheme == "" {
		return addr
	}
	if u.User != nil {
		if _, has := u.User.Password(); has {
			u.User = url.UserPassword(u.User.Username(), "masqué")
		}
	}
	if u.RawQuery != "" {
		q := u.Query()
		for k := range q {
			q[k] = []string{"masqué"}
		}
		u.RawQuery = q.Encode()
	}
	return u.String()
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
