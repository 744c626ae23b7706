package web

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"mime"
	"net/http"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"maillage/internal/account"
	"maillage/internal/failure"
	"maillage/internal/pass"
	"maillage/internal/place"
	"maillage/internal/store"
)

// redemptionBodyLimit bounds the body of a redemption: a place's id
// (200 bytes at most) and a service of the standard fit many times.
const redemptionBodyLimit = 4 << 10

// maxIdempotencyKey bounds an Idempotency-Key (the store's rule too).
const maxIdempotencyKey = 200

// redemptionBody is what POST /api/v1/pass/{code}/utilisation carries.
type redemptionBody struct {
	Lieu    string `json:"lieu"`
	Service string `json:"service"`
}

// Messages of a redemption refused before the ledger is asked.
const (
	msgKeyMissing   = "En-tête « Idempotency-Key » manquant : chaque demande d'utilisation porte une clé unique (par exemple un UUID), la même quand elle est renvoyée après une coupure, pour qu'un pass ne soit jamais utilisé deux fois."
	msgBodyExample  = ` ; attendu : {"lieu": "ID du lieu", "service": "service du standard"}.`
	msgBodyTooLarge = "Corps de la demande trop grand (4 Kio au plus)" + msgBodyExample
)

// parseRedemption reads and checks the body of a redemption: one JSON
// object with exactly the fields lieu and service (spelled so, each once,
// strings), the service spelled as the standard spells it. Its errors are
// failure.Invalid in French.
func parseRedemption(body []byte) (redemptionBody, error) {
	invalid := func(format string, args ...any) (redemptionBody, error) {
		return redemptionBody{}, failure.Errorf(failure.Invalid, format, args...)
	}
	if !utf8.Valid(body) {
		return invalid("Corps de la demande illisible : il n'est pas en UTF-8%s", msgBodyExample)
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return invalid("Corps de la demande vide%s", msgBodyExample)
	}
	unreadable := func() (redemptionBody, error) {
		return invalid("Corps de la demande illisible : ce n'est pas du JSON valide%s", msgBodyExample)
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	if tok, err := dec.Token(); err != nil {
		return unreadable()
	} else if tok != json.Delim('{') {
		return invalid("Le corps de la demande doit être un objet JSON%s", msgBodyExample)
	}
	var b redemptionBody
	seen := map[string]bool{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return unreadable()
		}
		name, _ := tok.(string)
		var field *string
		switch name {
		case "lieu":
			field = &b.Lieu
		case "service":
			field = &b.Service
		default:
			return invalid("Champ « %s » inconnu : seuls « lieu » et « service » sont acceptés%s", shorten(name, 50), msgBodyExample)
		}
		if seen[name] {
			return invalid("Le champ « %s » est donné deux fois%s", name, msgBodyExample)
		}
		seen[name] = true
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return unreadable()
		}
		if err := json.Unmarshal(raw, field); err != nil || bytes.Equal(raw, []byte("null")) {
			return invalid("Le champ « %s » doit être une chaîne de caractères%s", name, msgBodyExample)
		}
	}
	if tok, err := dec.Token(); err != nil || tok != json.Delim('}') {
		return unreadable()
	}
	if _, err := dec.Token(); err != io.EOF {
		return invalid("Un seul objet JSON est attendu dans le corps de la demande%s", msgBodyExample)
	}
	switch {
	case b.Lieu == "":
		return invalid("Le champ « lieu » (l'identifiant du lieu qui accepte le pass) est obligatoire%s", msgBodyExample)
	case len(b.Lieu) > 200 || strings.IndexFunc(b.Lieu, unicode.IsControl) >= 0:
		return invalid("Le champ « lieu » n'est pas un identifiant de lieu (200 octets au plus, sans caractère de contrôle).")
	case b.Service == "":
		return invalid("Le champ « service » (le service du standard rendu avec ce pass) est obligatoire%s", msgBodyExample)
	}
	if !place.Services.Contains(b.Service) {
		if c, _, ok := place.Services.Lookup(b.Service); ok {
			return invalid("Service « %s » : écrivez-le comme le standard, « %s ».", shorten(b.Service, 100), c)
		}
		return invalid("Service « %s » inconnu du standard ; ses services : %s.", shorten(b.Service, 100), strings.Join(place.Services.Values, " | "))
	}
	return b, nil
}

// shorten cuts s to at most n runes, for a message.
func shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}

// apiPassUtilisation answers POST /api/v1/pass/{code}/utilisation: it
// redeems the pass for a place and a service, once, idempotent by the
// request's Idempotency-Key (scope: the token's account): the same
// request sent again gets the first answer, byte for byte, whatever
// happened in between (another redemption, a crash of the server).
//
//	201 the redemption;  409 deja_utilise;  404 code_invalide;
//	422 the other reasons (hors_perimetre, service_non_autorise, expire,
//	bloque, cle_reutilisee);
//	403 compte_non_habilite when the account (an administrator's too)
//	does not act for the place (qualified), lieu_non_qualifie when the
//	place is not qualified or the account acts for no place;
//	400 a missing key or a body refused; 413 a body too large.
func (s *Server) apiPassUtilisation(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	u := currentUser(r)
	key, body, status, msg := readRedemption(r)
	if status != 0 {
		if !s.passActsForNoPlace(w, r, u) {
			writePassError(w, status, string(failure.Invalid), string(failure.Invalid), msg)
		}
		return
	}
	req := store.RedeemRequest{Code: r.PathValue("code"), LieuID: body.Lieu, Service: body.Service,
		AccountID: u.ID, Actor: actor(r), Key: key}
	refused, err := s.passServiceNotOffered(ctx, req)
	if err != nil && failure.CodeOf(err) != failure.Forbidden {
		s.error(w, r, err)
		return
	}
	if refused != nil {
		status, answer := redemptionAnswer(*refused)
		writeJSON(w, status, answer)
		return
	}
	res, err := s.store.Redeem(ctx, req)
	if failure.CodeOf(err) == failure.Forbidden {
		if !s.passActsForNoPlace(w, r, u) {
			s.passNotActing(w, r, body.Lieu, err)
		}
		return
	}
	if err != nil {
		s.error(w, r, err)
		return
	}
	if res.Replayed {
		w.Header().Set("Idempotent-Replayed", "true")
	}
	status, answer := redemptionAnswer(res)
	writeJSON(w, status, answer)
}

// reasonNotActing is the API's reason (403) of a redemption by an account
// that does not act for the place, a qualified one: the place is not to
// blame (lieu_non_qualifie is kept for a place with no approved
// qualification).
const reasonNotActing = "compte_non_habilite"

// passNotActing answers the 403 of a redemption the ledger refused
// because the account does not act for the place (err, its message):
// compte_non_habilite when the place is qualified, lieu_non_qualifie
// otherwise.
func (s *Server) passNotActing(w http.ResponseWriter, r *http.Request, lieu string, err error) {
	qualified, qerr := s.store.QualifiedLieux(r.Context())
	if qerr != nil {
		s.error(w, r, qerr)
		return
	}
	if slices.Contains(qualified, lieu) {
		writePassError(w, http.StatusForbidden, string(failure.Forbidden), reasonNotActing,
			failure.MessageOf(err)+" Le lieu « "+shorten(lieu, 100)+" » est qualifié, mais pas pour ce compte : encaissez avec un jeton d'un compte de ce lieu.")
		return
	}
	writePassError(w, http.StatusForbidden, string(failure.Forbidden), string(pass.LieuNonQualifie),
		"Le lieu « "+shorten(lieu, 100)+" » n'est pas qualifié pour accepter le Pass numérique, et ce compte n'agit pas pour lui.")
}

// passServiceNotOffered refuses (service_non_autorise) a redemption for a
// service the place does not offer, as the directory lists its services:
// store.ServiceNotOffered, with the place as the index has it (a place no
// longer published is not judged).
func (s *Server) passServiceNotOffered(ctx context.Context, req store.RedeemRequest) (*store.RedeemResult, error) {
	l, ok := s.indexOf(ctx).Lieu(req.LieuID)
	if !ok {
		return nil, nil
	}
	return store.ServiceNotOffered(ctx, s.store, l.Services, req)
}

// passActsForNoPlace answers 403 (msgPassNoLieu), and reports true, when
// u is not an administrator and acts for no qualified place: a refusal
// that comes before any other of a redemption. It is asked only once the
// request is refused (a redemption is refused by the ledger too, in its
// transaction, when the account does not act for its place): a look-up
// for every redemption was a round trip to the database each time.
func (s *Server) passActsForNoPlace(w http.ResponseWriter, r *http.Request, u *account.User) bool {
	if u.Role == account.Administrateur {
		return false // compte_non_habilite for a qualified place (passNotActing)
	}
	lieux, err := s.store.LieuxActedFor(r.Context(), u.ID)
	if err != nil {
		s.error(w, r, err)
		return true
	}
	if len(lieux) == 0 {
		writePassError(w, http.StatusForbidden, string(failure.Forbidden), string(pass.LieuNonQualifie), msgPassNoLieu)
		return true
	}
	return false
}

// readRedemption reads the Idempotency-Key and the body of a redemption;
// a request refused has the status and the French message of its answer
// (status 0 otherwise).
func readRedemption(r *http.Request) (key string, body redemptionBody, status int, msg string) {
	keys := r.Header.Values("Idempotency-Key")
	if len(keys) != 1 || strings.TrimSpace(keys[0]) == "" {
		return "", body, http.StatusBadRequest, msgKeyMissing
	}
	key = keys[0]
	if len(key) > maxIdempotencyKey || strings.IndexFunc(key, unicode.IsControl) >= 0 {
		return "", body, http.StatusBadRequest, "En-tête « Idempotency-Key » trop long (200 caractères au plus) ou illisible."
	}
	if ct := r.Header.Get("Content-Type"); ct != "" {
		if mt, _, err := mime.ParseMediaType(ct); err != nil || mt != "application/json" {
			return "", body, http.StatusUnsupportedMediaType,
				"Type de contenu « " + shorten(ct, 100) + " » refusé : envoyez du JSON (Content-Type: application/json)" + msgBodyExample
		}
	}
	raw, err := io.ReadAll(io.LimitReader(r.Body, redemptionBodyLimit+1))
	if err != nil {
		return "", body, http.StatusBadRequest, "Corps de la demande interrompu" + msgBodyExample
	}
	if len(raw) > redemptionBodyLimit {
		return "", body, http.StatusRequestEntityTooLarge, msgBodyTooLarge
	}
	body, err = parseRedemption(raw)
	if err != nil {
		return "", body, http.StatusBadRequest, failure.MessageOf(err)
	}
	return key, body, 0, ""
}

// redemptionAnswer is the status and body of a redemption's result: the
// same for the first answer and its replays.
func redemptionAnswer(res store.RedeemResult) (int, any) {
	if res.Reason == "" && res.Redemption != nil {
		u := *res.Redemption
		u.At = u.At.UTC()
		return http.StatusCreated, u
	}
	status := http.StatusUnprocessableEntity
	switch res.Reason {
	case pass.DejaUtilise:
		status = http.StatusConflict
	case pass.CodeInvalide:
		status = http.StatusNotFound
	case pass.LieuNonQualifie:
		// One status on every path (review 10A2 minor 6): the ledger's
		// refusal, and the account acting for the place or not.
		status = http.StatusForbidden
	}
	msg := res.Message
	if msg == "" {
		msg = res.Reason.Message()
	}
	return status, passProblem{Code: "refuse", Erreur: msg, Raison: string(res.Reason), Message: msg}
}
