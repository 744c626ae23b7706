package audit

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
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
}

func (c Checkpoint) String() string {
	s := fmt.Sprintf("%s %d %s", c.At.UTC().Format(time.RFC3339), c.Seq, c.Hash)
	if c.Journal != "" {
		s += " " + c.Journal
	}
	return s
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
	if b, err := os.ReadFile(path); err == nil {
		lines := strings.Split(strings.TrimSpace(string(b)), "\n")
		if last, err := parseCheckpoint(lines[len(lines)-1]); err == nil && last == c.withoutTime(last.At) {
			return nil
		}
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
	if err != nil {
		return err
	}
	if _, err := fmt.Fprintln(f, c.String()); err != nil {
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
	if len(f) != 3 && len(f) != 4 {
		return c, errors.New("trois ou quatre champs attendus : date, numéro, empreinte, journal")
	}
	if len(f) == 4 {
		c.Journal = f[3]
	}
	at, err := time.Parse(time.RFC3339, f[0])
	if err != nil {
		return c, err
	}
	seq, err := strconv.ParseInt(f[1], 10, 64)
	if err != nil {
		return c, err
	}
	c.At, c.Seq, c.Hash = at, seq, f[2]
	return c, nil
}

// ReadCheckpoints reads every checkpoint of dir, oldest first (none when
// the folder does not exist).
func ReadCheckpoints(dir string) ([]Checkpoint, error) {
	names, err := filepath.Glob(filepath.Join(dir, "journal-*.txt"))
	if err != nil {
		return nil, err
	}
	slices.Sort(names)
	var out []Checkpoint
	for _, name := range names {
		f, err := os.Open(name)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		sc := bufio.NewScanner(f)
		for n := 1; sc.Scan(); n++ {
			if strings.TrimSpace(sc.Text()) == "" {
				continue
			}
			c, err := parseCheckpoint(sc.Text())
			if err != nil {
				f.Close()
				return nil, fmt.Errorf("%s, ligne %d : %v", name, n, err)
			}
			out = append(out, c)
		}
		f.Close()
		if err := sc.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}
