package web

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"maillage/internal/place"
	"maillage/internal/standard"
	"maillage/internal/store/storetest"
)

// schemaV101 is the Table Schema of the standard v1.0.1
// (LaMednum/standard-mediation-num, schema.json at v1.0.1), written down
// here field by field, in its column order, from the schema itself: the
// published files are checked against it without any of maillage's code.
var schemaV101 = []struct {
	name     string
	required bool
	pattern  string // "" when none
	number   bool
}{
	{"id", true, "", false},
	{"pivot", true, `^[a-zA-Z0-9]{9,14}$`, false},
	{"nom", true, "", false},
	{"commune", true, "", false},
	{"code_postal", true, `^\d{5}$`, false},
	{"code_insee", false, `^([013-9]\d|2[AB1-9])\d{3}$`, false},
	{"adresse", true, "", false},
	{"complement_adresse", false, "", false},
	{"latitude", false, "", true},
	{"longitude", false, "", true},
	{"typologie", false, "", false},
	{"telephone", false, `^(\+33|\+590|\+594|\+262|\+596|\+269|\+687|\+689|\+508|\+681)(\d){6,9}$`, false},
	{"courriels", false, "", false},
	{"site_web", false, "", false},
	{"horaires", false, "", false},
	{"presentation_resume", false, "", false}, // maxLength 280
	{"presentation_detail", false, "", false},
	{"source", false, "", false},
	{"itinerance", false, `(?:(?:^|\|)(Itinérant|Fixe))+$`, false},
	{"structure_parente", false, "", false},
	{"date_maj", true, `^\d{4}-\d{2}-\d{2}$`, false}, // type date, format default
	{"services", false, `(?:(?:^|\|)(Aide aux démarches administratives|Maîtrise des outils numériques du quotidien|Insertion professionnelle via le numérique|Utilisation sécurisée du numérique|Parentalité et éducation avec le numérique|Loisirs et créations numériques|Compréhension du monde numérique|Accès internet et matériel informatique|Acquisition de matériel informatique à prix solidaire))+$`, false},
	{"publics_specifiquement_adresses", false, `(?:(?:^|\|)(Jeunes|Étudiants|Familles et/ou enfants|Seniors|Femmes))+$`, false},
	{"prise_en_charge_specifique", false, `(?:(?:^|\|)(Surdité|Handicaps moteurs|Handicaps mentaux|Illettrisme|Langues étrangères \(anglais\)|Langues étrangères \(autres\)|Déficience visuelle))+$`, false},
	{"frais_a_charge", false, `(?:(?:^|\|)(Gratuit|Gratuit sous condition|Payant))+$`, false},
	{"dispositif_programmes_nationaux", false, `(?:(?:^|\|)(Aidants Connect|Bibliothèques numérique de référence|Certification PIX|Conseillers numériques|Emmaüs Connect|France Services|Grande école du numérique|La Croix Rouge|Point d'accès numérique CAF|Promeneurs du net|Relais numérique \(Emmaüs Connect\)))+$`, false},
	{"formations_labels", false, `(?:(?:^|\|)(Formé à « Mon Espace Santé »|Formé à « DUPLEX » \(illettrisme\)|Arnia/MedNum BFC \(Bourgogne-Franche-Comté\)|Collectif ressources et acteurs réemploi \(Normandie\)|Fabriques de Territoire|Les Éclaireurs du numérique \(Drôme\)|Mes Papiers \(Métropole de Lyon\)|ORDI 3.0|SUD LABS \(PACA\)))+$`, false},
	{"autres_formations_labels", false, "", false},
	{"modalites_acces", false, `(?:(?:^|\|)(Se présenter|Téléphoner|Contacter par mail|Prendre un RDV en ligne|Ce lieu n'accueille pas de public|Envoyer un mail avec une fiche de prescription))+$`, false},
	{"modalites_accompagnement", false, `(?:(?:^|\|)(En autonomie|Accompagnement individuel|Dans un atelier collectif|À distance))+$`, false},
	{"fiche_acces_libre", false, "", false},
	{"prise_rdv", false, "", false},
}

// checkSchemaRecord checks one record, as field name → value ("" or
// absent when empty), against schemaV101; where says which record.
func checkSchemaRecord(t *testing.T, where string, rec map[string]string) {
	t.Helper()
	for _, f := range schemaV101 {
		v := rec[f.name]
		if v == "" {
			if f.required {
				t.Errorf("%s: required field %s is empty", where, f.name)
			}
			continue
		}
		if f.pattern != "" {
			// A Table Schema pattern matches the whole value.
			if !regexp.MustCompile(`^(?:` + f.pattern + `)$`).MatchString(v) {
				t.Errorf("%s: %s = %q does not match %s", where, f.name, v, f.pattern)
			}
		}
		if f.number {
			var x float64
			if _, err := fmt.Sscan(v, &x); err != nil {
				t.Errorf("%s: %s = %q is not a number", where, f.name, v)
			}
		}
		if f.name == "presentation_resume" && utf8.RuneCountInString(v) > 280 {
			t.Errorf("%s: presentation_resume longer than 280 characters", where)
		}
		if f.name == "date_maj" {
			if _, err := time.Parse("2006-01-02", v); err != nil {
				t.Errorf("%s: date_maj %q is not a date", where, v)
			}
		}
	}
	for name := range rec {
		known := false
		for _, f := range schemaV101 {
			known = known || f.name == name
		}
		if !known {
			t.Errorf("%s: field %q is not in the schema", where, name)
		}
	}
}

// schemaFixture is a registry with full and nearly empty places: every
// optional field filled, none, an unknown pivot, no coordinates.
func schemaFixture() []place.Lieu {
	ls := fixture()
	full := storetest.Sample("reims-1")
	full.Itinerance = []string{place.ItineranceFixe, place.ItineranceItinerant}
	bare := place.Lieu{ID: "nu-1", Nom: "Point numérique", Commune: "Reims", CodePostal: "51100", Adresse: "1 place de l'Hôtel de Ville",
		DateMaj: time.Date(2025, 1, 15, 0, 0, 0, 0, time.UTC)}
	return append(ls, full, bare)
}

// schemaClosure announces a closure of tls-1 (from 30 November to 4
// December, today being 23 November), so that the published files carry
// horaires with the OSM rule that closes its days; it returns them.
func schemaClosure(t *testing.T, ts *testServer) string {
	t.Helper()
	ctx := context.Background()
	from, _ := place.ParseClosureDay("2026-11-30")
	if _, err := ts.store.AddClosure(ctx, "tls-1", place.Closure{From: from, To: from.AddDate(0, 0, 4), Reason: place.ClosureWorks}, "test"); err != nil {
		t.Fatal(err)
	}
	if err := ts.syncOwn(ctx, "tls-1"); err != nil {
		t.Fatal(err)
	}
	return "Mo-Fr 09:00-12:00,14:00-17:00; PH off; 2026 Nov 30-2026 Dec 04 off"
}

// The published files are valid against the standard v1.0.1: read back
// by the registry's reader without a warning or an error, and checked
// against the schema's own rules (schemaV101): columns, required fields,
// patterns, lengths, types.
func TestPublishedFilesFollowSchema(t *testing.T) {
	ts := newTestServer(t, schemaFixture()...)
	closed := schemaClosure(t, ts)
	n := len(schemaFixture())
	for _, format := range []string{"csv", "json", "geojson"} {
		res := ts.get(t, "/donnees/lieux."+format)
		if res.StatusCode != 200 {
			t.Fatalf("%s: %d", format, res.StatusCode)
		}
		body := []byte(res.Body)
		// The registry's reader (not for GeoJSON, which it does not read).
		if format != "geojson" {
			sc, err := standard.NewScanner(bytes.NewReader(body), "lieux."+format)
			if err != nil {
				t.Fatal(err)
			}
			read := 0
			for sc.Scan() {
				e := sc.Entry()
				read++
				if !e.OK {
					t.Errorf("%s: record %s rejected: %+v", format, e.Lieu.ID, e.Diagnostics)
				}
				if e.Lieu.ID == "tls-1" && (e.Lieu.Horaires != closed || e.Lieu.Provenance.HoursInvalid) {
					t.Errorf("%s: tls-1 read back with horaires %q (invalid %v), want %q", format, e.Lieu.Horaires, e.Lieu.Provenance.HoursInvalid, closed)
				}
				// Warnings stay: the files carry the data as given (hours
				// that are not OSM, an unknown pivot).
				for _, d := range e.Diagnostics {
					if d.Severity >= place.Error {
						t.Errorf("%s: record %s: %s %s", format, e.Lieu.ID, d.Field, d.Message)
					}
				}
			}
			if err := sc.Err(); err != nil {
				t.Fatal(err)
			}
			if read != n {
				t.Errorf("%s: the reader read %d records of %d", format, read, n)
			}
		}
		// The schema, independently.
		var records []map[string]string
		switch format {
		case "csv":
			rows, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			if bytes.HasPrefix(body, []byte("\xef\xbb\xbf")) {
				t.Error("csv: byte order mark")
			}
			var header []string
			for _, f := range schemaV101 {
				header = append(header, f.name)
			}
			if strings.Join(rows[0], ",") != strings.Join(header, ",") {
				t.Errorf("csv header:\n%v\nwant the schema's columns in order:\n%v", rows[0], header)
			}
			for _, row := range rows[1:] {
				rec := map[string]string{}
				for i, v := range row {
					rec[rows[0][i]] = v
				}
				records = append(records, rec)
			}
		case "json", "geojson":
			var objects []map[string]any
			if format == "json" {
				if err := json.Unmarshal(body, &objects); err != nil {
					t.Fatal(err)
				}
			} else {
				var fc struct {
					Type     string
					Features []struct {
						Type     string
						Geometry struct {
							Type        string
							Coordinates []float64
						}
						Properties map[string]any
					}
				}
				if err := json.Unmarshal(body, &fc); err != nil {
					t.Fatal(err)
				}
				if fc.Type != "FeatureCollection" {
					t.Errorf("geojson: type %q", fc.Type)
				}
				for _, f := range fc.Features {
					if f.Type != "Feature" || f.Geometry.Type != "Point" || len(f.Geometry.Coordinates) != 2 {
						t.Errorf("geojson: feature %+v", f)
					}
					objects = append(objects, f.Properties)
				}
			}
			for _, o := range objects {
				rec := map[string]string{}
				for k, v := range o {
					switch v := v.(type) {
					case string:
						rec[k] = v
					case float64:
						if k != "latitude" && k != "longitude" {
							t.Errorf("%s: %s is a number", format, k)
						}
						rec[k] = fmt.Sprint(v)
					default:
						t.Errorf("%s: %s is a %T", format, k, v)
					}
				}
				records = append(records, rec)
			}
		}
		want := n
		if format == "geojson" {
			want = n - 1 // the bare place has no coordinates
		}
		if len(records) != want {
			t.Errorf("%s: %d records, want %d", format, len(records), want)
		}
		ids := map[string]bool{}
		for i, rec := range records {
			if rec["id"] == "tls-1" && rec["horaires"] != closed {
				t.Errorf("%s: horaires of tls-1 %q, want %q", format, rec["horaires"], closed)
			}
			checkSchemaRecord(t, fmt.Sprintf("%s record %d (%s)", format, i+1, rec["id"]), rec)
			if ids[rec["id"]] {
				t.Errorf("%s: id %q twice", format, rec["id"])
			}
			ids[rec["id"]] = true
		}
	}
}
