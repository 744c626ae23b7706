// Package account holds the people of maillage: accounts, their roles and
// what each role may do, sign-in tokens and sessions.
package account

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strings"
	"time"
)

// Role is what an account is for.
type Role string

const (
	// Administrateur: the hub; may do everything.
	Administrateur Role = "administrateur"
	// Coordinateur moderates the places of a territory (départements, EPCI).
	Coordinateur Role = "coordinateur"
	// Contributeur is a structure's staff: edits the places it has claimed.
	Contributeur Role = "contributeur"
	// The roles of the Pass numérique, declared now so that permissions are designed once.
	Financeur    Role = "financeur"
	Distributeur Role = "distributeur"
	LieuQualifie Role = "lieu_qualifie"
)

// Roles lists every role with its French label.
var Roles = []struct {
	Role  Role
	Label string
}{
	{Administrateur, "Administrateur (le hub)"},
	{Coordinateur, "Coordinateur de territoire"},
	{Contributeur, "Contributeur (une structure)"},
	{Financeur, "Financeur du Pass numérique"},
	{Distributeur, "Distributeur du Pass numérique"},
	{LieuQualifie, "Lieu qualifié Pass numérique"},
}

// ParseRole reads a role name.
func ParseRole(s string) (Role, bool) {
	for _, r := range Roles {
		if string(r.Role) == s {
			return r.Role, true
		}
	}
	return "", false
}

// Territory is a part of France a coordinator answers for.
type Territory struct {
	Kind string // "departement" or "epci"
	Code string
}

// User is an account. Personal data are kept to the minimum: a name, an
// e-mail address and a structure.
type User struct {
	ID          int64
	Email       string
	Name        string
	Structure   string
	Role        Role
	Territories []Territory // for coordinators
	Created     time.Time
	// PasswordHash (argon2id) and TOTPSecret are optional second factors.
	PasswordHash string
	TOTPSecret   string
}

// NormalizeEmail lower-cases and trims an address: one person, one account.
func NormalizeEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// NewToken returns a random secret for a link or a session, and its hash,
// the only form kept at rest.
func NewToken() (token, hash string) {
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err)
	}
	token = base64.RawURLEncoding.EncodeToString(b[:])
	return token, HashToken(token)
}

// HashToken is the stored form of a token.
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// SameSecret compares two secrets in constant time.
func SameSecret(a, b string) bool {
	return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}

// Lifetimes of links and sessions.
const (
	LinkLifetime    = 15 * time.Minute
	SessionIdle     = 2 * time.Hour
	SessionAbsolute = 12 * time.Hour
)

// Session is a signed-in browser.
type Session struct {
	Hash     string // hash of the cookie's token
	UserID   int64
	Created  time.Time
	LastSeen time.Time
	Revoked  bool
}

// Valid reports whether a session may still be used at now.
func (s *Session) Valid(now time.Time) bool {
	return !s.Revoked && now.Sub(s.LastSeen) < SessionIdle && now.Sub(s.Created) < SessionAbsolute
}

// ParseTerritories reads "departement:81, epci:248100737" (separated by
// commas, "|" or spaces), as forms, the command line and storage write it.
func ParseTerritories(s string) ([]Territory, error) {
	var out []Territory
	for _, t := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '|' || r == ' ' }) {
		kind, code, ok := strings.Cut(t, ":")
		if !ok || (kind != "departement" && kind != "epci") || code == "" {
			return nil, fmt.Errorf("territoire « %s » : attendu departement:CODE ou epci:SIREN", t)
		}
		out = append(out, Territory{Kind: kind, Code: code})
	}
	return out, nil
}

// FormatTerritories writes territories as ParseTerritories reads them.
func FormatTerritories(ts []Territory, sep string) string {
	parts := make([]string, len(ts))
	for i, t := range ts {
		parts[i] = t.Kind + ":" + t.Code
	}
	return strings.Join(parts, sep)
}
