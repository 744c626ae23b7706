package standard

import "maillage/internal/place"

// Published is a place as the files of the standard give it (maillage
// export, /donnees): with one phone number. The schema's telephone
// pattern takes one number, and the ANCT library (the national tools'
// reader) rejects the whole record when there are several; the others
// stay in the registry, on the place's page and in the API.
func Published(l *place.Lieu) *place.Lieu {
	if len(l.Telephone) <= 1 {
		return l
	}
	c := *l
	c.Telephone = l.Telephone[:1]
	return &c
}
