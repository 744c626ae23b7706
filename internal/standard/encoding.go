package standard

import (
	"bufio"
	"bytes"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"

	"maillage/internal/place"
)

// Files come as people's tools save them: Excel on Windows writes
// Windows-1252 (or UTF-16 for "Texte Unicode"), old Macs Mac Roman and
// lone CRs, some tools ISO-8859-15, others several byte order marks. They
// are converted to UTF-8 as they are read, with a notice that names what
// was converted.

var bom = []byte{0xEF, 0xBB, 0xBF}

// legacy are the single-byte encodings a French file may be in, in order
// of preference when they read the same: Windows-1252 is a superset of
// ISO-8859-1 for text.
var legacy = []struct {
	name string
	enc  encoding.Encoding
}{
	{"Windows-1252", charmap.Windows1252},
	{"ISO-8859-15", charmap.ISO8859_15},
	{"Mac Roman", charmap.Macintosh},
}

// frenchRunes are the non-ASCII characters French text is made of; any
// other non-ASCII character read counts against an encoding.
const frenchRunes = "àâäçéèêëîïôöùûüÿœæÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸŒÆ€«»°’‘“”–—… "

// guessLegacy picks the encoding under which sample reads most like French.
// Mac Roman needs strong evidence: it is chosen only when the text does
// not read as plausible Windows-1252 (Excel's encoding, by far the most
// common) and reads as French in Mac Roman.
func guessLegacy(sample []byte) (string, encoding.Encoding) {
	best, bestScore := 0, 0
	for i, l := range legacy {
		text, err := l.enc.NewDecoder().Bytes(sample)
		if err != nil {
			continue
		}
		score := 0
		for _, r := range string(text) {
			switch {
			case r < utf8.RuneSelf:
			case strings.ContainsRune(frenchRunes, r):
				score++
			default:
				score -= 3
			}
		}
		switch {
		case i == 0:
			best, bestScore = i, score
		case l.enc == charmap.Macintosh:
			if bestScore < 0 && score > 0 {
				best, bestScore = i, score
			}
		case score > bestScore:
			best, bestScore = i, score
		}
	}
	return legacy[best].name, legacy[best].enc
}

// mostlyUTF8 tells whether a sample that is not valid UTF-8 is UTF-8 with a
// few stray bytes: it has valid multi-byte sequences, and at most one
// invalid byte for four of them. A file in a single-byte encoding has
// almost no valid multi-byte sequence (é is one byte followed by ASCII),
// so a UTF-8 file with a stray byte keeps its accents, and only the
// records holding the bad bytes are refused.
func mostlyUTF8(sample []byte) bool {
	multi, invalid := 0, 0
	for i := 0; i < len(sample); {
		if sample[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, n := utf8.DecodeRune(sample[i:])
		if r == utf8.RuneError && n <= 1 {
			invalid++
			i++
			continue
		}
		multi++
		i += n
	}
	return multi > 0 && invalid*4 <= multi
}

// completeUTF8 returns b without a multi-byte character cut at its end.
func completeUTF8(b []byte) []byte {
	for i := 1; i <= utf8.UTFMax && i <= len(b); i++ {
		if utf8.RuneStart(b[len(b)-i]) {
			if !utf8.FullRune(b[len(b)-i:]) {
				return b[:len(b)-i]
			}
			break
		}
	}
	return b
}

// decode returns a reader of br's content in UTF-8, with notices about
// what was converted.
func decode(br *bufio.Reader) (*bufio.Reader, []place.Problem) {
	var notes []place.Problem
	note := func(msg string) {
		notes = append(notes, place.Problem{Severity: place.Info, Rule: place.RuleEncoding, Message: msg})
	}
	if b, _ := br.Peek(2); len(b) == 2 && (b[0] == 0xFF && b[1] == 0xFE || b[0] == 0xFE && b[1] == 0xFF) {
		utf16 := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM)
		br = bufio.NewReaderSize(transform.NewReader(br, utf16.NewDecoder()), 64<<10)
		note("fichier encodé en UTF-16 (« Texte Unicode ») : converti en UTF-8")
	}
	boms := 0
	for {
		if b, _ := br.Peek(3); !bytes.Equal(b, bom) {
			break
		}
		br.Discard(3)
		boms++
	}
	if boms > 1 {
		note("marque d'ordre des octets (BOM) répétée " + strconv.Itoa(boms) + " fois en tête du fichier : retirée")
	}
	head, _ := br.Peek(64 << 10)
	if head = completeUTF8(head); !utf8.Valid(head) && !mostlyUTF8(head) {
		name, enc := guessLegacy(head)
		br = bufio.NewReaderSize(transform.NewReader(br, enc.NewDecoder()), 64<<10)
		note("fichier encodé en " + name + " et non en UTF-8 : converti en UTF-8 (enregistrez-le en « CSV UTF-8 » pour que ce ne soit plus deviné)")
	}
	return br, notes
}

// oldMacLines reads a text whose lines end with a lone CR as one whose
// lines end with LF.
type oldMacLines struct{ r io.Reader }

func (o oldMacLines) Read(p []byte) (int, error) {
	n, err := o.r.Read(p)
	for i, c := range p[:n] {
		if c == '\r' {
			p[i] = '\n'
		}
	}
	return n, err
}

// lineEndings converts lone CRs to LF when the head of a CSV file has CRs
// and no LF.
func lineEndings(br *bufio.Reader) (*bufio.Reader, []place.Problem) {
	head, _ := br.Peek(64 << 10)
	if bytes.IndexByte(head, '\n') >= 0 || bytes.IndexByte(head, '\r') < 0 {
		return br, nil
	}
	return bufio.NewReaderSize(oldMacLines{br}, 64<<10), []place.Problem{{Severity: place.Info, Rule: place.RuleEncoding,
		Message: "fins de ligne en retour chariot seul (anciens Mac) : converties"}}
}
