package audit

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Entries are authenticated with an HMAC-SHA256 key the database does not
// hold: someone who can write the database but not read the key cannot
// forge an entry nor recompute the chain after changing one. Keys rotate:
// the first key of a Keyring signs, the others still verify older
// entries. An entry's key is named in its hash ("hmac-sha256:ID:MAC");
// entries written before keys existed carry a plain SHA-256 (64 hex).

// Key is one HMAC key and its id (the start of the key's SHA-256, which
// names it without revealing it).
type Key struct {
	ID     string
	Secret []byte
}

// NewKey returns the key of a secret.
func NewKey(secret []byte) Key {
	sum := sha256.Sum256(secret)
	return Key{ID: hex.EncodeToString(sum[:6]), Secret: secret}
}

// Keyring holds the signing key first, then older keys for verification.
type Keyring []Key

// Signer is the key new entries are signed with (nil for an empty ring).
func (r Keyring) Signer() *Key {
	if len(r) == 0 {
		return nil
	}
	return &r[0]
}

// Find returns the key of an id.
func (r Keyring) Find(id string) (*Key, bool) {
	for i := range r {
		if r[i].ID == id {
			return &r[i], true
		}
	}
	return nil, false
}

const macPrefix = "hmac-sha256:"

// keyOf returns the key id a hash names ("" for a plain SHA-256).
func keyOf(hash string) string {
	rest, ok := strings.CutPrefix(hash, macPrefix)
	if !ok {
		return ""
	}
	id, _, _ := strings.Cut(rest, ":")
	return id
}

// KeyID is the id of the key that authenticated the entry ("" when it
// was written before keys).
func (e *Entry) KeyID() string { return keyOf(e.Hash) }

func mac(k *Key, content []byte) string {
	m := hmac.New(sha256.New, k.Secret)
	m.Write([]byte(k.ID))
	m.Write(content)
	return macPrefix + k.ID + ":" + hex.EncodeToString(m.Sum(nil))
}

// ParseKeys reads a key file: one secret per line in hexadecimal (32 bytes
// or more), the signing key first; empty lines and lines starting with #
// are skipped.
func ParseKeys(text string) (Keyring, error) {
	var r Keyring
	for n, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		secret, err := hex.DecodeString(line)
		if err != nil || len(secret) < 32 {
			return nil, fmt.Errorf("clé du journal d'audit, ligne %d : 64 chiffres hexadécimaux (32 octets) au moins attendus", n+1)
		}
		r = append(r, NewKey(secret))
	}
	if len(r) == 0 {
		return nil, errors.New("clé du journal d'audit : aucune clé")
	}
	return r, nil
}

// LoadKeys finds the journal's keys: the environment's MAILLAGE_AUDIT_KEY
// (one key, hexadecimal), else the file MAILLAGE_AUDIT_KEY_FILE, else the
// file def ("" for none). When def does not exist and create is set, it is
// made with a new random key (mode 0600) and created tells so, for the
// log; otherwise a missing key is an error wrapping fs.ErrNotExist, and
// path says where the key was looked for.
func LoadKeys(getenv func(string) string, def string, create bool) (r Keyring, path string, created bool, err error) {
	if k := getenv("MAILLAGE_AUDIT_KEY"); k != "" {
		r, err = ParseKeys(k)
		return r, "MAILLAGE_AUDIT_KEY", false, err
	}
	path = def
	if f := getenv("MAILLAGE_AUDIT_KEY_FILE"); f != "" {
		path = f
	}
	if path == "" {
		return nil, "", false, fmt.Errorf("clé du journal d'audit : %w", fs.ErrNotExist)
	}
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) && path == def && create {
		k, err := NewKeyFile(path)
		if err != nil {
			return nil, path, false, err
		}
		return Keyring{k}, path, true, nil
	}
	if err != nil {
		return nil, path, false, fmt.Errorf("clé du journal d'audit : %w", err)
	}
	r, err = ParseKeys(string(b))
	if err != nil {
		return nil, path, false, fmt.Errorf("%s : %w", path, err)
	}
	return r, path, false, nil
}

// NewKeyFile writes a new random key to path (mode 0600, its folder made
// 0700 if needed); it never overwrites a file.
func NewKeyFile(path string) (Key, error) {
	secret := make([]byte, 32)
	if _, err := rand.Read(secret); err != nil {
		return Key{}, err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return Key{}, err
	}
	body := "# Clé HMAC du journal d'audit de maillage (à garder hors de la base, à sauvegarder).\n# Rotation : ajouter une nouvelle clé en PREMIÈRE ligne, garder les anciennes dessous.\n" + hex.EncodeToString(secret) + "\n"
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return Key{}, fmt.Errorf("%s existe déjà : une clé n'est jamais écrasée (rotation : README, « The audit journal »)", path)
	}
	if err != nil {
		return Key{}, err
	}
	if _, err := f.WriteString(body); err != nil {
		f.Close()
		return Key{}, err
	}
	if err := errors.Join(f.Sync(), f.Close()); err != nil {
		return Key{}, err
	}
	return NewKey(secret), nil
}
