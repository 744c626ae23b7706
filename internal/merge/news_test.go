package merge

import (
	"reflect"
	"testing"

	"maillage/internal/place"
)

// What the records say now about the fields set by hand: the news of
// the most trustworthy record dated after the edit, not empty, not what
// the records said when it was made.
func TestSourceNews(t *testing.T) {
	edit := func(d int, said string) Hand {
		return Hand{Origin: "coordination", Actor: "compte:3", At: day(d), Said: said}
	}
	tests := []struct {
		name    string
		records []Record
		hand    map[string]Hand
		want    []News
	}{
		{"no hand edit", []Record{rec("a", "1", 0, 4, nil)}, nil, nil},
		{"a record dated before the edit", []Record{rec("a", "1", 0, 2, nil)}, map[string]Hand{"nom": edit(3, "")}, nil},
		{"a record dated after the edit, nothing kept with it", []Record{rec("a", "1", 0, 4, nil)}, map[string]Hand{"nom": edit(3, "")},
			[]News{{Field: "nom", Source: "a", SourceID: "1", Value: "Nom a", At: day(4), Hand: edit(3, "")}}},
		{"a re-dated record that says what it said", []Record{rec("a", "1", 0, 4, nil)}, map[string]Hand{"nom": edit(3, `["Nom a"]`)}, nil},
		{"a record that leaves the field empty", []Record{rec("a", "1", 0, 4, func(l *place.Lieu) { l.Nom = "" })}, map[string]Hand{"nom": edit(3, "")}, nil},
		{"the most trustworthy of the records that say something new", []Record{
			rec("a", "1", 0, 5, nil), rec("b", "2", 3, 4, nil), rec("c", "3", 9, 2, nil)},
			map[string]Hand{"nom": edit(3, `["Ancien"]`), "adresse": edit(3, `["1 rue b"]`), DateField: edit(3, "")},
			[]News{
				{Field: "nom", Source: "b", SourceID: "2", Value: "Nom b", At: day(4), Hand: edit(3, `["Ancien"]`)},
				{Field: "adresse", Source: "a", SourceID: "1", Value: "1 rue a", At: day(5), Hand: edit(3, `["1 rue b"]`)},
			}},
		{"the position, as latitude and longitude", []Record{rec("a", "1", 0, 4, func(l *place.Lieu) { l.Coordinates = &place.Point{Lat: 43.9, Lon: 2.15} })},
			map[string]Hand{"latitude": edit(3, `["43.9 2.1"]`)},
			[]News{{Field: "latitude", Source: "a", SourceID: "1", Value: "43.9 2.15", At: day(4), Hand: edit(3, `["43.9 2.1"]`)}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := SourceNews(tt.records, tt.hand); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("SourceNews:\n got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}
