package standard

import "maillage/internal/place"

// Published is a place as the files of the standard give it (maillage
// export, /donnees), read by the national tools through the ANCT library
// (@gouvfr-anct/lieux-de-mediation-numerique), which rejects a whole
// record for one value it does not admit:
//   - one phone number: the schema's telephone pattern takes one, and the
//     library rejects several; the others stay in the registry, on the
//     place's page and in the API;
//   - the commune and the street rewritten to the library's characters
//     (place.PublishableCommune, place.PublishableVoie);
//   - only the typologies of the standard's list.
//
// The registry keeps the values as they are (the import reports the
// rewriting and the dropping, and keeps the source's values).
func Published(l *place.Lieu) *place.Lieu {
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
