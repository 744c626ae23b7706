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

Avec --effacer, un texte refusé pour un caractère invisible (trait d'union conditionnel,
liant d'emoji, BOM…) est nettoyé : ces caractères seuls sont retirés, le reste du texte gardé,
puis il est vérifié à nouveau. Les champs encore refusés sont vidés (un tag ou un partenaire
refusé est retiré), un paquet d'enregistrements par transaction, chaque enregistrement dans le
journal d'audit (acteur « ligne de commande », les champs et les règles, jamais le texte), sa
date de modification mise à jour. Une deuxième vérification ne les trouve alors plus.
Les anciennes versions des lignes sont ensuite retirées des fichiers de la base (SQLite :
espace libéré mis à zéro, journal WAL vidé ; PostgreSQL : VACUUM des tables touchées), au
mieux : un échec est signalé sur la sortie d'erreur. Les sauvegardes et les archives du WAL
de PostgreSQL faites avant gardent les textes jusqu'à leur expiration.

Le journal d'audit est lu aussi : ses entrées sur les activités et les activités de
coordination écrites par une version plus ancienne peuvent garder une copie d'un texte (le nom
d'une activité de coordination). Chaque entrée qui en garde une avec des données personnelles
est signalée (type « entrée du journal », son numéro, le champ, la règle) mais jamais
effacée : le journal est chaîné, chaque entrée scellée avec son texte, et l'effacer romprait
la chaîne que vérifie maillage audit verifier. Ces copies restent.

Code de sortie : 0 quand rien n'est trouvé (ou seulement des entrées du journal), 1 quand un
champ d'un enregistrement est trouvé (effacé, nettoyé ou non), 2 pour une ligne de commande
erronée.`)
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
		if kind == store.PersonalJournal {
			return "entrée du journal"
		}
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
		cw.Write([]string{"type", "id", "champ", "regle", "date", "efface", "nettoye"})
	}
	fields, cleaned := map[string]int{}, map[string]int{}
	records := map[string]map[int64]bool{}
	err = st.PersonalData(ctx, *erase, cliActor, func(f store.PersonalFinding) error {
		if f.Cleaned {
			cleaned[f.Kind]++
		} else {
			fields[f.Kind]++
		}
		if records[f.Kind] == nil {
			records[f.Kind] = map[int64]bool{}
		}
		records[f.Kind][f.ID] = true
		yes := map[bool]string{true: "oui", false: "non"}
		if cw != nil {
			cw.Write([]string{label(f.Kind), strconv.FormatInt(f.ID, 10), f.Label, f.Rule, f.Date, yes[f.Erased], yes[f.Cleaned]})
			cw.Flush()
			return cw.Error()
		}
		line := fmt.Sprintf("%s n° %d, du %s : champ « %s » : %s (règle %s)", label(f.Kind), f.ID, f.Date, f.Label, ruleWhat(f.Rule), f.Rule)
		switch {
		case f.Erased:
			line += " : effacé"
		case f.Cleaned:
			line += " : nettoyé (caractères invisibles retirés, le reste du texte gardé)"
		case f.Kind == store.PersonalJournal:
			line += " : gardé (journal chaîné)"
		}
		_, err := fmt.Fprintln(e.stdout, line)
		return err
	})
	if err != nil {
		if *erase && len(fields)+len(cleaned) > 0 {
			// The batches erased before the failure are in the journal.
			return errors.Join(err, checkpoint(ctx, e, st, *dbURL))
		}
		return err
	}
	total := 0
	var parts []string
	for _, k := range personalKinds {
		total += fields[k.kind] + cleaned[k.kind]
		part := french.Count(len(records[k.kind]), k.one, k.many)
		var counts []string
		if n := fields[k.kind]; n > 0 {
			verb := "refusé"
			if *erase {
				verb = "effacé"
			}
			counts = append(counts, french.Count(n, "champ "+verb, "champs "+verb+"s"))
		}
		if n := cleaned[k.kind]; n > 0 {
			counts = append(counts, french.Count(n, "champ nettoyé", "champs nettoyés"))
		}
		if len(counts) > 0 {
			part += " (" + strings.Join(counts, ", ") + ")"
		}
		parts = append(parts, part)
	}
	summary := e.stdout
	if cw != nil {
		summary = e.stderr // the CSV holds the findings only
	}
	// The journal's copies: reported, never erased (see the help).
	journal := func() {
		if n := len(records[store.PersonalJournal]); n > 0 {
			fmt.Fprintf(summary, "Le journal d'audit garde une copie d'un texte avec des données personnelles dans %s (%s), "+
				"écrite par une version qui copiait ces textes : le journal est chaîné (maillage audit verifier), "+
				"ses entrées ne s'effacent pas sans rompre la chaîne ; ces copies restent, --effacer ne les touche pas.\n",
				french.Count(n, "entrée", "entrées"), french.Count(fields[store.PersonalJournal], "champ", "champs"))
		}
	}
	if total == 0 {
		fmt.Fprintln(summary, "Aucune donnée personnelle trouvée dans les activités, les activités de coordination et les orientations.")
		journal()
		return nil
	}
	fmt.Fprintf(summary, "Données personnelles trouvées — %s.\n", strings.Join(parts, " ; "))
	journal()
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
