package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strconv"

	"maillage/internal/evaluation"
	"maillage/internal/printable"
)

// runEvaluation is « maillage evaluation »: the annual evaluation report
// of a hub's perimeter, as a printable A4 page or CSV.
func runEvaluation(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "evaluation", "[--territoire departement:81|perimetre] --annee AAAA [--format html|csv|xlsx] [-o FICHIER]",
		`Le rapport d'évaluation annuel d'un territoire (le périmètre d'un hub) : le réseau des lieux
et ses changements dans l'année, l'activité de médiation numérique (un atelier collectif compte
un accompagnement par participant), les orientations, le Pass numérique quand il y en a un,
comparés à l'année précédente, avec la source et le millésime de chaque chiffre. En HTML : une
page imprimable en A4 ; en CSV : les colonnes section,indicateur,libelle,valeur,
annee_precedente,source,millesime ; en XLSX (-o FICHIER.xlsx) : les mêmes lignes, les
nombres en nombres, la rubrique nommée et la note de chaque rubrique. --territoire perimetre
(ou pas de --territoire) : le périmètre du hub, --hub-perimetre ou MAILLAGE_HUB_PERIMETRE.`)
	dbURL := dbFlag(fs, e)
	terr := fs.String("territoire", "", "le territoire : departement:81, epci:SIREN, commune:INSEE, region:76, plusieurs séparés par des virgules, france, "+territoryHelp)
	hub := hubPerimeterFlag(fs, e)
	year := fs.String("annee", "", "l'année civile (AAAA)")
	format := fs.String("format", "html", "html, csv ou xlsx")
	out := fs.String("o", "", "le fichier écrit (sinon la sortie standard)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return usageError{"evaluation : aucun argument attendu hors des options"}
	}
	if *format != "html" && *format != "csv" && *format != "xlsx" {
		return usageError{fmt.Sprintf("evaluation : format « %s » inconnu (html, csv, xlsx)", printable.String(*format))}
	}
	if *format == "xlsx" && *out == "" && isTerminal(e.stdout) {
		return usageError{"evaluation : un classeur XLSX ne s'affiche pas : -o FICHIER.xlsx"}
	}
	given, isHub, err := reportTerritory("evaluation", *terr, *hub)
	if err != nil {
		return err
	}
	sc, err := evaluation.ParseScope(given)
	if err != nil {
		return usageError{"evaluation : " + printable.String(err.Error())}
	}
	if sc.Lieu != "" {
		return usageError{"evaluation : le rapport est celui d'un territoire, pas d'un lieu (maillage activites statistiques --territoire lieu:…)"}
	}
	y, err := strconv.Atoi(*year)
	if err != nil || len(*year) != 4 || y < 2020 || y > e.now().Year() {
		return usageError{fmt.Sprintf("evaluation : --annee « %s » : une année de 2020 à %d", printable.String(*year), e.now().Year())}
	}
	st, err := openReader(ctx, e, *dbURL)
	if err != nil {
		return err
	}
	defer st.Close()
	name := given
	if isHub {
		name = perimetre
	}
	r, err := evaluation.BuildReport(ctx, st, nil, name, sc, y, e.now())
	if err != nil {
		return err
	}
	var w io.Writer = e.stdout
	if *out != "" {
		f, err := os.Create(*out)
		if err != nil {
			return err
		}
		defer f.Close()
		w = f
	}
	switch *format {
	case "csv":
		err = r.WriteCSV(w)
	case "xlsx":
		err = r.WriteXLSX(w)
	default:
		err = r.WriteHTML(w)
	}
	if err != nil {
		return err
	}
	if f, ok := w.(*os.File); ok && f != os.Stdout {
		return f.Close()
	}
	return nil
}
