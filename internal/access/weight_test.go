package access

import (
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"maillage/internal/failure"
	"maillage/internal/openinghours"
	"maillage/internal/place"
	"maillage/internal/territory"
)

func TestWeightHours(t *testing.T) {
	tests := []struct {
		horaires string
		want     float64
		ok       bool
	}{
		{"Mo-Fr 09:00-12:00,14:00-17:00", 30, true},
		{"Mo-Fr 09:00-12:00,14:00-17:00; PH off", 30, true}, // the reference weeks have no public holiday
		{"Tu,Th 14:00-18:00; Sa 09:30-12:00", 10.5, true},
		{"24/7", 168, true},
		{"Mo-Fr 22:00-02:00", 20, true},
		{"Mo-Fr 09:00-17:00; Aug off", 40 * 11.0 / 12, true}, // closed one reference week out of twelve
		{"Mo-Fr 09:00-12:00; We 14:00-16:00 unknown", 12, true},
		{"off", 0, true},
		{"Mo-Fr unknown", 0, false},
		{"", 0, false},
		{"lundi matin", 0, false},
	}
	for _, tt := range tests {
		l := &place.Lieu{Horaires: tt.horaires, CodeINSEE: "69123"}
		got, ok := Weight(l, WeightHours)
		if ok != tt.ok || math.Abs(got-tt.want) > 1e-9 {
			t.Errorf("%q: %v h/week (known %v), want %v (%v)", tt.horaires, got, ok, tt.want, tt.ok)
		}
	}
	l := &place.Lieu{Horaires: "Mo-Fr 09:00-12:00"}
	l.Provenance.HoursInvalid = true
	if _, ok := Weight(l, WeightHours); ok {
		t.Error("hours flagged invalid at import are known")
	}
	if w, ok := Weight(&place.Lieu{}, WeightPlace); w != 1 || !ok {
		t.Errorf("one place weighs %v %v", w, ok)
	}
	for _, how := range []string{WeightStaff, "etp", ""} {
		if _, ok := Weight(&place.Lieu{Horaires: "24/7"}, how); ok {
			t.Errorf("weighting %q known", how)
		}
	}
}

func TestCheckWeighting(t *testing.T) {
	for _, how := range []string{WeightPlace, WeightHours} {
		if err := CheckWeighting(how); err != nil {
			t.Errorf("%s: %v", how, err)
		}
	}
	err := CheckWeighting(WeightStaff)
	if !errors.Is(err, failure.ErrInvalid) || !strings.Contains(failure.MessageOf(err), "ne déclare ni le nombre de médiateurs") {
		t.Errorf("staff: %v", err)
	}
	if err := CheckWeighting("surface"); !errors.Is(err, failure.ErrInvalid) {
		t.Errorf("unknown weighting: %v", err)
	}
}

// The reference weeks avoid the public holidays of every département,
// one a month, and leave out only a month without such a week.
func TestReferenceWeeksAvoidHolidays(t *testing.T) {
	depts := []string{"01", "13", "2A", "2B", "57", "67", "68", "75", "971", "972", "973", "974", "976", "977", "978"}
	holidayIn := func(monday time.Time, dept string) bool {
		for k := 0; k < 7; k++ {
			d := monday.AddDate(0, 0, k)
			for _, h := range openinghours.Holidays(d.Year(), dept) {
				if h.Date.Equal(d) {
					return true
				}
			}
		}
		return false
	}
	for _, dept := range depts {
		byMonth := map[time.Month]time.Time{}
		for _, w := range referenceWeeks(dept) {
			if w.Weekday() != time.Monday || w.Year() != 2026 || w.Day() < 8 {
				t.Errorf("%s: week of %s", dept, w.Format(time.DateOnly))
			}
			if _, dup := byMonth[w.Month()]; dup {
				t.Errorf("%s: two weeks in %s", dept, w.Month())
			}
			byMonth[w.Month()] = w
			if holidayIn(w, dept) {
				t.Errorf("%s: week of %s has a public holiday", dept, w.Format(time.DateOnly))
			}
		}
		for m := time.January; m <= time.December; m++ {
			if _, ok := byMonth[m]; ok {
				continue
			}
			for d := time.Date(2026, m, 8, 0, 0, 0, 0, time.UTC); d.Month() == m; d = d.AddDate(0, 0, 1) {
				if d.Weekday() == time.Monday && !holidayIn(d, dept) {
					t.Errorf("%s: %s left out, but the week of %s has no public holiday", dept, m, d.Format(time.DateOnly))
				}
			}
		}
		if n := len(byMonth); n < 11 {
			t.Errorf("%s: %d reference weeks", dept, n)
		}
	}
	if n := len(referenceWeeks("972")); n != 11 {
		t.Errorf("Martinique: %d weeks, want 11 (no May week without a public holiday)", n)
	}
}

func testReferential() *territory.Referential {
	r := &territory.Referential{Communes: []territory.Commune{
		{Code: "69123", Nom: "Lyon", CodesPostaux: []string{"69001", "69002"}, Population: 500000, Centre: &territory.Point{Lat: 45.7578, Lon: 4.8320}},
		{Code: "01004", Nom: "Ambérieu-en-Bugey", CodesPostaux: []string{"01500"}, Population: 14000, Centre: &territory.Point{Lat: 45.9608, Lon: 5.3729}},
		{Code: "01001", Nom: "L'Abergement-Clémenciat", CodesPostaux: []string{"01400"}, Population: 800},
	}}
	return r.Index()
}

func TestOfferSupplies(t *testing.T) {
	ref := testReferential()
	at := &place.Point{Lat: 45.76, Lon: 4.84}
	lieux := []*place.Lieu{
		{ID: "a", Coordinates: at, Horaires: "Mo-Fr 09:00-12:00", Services: []string{place.ServiceDemarches}, CodeINSEE: "69123"},
		{ID: "b", Coordinates: at, Horaires: "Mo-Fr 09:00-17:00", Services: []string{place.ServiceOutils}, CodeINSEE: "69123"},
		{ID: "c", Horaires: "Mo-Fr 09:00-12:00,14:00-17:00", Services: []string{place.ServiceDemarches}, CodeINSEE: "01004"},
		{ID: "d", Horaires: "", Services: []string{place.ServiceDemarches}, CodePostal: "01500"},
		{ID: "e", Horaires: "off", Coordinates: at, Services: []string{place.ServiceDemarches}},
		{ID: "f", Horaires: "Sa 10:00-12:00", Services: []string{place.ServiceDemarches}, CodeINSEE: "01001"},
	}
	ids := func(s []Supply) string {
		var b []string
		for _, x := range s {
			b = append(b, x.ID)
		}
		return strings.Join(b, ",")
	}
	s, rep, err := Offer{}.Supplies(lieux, ref)
	if err != nil {
		t.Fatal(err)
	}
	if ids(s) != "a,b,c,d,e" || rep != (OfferReport{Places: 6, Kept: 5, UnknownHours: 1, Closed: 1, NoPosition: 1, Approx: 2}) {
		t.Errorf("all: %s %+v", ids(s), rep)
	}
	for _, x := range s {
		if x.Weight != 1 {
			t.Errorf("%s weighs %v, want 1", x.ID, x.Weight)
		}
	}
	if s[2].Approx != true || s[2].Lat != 45.9608 || s[3].Approx != true || s[3].Lon != 5.3729 || s[0].Approx {
		t.Errorf("positions: %+v", s)
	}
	s, rep, err = Offer{How: WeightHours, Service: "aide aux demarches administratives", SkipClosed: true}.Supplies(lieux, ref)
	if err != nil {
		t.Fatal(err)
	}
	// a 15 h, c 30 h, d unknown: the median of the known (15, 30).
	if ids(s) != "a,c,d" || s[0].Weight != 15 || s[1].Weight != 30 || s[2].Weight != 22.5 || rep.MedianHours != 22.5 || rep.OtherService != 1 || rep.Closed != 1 {
		t.Errorf("by hours, démarches: %s %+v %+v", ids(s), s, rep)
	}
	s, rep, err = Offer{How: WeightHours, SkipUnknownHours: true}.Supplies(lieux, ref)
	if err != nil {
		t.Fatal(err)
	}
	if ids(s) != "a,b,c,e" || rep.UnknownHours != 1 || rep.MedianHours != 0 {
		t.Errorf("without unknown hours: %s %+v", ids(s), rep)
	}
	if _, _, err := (Offer{Service: "Réparation de vélos"}).Supplies(lieux, ref); !errors.Is(err, failure.ErrInvalid) || !strings.Contains(failure.MessageOf(err), "Aide aux démarches administratives") {
		t.Errorf("unknown service: %v", err)
	}
	if _, _, err := (Offer{How: WeightStaff}).Supplies(lieux, ref); !errors.Is(err, failure.ErrInvalid) {
		t.Errorf("staff: %v", err)
	}
}

func TestCommuneDemand(t *testing.T) {
	d := CommuneDemand(testReferential())
	if len(d) != 2 || d[0].Code != "01004" || d[0].AtRisk != 14000 || d[0].Population != 14000 || d[1].Lat != 45.7578 {
		t.Errorf("%+v", d)
	}
	if CommuneDemand(nil) != nil {
		t.Error("nil referential")
	}
}

// One reference week tells the hours of a value that is not seasonal:
// the shortcut agrees with the twelve weeks on every value, seasonal or
// not, and takes the twelve for those that are.
func TestSeasonalShortcut(t *testing.T) {
	for _, v := range []string{
		"Mo-Fr 09:00-12:00,14:00-17:00",
		"Mo-Fr 09:00-12:00; PH off",
		"Tu,Th 14:00-18:00; Sa 09:30-12:00 \"sur rendez-vous\"",
		"24/7",
		"Mo-Fr 22:00-02:00",
		"Mo-Fr 09:00-17:00; Aug off",
		"Mo-Fr 09:00-17:00; Jul-Aug 09:00-12:00",
		"Mo-Fr 09:00-17:00; Dec 24-31 off",
		"week 01-26 Mo-Fr 09:00-12:00; week 27-53 Mo-Fr 14:00-18:00",
		"2026 Jan-Jun Mo 10:00-12:00",
		"Mo-Fr 09:00-12:00; We 14:00-16:00 unknown",
	} {
		h, err := openinghours.Parse(v)
		if err != nil {
			t.Logf("%q: %v (not read by this version of the parser)", v, err)
			continue
		}
		for dept, insee := range map[string]string{"69": "69123", "57": "57463", "972": "97209"} {
			all, okAll := weeklyHours(h, dept, referenceWeeks(dept))
			got, ok := Weight(&place.Lieu{Horaires: v, CodeINSEE: insee}, WeightHours)
			if ok != okAll || math.Abs(got-all) > 1e-9 {
				t.Errorf("%q in %s: %v (%v), twelve weeks say %v (%v)", v, dept, got, ok, all, okAll)
			}
		}
	}
	if seasonal("Mo-Fr 09:00-12:00,14:00-17:00; PH off") || !seasonal("Mo-Fr 09:00-12:00; Aug off") || !seasonal("2026 Mo 10:00-12:00") || !seasonal("week 1-10 Mo 10:00-11:00") {
		t.Error("seasonal")
	}
}
