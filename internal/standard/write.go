package standard

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"unicode/utf8"

	"maillage/internal/place"
)

// Encoder writes places in one of the standard's formats.
type Encoder interface {
	Encode(l *place.Lieu) error
	// Close ends the document and flushes; it does not close the writer.
	Close() error
}

// Formats are the export formats, by name.
var Formats = []string{"csv", "json", "geojson"}

// NewEncoder returns an encoder for format "csv", "json" or "geojson".
func NewEncoder(format string, w io.Writer) (Encoder, error) {
	switch format {
	case "csv":
		return newCSVEncoder(w), nil
	case "json":
		return &jsonEncoder{w: bufio.NewWriterSize(w, 64<<10)}, nil
	case "geojson":
		return &jsonEncoder{w: bufio.NewWriterSize(w, 64<<10), geo: true}, nil
	}
	return nil, fmt.Errorf("format inconnu « %s » (csv, json ou geojson)", format)
}

// ContentType returns the MIME type of a format.
func ContentType(format string) string {
	switch format {
	case "csv":
		return "text/csv; charset=utf-8"
	case "geojson":
		return "application/geo+json"
	}
	return "application/json"
}

// CSV: exactly the v1.0.1 layout: 32 columns in schema order, "," between
// columns, "|" between values, UTF-8 without BOM.
type csvEncoder struct {
	w      *csv.Writer
	header bool
	row    []string
}

func newCSVEncoder(w io.Writer) *csvEncoder {
	return &csvEncoder{w: csv.NewWriter(w), row: make([]string, place.NumFields)}
}

func (e *csvEncoder) writeHeader() error {
	e.header = true
	return e.w.Write(place.FieldNames[:])
}

func (e *csvEncoder) Encode(l *place.Lieu) error {
	if !e.header {
		if err := e.writeHeader(); err != nil {
			return err
		}
	}
	for i := 0; i < place.NumFields; i++ {
		e.row[i] = l.Value(i)
	}
	return e.w.Write(e.row)
}

func (e *csvEncoder) Close() error {
	if !e.header {
		if err := e.writeHeader(); err != nil {
			return err
		}
	}
	e.w.Flush()
	return e.w.Error()
}

// JSON: an array of flat objects with the CSV's field names and encodings
// (lists joined with "|", latitude and longitude as numbers, other fields as
// strings, empty fields omitted), one record per line. GeoJSON (RFC 7946):
// a FeatureCollection of the records that have coordinates, with the same
// object as properties.
type jsonEncoder struct {
	w   *bufio.Writer
	geo bool
	n   int
	buf []byte
}

func (e *jsonEncoder) Encode(l *place.Lieu) error {
	if e.geo && l.Coordinates == nil {
		return nil
	}
	b := e.buf[:0]
	if e.n == 0 {
		if e.geo {
			b = append(b, `{"type":"FeatureCollection","features":[`...)
		} else {
			b = append(b, '[')
		}
	} else {
		b = append(b, ',')
	}
	b = append(b, '\n')
	if e.geo {
		b = append(b, `{"type":"Feature","id":`...)
		b = appendJSONString(b, l.ID)
		b = append(b, `,"geometry":{"type":"Point","coordinates":[`...)
		b = strconv.AppendFloat(b, l.Coordinates.Lon, 'f', -1, 64)
		b = append(b, ',')
		b = strconv.AppendFloat(b, l.Coordinates.Lat, 'f', -1, 64)
		b = append(b, `]},"properties":`...)
	}
	b = AppendRecordJSON(b, l)
	if e.geo {
		b = append(b, '}')
	}
	e.n++
	e.buf = b
	_, err := e.w.Write(b)
	return err
}

// AppendRecordJSON appends the flat JSON object of a record, as the national
// tools exchange it. It allocates nothing beyond b's growth.
func AppendRecordJSON(b []byte, l *place.Lieu) []byte {
	b = append(b, '{')
	first := true
	key := func(i int) {
		if !first {
			b = append(b, ',')
		}
		first = false
		b = append(b, '"')
		b = append(b, place.FieldNames[i]...)
		b = append(b, '"', ':')
	}
	for i := 0; i < place.NumFields; i++ {
		switch {
		case i == place.FLatitude || i == place.FLongitude:
			if l.Coordinates == nil {
				continue
			}
			key(i)
			v := l.Coordinates.Lat
			if i == place.FLongitude {
				v = l.Coordinates.Lon
			}
			b = strconv.AppendFloat(b, v, 'f', -1, 64)
		case place.Multi(i):
			list := l.List(i)
			if len(list) == 0 {
				continue
			}
			key(i)
			b = append(b, '"')
			for j, item := range list {
				if j > 0 {
					b = append(b, '|')
				}
				b = appendJSONContent(b, item)
			}
			b = append(b, '"')
		default:
			v := l.Value(i)
			if v == "" {
				continue
			}
			key(i)
			b = appendJSONString(b, v)
		}
	}
	return append(b, '}')
}

func (e *jsonEncoder) Close() error {
	var err error
	switch {
	case e.n == 0 && e.geo:
		_, err = e.w.WriteString(`{"type":"FeatureCollection","features":[]}` + "\n")
	case e.n == 0:
		_, err = e.w.WriteString("[]\n")
	case e.geo:
		_, err = e.w.WriteString("\n]}\n")
	default:
		_, err = e.w.WriteString("\n]\n")
	}
	if err != nil {
		return err
	}
	return e.w.Flush()
}

const hexDigits = "0123456789abcdef"

// AppendJSONString appends s as a JSON string, escaped as the standard's
// JSON files are (other writers of the standard's JSON use it).
func AppendJSONString(b []byte, s string) []byte { return appendJSONString(b, s) }

// appendJSONString appends s as a JSON string.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	b = appendJSONContent(b, s)
	return append(b, '"')
}

// appendJSONContent appends s escaped for the inside of a JSON string.
func appendJSONContent(b []byte, s string) []byte {
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < utf8.RuneSelf {
			i++
			continue
		}
		if c < utf8.RuneSelf {
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	return append(b, s[start:]...)
}
