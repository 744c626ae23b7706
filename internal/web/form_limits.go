package web

import (
	"errors"
	"fmt"
	"net/http"
	"unicode/utf8"

	"maillage/internal/failure"
	"maillage/internal/place"
	"maillage/internal/standard"
)

// A place's form accepts what imports accept: a record of up to
// standard.DefaultLimits.Record bytes, each field up to
// DefaultLimits.Field. The form carries the record twice (its fields, and
// the base64 "origine" it was made from), and URL encoding triples the
// bytes of accented letters: the body limit is sized from the record's,
// not guessed (64 KB refused a place with a 30 KB description).
var placeFormLimit = 3*standard.DefaultLimits.Record + 2*standard.DefaultLimits.Record + 64<<10

// parsePlaceForm reads a place's form within placeFormLimit; a body over
// it, or unreadable, gets a French page saying why.
func (s *Server) parsePlaceForm(w http.ResponseWriter, r *http.Request) bool {
	r.Body = http.MaxBytesReader(w, r.Body, placeFormLimit)
	err := r.ParseForm()
	var tooBig *http.MaxBytesError
	switch {
	case err == nil:
		return true
	case errors.As(err, &tooBig):
		s.error(w, r, failure.Errorf(failure.Invalid, "Formulaire trop volumineux : plus de %s. Un champ d'une fiche peut contenir jusqu'à %s, comme à l'import : raccourcissez le texte le plus long, puis envoyez de nouveau.",
			standard.FormatSize(placeFormLimit), standard.FormatSize(standard.DefaultLimits.Field)))
	default:
		s.error(w, r, failure.Errorf(failure.Invalid, "Formulaire illisible : %v. Rechargez la page de la fiche et recommencez.", err))
	}
	return false
}

// fieldSizeProblems refuses the fields longer than imports accept, naming
// each and the limit (the form page shows them, with what was typed).
func fieldSizeProblems(raw *place.Raw) []place.Problem {
	var out []place.Problem
	limit := standard.DefaultLimits.Field
	for i, v := range raw.Values {
		if int64(len(v)) <= limit || i >= len(place.FieldNames) {
			continue
		}
		shown := v
		if utf8.RuneCountInString(shown) > 60 {
			shown = string([]rune(shown)[:60]) + "…"
		}
		out = append(out, place.Problem{Severity: place.Error, Field: place.FieldNames[i], Value: shown, Rule: place.RuleMaxLength,
			Message: fmt.Sprintf("%s : %s, plus que les %s qu'un champ peut contenir (la limite des imports) ; raccourcissez le texte",
				place.FieldNames[i], standard.FormatSize(int64(len(v))), standard.FormatSize(limit))})
	}
	return out
}
