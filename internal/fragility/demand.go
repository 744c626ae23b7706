package fragility

import (
	"context"
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"

	"maillage/internal/territory"
)

// Store gives what was loaded (internal/store's Demand aggregate).
type Store interface {
	// FragilityIndex returns the imported index, nil when none.
	FragilityIndex(ctx context.Context) (*Index, error)
	// FragilityIndicators returns the loaded indicators, nil when none.
	FragilityIndicators(ctx context.Context) (*Table, error)
}

// CommuneDemand is the demand of one commune of the referential.
type CommuneDemand struct {
	Code       string
	Population float64 // from the referential
	AtRisk     float64 // people at risk; == Population when no indicator is loaded
	Fragility  float64 // composite score; NaN when unknown
	HasIndex   bool
	// NoIndicators is set when indicators of people at risk are loaded
	// but none for this commune: its whole population then counts as at
	// risk, and the pages must say so.
	NoIndicators bool
}

// Info is what the pages must say about the figures.
type Info struct {
	// Population says what the population is, in French
	// (territory.Vintage.PopulationWords): « population légale INSEE du
	// référentiel (découpage administratif 2026) ».
	Population                      string
	IndexVintage, IndicatorsVintage string
	AtRiskMethod                    string // French sentence: how people at risk are counted
	// AtRiskIsPopulation: no indicator of people at risk is loaded, every
	// inhabitant counts as one (the demand is the population).
	AtRiskIsPopulation bool
	IndexMethod        string // French sentence: normalisation, reference, inverted terms
}

// Demand returns the demand of every commune of the referential and what
// the pages must say about it. Paris, Lyon and Marseille are there with
// their municipal arrondissements, as in the referential: a sum over
// communes takes one or the other (territory.ParentOf tells an
// arrondissement), as Model.Areas does.
func Demand(ctx context.Context, st Store, ref *territory.Referential) (map[string]CommuneDemand, Info, error) {
	m, err := Build(ctx, st, ref)
	if err != nil {
		return nil, Info{}, err
	}
	return m.Communes(), m.Info(), nil
}

// Area is the demand of a group of communes (EPCI, département, région,
// France) or of units (a QPV by its IRIS).
type Area struct {
	Code       string
	Population float64
	AtRisk     float64
	Fragility  float64 // NaN when unknown
	HasIndex   bool
	Communes   int // communes (or units) counted
}

// Model is the demand computed once for a referential, from which
// communes and any grouping of them are read.
type Model struct {
	ref    *territory.Referential
	index  *Index
	table  *Table
	scorer *Scorer
	// communes holds the loaded figures of each commune of the
	// referential that has some.
	communes map[string]*communeData
	// units are the table's and the index's units by code, with their
	// commune (for groupings of IRIS).
	units  map[string]*communeData
	demand map[string]CommuneDemand
}

// communeData is what the loaded data says of a commune or of a unit.
type communeData struct {
	commune string
	// v are the indicators' sums in the composite's order, has says
	// which are known.
	v   []Sums
	has []bool
	// pop and atRisk are the population and people at risk counted by
	// the indicators (pop 0: not counted).
	pop, atRisk float64
	// idxNum, idxDen are Σ score × weight and Σ weight of the index;
	// idxSum, idxN the plain sum and count (when every weight is 0).
	idxNum, idxDen, idxSum float64
	idxN                   int
	idxPop                 float64 // population the index gives (0: none)
	hasSums                bool
}

func (m *Model) newData(commune string) *communeData {
	n := 0
	if m.table != nil {
		n = len(m.table.Composite.Indicators)
	}
	return &communeData{commune: commune, v: make([]Sums, n), has: make([]bool, n)}
}

func (d *communeData) add(o *communeData) {
	for i, v := range o.v {
		if o.has[i] {
			d.v[i] = d.v[i].Add(v)
			d.has[i] = true
		}
	}
	d.hasSums = d.hasSums || o.hasSums
	d.pop += o.pop
	d.atRisk += o.atRisk
	d.idxNum += o.idxNum
	d.idxDen += o.idxDen
	d.idxSum += o.idxSum
	d.idxN += o.idxN
	d.idxPop += o.idxPop
}

func (d *communeData) indexScore() float64 {
	switch {
	case d.idxDen > 0:
		return d.idxNum / d.idxDen
	case d.idxN > 0:
		return d.idxSum / float64(d.idxN)
	}
	return math.NaN()
}

// CommuneOf returns the commune code of a unit code of a level: the code
// itself for a commune, its first five characters for an IRIS.
func CommuneOf(level, code string) string {
	if level == LevelIRIS && len(code) >= 5 {
		return code[:5]
	}
	return code
}

// Build reads what is loaded and computes the demand of every commune.
func Build(ctx context.Context, st Store, ref *territory.Referential) (*Model, error) {
	idx, err := st.FragilityIndex(ctx)
	if err != nil {
		return nil, err
	}
	table, err := st.FragilityIndicators(ctx)
	if err != nil {
		return nil, err
	}
	return NewModel(ref, idx, table)
}

// NewModel computes the demand of every commune of ref from an index and a
// table (either or both may be nil).
func NewModel(ref *territory.Referential, idx *Index, table *Table) (*Model, error) {
	m := &Model{ref: ref, index: idx, table: table, communes: map[string]*communeData{}, units: map[string]*communeData{}}
	if table != nil {
		if err := table.Composite.Check(); err != nil {
			return nil, fmt.Errorf("indicateurs : %w", err)
		}
		if len(table.Composite.Indicators) > 0 {
			m.scorer = NewScorer(table.Composite, withoutPLMTwice(table), func(code string) string {
				return m.referenceOf(CommuneOf(table.Level, code))
			})
		}
		for code, u := range table.Units {
			d := m.unit(table.Level, code)
			for i, ind := range table.Composite.Indicators {
				d.v[i], d.has[i] = u.Values[ind.Key]
			}
			d.hasSums = true
			if n, pop, ok := table.AtRisk.Count(u); ok {
				d.atRisk, d.pop = n, pop
			}
		}
	}
	if idx != nil {
		for code, r := range idx.Rows {
			d := m.unit(idx.Level, code)
			w := r.Population
			if math.IsNaN(w) && idx.Level == LevelCommune {
				if c, ok := ref.Commune(code); ok {
					w = float64(c.Population)
				}
			}
			if !math.IsNaN(w) && w >= 0 {
				d.idxNum, d.idxDen = r.Score*w, w
			}
			if !math.IsNaN(r.Population) {
				d.idxPop = r.Population
			}
			d.idxSum, d.idxN = r.Score, 1
		}
	}
	for _, d := range m.units {
		c, ok := m.communes[d.commune]
		if !ok {
			c = m.newData(d.commune)
			m.communes[d.commune] = c
		}
		c.add(d)
	}
	m.fillPLM()
	m.demand = make(map[string]CommuneDemand, len(m.refCommunes()))
	for _, c := range m.refCommunes() {
		m.demand[c.Code] = m.communeDemand(c)
	}
	// Paris, Lyon, Marseille: their people at risk are their
	// arrondissements' (the diagnostic's rows), whatever row the data has
	// for the whole city (an index's row without population made them its
	// whole population).
	for _, c := range m.refCommunes() {
		arrs := m.ref.Arrondissements(c.Code)
		if len(arrs) == 0 {
			continue
		}
		d := m.demand[c.Code]
		d.AtRisk = 0
		for _, a := range arrs {
			d.AtRisk += m.demand[a.Code].AtRisk
		}
		m.demand[c.Code] = d
	}
	return m, nil
}

// withoutPLMTwice returns the units of a table by commune without Paris,
// Lyon or Marseille when their arrondissements are there too, so that the
// references (France, the département…) count their people once.
func withoutPLMTwice(t *Table) map[string]Unit {
	if t.Level != LevelCommune {
		return t.Units
	}
	var twice []string
	for code := range t.Units {
		if p := territory.ParentOf(code); p != "" && !slices.Contains(twice, p) {
			if _, ok := t.Units[p]; ok {
				twice = append(twice, p)
			}
		}
	}
	if len(twice) == 0 {
		return t.Units
	}
	units := maps.Clone(t.Units)
	for _, p := range twice {
		delete(units, p)
	}
	return units
}

func (m *Model) unit(level, code string) *communeData {
	d, ok := m.units[code]
	if !ok {
		d = m.newData(CommuneOf(level, code))
		m.units[code] = d
	}
	return d
}

func (m *Model) refCommunes() []territory.Commune {
	if m.ref == nil {
		return nil
	}
	return m.ref.Communes
}

// fillPLM gives Paris, Lyon and Marseille the sum of their
// arrondissements when the data is by arrondissement, and an arrondissement
// the figures of its commune when the data is by commune.
func (m *Model) fillPLM() {
	for _, c := range m.refCommunes() {
		if m.communes[c.Code] != nil {
			continue
		}
		var sum *communeData
		for _, a := range m.ref.Arrondissements(c.Code) {
			if d := m.communes[a.Code]; d != nil {
				if sum == nil {
					sum = m.newData(c.Code)
				}
				sum.add(d)
			}
		}
		if sum != nil {
			m.communes[c.Code] = sum
		}
	}
	for _, c := range m.refCommunes() {
		if m.communes[c.Code] != nil {
			continue
		}
		if p := territory.ParentOf(c.Code); p != "" && m.communes[p] != nil {
			m.communes[c.Code] = m.communes[p]
		}
	}
}

// referenceOf returns the code of the reference territory of a commune
// for the ratio normalisation, "" (France) when it has none.
func (m *Model) referenceOf(commune string) string {
	if m.table == nil {
		return ""
	}
	c, ok := m.ref.Commune(commune)
	if !ok {
		// A commune the referential no longer knows (merged since): its
		// département is in its code.
		dep := commune[:min(2, len(commune))]
		if dep == "97" && len(commune) >= 3 {
			dep = commune[:3]
		}
		d, ok := m.ref.DepartementOf(dep)
		if !ok {
			return ""
		}
		c = &territory.Commune{Departement: d.Code, Region: d.Region}
	}
	switch m.table.Composite.Reference {
	case RefRegion:
		return "region:" + c.Region
	case RefDepartement:
		return "departement:" + c.Departement
	case RefEPCI:
		if c.EPCI != "" {
			return "epci:" + c.EPCI
		}
	}
	return ""
}

func (m *Model) communeDemand(c territory.Commune) CommuneDemand {
	out := CommuneDemand{Code: c.Code, Population: float64(c.Population), AtRisk: float64(c.Population), Fragility: math.NaN()}
	d := m.communes[c.Code]
	if d == nil {
		out.NoIndicators = m.table != nil && m.table.AtRisk.Counts()
		return out
	}
	if d.pop > 0 {
		out.AtRisk = out.Population * d.atRisk / d.pop
	}
	switch {
	case m.index != nil:
		out.Fragility = d.indexScore()
	case m.scorer != nil && d.hasSums:
		out.Fragility = m.scorer.scoreVec(d.v, d.has, m.referenceOf(c.Code))
	}
	out.HasIndex = !math.IsNaN(out.Fragility)
	return out
}

// Communes returns the demand of every commune of the referential.
func (m *Model) Communes() map[string]CommuneDemand {
	out := make(map[string]CommuneDemand, len(m.demand))
	for k, v := range m.demand {
		out[k] = v
	}
	return out
}

// Commune returns the demand of one commune.
func (m *Model) Commune(code string) (CommuneDemand, bool) {
	d, ok := m.demand[code]
	return d, ok
}

// Areas returns the demand of groups of communes: groupsOf gives the
// groups of a commune of the referential (municipal arrondissements are
// left out: their commune counts them). Population and people at risk are
// summed; the fragility is recomputed from the summed numerators and
// denominators of the indicators, compared with France (or placed on the
// scale of the loaded units), never averaged from the communes' scores;
// an imported index, which has no numerators, is averaged weighted by
// population.
func (m *Model) Areas(groupsOf func(c *territory.Commune) []string) map[string]Area {
	sums := map[string]*communeData{}
	out := map[string]Area{}
	for i := range m.refCommunes() {
		c := &m.ref.Communes[i]
		if territory.ParentOf(c.Code) != "" {
			continue
		}
		cd := m.demand[c.Code]
		for _, g := range groupsOf(c) {
			a := out[g]
			a.Code = g
			a.Population += cd.Population
			a.AtRisk += cd.AtRisk
			a.Communes++
			out[g] = a
			if d := m.communes[c.Code]; d != nil {
				s := sums[g]
				if s == nil {
					s = m.newData(g)
					sums[g] = s
				}
				s.add(d)
			}
		}
	}
	for g, a := range out {
		a.Fragility = m.areaScore(sums[g])
		a.HasIndex = !math.IsNaN(a.Fragility)
		out[g] = a
	}
	return out
}

func (m *Model) areaScore(d *communeData) float64 {
	switch {
	case d == nil:
		return math.NaN()
	case m.index != nil:
		return d.indexScore()
	case m.scorer != nil && d.hasSums:
		return m.scorer.scoreVec(d.v, d.has, "")
	}
	return math.NaN()
}

// EPCIs returns the demand of every EPCI, by SIREN.
func (m *Model) EPCIs() map[string]Area {
	return m.Areas(func(c *territory.Commune) []string {
		if c.EPCI == "" {
			return nil
		}
		return []string{c.EPCI}
	})
}

// Departements returns the demand of every département, by code.
func (m *Model) Departements() map[string]Area {
	return m.Areas(func(c *territory.Commune) []string { return []string{c.Departement} })
}

// Regions returns the demand of every région, by code.
func (m *Model) Regions() map[string]Area {
	return m.Areas(func(c *territory.Commune) []string { return []string{c.Region} })
}

// France returns the demand of the whole referential.
func (m *Model) France() Area {
	return m.Areas(func(*territory.Commune) []string { return []string{"france"} })["france"]
}

// Level is the level of the loaded units: that of the table if any,
// else of the index, "" when nothing is loaded.
func (m *Model) Level() string {
	switch {
	case m.table != nil:
		return m.table.Level
	case m.index != nil:
		return m.index.Level
	}
	return ""
}

// UnitAreas returns the demand of groups of the loaded units themselves
// (a QPV from the IRIS that make it: groupsOf gives the groups of an IRIS
// code). The units' population and people at risk are those of the data,
// scaled so that the units of a commune add up to its population in the
// referential; fragility as in Areas. It fails when the data is not by
// IRIS.
func (m *Model) UnitAreas(groupsOf func(unit string) []string) (map[string]Area, error) {
	if m.Level() != LevelIRIS {
		return nil, fmt.Errorf("les données de fragilité ne sont pas chargées par IRIS : pas de calcul par quartier")
	}
	sums := map[string]*communeData{}
	out := map[string]Area{}
	for code, d := range m.units {
		groups := groupsOf(code)
		if len(groups) == 0 {
			continue
		}
		pop, atRisk := d.pop, d.atRisk
		if pop == 0 {
			pop, atRisk = d.idxPop, d.idxPop
		}
		if c, cd := m.communes[d.commune], m.demand[d.commune]; c != nil {
			base := c.pop
			if base == 0 {
				base = c.idxPop
			}
			if base > 0 && cd.Population > 0 {
				pop *= cd.Population / base
				atRisk *= cd.Population / base
			}
		}
		for _, g := range groups {
			a := out[g]
			a.Code = g
			a.Population += pop
			a.AtRisk += atRisk
			a.Communes++
			out[g] = a
			s := sums[g]
			if s == nil {
				s = m.newData(g)
				sums[g] = s
			}
			s.add(d)
		}
	}
	for g, a := range out {
		a.Fragility = m.areaScore(sums[g])
		a.HasIndex = !math.IsNaN(a.Fragility)
		out[g] = a
	}
	return out, nil
}

// Scale says what a fragility number means, for legends and colour
// scales: KindIndex for an imported index (as published), else the
// normalisation of the computed one (NormRatio: 100 is the reference's
// level; NormDeciles: 1 to 10; NormZScore: standard deviations from the
// mean); "" when there is none. Higher is always more fragile, except
// maybe for an imported index (whatever its publisher chose).
func (m *Model) Scale() string {
	switch {
	case m.index != nil:
		return KindIndex
	case m.scorer != nil:
		return m.table.Composite.Normalisation
	}
	return ""
}

// Info says what the figures are made of.
func (m *Model) Info() Info {
	var in Info
	if m.ref != nil {
		in.Population = m.ref.CommunesVintage.PopulationWords()
	}
	if m.table != nil {
		in.IndicatorsVintage = m.table.Vintage
	}
	switch {
	case m.index != nil:
		in.IndexVintage = m.index.Vintage
	case m.scorer != nil:
		in.IndexVintage = m.table.Vintage
	}
	in.AtRiskMethod = m.atRiskMethod()
	in.AtRiskIsPopulation = m.table == nil || !m.table.AtRisk.Counts()
	in.IndexMethod = m.indexMethod()
	return in
}

func vintage(v string) string {
	if v == "" {
		return "millésime non précisé"
	}
	return "millésime " + v
}

func (m *Model) atRiskMethod() string {
	if m.table == nil || !m.table.AtRisk.Counts() { // Info.AtRiskIsPopulation
		return "Aucun indicateur de personnes à risque n'est chargé : la demande est la population du référentiel, chaque habitant comptant comme une personne à risque."
	}
	s := fmt.Sprintf("Personnes à risque : les 65 ans et plus (indicateur « %s »)", m.table.AtRisk.Age)
	if m.table.AtRisk.Diploma != "" {
		s += fmt.Sprintf(" et les moins de 65 ans estimés non ou peu diplômés (la part de l'indicateur « %s » appliquée aux moins de 65 ans)", m.table.AtRisk.Diploma)
	}
	s += fmt.Sprintf(", d'après les indicateurs (%s) ; leur part dans la population des indicateurs est appliquée à la population du référentiel. Les communes sans ces indicateurs comptent toute leur population.", vintage(m.table.Vintage))
	return s + m.baseWords(m.table.AtRisk.Age, m.table.AtRisk.Diploma)
}

// baseWords says which of the indicators keys are rates whose base is
// the referential's population: « Taux sans population de base (…) :
// base : population du référentiel (découpage administratif 2026). ».
func (m *Model) baseWords(keys ...string) string {
	var names []string
	for _, k := range keys {
		if k == "" || !slices.Contains(m.table.ReferentialBase, k) {
			continue
		}
		name := k
		for _, ind := range m.table.Composite.Indicators {
			if ind.Key == k && ind.Label != "" {
				name = ind.Label
			}
		}
		names = append(names, name)
	}
	if len(names) == 0 {
		return ""
	}
	base := "population du référentiel"
	if v := m.table.ReferentialBaseVintage; v != "" {
		base += " (découpage administratif " + v + ")"
	}
	return fmt.Sprintf(" Taux publiés sans leur population (%s) : base : %s.", strings.Join(names, ", "), base)
}

func (m *Model) indexMethod() string {
	if m.index != nil {
		of := "un EPCI, un département ou une région"
		if m.index.Level == LevelIRIS {
			of = "une commune (de ses IRIS), un EPCI, un département ou une région"
		}
		return fmt.Sprintf("Indice de fragilité importé tel que publié (%s, %s, par %s) ; pour %s, moyenne des scores pondérée par la population, faute de numérateurs.",
			m.index.Source, vintage(m.index.Vintage), levelName(m.index.Level), of)
	}
	if m.scorer == nil {
		return "Aucun indice de fragilité n'est chargé."
	}
	c := m.table.Composite
	var terms []string
	var inverted []string
	equal := true
	for _, ind := range c.Indicators {
		name := ind.Key
		if ind.Label != "" {
			name = ind.Label
		}
		if ind.Weight != c.Indicators[0].Weight {
			equal = false
		}
		terms = append(terms, fmt.Sprintf("%s (poids %s)", name, formatWeight(ind.Weight)))
		if ind.Direction < 0 {
			inverted = append(inverted, name)
		}
	}
	s := "Indice calculé (" + vintage(m.table.Vintage) + ") à partir de " + strings.Join(terms, ", ") + ". "
	if equal {
		s = "Indice calculé (" + vintage(m.table.Vintage) + ") à partir de " + strings.Join(keysOrLabels(c.Indicators), ", ") + ", à poids égaux. "
	}
	switch c.Normalisation {
	case NormRatio:
		s += fmt.Sprintf("Chaque indicateur est rapporté à sa valeur sur %s × 100 (100 = niveau de la référence, au-dessus = plus fragile), comme l'indice de fragilité numérique de 2020. ", refName(c.Reference))
		if len(inverted) > 0 {
			s += "Inversés (référence / valeur, une valeur plus élevée signalant moins de fragilité) : " + strings.Join(inverted, ", ") + " ; l'indice publié en 2020 n'inversait pas le revenu médian. "
		}
	case NormDeciles:
		s += "Chaque indicateur est placé dans les déciles des unités chargées, de 1 (le dixième le moins fragile) à 10 (le plus fragile). "
		if len(inverted) > 0 {
			s += "Échelle retournée pour : " + strings.Join(inverted, ", ") + ". "
		}
	case NormZScore:
		s += "Chaque indicateur est exprimé en écarts-types à la moyenne des unités chargées (0 = moyenne, au-dessus = plus fragile). "
		if len(inverted) > 0 {
			s += "Signe inversé pour : " + strings.Join(inverted, ", ") + ". "
		}
	}
	s += "Les EPCI, départements et régions sont recalculés à partir des numérateurs et dénominateurs sommés, jamais en moyennant les scores des communes."
	var keys []string
	for _, ind := range c.Indicators {
		keys = append(keys, ind.Key)
	}
	return s + m.baseWords(keys...)
}

func keysOrLabels(inds []Indicator) []string {
	var out []string
	for _, ind := range inds {
		if ind.Label != "" {
			out = append(out, ind.Label)
		} else {
			out = append(out, ind.Key)
		}
	}
	return out
}

func formatWeight(w float64) string {
	return strings.Replace(fmt.Sprintf("%g", w), ".", ",", 1)
}

func refName(ref string) string {
	switch ref {
	case RefRegion:
		return "la région de la commune"
	case RefDepartement:
		return "le département de la commune"
	case RefEPCI:
		return "l'EPCI de la commune (la France pour une commune hors EPCI)"
	}
	return "la France (l'ensemble des unités chargées)"
}

func levelName(level string) string {
	if level == LevelIRIS {
		return "IRIS"
	}
	return "commune"
}
