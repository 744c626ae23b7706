package account

import (
	"crypto/rand"
	"encoding/base32"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"maillage/internal/failure"
)

// APIToken is a per-account bearer token of the API, as stored: never the
// token itself, which is shown once when it is created; its SHA-256
// (HashToken) is the only form kept.
type APIToken struct {
	ID       int64
	UserID   int64
	Label    string
	Created  time.Time
	LastUsed time.Time // zero: never used
	Revoked  time.Time // zero: still valid
}

// APITokenPrefix begins every API token, so that a person, a log scrubber
// or a secret scanner recognises one.
const APITokenPrefix = "mlg_"

// apiTokenBytes is the randomness of a token: 256 bits.
const apiTokenBytes = 32

// apiTokenEncoding writes tokens in lower-case base32 without padding:
// letters and digits only, so that a double click selects the whole token.
var apiTokenEncoding = base32.NewEncoding("abcdefghijklmnopqrstuvwxyz234567").WithPadding(base32.NoPadding)

// apiTokenLen is the length of every token.
var apiTokenLen = len(APITokenPrefix) + apiTokenEncoding.EncodedLen(apiTokenBytes)

// NewAPIToken returns a fresh API token and its hash, the only form kept
// at rest.
func NewAPIToken() (token, hash string) {
	var b [apiTokenBytes]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err)
	}
	token = APITokenPrefix + apiTokenEncoding.EncodeToString(b[:])
	return token, HashToken(token)
}

// LooksLikeAPIToken reports whether s has the shape of an API token (the
// prefix, the length, the alphabet): what has not is refused without a
// look-up. It reads every byte whatever it finds.
func LooksLikeAPIToken(s string) bool {
	if len(s) != apiTokenLen {
		return false
	}
	ok := strings.HasPrefix(s, APITokenPrefix)
	for i := len(APITokenPrefix); i < len(s); i++ {
		c := s[i]
		ok = ok && ((c >= 'a' && c <= 'z') || (c >= '2' && c <= '7'))
	}
	return ok
}

// Limits of API tokens.
const (
	// MaxAPITokens is how many valid tokens an account may hold.
	MaxAPITokens = 20
	// MaxAPITokenLabel bounds a token's label, in characters.
	MaxAPITokenLabel = 100
	// APITokenTouchEvery bounds how often a token's last use is written:
	// a script calling the API many times a second costs one write a
	// minute, not one per request.
	APITokenTouchEvery = time.Minute
)

// CleanAPITokenLabel trims a token's label and checks it: at most
// MaxAPITokenLabel characters, no control or invisible characters (a
// failure.Invalid otherwise).
func CleanAPITokenLabel(s string) (string, error) {
	s = strings.TrimSpace(s)
	if !utf8.ValidString(s) {
		return "", failure.Errorf(failure.Invalid, "Le nom du jeton n'est pas du texte valide (UTF-8).")
	}
	if n := utf8.RuneCountInString(s); n > MaxAPITokenLabel {
		return "", failure.Errorf(failure.Invalid, "Le nom du jeton est trop long : %d caractères, %d au plus.", n, MaxAPITokenLabel)
	}
	for _, r := range s {
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			return "", failure.Errorf(failure.Invalid, "Le nom du jeton contient un caractère de contrôle ou invisible (U+%04X).", r)
		}
	}
	return s, nil
}
