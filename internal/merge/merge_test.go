package merge

import (
	"reflect"
	"testing"
	"time"

	"maillage/internal/place"
)

func day(d int) time.Time { return time.Date(2026, 1, d, 0, 0, 0, 0, time.UTC) }

func rec(source, id string, prio int, d int, edit func(*place.Lieu)) Record {
	l := &place.Lieu{ID: id, Nom: "Nom " + source, Commune: "Albi", CodePostal: "81000", Adresse: "1 rue " + source,
		Telephone: []string{"+3356100000" + id}, Typologie: []string{"EPN"}, DateMaj: day(d)}
	if edit != nil {
		edit(l)
	}
	return Record{Source: source, SourceID: id, Priority: prio, Lieu: l}
}

func TestCompute(t *testing.T) {
	current := &place.Lieu{ID: "pub", Nom: "Nom à la main", Commune: "Albi", CodePostal: "81000", Adresse: "Adresse à la main",
		Coordinates: &place.Point{Lat: 43.9, Lon: 2.1}}
	byHand := func(d int) map[string]Hand {
		return map[string]Hand{"nom": {Origin: "structure", Actor: "compte:2", At: day(d)}}
	}
	tests := []struct {
		name    string
		records []Record
		hand    map[string]Hand
		check   func(t *testing.T, l place.Lieu, o map[string]Origin)
	}{
		{"one record gives everything", []Record{rec("a", "1", 0, 5, nil)}, nil, func(t *testing.T, l place.Lieu, o map[string]Origin) {
			if l.Nom != "Nom a" || l.ID != "pub" || o["nom"] != (Origin{Source: "a", SourceID: "1", Origin: OriginSource, At: day(5)}) {
				t.Errorf("%q %q %+v", l.Nom, l.ID, o["nom"])
			}
		}},
		{"higher priority wins over a more recent record", []Record{rec("a", "1", 0, 9, nil), rec("b", "2", 5, 1, nil)}, nil,
			func(t *testing.T, l place.Lieu, o map[string]Origin) {
				if l.Nom != "Nom b" || o["adresse"].Source != "b" {
					t.Errorf("%q %+v", l.Nom, o["adresse"])
				}
				if l.DateMaj != day(9) || o["date_maj"].Source != "a" {
					t.Errorf("date_maj %v %+v: want the most recent", l.DateMaj, o["date_maj"])
				}
			}},
		{"same priority: the most recent record wins", []Record{rec("a", "1", 0, 2, nil), rec("b", "2", 0, 3, nil)}, nil,
			func(t *testing.T, l place.Lieu, o map[string]Origin) {
				if l.Nom != "Nom b" || !reflect.DeepEqual(l.Telephone, []string{"+33561000002"}) {
					t.Errorf("%q %v", l.Nom, l.Telephone)
				}
			}},
		{"an empty field is given by the next record", []Record{
			rec("a", "1", 1, 2, func(l *place.Lieu) { l.Telephone = nil }),
			rec("b", "2", 0, 3, func(l *place.Lieu) { l.Coordinates = &place.Point{Lat: 44, Lon: 2} })}, nil,
			func(t *testing.T, l place.Lieu, o map[string]Origin) {
				if !reflect.DeepEqual(l.Telephone, []string{"+33561000002"}) || o["telephone"].SourceID != "2" {
					t.Errorf("telephone %v %+v", l.Telephone, o["telephone"])
				}
				if l.Coordinates == nil || *l.Coordinates != (place.Point{Lat: 44, Lon: 2}) || o["longitude"].Source != "b" {
					t.Errorf("position %v %+v", l.Coordinates, o["longitude"])
				}
				if l.Nom != "Nom a" {
					t.Errorf("nom %q", l.Nom)
				}
			}},
		{"vocabulary lists are combined, contacts are not", []Record{
			rec("a", "1", 1, 2, func(l *place.Lieu) { l.Services = []string{place.ServiceDemarches} }),
			rec("b", "2", 0, 3, func(l *place.Lieu) {
				l.Services = []string{place.ServiceOutils, place.ServiceDemarches}
				l.Typologie = []string{"BIB"}
			})}, nil,
			func(t *testing.T, l place.Lieu, o map[string]Origin) {
				if !reflect.DeepEqual(l.Services, []string{place.ServiceDemarches, place.ServiceOutils}) ||
					!reflect.DeepEqual(l.Typologie, []string{"EPN", "BIB"}) || !reflect.DeepEqual(l.Telephone, []string{"+33561000001"}) {
					t.Errorf("services %v typologie %v telephone %v", l.Services, l.Typologie, l.Telephone)
				}
			}},
		{"a hand edit holds against an older record", []Record{rec("a", "1", 9, 3, nil)}, byHand(3),
			func(t *testing.T, l place.Lieu, o map[string]Origin) {
				if l.Nom != "Nom à la main" || o["nom"] != (Origin{Origin: "structure", Actor: "compte:2", At: day(3)}) || l.Adresse != "1 rue a" {
					t.Errorf("%q %+v %q", l.Nom, o["nom"], l.Adresse)
				}
			}},
		{"a hand edit holds against a record dated after it", []Record{rec("a", "1", 0, 4, nil)}, byHand(3),
			func(t *testing.T, l place.Lieu, o map[string]Origin) {
				if l.Nom != "Nom à la main" || o["nom"].FromSource() {
					t.Errorf("%q %+v", l.Nom, o["nom"])
				}
			}},
		{"a hand edit holds against every record, the other fields come from the best", []Record{rec("a", "1", 9, 2, nil), rec("b", "2", 0, 4, nil)}, byHand(3),
			func(t *testing.T, l place.Lieu, o map[string]Origin) {
				if l.Nom != "Nom à la main" || l.Adresse != "1 rue a" {
					t.Errorf("%q %q", l.Nom, l.Adresse)
				}
			}},
		{"a record dated after the edit that leaves the field empty does not replace it",
			[]Record{rec("a", "1", 0, 4, func(l *place.Lieu) { l.Nom = "" })}, byHand(3),
			func(t *testing.T, l place.Lieu, o map[string]Origin) {
				if l.Nom != "Nom à la main" || o["nom"].FromSource() {
					t.Errorf("%q %+v", l.Nom, o["nom"])
				}
			}},
		{"a record dated after the edit that says what it said then does not replace it",
			[]Record{rec("a", "1", 0, 4, nil)}, map[string]Hand{"nom": {Origin: "structure", At: day(3), Said: `["Nom a"]`}},
			func(t *testing.T, l place.Lieu, o map[string]Origin) {
				if l.Nom != "Nom à la main" || o["nom"].FromSource() {
					t.Errorf("%q %+v", l.Nom, o["nom"])
				}
			}},
		{"a record dated after the edit that says something new does not replace it either",
			[]Record{rec("a", "1", 0, 4, nil)}, map[string]Hand{"nom": {Origin: "structure", At: day(3), Said: `["Ancien nom"]`}},
			func(t *testing.T, l place.Lieu, o map[string]Origin) {
				if l.Nom != "Nom à la main" || o["nom"].FromSource() {
					t.Errorf("%q %+v", l.Nom, o["nom"])
				}
			}},
		{"a position set by hand holds both coordinates", []Record{rec("a", "1", 0, 2, func(l *place.Lieu) { l.Coordinates = &place.Point{Lat: 1, Lon: 1} })},
			map[string]Hand{"latitude": {Origin: "coordination", At: day(3)}},
			func(t *testing.T, l place.Lieu, o map[string]Origin) {
				if l.Coordinates == nil || *l.Coordinates != (place.Point{Lat: 43.9, Lon: 2.1}) || o["longitude"].Origin != "coordination" {
					t.Errorf("%v %+v", l.Coordinates, o["longitude"])
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, o := Compute(tt.records, current, tt.hand)
			for _, f := range place.FieldNames[1:] {
				if _, ok := o[f]; !ok {
					t.Errorf("no origin for %s", f)
				}
			}
			tt.check(t, l, o)
		})
	}
}
