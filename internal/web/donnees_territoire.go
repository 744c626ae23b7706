package web

import (
	"time"

	"maillage/internal/fragility"
	"maillage/internal/french"
	"maillage/internal/store"
	"maillage/internal/territory"
)

// vintageView is a part of the referential as the open data page says it.
type vintageView struct {
	Name, Vintage, Count, Source string
	// Population says what the communes' population is, for the
	// communes (territory.Vintage.PopulationWords); then it stands for
	// the vintage, which is the geography's, not the census's.
	Population string
	Loaded     time.Time
}

// vintagesOf lists the parts of the referential with their vintage; a
// source that is a file on the server shows its name only, a URL no query.
func vintagesOf(ref *territory.Referential) []vintageView {
	var out []vintageView
	for _, v := range ref.Vintages() {
		view := vintageView{Vintage: v.Vintage, Source: sourceLabel(v.Source), Loaded: v.Loaded}
		switch v.Layer {
		case territory.LayerQPV:
			view.Name = "Quartiers prioritaires de la politique de la ville (QPV)"
			view.Count = french.Count(len(ref.QPV.Zones), "quartier", "quartiers")
		case territory.LayerIRIS:
			view.Name = "IRIS (INSEE)"
			view.Count = french.Count(len(ref.IRIS.Zones), "IRIS", "IRIS")
		case territory.LayerContours:
			view.Name = "Contours des communes (et, réunies, des EPCI, départements et régions)"
			view.Count = french.Count(len(ref.Contours.Zones), "commune", "communes")
		default:
			view.Name = "Communes et leur population"
			view.Population = v.PopulationWords()
			view.Count = french.Count(len(ref.Communes), "commune", "communes")
		}
		out = append(out, view)
	}
	return out
}

// demandVintages lists the demand data loaded (the fragility index, the
// indicators) as the open data page says them: what, vintage, units,
// source file and when loaded.
func demandVintages(ds []fragility.Dataset) []vintageView {
	var out []vintageView
	for _, d := range ds {
		view := vintageView{Name: "Indice de fragilité numérique", Vintage: d.Vintage, Source: sourceLabel(d.Source)}
		if d.Kind == fragility.KindIndicators {
			view.Name = "Indicateurs de fragilité et de personnes à risque"
		}
		if d.Level == fragility.LevelIRIS {
			view.Name += ", par IRIS"
			view.Count = french.Count(d.Units, "IRIS", "IRIS")
		} else {
			view.Name += ", par commune"
			view.Count = french.Count(d.Units, "commune", "communes")
		}
		if at, err := time.Parse(store.TimeLayout, d.Imported); err == nil {
			view.Loaded = at
		}
		out = append(out, view)
	}
	return out
}
