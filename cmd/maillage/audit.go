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
	fs := newFlags(e, "audit verifier", "", `Vérifie la chaîne du journal d'audit : chaque entrée porte l'empreinte de la
précédente, toute modification ou suppression d'une entrée passée est détectée.
Statut de sortie : 0 si la chaîne est intacte, 1 sinon.`)
	dbURL := dbFlag(fs, e)
	if _, err := parse(fs, args[1:]); err != nil {
		return err
	}
	st, err := openStore(ctx, *dbURL)
	if err != nil {
		return err
	}
	defer st.Close()
	var v audit.Verifier
	for entry, err := range st.AuditAll(ctx) {
		if err != nil {
			return err
		}
		if err := v.Check(entry); err != nil {
			fmt.Fprintf(e.stdout, "%v\n", err)
			return exitStatus(1)
		}
	}
	fmt.Fprintf(e.stdout, "Journal d'audit intact : %s.\n", french.Count(v.Count, "entrée vérifiée", "entrées vérifiées"))
	return nil
}
