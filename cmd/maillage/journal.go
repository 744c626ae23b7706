package main

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"maillage/internal/audit"
	"maillage/internal/store"
)

// The audit journal's key and checkpoints live outside the database: by
// default in the folder of the SQLite file (./data for PostgreSQL), as
// audit.key (created on first use, mode 0600) and journal/ (a dated file
// a day of the journal's head). MAILLAGE_AUDIT_KEY, MAILLAGE_AUDIT_KEY_FILE
// and MAILLAGE_AUDIT_CHECKPOINTS put them elsewhere (README, "Journal
// d'audit").

// dataDir is the folder beside the database.
func dataDir(url string) string {
	if path, ok := strings.CutPrefix(url, "sqlite:"); ok {
		return filepath.Dir(strings.TrimPrefix(path, "//"))
	}
	return "data"
}

// auditKeys loads (or makes) the journal's keys, and says so when it made one.
func auditKeys(e *env, url string) (audit.Keyring, error) {
	keys, path, created, err := audit.LoadKeys(e.getenv, filepath.Join(dataDir(url), "audit.key"))
	if err != nil {
		return nil, err
	}
	if created {
		fmt.Fprintf(e.stderr, "maillage : clé du journal d'audit créée dans %s (mode 0600) : gardez-en une copie hors de la base (README, « Journal d'audit »).\n", path)
	}
	return keys, nil
}

// checkpointDir is where the journal's head is recorded.
func checkpointDir(e *env, url string) string {
	return envOr(e, "MAILLAGE_AUDIT_CHECKPOINTS", filepath.Join(dataDir(url), "journal"))
}

// checkpoint records the journal's head outside the database.
func checkpoint(ctx context.Context, e *env, st store.Store, url string) error {
	head, err := st.AuditHead(ctx)
	if err != nil {
		return err
	}
	if err := audit.WriteCheckpoint(checkpointDir(e, url), head); err != nil {
		return fmt.Errorf("point de contrôle du journal d'audit : %w", err)
	}
	return nil
}

// checkpointEvery is how often serve records the journal's head.
const checkpointEvery = 10 * time.Minute
