package accountsql

import (
	"cmp"
	"context"
	"slices"
	"strconv"

	"maillage/internal/failure"
	"maillage/internal/store"
)

// Dashboard reads every pass of the filter once, with its carnet and its
// redemption, and sums the figures per group in Go.
func (s *Store) Dashboard(ctx context.Context, f store.DashboardFilter) ([]store.DashboardRow, error) {
	by := f.By
	if by == "" {
		by = store.ByOrder
	}
	if by != store.ByOrder && by != store.ByDistributeur && by != store.ByLieu && by != store.ByTerritory {
		return nil, failure.Errorf(failure.Invalid, "Regroupement « %s » inconnu : commande, distributeur, lieu ou territoire.", by)
	}
	rows, err := s.rdb.QueryContext(ctx, s.q(`SELECT p.commande, p.carnet, COALESCE(c.distributeur, 0), c.remis_at, c.commune, p.etat,
			COALESCE(u.lieu_id, ''), COALESCE(u.service, ''), COALESCE(u.at, ''), COALESCE(u.valeur_centimes, 0),
			COALESCE((SELECT r.paye_at FROM pass_releves r WHERE r.lieu_id = u.lieu_id AND r.mois = substr(u.jour, 1, 7)), '')
		FROM pass p JOIN pass_carnets c ON c.id = p.carnet JOIN pass_commandes o ON o.id = p.commande
		LEFT JOIN pass_utilisations u ON u.pass = p.id
		WHERE (? = 0 OR p.commande = ?) AND (? = 0 OR o.financeur = ?) AND (? = 0 OR c.distributeur = ?) AND (? = '' OR u.lieu_id = ?)
		ORDER BY p.carnet`), f.OrderID, f.OrderID, f.Financeur, f.Financeur, f.Distributeur, f.Distributeur, f.LieuID, f.LieuID)
	if err != nil {
		return nil, wrap("tableau de bord", nil, err)
	}
	defer rows.Close()
	type carnetKey struct {
		group  string
		carnet int64
	}
	groups := map[string]*store.DashboardRow{}
	type carnetFacts struct {
		handed, firstUse string
		used             bool
	}
	carnets := map[carnetKey]*carnetFacts{}
	for rows.Next() {
		var order, carnet, dist, value int64
		var handed, commune, state, lieu, service, at, paid string
		if err := rows.Scan(&order, &carnet, &dist, &handed, &commune, &state, &lieu, &service, &at, &value, &paid); err != nil {
			return nil, wrap("tableau de bord", nil, err)
		}
		var key string
		switch by {
		case store.ByOrder:
			key = strconv.FormatInt(order, 10)
		case store.ByDistributeur:
			if dist == 0 {
				continue // not assigned: no distributeur's figure
			}
			key = strconv.FormatInt(dist, 10)
		case store.ByLieu:
			if lieu == "" {
				continue
			}
			key = lieu
		case store.ByTerritory:
			key = departementOf(commune)
		}
		g := groups[key]
		if g == nil {
			g = &store.DashboardRow{Key: key, Services: map[string]int{}}
			groups[key] = g
		}
		ck := carnetKey{key, carnet}
		cf := carnets[ck]
		if cf == nil {
			cf = &carnetFacts{handed: handed}
			carnets[ck] = cf
			g.Carnets++
			if handed != "" {
				g.CarnetsInjected++
			}
		}
		g.Issued++
		if handed != "" {
			g.Injected++
		}
		if lieu != "" {
			g.Used++
			g.UsedCents += value
			if paid != "" {
				g.PaidCents += value
			} else {
				g.DueCents += value
			}
			g.Services[service]++
			if !cf.used {
				cf.used = true
				g.CarnetsStarted++
			}
			if cf.firstUse == "" || at < cf.firstUse {
				cf.firstUse = at
			}
		}
	}
	if err := rows.Err(); err != nil {
		return nil, wrap("tableau de bord", nil, err)
	}
	days := map[string][]float64{}
	for ck, cf := range carnets {
		if cf.used && cf.handed != "" {
			days[ck.group] = append(days[ck.group], parseTS(cf.firstUse).Sub(parseTS(cf.handed)).Hours()/24)
		}
	}
	out := make([]store.DashboardRow, 0, len(groups))
	for key, g := range groups {
		if g.Injected > 0 {
			g.UseRate = float64(g.Used) / float64(g.Injected)
		}
		g.MedianDaysToFirstUse = -1
		if d := days[key]; len(d) > 0 {
			slices.Sort(d)
			g.MedianDaysToFirstUse = d[len(d)/2]
			if len(d)%2 == 0 {
				g.MedianDaysToFirstUse = (d[len(d)/2-1] + d[len(d)/2]) / 2
			}
		}
		out = append(out, *g)
	}
	slices.SortFunc(out, func(a, b store.DashboardRow) int {
		if by == store.ByOrder || by == store.ByDistributeur {
			x, _ := strconv.ParseInt(a.Key, 10, 64)
			y, _ := strconv.ParseInt(b.Key, 10, 64)
			return cmp.Compare(x, y)
		}
		return cmp.Compare(a.Key, b.Key)
	})
	return out, nil
}

// departementOf is the département of a commune's INSEE code ("" unknown).
func departementOf(commune string) string {
	if len(commune) < 3 {
		return ""
	}
	if commune[:2] == "97" || commune[:2] == "98" {
		return commune[:3]
	}
	return commune[:2]
}
