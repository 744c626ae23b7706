package standard

import (
	"strings"
	"time"

	"maillage/internal/openinghours"
	"maillage/internal/place"
)

// Published is a place as the files of the standard give it (maillage
// export, /donnees), read by the national tools through the ANCT library
// (@gouvfr-anct/lieux-de-mediation-numerique), which rejects a whole
// record for one value it does not admit:
//   - one phone number: the schema's telephone pattern takes one, and the
//     library rejects several; the others stay in the registry, on the
//     place's page and in the API;
//   - the commune and the street rewritten to the library's characters
//     (place.PublishableCommune, place.PublishableVoie);
//   - only the typologies of the standard's list;
//   - the horaires of day (WithClosures): the regular hours, then a rule
//     closing each temporary closure that has not ended.
//
// The registry keeps the values as they are (the import reports the
// rewriting and the dropping, and keeps the source's values).
func Published(l *place.Lieu, day time.Time) *place.Lieu {
	l = WithClosures(l, day)
	commune, communeChanged := place.PublishableCommune(l.Commune)
	voie, voieChanged := place.PublishableVoie(l.Adresse)
	typologies, typologiesChanged := knownTypologies(l.Typologie)
	if len(l.Telephone) <= 1 && !communeChanged && !voieChanged && !typologiesChanged {
		return l
	}
	c := *l
	if len(l.Telephone) > 1 {
		c.Telephone = l.Telephone[:1]
	}
	c.Commune, c.Adresse, c.Typologie = commune, voie, typologies
	return &c
}

func knownTypologies(list []string) ([]string, bool) {
	for i, t := range list {
		if !place.Typologies.Contains(t) {
			out := append([]string(nil), list[:i]...)
			for _, t := range list[i+1:] {
				if place.Typologies.Contains(t) {
					out = append(out, t)
				}
			}
			return out, true
		}
	}
	return list, false
}

// WithClosures is l as published on day (a date, as closures write it):
// when the place announced temporary closures that have not ended, its
// horaires are its regular hours followed by one OSM rule per closure,
// in the order they begin (« Mo-Fr 09:00-12:00; 2026 Dec 01-2026 Dec 06
// off »), so that whoever evaluates the standard's horaires finds it
// closed on those days; it is a copy then, l itself otherwise. Past
// closures never appear. Hours that are empty or not OSM stay as they
// are: a closing rule alone would read « always closed », and one added
// to hours no tool can read helps no one. Closures that would take the
// horaires beyond openinghours.MaxLength (the registry's reader refuses
// longer ones) are left out, the latest first; the API's fermetures
// and the place's page still give them.
func WithClosures(l *place.Lieu, day time.Time) *place.Lieu {
	if len(l.Closures) == 0 {
		return l
	}
	h := PublishedHours(l, day)
	if h == l.Horaires {
		return l
	}
	c := *l
	c.Horaires = h
	return &c
}

// PublishedHours are the horaires of l as WithClosures publishes them.
func PublishedHours(l *place.Lieu, day time.Time) string {
	regular := strings.TrimRight(strings.TrimSpace(l.Horaires), "; ")
	if regular == "" || l.Provenance.HoursInvalid {
		return l.Horaires
	}
	if _, err := openinghours.Parse(regular); err != nil {
		return l.Horaires
	}
	var b strings.Builder
	b.WriteString(regular)
	added := false
	for _, c := range place.Upcoming(l.Closures, day) {
		rule := "; " + c.OSMRule()
		if b.Len()+len(rule) > openinghours.MaxLength {
			break
		}
		b.WriteString(rule)
		added = true
	}
	if !added {
		return l.Horaires
	}
	out := b.String()
	if _, err := openinghours.Parse(out); err != nil {
		return l.Horaires
	}
	return out
}
