package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"maillage/internal/failure"
	"maillage/internal/orientation"
	"maillage/internal/pass"
	"maillage/internal/store"
)

// The orientations' API: an account (by its API token) creates
// orientations and reads its own; the answer link is the place's and is
// never given here.

type apiOrientationEventJSON struct {
	Statut    string `json:"statut"`
	Le        string `json:"le"`
	Lieu      string `json:"lieu,omitempty"`
	Motif     string `json:"motif,omitempty"`
	Precision string `json:"precision,omitempty"`
	Par       string `json:"par"`
}

type apiOrientationJSON struct {
	ID             int64                     `json:"id"`
	Besoin         string                    `json:"besoin"`
	Lieu           string                    `json:"lieu"`
	LieuNom        string                    `json:"lieu_nom"`
	Modalite       string                    `json:"modalite"`
	Message        string                    `json:"message,omitempty"`
	TrancheAge     string                    `json:"tranche_age,omitempty"`
	Commune        string                    `json:"commune,omitempty"`
	Reference      string                    `json:"reference,omitempty"`
	Statut         string                    `json:"statut"`
	ReorienteeVers string                    `json:"reorientee_vers,omitempty"`
	Motif          string                    `json:"motif,omitempty"`
	Precision      string                    `json:"precision,omitempty"`
	CreeLe         string                    `json:"cree_le"`
	MajLe          string                    `json:"maj_le"`
	AnonymiseeLe   string                    `json:"anonymisee_le,omitempty"`
	Fiche          string                    `json:"fiche"`
	Evenements     []apiOrientationEventJSON `json:"evenements,omitempty"`
	// In the creation's answer only: whether the place is e-mailed its
	// answer link, and why not (placeNotTold).
	LieuPrevenu     *bool  `json:"lieu_prevenu,omitempty"`
	MotifNonPrevenu string `json:"motif_non_prevenu,omitempty"`
}

func rfc3339(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// eventAuthor says who moved an orientation, without naming anyone.
func eventAuthor(actor string) string {
	switch {
	case strings.HasPrefix(actor, "compte:"):
		return "prescripteur"
	case actor == orientation.ActorLink:
		return "lieu"
	}
	return "systeme"
}

func (s *Server) apiOrientationJSON(o orientation.Orientation) apiOrientationJSON {
	j := apiOrientationJSON{ID: o.ID, Besoin: o.Need, Lieu: o.LieuID, LieuNom: o.LieuNom, Modalite: string(o.Mode), Message: o.Message,
		TrancheAge: string(o.Age), Commune: o.Commune, Reference: o.Reference, Statut: string(o.Status), ReorienteeVers: o.RedirectedTo,
		Motif: string(o.Reason), Precision: o.Detail, CreeLe: rfc3339(o.Created), MajLe: rfc3339(o.Updated)}
	if !o.Anonymized.IsZero() {
		j.AnonymiseeLe = rfc3339(o.Anonymized)
	}
	j.Fiche, _ = s.absoluteURL(SitePath("orientations", o.ID, "fiche"))
	for _, e := range o.Events {
		j.Evenements = append(j.Evenements, apiOrientationEventJSON{Statut: string(e.Status), Le: rfc3339(e.At), Lieu: e.LieuID,
			Motif: string(e.Reason), Precision: e.Detail, Par: eventAuthor(e.Actor)})
	}
	return j
}

// apiOrientationsListed bounds the list: the newest.
const apiOrientationsListed = 1000

// apiOrientations lists the account's orientations, newest first.
func (s *Server) apiOrientations(w http.ResponseWriter, r *http.Request) {
	os, err := s.store.ListOrientations(r.Context(), store.OrientationFilter{Prescriber: currentUser(r).ID, Limit: apiOrientationsListed})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := struct {
		Orientations []apiOrientationJSON `json:"orientations"`
	}{Orientations: []apiOrientationJSON{}}
	for _, o := range os {
		out.Orientations = append(out.Orientations, s.apiOrientationJSON(o))
	}
	writeJSON(w, http.StatusOK, out)
}

// apiOrientation reads one of the account's orientations, with its events.
func (s *Server) apiOrientation(w http.ResponseWriter, r *http.Request) {
	o, err := s.ownOrientation(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, s.apiOrientationJSON(o))
}

// orientationBodyLimit bounds the body of a creation.
const orientationBodyLimit = 8 << 10

// apiOrientationsCreer creates an orientation; the place is told by
// e-mail as from the page.
func (s *Server) apiOrientationsCreer(w http.ResponseWriter, r *http.Request) {
	if ct := r.Header.Get("Content-Type"); ct != "" {
		if mt, _, err := mime.ParseMediaType(ct); err != nil || mt != "application/json" {
			writeAPIError(w, http.StatusUnsupportedMediaType, string(failure.Invalid), "Type de contenu refusé : envoyez du JSON (Content-Type: application/json).", nil)
			return
		}
	}
	raw, err := io.ReadAll(io.LimitReader(r.Body, orientationBodyLimit+1))
	if err != nil {
		s.fail(w, r, failure.Errorf(failure.Invalid, "Corps de la demande interrompu."))
		return
	}
	if len(raw) > orientationBodyLimit {
		writeAPIError(w, http.StatusRequestEntityTooLarge, string(failure.Invalid), "Corps de la demande trop volumineux (8 Kio au plus).", nil)
		return
	}
	o, err := parseOrientationBody(raw)
	if err != nil {
		s.orientationRefused(w, r, err)
		return
	}
	o.Prescriber = currentUser(r).ID
	ix := s.indexOf(r.Context())
	if o.Commune != "" && !ix.Referential().Empty() {
		if _, ok := ix.Referential().Commune(strings.ToUpper(o.Commune)); !ok {
			writeOrientationProblem(w, "commune", shorten(o.Commune, 20), "commune-inconnue",
				fmt.Sprintf("Commune « %s » inconnue du référentiel : donnez son code INSEE.", shorten(o.Commune, 20)))
			return
		}
	}
	l, ok := ix.Lieu(o.LieuID)
	if !ok {
		s.fail(w, r, failure.Errorf(failure.NotFound, "Lieu « %s » introuvable dans le registre.", shorten(o.LieuID, 100)))
		return
	}
	created, _, err := s.createOrientation(r.Context(), o, l)
	if err != nil {
		s.orientationRefused(w, r, err)
		return
	}
	if loc, ok := s.absoluteURL(SitePath("api", "v1", "orientations", created.ID)); ok {
		w.Header().Set("Location", loc)
	}
	answer := s.apiOrientationJSON(created)
	why := s.placeNotTold(l)
	answer.LieuPrevenu, answer.MotifNonPrevenu = new(why == ""), why
	writeJSON(w, http.StatusCreated, answer)
}

// orientationRefused answers an orientation the API does not create: a
// rule of a field broken is a 422 naming the field, its value (never a
// free text's) and the rule, in the activities API's shape; anything
// else as every failure.
func (s *Server) orientationRefused(w http.ResponseWriter, r *http.Request, err error) {
	var fe *orientation.FieldError
	if failure.CodeOf(err) == failure.Invalid && errors.As(err, &fe) {
		writeOrientationProblem(w, fe.Field, fe.Value, fe.Rule, failure.MessageOf(err))
		return
	}
	s.fail(w, r, err)
}

func writeOrientationProblem(w http.ResponseWriter, field, value, rule, msg string) {
	writeJSON(w, http.StatusUnprocessableEntity, activityProblemsJSON{Code: string(failure.Invalid), Erreur: msg,
		Problems: []activityProblemJSON{{Champ: field, Valeur: value, Regle: rule, Message: msg}}})
}

// parseOrientationBody reads a creation's JSON object: string fields
// only, each once, none unknown (besoin, lieu and modalite required).
func parseOrientationBody(body []byte) (orientation.Orientation, error) {
	const example = ` ; exemple : {"besoin": "Aide aux démarches administratives", "lieu": "ID", "modalite": "sans-rendez-vous", "reference": "dossier 12"}`
	invalid := func(format string, args ...any) (orientation.Orientation, error) {
		return orientation.Orientation{}, failure.Errorf(failure.Invalid, format+example, args...)
	}
	if !utf8.Valid(body) {
		return invalid("Corps de la demande illisible : il n'est pas en UTF-8")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return invalid("Le corps de la demande doit être un objet JSON")
	}
	var o orientation.Orientation
	fields := map[string]*string{"besoin": &o.Need, "lieu": &o.LieuID, "message": &o.Message, "commune": &o.Commune, "reference": &o.Reference}
	var mode, age string
	fields["modalite"], fields["tranche_age"] = &mode, &age
	seen := map[string]bool{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return invalid("Corps de la demande illisible : ce n'est pas du JSON valide")
		}
		name, _ := tok.(string)
		field, known := fields[name]
		if !known {
			return invalid("Champ « %s » inconnu (champs acceptés : besoin, lieu, modalite, message, tranche_age, commune, reference)", shorten(name, 50))
		}
		if seen[name] {
			return invalid("Le champ « %s » est donné deux fois", name)
		}
		seen[name] = true
		var v any
		if err := dec.Decode(&v); err != nil {
			return invalid("Corps de la demande illisible : ce n'est pas du JSON valide")
		}
		str, ok := v.(string)
		if !ok {
			return invalid("Le champ « %s » doit être une chaîne de caractères", name)
		}
		*field = str
	}
	if tok, err := dec.Token(); err != nil || tok != json.Delim('}') {
		return invalid("Corps de la demande illisible : ce n'est pas du JSON valide")
	}
	if _, err := dec.Token(); err != io.EOF {
		return invalid("Corps de la demande illisible : un seul objet JSON est attendu")
	}
	for _, req := range []string{"besoin", "lieu", "modalite"} {
		if !seen[req] {
			return invalid("Champ « %s » manquant", req)
		}
	}
	o.Mode, o.Age = orientation.Mode(mode), pass.AgeBand(age)
	o.Normalize()
	if err := o.Validate(0); err != nil { // the year's rule: createOrientation
		return orientation.Orientation{}, err
	}
	return o, nil
}
