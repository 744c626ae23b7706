package main

import (
	"context"
	"encoding/csv"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"maillage/internal/failure"
	"maillage/internal/fragility"
	"maillage/internal/french"
	"maillage/internal/store"
	"maillage/internal/territory"
)

func runDemande(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 {
		return usageError{"demande : sous-commande attendue : import, liste ou supprimer"}
	}
	switch args[0] {
	case "import":
		return demandeImport(ctx, e, args[1:])
	case "liste":
		return demandeListe(ctx, e, args[1:])
	case "supprimer":
		return demandeSupprimer(ctx, e, args[1:])
	case "-h", "--help", "-help":
		fmt.Fprint(e.stdout, demandeHelp)
		return flag.ErrHelp
	}
	return usageError{fmt.Sprintf("demande : sous-commande inconnue « %s » (import, liste, supprimer)", args[0])}
}

const demandeHelp = `Usage : maillage demande SOUS-COMMANDE [options]

Charge la demande du diagnostic : la fragilité numérique et les personnes à risque
(la base : --db ou MAILLAGE_DATABASE_URL). Chaque import remplace le précédent du même genre.

  maillage demande import --indice FICHIER [--niveau commune|iris] [--millesime 2023]
      Un indice existant (CSV : code de la commune ou de l'IRIS, score ; population
      facultative par commune, obligatoire par IRIS).
  maillage demande import --indicateurs FICHIER --description FICHIER --millesime 2019
      Des indicateurs (CSV : numérateur et dénominateur, ou taux et population de base,
      par commune ou IRIS), décrits par un fichier YAML ou JSON (voir le README) qui dit
      aussi comment calculer l'indice composite et compter les personnes à risque.
  maillage demande liste [--communes]
      Dit ce qui est chargé et comment les chiffres sont calculés ; --communes écrit la
      demande de chaque commune en CSV.
  maillage demande supprimer indice|indicateurs
      Retire l'indice importé ou les indicateurs.

Sans indicateur chargé, la demande d'une commune est sa population.
`

func demandeImport(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "demande import", "--indice FICHIER | --indicateurs FICHIER --description FICHIER [options]",
		`Importe un indice de fragilité existant, ou des indicateurs et la description du
composite calculé à partir d'eux. Remplace l'import précédent du même genre.`)
	dbURL := dbFlag(fs, e)
	indexFile := fs.String("indice", "", "fichier CSV d'un indice existant (code, score)")
	var tableFiles filesValue
	fs.Var(&tableFiles, "indicateurs", "fichier CSV d'indicateurs (numérateurs et dénominateurs, ou taux et bases) ; à répéter pour des indicateurs répartis en plusieurs fichiers, joints par le code")
	descFile := fs.String("description", "", "avec --indicateurs : fichier YAML ou JSON décrivant les colonnes et le composite")
	level := fs.String("niveau", "", "avec --indice : commune ou iris (par défaut commune)")
	vintage := fs.String("millesime", "", "millésime des données (2023) : dit sur les pages d'où viennent les chiffres")
	codeCol := fs.String("colonne-code", "", "avec --indice : colonne du code (par défaut : code, code_insee, code_iris, codgeo…)")
	scoreCol := fs.String("colonne-score", "", "avec --indice : colonne du score (par défaut : score, score_global, indice…)")
	popCol := fs.String("colonne-population", "", "avec --indice : colonne de la population (par défaut : population, pop…)")
	norm := fs.String("normalisation", "", "avec --indicateurs : remplace celle de la description ("+strings.Join(fragility.Normalisations, ", ")+")")
	ref := fs.String("reference", "", "avec --indicateurs : territoire de référence de la normalisation ratio ("+strings.Join(fragility.References, ", ")+")")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	switch {
	case len(pos) > 0:
		return usageError{fmt.Sprintf("demande import : argument inattendu « %s » (le fichier se donne avec --indice ou --indicateurs)", pos[0])}
	case (*indexFile == "") == (len(tableFiles) == 0):
		return usageError{"demande import : indiquez --indice FICHIER ou --indicateurs FICHIER (l'un des deux)"}
	case len(tableFiles) > 0 && *descFile == "":
		return usageError{"demande import : --indicateurs demande --description FICHIER (colonnes et composite)"}
	case len(tableFiles) > 0 && *vintage == "":
		return usageError{"demande import : --indicateurs demande --millesime (l'année des données, ex. 2019)"}
	case *indexFile != "" && (*descFile != "" || *norm != "" || *ref != ""):
		return usageError{"demande import : --description, --normalisation et --reference vont avec --indicateurs, pas avec --indice"}
	case len(tableFiles) > 0 && (*level != "" || *codeCol != "" || *scoreCol != "" || *popCol != ""):
		return usageError{"demande import : avec --indicateurs, le niveau et les colonnes se donnent dans la description"}
	}
	st, err := openStore(ctx, e, *dbURL)
	if err != nil {
		return err
	}
	defer st.Close()
	if *indexFile != "" {
		return importIndex(ctx, e, st, *indexFile, fragility.IndexLayout{Level: *level, Vintage: *vintage, Code: *codeCol, Score: *scoreCol, Population: *popCol})
	}
	return importIndicators(ctx, e, st, tableFiles, *descFile, *vintage, *norm, *ref)
}

func openData(path string) (*os.File, error) {
	f, err := os.Open(path)
	if os.IsNotExist(err) {
		return nil, failure.Errorf(failure.NotFound, "%s : fichier introuvable", path)
	}
	return f, err
}

func importIndex(ctx context.Context, e *env, st store.Store, path string, l fragility.IndexLayout) error {
	f, err := openData(path)
	if err != nil {
		return err
	}
	defer f.Close()
	idx, stats, err := fragility.ReadIndex(f, filepath.Base(path), l)
	if err != nil {
		return err
	}
	if err := st.ReplaceFragilityIndex(ctx, idx); err != nil {
		return err
	}
	codes := make([]string, 0, len(idx.Rows))
	for c := range idx.Rows {
		codes = append(codes, c)
	}
	fmt.Fprintf(e.stdout, "Indice importé : %s (%s)%s.\n", unitsCount(idx.Level, stats.Rows), vintageText(idx.Vintage), missingText(stats.Missing))
	return unknownCodes(ctx, e, st, idx.Level, codes)
}

// filesValue is an option that may be repeated.
type filesValue []string

func (v *filesValue) String() string { return strings.Join(*v, ", ") }

func (v *filesValue) Set(s string) error {
	*v = append(*v, s)
	return nil
}

func importIndicators(ctx context.Context, e *env, st store.Store, paths []string, descPath, vintage, norm, ref string) error {
	data, err := os.ReadFile(descPath)
	if os.IsNotExist(err) {
		return failure.Errorf(failure.NotFound, "%s : fichier introuvable", descPath)
	}
	if err != nil {
		return err
	}
	l, err := fragility.ParseLayout(data, filepath.Base(descPath))
	if err != nil {
		return err
	}
	if norm != "" {
		l.Normalisation = norm
		if norm != fragility.NormRatio && ref == "" {
			l.Reference = ""
		}
	}
	if ref != "" {
		l.Reference = ref
	}
	c := l.Composite()
	if err := c.Check(); err != nil {
		return usageError{"demande import : " + err.Error()}
	}
	// A rate without a base column takes the referential's population.
	if ref, err := st.Territories(ctx); err != nil {
		return err
	} else if !ref.Empty() {
		l.SetReferentialBase(ref)
	}
	var inputs []fragility.Input
	for _, p := range paths {
		f, err := openData(p)
		if err != nil {
			return err
		}
		defer f.Close()
		inputs = append(inputs, fragility.Input{R: f, Name: filepath.Base(p)})
	}
	table, stats, err := fragility.ReadIndicatorFiles(inputs, l, vintage)
	if err != nil {
		return err
	}
	if err := st.ReplaceFragilityIndicators(ctx, table); err != nil {
		return err
	}
	codes := make([]string, 0, len(table.Units))
	for c := range table.Units {
		codes = append(codes, c)
	}
	fmt.Fprintf(e.stdout, "Indicateurs importés : %s, %s (%s)%s.\n", unitsCount(table.Level, stats.Rows),
		french.Count(len(table.Composite.Indicators), "indicateur", "indicateurs"), vintageText(vintage), missingText(stats.Missing))
	if n := stats.EmptyRepeats; n > 0 {
		fmt.Fprintf(e.stdout, "%s sans aucune valeur d'un code déjà lu avec ses valeurs : %s.\n", french.Count(n, "ligne", "lignes"), french.Plural(n, "ignorée", "ignorées"))
	}
	if n := len(stats.NoBase); n > 0 {
		fmt.Fprintf(e.stdout, "%s du référentiel (ex. %s) : leurs taux n'ont pas de base (la population du référentiel), %s.\n",
			french.Count(n, "code inconnu", "codes inconnus"), examples(stats.NoBase), french.Plural(n, "laissé de côté", "laissés de côté"))
	}
	if n := stats.Capped; n > 0 {
		fmt.Fprintf(e.stdout, "Attention : %s où les personnes à risque dépasseraient la population (bases différentes des indicateurs) : ramenées à la population.\n",
			unitsCount(table.Level, n))
	}
	return unknownCodes(ctx, e, st, table.Level, codes)
}

func unitsCount(level string, n int) string {
	if level == fragility.LevelIRIS {
		return french.Number(n) + " IRIS"
	}
	return french.Count(n, "commune", "communes")
}

func vintageText(v string) string {
	if v == "" {
		return "millésime non précisé"
	}
	return "millésime " + v
}

func missingText(n int) string {
	if n == 0 {
		return ""
	}
	return " ; " + french.Count(n, "valeur vide ou secrète laissée de côté", "valeurs vides ou secrètes laissées de côté")
}

// unknownCodes says which units the referential does not know: they are
// kept, and left out of the figures until a referential knows them.
func unknownCodes(ctx context.Context, e *env, st store.Store, level string, codes []string) error {
	ref, err := st.Territories(ctx)
	if err != nil {
		return err
	}
	if ref.Empty() {
		fmt.Fprintln(e.stdout, "Le référentiel des communes n'est pas chargé (maillage territoires import) : les données ne comptent qu'une fois rattachées à leurs communes.")
		return nil
	}
	var unknown []string
	for _, c := range codes {
		if _, ok := ref.Commune(fragility.CommuneOf(level, c)); !ok {
			unknown = append(unknown, c)
		}
	}
	if len(unknown) == 0 {
		return nil
	}
	sort.Strings(unknown)
	fmt.Fprintf(e.stdout, "%s du référentiel (ex. %s) : gardés, mais hors des calculs (communes fusionnées ou autre millésime du code officiel géographique).\n",
		french.Count(len(unknown), "code inconnu", "codes inconnus"), examples(unknown))
	return nil
}

// examples writes the first codes of a sorted list: « 16351, 63330… »
// (« … » when there are more).
func examples(codes []string) string {
	s := strings.Join(codes[:min(5, len(codes))], ", ")
	if len(codes) > 5 {
		s += "…"
	}
	return s
}

func demandeListe(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "demande liste", "[--communes]", `Dit ce qui est chargé (indice, indicateurs) et comment la fragilité et les personnes
à risque sont calculées.`)
	dbURL := dbFlag(fs, e)
	communes := fs.Bool("communes", false, "écrit la demande de chaque commune en CSV (code_insee,population,personnes_a_risque,fragilite)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageError{fmt.Sprintf("demande liste : argument inattendu « %s »", pos[0])}
	}
	st, err := openReader(ctx, e, *dbURL)
	if err != nil {
		return err
	}
	defer st.Close()
	ref, err := st.Territories(ctx)
	if err != nil {
		return err
	}
	m, err := fragility.Build(ctx, st, ref)
	if err != nil {
		return err
	}
	if *communes {
		return writeCommuneDemand(e.stdout, m, ref.Communes)
	}
	sets, err := st.DemandDatasets(ctx)
	if err != nil {
		return err
	}
	if len(sets) == 0 {
		fmt.Fprintln(e.stdout, "Aucune donnée de fragilité chargée (maillage demande import).")
	}
	for _, d := range sets {
		what := "Indice"
		if d.Kind == fragility.KindIndicators {
			what = "Indicateurs"
		}
		fmt.Fprintf(e.stdout, "%s : %s, %s, %s, importé le %s.\n", what, d.Source, unitsCount(d.Level, d.Units), vintageText(d.Vintage), printableTime(d.Imported))
	}
	info := m.Info()
	fmt.Fprintln(e.stdout, info.IndexMethod)
	fmt.Fprintln(e.stdout, info.AtRiskMethod)
	if ref.Empty() {
		fmt.Fprintln(e.stdout, "Le référentiel des communes n'est pas chargé (maillage territoires import).")
		return nil
	}
	fr := m.France()
	known := 0
	for _, d := range m.Communes() {
		if d.HasIndex {
			known++
		}
	}
	fmt.Fprintf(e.stdout, "%s sur %s avec une fragilité connue ; %s personnes à risque pour %s habitants.\n",
		french.Count(known, "commune", "communes"), french.Number(len(ref.Communes)), french.Number(int64(math.Round(fr.AtRisk))), french.Number(int64(math.Round(fr.Population))))
	return nil
}

func printableTime(s string) string {
	if t := store.ParseTime(s); !t.IsZero() {
		return t.Format("02/01/2006 15:04 MST")
	}
	return s
}

// writeCommuneDemand writes the demand of every commune as CSV, by code.
func writeCommuneDemand(w io.Writer, m *fragility.Model, communes []territory.Commune) error {
	cw := csv.NewWriter(w)
	if err := cw.Write([]string{"code_insee", "population", "personnes_a_risque", "fragilite"}); err != nil {
		return err
	}
	for _, c := range communes {
		d, _ := m.Commune(c.Code)
		frag := ""
		if d.HasIndex {
			frag = strconv.FormatFloat(d.Fragility, 'f', 2, 64)
		}
		if err := cw.Write([]string{c.Code, strconv.FormatFloat(d.Population, 'f', -1, 64), strconv.FormatFloat(math.Round(d.AtRisk*10)/10, 'f', -1, 64), frag}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func demandeSupprimer(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "demande supprimer", "indice|indicateurs", "Retire l'indice importé ou les indicateurs.")
	dbURL := dbFlag(fs, e)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || (pos[0] != fragility.KindIndex && pos[0] != fragility.KindIndicators) {
		return usageError{"demande supprimer : indiquez indice ou indicateurs"}
	}
	st, err := openStore(ctx, e, *dbURL)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.RemoveDemandDataset(ctx, pos[0]); err != nil {
		return err
	}
	if pos[0] == fragility.KindIndex {
		fmt.Fprintln(e.stdout, "Indice de fragilité retiré.")
	} else {
		fmt.Fprintln(e.stdout, "Indicateurs retirés.")
	}
	return nil
}
