package main

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"maillage/internal/failure"
)

// TestExitCodeMessages: a typed failure is told by its French message
// alone; an internal error keeps every detail, for the person to report.
func TestExitCodeMessages(t *testing.T) {
	conflict := failure.Errorf(failure.Conflict, "C'est le seul compte administrateur.")
	busy := failure.Wrap(failure.Unavailable, errors.New("database is locked (5) (SQLITE_BUSY)"), "La base de données est occupée : réessayez dans un instant.")
	internal := failure.Wrap(failure.Internal, errors.New("disk I/O error"), "Erreur interne.")
	for _, tt := range []struct {
		name   string
		err    error
		code   int
		stderr string
	}{
		{"failure", conflict, 1, "maillage : C'est le seul compte administrateur.\n"},
		{"wrapped failure", fmt.Errorf("utilisateurs : %w", conflict), 1, "maillage : C'est le seul compte administrateur.\n"},
		{"failure with a cause", busy, 1, "maillage : La base de données est occupée : réessayez dans un instant.\n"},
		{"internal failure", internal, 1, "maillage : interne : Erreur interne. : disk I/O error\n"},
		{"plain error", fmt.Errorf("lecture de x.csv : %w", errors.New("permission denied")), 1, "maillage : lecture de x.csv : permission denied\n"},
		{"usage", usageError{"import : indiquez un fichier"}, 2, "maillage : import : indiquez un fichier (maillage help)\n"},
		{"interrupted", fmt.Errorf("export : %w", context.Canceled), 130, "maillage : export : interrompu (Ctrl+C)\n"},
		{"exit status", exitStatus(3), 3, ""},
		{"none", nil, 0, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var b strings.Builder
			if code := exitCode(tt.err, &b); code != tt.code || b.String() != tt.stderr {
				t.Errorf("exitCode(%v) = %d, %q; want %d, %q", tt.err, code, b.String(), tt.code, tt.stderr)
			}
		})
	}
}
