package web

import (
	"bytes"
	"encoding/json"
)

// duplicateKey returns the first key given twice in one object of a JSON
// document, as a path (« participants.genre »), or "" when there is none
// (or the document is not JSON: its decoding says so). Go's decoder keeps
// the last value of a key given twice: a client's bug or a value smuggled
// past a check of the first.
func duplicateKey(body []byte) string {
	dec := json.NewDecoder(bytes.NewReader(body))
	dup, _ := walkJSON(dec, "")
	return dup
}

// walkJSON reads one value; it returns the first key given twice in it.
func walkJSON(dec *json.Decoder, path string) (string, error) {
	tok, err := dec.Token()
	if err != nil {
		return "", err
	}
	switch tok {
	case json.Delim('{'):
		seen := map[string]bool{}
		for dec.More() {
			k, err := dec.Token()
			if err != nil {
				return "", err
			}
			name, _ := k.(string)
			p := name
			if path != "" {
				p = path + "." + name
			}
			if seen[name] {
				return p, nil
			}
			seen[name] = true
			if dup, err := walkJSON(dec, p); dup != "" || err != nil {
				return dup, err
			}
		}
		_, err = dec.Token()
		return "", err
	case json.Delim('['):
		for dec.More() {
			if dup, err := walkJSON(dec, path); dup != "" || err != nil {
				return dup, err
			}
		}
		_, err = dec.Token()
		return "", err
	}
	return "", nil
}
