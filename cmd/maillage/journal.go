package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"maillage/internal/audit"
	"maillage/internal/store"
)

// The audit journal's key and checkpoints live outside the database, and
// every process of one database must share them (README, "The audit
// journal"):
//   - SQLite: by default beside the database FILE (not the current folder),
//     as audit.key (made on first use, mode 0600; databases of one folder
//     share it, which is harmless) and FILE.points-de-controle/ (one
//     folder per database: each checkpoint also names its journal);
//   - PostgreSQL: several processes on several machines share the base, so
//     nothing is made by default: MAILLAGE_AUDIT_KEY or
//     MAILLAGE_AUDIT_KEY_FILE (a file made once by « maillage audit cle »)
//     and MAILLAGE_AUDIT_CHECKPOINTS are required.
// A verifier never makes a key.

// sqlitePath is the file of a SQLite URL (ok false for PostgreSQL).
func sqlitePath(url string) (string, bool) {
	path, ok := strings.CutPrefix(url, "sqlite:")
	return strings.TrimPrefix(path, "//"), ok
}

// auditKeys loads the journal's keys; for SQLite only, and when create is
// set, it makes the default key file and says so.
func auditKeys(e *env, url string, create bool) (audit.Keyring, error) {
	def := ""
	if path, ok := sqlitePath(url); ok {
		def = filepath.Join(filepath.Dir(path), "audit.key")
	}
	keys, path, created, err := audit.LoadKeys(e.getenv, def, create && def != "")
	switch {
	case errors.Is(err, fs.ErrNotExist) && def == "":
		return nil, fmt.Errorf("clé du journal d'audit introuvable : avec PostgreSQL, tous les processus de la base signent avec la même clé, " +
			"donnée par MAILLAGE_AUDIT_KEY (64 chiffres hexadécimaux) ou MAILLAGE_AUDIT_KEY_FILE (fichier) ; aucune n'est créée d'office. " +
			"Créez-la une fois avec « maillage audit cle CHEMIN » puis donnez MAILLAGE_AUDIT_KEY_FILE=CHEMIN à chaque processus (README, « The audit journal »)")
	case errors.Is(err, fs.ErrNotExist):
		return nil, &missingKeyError{path: path}
	case err != nil:
		return nil, err
	}
	if created {
		fmt.Fprintf(e.stderr, "maillage : clé du journal d'audit créée dans %s (mode 0600) : gardez-en une copie hors de la base (README, « The audit journal »).\n", path)
	}
	return keys, nil
}

// missingKeyError says the key file is not where it was looked for.
type missingKeyError struct{ path string }

func (e *missingKeyError) Error() string {
	return fmt.Sprintf("clé du journal d'audit introuvable : MAILLAGE_AUDIT_KEY est vide et le fichier %s n'existe pas (MAILLAGE_AUDIT_KEY_FILE pour un autre fichier, « maillage audit cle CHEMIN » pour en créer une)", e.path)
}

// checkpointDir is where the journal's head is recorded: the folder given
// (flag or MAILLAGE_AUDIT_CHECKPOINTS), else FILE.points-de-controle/
// beside the SQLite file; PostgreSQL has no default.
func checkpointDir(e *env, url, given string) (string, error) {
	if given == "" {
		given = e.getenv("MAILLAGE_AUDIT_CHECKPOINTS")
	}
	if given != "" {
		return given, nil
	}
	if path, ok := sqlitePath(url); ok {
		return path + checkpointSuffix, nil
	}
	return "", errors.New("dossier des points de contrôle du journal d'audit non indiqué : avec PostgreSQL, donnez MAILLAGE_AUDIT_CHECKPOINTS, " +
		"un même dossier hors de la base pour tous les processus de la base (README, « The audit journal »)")
}

// checkpointSuffix names a SQLite database's checkpoint folder after its
// file. Before, every database of a folder shared journal/ (legacyDir).
const checkpointSuffix = ".points-de-controle"

// legacyDir is the checkpoint folder SQLite databases shared before
// checkpoints were kept per database ("" for PostgreSQL).
func legacyDir(url string) string {
	if path, ok := sqlitePath(url); ok {
		return filepath.Join(filepath.Dir(path), "journal")
	}
	return ""
}

// baseID names the database of url by its location, which someone who
// can only write the database cannot change: the SQLite file's name (not
// its folder: a database moved with its checkpoint folder keeps it), or
// PostgreSQL's database and search_path (not the host, which differs from
// one machine to another). Checkpoints carry it (audit.BaseID).
func baseID(url string) string {
	if path, ok := sqlitePath(url); ok {
		return audit.BaseID("sqlite:" + filepath.Base(path))
	}
	loc := "postgres:" + url
	if cfg, err := pgconn.ParseConfig(url); err == nil {
		loc = "postgres:" + cfg.Database + "/" + cfg.RuntimeParams["search_path"]
	}
	return audit.BaseID(loc)
}

// checkpoint records the journal's head outside the database, unless the
// journal no longer reaches the checkpoints of this database already
// there (audit.CheckHead): then it says so and writes nothing.
func checkpoint(ctx context.Context, e *env, st store.Store, url string) error {
	dir, err := checkpointDir(e, url, "")
	if err != nil {
		return err
	}
	head, err := st.AuditHead(ctx)
	if err != nil {
		return err
	}
	head.Base = baseID(url)
	cps, err := audit.ReadCheckpoints(dir)
	if err != nil {
		return fmt.Errorf("points de contrôle du journal d'audit : %w", err)
	}
	if err := audit.CheckHead(head, cps, head.Base); err != nil {
		return err
	}
	if err := audit.WriteCheckpoint(dir, head); err != nil {
		return fmt.Errorf("point de contrôle du journal d'audit : %w", err)
	}
	return nil
}

// checkpointEvery is how often serve records the journal's head.
const checkpointEvery = 10 * time.Minute
