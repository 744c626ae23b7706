package web

import (
	"fmt"
	"net/http"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"maillage/internal/dedup"
	"maillage/internal/failure"
)

type errorPage struct {
	pageMeta
	Message string
	// Back leads back to where the person came from (BackLabel), besides
	// the search.
	Back, BackLabel string
}

// statuses maps each failure code to its HTTP status and page title: the
// one place where a typed error becomes an answer.
var statuses = map[failure.Code]struct {
	status int
	title  string
}{
	failure.Internal:     {http.StatusInternalServerError, "Erreur interne"},
	failure.NotFound:     {http.StatusNotFound, "Introuvable"},
	failure.Conflict:     {http.StatusConflict, "Conflit"},
	failure.Invalid:      {http.StatusBadRequest, "Demande invalide"},
	failure.Forbidden:    {http.StatusForbidden, "Accès refusé"},
	failure.Unauthorized: {http.StatusUnauthorized, "Connexion nécessaire"},
	failure.Unavailable:  {http.StatusServiceUnavailable, "Service momentanément indisponible"},
	failure.TooMany:      {http.StatusTooManyRequests, "Trop de demandes"},
	failure.Gone:         {http.StatusGone, "Lien périmé"},
}

// error answers err: the status comes from its failure code, the body is
// a French page (or a JSON object under /api/ and for the map's layers).
// Internal errors are logged in full and shown as a generic message.
func (s *Server) error(w http.ResponseWriter, r *http.Request, err error) {
	code := failure.CodeOf(err)
	st, ok := statuses[code]
	if !ok {
		st = statuses[failure.Internal]
	}
	if code == failure.Internal || !ok {
		s.log.Error("erreur interne", "url", r.URL.Path, "err", err)
	}
	if code == failure.Unavailable || code == failure.TooMany {
		setRetryAfter(w, err)
	}
	msg := clipQuoted(s.namingActors(r, err, failure.MessageOf(err)))
	if isPassAPI(r.URL.Path) {
		writePassError(w, st.status, string(code), string(code), msg)
		return
	}
	if strings.HasPrefix(r.URL.Path, "/api/") || strings.HasPrefix(r.URL.Path, "/carte/couches/") {
		writeAPIError(w, st.status, string(code), msg, nil)
		return
	}
	s.render(w, r, st.status, "erreur.html", errorPage{pageMeta: pageMeta{Title: st.title}, Message: msg})
}

// setRetryAfter says in Retry-After when to try again after err: its
// failure's Wait in whole seconds, rounded up and at least 1, else 5
// seconds (a busy database, a limit that does not say).
func setRetryAfter(w http.ResponseWriter, err error) {
	secs := 5
	if d := failure.WaitOf(err); d > 0 {
		secs = int(max((d+time.Second-1)/time.Second, 1))
	}
	w.Header().Set("Retry-After", strconv.Itoa(secs))
}

// withRecover answers a handler's panic as an internal error (the French
// 500 page, or the API's JSON error) instead of net/http's dropped
// connection, and logs it with its stack. A panic after the answer has
// begun is only logged. http.ErrAbortHandler keeps its meaning.
func (s *Server) withRecover(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sw := &startedWriter{ResponseWriter: w}
		defer func() {
			v := recover()
			if v == nil {
				return
			}
			if v == http.ErrAbortHandler {
				panic(v)
			}
			s.log.Error("panique", "méthode", r.Method, "url", r.URL.Path, "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
			if !sw.started {
				// What the handler meant for its own answer (a cached
				// download, its name, its length) must not dress the
				// error page: a shared cache would keep it (review 12B).
				h := sw.Header()
				for _, k := range []string{"Cache-Control", "Etag", "Last-Modified", "Expires", "Content-Disposition", "Content-Length", "Content-Type", "Content-Encoding"} {
					h.Del(k)
				}
				h.Set("Cache-Control", "no-store")
				s.error(sw, r, failure.Errorf(failure.Internal, "panique : %v", v))
			}
		}()
		next.ServeHTTP(sw, r)
	})
}

// startedWriter tells whether the answer has begun.
type startedWriter struct {
	http.ResponseWriter
	started bool
}

func (w *startedWriter) WriteHeader(status int) {
	w.started = true
	w.ResponseWriter.WriteHeader(status)
}

func (w *startedWriter) Write(b []byte) (int, error) {
	w.started = true
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the writer underneath.
func (w *startedWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// fail answers an error through s.error (kept for the handlers' brevity).
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) { s.error(w, r, err) }

// notFound answers a page that does not exist.
func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	msg := "Cette page n'existe pas, ou plus."
	if strings.HasPrefix(r.URL.Path, "/lieux/") {
		msg += " Le lieu a peut-être été retiré du registre."
	}
	s.render(w, r, http.StatusNotFound, "erreur.html", errorPage{pageMeta: pageMeta{Title: "Page introuvable"}, Message: msg})
}

// apiProblem is the one shape of an error of the API: the failure's code
// and a French message; a refused parameter adds what was refused
// (ParamError) and, for unknown parameters, their names.
type apiProblem struct {
	Code   string `json:"code"`
	Erreur string `json:"erreur"`
	// Raison: under the Pass numérique's API (passProblem), every error
	// says its reason; a refused parameter's is its code.
	Raison string `json:"raison,omitempty"`
	*ParamError
	Unknown []string `json:"parametres_inconnus,omitempty"`
}

// maxEcho is how many characters of a value an error echoes: a value of
// 60 KB is not sent back whole (and a few times) in the answer.
const maxEcho = 80

// clipValue is v cut at maxEcho characters, with « … » when cut.
func clipValue(v string) string {
	if utf8.RuneCountInString(v) <= maxEcho {
		return v
	}
	n := 0
	for i := range v {
		if n == maxEcho {
			return v[:i] + "…"
		}
		n++
	}
	return v
}

// clipQuoted cuts every « quoted » value of a message at maxEcho
// characters: the errors quote the values they refuse.
func clipQuoted(msg string) string {
	if len(msg) <= maxEcho {
		return msg
	}
	var b strings.Builder
	for {
		i := strings.Index(msg, "« ")
		if i < 0 {
			break
		}
		j := strings.Index(msg[i+len("« "):], " »")
		if j < 0 {
			break
		}
		b.WriteString(msg[:i+len("« ")])
		b.WriteString(clipValue(msg[i+len("« ") : i+len("« ")+j]))
		b.WriteString(" »")
		msg = msg[i+len("« ")+j+len(" »"):]
	}
	b.WriteString(msg)
	return b.String()
}

// clipParamError is e with its value cut at maxEcho characters, in its
// message too.
func clipParamError(e *ParamError) *ParamError {
	c := *e
	c.Value = clipValue(e.Value)
	if c.Value != e.Value {
		c.Message = strings.ReplaceAll(c.Message, e.Value, c.Value)
		if v := strings.TrimSpace(e.Value); v != "" {
			c.Message = strings.ReplaceAll(c.Message, v, clipValue(v))
		}
	}
	c.Message = clipQuoted(c.Message)
	return &c
}

// writeAPIError answers an error of the API (see apiProblem).
func writeAPIError(w http.ResponseWriter, status int, code, msg string, p *ParamError) {
	writeJSON(w, status, apiProblem{Code: code, Erreur: msg, ParamError: p})
}

// codeOfStatus is the failure code of an HTTP status, for the answers
// made without a typed error.
func codeOfStatus(status int) string {
	if status == http.StatusMethodNotAllowed {
		return "methode_non_acceptee"
	}
	for code, st := range statuses {
		if st.status == status {
			return string(code)
		}
	}
	return string(failure.Internal)
}

// namingActors names the accounts a failure's message names as the journal
// writes them (« compte:2 ») as the person reading it may see them (their
// address for an administrator, their role and a pseudonym for others:
// accountWords); the automatic merge run is « la fusion automatique ».
func (s *Server) namingActors(r *http.Request, err error, msg string) string {
	actors := failure.ActorsOf(err)
	if len(actors) == 0 || failure.CodeOf(err) == failure.Internal {
		return msg
	}
	// The longest first: « compte:12 » before « compte:1 ».
	actors = slices.Clone(actors)
	slices.SortFunc(actors, func(a, b string) int { return len(b) - len(a) })
	var pairs []string
	for _, a := range actors {
		switch {
		case a == dedup.Actor:
			pairs = append(pairs, a, "la fusion automatique")
		case strings.HasPrefix(a, "compte:"):
			pairs = append(pairs, a, s.accountWords(r.Context(), currentUser(r), a))
		}
	}
	return strings.NewReplacer(pairs...).Replace(msg)
}
