package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"strconv"
	"strings"

	"maillage/internal/access"
	"maillage/internal/diagnostic"
	"maillage/internal/failure"
	"maillage/internal/french"
	"maillage/internal/printable"
	"maillage/internal/store"
	"maillage/internal/territory"
)

const diagnosticDoc = `Diagnostic d'un territoire : pour chaque commune, sa population, ses personnes à
risque, sa fragilité, ses lieux, son accessibilité (lieux pour 10 000 personnes à
risque) et la distance au lieu le plus proche, classées par personnes à risque non
desservies (à plus du seuil de tout lieu). Le calcul porte toujours sur toutes les
communes et tous les lieux de France : le territoire choisit seulement les lignes.

  maillage diagnostic --territoire departement:69 --format csv
  maillage diagnostic implanter --territoire epci:200046977 --nombre 3 --format text

Colonnes CSV : ` + "code_insee,nom,departement,epci,population,personnes_a_risque,fragilite,lieux,accessibilite,distance_km," +
	"qpv,au_dela_20_min,au_dela_30_min,desservie,personnes_a_risque_non_desservies" + `
(fragilite vide quand elle n'est pas connue ; distance_km vide quand aucun lieu n'existe).`

// diagnosticFlags are the options shared by diagnostic and implanter.
type diagnosticFlags struct {
	db, territoire, methode, cout, service, ponderation, osrm *string
	seuilKm, seuilMin, detour, vitesse                        *float64
}

func addDiagnosticFlags(fs *flag.FlagSet, e *env) *diagnosticFlags {
	return &diagnosticFlags{
		db:          dbFlag(fs, e),
		territoire:  fs.String("territoire", "", "france, region:CODE, departement:CODE, epci:SIREN ou commune:INSEE (obligatoire)"),
		methode:     fs.String("methode", "", "2sfca, e2sfca ou gaussien (par défaut e2sfca)"),
		cout:        fs.String("cout", "", "coût du trajet : vol-d-oiseau (km), detour (minutes : vol d'oiseau × détour à la vitesse) ou osrm (minutes, --osrm) ; par défaut vol-d-oiseau, ou detour avec --seuil-min"),
		seuilKm:     fs.Float64("seuil-km", 0, "rayon de desserte en km, avec le coût vol-d-oiseau (par défaut 10)"),
		seuilMin:    fs.Float64("seuil-min", 0, "rayon de desserte en minutes, avec les coûts detour et osrm (par défaut 20)"),
		service:     fs.String("service", "", "ne compter que les lieux offrant ce service du standard (par exemple « Aide aux démarches administratives »)"),
		ponderation: fs.String("ponderation", "", "poids d'un lieu : lieu (1 chacun) ou horaires (heures d'ouverture par semaine) ; par défaut lieu"),
		detour:      fs.Float64("detour", 0, "coefficient de détour de la route sur la ligne droite (par défaut 1,3)"),
		vitesse:     fs.Float64("vitesse", 0, "vitesse en km/h du coût detour et des durées estimées (par défaut 60)"),
		osrm:        fs.String("osrm", e.getenv("MAILLAGE_OSRM_URL"), "adresse d'un serveur OSRM (service table) pour le coût osrm (MAILLAGE_OSRM_URL)"),
	}
}

func (f *diagnosticFlags) options() diagnostic.Options {
	return diagnostic.Options{Method: *f.methode, Cost: *f.cout, SeuilKm: *f.seuilKm, SeuilMin: *f.seuilMin, Service: *f.service,
		Weighting: *f.ponderation, Detour: *f.detour, Vitesse: *f.vitesse, OSRMURL: *f.osrm}
}

// open checks the options and the territory, and opens the store with its
// referential.
func (f *diagnosticFlags) open(ctx context.Context, e *env, cmd string) (store.Store, *territory.Referential, diagnostic.Territory, diagnostic.Options, error) {
	var t diagnostic.Territory
	o, err := f.options().Normalise()
	if err != nil {
		msg := failure.MessageOf(err)
		if flag := diagnostic.OptionOfMessage(msg); flag != "" {
			msg = "--" + flag + " : " + msg
		}
		return nil, nil, t, o, usageError{cmd + " : " + msg}
	}
	if strings.TrimSpace(*f.territoire) == "" {
		return nil, nil, t, o, usageError{cmd + " : --territoire manquant : france, region:CODE, departement:CODE, epci:SIREN ou commune:INSEE"}
	}
	st, err := openReader(ctx, e, *f.db)
	if err != nil {
		return nil, nil, t, o, err
	}
	ref, err := st.Territories(ctx)
	if err != nil {
		st.Close()
		return nil, nil, t, o, err
	}
	t, err = diagnostic.ParseTerritory(*f.territoire, ref)
	if err != nil {
		st.Close()
		return nil, nil, t, o, failure.Errorf(failure.CodeOf(err), "%s : --territoire : %s", cmd, failure.MessageOf(err))
	}
	return st, ref, t, o, nil
}

func runDiagnostic(ctx context.Context, e *env, args []string) error {
	if len(args) > 0 && args[0] == "implanter" {
		return diagnosticImplanter(ctx, e, args[1:])
	}
	fs := newFlags(e, "diagnostic", "--territoire T [options] --format csv|json|html\n       maillage diagnostic implanter --territoire T --nombre K [options]", diagnosticDoc)
	f := addDiagnosticFlags(fs, e)
	format := fs.String("format", "csv", "format : csv (une ligne par commune), json (le document de l'API) ou html (une page autonome, imprimable)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageError{fmt.Sprintf("diagnostic : argument inattendu « %s » (sous-commande : implanter)", pos[0])}
	}
	if !oneOf(*format, "csv", "json", "html") {
		return usageError{fmt.Sprintf("diagnostic : --format « %s » inconnu : csv, json ou html", *format)}
	}
	st, ref, t, o, err := f.open(ctx, e, "diagnostic")
	if err != nil {
		return err
	}
	defer st.Close()
	r, err := diagnostic.Compute(ctx, st, ref, t, o)
	if err != nil {
		return err
	}
	switch *format {
	case "json":
		return r.JSON(e.stdout)
	case "html":
		return writeDiagnosticHTML(ctx, e.stdout, st, ref, r, e.now())
	}
	return r.CSV(e.stdout)
}

func diagnosticImplanter(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "diagnostic implanter", "--territoire T --nombre K [--seuil-km 10] [--candidats FICHIER] --format csv|json|text",
		`Où ouvrir K nouveaux lieux (ou points d'itinérance) pour couvrir le plus de personnes
à risque non desservies du territoire : parmi ses communes (à leur centre), ou parmi
les sites d'un fichier CSV (--candidats : latitude et longitude, ou code_insee ; id et
nom facultatifs). Un site couvre les communes dont le centre est à moins du seuil,
et sa propre commune (code_insee, ou celle dont le contour le contient) quelle que soit
la distance, comme un lieu.
Le choix est glouton : il couvre au moins 63 % (1 − 1/e) de ce que couvriraient les
meilleurs emplacements en même nombre.

Colonnes CSV : rang,code_insee,nom,personnes_couvertes,communes_couvertes,population_couverte,latitude,longitude,centre_commune,id`)
	f := addDiagnosticFlags(fs, e)
	k := fs.Int("nombre", 0, "nombre de lieux à implanter (obligatoire, 1 à "+fmt.Sprint(diagnostic.MaxPicks)+")")
	candidates := fs.String("candidats", "", "fichier CSV des sites candidats ; par défaut les communes du territoire")
	format := fs.String("format", "csv", "format : csv, json ou text")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageError{fmt.Sprintf("diagnostic implanter : argument inattendu « %s »", pos[0])}
	}
	if !oneOf(*format, "csv", "json", "text") {
		return usageError{fmt.Sprintf("diagnostic implanter : --format « %s » inconnu : csv, json ou text", *format)}
	}
	if _, err := diagnostic.ParsePicks(strconv.Itoa(*k)); err != nil {
		return usageError{"diagnostic implanter : --" + failure.MessageOf(err)}
	}
	st, ref, t, o, err := f.open(ctx, e, "diagnostic implanter")
	if err != nil {
		return err
	}
	defer st.Close()
	var cands []access.Candidate
	from := ""
	if *candidates != "" {
		in, err := openData(*candidates)
		if err != nil {
			return err
		}
		defer in.Close()
		from = filepath.Base(*candidates)
		if cands, err = access.ReadCandidates(in, from, ref); err != nil {
			return err
		}
		if len(cands) == 0 {
			return failure.Errorf(failure.Invalid, "%s : aucun site candidat", from)
		}
	}
	c := diagnostic.NewCache(st, ref)
	im, err := c.Implant(ctx, t, o, *k, cands, from)
	if err != nil {
		return err
	}
	switch *format {
	case "json":
		return im.JSON(e.stdout)
	case "text":
		return writeImplantationText(e.stdout, im)
	}
	return im.CSV(e.stdout)
}

func oneOf(s string, values ...string) bool {
	for _, v := range values {
		if s == v {
			return true
		}
	}
	return false
}

// writeImplantationText writes an implantation for a person.
func writeImplantationText(w io.Writer, im *diagnostic.Implantation) error {
	o := im.Options
	what := "un nouveau lieu"
	if im.K > 1 {
		what = fmt.Sprintf("%d nouveaux lieux", im.K)
	}
	fmt.Fprintf(w, "Où implanter %s (%s) : parmi %s, seuil %s %s.\n", what, printable.String(im.Territory.Name), printable.String(im.Candidates),
		strings.Replace(strconv.FormatFloat(o.Catchment(), 'f', -1, 64), ".", ",", 1), o.Unit())
	fmt.Fprintf(w, "Avant : %s.\n", diagnostic.GapWords(im.Before))
	for _, p := range im.Picks {
		where := printable.String(p.Name) // names come from outside
		if p.Code != "" {
			where += " (" + p.Code + ")"
		}
		fmt.Fprintf(w, "%d. %s : %s (%s, %s).\n", p.Rank, where, diagnostic.CoveredAtRisk.Of(p.Covered),
			french.Count(p.Communes, "commune", "communes"), diagnostic.Inhabitants.Of(p.People))
	}
	if s := im.Fewer(); s != "" {
		fmt.Fprintln(w, s)
	}
	fmt.Fprintf(w, "Après : %s.\n", diagnostic.GapWords(im.After))
	_, err := fmt.Fprintln(w, im.Guarantee)
	return err
}

// people writes a number of people, rounded: « 12 400 ».
func people(v float64) string { return french.Number(int64(math.Round(v))) }
