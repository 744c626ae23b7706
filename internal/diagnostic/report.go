// Package diagnostic puts the supply (the places of the registry), the
// demand (population, people at risk, fragility) and the accessibility
// methods together into the diagnostic of a territory: one row per
// commune (the gap table), its sub-units for a choropleth, key figures in
// French sentences, the sources and vintages of every figure, and where
// new places would cover the most unserved people at risk.
//
// The computation always covers every commune and every place of France
// (a place across a border serves the communes near it); a territory only
// selects what is shown. It reads a Store and a referential and knows
// nothing of HTTP.
package diagnostic

import (
	"context"
	"math"
	"time"

	"maillage/internal/access"
	"maillage/internal/fragility"
	"maillage/internal/territory"
)

// Row is one commune of the territory: a line of the gap table and of the
// CLI and CSV outputs (these columns, in this order, first).
type Row struct {
	Code, Name, Departement, EPCI string
	Population, AtRisk            float64
	Fragility                     float64 // NaN when unknown (CSV: empty)
	// Places are the published places of the commune kept by the options
	// (offering the service asked for).
	Places int
	// Accessibility is in places (units of supply) per 10 000 people at
	// risk; DistanceKm the crow-fly km from the commune centre to the
	// nearest place (+Inf when there is none; CSV: empty).
	Accessibility, DistanceKm float64
	InQPV                     bool // a QPV lies in the commune (false when the layer is not loaded)
	// Beyond20 and Beyond30: the nearest place is more than 20 / 30
	// minutes away: by the detour or OSRM cost when chosen, else estimated
	// from the crow-fly km (Options.Detour at Options.Vitesse; the report's
	// notes say so).
	Beyond20, Beyond30 bool
	// Served: a place lies within the catchment of the commune centre.
	Served bool
	// UnservedAtRisk is the people at risk of the commune when it is not
	// served, else 0.
	UnservedAtRisk float64
	// NoIndicators: indicators of people at risk are loaded, none for
	// the commune: its whole population counts as at risk (marked in the
	// gap table, counted in the notes).
	NoIndicators bool
}

// Unit is a territory summed up: the territory itself, or one of its
// sub-units on the choropleth.
type Unit struct {
	Kind, Code, Name   string
	Population, AtRisk float64
	// Fragility is recomputed from the summed numerators and denominators
	// of the indicators (fragility.Model.Areas), never averaged from the
	// communes' scores; NaN when unknown.
	Fragility float64
	Places    int // published places in the unit, kept by the options
	// Accessibility is the mean of the communes' accessibility weighted by
	// their people at risk, Σ P·A / Σ P (with supply conservation, the
	// supply reaching the unit per 10 000 people at risk).
	Accessibility  float64
	UnservedAtRisk float64
	Communes       int // communes counted (arrondissements of Paris, Lyon, Marseille in place of their commune)
	// CrossBorder tells, among a département's sub-units, an EPCI with
	// communes in other départements: its figures are the whole EPCI's.
	CrossBorder bool
}

// Territory returns the unit as a territory.
func (u Unit) Territory() Territory { return Territory{Kind: u.Kind, Code: u.Code, Name: u.Name} }

// Report is the diagnostic of a territory.
type Report struct {
	Territory Territory
	Options   Options // normalised
	// Places are, for a commune (or a divided city), the ids of the places
	// it counts (Total.Places of them, by placeCommune's rule: a divided
	// city's are those of its arrondissements and its own), for the list
	// of its places; nil for the other kinds.
	Places []string
	// Rows are the communes of the territory, ranked by unserved people
	// at risk (most first), then people at risk, then code.
	Rows []Row
	// Total is the territory as one unit.
	Total Unit
	// Sub are its sub-units, for the choropleth: the régions of France,
	// the départements of a région, the EPCI of a département (whole, even
	// when they straddle its border; its communes without EPCI as
	// communes), the communes of an EPCI, a commune itself (or its
	// municipal arrondissements). By code.
	Sub []Unit
	// Key are the key figures as French sentences.
	Key []string
	// Notes say how figures were obtained where the reader must know
	// (places placed at their commune's centre, minutes estimated from
	// km…), in French.
	Notes []string
	// Offer says which places make the supply and which were left out.
	Offer access.OfferReport
	// Unserved sums the communes of the territory no place serves.
	Unserved access.Gap
	// Info and Vintages are the sources and vintages of every figure.
	Info     fragility.Info
	Vintages []territory.Vintage
	// Scale says what a fragility number means (fragility.Model.Scale).
	Scale string
	// Revision is the revision of the registry and the demand the report
	// was computed from (see Revision).
	Revision string
	// Stale is set when Revision is not the database's current one: a
	// Cache gives the last computation while it computes the current
	// (and puts Stale's Sentence first among the Notes).
	Stale *Stale
	// Computed is when a Cache computed the figures (zero without its
	// clock, and for Compute).
	Computed time.Time
}

// Compute computes the diagnostic of a territory. It reads every
// published place and the demand loaded, and computes accessibility over
// all of France: a Cache does it once per revision and options.
func Compute(ctx context.Context, st Store, ref *territory.Referential, t Territory, o Options) (*Report, error) {
	o, err := o.Normalise()
	if err != nil {
		return nil, err
	}
	rev, err := Revision(ctx, st)
	if err != nil {
		return nil, err
	}
	b, err := build(ctx, st, ref, o, rev)
	if err != nil {
		return nil, err
	}
	return b.report(t)
}

func nan() float64 { return math.NaN() }
