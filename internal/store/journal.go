package store

import (
	"context"
	"iter"

	"maillage/internal/audit"
)

// Journal is the audit journal: every change to a place, an account or a
// permission, chained (see package audit).
type Journal interface {
	// Record appends an entry on its own.
	Record(ctx context.Context, e audit.Entry) error
	// Audit returns the entries about one object, oldest first.
	Audit(ctx context.Context, kind, id string) ([]audit.Entry, error)
	// AuditHead is the journal's head now (Seq 0 when empty), for a
	// checkpoint kept outside the database.
	AuditHead(ctx context.Context) (audit.Checkpoint, error)
	// AuditAll iterates over the whole journal, in order.
	AuditAll(ctx context.Context) iter.Seq2[*audit.Entry, error]
}
