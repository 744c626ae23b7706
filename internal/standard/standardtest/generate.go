// Package standardtest generates realistic files of the standard for
// benchmarks and load tests.
package standardtest

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"math/rand/v2"
	"strconv"
	"strings"

	"maillage/internal/place"
)

type commune struct {
	name, cp, insee string
	lat, lon        float64
}

var communes = []commune{
	{"Toulouse", "31000", "31555", 43.6045, 1.4440}, {"Albi", "81000", "81004", 43.9289, 2.1464},
	{"Montpellier", "34000", "34172", 43.6108, 3.8767}, {"Perpignan", "66000", "66136", 42.6987, 2.8956},
	{"Rodez", "12000", "12202", 44.3506, 2.5750}, {"Cahors", "46000", "46042", 44.4475, 1.4419},
	{"Auch", "32000", "32013", 43.6465, 0.5855}, {"Tarbes", "65000", "65440", 43.2328, 0.0781},
	{"Foix", "09000", "09122", 42.9653, 1.6069}, {"Mende", "48000", "48095", 44.5181, 3.5006},
	{"Nîmes", "30000", "30189", 43.8367, 4.3601}, {"Carcassonne", "11000", "11069", 43.2130, 2.3491},
	{"Strasbourg", "67000", "67482", 48.5734, 7.7521}, {"Metz", "57000", "57463", 49.1193, 6.1757},
	{"Lille", "59000", "59350", 50.6292, 3.0573}, {"Bastia", "20200", "2B033", 42.6977, 9.4508},
	{"Saint-Denis", "97400", "97411", -20.8789, 55.4481}, {"Bourg-en-Bresse", "01000", "01053", 46.2052, 5.2255},
	{"Reims", "51100", "51454", 49.2583, 4.0317}, {"Rennes", "35000", "35238", 48.1173, -1.6778},
}

var kinds = []struct{ name, typ string }{
	{"Espace public numérique", "EPN"}, {"Médiathèque", "BIB"}, {"Centre social", "CS"},
	{"France services", "RFS"}, {"Tiers-lieu", "TIERS_LIEUX|ASSO"}, {"Maison de quartier", "MQ"},
	{"CCAS", "CCAS"}, {"Mission locale", "ML"}, {"Fablab", "FABLAB|ASSO"}, {"Bus numérique", "ENM"},
}

var hours = []string{
	"Mo-Fr 09:00-12:00,14:00-18:00", "Mo-Fr 09:00-12:00,14:00-17:30; Sa 09:00-12:00; PH off",
	"Tu-Sa 10:00-18:00", "Mo,We,Fr 14:00-18:00", "Mo-Fr 08:30-12:30,13:30-17:00; PH off",
	"Tu 09:00-12:00; Th 14:00-17:00", "Mo-Th 09:00-17:00; Fr 09:00-12:00", "We 14:00-18:00; Sa 10:00-12:00",
	"", "lundi au vendredi 9h-12h",
}

var streets = []string{"rue de la République", "avenue Jean Jaurès", "place de la Mairie", "rue Victor Hugo", "boulevard Gambetta", "rue des Écoles"}

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

func subset(r *rand.Rand, xs []string, max int) string {
	n := r.IntN(max + 1)
	if n == 0 {
		return ""
	}
	perm := r.Perm(len(xs))
	out := make([]string, 0, n)
	for _, i := range perm[:min(n, len(xs))] {
		out = append(out, xs[i])
	}
	return strings.Join(out, "|")
}

func siret(r *rand.Rand) string {
	b := []byte(fmt.Sprintf("%013d", r.Int64N(1e13)))
	for d := byte('0'); d <= '9'; d++ {
		s := string(append(b, d))
		if place.SiretValid(s) {
			return s
		}
	}
	return string(b) + "0"
}

// WriteCSV writes a v1 CSV of n realistic records (with the quirks of real
// exports: national phone numbers, some unknown pivots, some unreadable
// hours), reproducible for a seed.
func WriteCSV(w io.Writer, n int, seed uint64) error {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	bw := bufio.NewWriterSize(w, 256<<10)
	cw := csv.NewWriter(bw)
	cw.Write(place.FieldNames[:])
	rec := make([]string, place.NumFields)
	for i := 0; i < n; i++ {
		c := pick(r, communes)
		k := pick(r, kinds)
		for j := range rec {
			rec[j] = ""
		}
		rec[place.FID] = "lieu-" + strconv.Itoa(i+1)
		if r.IntN(5) == 0 {
			rec[place.FPivot] = place.PivotPlaceholder
		} else {
			rec[place.FPivot] = siret(r)
		}
		rec[place.FNom] = k.name + " " + c.name + " " + strconv.Itoa(i%97+1)
		rec[place.FCommune] = c.name
		rec[place.FCodePostal] = c.cp
		rec[place.FCodeINSEE] = c.insee
		rec[place.FAdresse] = strconv.Itoa(r.IntN(120)+1) + " " + pick(r, streets)
		if r.IntN(10) > 0 {
			rec[place.FLatitude] = strconv.FormatFloat(c.lat+(r.Float64()-0.5)*0.2, 'f', 5, 64)
			rec[place.FLongitude] = strconv.FormatFloat(c.lon+(r.Float64()-0.5)*0.2, 'f', 5, 64)
		}
		rec[place.FTypologie] = k.typ
		rec[place.FTelephone] = fmt.Sprintf("0%d %02d %02d %02d %02d", r.IntN(5)+1, r.IntN(100), r.IntN(100), r.IntN(100), r.IntN(100))
		rec[place.FCourriels] = "contact" + strconv.Itoa(i) + "@exemple-lieux.fr"
		rec[place.FSiteWeb] = "https://www.exemple-lieux.fr/lieu/" + strconv.Itoa(i)
		rec[place.FHoraires] = pick(r, hours)
		rec[place.FPresentationResume] = "Accompagnement au numérique pour tous les publics : ateliers, accès libre et aide aux démarches."
		rec[place.FSource] = "Hub générateur"
		rec[place.FItinerance] = "Fixe"
		if k.typ == "ENM" {
			rec[place.FItinerance] = "Itinérant"
		}
		rec[place.FDateMaj] = fmt.Sprintf("202%d-%02d-%02d", r.IntN(7), r.IntN(12)+1, r.IntN(28)+1)
		rec[place.FServices] = subset(r, place.Services.Values, 4)
		rec[place.FPublics] = subset(r, place.Publics.Values, 2)
		rec[place.FPriseEnCharge] = subset(r, place.PrisesEnCharge.Values, 2)
		rec[place.FFrais] = subset(r, place.FraisACharge.Values, 1)
		rec[place.FDispositifs] = subset(r, place.Dispositifs.Values, 2)
		rec[place.FModalitesAcces] = subset(r, place.ModalitesAcces.Values[:4], 2)
		rec[place.FModalitesAccompagnement] = subset(r, place.ModalitesAccompagnement.Values, 2)
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return bw.Flush()
}
