package main

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"maillage/internal/failure"
	"maillage/internal/harvest"
	"maillage/internal/printable"
	"maillage/internal/store"
)

// harvestOptions are the harvests' settings from the environment: the
// APIs' addresses (for a mirror, or the tests' fakes) and secrets, the
// thresholds of the merge run.
func harvestOptions(e *env) (harvest.Options, error) {
	cfg, err := dedupConfig(e)
	return harvest.Options{
		Getenv:           e.getenv,
		Now:              e.now,
		DataGouvURL:      e.getenv("MAILLAGE_DATAGOUV_URL"),
		DataInclusionURL: e.getenv("MAILLAGE_DATA_INCLUSION_URL"),
		CoopURL:          e.getenv("MAILLAGE_COOP_URL"),
		Dedup:            cfg,
		Geocoding:        geocodingFromEnv(e),
	}, err
}

func runMoissonner(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "moissonner", "NOM…|--toutes [options]",
		`Moissonne des sources déclarées (maillage sources liste) : chacune est téléchargée, convertie
au standard et importée comme un tout. Ses enregistrements absents sont retirés ; une source
qui perdrait plus de 30 % de ses enregistrements d'un coup n'est pas appliquée (export tronqué
plus probable qu'une fermeture en masse) ; une source inchangée (ETag, Last-Modified ou même
contenu) est passée. Une moisson en échec laisse le registre tel qu'il était.
Jetons et clés : MAILLAGE_DATA_INCLUSION_JETON, MAILLAGE_COOP_CLE ; adresses des services :
MAILLAGE_DATAGOUV_URL, MAILLAGE_DATA_INCLUSION_URL, MAILLAGE_COOP_URL ; géocodeur des lieux sans
coordonnées : MAILLAGE_GEOCODER_URL (la BAN par défaut, « aucun » pour s'en passer),
MAILLAGE_GEOCODER_MIN_SCORE (0.6 par défaut).`)
	dbURL := dbFlag(fs, e)
	all := fs.Bool("toutes", false, "moissonne toutes les sources déclarées")
	force := fs.Bool("forcer", false, "importe même une source inchangée")
	loss := fs.String("perte-max", "", "part des enregistrements qu'une moisson peut retirer (remplace celle de la source ; par défaut 30 %)")
	timeout := fs.Duration("delai", harvest.DefaultTimeout, "durée maximale du téléchargement d'une source")
	limits := limitFlags(fs)
	private := privateAddressesFlag(fs, e)
	tokens := tokensElsewhereFlag(fs, e)
	names, err := parse(fs, args)
	if err != nil {
		return err
	}
	if *all == (len(names) > 0) {
		return usageError{"moissonner : indiquez des noms de sources ou --toutes"}
	}
	opt, err := harvestOptions(e)
	if err != nil {
		return err
	}
	opt.Force, opt.Timeout, opt.Limits, opt.PrivateAddresses = *force, *timeout, limits, *private
	opt.TokensElsewhere = *tokens
	if *loss != "" {
		if opt.MaxLoss, err = parseShare(*loss); err != nil {
			return usageError{"moissonner --perte-max : " + err.Error()}
		}
	}
	if _, err := checkpointDir(e, *dbURL, ""); err != nil {
		return err
	}
	boundHeap(e)
	st, err := openStore(ctx, e, *dbURL, store.WithBulkWrites())
	if err != nil {
		return err
	}
	defer st.Close()
	var sources []store.Source
	if *all {
		if sources, err = st.DeclaredSources(ctx); err != nil {
			return err
		}
		if len(sources) == 0 {
			fmt.Fprintln(e.stdout, "Aucune source déclarée (maillage sources ajouter NOM --type TYPE --url URL).")
			return nil
		}
	}
	for _, n := range names {
		src, err := st.Source(ctx, n)
		if err == nil && !src.RemovedAt.IsZero() {
			err = failure.Errorf(failure.NotFound, "La source « %s » a été supprimée.", printable.String(n))
		}
		if err != nil {
			return err
		}
		sources = append(sources, src)
	}
	var summary []string
	failed := 0
	// Several sources: one merge run once they are all in (each would
	// otherwise compare the whole registry again).
	opt.LaterMerge = len(sources) > 1
	for _, src := range sources {
		start := e.now()
		run, err := harvest.Harvest(ctx, st, src, opt)
		took := time.Since(start).Round(time.Millisecond)
		if run.Report != "" {
			fmt.Fprintln(e.stdout, strings.TrimRight(printable.Text(run.Report), "\n"))
			fmt.Fprintln(e.stdout)
		}
		line := fmt.Sprintf("%s : ", printable.String(src.Name))
		switch {
		case errors.Is(err, harvest.ErrSourceRemoved):
			line += "supprimée entre-temps, pas moissonnée"
		case err != nil:
			failed++
			line += "échec : " + message(limitHint(err))
		case harvest.MergeFailed(run):
			line += harvest.MergeFailedWords(run) + " — " + runCounts(run)
		case run.Status == store.HarvestUnchanged:
			line += "inchangée, rien à importer"
		default:
			line += "réussie — " + runCounts(run)
		}
		summary = append(summary, fmt.Sprintf("%s (%s)", line, took))
		if ctx.Err() != nil {
			break
		}
	}
	if opt.LaterMerge && ctx.Err() == nil {
		summary = append(summary, laterMerge(ctx, e, st, opt))
	}
	fmt.Fprintln(e.stdout, "Résumé :")
	for _, l := range summary {
		fmt.Fprintln(e.stdout, "  "+l)
	}
	if err := checkpoint(ctx, e, st, *dbURL); err != nil {
		return err
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if failed > 0 {
		return exitStatus(1)
	}
	return nil
}
