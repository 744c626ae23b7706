package standard

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Limits bound what reading one file may cost: without them a file with an
// endless line, or a small gzip answer that inflates to gigabytes, would
// take all the memory. Zero means no limit.
type Limits struct {
	File   int64 // bytes read, after any decompression
	Record int64 // bytes of one record: a CSV line (or lines, when quoted), a JSON element
	Field  int64 // bytes of one value
}

// DefaultLimits fit real files with room to spare: the national file is
// about 40 MB for 20 000 places; a record of the standard rarely passes
// 4 KB, and its longest value (presentation_detail) a few KB.
var DefaultLimits = Limits{File: 256 << 20, Record: 1 << 20, Field: 64 << 10}

// LimitError is a file that goes over one of its Limits.
type LimitError struct {
	What  string // "fichier", "enregistrement" or "champ"
	Limit int64
}

func (e *LimitError) Error() string {
	return fmt.Sprintf("%s de plus de %s", e.What, FormatSize(e.Limit))
}

// errInterrupted wraps the context's error when reading is cancelled.
type errInterrupted struct{ err error }

func (e *errInterrupted) Error() string { return "lecture interrompue" }
func (e *errInterrupted) Unwrap() error { return e.err }

// FormatSize writes a size in bytes the French way: "64 Ko", "1 Mo", "1,5 Mo".
func FormatSize(n int64) string {
	units := []struct {
		size int64
		name string
	}{{1 << 30, "Go"}, {1 << 20, "Mo"}, {1 << 10, "Ko"}}
	for _, u := range units {
		if n >= u.size {
			v := float64(n) / float64(u.size)
			s := strconv.FormatFloat(v, 'f', 1, 64)
			s = strings.TrimSuffix(s, ".0")
			return strings.Replace(s, ".", ",", 1) + " " + u.name
		}
	}
	if n <= 1 {
		return strconv.FormatInt(n, 10) + " octet"
	}
	return strconv.FormatInt(n, 10) + " octets"
}

// ParseSize reads a size as people write it: "512Mo", "64 Ko", "1,5 Mo",
// "2G", "1048576" (bytes), "0" (no limit). Units are powers of 1024.
func ParseSize(s string) (int64, error) {
	t := strings.TrimSpace(s)
	i := 0
	for i < len(t) && (t[i] >= '0' && t[i] <= '9' || t[i] == ',' || t[i] == '.') {
		i++
	}
	num, unit := strings.Replace(t[:i], ",", ".", 1), strings.ToLower(strings.TrimSpace(t[i:]))
	v, err := strconv.ParseFloat(num, 64)
	if err != nil || num == "" {
		return 0, fmt.Errorf("taille illisible « %s » : attendu par exemple 512Mo, 64Ko ou un nombre d'octets", s)
	}
	mult := map[string]float64{"": 1, "o": 1, "octet": 1, "octets": 1, "b": 1,
		"k": 1 << 10, "ko": 1 << 10, "kio": 1 << 10, "kb": 1 << 10, "kib": 1 << 10,
		"m": 1 << 20, "mo": 1 << 20, "mio": 1 << 20, "mb": 1 << 20, "mib": 1 << 20,
		"g": 1 << 30, "go": 1 << 30, "gio": 1 << 30, "gb": 1 << 30, "gib": 1 << 30}
	m, ok := mult[unit]
	if !ok {
		return 0, fmt.Errorf("unité de taille inconnue « %s » : Ko, Mo ou Go", t[i:])
	}
	v *= m
	if v >= 1<<62 {
		return 0, fmt.Errorf("taille trop grande « %s »", s)
	}
	return int64(v), nil
}

// meter reads the file for the parsers: it counts the bytes, stops at the
// file's limit or at a record that grows past its limit, and honours the
// context (a huge file stops at Ctrl+C).
type meter struct {
	ctx  context.Context
	r    io.Reader
	lim  Limits
	n    int64 // bytes read
	mark int64 // n when the current record began
	err  error
}

// meterChunk bounds one read, so that the count moves in small steps.
const meterChunk = 64 << 10

// readAhead is what the buffers between the meter and a parser may hold
// beyond the current record; a record is too long when more than its limit
// plus this was read since it began.
const readAhead = 256 << 10

func (m *meter) Read(p []byte) (int, error) {
	if m.err != nil {
		return 0, m.err
	}
	if err := m.ctx.Err(); err != nil {
		m.err = &errInterrupted{err}
		return 0, m.err
	}
	if len(p) > meterChunk {
		p = p[:meterChunk]
	}
	k, err := m.r.Read(p)
	m.n += int64(k)
	switch {
	case m.lim.File > 0 && m.n > m.lim.File:
		m.err = &LimitError{What: "fichier", Limit: m.lim.File}
		return 0, m.err
	case m.lim.Record > 0 && m.n-m.mark > m.lim.Record+readAhead:
		m.err = &LimitError{What: "enregistrement", Limit: m.lim.Record}
		return 0, m.err
	}
	return k, err
}

// startRecord tells the meter a new record begins.
func (m *meter) startRecord() { m.mark = m.n }

// readFailure turns an error of the meter (or of the input) into the
// FileError that stops the file; where says where reading stood.
func readFailure(file string, line int, where string, err error) *FileError {
	var le *LimitError
	var ie *errInterrupted
	switch {
	case errors.As(err, &le) && le.What == "fichier":
		return &FileError{File: file, Msg: fmt.Sprintf("fichier de plus de %s (après décompression) : lecture arrêtée", FormatSize(le.Limit)), Err: err}
	case errors.As(err, &le):
		hint := " (une ligne sans fin, ou un guillemet jamais refermé ?)"
		if strings.Contains(where, "élément") {
			hint = " (un élément JSON démesuré, ou un tableau jamais refermé ?)"
		}
		return &FileError{File: file, Line: line, Msg: fmt.Sprintf("%s de plus de %s%s : lecture arrêtée", where, FormatSize(le.Limit), hint), Err: err}
	case errors.As(err, &ie):
		return &FileError{File: file, Line: line, Msg: "lecture interrompue", Err: err}
	}
	return &FileError{File: file, Line: line, Msg: "lecture interrompue : " + err.Error(), Err: err}
}
