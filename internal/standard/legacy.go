package standard

import (
	"strings"

	"maillage/internal/place"
)

// Version 0.1 of the standard (0.1.0 and 0.1.1): 29 fields, ";" between
// values, and other vocabularies. Values are converted to v1 with the
// correspondence the ANCT uses; what has no v1 counterpart is kept in the
// provenance and reported.

// v0Fields are the columns of the standard v0.1.x, in schema order.
var v0Fields = []string{
	"id", "pivot", "nom", "commune", "code_postal", "code_insee", "adresse",
	"complement_adresse", "latitude", "longitude", "cle_ban", "typologie", "telephone",
	"courriel", "site_web", "horaires", "presentation_resume", "presentation_detail",
	"source", "structure_parente", "date_maj", "services", "publics_accueillis",
	"conditions_acces", "labels_nationaux", "labels_autres", "modalites_accompagnement",
	"accessibilite", "prise_rdv",
}

// v0Only and v1Only tell the versions apart from a header.
var (
	v0Only = map[string]bool{"cle_ban": true, "courriel": true, "publics_accueillis": true,
		"conditions_acces": true, "labels_nationaux": true, "labels_autres": true, "accessibilite": true}
	v1Only = map[string]bool{"courriels": true, "itinerance": true, "publics_specifiquement_adresses": true,
		"prise_en_charge_specifique": true, "frais_a_charge": true, "dispositif_programmes_nationaux": true,
		"formations_labels": true, "autres_formations_labels": true, "modalites_acces": true,
		"fiche_acces_libre": true}
)

// v0Renamed are v0.1 fields whose value moves unchanged to a v1 field.
var v0Renamed = map[string]int{
	"courriel":      place.FCourriels,
	"accessibilite": place.FFicheAccesLibre,
}

// target is where an old value goes in v1.
type target struct {
	field int // v1 field index, or -1: no field (see pass)
	value string
	pass  bool // the value says the place accepts the Pass numérique
}

func to(field int, value string) []target { return []target{{field: field, value: value}} }

var (
	v0Services = v0Table(map[string][]target{
		"Devenir autonome dans les démarches administratives":           to(place.FServices, place.ServiceDemarches),
		"Réaliser des démarches administratives avec un accompagnement": to(place.FServices, place.ServiceDemarches),
		"Accompagner les démarches de santé":                            to(place.FServices, place.ServiceDemarches),
		"Prendre en main un smartphone ou une tablette":                 to(place.FServices, place.ServiceOutils),
		"Prendre en main un ordinateur":                                 to(place.FServices, place.ServiceOutils),
		"Utiliser le numérique au quotidien":                            to(place.FServices, place.ServiceOutils),
		"Approfondir ma culture numérique":                              to(place.FServices, place.ServiceComprehension),
		"Promouvoir la citoyenneté numérique":                           to(place.FServices, place.ServiceComprehension),
		"Favoriser mon insertion professionnelle":                       to(place.FServices, place.ServiceInsertion),
		"Créer et développer mon entreprise":                            to(place.FServices, place.ServiceInsertion),
		"Accéder à une connexion internet":                              to(place.FServices, place.ServiceAcces),
		"Accéder à du matériel":                                         to(place.FServices, place.ServiceAcces),
		"S'équiper en matériel informatique":                            to(place.FServices, place.ServiceAcquisition),
		"Créer avec le numérique":                                       to(place.FServices, place.ServiceLoisirs),
		"Soutenir la parentalité et l'éducation avec le numérique":      to(place.FServices, place.ServiceParentalite),
	})
	v0Publics = v0Table(map[string][]target{
		"Seniors (+ 65 ans)":                   to(place.FPublics, place.PublicSeniors),
		"Familles/enfants":                     to(place.FPublics, place.PublicFamilles),
		"Adultes":                              nil, // every place welcomes adults: v1 has no value for it
		"Jeunes (16-26 ans)":                   to(place.FPublics, place.PublicJeunes),
		"Uniquement femmes":                    to(place.FPublics, place.PublicFemmes),
		"Public langues étrangères":            to(place.FPriseEnCharge, place.PriseEnChargeAutresLangues),
		"Déficience visuelle":                  to(place.FPriseEnCharge, place.PriseEnChargeDeficienceVisuelle),
		"Surdité":                              to(place.FPriseEnCharge, place.PriseEnChargeSurdite),
		"Handicaps psychiques":                 to(place.FPriseEnCharge, place.PriseEnChargeHandicapsMentaux),
		"Handicaps mentaux":                    to(place.FPriseEnCharge, place.PriseEnChargeHandicapsMentaux),
		"Personnes en situation d'illettrisme": to(place.FPriseEnCharge, place.PriseEnChargeIllettrisme),
	})
	v0Conditions = v0Table(map[string][]target{
		"Gratuit":                   to(place.FFrais, place.FraisGratuit),
		"Gratuit sous condition":    to(place.FFrais, place.FraisGratuitSousCondition),
		"Payant":                    to(place.FFrais, place.FraisPayant),
		"Adhésion":                  to(place.FFrais, place.FraisPayant),
		"Accepte le Pass numérique": {{field: -1, pass: true}},
	})
	v0Labels = v0Table(map[string][]target{
		"France Services":             to(place.FDispositifs, place.DispositifFranceServices),
		"CNFS":                        to(place.FDispositifs, place.DispositifCNFS),
		"Aidants Connect":             to(place.FDispositifs, place.DispositifAidantsConnect),
		"Grandes écoles du numérique": to(place.FDispositifs, place.DispositifGEN),
		"Point relais CAF":            to(place.FDispositifs, place.DispositifCAF),
		"Point numérique CAF":         to(place.FDispositifs, place.DispositifCAF),
		"Fabriques de Territoire":     to(place.FFormationsLabels, place.LabelFabriques),
		// APTIC is the network of the Pass numérique vouchers.
		"APTIC":              {{field: -1, pass: true}},
		"Relais pôle emploi": nil,
		"French Tech":        nil,
		"Campus connecté":    nil,
	})
	v0Accompagnement = v0Table(map[string][]target{
		"Seul":            to(place.FModalitesAccompagnement, place.AccompagnementAutonomie),
		"Avec de l'aide":  to(place.FModalitesAccompagnement, place.AccompagnementIndividuel),
		"Dans un atelier": to(place.FModalitesAccompagnement, place.AccompagnementAtelier),
		"A ma place":      to(place.FModalitesAccompagnement, place.AccompagnementIndividuel),
	})
)

// v0Table indexes a correspondence by folded key; v0.1 values are matched on
// the part before " : " (the long explanations of conditions_acces…).
func v0Table(m map[string][]target) map[string][]target {
	out := make(map[string][]target, len(m))
	for k, v := range m {
		out[place.FoldKey(k)] = v
	}
	return out
}

func v0Lookup(table map[string][]target, v string) ([]target, bool) {
	if t, ok := table[place.FoldKey(v)]; ok {
		return t, true
	}
	if i := strings.Index(v, " :"); i > 0 {
		t, ok := table[place.FoldKey(v[:i])]
		return t, ok
	}
	if i := strings.Index(v, ":"); i > 0 {
		t, ok := table[place.FoldKey(v[:i])]
		return t, ok
	}
	return nil, false
}

var v0Converted = map[string]map[string][]target{
	"services":                 v0Services,
	"publics_accueillis":       v0Publics,
	"conditions_acces":         v0Conditions,
	"labels_nationaux":         v0Labels,
	"modalites_accompagnement": v0Accompagnement,
}

// v0Lists are v0.1 fields that are lists separated by ";" and go to the v1
// field of the same meaning, separated by "|".
var v0Lists = map[string]int{
	"typologie":     place.FTypologie,
	"site_web":      place.FSiteWeb,
	"labels_autres": place.FAutresFormationsLabels,
}

// setV0 puts the value of v0.1 column name into the raw v1 record.
func setV0(r *place.Raw, name, v string) {
	if i, ok := place.FieldIndex[name]; ok && !v1Only[name] {
		if _, list := v0Lists[name]; !list {
			if _, conv := v0Converted[name]; !conv {
				r.Values[i] = v
				return
			}
		}
	}
	if i, ok := v0Renamed[name]; ok {
		r.Values[i] = v
		return
	}
	if strings.TrimSpace(v) == "" {
		return
	}
	keep := func() {
		if r.Original == nil {
			r.Original = map[string]string{}
		}
		r.Original[name] = v
	}
	if i, ok := v0Lists[name]; ok {
		items := splitV0(v, name == "site_web")
		joined := strings.Join(items, place.ListSeparator)
		if joined != v {
			keep()
		}
		r.Values[i] = appendList(r.Values[i], joined)
		return
	}
	table, ok := v0Converted[name]
	if !ok {
		// cle_ban and anything else v1 dropped.
		keep()
		r.Problems = append(r.Problems, place.Problem{Severity: place.Info, Field: name, Value: v,
			Rule: place.RuleConverted, Message: "champ v0.1 sans équivalent en v1 : conservé dans la provenance"})
		return
	}
	keep()
	var out []string
	for _, item := range splitV0(v, false) {
		targets, found := v0Lookup(table, item)
		if !found {
			r.Problems = append(r.Problems, place.Problem{Severity: place.Warning, Field: name, Value: item,
				Rule: place.RuleClosedList, Message: "valeur inconnue de la liste v0.1 : non convertie, conservée dans la provenance"})
			continue
		}
		if len(targets) == 0 {
			r.Problems = append(r.Problems, place.Problem{Severity: place.Info, Field: name, Value: item,
				Rule: place.RuleConverted, Message: "valeur v0.1 sans équivalent en v1 : conservée dans la provenance"})
			continue
		}
		for _, t := range targets {
			if t.pass {
				r.PassNumerique = true
				out = append(out, "Pass numérique accepté")
				continue
			}
			r.Values[t.field] = appendList(r.Values[t.field], t.value)
			out = append(out, place.FieldNames[t.field]+" = "+t.value)
		}
	}
	if len(out) > 0 {
		r.Problems = append(r.Problems, place.Problem{Severity: place.Info, Field: name, Value: v,
			Rule: place.RuleConverted, Message: "converti en v1 : " + strings.Join(dedupe(out), " ; ")})
	}
}

func appendList(list, v string) string {
	if list == "" {
		return v
	}
	for _, x := range strings.Split(list, place.ListSeparator) {
		if x == v {
			return list
		}
	}
	return list + place.ListSeparator + v
}

func dedupe(xs []string) []string {
	out := xs[:0]
	seen := map[string]bool{}
	for _, x := range xs {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

// splitV0 splits a v0.1 list on ";" (and on "," for site_web in 0.1.0).
func splitV0(v string, commas bool) []string {
	seps := ";|"
	if commas {
		seps = ";|,"
	}
	var out []string
	for _, p := range strings.FieldsFunc(v, func(r rune) bool { return strings.ContainsRune(seps, r) }) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
