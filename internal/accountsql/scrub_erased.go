package accountsql

import (
	"context"
	"log/slog"
)

// Tables each erasure changes, whose old row versions ScrubErased takes
// out of the database's files.
var (
	personalDataTables = []string{"activites", "activite_tags", "activites_coordination", "activite_coordination_valeurs", "orientations", "orientation_evenements"}
	anonymizedTables   = []string{"orientations", "orientation_evenements", "orientation_liens", "orientation_rappels", "orientation_relances"}
	deletedUserTables  = []string{"comptes", "sessions", "jetons_api", "jetons_connexion", "limites_connexion"}
)

// scrubErased is what every erasure of personal data does once it has
// committed (PersonalData with erase, AnonymizeOrientations, DeleteUser):
// the engine's Dialect.ScrubErased takes the old versions of the rows out
// of the database's files (SQLite: its WAL; PostgreSQL: the tables' dead
// tuples), so that a copy of the files no longer holds the erased texts.
// Best effort: the erasure stands when it fails (a reader keeping the WAL,
// a lack of rights), and the failure is logged for the operator.
func (s *Store) scrubErased(ctx context.Context, tables []string) {
	if s.dialect.ScrubErased == nil {
		return
	}
	if err := s.dialect.ScrubErased(ctx, tables); err != nil {
		log := s.dialect.Log
		if log == nil {
			log = slog.Default()
		}
		log.Warn("données effacées : les anciennes versions des lignes restent dans les fichiers de la base jusqu'à la prochaine occasion",
			"tables", tables, "err", err)
	}
}
