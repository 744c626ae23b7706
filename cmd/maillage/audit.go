package main

import (
	"context"
	"fmt"

	"maillage/internal/audit"
	"maillage/internal/french"
)

func runAudit(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 || (args[0] != "verifier" && args[0] != "vérifier") {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			args = []string{"verifier", "-h"}
		} else {
			return usageError{"audit : sous-commande attendue : maillage audit verifier"}
		}
	}
	fs := newFlags(e, "audit verifier", "", `Vérifie le journal d'audit : chaque entrée porte l'empreinte de la précédente,
authentifiée par une clé HMAC que la base ne contient pas (MAILLAGE_AUDIT_KEY,
MAILLAGE_AUDIT_KEY_FILE, ou audit.key à côté de la base), et la tête du journal
est comparée aux points de contrôle écrits hors de la base par serve et import
(dossier journal/ à côté de la base, ou MAILLAGE_AUDIT_CHECKPOINTS). Une entrée
modifiée, forgée, supprimée, une chaîne recalculée sans la clé, un journal
tronqué ou vidé sont détectés.
Statut de sortie : 0 si le journal est intact, 1 sinon.`)
	dbURL := dbFlag(fs, e)
	if _, err := parse(fs, args[1:]); err != nil {
		return err
	}
	st, err := openStore(ctx, e, *dbURL)
	if err != nil {
		return err
	}
	defer st.Close()
	keys, err := auditKeys(e, *dbURL)
	if err != nil {
		return err
	}
	dir := checkpointDir(e, *dbURL)
	cps, err := audit.ReadCheckpoints(dir)
	if err != nil {
		return err
	}
	v := audit.Verifier{Keys: keys, Checkpoints: cps}
	for entry, err := range st.AuditAll(ctx) {
		if err != nil {
			return err
		}
		if err := v.Check(entry); err != nil {
			fmt.Fprintf(e.stdout, "%v\n", err)
			return exitStatus(1)
		}
	}
	if err := v.Finish(); err != nil {
		fmt.Fprintf(e.stdout, "%v\n", err)
		return exitStatus(1)
	}
	fmt.Fprintf(e.stdout, "Journal d'audit intact : %s", french.Count(v.Count, "entrée vérifiée", "entrées vérifiées"))
	if v.Unsigned > 0 {
		fmt.Fprintf(e.stdout, " (dont %s d'avant la clé, chaînées sans authentification)", french.Count(v.Unsigned, "entrée", "entrées"))
	}
	fmt.Fprintf(e.stdout, ", %s.\n", french.Count(int64(len(cps)), "point de contrôle concordant", "points de contrôle concordants"))
	return nil
}
