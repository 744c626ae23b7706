package diagnostic

import "slices"

// markCrossBorder sets CrossBorder on the EPCI among a département's
// sub-units that have communes in another département.
func markCrossBorder(b *base, dep string, subs []Unit) {
	epci := map[string]int{}
	for i, u := range subs {
		if u.Kind == KindEPCI {
			epci[KindEPCI+":"+u.Code] = i
		}
	}
	if len(epci) == 0 {
		return
	}
	for i, row := range b.rows {
		if row.Departement == dep {
			continue
		}
		for k, j := range epci {
			if slices.Contains(b.groups[i], k) {
				subs[j].CrossBorder = true
			}
		}
	}
}
