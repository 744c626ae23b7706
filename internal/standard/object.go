package standard

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strconv"

	"maillage/internal/french"
	"maillage/internal/place"
)

// MaxKeys bounds the fields of one JSON element (the standard has 32): an
// element with more is rejected without its keys being kept, so that a file
// of elements with tens of thousands of invented keys costs neither memory
// nor a report line per key.
const MaxKeys = 256

// object is a JSON object read field by field, in file order.
type object struct {
	keys []string
	vals []json.RawMessage
}

func (o *object) get(k string) (json.RawMessage, bool) {
	for i, key := range o.keys {
		if key == k {
			return o.vals[i], true
		}
	}
	return nil, false
}

func (o *object) set(k string, v json.RawMessage) {
	for i, key := range o.keys {
		if key == k {
			o.vals[i] = v
			return
		}
	}
	o.keys, o.vals = append(o.keys, k), append(o.vals, v)
}

// objectError is an element that is an object but cannot be taken as a
// record: too many keys, a key given twice.
type objectError struct {
	msg, field string
	rule       string
}

// readObject reads the JSON object raw (one element, already within the
// record limit) key by key: it refuses more than MaxKeys keys and a key
// given twice, and checks ctx as it goes (an element of half a million
// keys read without a record limit stops at Ctrl+C). what names the
// element in messages ("l'élément 3").
func readObject(ctx context.Context, raw []byte, what string) (*object, *objectError, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if _, err := dec.Token(); err != nil { // '{', checked by the caller
		return nil, nil, err
	}
	if n, err := countKeys(ctx, raw); err != nil {
		return nil, nil, err
	} else if n > MaxKeys {
		return nil, &objectError{rule: place.RuleMaxSize,
			msg: fmt.Sprintf("%s a %s : plus que la limite de %s par élément (le standard en a 32) : refusé", what, french.Count(n, "champ", "champs"), french.Number(MaxKeys))}, nil
	}
	o := &object{}
	index := map[string]int{}
	for dec.More() {
		kt, err := dec.Token()
		if err != nil {
			return nil, nil, err
		}
		key, _ := kt.(string)
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, nil, err
		}
		if i, dup := index[key]; dup {
			return nil, &objectError{field: key, rule: place.RuleFormat,
				msg: fmt.Sprintf("champ « %s » en double dans %s (valeurs %s et %s) : refusé, comme une colonne en double", key, what, shortJSON(o.vals[i]), shortJSON(v))}, nil
		}
		index[key] = len(o.keys)
		o.keys, o.vals = append(o.keys, key), append(o.vals, v)
	}
	return o, nil, nil
}

// countKeys counts the keys of the valid JSON object raw: the colons
// outside strings at its first level. It checks ctx as it goes (an
// element of half a million keys read without a record limit stops at
// Ctrl+C).
func countKeys(ctx context.Context, raw []byte) (int, error) {
	n, depth, inString, escaped := 0, 0, false, false
	for i, c := range raw {
		if i%(64<<10) == 0 {
			if err := ctx.Err(); err != nil {
				return 0, &errInterrupted{err}
			}
		}
		switch {
		case inString:
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
			}
		case c == '"':
			inString = true
		case c == '{' || c == '[':
			depth++
		case c == '}' || c == ']':
			depth--
		case c == ':' && depth == 1:
			n++
		}
	}
	return n, nil
}

// shortJSON renders a JSON value for a message, cut when long.
func shortJSON(v json.RawMessage) string {
	v = bytes.TrimSpace(v)
	s := string(v)
	if len(v) > 0 && v[0] == '"' {
		var str string
		if json.Unmarshal(v, &str) == nil {
			s = "« " + str + " »"
		}
	}
	if r := []rune(s); len(r) > 60 {
		s = string(r[:59]) + "…"
	}
	return s
}

// elementName names the JSON element of index i (from 0) as people count:
// "l'élément 1" for the first.
func elementName(i int) string { return "l'élément " + strconv.Itoa(i+1) }
