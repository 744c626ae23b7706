// Command paires writes the labelled benchmark of duplicate pairs
// (internal/dedup/dedupeval/testdata/paires.jsonl) from the real list of
// France Services sites (ANCT, July 2023) and the centres of the communes.
// What is real and what is derived, and the rules of each category, are in
// internal/dedup/dedupeval/testdata/README.md. The output depends only on the
// inputs and the seed.
//
//	go run ./tools/paires -fs france_services_2023-07.csv -communes communes_centroides_geoapi.csv \
//	    -departements node_modules/@etalab/decoupage-administratif/data/departements.json \
//	    -corrections internal/dedup/dedupeval/testdata/corrections.json -exemples reference/standard \
//	    -o internal/dedup/dedupeval/testdata/paires.jsonl
package main

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"sort"
	"strconv"
	"strings"
)

func main() {
	fsPath := flag.String("fs", "", "liste France Services de l'ANCT (CSV)")
	communesPath := flag.String("communes", "", "centres des communes (CSV insee,dept,lon,lat,name)")
	depsPath := flag.String("departements", "node_modules/@etalab/decoupage-administratif/data/departements.json", "départements (JSON de @etalab/decoupage-administratif)")
	correctionsPath := flag.String("corrections", "", "corrections faites à la main (JSON)")
	examples := flag.String("exemples", "", "dossier des exemples valides du standard (exemple-valide-v0.1.1.csv, exemple-valide-v1.0.2-main.csv)")
	out := flag.String("o", "", "fichier de sortie (JSON Lines)")
	seed := flag.Uint64("seed", 20231201, "graine")
	flag.Parse()
	if err := run(*fsPath, *communesPath, *depsPath, *correctionsPath, *examples, *out, *seed); err != nil {
		fmt.Fprintln(os.Stderr, "paires :", err)
		os.Exit(1)
	}
}

func run(fsPath, communesPath, depsPath, correctionsPath, examples, out string, seed uint64) error {
	rows, err := readFS(fsPath)
	if err != nil {
		return err
	}
	centres, err := readCentres(communesPath)
	if err != nil {
		return err
	}
	regions, err := readRegions(depsPath)
	if err != nil {
		return err
	}
	var corr []correction
	if correctionsPath != "" {
		b, err := os.ReadFile(correctionsPath)
		if err != nil {
			return err
		}
		if err := json.Unmarshal(b, &corr); err != nil {
			return fmt.Errorf("%s : %v", correctionsPath, err)
		}
	}
	g := &gen{
		rng:     rand.New(rand.NewPCG(seed, seed^0x5eed)),
		rows:    rows,
		byID:    map[string]*fsRow{},
		centres: centres,
		regions: regions,
		counter: map[string]int{},
		seen:    map[string]bool{},
	}
	for _, r := range rows {
		g.byID[r.ID] = r
	}
	g.areaPrefix = areaPrefixes(rows)
	g.generate()
	if examples != "" {
		if err := g.examplePair(examples); err != nil {
			return err
		}
	}
	pairs, err := applyCorrections(g.pairs, corr)
	if err != nil {
		return err
	}
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	for _, p := range pairs {
		b, err := json.Marshal(p)
		if err != nil {
			f.Close()
			return err
		}
		w.Write(b)
		w.WriteByte('\n')
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	n := map[string]int{}
	for _, p := range pairs {
		n[p.Category]++
	}
	var cats []string
	for c := range n {
		cats = append(cats, c)
	}
	sort.Strings(cats)
	for _, c := range cats {
		fmt.Fprintf(os.Stderr, "%-26s %4d\n", c, n[c])
	}
	fmt.Fprintf(os.Stderr, "%-26s %4d\n", "total", len(pairs))
	return nil
}

// fsRow is one site of the France Services list.
type fsRow struct {
	ID, Dep, Nom, Adresse, Complement, INSEE, CP, Commune string
	Lat, Lon                                              float64
	LatS, LonS                                            string
	Mail, Tel                                             string
	Hours                                                 [6]string
	Itinerance, FormatFS, Groupe, Format                  string

	// For a derived place of another kind (a médiathèque, a mairie…) at a
	// site's address: the names sources give it, its typologie, and its
	// other e-mail.
	Aliases       []string
	Typo, AltMail string
}

// mobile reports whether the list says the site is itinerant (a bus, a
// van…): what its record's itinerance says.
func (r *fsRow) mobile() bool {
	return r.Format == "Mobile" || r.Itinerance == "Oui"
}

// itinerant reports whether the site is itinerant by the list's fields or
// by its name ("Bus France services…", "France Services Itinérante…").
func (r *fsRow) itinerant() bool {
	n := strings.ToLower(r.Nom)
	return r.mobile() || strings.Contains(n, "itinéran") || strings.Contains(n, "bus ") || strings.Contains(n, "mobile")
}

func readFS(path string) ([]*fsRow, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	cr := csv.NewReader(f)
	head, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("%s : %v", path, err)
	}
	col := map[string]int{}
	for i, h := range head {
		col[strings.TrimPrefix(h, "\ufeff")] = i
	}
	for _, c := range []string{"id_fs", "insee_dep", "lib_fs", "adresse", "complement_adresse", "insee_com", "code_postal", "lib_com", "latitude", "longitude", "mail", "telephone", "h_lundi", "itinerance", "format_fs", "groupe", "format_fs_anct"} {
		if _, ok := col[c]; !ok {
			return nil, fmt.Errorf("%s : colonne %s absente", path, c)
		}
	}
	var rows []*fsRow
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s : %v", path, err)
		}
		get := func(c string) string { return strings.TrimSpace(rec[col[c]]) }
		r := &fsRow{ID: get("id_fs"), Dep: get("insee_dep"), Nom: get("lib_fs"), Adresse: get("adresse"),
			Complement: get("complement_adresse"), INSEE: get("insee_com"), CP: get("code_postal"),
			Commune: get("lib_com"), Mail: get("mail"), Tel: get("telephone"), Itinerance: get("itinerance"),
			FormatFS: get("format_fs"), Groupe: get("groupe"), Format: get("format_fs_anct"),
			LatS: get("latitude"), LonS: get("longitude")}
		for i, d := range []string{"h_lundi", "h_mardi", "h_mercredi", "h_jeudi", "h_vendredi", "h_samedi"} {
			r.Hours[i] = get(d)
		}
		if r.Lat, err = strconv.ParseFloat(r.LatS, 64); err != nil {
			return nil, fmt.Errorf("%s : site %s : latitude %q", path, r.ID, r.LatS)
		}
		if r.Lon, err = strconv.ParseFloat(r.LonS, 64); err != nil {
			return nil, fmt.Errorf("%s : site %s : longitude %q", path, r.ID, r.LonS)
		}
		rows = append(rows, r)
	}
	return rows, nil
}

type centre struct {
	Lat, Lon float64
	Name     string
}

func readCentres(path string) (map[string]centre, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	cr := csv.NewReader(f)
	recs, err := cr.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("%s : %v", path, err)
	}
	m := map[string]centre{}
	for _, r := range recs[1:] {
		lon, err1 := strconv.ParseFloat(r[2], 64)
		lat, err2 := strconv.ParseFloat(r[3], 64)
		if err1 != nil || err2 != nil {
			return nil, fmt.Errorf("%s : commune %s : coordonnées illisibles", path, r[0])
		}
		m[r[0]] = centre{Lat: lat, Lon: lon, Name: r[4]}
	}
	return m, nil
}

func readRegions(path string) (map[string]string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var deps []struct{ Code, Region string }
	if err := json.Unmarshal(b, &deps); err != nil {
		return nil, fmt.Errorf("%s : %v", path, err)
	}
	m := map[string]string{}
	for _, d := range deps {
		m[d.Code] = d.Region
	}
	return m, nil
}

// correction is a change made by hand after reading a pair.
type correction struct {
	ID    string `json:"id"`
	Label string `json:"label,omitempty"`
	// Category, when set, moves the pair (its label follows the category).
	Category string `json:"category,omitempty"`
	Drop     bool   `json:"drop,omitempty"`
	Why      string `json:"why"`
}

func applyCorrections(pairs []*pair, corr []correction) ([]*pair, error) {
	byID := map[string]*correction{}
	for i := range corr {
		byID[corr[i].ID] = &corr[i]
	}
	used := map[string]bool{}
	var out []*pair
	for _, p := range pairs {
		c := byID[p.ID]
		if c == nil {
			out = append(out, p)
			continue
		}
		used[p.ID] = true
		if c.Drop {
			continue
		}
		if c.Category != "" {
			p.Category = c.Category
		}
		if c.Label != "" {
			p.Label = c.Label
		}
		p.Note += " [corrigé à la main : " + c.Why + "]"
		out = append(out, p)
	}
	for id := range byID {
		if !used[id] {
			return nil, fmt.Errorf("correction pour la paire %s, qui n'existe pas", id)
		}
	}
	return out, nil
}

// pair is a line of the output.
type pair struct {
	ID       string `json:"id"`
	Label    string `json:"label"`
	Category string `json:"category"`
	Origin   string `json:"origin"`
	Note     string `json:"note"`
	A        record `json:"a"`
	B        record `json:"b"`
}

type record struct {
	Source string            `json:"source"`
	Fields map[string]string `json:"fields"`
}

// gen holds the state of a generation.
type gen struct {
	rng     *rand.Rand
	rows    []*fsRow
	byID    map[string]*fsRow
	centres map[string]centre
	regions map[string]string
	counter map[string]int
	seen    map[string]bool
	pairs   []*pair
	// areaPrefix is the commonest landline prefix (01–05) of each
	// département's sites.
	areaPrefix map[string]string
}

func (g *gen) add(p *pair) bool {
	if g.seen[p.ID] {
		return false
	}
	g.seen[p.ID] = true
	g.pairs = append(g.pairs, p)
	return true
}

func (g *gen) chance(p float64) bool { return g.rng.Float64() < p }

func pick[T any](g *gen, xs []T) T { return xs[g.rng.IntN(len(xs))] }

// haversine returns the distance in metres between two positions.
func haversine(lat1, lon1, lat2, lon2 float64) float64 {
	const r = 6371000
	p1, p2 := lat1*math.Pi/180, lat2*math.Pi/180
	dp, dl := (lat2-lat1)*math.Pi/180, (lon2-lon1)*math.Pi/180
	a := math.Sin(dp/2)*math.Sin(dp/2) + math.Cos(p1)*math.Cos(p2)*math.Sin(dl/2)*math.Sin(dl/2)
	return 2 * r * math.Asin(math.Sqrt(a))
}

// offset moves a position by d metres in direction bearing (radians).
func offset(lat, lon, d, bearing float64) (float64, float64) {
	dlat := d * math.Cos(bearing) / 111320
	dlon := d * math.Sin(bearing) / (111320 * math.Cos(lat*math.Pi/180))
	return lat + dlat, lon + dlon
}

func coord(f float64, decimals int) string {
	return strconv.FormatFloat(f, 'f', decimals, 64)
}

func areaPrefixes(rows []*fsRow) map[string]string {
	n := map[string]map[string]int{}
	for _, r := range rows {
		d := digits(r.Tel)
		if len(d) != 10 || d[0] != '0' || d[1] < '1' || d[1] > '5' {
			continue
		}
		if n[r.Dep] == nil {
			n[r.Dep] = map[string]int{}
		}
		n[r.Dep][d[:2]]++
	}
	m := map[string]string{}
	for dep, counts := range n {
		best := ""
		for p, c := range counts {
			if best == "" || c > counts[best] || (c == counts[best] && p < best) {
				best = p
			}
		}
		m[dep] = best
	}
	return m
}
