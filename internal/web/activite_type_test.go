package web

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"maillage/internal/account"
	"maillage/internal/store"
)

// TestActivityFormWithoutKnownType: a new or edited activity posted without
// a type, or with one that is not of the vocabulary, is the form again
// with a French problem naming the type (422), with the form's other
// fields right or not (verification 12, N5: the edit panicked on the
// title, « slice bounds out of range »).
func TestActivityFormWithoutKnownType(t *testing.T) {
	ts := newTestServer(t, fixture()...)
	me, cookie := passSession(t, ts, account.Contributeur)
	actsFor(t, ts, me, "tls-1")
	valid := url.Values{"type": {"individuel"}, "date": {"2026-11-20"}, "duree": {"30"}, "type_lieu": {"lieu_activite"}, "lieu": {"tls-1"}, "thematiques": {"email"}}
	res := postForm(t, ts, "/activites", valid, cookie)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("creating the activity: %d\n%s", res.StatusCode, res.Body)
	}
	acts, err := ts.store.Activities(t.Context(), store.ActivityFilter{Account: me})
	if err != nil || len(acts) != 1 {
		t.Fatalf("%d activities, %v", len(acts), err)
	}
	edit := "/activites/saisies/" + strconv.FormatInt(acts[0].ID, 10)
	for _, path := range []string{"/activites", edit} {
		for _, kind := range []string{"", "demarche_zorglub"} {
			for _, whole := range []bool{true, false} {
				form := url.Values{"date": {"2026-11-20"}}
				if whole {
					form = url.Values{}
					for k, v := range valid {
						form[k] = v
					}
					form.Del("type")
				}
				if kind != "" {
					form.Set("type", kind)
				}
				res := postForm(t, ts, path, form, cookie)
				if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `data-regle="type-inconnu"`) ||
					!strings.Contains(res.Body, "Type d&#39;activité") {
					t.Errorf("POST %s, type %q, other fields right: %v: %d, want 422 naming the type\n%s", path, kind, whole, res.StatusCode, res.Body)
				}
				if strings.Contains(res.Body, "demarche_zorglub") {
					t.Errorf("POST %s: the unknown type is echoed", path)
				}
			}
		}
	}
	if a, err := ts.store.Activity(t.Context(), acts[0].ID); err != nil || a.Kind != "individuel" {
		t.Errorf("the activity changed: %+v, %v", a, err)
	}
}

// TestRecoverAnswersPanics: a handler's panic is the French 500 page (the
// API's JSON error under /api/), logged with its stack, instead of a
// dropped connection; a panic once the answer has begun is only logged,
// and http.ErrAbortHandler still aborts.
func TestRecoverAnswersPanics(t *testing.T) {
	ts := newTestServer(t)
	var logged bytes.Buffer
	ts.log = slog.New(slog.NewTextHandler(&logged, nil))
	boom := ts.withRecover(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("apres") != "" {
			w.WriteHeader(http.StatusOK)
			w.Write([]byte("début"))
		}
		if r.URL.Query().Get("abandon") != "" {
			panic(http.ErrAbortHandler)
		}
		if r.URL.Query().Get("telechargement") != "" {
			// A download's headers, set before the panic.
			w.Header().Set("Cache-Control", "public, max-age=300")
			w.Header().Set("ETag", `"r42"`)
			w.Header().Set("Content-Disposition", `attachment; filename="lieux.csv"`)
			w.Header().Set("Content-Type", "text/csv")
		}
		var s []string
		_ = s[:1][0]
	}))
	serve := func(path string) *httptest.ResponseRecorder {
		rec := httptest.NewRecorder()
		boom.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		return rec
	}
	rec := serve("/activites/saisies/1")
	if rec.Code != http.StatusInternalServerError || !strings.Contains(rec.Body.String(), "Erreur interne") || !strings.Contains(rec.Body.String(), `lang="fr"`) {
		t.Errorf("page: %d\n%s", rec.Code, rec.Body)
	}
	if strings.Contains(rec.Body.String(), "slice bounds") {
		t.Errorf("the panic is shown: %s", rec.Body)
	}
	if log := logged.String(); !strings.Contains(log, "panique") || !strings.Contains(log, "slice bounds out of range") || !strings.Contains(log, "activite_type_test.go") {
		t.Errorf("the panic is not logged with its stack: %q", log)
	}
	// The error page does not keep a download's headers: no shared cache
	// keeps it, no browser saves it as lieux.csv (review 12B minor 1).
	rec = serve("/donnees/lieux.csv?telechargement=1")
	if h := rec.Header(); rec.Code != http.StatusInternalServerError || h.Get("Cache-Control") != "no-store" || h.Get("ETag") != "" ||
		h.Get("Content-Disposition") != "" || !strings.HasPrefix(h.Get("Content-Type"), "text/html") {
		t.Errorf("a download's panic: %d %v", rec.Code, h)
	}
	rec = serve("/api/v1/lieux")
	var body struct{ Code, Erreur string }
	if err := json.Unmarshal(rec.Body.Bytes(), &body); rec.Code != http.StatusInternalServerError || err != nil || body.Code == "" || body.Erreur == "" {
		t.Errorf("API: %d %v %s", rec.Code, err, rec.Body)
	}
	logged.Reset()
	rec = serve("/activites?apres=1")
	if rec.Code != http.StatusOK || rec.Body.String() != "début" || !strings.Contains(logged.String(), "panique") {
		t.Errorf("after the answer began: %d %q, log %q", rec.Code, rec.Body, logged.String())
	}
	func() {
		defer func() {
			if v := recover(); v != http.ErrAbortHandler {
				t.Errorf("ErrAbortHandler: recovered %v", v)
			}
		}()
		serve("/activites?abandon=1")
	}()
}
