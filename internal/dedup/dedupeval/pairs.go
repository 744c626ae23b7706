// Package dedupeval measures a matcher of source records on a labelled
// benchmark of pairs built from real data (testdata/paires.jsonl, described
// in testdata/README.md): precision and recall of the automatic band, recall
// of the review band, per category of case, with the confusion counts.
package dedupeval

import (
	"bufio"
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"maillage/internal/dedup"
	"maillage/internal/place"
)

// Label is the truth about a pair, decided by a person's rules.
type Label int

// The two labels.
const (
	// Distinct: two different places.
	Distinct Label = iota
	// Same: one place described twice.
	Same
)

// String returns the label as the data file writes it.
func (l Label) String() string {
	if l == Same {
		return "same"
	}
	return "distinct"
}

// Pair is one labelled pair of source records.
type Pair struct {
	ID       string
	Label    Label
	Category string
	// Origin says what is real in the pair: "real" (both records and their
	// relation come from the real data), "derived" (at least one record is a
	// rule-made variant of a real one).
	Origin string
	Note   string
	A, B   dedup.Record
	// Line is the pair's line in its file.
	Line int
}

// Category describes one kind of case of the benchmark.
type Category struct {
	Name  string
	Label Label
	// Title says in a few words what the case is.
	Title string
}

// Categories are the kinds of cases of the benchmark, in the order reports
// list them. Every pair belongs to one, and its label is the category's.
var Categories = []Category{
	{"same_reformatted", Same, "même lieu, autre source : mise en forme différente"},
	{"same_renamed", Same, "même lieu renommé (MSAP → France services, Maison/Espace…)"},
	{"same_address_variant", Same, "même lieu, adresse écrite autrement"},
	{"same_geocode_offset", Same, "même lieu, géocodage décalé de 100 à 900 m ou au centre de la commune"},
	{"same_contact_changed", Same, "même lieu, nouveau téléphone ou courriel"},
	{"same_missing_fields", Same, "même lieu, champs manquants"},
	{"same_within_source", Same, "même lieu saisi deux fois dans une source"},
	{"same_other_service", Same, "même lieu d'un autre type (mairie, médiathèque, EPN…) décrit par deux sources"},
	{"same_named_by_commune", Same, "même site nommé d'après sa seule commune par une autre source (sans son territoire ni son exploitant)"},
	{"same_real", Same, "doublon réel de la liste France Services"},
	{"distinct_mobile_at_base", Distinct, "France services itinérante et site fixe"},
	{"distinct_same_building", Distinct, "deux services dans un même bâtiment"},
	{"distinct_neighbours", Distinct, "lieux voisins dans la même commune"},
	{"distinct_shared_contact", Distinct, "même courriel ou téléphone d'opérateur sur plusieurs sites"},
	{"distinct_antenne", Distinct, "antenne et site principal d'une même France services"},
	{"distinct_same_name", Distinct, "même nom dans des communes différentes"},
	{"distinct_named_by_commune", Distinct, "deux sites d'une commune, l'un nommé d'après la seule commune"},
}

// CategoryByName returns the category named name.
func CategoryByName(name string) (Category, bool) {
	for _, c := range Categories {
		if c.Name == name {
			return c, true
		}
	}
	return Category{}, false
}

//go:embed testdata/paires.jsonl
var benchmark []byte

// BenchmarkFile is the path of the benchmark's data, relative to this package.
const BenchmarkFile = "testdata/paires.jsonl"

// Benchmark returns the labelled pairs of the benchmark.
func Benchmark() ([]Pair, error) {
	return Parse(bytes.NewReader(benchmark), BenchmarkFile)
}

// Load reads a file of labelled pairs.
func Load(path string) ([]Pair, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return Parse(f, path)
}

// jsonPair is a line of the data file.
type jsonPair struct {
	ID       string     `json:"id"`
	Label    string     `json:"label"`
	Category string     `json:"category"`
	Origin   string     `json:"origin"`
	Note     string     `json:"note"`
	A        jsonRecord `json:"a"`
	B        jsonRecord `json:"b"`
}

type jsonRecord struct {
	Source string            `json:"source"`
	Fields map[string]string `json:"fields"`
}

// MaxLine bounds a line of the data file.
const MaxLine = 1 << 20

// Parse reads labelled pairs, one JSON object a line (blank lines are
// skipped). Each record is read as the importer reads the standard v1.0.x
// (place.Parser), so that a matcher sees what it sees in production. An error
// names the file, the line, and what is wrong, in French.
func Parse(r io.Reader, file string) ([]Pair, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), MaxLine)
	var pairs []Pair
	ids := map[string]int{}
	seen := map[string]int{}
	line := 0
	for sc.Scan() {
		line++
		text := bytes.TrimSpace(sc.Bytes())
		if len(text) == 0 {
			continue
		}
		p, err := parsePair(text)
		if err != nil {
			return nil, fmt.Errorf("%s, ligne %d : %w", file, line, err)
		}
		p.Line = line
		if prev, ok := ids[p.ID]; ok {
			return nil, fmt.Errorf("%s, ligne %d : identifiant de paire %q déjà utilisé ligne %d", file, line, p.ID, prev)
		}
		ids[p.ID] = line
		k := pairKey(p)
		if prev, ok := seen[k]; ok {
			return nil, fmt.Errorf("%s, ligne %d : paire %s : les mêmes deux enregistrements que la ligne %d", file, line, p.ID, prev)
		}
		seen[k] = line
		pairs = append(pairs, p)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s, ligne %d : %w", file, line+1, err)
	}
	return pairs, nil
}

func parsePair(text []byte) (Pair, error) {
	var jp jsonPair
	dec := json.NewDecoder(bytes.NewReader(text))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&jp); err != nil {
		return Pair{}, fmt.Errorf("JSON illisible : %v", err)
	}
	if dec.More() {
		return Pair{}, fmt.Errorf("plus d'un objet JSON sur la ligne")
	}
	p := Pair{ID: jp.ID, Category: jp.Category, Origin: jp.Origin, Note: jp.Note}
	if p.ID == "" {
		return p, fmt.Errorf("champ « id » vide : chaque paire a un identifiant")
	}
	switch jp.Label {
	case "same":
		p.Label = Same
	case "distinct":
		p.Label = Distinct
	default:
		return p, fmt.Errorf("paire %s : label %q inconnu (attendu « same » ou « distinct »)", p.ID, jp.Label)
	}
	c, ok := CategoryByName(p.Category)
	if !ok {
		return p, fmt.Errorf("paire %s : catégorie %q inconnue", p.ID, p.Category)
	}
	if c.Label != p.Label {
		return p, fmt.Errorf("paire %s : label %q contraire à la catégorie %s (%s)", p.ID, jp.Label, c.Name, c.Label)
	}
	switch p.Origin {
	case "real", "derived":
	default:
		return p, fmt.Errorf("paire %s : origine %q inconnue (attendu « real » ou « derived »)", p.ID, p.Origin)
	}
	var err error
	if p.A, err = parseRecord(jp.A); err != nil {
		return p, fmt.Errorf("paire %s, enregistrement a : %w", p.ID, err)
	}
	if p.B, err = parseRecord(jp.B); err != nil {
		return p, fmt.Errorf("paire %s, enregistrement b : %w", p.ID, err)
	}
	if p.A.Source == p.B.Source && p.A.Lieu.ID == p.B.Lieu.ID {
		return p, fmt.Errorf("paire %s : les deux enregistrements ont la même source (%s) et le même id (%s)", p.ID, p.A.Source, p.A.Lieu.ID)
	}
	return p, nil
}

func parseRecord(jr jsonRecord) (dedup.Record, error) {
	if jr.Source == "" {
		return dedup.Record{}, fmt.Errorf("champ « source » vide : nom de la source dans maillage attendu")
	}
	raw := place.Raw{Version: "1.0"}
	for name, v := range jr.Fields {
		i, ok := place.FieldIndex[name]
		if !ok {
			return dedup.Record{}, fmt.Errorf("champ %q inconnu du standard", name)
		}
		raw.Values[i] = v
	}
	var parser place.Parser
	l, problems, ok := parser.Parse(&raw)
	if !ok {
		var msgs []string
		for _, pb := range problems {
			if pb.Severity == place.Error {
				msgs = append(msgs, fmt.Sprintf("%s = %q : %s", pb.Field, pb.Value, pb.Message))
			}
		}
		return dedup.Record{}, fmt.Errorf("enregistrement rejeté par la lecture du standard : %s", strings.Join(msgs, " ; "))
	}
	return dedup.Record{Source: jr.Source, Lieu: &l}, nil
}

// pairKey identifies the two records of a pair, in either order.
func pairKey(p Pair) string {
	a, b := recordKey(p.A), recordKey(p.B)
	if a > b {
		a, b = b, a
	}
	return a + "\x00" + b
}

func recordKey(r dedup.Record) string {
	v := r.Lieu.Values()
	var b strings.Builder
	b.WriteString(r.Source)
	for _, s := range v {
		b.WriteByte(0x1f)
		b.WriteString(s)
	}
	return b.String()
}

// CountByCategory returns how many pairs each category holds.
func CountByCategory(pairs []Pair) map[string]int {
	n := map[string]int{}
	for _, p := range pairs {
		n[p.Category]++
	}
	return n
}

// sortedCategories lists the categories in Categories' order, then any other.
func sortedCategories(names map[string]bool) []string {
	var out []string
	for _, c := range Categories {
		if names[c.Name] {
			out = append(out, c.Name)
		}
	}
	var rest []string
	for n := range names {
		if _, ok := CategoryByName(n); !ok {
			rest = append(rest, n)
		}
	}
	sort.Strings(rest)
	return append(out, rest...)
}
