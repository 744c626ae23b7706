package main

import (
	"context"
	"fmt"
	"strings"

	"maillage/internal/dedup"
	"maillage/internal/place"
	"maillage/internal/printable"
	"maillage/internal/store"
)

// doublonsSeparer splits a record off the place it was merged into, as
// « Séparer » does on the review of duplicates and on the place's page:
// the pairs between it and the place's other records are marked split, so
// that no later import or harvest merges them again.
func doublonsSeparer(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "doublons separer", "SOURCE ID [--motif TEXTE]",
		`Sépare un enregistrement (SOURCE : le nom de la source ; ID : l'identifiant que la source
lui donne, colonnes source et id de « maillage doublons --format csv ») du lieu où il a été
fusionné : il redevient un lieu à part, publié sous l'identifiant qu'il avait avant la fusion
(ou un nouveau) ; si le lieu avait été publié à partir de lui, il garde l'identifiant du lieu
et ce sont les autres enregistrements qui le quittent. Les paires
entre lui et les autres enregistrements du lieu sont marquées « séparée » : aucun import ni
aucune moisson ne les fusionnera plus. L'opération est inscrite au journal.`)
	dbURL := dbFlag(fs, e)
	reason := fs.String("motif", "Fusion erronée, séparée en ligne de commande", "motif inscrit au journal")
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 2 {
		return usageError{"doublons separer : attendu SOURCE ID (le nom de la source et l'identifiant qu'elle donne à l'enregistrement)"}
	}
	// The id as the source wrote it (as « doublons » shows it), or as
	// maillage cleaned it: one key.
	id, ok := place.CleanID(rest[1])
	if !ok {
		return usageError{fmt.Sprintf("doublons separer : identifiant « %s » impossible (« . », « .. » ou plus de %d octets)", printable.Text(rest[1]), place.MaxIDLength)}
	}
	key := store.RecordKey{Source: rest[0], ID: id}
	st, err := openStore(ctx, e, *dbURL)
	if err != nil {
		return err
	}
	defer st.Close()
	from, to, err := dedup.Split(ctx, st, key, store.MergeInfo{Actor: "ligne de commande", Reason: strings.TrimSpace(*reason)})
	if err != nil {
		return err
	}
	if to.Record == from {
		// The place was published from this record: the others left.
		_, err = fmt.Fprintf(e.stdout, "%s « %s » séparé des autres enregistrements du lieu %s : le lieu %s vient de lui et reste le sien ; les autres enregistrements sont désormais le lieu %s ; aucune fusion automatique ne les réunira plus.\n",
			printable.Text(key.Source), printable.Text(key.ID), from, from, to.Others)
		return err
	}
	_, err = fmt.Fprintf(e.stdout, "%s « %s » séparé du lieu %s : c'est désormais le lieu %s ; aucune fusion automatique ne les réunira plus.\n",
		printable.Text(key.Source), printable.Text(key.ID), from, to.Record)
	return err
}
