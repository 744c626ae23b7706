package web

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"maillage/internal/failure"
)

// The hub's identity is written into the catalogue (/catalogue.jsonld,
// .rdf), the file names and the pages: what could change their meaning or
// layout when read is refused at serve's start.

// maxHubText bounds the hub's name and territory, in characters.
const maxHubText = 200

// unsafeRune tells why a character may not appear in a field of the
// hub's identity ("" when it may): control characters (line breaks
// included), invisible format characters (bidirectional overrides and
// isolates, zero-width ones), line and paragraph separators.
func unsafeRune(r rune) string {
	switch {
	case r == utf8.RuneError:
		return "octet invalide en UTF-8"
	case r == '\r' || r == '\n' || r == '\u2028' || r == '\u2029':
		return "saut de ligne"
	case unicode.IsControl(r):
		return "caractère de contrôle"
	case unicode.Is(unicode.Cf, r):
		return "caractère invisible de mise en forme (changement du sens d'écriture, espace sans chasse…)"
	}
	return ""
}

// checkHubText refuses a field with an unsafe character or too long.
func checkHubText(field, s string, max int) error {
	for i, r := range s {
		if why := unsafeRune(r); why != "" {
			return failure.Errorf(failure.Invalid, "%s du hub %q invalide : %s (U+%04X) à l'octet %d ; écrivez-le sur une ligne, en caractères visibles", field, s, why, r, i+1)
		}
	}
	if n := utf8.RuneCountInString(s); max > 0 && n > max {
		return failure.Errorf(failure.Invalid, "%s du hub invalide : %d caractères, au plus %d", field, n, max)
	}
	return nil
}

// hubEmail is an e-mail address of plain ASCII characters.
var hubEmail = regexp.MustCompile(`^[A-Za-z0-9._%+-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$`)

// checkHubURL tells why raw is not a plain http(s) address ("" when it
// is): visible ASCII characters only, none of " ' < > \ ` { } | ^, a host,
// no user name.
func checkHubURL(raw string) string {
	for _, r := range raw {
		if r <= ' ' || r >= 0x7f || strings.ContainsRune("\"'<>\\`{}|^", r) {
			return fmt.Sprintf("caractère %q refusé dans une adresse", r)
		}
	}
	u, err := url.Parse(raw)
	switch {
	case err != nil:
		return "adresse illisible"
	case u.Scheme != "http" && u.Scheme != "https":
		return "seules les adresses http:// et https:// sont acceptées"
	case u.Host == "" || u.User != nil:
		return "adresse sans nom de serveur, ou avec un nom d'utilisateur"
	}
	return ""
}

// checkHubContact accepts an e-mail address or the address of a contact
// page.
func checkHubContact(s string) error {
	if err := checkHubText("contact", s, 0); err != nil {
		return err
	}
	if strings.Contains(s, "://") {
		if why := checkHubURL(s); why != "" {
			return failure.Errorf(failure.Invalid, "contact du hub %q invalide : %s (attendu une adresse électronique ou l'adresse https://… d'une page de contact)", s, why)
		}
		return nil
	}
	if len(s) > 254 || !hubEmail.MatchString(s) {
		return failure.Errorf(failure.Invalid, "contact du hub %q invalide : attendu une adresse électronique (nom@domaine.fr) ou l'adresse https://… d'une page de contact", s)
	}
	return nil
}

// checkHubLicence accepts the plain http(s) address of a licence.
func checkHubLicence(s string) error {
	if err := checkHubText("licence", s, 0); err != nil {
		return err
	}
	if why := checkHubURL(s); why != "" {
		return failure.Errorf(failure.Invalid, "licence du hub %q invalide : %s ; attendu l'adresse (https://…) de la licence", s, why)
	}
	return nil
}

// isURL tells whether a contact is a page's address rather than an
// e-mail.
func (h Hub) contactIsURL() bool { return strings.Contains(h.Contact, "://") }

// LicenceName is how pages name the hub's licence: the Licence Ouverte
// and the ODbL by their names, another by its address.
func (h Hub) LicenceName() string {
	l := strings.TrimSuffix(h.Licence, "/")
	switch {
	case l == LicenceOuverte || strings.HasPrefix(l, "https://www.etalab.gouv.fr/licence-ouverte"):
		return "Licence Ouverte 2.0"
	case strings.Contains(l, "opendatacommons.org/licenses/odbl"):
		return "Open Database License (ODbL)"
	}
	return h.Licence
}
