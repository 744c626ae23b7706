package main

import (
	"context"
	"fmt"
	"time"

	"maillage/internal/french"
	"maillage/internal/harvest"
	"maillage/internal/openinghours"
	"maillage/internal/printable"
)

// historyRuns is how many harvests « sources historique » lists by default.
const historyRuns = 20

func sourcesHistorique(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "sources historique", "NOM [--nombre N]",
		"Liste les dernières moissons d'une source, de la plus récente à la plus ancienne : statut, nombres, avertissements, erreur.")
	dbURL := dbFlag(fs, e)
	n := fs.Int("nombre", historyRuns, "nombre de moissons listées")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError{"sources historique : indiquez le nom de la source"}
	}
	if *n <= 0 {
		return usageError{"sources historique --nombre : un entier positif est attendu"}
	}
	st, err := openStore(ctx, e, *dbURL)
	if err != nil {
		return err
	}
	defer st.Close()
	name := pos[0]
	if _, err := st.Source(ctx, name); err != nil {
		return err
	}
	runs, err := st.HarvestRuns(ctx, name, *n)
	if err != nil {
		return err
	}
	// A run whose process was killed is said interrupted (as « liste »).
	if err := harvest.Settle(ctx, st, runs); err != nil {
		return err
	}
	if len(runs) == 0 {
		fmt.Fprintf(e.stdout, "La source « %s » n'a jamais été moissonnée (maillage moissonner %s).\n", printable.String(name), printable.String(name))
		return nil
	}
	fmt.Fprintf(e.stdout, "Moissons de la source « %s », de la plus récente à la plus ancienne :\n", printable.String(name))
	fmt.Fprintln(e.stdout, "N°\tDÉBUT\tFIN\tSTATUT\tCRÉÉS\tMIS À JOUR\tINCHANGÉS\tRETIRÉS\tREJETÉS\tAVERTISSEMENTS\tERREUR")
	for _, r := range runs {
		end := "—"
		if !r.Ended.IsZero() {
			end = localTime(r.Ended)
		}
		status := statusLabels[r.Status]
		if harvest.MergeFailed(r) {
			status = harvest.MergeFailedWords(r)
		}
		fmt.Fprintf(e.stdout, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", r.ID, localTime(r.Started), end, status,
			french.Number(r.Created), french.Number(r.Updated), french.Number(r.Unchanged), french.Number(r.Withdrawn), french.Number(r.Rejected),
			french.Number(r.Warnings), printable.Text(r.Error))
	}
	return nil
}

// localTime writes a time of a harvest as « liste » does, in France's time.
func localTime(t time.Time) string { return t.In(openinghours.Paris).Format("2006-01-02 15:04") }
