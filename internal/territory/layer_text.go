package territory

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// layerText is what the JSON decoder of a layer reads: the file's text
// without its UTF-8 byte order mark, each run of whitespace between
// tokens squeezed to one space (the decoder rescans the whitespace before
// a value each time it reads more: megabytes of padding took seconds per
// megabyte), and refused at the first byte that is not UTF-8 (a name in
// Windows-1252 would otherwise be stored as U+FFFD).
type layerText struct {
	r        *bufio.Reader
	started  bool
	inString bool
	escape   bool
	space    bool // the last byte written outside a string was whitespace
	need     int  // continuation bytes of a UTF-8 sequence still expected
	lead     byte // the first byte of that sequence, at leadOff
	leadOff  int64
	off      int64 // bytes read from the file (after the BOM)
	buf      []byte
	err      error
}

func newLayerText(r io.Reader) *layerText { return &layerText{r: bufio.NewReaderSize(r, 64<<10)} }

// notUTF8 is a byte that is not UTF-8, at offset off of the file.
type notUTF8 struct {
	b   byte
	off int64
}

func (e *notUTF8) Error() string {
	return fmt.Sprintf("octet 0x%02X (position %d) : le fichier n'est pas en UTF-8 (Windows-1252 ou Latin-1 ?) ; un GeoJSON est en UTF-8 : enregistrez-le dans cet encodage", e.b, e.off)
}

// isUTF16 is a file in UTF-16 (a BOM, or a NUL byte beside the first
// character), which spreadsheets and Windows tools save as « Unicode ».
type isUTF16 struct{}

func (*isUTF16) Error() string {
	return "le fichier est en UTF-16 (« Unicode » de Windows) ; un GeoJSON est en UTF-8 : enregistrez-le dans cet encodage"
}

func (t *layerText) Read(p []byte) (int, error) {
	if t.err != nil {
		return 0, t.err
	}
	if !t.started {
		t.started = true
		if b, _ := t.r.Peek(3); bytes.Equal(b, []byte{0xEF, 0xBB, 0xBF}) {
			t.r.Discard(3)
		}
		if b, _ := t.r.Peek(2); len(b) == 2 && (b[0] == 0xFF && b[1] == 0xFE || b[0] == 0xFE && b[1] == 0xFF || (b[0] == 0) != (b[1] == 0)) {
			t.err = &isUTF16{}
			return 0, t.err
		}
	}
	if cap(t.buf) < len(p) {
		t.buf = make([]byte, len(p))
	}
	for {
		k, err := t.r.Read(t.buf[:len(p)])
		n := 0
		for _, c := range t.buf[:k] {
			t.off++
			if c >= 0x80 || t.need > 0 {
				if t.need == 0 {
					t.lead, t.leadOff = c, t.off-1
				}
				if !t.utf8(c) {
					t.err = &notUTF8{b: t.lead, off: t.leadOff}
					return n, nil
				}
			}
			if t.inString {
				switch {
				case t.escape:
					t.escape = false
				case c == '\\':
					t.escape = true
				case c == '"':
					t.inString = false
				}
				p[n] = c
				n++
				continue
			}
			if c == ' ' || c == '\t' || c == '\n' || c == '\r' {
				if !t.space {
					t.space = true
					p[n] = ' '
					n++
				}
				continue
			}
			t.space = false
			if c == '"' {
				t.inString = true
			}
			p[n] = c
			n++
		}
		if err != nil {
			t.err = err
		}
		if n > 0 || err != nil {
			return n, err
		}
	}
}

// utf8 checks the next byte of the text as UTF-8 (the first byte of a
// sequence, or a continuation byte).
func (t *layerText) utf8(c byte) bool {
	if t.need > 0 {
		t.need--
		return c >= 0x80 && c <= 0xBF
	}
	switch {
	case c >= 0xC2 && c <= 0xDF:
		t.need = 1
	case c >= 0xE0 && c <= 0xEF:
		t.need = 2
	case c >= 0xF0 && c <= 0xF4:
		t.need = 3
	default:
		return false
	}
	return true
}

// syntaxWords says a JSON syntax error in French: « caractère « N »
// inattendu au début d'une valeur ».
func syntaxWords(se *json.SyntaxError) string {
	msg := se.Error()
	rest, ok := strings.CutPrefix(msg, "invalid character ")
	if !ok {
		switch {
		case strings.Contains(msg, "unexpected end"):
			return "fin de fichier inattendue"
		case strings.Contains(msg, "colon after object key"):
			return "« : » attendu après une clé"
		case strings.Contains(msg, "comma after object key:value pair"):
			return "« , » ou « } » attendu après une valeur"
		case strings.Contains(msg, "comma after array element"):
			return "« , » ou « ] » attendu après un élément"
		case strings.Contains(msg, "string for object key"):
			return "clé entre guillemets attendue"
		case strings.Contains(msg, "value"):
			return "valeur attendue"
		}
		return "syntaxe JSON invalide"
	}
	char, context := rest, ""
	if q := strings.Index(rest[1:], "' "); rest != "" && rest[0] == '\'' && q >= 0 {
		char, context = rest[:q+2], rest[q+3:]
	}
	char = "« " + strings.Trim(char, "'") + " »"
	switch {
	case strings.Contains(context, "exceeded max depth"):
		return "imbrication trop profonde (plus de 10 000 niveaux de tableaux ou d'objets)"
	case strings.Contains(context, "beginning of value"):
		return "caractère " + char + " inattendu au début d'une valeur (NaN, Infinity et les nombres mal écrits ne sont pas du JSON)"
	case strings.Contains(context, "in string"):
		return "caractère " + char + " interdit dans une chaîne"
	case strings.Contains(context, "after object key:value pair"):
		return "caractère " + char + " après une valeur : « , » ou « } » attendu"
	case strings.Contains(context, "after object key"):
		return "caractère " + char + " après une clé : « : » attendu"
	case strings.Contains(context, "after array element"):
		return "caractère " + char + " après un élément : « , » ou « ] » attendu"
	}
	return "caractère " + char + " inattendu"
}
