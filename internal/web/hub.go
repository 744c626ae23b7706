package web

import (
	"regexp"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"maillage/internal/failure"
	"maillage/internal/openinghours"
)

// Hub is who publishes the registry: the hub's identity, as configured
// (serve's --hub-… flags). It names the open-data files and describes the
// dataset in the catalogue.
type Hub struct {
	// Nom is the hub's name, the publisher of the dataset.
	Nom string
	// Identifiant is the hub's SIRET (14 digits) or RNA (W and 9
	// characters): the producer's id in the standard's file names.
	Identifiant string
	// Territoire is the label of the territory the data covers.
	Territoire string
	// Contact is the e-mail address of the dataset's contact point.
	Contact string
	// Licence is the URI of the data's licence.
	Licence string
}

// Defaults of a hub that did not say who it is.
const (
	DefaultHubNom        = "Hub territorial pour un numérique inclusif"
	DefaultHubTerritoire = "France"
	// LicenceOuverte is the Licence Ouverte / Open Licence 2.0 of Etalab.
	LicenceOuverte = "https://www.etalab.gouv.fr/licence-ouverte-open-licence"
	// unknownProducer stands for a SIRET nobody gave, as the national
	// tools write an unknown pivot.
	unknownProducer = "00000000000000"
)

var (
	siretPattern = regexp.MustCompile(`^\d{14}$`)
	rnaPattern   = regexp.MustCompile(`^W[0-9A-Z]{9}$`)
)

// CheckHub checks a hub's identity and fills what it leaves out with the
// defaults; missing lists what was left out (for a notice at start).
func CheckHub(h Hub) (out Hub, missing []string, err error) {
	h.Nom, h.Identifiant = strings.TrimSpace(h.Nom), strings.ToUpper(strings.Join(strings.Fields(h.Identifiant), ""))
	h.Territoire, h.Contact, h.Licence = strings.TrimSpace(h.Territoire), strings.TrimSpace(h.Contact), strings.TrimSpace(h.Licence)
	if err := checkHubText("nom", h.Nom, maxHubText); err != nil {
		return h, nil, err
	}
	if err := checkHubText("territoire", h.Territoire, maxHubText); err != nil {
		return h, nil, err
	}
	if h.Nom == "" {
		h.Nom, missing = DefaultHubNom, append(missing, "nom")
	}
	switch {
	case h.Identifiant == "":
		missing = append(missing, "SIRET ou RNA")
	case !siretPattern.MatchString(h.Identifiant) && !rnaPattern.MatchString(h.Identifiant):
		return h, nil, failure.Errorf(failure.Invalid, "identifiant du hub %q invalide : attendu un SIRET (14 chiffres) ou un RNA (W suivi de 9 caractères)", h.Identifiant)
	}
	if h.Territoire == "" {
		h.Territoire, missing = DefaultHubTerritoire, append(missing, "territoire")
	} else if territorySlug(h.Territoire) == "" {
		return h, nil, failure.Errorf(failure.Invalid, "territoire du hub %q invalide : attendu un nom (lettres ou chiffres)", h.Territoire)
	}
	if h.Contact == "" {
		missing = append(missing, "contact")
	} else if err := checkHubContact(h.Contact); err != nil {
		return h, nil, err
	}
	if h.Licence == "" {
		h.Licence = LicenceOuverte
	} else if err := checkHubLicence(h.Licence); err != nil {
		return h, nil, err
	}
	return h, missing, nil
}

// producer is the producer's id of the file names: the SIRET or RNA, or
// the placeholder when none was configured.
func (h Hub) producer() string {
	if h.Identifiant == "" {
		return unknownProducer
	}
	return h.Identifiant
}

// FileName is the name the standard recommends for the registry's file in
// a format: YYYY-MM-DD_<SIRET or RNA>_lieux-de-mediation-numerique_<territoire>.<format>,
// dated by the data's last change (in Paris), the territory written
// without spaces or accents (« Bordeaux Métropole » → BordeauxMetropole).
func (h Hub) FileName(lastChange time.Time, format string) string {
	territory := territorySlug(h.Territoire)
	if territory == "" {
		territory = DefaultHubTerritoire
	}
	return lastChange.In(openinghours.Paris).Format("2006-01-02") + "_" + h.producer() +
		"_lieux-de-mediation-numerique_" + territory + "." + format
}

// territorySlug writes a territory's label in one word of ASCII letters
// and digits, each word capitalised.
func territorySlug(label string) string {
	var b strings.Builder
	upper := true
	for _, r := range norm.NFD.String(label) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			if upper {
				r = unicode.ToUpper(r)
			}
			b.WriteRune(r)
			upper = false
		default:
			upper = true
		}
	}
	return b.String()
}
