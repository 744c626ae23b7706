package main

import (
	"context"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"strconv"
	"strings"

	"maillage/internal/french"
	"maillage/internal/personaldata"
	"maillage/internal/printable"
	"maillage/internal/store"
)

func runDonneesPersonnelles(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 {
		return usageError{"donnees-personnelles : sous-commande attendue (verifier)"}
	}
	switch {
	case isHelp(args[0]):
		fmt.Fprint(e.stdout, `Usage : maillage donnees-personnelles verifier [--effacer] [--format texte|csv]

Cherche les données personnelles enregistrées avant le détecteur (ou écrites sans lui) dans
les textes libres des activités, des activités de coordination et des orientations.
Le détail : maillage donnees-personnelles verifier -h.
`)
		return flag.ErrHelp
	case args[0] == "verifier":
		return donneesPersonnellesVerifier(ctx, e, args[1:])
	}
	return usageError{fmt.Sprintf("donnees-personnelles : sous-commande inconnue « %s » (verifier)", printable.String(args[0]))}
}

// personalKinds are the kinds of records, in the order they are read,
// as a person reads them: singular, plural.
var personalKinds = []struct{ kind, one, many string }{
	{store.PersonalActivity, "activité", "activités"},
	{store.PersonalCoordination, "activité de coordination", "activités de coordination"},
	{store.PersonalOrientation, "orientation", "orientations"},
}

func donneesPersonnellesVerifier(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "donnees-personnelles verifier", "[--effacer] [--format texte|csv]",
		`Relit chaque texte libre que le détecteur de données personnelles garde aujourd'hui (les notes,
le nom de la démarche, le titre d'un atelier, les tags et le nom du lieu d'une activité ; chaque
texte d'une activité de coordination, où une civilité suivie d'un nom reste acceptée ; la
référence, le message et la précision des réponses d'une orientation), avec les règles
mêmes de la saisie : les lignes enregistrées avant le détecteur, par une version plus ancienne
ou directement dans la base n'ont jamais été vérifiées. Les lignes sont lues par paquets.

Une ligne par champ refusé : le type d'enregistrement, son numéro, le champ (son nom dans les
formulaires), la règle, la date de l'enregistrement ; jamais le texte lui-même. Puis le
nombre de champs et d'enregistrements de chaque type (en CSV, sur la sortie d'erreur).

Avec --effacer, les champs refusés sont vidés (un tag ou un partenaire refusé est retiré),
un paquet d'enregistrements par transaction, chaque enregistrement dans le journal d'audit
(acteur « ligne de commande », les champs et les règles, jamais le texte), sa date de
modification mise à jour. Une deuxième vérification ne trouve alors plus rien.

Code de sortie : 0 quand rien n'est trouvé, 1 quand un champ est trouvé (effacé ou non),
2 pour une ligne de commande erronée.`)
	dbURL := dbFlag(fs, e)
	erase := fs.Bool("effacer", false, "vider les champs trouvés (journal d'audit)")
	format := fs.String("format", "texte", "texte ou csv")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return usageError{fmt.Sprintf("donnees-personnelles verifier : argument inattendu « %s »", printable.String(pos[0]))}
	}
	if *format != "texte" && *format != "csv" {
		return usageError{fmt.Sprintf("donnees-personnelles verifier : --format « %s » : texte ou csv", printable.String(*format))}
	}
	var st store.Store
	if *erase {
		st, err = openStore(ctx, e, *dbURL, store.WithClock(e.now))
	} else {
		st, err = openReader(ctx, e, *dbURL)
	}
	if err != nil {
		return err
	}
	defer st.Close()

	label := func(kind string) string {
		for _, k := range personalKinds {
			if k.kind == kind {
				return k.one
			}
		}
		return kind
	}
	var cw *csv.Writer
	if *format == "csv" {
		cw = csv.NewWriter(e.stdout)
		cw.Write([]string{"type", "id", "champ", "regle", "date", "efface"})
	}
	fields := map[string]int{}
	records := map[string]map[int64]bool{}
	err = st.PersonalData(ctx, *erase, cliActor, func(f store.PersonalFinding) error {
		fields[f.Kind]++
		if records[f.Kind] == nil {
			records[f.Kind] = map[int64]bool{}
		}
		records[f.Kind][f.ID] = true
		if cw != nil {
			cw.Write([]string{label(f.Kind), strconv.FormatInt(f.ID, 10), f.Label, f.Rule, f.Date, map[bool]string{true: "oui", false: "non"}[f.Erased]})
			cw.Flush()
			return cw.Error()
		}
		line := fmt.Sprintf("%s n° %d, du %s : champ « %s » : %s (règle %s)", label(f.Kind), f.ID, f.Date, f.Label, ruleWhat(f.Rule), f.Rule)
		if f.Erased {
			line += " : effacé"
		}
		_, err := fmt.Fprintln(e.stdout, line)
		return err
	})
	if err != nil {
		if *erase && len(fields) > 0 {
			// The batches erased before the failure are in the journal.
			return errors.Join(err, checkpoint(ctx, e, st, *dbURL))
		}
		return err
	}
	total := 0
	var parts []string
	for _, k := range personalKinds {
		total += fields[k.kind]
		part := french.Count(len(records[k.kind]), k.one, k.many)
		if n := fields[k.kind]; n > 0 {
			verb := "refusé"
			if *erase {
				verb = "effacé"
			}
			part += " (" + french.Count(n, "champ "+verb, "champs "+verb+"s") + ")"
		}
		parts = append(parts, part)
	}
	summary := e.stdout
	if cw != nil {
		summary = e.stderr // the CSV holds the findings only
	}
	if total == 0 {
		fmt.Fprintln(summary, "Aucune donnée personnelle trouvée dans les activités, les activités de coordination et les orientations.")
		return nil
	}
	fmt.Fprintf(summary, "Données personnelles trouvées — %s.\n", strings.Join(parts, " ; "))
	if *erase {
		if err := checkpoint(ctx, e, st, *dbURL); err != nil {
			return err
		}
	} else {
		fmt.Fprintln(summary, "Pour vider ces champs : maillage donnees-personnelles verifier --effacer.")
	}
	return exitStatus(1)
}

// ruleWhat says what a rule of the detector found.
func ruleWhat(rule string) string {
	if rule == personaldata.InvisibleRule {
		return "un caractère de contrôle ou invisible"
	}
	return personaldata.Rule(rule).What()
}
