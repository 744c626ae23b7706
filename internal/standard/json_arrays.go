package standard

import (
	"bytes"
	"encoding/json"

	"maillage/internal/printable"
)

// placeArrayKeys are the keys under which an object holds its array of
// places (the national tools' envelopes, GeoJSON's features).
var placeArrayKeys = map[string]bool{"features": true, "lieux": true, "data": true, "records": true, "items": true, "results": true}

// otherArrays reads what follows the array of places read under key, up to
// the end of its object: another array under one of placeArrayKeys is a
// second list of places, which nothing says how to join with the first;
// the file is refused rather than half read. Other values are skipped
// token by token (never held whole).
func otherArrays(dec *json.Decoder, key string, fail func(error, bool) error, failMsg func(string) error) error {
	if _, err := dec.Token(); err != nil { // the array's ]
		return fail(err, false)
	}
	for dec.More() {
		kt, err := dec.Token()
		if err != nil {
			return fail(err, false)
		}
		other, _ := kt.(string)
		t, err := dec.Token()
		if err != nil {
			return fail(err, false)
		}
		if t == json.Delim('[') && placeArrayKeys[other] {
			return failMsg("l'objet contient plusieurs tableaux de lieux : « " + key + " » et « " + printable.String(other) +
				" » ; un seul est lu, et rien ne dit lequel est le bon : gardez-en un (ou faites deux fichiers)")
		}
		if d, ok := t.(json.Delim); ok && (d == '[' || d == '{') {
			for depth := 1; depth > 0; {
				t, err := dec.Token()
				if err != nil {
					return fail(err, false)
				}
				switch t {
				case json.Delim('['), json.Delim('{'):
					depth++
				case json.Delim(']'), json.Delim('}'):
					depth--
				}
			}
		}
	}
	return nil
}

// jsonIDType refuses an id that is neither a text nor a number (true, a
// list): the standard's id is a text, and a number is one as exports
// write it; a boolean or a list is no id. It returns the message, or "".
func jsonIDType(key string, v json.RawMessage) string {
	if normaliseName(key) != "id" {
		return ""
	}
	v = bytes.TrimSpace(v)
	if len(v) == 0 || (v[0] != 't' && v[0] != 'f' && v[0] != '[') {
		return ""
	}
	what := "un booléen"
	if v[0] == '[' {
		what = "une liste"
	}
	raw := string(v)
	if len(raw) > 80 {
		raw = raw[:80] + "…"
	}
	return "valeur « " + printable.String(raw) + " » : l'identifiant est " + what + " ; un texte (ou un nombre) est attendu"
}
