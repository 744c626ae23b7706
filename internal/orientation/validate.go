package orientation

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"maillage/internal/failure"
	"maillage/internal/pass"
	"maillage/internal/personaldata"
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
// short reference; the free texts hold no personal data of the person
// (personaldata.Find: no phone, e-mail, civility and name, date of
// birth…), the person's data having no place here. year is the year the
// orientation is made: a full date ten years or more before it is taken
// for a date of birth (0 skips that rule, the others apply).
func (o *Orientation) Validate(year int) error {
	if !place.Services.Contains(o.Need) {
		return invalid("besoin", Clip(o.Need), "valeur-inconnue", "Besoin « %s » inconnu : choisissez un des services du standard.", Clip(o.Need))
	}
	if o.LieuID == "" {
		return invalid("lieu", "", "obligatoire", "Lieu manquant : choisissez le lieu vers lequel vous orientez la personne.")
	}
	if !o.Mode.Valid() {
		return invalid("modalite", Clip(string(o.Mode)), "valeur-inconnue", "Modalité « %s » inconnue : « %s » ou « %s ».", Clip(string(o.Mode)), RendezVous, SansRendezVous)
	}
	if !pass.ValidAgeBand(o.Age) {
		return invalid("tranche_age", Clip(string(o.Age)), "valeur-inconnue", "Tranche d'âge « %s » inconnue.", Clip(string(o.Age)))
	}
	if o.Commune != "" && !ValidINSEE(o.Commune) {
		return invalid("commune", Clip(o.Commune), "format-insee", "Commune de résidence « %s » : un code INSEE a 5 caractères (31555, 2A004).", Clip(o.Commune))
	}
	if err := freeText("reference", TextLabel("reference"), o.Reference, MaxReference, year); err != nil {
		return err
	}
	return freeText("message", TextLabel("message"), o.Message, MaxMessage, year)
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
		return failure.Errorf(failure.Invalid, "Réponse « %s » inconnue : reçue, venue, réorientée ou impossible.", Clip(string(a.Status)))
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
	return freeText("detail", TextLabel("detail"), a.Detail, MaxDetail, 0)
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
// control character but line breaks, and no personal data of the person
// (the field and the rule are named, the text is not repeated); year as
// in Validate.
func freeText(field, what, s string, max, year int) error {
	if !utf8.ValidString(s) {
		return invalid(field, "", "utf8", "%s : le texte contient des caractères illisibles.", what)
	}
	if n := utf8.RuneCountInString(s); n > max {
		return invalid(field, "", "longueur", "%s : %d caractères au plus (%d donnés).", what, max, n)
	}
	return guarded(field, what, s, year)
}

// guarded applies the detector (internal/personaldata) to a free text:
// no invisible character, no personal data of the person.
func guarded(field, what, s string, year int) error {
	if r, found := personaldata.Invisible(s, true); found {
		return invalid(field, "", personaldata.InvisibleRule, "%s : le texte contient un caractère de contrôle ou invisible (U+%04X) : refusé (règle %s).", what, r, personaldata.InvisibleRule)
	}
	if strings.ContainsAny(s, "\u2028\u2029") {
		return invalid(field, "", personaldata.InvisibleRule, "%s : le texte contient un séparateur de ligne ou de paragraphe Unicode (U+2028, U+2029) : refusé (règle %s).", what, personaldata.InvisibleRule)
	}
	if r, found := personaldata.Find(s, year); found {
		msg := r.Message()
		if r == personaldata.Phone || r == personaldata.Email {
			msg += " (le lieu vous répond par son lien, et peut vous écrire à l'adresse de votre compte)"
		}
		return invalid(field, "", string(r), "%s : %s.", what, msg)
	}
	return nil
}

// HasPersonalData reports whether s holds personal data of a person
// (personaldata.Find), as Validate refuses it; year as in Validate.
func HasPersonalData(s string, year int) bool {
	_, found := personaldata.Find(s, year)
	return found
}

// Clip shortens a value quoted in a message.
func Clip(s string) string {
	if utf8.RuneCountInString(s) <= 60 {
		return s
	}
	return string([]rune(s)[:60]) + "…"
}

// FieldError says which field of an orientation (its API name) breaks
// which rule, with the value as given (empty for a free text: it is never
// repeated). It is the cause (failure.Error.Err) of Validate's failures.
type FieldError struct {
	Field, Value, Rule string
}

func (e *FieldError) Error() string { return "champ " + e.Field + ", règle " + e.Rule }

// invalid is a failure.Invalid with its message and, as its cause, the
// field, value and rule it is about.
func invalid(field, value, rule, format string, args ...any) error {
	return &failure.Error{Code: failure.Invalid, Message: fmt.Sprintf(format, args...), Err: &FieldError{Field: field, Value: value, Rule: rule}}
}
