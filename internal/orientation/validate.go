package orientation

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"maillage/internal/failure"
	"maillage/internal/pass"
	"maillage/internal/place"
)

// Normalize trims the free texts and upper-cases the commune (2a → 2A).
func (o *Orientation) Normalize() {
	o.Need = strings.TrimSpace(o.Need)
	o.LieuID = strings.TrimSpace(o.LieuID)
	o.Message = strings.TrimSpace(o.Message)
	o.Reference = strings.TrimSpace(o.Reference)
	o.Commune = strings.ToUpper(strings.TrimSpace(o.Commune))
}

// Validate checks what a prescriber gives (after Normalize): a need of the
// standard, a place, a mode, and at most an age band, an INSEE code and a
// short reference; the free texts hold neither a phone number nor an
// e-mail address, the person's data having no place here.
func (o *Orientation) Validate() error {
	if !place.Services.Contains(o.Need) {
		return failure.Errorf(failure.Invalid, "Besoin « %s » inconnu : choisissez un des services du standard.", clip(o.Need))
	}
	if o.LieuID == "" {
		return failure.Errorf(failure.Invalid, "Lieu manquant : choisissez le lieu vers lequel vous orientez la personne.")
	}
	if !o.Mode.Valid() {
		return failure.Errorf(failure.Invalid, "Modalité « %s » inconnue : « %s » ou « %s ».", clip(string(o.Mode)), RendezVous, SansRendezVous)
	}
	if !pass.ValidAgeBand(o.Age) {
		return failure.Errorf(failure.Invalid, "Tranche d'âge « %s » inconnue.", clip(string(o.Age)))
	}
	if o.Commune != "" && !ValidINSEE(o.Commune) {
		return failure.Errorf(failure.Invalid, "Commune de résidence « %s » : un code INSEE a 5 caractères (31555, 2A004).", clip(o.Commune))
	}
	if err := freeText("La référence", o.Reference, MaxReference); err != nil {
		return err
	}
	return freeText("Le message pour le lieu", o.Message, MaxMessage)
}

// Validate checks an answer (after trimming Detail) given from an
// orientation in status from.
func (a *Answer) Validate(from Status) error {
	a.Detail = strings.TrimSpace(a.Detail)
	a.LieuID = strings.TrimSpace(a.LieuID)
	ok := false
	for _, s := range Answers {
		ok = ok || s == a.Status
	}
	if !ok {
		return failure.Errorf(failure.Invalid, "Réponse « %s » inconnue : reçue, venue, réorientée ou impossible.", clip(string(a.Status)))
	}
	if !from.Next(a.Status) {
		if from.Final() {
			return failure.Errorf(failure.Conflict, "Cette orientation est close (%s) : elle ne change plus.", from.Label())
		}
		return failure.Errorf(failure.Conflict, "Cette orientation est déjà « %s ».", from.Label())
	}
	switch a.Status {
	case Reorientee:
		if a.LieuID == "" {
			return failure.Errorf(failure.Invalid, "Réorientée : indiquez le lieu du registre vers lequel vous avez envoyé la personne.")
		}
	case Impossible:
		if !a.Reason.Valid() {
			return failure.Errorf(failure.Invalid, "Impossible : choisissez une raison dans la liste.")
		}
		if a.Reason == Autre && a.Detail == "" {
			return failure.Errorf(failure.Invalid, "Impossible pour une autre raison : dites laquelle en quelques mots.")
		}
	}
	if a.Status != Reorientee {
		a.LieuID = ""
	}
	if a.Status != Impossible {
		a.Reason = ""
	}
	return freeText("La précision", a.Detail, MaxDetail)
}

// ValidINSEE reports whether c is shaped as an INSEE commune code: five
// digits, or 2A/2B and three digits (Corsica).
func ValidINSEE(c string) bool {
	if len(c) != 5 {
		return false
	}
	head := c[:2]
	if head != "2A" && head != "2B" && !isDigits(head) {
		return false
	}
	return isDigits(c[2:])
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// freeText checks a free text: at most max characters, valid UTF-8, no
// control character but line breaks, and no phone number nor e-mail
// address (the person's contact details are never kept).
func freeText(what, s string, max int) error {
	if !utf8.ValidString(s) {
		return failure.Errorf(failure.Invalid, "%s contient des caractères illisibles.", what)
	}
	if n := utf8.RuneCountInString(s); n > max {
		return failure.Errorf(failure.Invalid, "%s tient en %d caractères au plus (%d donnés).", what, max, n)
	}
	for _, r := range s {
		if unicode.IsControl(r) && r != '\n' && r != '\r' && r != '\t' || r == '\u2028' || r == '\u2029' {
			return failure.Errorf(failure.Invalid, "%s contient un caractère de contrôle.", what)
		}
	}
	if HasContact(s) {
		return failure.Errorf(failure.Invalid, "%s ne doit contenir ni numéro de téléphone ni adresse électronique : aucune coordonnée de la personne n'est enregistrée (le lieu vous répond par son lien, et peut vous écrire à l'adresse de votre compte).", what)
	}
	return nil
}

// HasContact reports whether s holds what looks like a phone number (ten
// digits starting with 0, or an international number after a +, or
// 0033…, the digits separated at most by one space, dot or dash) or an
// e-mail address (an @ between two non-space characters).
func HasContact(s string) bool {
	rs := []rune(s)
	for i, r := range rs {
		if r == '@' && i > 0 && i < len(rs)-1 && !unicode.IsSpace(rs[i-1]) && !unicode.IsSpace(rs[i+1]) {
			return true
		}
	}
	var digits []byte
	plus, sep := false, false
	phone := func() bool {
		n := len(digits)
		return n == 10 && digits[0] == '0' || plus && n >= 8 && n <= 15 || n == 13 && string(digits[:4]) == "0033"
	}
	for _, r := range rs {
		switch {
		case r >= '0' && r <= '9':
			digits = append(digits, byte(r))
			sep = false
			continue
		case (r == ' ' || r == '.' || r == '-' || r == '\u00a0') && len(digits) > 0 && !sep:
			sep = true
			continue
		}
		if phone() {
			return true
		}
		digits, sep = digits[:0], false
		plus = r == '+'
	}
	return phone()
}

// clip shortens a value quoted in a message.
func clip(s string) string {
	if utf8.RuneCountInString(s) <= 60 {
		return s
	}
	return string([]rune(s)[:60]) + "…"
}
