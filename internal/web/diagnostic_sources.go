package web

import (
	"cmp"
	"context"
	"fmt"
	"net/url"
	"strings"

	"maillage/internal/access"
	"maillage/internal/diagnostic"
	"maillage/internal/fragility"
	"maillage/internal/french"
	"maillage/internal/store"
	"maillage/internal/territory"
)

// diagnosticReco computes where k new places would cover the most
// unserved people at risk of the territory, among its communes.
func (s *Server) diagnosticReco(ctx context.Context, p *diagnosticPage, rep *diagnostic.Report, view diagView) error {
	im, err := s.diagnostics.Implant(ctx, rep.Territory, rep.Options, view.k, nil, "")
	if err != nil {
		return err
	}
	p.Reco = diagRecoOf(rep, im, view.k)
	return nil
}

// diagRecoOf is the recommendation's part of the page.
func diagRecoOf(rep *diagnostic.Report, im *diagnostic.Implantation, k int) *diagReco {
	view := diagView{k: k}
	seuil := diagSeuil(rep.Options)
	reco := &diagReco{K: view.k, Guarantee: im.Guarantee, Candidates: im.Candidates, Seuil: seuil, Nothing: im.Before.Communes == 0, Fewer: im.Fewer()}
	gap := func(g access.Gap) string {
		if g.Communes == 0 {
			return diagnostic.Sentence(diagnostic.UnservedAtRisk.Of(g.AtRisk)) + " : toutes les personnes à risque du territoire sont à moins de " + seuil + " d'un lieu"
		}
		return fmt.Sprintf("%s (%s) dans %s sans lieu à moins de %s", diagnostic.PersonsAtRisk.Of(g.AtRisk), diagnostic.Inhabitants.Of(g.People),
			french.Count(g.Communes, "commune", "communes"), seuil)
	}
	reco.Before = gap(im.Before)
	reco.After = gap(im.After)
	covered := im.Before.AtRisk - im.After.AtRisk
	reco.Covered = diagnostic.PersonsAtRisk.Of(covered)
	if im.Before.AtRisk > 0 {
		reco.Share = diagDecimal(100*covered/im.Before.AtRisk, 1) + "\u00a0%"
	}
	for _, pk := range im.Picks {
		d := diagPick{Rank: pk.Rank, Name: pk.Name, Covered: diagPeople(pk.Covered),
			Communes: french.Number(pk.Communes), People: diagPeople(pk.People)}
		if pk.Code != "" {
			d.Href = SitePath("diagnostic", "commune", pk.Code)
		}
		reco.Picks = append(reco.Picks, d)
	}
	return reco
}

// diagSeuil writes the catchment: « 10 km », « 20 minutes ».
func diagSeuil(o diagnostic.Options) string {
	if o.Unit() == access.UnitMin {
		return diagDecimal(o.Catchment(), 1) + " minutes"
	}
	return diagDecimal(o.Catchment(), 1) + " km"
}

var diagMethodNames = map[string]string{
	access.Kind2SFCA:    "2SFCA (aire de chalandise flottante à deux étapes, tout ou rien dans le seuil)",
	access.KindE2SFCA:   "E2SFCA (deux étapes, poids par paliers : 1 jusqu'au tiers du seuil, 0,68 jusqu'aux deux tiers, 0,22 jusqu'au seuil)",
	access.KindGaussian: "2SFCA gaussienne (poids décroissant continûment jusqu'au seuil)",
}

var diagCostNames = map[string]string{
	access.NameCrowFly: "distance à vol d'oiseau",
	access.NameDetour:  "temps estimé par un détour sur la distance à vol d'oiseau, à vitesse moyenne",
	access.NameOSRM:    "temps de trajet par la route (OSRM)",
}

// diagSources say where every figure comes from, and how it is made.
func diagSources(rep *diagnostic.Report, ref *territory.Referential, reg diagnostic.Registry) []diagSource {
	var out []diagSource
	add := func(what, text string) {
		if strings.TrimSpace(text) != "" {
			out = append(out, diagSource{What: what, Text: text})
		}
	}
	info := rep.Info
	if info.Population != "" {
		add("Population", diagnostic.Sentence(info.Population)+".")
	}
	add("Personnes à risque", info.AtRiskMethod)
	frag := info.IndexMethod
	if info.IndexVintage != "" {
		frag += " Indice : millésime " + info.IndexVintage + "."
	}
	if info.IndicatorsVintage != "" {
		frag += " Indicateurs : millésime " + info.IndicatorsVintage + "."
	}
	frag += diagScaleWords(rep.Scale)
	if strings.TrimSpace(frag) == "" {
		frag = "Aucun indice de fragilité n'est chargé sur ce site : la colonne est vide."
	}
	add("Fragilité", strings.TrimSpace(frag))
	o := rep.Options
	of := rep.Offer
	places := fmt.Sprintf("%s du registre %s sur %s %s", french.Count(of.Kept, "lieu", "lieux"), french.Plural(of.Kept, "retenu", "retenus"),
		french.Number(of.Places), french.Plural(of.Places, "publié", "publiés"))
	var left []string
	if of.OtherService > 0 {
		left = append(left, fmt.Sprintf("%s n'offrant pas « %s »", french.Number(of.OtherService), o.Service))
	}
	if of.NoPosition > 0 {
		left = append(left, fmt.Sprintf("%s sans position ni commune connue", french.Number(of.NoPosition)))
	}
	if of.Closed > 0 {
		left = append(left, fmt.Sprintf("%s jamais ouverts", french.Number(of.Closed)))
	}
	if len(left) > 0 {
		places += " (écartés : " + strings.Join(left, ", ") + ")"
	}
	places += "."
	if of.Approx > 0 {
		places += fmt.Sprintf(" %s sans coordonnées %s au centre de %s commune.", french.Count(of.Approx, "lieu", "lieux"),
			french.Plural(of.Approx, "est placé", "sont placés"), french.Plural(of.Approx, "sa", "leur"))
	}
	add("Lieux", places)
	add("Registre des lieux", diagRegistryWords(reg))
	add("Accessibilité", fmt.Sprintf("Méthode %s ; coût : %s ; seuil : %s. Calculée sur toutes les communes et tous les lieux de France, en lieux pour 10 000 personnes à risque.",
		diagMethodNames[o.Method], diagCostNames[o.Cost], diagSeuil(o)))
	for _, v := range vintagesOf(ref) {
		text := "millésime " + v.Vintage
		switch {
		case v.Population != "":
			text = v.Population
		case v.Vintage == "":
			text = "millésime non précisé"
		}
		if v.Count != "" {
			text += ", " + v.Count
		}
		if v.Source != "" && v.Source != "." {
			text += " (" + v.Source + ")"
		}
		if !v.Loaded.IsZero() {
			text += ", chargé le " + frenchDate(v.Loaded)
		}
		add(v.Name, text+".")
	}
	// In words, as the stale notice says it; the token stays in a title
	// (and in the JSON's revision).
	out = append(out, diagSource{What: "Version des données", Title: "révision " + rep.Revision,
		Text: "Calcul fait sur l'état suivant des données : " + diagnostic.RevisionWords(rep.Revision) +
			" (numéros de version du registre des lieux, du référentiel des territoires et des données de demande, qui changent à chaque modification)."})
	return out
}

// diagExports are the API's addresses of the same figures, with the
// options of the page: /api/v1/diagnostic/{type}/{code} (France:
// /api/v1/diagnostic/france), its CSV (format=csv) and …/implanter.
func diagExports(t diagnostic.Territory, q url.Values, k int) []diagLink {
	base := "/api/v1/diagnostic/france"
	if t.Kind != diagnostic.KindFrance {
		base = SitePath("api", "v1", "diagnostic", t.Kind, t.Code)
	}
	v := url.Values{}
	for _, name := range diagOptionParams {
		if x := q.Get(name); x != "" {
			v.Set(name, x)
		}
	}
	with := func(path string, extra ...string) string {
		w := url.Values{}
		for k, xs := range v {
			w[k] = xs
		}
		for i := 0; i+1 < len(extra); i += 2 {
			w.Set(extra[i], extra[i+1])
		}
		if len(w) == 0 {
			return path
		}
		return path + "?" + w.Encode()
	}
	nombre := fmt.Sprint(k)
	return []diagLink{
		{Name: "Tableau des communes en CSV", Href: with(base, "format", "csv")},
		{Name: "Diagnostic complet en JSON", Href: with(base)},
		{Name: "Recommandation (" + nombre + " lieux) en CSV", Href: with(base+"/implanter", "nombre", nombre, "format", "csv")},
		{Name: "Recommandation en JSON", Href: with(base+"/implanter", "nombre", nombre)},
	}
}

// diagScaleWords says what a fragility number means (fragility.Model.Scale),
// as a sentence after the method's: « Échelle : … ».
func diagScaleWords(scale string) string {
	switch scale {
	case fragility.KindIndex:
		return " Échelle : celle de l'indice publié."
	case fragility.NormRatio:
		return " Échelle : 100 = niveau de la référence ; au-dessus, plus fragile."
	case fragility.NormDeciles:
		return " Échelle : déciles, de 1 (le moins fragile) à 10 (le plus fragile)."
	case fragility.NormZScore:
		return " Échelle : écarts-types à la moyenne (0 = la moyenne ; au-dessus, plus fragile)."
	}
	return ""
}

// diagRegistryMax bounds the sources named; the others are counted.
const diagRegistryMax = 20

// diagRegistryWords say where the places come from: when the registry
// last changed, its declared sources and when each was last harvested.
func diagRegistryWords(reg diagnostic.Registry) string {
	s := "Registre mis à jour le " + frenchDate(reg.LastChange)
	if reg.LastChange.IsZero() {
		s = "Registre encore vide"
	}
	if len(reg.Sources) == 0 {
		return s + " ; aucune source déclarée : les lieux y sont importés ou saisis sur le site."
	}
	var names []string
	for i, src := range reg.Sources {
		if i == diagRegistryMax {
			names = append(names, french.Count(len(reg.Sources)-i, "autre", "autres"))
			break
		}
		names = append(names, src.Name+" ("+diagHarvestWords(src.Last)+")")
	}
	return s + " ; " + french.Plural(len(reg.Sources), "source déclarée", "sources déclarées") + " : " + strings.Join(names, ", ") +
		". Les lieux importés ou saisis sur le site s'y ajoutent."
}

// diagHarvestWords say how a source's last harvest went, and when.
func diagHarvestWords(run store.HarvestRun) string {
	switch {
	case run.ID == 0:
		return "jamais moissonnée"
	case run.Status == store.HarvestRunning:
		return "moisson en cours depuis le " + frenchDate(run.Started)
	case run.Status == store.HarvestFailed:
		return "dernière moisson échouée le " + frenchDate(run.Ended)
	case run.Status == store.HarvestInterrupted:
		return "dernière moisson interrompue le " + frenchDate(cmp.Or(run.Ended, run.Started))
	}
	return "moissonnée le " + frenchDate(run.Ended)
}
