package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"strconv"

	"maillage/internal/evaluation"
	"maillage/internal/printable"
)

// activitesStatistiques is « maillage activites statistiques »: the
// figures of a territory (or a place) over a period, with the previous
// period of the same length in JSON.
func activitesStatistiques(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "activites statistiques", "[--territoire departement:81|perimetre] [--du AAAA-MM-JJ --au AAAA-MM-JJ] [--format csv|json]",
		`Les statistiques d'activité d'un territoire (ou d'un lieu : lieu:IDENTIFIANT) sur une période :
accompagnements (un atelier collectif compte un accompagnement par participant, comme la Coop
de la médiation numérique), activités individuelles, ateliers et leurs participants, une ligne
thematique:<valeur de l'API> par thématique, le public, les durées, les canaux, le matériel
(materiel:), l'autonomie (autonomie:), les lieux, les réorientations, les orientations, les
activités de coordination (celles d'un département comptent dans ce département, sa région et
partout, jamais dans une commune ou un EPCI) et une ligne tag:<portée>:<nom> par étiquette
(tag:departemental:Café IA ; la portée est personnel, equipe, departemental ou national, le nom
suit le premier deux-points). Les activités saisies ici,
importées de la Coop et les agrégats mensuels ne se recouvrent jamais (lignes source:…).
En CSV : les colonnes indicateur,valeur ; en JSON : aussi la période précédente de même durée.
Sans --du ni --au : les 12 derniers mois complets. --territoire perimetre (ou pas de
--territoire) : le périmètre du hub, --hub-perimetre ou MAILLAGE_HUB_PERIMETRE.`)
	dbURL := dbFlag(fs, e)
	terr := fs.String("territoire", "", "le territoire : departement:81, epci:SIREN, commune:INSEE, region:76, lieu:ID, plusieurs séparés par des virgules, france, "+territoryHelp)
	hub := hubPerimeterFlag(fs, e)
	from := fs.String("du", "", "premier jour de la période (AAAA-MM-JJ) ; sans --du ni --au, les 12 derniers mois complets")
	to := fs.String("au", "", "dernier jour de la période, inclus (AAAA-MM-JJ)")
	format := fs.String("format", "csv", "csv ou json")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return usageError{"activites statistiques : aucun argument attendu hors des options"}
	}
	if *format != "csv" && *format != "json" {
		return usageError{fmt.Sprintf("activites statistiques : format « %s » inconnu (csv, json)", printable.String(*format))}
	}
	given, isHub, err := reportTerritory("activites statistiques", *terr, *hub)
	if err != nil {
		return err
	}
	if isHub {
		*terr = perimetre
	}
	sc, err := evaluation.ParseScope(given)
	if err != nil {
		return usageError{"activites statistiques : " + printable.String(err.Error())}
	}
	p, err := reportPeriod("activites statistiques", *from, *to, e.now())
	if err != nil {
		return err
	}
	st, err := openReader(ctx, e, *dbURL)
	if err != nil {
		return err
	}
	defer st.Close()
	cur, prev, err := evaluation.Load(ctx, st, sc, p)
	if err != nil {
		return err
	}
	if *format == "json" {
		type line struct {
			Indicateur        string `json:"indicateur"`
			Valeur            int    `json:"valeur"`
			PeriodePrecedente int    `json:"periode_precedente"`
		}
		out := struct {
			Territoire  string `json:"territoire"`
			Du          string `json:"du"`
			Au          string `json:"au"`
			PrecedentDu string `json:"precedent_du"`
			PrecedentAu string `json:"precedent_au"`
			Indicateurs []line `json:"indicateurs"`
		}{Territoire: *terr, Du: p.From, Au: p.To, PrecedentDu: prev.Period.From, PrecedentAu: prev.Period.To}
		for _, c := range evaluation.Compare(cur, prev) {
			out.Indicateurs = append(out.Indicateurs, line{c.Indicator, c.Value, c.Previous})
		}
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	w := csv.NewWriter(e.stdout)
	w.Write([]string{"indicateur", "valeur"})
	for _, l := range cur.Lines() {
		w.Write([]string{l.Indicator, strconv.Itoa(l.Value)})
	}
	w.Flush()
	return w.Error()
}
