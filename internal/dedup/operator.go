package dedup

import "strings"

// One operator's phone or e-mail often serves several sites: a
// municipality's switchboard, an intercommunality's address for its
// antennas. Such a shared contact says the records have one operator, not
// that they are one place. A contact is an operator's for a pair when:
//   - the two records are at different addresses (other streets, or other
//     numbers in one street);
//   - the source of one of them gives it to several of its records (two
//     records of one source in the pair, or more in the index).

// operatorContact fills c and reports true when a contact the records share
// (key prefix "t:" or "e:") is an operator's. what names the contact in the
// note (« même numéro »).
func operatorContact(a, b *prepared, prefix string, ca, cb []string, otherAddress bool, c *Component, what string) bool {
	switch {
	case otherAddress:
		*c = Component{Value: 0.5, Points: 0, Note: what + " à des adresses différentes : celui d’un opérateur, qui ne dit pas que c’est le même lieu"}
		return true
	case a.rec.Source == b.rec.Source && a.rec.Lieu.ID != b.rec.Lieu.ID,
		onlyOperator(a, b, prefix, ca, cb):
		*c = Component{Value: 0.5, Points: 0.5, Note: what + ", donné par la source à plusieurs de ses lieux : celui d’un opérateur"}
		return true
	}
	return false
}

// onlyOperator reports whether every contact the records share is one the
// index found given to several records of one source.
func onlyOperator(a, b *prepared, prefix string, ca, cb []string) bool {
	if a.operator == nil && b.operator == nil {
		return false
	}
	for _, x := range ca {
		if !contains(cb, x) {
			continue
		}
		if !a.operator[prefix+x] && !b.operator[prefix+x] {
			return false
		}
	}
	return true
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// markOperatorContacts finds the phones and e-mails that one source gives
// to several of its records (under different ids) and marks them on every
// record that has them.
func (ix *Index) markOperatorContacts() {
	for key, members := range ix.buckets {
		if len(members) < 2 || !strings.HasPrefix(key, "t:") && !strings.HasPrefix(key, "e:") {
			continue
		}
		first := map[string]string{} // source → first id seen
		operator := false
		for _, i := range members {
			r := ix.recs[i].rec
			if id, ok := first[r.Source]; ok && id != r.Lieu.ID {
				operator = true
				break
			}
			first[r.Source] = r.Lieu.ID
		}
		if !operator {
			continue
		}
		for _, i := range members {
			p := ix.recs[i]
			if p.operator == nil {
				p.operator = map[string]bool{}
			}
			p.operator[key] = true
		}
	}
}
