package fragility

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"maillage/internal/failure"
	"maillage/internal/territory"
)

// Layout describes an indicators file and the composite computed from it
// (a YAML or JSON file; README "Demand" shows one).
type Layout struct {
	Level         string            `yaml:"niveau"`
	Code          string            `yaml:"code"`
	Normalisation string            `yaml:"normalisation"`
	Reference     string            `yaml:"reference"`
	Indicators    []LayoutIndicator `yaml:"indicateurs"`
	AtRisk        AtRiskSpec        `yaml:"personnes_a_risque"`

	// population is the base of a rate given without one (SetReferentialBase).
	population        func(code string) (float64, bool)
	populationVintage string
	ref               *territory.Referential
}

// SetReferentialBase gives a rate without a base column the referential's
// population of the commune as its base.
func (l *Layout) SetReferentialBase(ref *territory.Referential) {
	l.populationVintage = ref.CommunesVintage.Vintage
	l.ref = ref
	l.population = func(code string) (float64, bool) {
		c, ok := ref.Commune(code)
		if !ok || c.Population <= 0 {
			return 0, false
		}
		return float64(c.Population), true
	}
}

// known tells whether the referential of the base knows a commune.
func (l *Layout) known(code string) bool {
	if l.ref == nil {
		return true
	}
	_, ok := l.ref.Commune(code)
	return ok
}

// LayoutIndicator is one indicator of a Layout: its columns, direction
// and weight.
type LayoutIndicator struct {
	Key         string   `yaml:"cle"`
	Label       string   `yaml:"libelle"`
	Numerator   string   `yaml:"numerateur"`
	Denominator string   `yaml:"denominateur"`
	Rate        string   `yaml:"taux"`
	Base        string   `yaml:"base"`
	Scale       *float64 `yaml:"echelle"` // the rate is per Scale (100: a percentage); 1 by default
	Direction   string   `yaml:"sens"`    // "+" (default) or "-"
	// Weight in the composite: 1 by default; 0 leaves the indicator out
	// of the composite (loaded to count people at risk only).
	Weight *float64 `yaml:"poids"`
}

func (ind LayoutIndicator) scale() float64 {
	if ind.Scale != nil {
		return *ind.Scale
	}
	return 1
}

// MaxScale bounds an indicator's echelle (a rate per million at most).
const MaxScale = 1e6

// share tells whether the indicator is a part of its base: an indicator
// that counts people at risk (its numerator at most its denominator, its
// rate at most its echelle), or a rate per more than 1 (a percentage is
// at most 100). A median income (taux, echelle 1) is neither.
func (l *Layout) share(ind LayoutIndicator) bool {
	return ind.Key == l.AtRisk.Age || ind.Key == l.AtRisk.Diploma || (ind.Rate != "" && ind.scale() > 1)
}

var keyPattern = regexp.MustCompile(`^[a-z0-9_]{1,40}$`)

// ParseLayout reads and checks a layout; file names it in errors.
func ParseLayout(data []byte, file string) (*Layout, error) {
	var l Layout
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&l); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, failure.Errorf(failure.Invalid, "%s : description vide", file)
		}
		return nil, failure.Errorf(failure.Invalid, "%s : description illisible : %s", file, yamlMessage(err))
	}
	bad := func(format string, args ...any) error {
		return failure.Errorf(failure.Invalid, "%s : %s", file, fmt.Sprintf(format, args...))
	}
	if l.Level == "" {
		l.Level = LevelCommune
	}
	if l.Level != LevelCommune && l.Level != LevelIRIS {
		return nil, bad("niveau « %s » inconnu (commune ou iris)", l.Level)
	}
	if len(l.Indicators) == 0 {
		return nil, bad("aucun indicateur (liste « indicateurs »)")
	}
	for i := range l.Indicators {
		ind := &l.Indicators[i]
		name := fmt.Sprintf("indicateur n° %d", i+1)
		if ind.Key != "" {
			name += fmt.Sprintf(" (« %s »)", ind.Key)
		}
		if !keyPattern.MatchString(ind.Key) {
			return nil, bad("%s : clé « cle » attendue, en minuscules, chiffres et _ (ex. plus_65_ans)", name)
		}
		counts := ind.Numerator != "" || ind.Denominator != ""
		rate := ind.Rate != "" || ind.Base != ""
		switch {
		case counts && rate:
			return nil, bad("%s : numerateur et denominateur, ou taux et base, pas les deux", name)
		case counts && (ind.Numerator == "" || ind.Denominator == ""):
			return nil, bad("%s : numerateur et denominateur vont ensemble", name)
		case rate && ind.Rate == "":
			return nil, bad("%s : base sans taux (la base est la population du taux, pour l'agréger)", name)
		case rate && ind.Base == "" && l.Level == LevelIRIS:
			return nil, bad("%s : taux sans base : au niveau des IRIS, la colonne base (population du taux) est obligatoire, le référentiel n'a pas la population des IRIS", name)
		case !counts && !rate:
			return nil, bad("%s : indiquez les colonnes numerateur et denominateur, ou taux et base", name)
		}
		if ind.Scale != nil && ind.Rate == "" {
			return nil, bad("%s : echelle (1, ou 100 pour un pourcentage) ne va qu'avec un taux", name)
		}
		if sc := ind.Scale; sc != nil && !(*sc >= 1 && *sc <= MaxScale) {
			return nil, bad("%s : echelle %v invalide : 1 (une part), 100 (un pourcentage), 1000 (pour mille)… de 1 à 1 000 000", name, *sc)
		}
		switch strings.TrimSpace(ind.Direction) {
		case "", "+", "plus", "1", "+1":
			ind.Direction = "+"
		case "-", "−", "moins", "-1":
			ind.Direction = "-"
		default:
			return nil, bad("%s : sens « %s » inconnu (+ : plus élevé = plus fragile ; - : plus élevé = moins fragile)", name, ind.Direction)
		}
		if ind.Weight != nil && (*ind.Weight < 0 || math.IsInf(*ind.Weight, 0) || math.IsNaN(*ind.Weight)) {
			return nil, bad("%s : poids %v invalide (nombre positif, ou 0 pour ne pas entrer dans l'indice)", name, *ind.Weight)
		}
	}
	c := l.Composite()
	if err := c.Check(); err != nil {
		return nil, bad("%v", err)
	}
	if len(c.Indicators) == 0 && !l.AtRisk.Counts() {
		return nil, bad("aucun indicateur n'entre dans l'indice (tous de poids 0) et personnes_a_risque est vide : rien à calculer")
	}
	l.Normalisation, l.Reference = c.Normalisation, c.Reference
	keys := make([]string, len(l.Indicators))
	for i, ind := range l.Indicators {
		keys[i] = ind.Key
	}
	for _, k := range []struct{ what, key string }{{"age", l.AtRisk.Age}, {"diplome", l.AtRisk.Diploma}} {
		if k.key != "" && !slices.Contains(keys, k.key) {
			return nil, bad("personnes_a_risque : %s « %s » n'est pas un indicateur décrit (%s)", k.what, k.key, strings.Join(keys, ", "))
		}
	}
	if l.AtRisk.Diploma != "" && l.AtRisk.Age == "" {
		return nil, bad("personnes_a_risque : diplome sans age (les 65 ans et plus sont la base du compte)")
	}
	return &l, nil
}

// yamlMessage turns the YAML parser's English into French, keeping the
// line it names.
func yamlMessage(err error) string {
	s := strings.TrimPrefix(err.Error(), "yaml: ")
	s = strings.ReplaceAll(s, "unmarshal errors:\n  ", "")
	s = regexp.MustCompile(`line (\d+): field (\S+) not found in type \S+`).ReplaceAllString(s, "ligne $1 : champ « $2 » inconnu")
	s = regexp.MustCompile(`line (\d+): cannot unmarshal !!(\w+) `+"`"+`([^`+"`"+`]*)`+"`"+` into (\S+)`).ReplaceAllString(s, "ligne $1 : valeur « $3 » du mauvais type")
	s = regexp.MustCompile(`^line (\d+):`).ReplaceAllString(s, "ligne $1 :")
	for en, fr := range yamlWords {
		s = strings.ReplaceAll(s, en, fr)
	}
	s = regexp.MustCompile(`exceeded max depth of (\d+)`).ReplaceAllString(s, "imbrication trop profonde (plus de $1 niveaux)")
	return s
}

// yamlWords are the YAML library's messages in French.
var yamlWords = map[string]string{
	"did not find expected key":                              "clé attendue introuvable",
	"did not find expected node content":                     "valeur attendue introuvable",
	"mapping values are not allowed in this context":         "« : » inattendu à cet endroit",
	"found character that cannot start any token":            "caractère qui ne peut commencer aucun élément",
	"could not find expected ':'":                            "« : » attendu introuvable",
	"did not find expected ',' or ']'":                       "« , » ou « ] » attendu",
	"did not find expected ',' or '}'":                       "« , » ou « } » attendu",
	"found unexpected end of stream":                         "fin du texte inattendue",
	"document contains excessive aliasing":                   "trop d'alias (références &…/*…)",
	"found undefined alias":                                  "alias non défini",
	"found a tab character that violates indentation":        "tabulation dans l'indentation (des espaces sont attendus)",
	"block sequence entries are not allowed in this context": "élément de liste « - » inattendu à cet endroit",
	"while parsing a flow sequence":                          "dans une liste [ ]",
	"while parsing a flow mapping":                           "dans un objet { }",
	"while parsing a block mapping":                          "dans un bloc clé : valeur",
	"while scanning a simple key":                            "en lisant une clé",
	"while parsing a block collection":                       "dans un bloc",
	"while scanning a quoted scalar":                         "dans une valeur entre guillemets",
	"found unknown escape character":                         "échappement inconnu",
	"invalid leading UTF-8 octet":                            "octet non UTF-8",
	"invalid trailing UTF-8 octet":                           "octet non UTF-8",
	"incomplete UTF-8 octet sequence":                        "séquence UTF-8 incomplète",
}

// Composite is the composite the layout describes.
func (l *Layout) Composite() Composite {
	c := Composite{Normalisation: l.Normalisation, Reference: l.Reference}
	for _, ind := range l.Indicators {
		dir := 1
		if ind.Direction == "-" {
			dir = -1
		}
		w := 1.0
		if ind.Weight != nil {
			if *ind.Weight == 0 {
				continue // counts people at risk only
			}
			w = *ind.Weight
		}
		c.Indicators = append(c.Indicators, Indicator{Key: ind.Key, Label: ind.Label, Direction: dir, Weight: w})
	}
	return c
}
