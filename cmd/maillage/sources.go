package main

import (
	"context"
	"flag"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"maillage/internal/failure"
	"maillage/internal/french"
	"maillage/internal/harvest"
	"maillage/internal/openinghours"
	"maillage/internal/printable"
	"maillage/internal/store"
	"maillage/internal/tableur"
)

func runSources(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 {
		return usageError{"sources : sous-commande attendue : ajouter, liste, modifier ou supprimer"}
	}
	switch args[0] {
	case "ajouter":
		return sourcesAjouter(ctx, e, args[1:])
	case "liste":
		return sourcesListe(ctx, e, args[1:])
	case "supprimer":
		return sourcesSupprimer(ctx, e, args[1:])
	case "modifier":
		return sourcesModifier(ctx, e, args[1:])
	case "historique":
		return sourcesHistorique(ctx, e, args[1:])
	case "-h", "--help", "-help":
		fmt.Fprint(e.stdout, sourcesHelp)
		return flag.ErrHelp
	}
	return usageError{fmt.Sprintf("sources : sous-commande inconnue « %s » (ajouter, liste, historique, modifier, supprimer)", args[0])}
}

const sourcesHelp = `Usage : maillage sources SOUS-COMMANDE [options]

Déclare les sources de lieux que maillage moissonne (la base : --db ou MAILLAGE_DATABASE_URL).

  maillage sources ajouter NOM --type TYPE --url URL|FICHIER [--correspondance FICHIER|NOM] [--tous-les 24h] [--priorite N]
      Déclare une source. Types : standard (fichier ou URL du standard), datagouv (jeu de
      données data.gouv.fr : identifiant, slug ou adresse de sa page), data-inclusion (API
      data·inclusion, jeton dans MAILLAGE_DATA_INCLUSION_JETON), coop (API de la Coop de la
      médiation numérique, clé dans MAILLAGE_COOP_CLE), tableur (tableur et correspondance).
  maillage sources liste
      Liste les sources déclarées et leur dernière moisson.
  maillage sources historique NOM [--nombre 20]
      Liste les dernières moissons d'une source : début, fin, statut, enregistrements créés,
      mis à jour, inchangés, retirés, rejetés, avertissements et erreur.
  maillage sources modifier NOM [--priorite N] [--tous-les 24h] [--url URL|FICHIER] [--perte-max PART]
      Modifie une source ; une nouvelle priorité recalcule tout de suite les lieux que ses
      enregistrements alimentent avec ceux d'une autre source.
  maillage sources supprimer NOM
      Supprime une source : ses enregistrements sont retirés (gardés dans l'historique).

Puis : maillage moissonner NOM (ou --toutes). « maillage serve » moissonne les sources
qui ont un intervalle (--tous-les) quand elles sont dues.
`

// cliActor names the command line in the audit journal.
const cliActor = "ligne de commande"

// intervalValue reads "24h", "30m", "7j" (days), "0" (on demand only).
type intervalValue struct{ d *time.Duration }

func (v intervalValue) String() string {
	if v.d == nil {
		return "0"
	}
	return harvest.FormatInterval(*v.d)
}

func (v intervalValue) Set(s string) error {
	d, err := harvest.ParseInterval(s)
	if err == nil {
		*v.d = d
	}
	return err
}

// parseShare reads a share of records (harvest.ParseShare).
func parseShare(s string) (float64, error) { return harvest.ParseShare(s) }

func sourcesAjouter(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "sources ajouter", "NOM --type TYPE --url URL|FICHIER [options]",
		`Déclare une source de lieux, moissonnée ensuite par « maillage moissonner NOM » ou, avec
--tous-les, par « maillage serve ». Types : `+strings.Join(store.SourceTypes, ", ")+`.
Correspondances intégrées (type tableur) : `+strings.Join(tableur.BuiltinNames(), ", ")+`.`)
	dbURL := dbFlag(fs, e)
	typ := fs.String("type", "", "type de la source (obligatoire) : "+strings.Join(store.SourceTypes, ", "))
	where := fs.String("url", "", "adresse (https://…) ou fichier ; pour datagouv, l'identifiant ou le slug du jeu de données ; pour data-inclusion et coop, l'adresse de l'API (par défaut la nationale)")
	corr := fs.String("correspondance", "", "type tableur : fichier de correspondance (YAML ou JSON) ou nom d'une correspondance intégrée")
	var every time.Duration
	fs.Var(intervalValue{&every}, "tous-les", "`durée` entre deux moissons pendant « maillage serve » : 24h, 30m, 7j (par défaut : à la demande seulement)")
	prio := fs.Int("priorite", 0, "priorité de la source quand les sources se contredisent (la plus haute l'emporte)")
	loss := fs.String("perte-max", "", "part des enregistrements qu'une moisson peut retirer avant d'être refusée (par défaut 30 %)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError{"sources ajouter : indiquez le nom de la source"}
	}
	src := store.Source{Name: pos[0], Type: *typ, URL: strings.TrimSpace(*where), Correspondence: *corr, Interval: every, Priority: *prio, DeclaredBy: cliActor}
	if *loss != "" {
		if src.MaxLoss, err = parseShare(*loss); err != nil {
			return usageError{"sources ajouter --perte-max : " + err.Error()}
		}
	}
	// What is missing is named by its option.
	switch {
	case src.Type == "":
		return usageError{"sources ajouter : --type est obligatoire (" + strings.Join(store.SourceTypes, ", ") + ")"}
	case src.URL == "" && (src.Type == store.SourceStandard || src.Type == store.SourceTableur || src.Type == store.SourceDataGouv):
		return usageError{"sources ajouter : --url est obligatoire pour le type " + src.Type}
	case src.Correspondence == "" && src.Type == store.SourceTableur:
		return usageError{"sources ajouter : un tableur demande --correspondance FICHIER ou NOM (intégrées : " + strings.Join(tableur.BuiltinNames(), ", ") + ")"}
	}
	if err := harvest.Check(&src); err != nil {
		if failure.CodeOf(err) == failure.Invalid {
			return usageError{"sources ajouter : " + failure.MessageOf(err)}
		}
		return err
	}
	if err := checkSourceFile(src); err != nil {
		return err
	}
	// A file is named by its absolute path: the server may run elsewhere.
	if (src.Type == store.SourceStandard || src.Type == store.SourceTableur) && !isURL(src.URL) {
		if src.URL, err = filepath.Abs(src.URL); err != nil {
			return err
		}
	}
	if src.Type == store.SourceTableur && !harvest.IsBuiltinCorrespondence(src.Correspondence) {
		if src.Correspondence, err = filepath.Abs(src.Correspondence); err != nil {
			return err
		}
	}
	// The declaration is journaled: the checkpoints' folder is checked first.
	if _, err := checkpointDir(e, *dbURL, ""); err != nil {
		return err
	}
	st, err := openStore(ctx, e, *dbURL)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.DeclareSource(ctx, src); err != nil {
		return err
	}
	services := harvest.Options{CoopURL: e.getenv("MAILLAGE_COOP_URL"), DataInclusionURL: e.getenv("MAILLAGE_DATA_INCLUSION_URL")}
	fmt.Fprintf(e.stdout, "Source « %s » déclarée (%s, %s, %s) : maillage moissonner %s\n", printable.String(src.Name), src.Type,
		printable.String(store.WithoutSecrets(harvest.Address(src, services))), harvest.FormatInterval(src.Interval), printable.String(src.Name))
	if harvest.CheckServiceURL(src, services) != nil {
		fmt.Fprintf(e.stdout, "Attention : cette adresse n'est pas celle de l'API configurée : sa clé ou son jeton ne lui sera envoyé que si serve ou moissonner sont lancés avec --jetons-autres-adresses (%s=1).\n", harvest.EnvTokensElsewhere)
	}
	return checkpoint(ctx, e, st, *dbURL)
}

func sourcesListe(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "sources liste", "", "Liste les sources déclarées et leur dernière moisson.")
	dbURL := dbFlag(fs, e)
	if _, err := parse(fs, args); err != nil {
		return err
	}
	st, err := openStore(ctx, e, *dbURL)
	if err != nil {
		return err
	}
	defer st.Close()
	sources, err := st.DeclaredSources(ctx)
	if err != nil {
		return err
	}
	if len(sources) == 0 {
		fmt.Fprintln(e.stdout, "Aucune source déclarée (maillage sources ajouter NOM --type TYPE --url URL).")
		return nil
	}
	last, err := st.LastHarvests(ctx)
	if err == nil {
		err = harvest.SettleLast(ctx, st, last) // killed: interrompue
	}
	if err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, "NOM\tTYPE\tADRESSE\tFRÉQUENCE\tPRIORITÉ\tDERNIÈRE MOISSON")
	for _, s := range sources {
		lastRun := "jamais moissonnée"
		if r, ok := last[s.Name]; ok {
			lastRun = runLine(r)
		}
		addr := harvest.Address(s, harvest.Options{CoopURL: e.getenv("MAILLAGE_COOP_URL"), DataInclusionURL: e.getenv("MAILLAGE_DATA_INCLUSION_URL")})
		fmt.Fprintf(e.stdout, "%s\t%s\t%s\t%s\t%d\t%s\n", printable.String(s.Name), s.Type, printable.String(store.WithoutSecrets(addr)), harvest.FormatInterval(s.Interval), s.Priority, lastRun)
	}
	return nil
}

// statusLabels say a harvest's status in French.
var statusLabels = map[string]string{
	store.HarvestRunning: "en cours", store.HarvestDone: "réussie", store.HarvestUnchanged: "inchangée",
	store.HarvestFailed: "échouée", store.HarvestInterrupted: "interrompue",
}

// runLine sums up a harvest on one line.
func runLine(r store.HarvestRun) string {
	at := r.Started.In(openinghours.Paris).Format("2006-01-02 15:04")
	switch {
	case harvest.MergeFailed(r):
		return fmt.Sprintf("%s %s : %s", at, harvest.MergeFailedWords(r), runCounts(r))
	case r.Status == store.HarvestDone:
		return fmt.Sprintf("%s réussie : %s", at, runCounts(r))
	case r.Status == store.HarvestFailed:
		return fmt.Sprintf("%s échouée : %s", at, printable.Text(r.Error))
	}
	return at + " " + statusLabels[r.Status]
}

func runCounts(r store.HarvestRun) string {
	return fmt.Sprintf("%s, %d mis à jour, %s, %s, %s", french.Count(r.Created, "créé", "créés"), r.Updated,
		french.Count(r.Unchanged, "inchangé", "inchangés"), french.Count(r.Withdrawn, "retiré", "retirés"), french.Count(r.Rejected, "rejeté", "rejetés"))
}

func sourcesSupprimer(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "sources supprimer", "NOM", `Supprime une source déclarée : ses enregistrements sont retirés (leurs lieux sont
dépubliés s'ils ne tiennent qu'à elle, et gardés dans l'historique), ses moissons passées restent.`)
	dbURL := dbFlag(fs, e)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError{"sources supprimer : indiquez le nom de la source"}
	}
	if _, err := checkpointDir(e, *dbURL, ""); err != nil {
		return err
	}
	st, err := openStore(ctx, e, *dbURL)
	if err != nil {
		return err
	}
	defer st.Close()
	run, err := harvest.Remove(ctx, st, pos[0], harvest.Options{Actor: cliActor})
	if err != nil {
		return err
	}
	fmt.Fprint(e.stdout, printable.Text(run.Report))
	return checkpoint(ctx, e, st, *dbURL)
}
