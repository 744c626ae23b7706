package store

import (
	"context"
	"time"

	"maillage/internal/failure"
)

// StatsShare is a public, shareable link to a territory's statistics
// (issue 11 §3), opted into by a coordinator or an administrator: anyone
// holding its token reads the territory's figures with the small counts
// withheld (evaluation.Public). Only the token's hash is stored; the
// token is shown once, at creation. A share is revoked once and for all.
type StatsShare struct {
	ID        int64
	Territory TerritoryRef // a commune, an EPCI or a département
	// Rule says which period the page shows when it is read:
	// ShareLast12Months, SharePreviousYear or ShareFixed (From, To).
	Rule      string
	From, To  string // YYYY-MM-DD, ShareFixed only ("" otherwise)
	CreatedBy int64  // the account that published it
	Created   time.Time
	Revoked   time.Time // zero while the link works
	RevokedBy int64
}

// Period rules of a share.
const (
	ShareLast12Months = "douze_derniers_mois"     // 12 full months, moved on by whole years (see the web's sharePeriod)
	SharePreviousYear = "annee_civile_precedente" // the last full calendar year
	ShareFixed        = "periode_fixe"            // From → To
)

// Bounds of a fixed period: at most MaxShareDays (10 years, as the
// statistics pages), its dates from MinShareYear to MaxShareYear.
const (
	MaxShareDays = 3660
	MinShareYear = 2000
	MaxShareYear = 2099
)

// ShareRules lists the rules with their French labels, in the form's order.
var ShareRules = []struct{ Value, Label string }{
	{ShareLast12Months, "Les 12 derniers mois complets (la période avance d'un an à chaque anniversaire du lien)"},
	{SharePreviousYear, "La dernière année civile complète"},
	{ShareFixed, "Une période fixe"},
}

// Check says what is wrong with a share to create (a failure.Invalid).
func (sh StatsShare) Check() error {
	switch sh.Territory.Kind {
	case "commune", "epci", "departement":
	default:
		return failure.Errorf(failure.Invalid, "Partage : territoire « %s » : une commune, un EPCI ou un département.", sh.Territory.Kind)
	}
	if refs, ok := ParseTerritoryRefs(sh.Territory.Kind + ":" + sh.Territory.Code); !ok || len(refs) != 1 || refs[0] != sh.Territory {
		return failure.Errorf(failure.Invalid, "Partage : code de territoire « %s » illisible.", sh.Territory.Code)
	}
	switch sh.Rule {
	case ShareLast12Months, SharePreviousYear:
		if sh.From != "" || sh.To != "" {
			return failure.Errorf(failure.Invalid, "Partage : une période glissante n'a pas de dates.")
		}
	case ShareFixed:
		f, err1 := time.Parse(time.DateOnly, sh.From)
		t, err2 := time.Parse(time.DateOnly, sh.To)
		if err1 != nil || err2 != nil || t.Before(f) {
			return failure.Errorf(failure.Invalid, "Partage : période fixe « %s » → « %s » : deux dates AAAA-MM-JJ, la fin après le début.", sh.From, sh.To)
		}
		if f.Year() < MinShareYear || t.Year() > MaxShareYear {
			return failure.Errorf(failure.Invalid, "Partage : période fixe « %s » → « %s » : les dates vont de %d à %d.", sh.From, sh.To, MinShareYear, MaxShareYear)
		}
		if days := int(t.Sub(f).Hours()/24) + 1; days > MaxShareDays {
			return failure.Errorf(failure.Invalid, "Partage : période fixe « %s » → « %s » : %d jours, au plus 10 ans à la fois (%d jours), comme les pages de statistiques.", sh.From, sh.To, days, MaxShareDays)
		}
	default:
		return failure.Errorf(failure.Invalid, "Partage : règle de période « %s » inconnue.", sh.Rule)
	}
	return nil
}

// StatsShares keeps the public links to statistics. Creations and
// revocations are journaled (never the token nor its hash).
type StatsShares interface {
	// CreateStatsShare records sh (sh.Check's failure.Invalid otherwise)
	// under the hash of its token (account.HashToken), created at the
	// store's clock; it returns the share as stored.
	CreateStatsShare(ctx context.Context, sh StatsShare, hash, actor string) (StatsShare, error)
	// StatsShareByHash returns the share of a token's hash, revoked or
	// not (failure.NotFound when there is none).
	StatsShareByHash(ctx context.Context, hash string) (StatsShare, error)
	// StatsShares lists every share, newest first, revoked ones included.
	StatsShares(ctx context.Context) ([]StatsShare, error)
	// RevokeStatsShare revokes a share at the store's clock, once and
	// for all (failure.NotFound for no such share, failure.Conflict when
	// it is revoked already), and returns it as revoked.
	RevokeStatsShare(ctx context.Context, id, by int64, actor string) (StatsShare, error)
}

// Journal actions of the shares.
const (
	ActionStatsShareCreated = "statistiques.partage_cree"
	ActionStatsShareRevoked = "statistiques.partage_revoque"
)
