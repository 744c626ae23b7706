// Package fragility holds the demand side of the diagnostic: an existing
// fragility index loaded per commune or IRIS, indicator tables (numerator
// and denominator per unit), the composite index computed from them
// (normalisation, directions, weights), its aggregates over EPCI,
// départements, régions or any grouping of units (always from summed
// numerators and denominators, never from averaged scores), and the count
// of people at risk. It reads no database: a Store gives it what was loaded.
package fragility

import (
	"fmt"
	"math"
	"slices"
	"strings"
)

// Levels of the units data is loaded for.
const (
	LevelCommune = "commune"
	LevelIRIS    = "iris"
)

// Normalisations of a composite.
const (
	// NormRatio is 100 × value / value of the reference territory (100 =
	// as the reference, above = more fragile), as the 2020 IFN.
	NormRatio = "ratio"
	// NormDeciles is the national decile of the value, 1 to 10 (10 = the
	// most fragile tenth).
	NormDeciles = "deciles"
	// NormZScore is (value − mean) / standard deviation over the units.
	NormZScore = "zscore"
)

// Normalisations lists the normalisations a composite may use.
var Normalisations = []string{NormRatio, NormDeciles, NormZScore}

// References of the ratio normalisation: the territory every unit is
// compared with.
const (
	RefFrance      = "france"
	RefRegion      = "region"
	RefDepartement = "departement"
	RefEPCI        = "epci"
)

// References lists the reference territories of the ratio normalisation.
var References = []string{RefFrance, RefRegion, RefDepartement, RefEPCI}

// Sums are one indicator at one unit: its value is Num / Den (a share of
// people: the count and its base; a rate given with its base population:
// rate × base and base). Aggregating units adds both.
type Sums struct{ Num, Den float64 }

// Value is Num / Den, NaN when Den is not positive.
func (s Sums) Value() float64 {
	if !(s.Den > 0) {
		return math.NaN()
	}
	return s.Num / s.Den
}

// Add returns the sums of s and o.
func (s Sums) Add(o Sums) Sums { return Sums{s.Num + o.Num, s.Den + o.Den} }

// Indicator is one term of a composite.
type Indicator struct {
	Key   string `json:"cle"`
	Label string `json:"libelle,omitempty"`
	// Direction is +1 when a higher value means more fragile (the share of
	// people aged 65 or more), −1 when it means less fragile (the median
	// income): the ratio is then inverted (reference / value), the decile
	// reversed (11 − decile), the z-score negated.
	Direction int `json:"sens"`
	// Weight of the term in the composite (relative; 1 each by default).
	Weight float64 `json:"poids"`
}

// Composite says how indicators make one score.
type Composite struct {
	Indicators    []Indicator `json:"indicateurs"`
	Normalisation string      `json:"normalisation"`
	// Reference is the territory a commune or an IRIS is compared with in
	// the ratio normalisation; aggregates are compared with France.
	Reference string `json:"reference,omitempty"`
}

// AtRiskSpec names the indicators people at risk are counted from: the
// people aged 65 or more (the numerator of Age) plus the estimated
// low-diploma people under 65: the numerator of Diploma (non-scolarised
// people of 15 or more with no or a low diploma) × (its base − the 65+) /
// its base (DIAGNOSTIC §1.5). Empty keys: not counted.
type AtRiskSpec struct {
	Age     string `json:"age,omitempty" yaml:"age"`
	Diploma string `json:"diplome,omitempty" yaml:"diplome"`
}

// Unit is the data of one commune or IRIS.
type Unit struct {
	Code   string
	Values map[string]Sums // by indicator key; absent when unknown
}

// Table is a loaded set of indicators.
type Table struct {
	Level     string // LevelCommune or LevelIRIS
	Vintage   string // millésime of the data ("2019")
	Source    string // the file it came from
	Composite Composite
	AtRisk    AtRiskSpec
	Units     map[string]Unit
	// ReferentialBase are the indicators given as a rate without a base
	// column: their base is the referential's population of the commune,
	// of vintage ReferentialBaseVintage.
	ReferentialBase        []string
	ReferentialBaseVintage string
}

// IndexRow is one unit of an imported index.
type IndexRow struct {
	Code  string
	Score float64
	// Population weighs the unit when an index is aggregated (NaN when
	// the file has none: the referential's population is used for a
	// commune).
	Population float64
}

// Index is an existing fragility index loaded as it was published.
type Index struct {
	Level   string
	Vintage string
	Source  string
	Rows    map[string]IndexRow
}

// Dataset describes what is loaded, for listings.
type Dataset struct {
	Kind     string // "indice" or "indicateurs"
	Level    string
	Vintage  string
	Source   string
	Units    int
	Imported string // when, store.TimeLayout text
}

// Dataset kinds.
const (
	KindIndex      = "indice"
	KindIndicators = "indicateurs"
)

// Check verifies a composite and fills its defaults (weight 1, direction
// +1, ratio against the département). A composite without indicators is
// valid: the table then only counts people at risk.
func (c *Composite) Check() error {
	if c.Normalisation == "" {
		c.Normalisation = NormRatio
	}
	if !slices.Contains(Normalisations, c.Normalisation) {
		return fmt.Errorf("normalisation « %s » inconnue (attendu : %s)", c.Normalisation, strings.Join(Normalisations, ", "))
	}
	if c.Normalisation == NormRatio && c.Reference == "" {
		c.Reference = RefDepartement
	}
	if c.Reference != "" && !slices.Contains(References, c.Reference) {
		return fmt.Errorf("référence « %s » inconnue (attendu : %s)", c.Reference, strings.Join(References, ", "))
	}
	seen := map[string]bool{}
	for i := range c.Indicators {
		ind := &c.Indicators[i]
		if ind.Key == "" {
			return fmt.Errorf("indicateur n° %d sans clé", i+1)
		}
		if seen[ind.Key] {
			return fmt.Errorf("indicateur « %s » en double", ind.Key)
		}
		seen[ind.Key] = true
		if ind.Direction == 0 {
			ind.Direction = 1
		}
		if ind.Direction != 1 && ind.Direction != -1 {
			return fmt.Errorf("indicateur « %s » : sens %d invalide (+1 ou −1)", ind.Key, ind.Direction)
		}
		if ind.Weight == 0 {
			ind.Weight = 1
		}
		if !(ind.Weight > 0) || math.IsInf(ind.Weight, 0) {
			return fmt.Errorf("indicateur « %s » : poids %v invalide (nombre positif)", ind.Key, ind.Weight)
		}
	}
	return nil
}
