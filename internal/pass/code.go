package pass

import (
	"crypto/rand"
	"math/big"
	"strings"
)

// A code is 80 random bits written as 16 characters of Crockford's base32
// (0-9 A-Z without I L O U), then one check character: the 80-bit number
// modulo 37, written with Crockford's check symbols (the 32 digits, then
// * ~ $ = U). 37 is prime and does not divide any multiple of 32^k nor of
// 31·32^k by a digit difference: every single-character typo and every
// transposition of two adjacent data characters changes the check. Codes
// are printed in groups of four with a prefix telling a pass (PN) from a
// carnet (CN): PN-7K3Q-M2XD-9HFA-TW4R-Z.

const (
	alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
	checks   = alphabet + "*~$=U"
	dataLen  = 16
)

// Kind tells a pass's code from a carnet's.
type Kind string

const (
	KindPass   Kind = "PN"
	KindCarnet Kind = "CN"
)

// Code is a parsed code: its kind and its 16 data characters.
type Code struct {
	Kind Kind
	Data string // 16 characters of alphabet
}

// NewCode draws a code of kind k from crypto/rand.
func NewCode(k Kind) Code {
	var b [dataLen]byte
	var raw [10]byte
	if _, err := rand.Read(raw[:]); err != nil {
		panic(err)
	}
	n := new(big.Int).SetBytes(raw[:])
	for i := dataLen - 1; i >= 0; i-- {
		b[i] = alphabet[new(big.Int).And(n, big.NewInt(31)).Int64()]
		n.Rsh(n, 5)
	}
	return Code{Kind: k, Data: string(b[:])}
}

// checkChar is the check character of 16 data characters.
func checkChar(data string) byte {
	m := 0
	for i := 0; i < len(data); i++ {
		m = (m*32 + strings.IndexByte(alphabet, data[i])) % 37
	}
	return checks[m]
}

// String writes the code as printed: the prefix, four groups of four
// characters and the check character, e.g. PN-7K3Q-M2XD-9HFA-TW4R-Z.
func (c Code) String() string {
	var b strings.Builder
	b.WriteString(string(c.Kind))
	for i := 0; i < dataLen; i += 4 {
		b.WriteByte('-')
		b.WriteString(c.Data[i : i+4])
	}
	b.WriteByte('-')
	b.WriteByte(checkChar(c.Data))
	return b.String()
}

// ParseCode reads a code as a person may type or a scanner may send it:
// any case, with or without spaces and hyphens, I and L read as 1 and O
// as 0, with or without its prefix (none: want's kind). It returns false
// when the characters, the length, the prefix or the check character are
// wrong: the reason is then CodeInvalide.
func ParseCode(s string, want Kind) (Code, bool) {
	if len(s) > 100 {
		return Code{}, false
	}
	// ASCII only, checked before the case is folded: a letter outside
	// ASCII whose upper case is one (ſ → S, ı → I) is not a code's.
	var b []byte
	for i := 0; i < len(s); i++ {
		r := s[i]
		switch {
		case r == ' ' || r == '-' || r == '\t':
			continue
		case r > 0x7f:
			return Code{}, false
		case 'a' <= r && r <= 'z':
			r -= 'a' - 'A'
		}
		b = append(b, r)
	}
	kind := want
	if len(b) == 2+dataLen+1 {
		kind = Kind(b[:2])
		b = b[2:]
		if kind != want {
			return Code{}, false
		}
	}
	if len(b) != dataLen+1 {
		return Code{}, false
	}
	for i := 0; i < dataLen; i++ {
		switch b[i] {
		case 'I', 'L':
			b[i] = '1'
		case 'O':
			b[i] = '0'
		}
		if strings.IndexByte(alphabet, b[i]) < 0 {
			return Code{}, false
		}
	}
	c := b[dataLen]
	switch c {
	case 'I', 'L':
		c = '1'
	case 'O':
		c = '0'
	}
	data := string(b[:dataLen])
	if checkChar(data) != c {
		return Code{}, false
	}
	return Code{Kind: kind, Data: data}, true
}

// Canonical returns the printed form of a typed code, or "" when it is
// not a valid code of kind want.
func Canonical(s string, want Kind) string {
	c, ok := ParseCode(s, want)
	if !ok {
		return ""
	}
	return c.String()
}
