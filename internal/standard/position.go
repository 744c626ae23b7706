package standard

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"unicode/utf8"

	"maillage/internal/french"
)

// positions reads for the JSON decoder and remembers where lines begin in
// what it read lately, so that an error at a byte offset can be told as a
// line and a column, as a person looks for it in an editor.
type positions struct {
	r         io.Reader
	off       int64 // bytes read
	line      int   // line number at off
	lineStart int64 // offset where that line begins
	chunks    []chunk
	kept      int64 // bytes held in chunks
	keep      int64 // how many recent bytes to hold
}

type chunk struct {
	start     int64
	line      int
	lineStart int64
	data      []byte
}

func (p *positions) Read(b []byte) (int, error) {
	n, err := p.r.Read(b)
	if n > 0 {
		data := append([]byte(nil), b[:n]...)
		p.chunks = append(p.chunks, chunk{start: p.off, line: p.line, lineStart: p.lineStart, data: data})
		p.kept += int64(n)
		for len(p.chunks) > 1 && p.kept-int64(len(p.chunks[0].data)) >= p.keep {
			p.kept -= int64(len(p.chunks[0].data))
			p.chunks[0].data = nil
			p.chunks = p.chunks[1:]
		}
		if k := bytes.Count(data, []byte{'\n'}); k > 0 {
			p.line += k
			p.lineStart = p.off + int64(bytes.LastIndexByte(data, '\n')) + 1
		}
		p.off += int64(n)
	}
	return n, err
}

// at returns the line (from 1) and column (in characters, from 1) of the
// byte at offset off, or 0, 0 when it is no longer held.
func (p *positions) at(off int64) (line, col int) {
	for i := range p.chunks {
		c := &p.chunks[i]
		end := c.start + int64(len(c.data))
		if off < c.start || off > end || off == end && i < len(p.chunks)-1 {
			continue
		}
		before := c.data[:off-c.start]
		line = c.line + bytes.Count(before, []byte{'\n'})
		lineStart := c.lineStart
		if j := bytes.LastIndexByte(before, '\n'); j >= 0 {
			lineStart = c.start + int64(j) + 1
		}
		return line, p.runes(lineStart, off) + 1
	}
	return 0, 0
}

// slice returns the bytes held between two offsets (fewer when they are no
// longer held).
func (p *positions) slice(from, to int64) []byte {
	var b []byte
	for _, c := range p.chunks {
		lo, hi := max(from, c.start), min(to, c.start+int64(len(c.data)))
		if lo < hi {
			b = append(b, c.data[lo-c.start:hi-c.start]...)
		}
	}
	return b
}

// runes counts the characters between two offsets, or the bytes when the
// start is no longer held.
func (p *positions) runes(from, to int64) int {
	if len(p.chunks) == 0 || from < p.chunks[0].start {
		return int(to - from)
	}
	n := 0
	for _, c := range p.chunks {
		lo, hi := max(from, c.start), min(to, c.start+int64(len(c.data)))
		if lo < hi {
			n += utf8.RuneCount(c.data[lo-c.start : hi-c.start])
		}
	}
	return n
}

// jsonMaxDepth is the nesting encoding/json refuses beyond.
const jsonMaxDepth = 10000

var reJSONChar = regexp.MustCompile(`^invalid character '(.+)' (.*)$`)

// jsonMessage says in French what encoding/json found wrong.
func jsonMessage(err error) string {
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return "fin de fichier inattendue : le fichier semble tronqué"
	}
	var se *json.SyntaxError
	if !errors.As(err, &se) {
		return "contenu illisible"
	}
	msg := se.Error()
	if msg == "unexpected end of JSON input" {
		return "fin de fichier inattendue : le fichier semble tronqué"
	}
	c, ctx := "", ""
	if m := reJSONChar.FindStringSubmatch(msg); m != nil {
		c, ctx = m[1], m[2]
	}
	switch {
	case ctx == "exceeded max depth":
		return fmt.Sprintf("valeurs imbriquées sur plus de %s niveaux : refusé (un lieu du standard n'en a que 2 ou 3)", french.Number(jsonMaxDepth))
	case ctx == "looking for beginning of value":
		return fmt.Sprintf("caractère « %s » inattendu : une valeur est attendue (texte entre guillemets, nombre, true, false, null, objet ou tableau)", c)
	case ctx == "after object key":
		return fmt.Sprintf("caractère « %s » inattendu : « : » est attendu après le nom d'un champ", c)
	case ctx == "after object key:value pair":
		return fmt.Sprintf("caractère « %s » inattendu : « , » ou « } » est attendu après une valeur", c)
	case ctx == "after array element":
		return fmt.Sprintf("caractère « %s » inattendu : « , » ou « ] » est attendu après un élément", c)
	case ctx == "looking for beginning of object key string":
		return fmt.Sprintf("caractère « %s » inattendu : le nom d'un champ, entre guillemets, est attendu", c)
	case ctx == "in string literal":
		return "caractère de contrôle dans un texte entre guillemets (écrivez \\n, \\t…)"
	case ctx == "in string escape code":
		return fmt.Sprintf("échappement « \\%s » invalide dans un texte", c)
	case msg == "expected comma after array element":
		return "« , » ou « ] » est attendu après un élément"
	case msg == "expected colon after object key":
		return "« : » est attendu après le nom d'un champ"
	case ctx == "after top-level value":
		return fmt.Sprintf("caractère « %s » après la fin du JSON", c)
	case c != "":
		return fmt.Sprintf("caractère « %s » inattendu", c)
	}
	return "syntaxe JSON invalide"
}
