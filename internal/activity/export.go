package activity

import (
	"sort"
	"strconv"
	"strings"
)

// ExportHeader is the header of maillage's activity exports (CSV, XLSX,
// the API's CSV): API values, lists separated by « | », one column per
// count of the public. Notes are never exported (free text about a
// session); an activity's source, run file and Coop id are.
func ExportHeader() []string {
	h := []string{"id", "source", "id_cra", "fichier_source", "type", "date", "duree", "type_lieu", "lieu", "nom_lieu", "commune", "departement",
		"thematiques", "precisions_demarche", "materiel", "tags", "autonomie", "oriente", "structure_redirection", "lieu_redirection", "orientation",
		"titre_atelier", "niveau", "participants", "accompagnements", "deja_accompagne"}
	for _, b := range publicBreakdowns {
		for _, t := range b.vocab {
			h = append(h, b.prefix+t.Value)
		}
	}
	return append(h, "communes_residence", "utilisation_pass", "cree_le", "modifie_le")
}

var publicBreakdowns = []struct {
	prefix string
	vocab  Vocabulary
}{{"genre_", Genders}, {"tranche_", AgeBands}, {"statut_", Statuses}}

// ExportRow is an activity's line under ExportHeader.
func ExportRow(a Activity) []string {
	id := func(n int64) string {
		if n == 0 {
			return ""
		}
		return strconv.FormatInt(n, 10)
	}
	var tags []string
	for _, t := range a.Tags {
		tags = append(tags, t.Scope+":"+t.Name)
	}
	oriented := "non"
	if a.Oriented {
		oriented = "oui"
	}
	r := []string{id(a.ID), a.Source, a.CoopID, a.SourceFile, a.Kind, a.Date, strconv.Itoa(a.Duration), a.PlaceType, a.LieuID, a.PlaceName, a.Commune, a.Departement,
		strings.Join(a.Thematics, "|"), a.Demarche, strings.Join(a.Equipment, "|"), strings.Join(tags, "|"), a.Autonomy, oriented, a.Redirection,
		a.RedirectionLieu, id(a.Orientation), a.Title, a.Level, strconv.Itoa(a.Public.Total), strconv.Itoa(a.Accompaniments()), strconv.Itoa(a.Public.AlreadyHelped)}
	for i, m := range []map[string]int{a.Public.Genders, a.Public.AgeBands, a.Public.Statuses} {
		for _, t := range publicBreakdowns[i].vocab {
			r = append(r, strconv.Itoa(m[t.Value]))
		}
	}
	var res []string
	for c, n := range a.Residences {
		res = append(res, c+":"+strconv.Itoa(n))
	}
	sort.Strings(res)
	stamp := func(a Activity, updated bool) string {
		t := a.Created
		if updated {
			t = a.Updated
		}
		if t.IsZero() {
			return ""
		}
		return t.UTC().Format("2006-01-02T15:04:05Z")
	}
	return append(r, strings.Join(res, "|"), id(a.PassRedemption), stamp(a, false), stamp(a, true))
}
