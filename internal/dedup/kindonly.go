package dedup

// A name that says only what kind of place it is, in its commune (« MSAP
// Rieumes », « Maison France Services de Nailloux »: the commune's name is
// not a distinctive word), and another of the same kind that says more (a
// territory, a building, a person's name: « France services Centre Tarn »,
// « Maison de services Eihartzea – France services ») may be one place or
// two places of one kind in the commune: the name alone leaves it open
// (scoreName: « précisée d’un seul côté », not enough to merge). What
// closes it is where the place is and how it is reached: when everything
// that places the records agrees, the names no longer hold the pair back.

// corroborateKindOnly reports whether a pair whose names are the same kind
// of place, said bare on one side and with more words on the other, is
// placed at one spot by every other signal: the same commune, the same
// address (number and street, or one street without number on both
// sides) with positions within a kilometre (geocodes are often hundreds of
// metres off) or none — or one street with a number on one side only and
// positions within 150 m —, and a contact of the place's own — a phone or an
// e-mail that is not an operator's (contact.go) — or the same SIRET. Not
// for an antenna beside a site that is not one (branch.go), nor for a place
// that moves. It notes the agreement on the name's component.
func (s *Scores) corroborateKindOnly(a, b *prepared) bool {
	na, nb := a.name, b.name
	na.Words, nb.Words = pairWords(na, nb)
	if (len(na.Words) == 0) == (len(nb.Words) == 0) {
		return false
	}
	bare := na
	if len(nb.Words) == 0 {
		bare = nb
	}
	switch {
	case len(bare.Kinds) == 0, !shareAny(na.Kinds, nb.Kinds), KindsConflict(na, nb),
		na.Branch != nb.Branch, na.Itinerant || nb.Itinerant:
		return false
	case s.Commune.Value != 1, s.Address.Value < 0.8:
		return false
	case s.Address.Value < 1 && (s.Distance.Value < 0 || s.Distance.Value > 150):
		// A number on one side only: the positions must say one building.
		return false
	case s.Distance.Value >= 0 && s.Distance.Points < 0.5:
		return false
	case s.Phone.Points < 1.5 && s.Email.Points < 1.5 && s.Pivot.Value != 1:
		return false
	}
	s.Name.Note += " ; l’un ne dit que la nature du lieu dans sa commune, et la commune, l’adresse, la position et un contact propre concordent"
	return true
}

// kindOnlyOtherCommunes: two names that say only their kind once their
// commune's name is set aside (« France services du Senfort », « Maison
// France services de Gouroy ») agree only within one commune; in two
// communes they name two places. It rewrites the name's component and
// reports whether it did.
func (s *Scores) kindOnlyOtherCommunes(a, b *prepared) bool {
	wa, wb := pairWords(a.name, b.name)
	if len(wa) > 0 || len(wb) > 0 || s.Commune.Value != 0 || s.Name.Points <= 0 {
		return false
	}
	s.Name.Value, s.Name.Points = 0, -2
	s.Name.Note = "même nature de lieu, chacun nommé d’après sa commune, et les communes diffèrent"
	return true
}
