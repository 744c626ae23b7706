package place

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Correction is a correction request about a place, sent by anyone from
// its page ("Signaler une erreur", stored as a signalement); the hub's
// coordinators handle it. (Not to be confused with standard.Report, the
// diagnostics of reading a file.)
type Correction struct {
	ID      int64
	LieuID  string
	Field   string // what is wrong: a field name of the standard, or "autre"
	Message string
	Contact string // optional e-mail to answer to; the only personal data kept
	Created time.Time
	Status  string // "nouveau" until a coordinator handles it
}

// Correction limits.
const (
	CorrectionMaxMessage = 2000
	CorrectionStatusNew  = "nouveau"
)

// CorrectionFields are what a correction request can be about, with their French labels.
var CorrectionFields = []struct{ Value, Label string }{
	{"horaires", "Les horaires"},
	{"adresse", "L'adresse ou la localisation"},
	{"telephone", "Le téléphone ou le courriel"},
	{"services", "Les services proposés"},
	{"ferme", "Le lieu a fermé ou n'existe plus"},
	{"autre", "Autre chose"},
}

// Validate checks a correction request; it returns a French message for the person
// filling the form, or "".
func (r *Correction) Validate() string {
	r.Message = strings.TrimSpace(r.Message)
	r.Contact = strings.TrimSpace(r.Contact)
	known := false
	for _, f := range CorrectionFields {
		if f.Value == r.Field {
			known = true
		}
	}
	switch {
	case !known:
		return "Choisissez ce qui est faux."
	case unreadable(r.Message):
		return "Le message contient des caractères illisibles (un octet nul, un caractère de contrôle ou du texte mal encodé) : ils ont été retirés ou remplacés ci-dessous ; relisez le message, puis renvoyez-le."
	case unreadable(r.Contact):
		return "L'adresse électronique contient des caractères illisibles (un octet nul, un caractère de contrôle ou du texte mal encodé) : corrigez-la (elle est facultative)."
	case r.Message == "":
		return "Décrivez l'erreur en quelques mots."
	case utf8.RuneCountInString(r.Message) > CorrectionMaxMessage:
		return "Le message est trop long (2 000 caractères au plus)."
	case r.Contact != "" && !EmailValid(r.Contact):
		return "L'adresse électronique n'est pas valide (elle est facultative)."
	}
	return ""
}

// unreadable reports whether s holds bytes that are not UTF-8, a NUL or
// another control character than a line break or a tab: nothing a person
// types in a form (PostgreSQL refuses NUL and bad UTF-8 in text).
func unreadable(s string) bool {
	if !utf8.ValidString(s) {
		return true
	}
	for _, c := range s {
		if control(c) {
			return true
		}
	}
	return false
}

func control(c rune) bool {
	return (c < 0x20 && c != '\n' && c != '\r' && c != '\t') || c == 0x7f || (c >= 0x80 && c < 0xa0)
}

// Readable is s as a form may show it again: bytes that are not UTF-8
// become U+FFFD, control characters other than line breaks and tabs are
// left out.
func Readable(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	return strings.Map(func(c rune) rune {
		if control(c) {
			return -1
		}
		return c
	}, s)
}
