package harvest

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"

	"maillage/internal/failure"
	"maillage/internal/french"
	"maillage/internal/printable"
)

// fetchCoop reads the Coop de la médiation numérique's lieux d'activité:
// records of the standard, each with the médiateurs working there
// (aidants), which are personal data and not a field of the standard:
// they are left out.
func (h *harvester) fetchCoop(ctx context.Context) (*spool, error) {
	key := strings.TrimSpace(h.opt.Getenv(EnvCoopKey))
	if key == "" {
		return nil, failure.Errorf(failure.Invalid, "la clé de l'API de la Coop de la médiation numérique manque : donnez-la dans la variable d'environnement %s (IDENTIFIANT:SECRET)", EnvCoopKey)
	}
	u := h.src.URL
	if u == "" {
		u = h.opt.CoopURL
	}
	if u == "" {
		u = CoopURL
	}
	if err := h.secretTo(u); err != nil {
		return nil, err
	}
	raw, err := h.fetchFile(ctx, u, http.Header{"Authorization": {"Bearer " + key}, "Accept": {"application/json"}}, true)
	if err != nil {
		return nil, err
	}
	defer raw.Close()
	in, err := raw.Rewind()
	if err != nil {
		return nil, err
	}
	out, err := newSpool(u, h.limits.File)
	if err != nil {
		return nil, err
	}
	out.ETag, out.LastModified = raw.ETag, raw.LastModified
	fail := func(err error) (*spool, error) {
		out.Close()
		return nil, err
	}
	aidants, err := stripAidants(in, out, u)
	if err != nil {
		return fail(err)
	}
	if aidants > 0 {
		h.note("Coop : la liste des médiateurs (aidants) %s n'est pas reprise (données personnelles, hors du standard).", french.Plural(aidants, "d'un lieu", "de "+french.Number(aidants)+" lieux"))
	}
	return out, nil
}

// stripAidants copies a JSON array of records of the standard from in to
// out, without their aidants; it tells how many records had some.
func stripAidants(in io.Reader, out io.Writer, name string) (int, error) {
	dec := json.NewDecoder(in)
	unreadable := func(err error) error {
		return failure.Errorf(failure.Invalid, "%s : réponse illisible de l'API de la Coop (un tableau de lieux est attendu) : %s", printable.String(name), printable.String(err.Error()))
	}
	tok, err := dec.Token()
	if err != nil {
		return 0, unreadable(err)
	}
	if tok != json.Delim('[') {
		// What came instead is named by its kind, not quoted.
		return 0, unreadable(fmt.Errorf("%s au lieu d'un tableau", jsonKind(tok)))
	}
	w := &jsonArray{w: out}
	aidants := 0
	for dec.More() {
		var rec map[string]json.RawMessage
		if err := dec.Decode(&rec); err != nil {
			return 0, unreadable(err)
		}
		if v, ok := rec["aidants"]; ok {
			delete(rec, "aidants")
			// An empty list withholds nobody: not counted.
			if e := strings.TrimSpace(string(v)); e != "[]" && e != "null" && e != `""` {
				aidants++
			}
		}
		if err := w.add(rec); err != nil {
			return 0, err
		}
	}
	if _, err := dec.Token(); err != nil {
		return 0, unreadable(err)
	}
	return aidants, w.close()
}

// jsonKind names the kind of a JSON token in French.
func jsonKind(tok json.Token) string {
	switch tok.(type) {
	case json.Delim:
		return "un objet"
	case string:
		return "un texte"
	case float64, json.Number:
		return "un nombre"
	case bool:
		return "un booléen"
	case nil:
		return "null"
	}
	return "une valeur"
}
