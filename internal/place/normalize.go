package place

import (
	"net/url"
	"strings"
	"unicode/utf8"
)

// PivotKind tells what kind of identifier a pivot is.
type PivotKind int

const (
	PivotInvalid PivotKind = iota
	PivotSIRET             // 14 digits
	PivotSIREN             // 9 digits: the company, not the establishment
	PivotRNA               // W + 9 characters: an association without SIRET
	PivotOther             // 9 to 14 letters or digits (RIDET…), as the schema allows
)

// PivotKindOf classifies a pivot already stripped of spaces.
func PivotKindOf(s string) PivotKind {
	switch {
	case len(s) == 14 && allDigits(s):
		return PivotSIRET
	case len(s) == 9 && allDigits(s):
		return PivotSIREN
	case len(s) == 10 && (s[0] == 'W' || s[0] == 'w') && alnum(s[1:]):
		return PivotRNA
	case len(s) >= 9 && len(s) <= 14 && alnum(s):
		return PivotOther
	}
	return PivotInvalid
}

func alnum(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			return false
		}
	}
	return true
}

// SiretValid checks the Luhn key of a 14-digit SIRET. La Poste's
// establishments (SIREN 356 000 000) follow their own rule: the sum of the
// digits is a multiple of 5.
func SiretValid(s string) bool {
	if len(s) != 14 || !allDigits(s) {
		return false
	}
	if strings.HasPrefix(s, "356000000") {
		sum := 0
		for i := 0; i < 14; i++ {
			sum += int(s[i] - '0')
		}
		return sum%5 == 0
	}
	return luhn(s)
}

func luhn(s string) bool {
	sum := 0
	double := false
	for i := len(s) - 1; i >= 0; i-- {
		d := int(s[i] - '0')
		if double {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
		double = !double
	}
	return sum%10 == 0
}

// overseas maps the first four digits of a national number to the country
// code of its overseas territory (the schema's allowed prefixes).
var overseas = map[string]string{
	"0590": "+590", "0690": "+590", "0691": "+590", // Guadeloupe, Saint-Martin, Saint-Barthélemy
	"0594": "+594", "0694": "+594", // Guyane
	"0262": "+262", "0263": "+262", "0692": "+262", "0693": "+262", // La Réunion
	"0269": "+262", "0639": "+262", // Mayotte
	"0596": "+596", "0696": "+596", "0697": "+596", // Martinique
}

var phonePrefixes = []string{"+33", "+590", "+594", "+262", "+596", "+269", "+687", "+689", "+508", "+681"}

// NormalizePhone writes a French phone number in the standard's international
// form (+33 then 9 digits, no spaces; overseas prefixes for the DROM). It
// accepts the national form (01 23 45 67 89), "+33 (0)1…", "0033…", and
// separators (spaces, dots, dashes). ok is false when s is not a number the
// standard can hold.
func NormalizePhone(s string) (string, bool) {
	s = strings.TrimSpace(s)
	s = strings.Replace(s, "(0)", "", 1)
	var b strings.Builder
	b.Grow(len(s))
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == '+' && b.Len() == 0 && i == 0:
			b.WriteRune(r)
		case r == ' ' || r == '.' || r == '-' || r == '\u00a0' || r == '(' || r == ')' || r == '\u202f':
		default:
			return "", false
		}
	}
	n := b.String()
	if strings.HasPrefix(n, "00") {
		n = "+" + n[2:]
	}
	if !strings.HasPrefix(n, "+") {
		switch {
		case len(n) == 10 && n[0] == '0':
			if cc, ok := overseas[n[:4]]; ok {
				n = cc + n[1:]
			} else {
				n = "+33" + n[1:]
			}
		case len(n) == 9 && n[0] != '0':
			// "1 23 45 67 89": the leading 0 was lost in a spreadsheet.
			n = "+33" + n
		default:
			return "", false
		}
	}
	for _, p := range phonePrefixes {
		if strings.HasPrefix(n, p) {
			rest := n[len(p):]
			// "+33 0123456789": a national number with the prefix in front.
			if len(rest) == 10 && rest[0] == '0' {
				rest = rest[1:]
				n = p + rest
			}
			if len(rest) >= 6 && len(rest) <= 9 && allDigits(rest) {
				return n, true
			}
			return "", false
		}
	}
	return "", false
}

// EmailValid checks the shape of an e-mail address: one @, a local part, a
// domain with a dot, no spaces or control characters.
func EmailValid(s string) bool {
	at := strings.IndexByte(s, '@')
	if at <= 0 || at != strings.LastIndexByte(s, '@') || len(s) > 254 {
		return false
	}
	local, domain := s[:at], s[at+1:]
	if len(local) > 64 || !strings.Contains(domain, ".") || strings.HasPrefix(domain, ".") ||
		strings.HasSuffix(domain, ".") || strings.Contains(domain, "..") {
		return false
	}
	for _, r := range s {
		if r <= ' ' || r == '<' || r == '>' || r == ',' || r == ';' || r == '"' || r == '(' || r == ')' || r == '[' || r == ']' || r == '\\' {
			return false
		}
	}
	return utf8.ValidString(s)
}

// NormalizeURL checks a web address and completes one written without a
// scheme ("www.example.fr" → "https://www.example.fr"). ok is false when s is
// not an absolute http(s) address with a host name.
func NormalizeURL(s string) (string, bool) {
	if !strings.Contains(s, "://") {
		dot := strings.IndexByte(s, '.')
		if dot <= 0 || strings.ContainsAny(s, " @") || strings.HasPrefix(s, "/") {
			return "", false
		}
		s = "https://" + s
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" ||
		!strings.Contains(u.Hostname(), ".") || strings.ContainsAny(s, " \t\n\"<>") {
		return "", false
	}
	return s, true
}

// FoldKey reduces a vocabulary value for tolerant matching: lower case,
// accents removed, typographic apostrophes and spaces made plain, spaces collapsed.
func FoldKey(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch r {
		case '’', '‘', 'ʼ', '`':
			r = '\''
		case '\u00a0', '\u202f', '\t', '\n':
			r = ' '
		}
		if r == ' ' {
			if b.Len() > 0 {
				space = true
			}
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		if r < utf8.RuneSelf {
			if r >= 'A' && r <= 'Z' {
				r += 'a' - 'A'
			}
			b.WriteRune(r)
			continue
		}
		b.WriteString(foldRune(r))
	}
	return b.String()
}

func foldRune(r rune) string {
	switch r {
	case 'à', 'â', 'ä', 'á', 'À', 'Â', 'Ä', 'Á':
		return "a"
	case 'é', 'è', 'ê', 'ë', 'É', 'È', 'Ê', 'Ë':
		return "e"
	case 'î', 'ï', 'í', 'Î', 'Ï':
		return "i"
	case 'ô', 'ö', 'ó', 'Ô', 'Ö':
		return "o"
	case 'ù', 'û', 'ü', 'ú', 'Ù', 'Û', 'Ü':
		return "u"
	case 'ç', 'Ç':
		return "c"
	case 'œ', 'Œ':
		return "oe"
	case 'æ', 'Æ':
		return "ae"
	case '«', '»':
		return "\""
	}
	return strings.ToLower(string(r))
}

// indexColon finds " : " or ": " introducing a long-form explanation.
func indexColon(s string) int {
	i := strings.Index(s, " :")
	if i < 0 {
		i = strings.Index(s, ":")
	}
	return i
}

// lastParen finds " (" introducing a parenthesised explanation at the end.
func lastParen(s string) int {
	if !strings.HasSuffix(s, ")") {
		return -1
	}
	return strings.LastIndex(s, " (")
}
