package audit

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"maillage/internal/failure"
)

// A checkpoint records the journal's head (its last entry's number and
// hash) at a time, outside the database: in a dated file of a folder
// (one file a day, a line a checkpoint), and on the open-data page. A
// journal truncated, emptied or rewritten after a checkpoint no longer
// matches it.

// Checkpoint is the journal's head at a time.
type Checkpoint struct {
	At   time.Time
	Seq  int64
	Hash string
	// Journal names the journal the checkpoint is of (JournalID); empty
	// in the lines written before checkpoints named their journal.
	Journal string
	// Base names the database the checkpoint is of (BaseID of its
	// location, which the database does not hold); empty in the lines
	// written before checkpoints named their database.
	Base string
}

func (c Checkpoint) String() string {
	s := fmt.Sprintf("%s %d %s", c.At.UTC().Format(time.RFC3339), c.Seq, c.Hash)
	switch {
	case c.Base != "":
		s += " " + cmp.Or(c.Journal, "-") + " " + c.Base
	case c.Journal != "":
		s += " " + c.Journal
	}
	return s
}

// BaseID names a database by its location (the SQLite file's name, or
// PostgreSQL's database and schema): the first 16 hexadecimal digits of
// its SHA-256. Unlike the journal's name, someone who can only write the
// database cannot change it, so a checkpoint of this database is never
// taken for another's.
func BaseID(location string) string {
	sum := sha256.Sum256([]byte(location))
	return hex.EncodeToString(sum[:8])
}

// JournalID names a journal by its first entry's hash (its digest, 32
// hexadecimal digits, without the "hmac-sha256:KEY:" prefix): two
// databases' journals differ from their first entry (its time, to the
// microsecond, is in the hash), and the name cannot be changed without
// rewriting that entry, which breaks its MAC. A copy of a database keeps
// the name: it is the same journal up to the copy.
func JournalID(firstHash string) string {
	digest := firstHash[strings.LastIndexByte(firstHash, ':')+1:]
	return digest[:min(len(digest), 32)]
}

// WriteCheckpoint appends c to the day's file of dir (journal-AAAA-MM-JJ.txt),
// unless it is the head that file already ends with.
func WriteCheckpoint(dir string, c Checkpoint) error {
	if c.Seq == 0 {
		return nil // an empty journal has nothing to attest
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	path := filepath.Join(dir, "journal-"+c.At.UTC().Format("2006-01-02")+".txt")
	line := c.String() + "\n"
	if b, err := os.ReadFile(path); err == nil && len(b) > 0 {
		lines := strings.Split(strings.TrimSpace(string(b)), "\n")
		if last, err := parseCheckpoint(lines[len(lines)-1]); err == nil && last == c.withoutTime(last.At) {
			return nil
		}
		// A file whose last line lost its end (copied by hand, written
		// by an interrupted process) gets one first: the new checkpoint
		// never lands on the same line.
		if b[len(b)-1] != '\n' {
			line = "\n" + line
		}
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.WriteString(line); err != nil {
		f.Close()
		return err
	}
	return errors.Join(f.Sync(), f.Close())
}

func (c Checkpoint) withoutTime(at time.Time) Checkpoint {
	c.At = at
	return c
}

func parseCheckpoint(line string) (Checkpoint, error) {
	var c Checkpoint
	f := strings.Fields(line)
	if len(f) < 3 || len(f) > 5 {
		return c, errors.New("de trois à cinq champs attendus : date, numéro, empreinte, journal, base")
	}
	if len(f) >= 4 && f[3] != "-" {
		c.Journal = f[3]
	}
	if len(f) == 5 {
		c.Base = f[4]
	}
	at, err := time.Parse(time.RFC3339, f[0])
	if err != nil {
		return c, err
	}
	seq, err := strconv.ParseInt(f[1], 10, 64)
	if err != nil {
		return c, err
	}
	if !validHash(f[2]) {
		return c, fmt.Errorf("empreinte « %s » illisible : 64 chiffres hexadécimaux, ou hmac-sha256:CLÉ:64 chiffres, attendus", printable(f[2]))
	}
	c.At, c.Seq, c.Hash = at, seq, f[2]
	return c, nil
}

// ReadCheckpoints reads every checkpoint of dir, oldest first (none when
// the folder does not exist). A line it cannot read is an error, returned
// with every checkpoint it could read (a writer warns and goes on, a
// verifier stops).
func ReadCheckpoints(dir string) ([]Checkpoint, error) {
	names, err := filepath.Glob(filepath.Join(dir, "journal-*.txt"))
	if err != nil {
		return nil, err
	}
	slices.Sort(names)
	var out []Checkpoint
	var errs []error
	for _, name := range names {
		f, err := os.Open(name)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		b, err := io.ReadAll(f)
		f.Close()
		if err != nil {
			return nil, err
		}
		lines := strings.Split(string(b), "\n")
		for i, line := range lines {
			if strings.TrimSpace(line) == "" {
				continue
			}
			c, err := parseCheckpoint(line)
			if err != nil && i == len(lines)-1 {
				// The last line has no end: its writing was cut.
				errs = append(errs, fmt.Errorf("%s, ligne %d : dernière ligne coupée, sans fin de ligne (écriture interrompue, ou fichier modifié) : « %s » ; "+
					"ce point de contrôle est illisible : complétez la ligne d'après une copie du dossier, ou retirez-la après l'avoir examinée", name, i+1, printable(line)))
				continue
			}
			if err != nil {
				errs = append(errs, fmt.Errorf("%s, ligne %d : %v", name, i+1, err))
				continue
			}
			out = append(out, c)
		}
	}
	return out, errors.Join(errs...)
}

// printable shortens a line for a message and shows its control
// characters escaped.
func printable(line string) string {
	if len(line) > 200 {
		line = line[:200] + "…"
	}
	q := strconv.Quote(line)
	return q[1 : len(q)-1]
}

// of tells whether c is a checkpoint of the database named base whose
// journal is named journal ("" for either when unknown): a checkpoint
// naming a base is that base's, whatever journal it names; a line naming
// no base (written before) is this database's unless it names another
// journal.
func (c Checkpoint) of(base, journal string) bool {
	if c.Base != "" && base != "" {
		return c.Base == base
	}
	return c.Journal == "" || journal == "" || c.Journal == journal
}

// CheckHead tells whether a writer may chain to head, the journal's head
// now, given the checkpoints of its folder and the database's name: the
// journal must reach every checkpoint of this database and agree with
// it. A journal emptied, truncated or replaced since is refused: chaining
// to it would start a new journal that later checkpoints would attest,
// and what was removed would be laundered. Only checkpoints naming the
// base count (lines written before are left to the verifier).
func CheckHead(head Checkpoint, cps []Checkpoint, base string) error {
	for _, c := range cps {
		if c.Base == "" || c.Base != base {
			continue
		}
		var why string
		switch {
		case c.Seq > head.Seq:
			why = fmt.Sprintf("le journal s'arrête à l'entrée %d, mais le point de contrôle du %s atteste l'entrée %d (journal vidé, tronqué ou remplacé)",
				head.Seq, c.At.Format(time.RFC3339), c.Seq)
		case c.Seq == head.Seq && c.Hash != head.Hash,
			c.Journal != "" && head.Journal != "" && c.Journal != head.Journal:
			why = fmt.Sprintf("le journal (%s) n'est plus celui qu'atteste le point de contrôle du %s (journal %s, entrée %d) : journal remplacé ou réécrit",
				cmp.Or(head.Journal, "sans première entrée"), c.At.Format(time.RFC3339), c.Journal, c.Seq)
		default:
			continue
		}
		return failure.Errorf(failure.Conflict, "journal d'audit : %s. Rien n'est écrit : un nouveau journal ne recommence jamais là où cette base en avait un. "+
			"Examinez-le avec « maillage audit verifier » ; si la base a été recréée volontairement, déplacez son ancien dossier de points de contrôle (README, « The audit journal »)", why)
	}
	return nil
}

// validHash tells whether h is an entry's hash: a plain SHA-256 or an
// HMAC named by its key (64 hexadecimal digits either way).
func validHash(h string) bool {
	if rest, ok := strings.CutPrefix(h, macPrefix); ok {
		id, digest, ok := strings.Cut(rest, ":")
		if !ok || id == "" {
			return false
		}
		h = digest
	}
	_, err := hex.DecodeString(h)
	return err == nil && len(h) == 64
}
