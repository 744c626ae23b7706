package openinghours

import (
	"strings"
	"testing"
)

func TestReadEditor(t *testing.T) {
	mo := func(from, to string) [EditorRanges]Range { return [EditorRanges]Range{{from, to}} }
	for _, tt := range []struct {
		src  string
		fits bool
		mon  [EditorRanges]Range
		sun  [EditorRanges]Range
		ph   bool
	}{
		{"", true, [EditorRanges]Range{}, [EditorRanges]Range{}, true},
		{"Mo-Fr 09:00-12:00,14:00-17:00; Sa 10:00-12:30; PH off", true, [EditorRanges]Range{{"09:00", "12:00"}, {"14:00", "17:00"}}, [EditorRanges]Range{}, true},
		{"Tu,Th 14:00-18:00", true, [EditorRanges]Range{}, [EditorRanges]Range{}, false},
		{"Mo 9:00-12:00; Su 10:00-11:00", true, mo("09:00", "12:00"), mo("10:00", "11:00"), false},
		{"Mo-Su 08:00-20:00; PH 10:00-12:00", false, mo("08:00", "20:00"), mo("08:00", "20:00"), false},
		{`Mo-Fr 09:00-12:00 "sur rendez-vous"`, false, mo("09:00", "12:00"), [EditorRanges]Range{}, false},
		{"Mo-Fr 08:00-10:00,11:00-12:00,14:00-16:00", false, [EditorRanges]Range{{"08:00", "10:00"}, {"11:00", "12:00"}}, [EditorRanges]Range{}, false},
		{"Mo-Fr 09:00-17:00; Aug off", false, mo("09:00", "17:00"), [EditorRanges]Range{}, false},
		{"Mo 18:00+", false, mo("18:00", "24:00"), [EditorRanges]Range{}, false},
		{"Mo-Fr 09:00-12:00; SH off", false, mo("09:00", "12:00"), [EditorRanges]Range{}, false},
		{"Mo 09:00-12:00 || Tu 10:00-11:00", false, mo("09:00", "12:00"), [EditorRanges]Range{}, false},
		{"off", false, [EditorRanges]Range{}, [EditorRanges]Range{}, false},
		{"lundi", false, [EditorRanges]Range{}, [EditorRanges]Range{}, false},
	} {
		e, fits := ReadEditor(tt.src)
		if fits != tt.fits || e.Days[0] != tt.mon || e.Days[6] != tt.sun || fits && e.PHClosed != tt.ph {
			t.Errorf("%q: fits=%v %+v", tt.src, fits, e)
		}
	}
}

func TestEditorOSM(t *testing.T) {
	var e Editor
	e.Days[0] = [EditorRanges]Range{{"14:00", "18:00"}, {"09:00", "12:00"}}
	e.Days[1] = e.Days[0]
	e.Days[6][0] = Range{"10:00", "11:00"}
	e.PHClosed = true
	if got, err := e.OSM(); err != nil || got != "Mo-Tu 09:00-12:00,14:00-18:00; Su 10:00-11:00; PH off" {
		t.Errorf("OSM: %q %v", got, err)
	}
	for _, tt := range []struct {
		r    [EditorRanges]Range
		want string
	}{
		{[EditorRanges]Range{{"12:00", "10:00"}}, "dimanche : la fermeture (10:00) est avant l'ouverture (12:00)"},
		{[EditorRanges]Range{{"10:00", "10:00"}}, "à la même heure"},
		{[EditorRanges]Range{{"10:00", ""}}, "dimanche : indiquez l'heure d'ouverture et l'heure de fermeture (10:00–?)"},
		{[EditorRanges]Range{{"09:00", "12:00"}, {"11:00", "14:00"}}, "se chevauchent"},
		{[EditorRanges]Range{{"9h", "12:00"}}, "heure illisible « 9h–12:00 »"},
		{[EditorRanges]Range{{"09:00", "24:30"}}, "heure illisible"},
	} {
		var bad Editor
		bad.Days[6] = tt.r
		if _, err := bad.OSM(); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%+v: %v, want %q", tt.r, err, tt.want)
		}
	}
	var midnight Editor
	midnight.Days[4][0] = Range{"20:00", "24:00"}
	if got, err := midnight.OSM(); err != nil || got != "Fr 20:00-24:00" {
		t.Errorf("until midnight: %q %v", got, err)
	}
}

func TestResolve(t *testing.T) {
	three := "Mo-Fr 08:00-10:00,11:00-12:00,14:00-16:00"
	threeGrid, fits := ReadEditor(three)
	if fits {
		t.Fatalf("%q fits", three)
	}
	plain := "Mo-Fr 9:00-12:00; PH off"
	plainGrid, fits := ReadEditor(plain)
	if !fits {
		t.Fatalf("%q does not fit", plain)
	}
	changed := plainGrid
	changed.Days[5][0] = Range{"10:00", "12:00"}
	inverted := plainGrid
	inverted.Days[6][0] = Range{"12:00", "10:00"}
	touchedThree := threeGrid
	touchedThree.Days[5][0] = Range{"10:00", "12:00"}
	for _, tt := range []struct {
		name, before string
		grid         *Editor
		written      string
		want, err    string
	}{
		{"untouched, three ranges", three, &threeGrid, three, three, ""},
		{"not shown", `Mo 09:00-12:00 "sur rendez-vous"`, nil, `Mo 09:00-12:00 "sur rendez-vous"`, `Mo 09:00-12:00 "sur rendez-vous"`, ""},
		{"untouched keeps the writing", plain, &plainGrid, plain, plain, ""},
		{"grid changed", plain, &changed, plain, "Mo-Fr 09:00-12:00; Sa 10:00-12:00; PH off", ""},
		{"grid inverted", plain, &inverted, plain, "", "avant l'ouverture"},
		{"grid changed over what it cannot show", three, &touchedThree, three, "", "champ au format OSM"},
		{"OSM field wins", plain, &changed, "Tu 10:00-11:00", "Tu 10:00-11:00", ""},
		{"OSM field inverted", plain, &plainGrid, "Su 12:00-10:00", "Su 12:00-10:00", "ferme avant l'ouverture"},
		{"OSM field past midnight", plain, &plainGrid, "Fr 20:00-26:00", "Fr 20:00-26:00", ""},
		{"OSM field emptied", plain, &plainGrid, "", "", ""},
		{"new place", "", &changed, "", "Mo-Fr 09:00-12:00; Sa 10:00-12:00; PH off", ""},
	} {
		got, err := Resolve(tt.before, tt.grid, tt.written)
		if tt.err == "" && (err != nil || got != tt.want) || tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)) {
			t.Errorf("%s: %q %v", tt.name, got, err)
		}
	}
}

// FuzzEditor checks the editor's round trips on any value: a form whose
// grid and OSM field are left alone publishes the value as it was; a value
// that fits is written back to the same schedule, and read back to the
// same grid.
func FuzzEditor(f *testing.F) {
	for _, s := range []string{"", "Mo-Fr 09:00-12:00,14:00-17:00; PH off", `Mo 09:00-12:00 "sur rendez-vous"`,
		"Mo-Fr 08:00-10:00,11:00-12:00,14:00-16:00", "Su 12:00-10:00", "Mo-Su 08:00-20:00; PH 10:00-12:00", "24/7", "Aug off"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		grid, fits := ReadEditor(src)
		if got, err := Resolve(src, &grid, src); err != nil || got != strings.TrimSpace(src) {
			t.Fatalf("untouched form: %q → %q %v", src, got, err)
		}
		if got, err := Resolve(src, nil, src); err != nil || got != strings.TrimSpace(src) {
			t.Fatalf("form without the grid: %q → %q %v", src, got, err)
		}
		if !fits || strings.TrimSpace(src) == "" {
			return
		}
		back, err := grid.OSM()
		if err != nil {
			t.Fatalf("%q fits but writes back with %v", src, err)
		}
		a, errA := Parse(src)
		b, errB := Parse(back)
		if errA != nil || errB != nil || !SameSchedule(a, b) {
			t.Fatalf("%q → %q: another schedule (%v %v)", src, back, errA, errB)
		}
		again, fitsAgain := ReadEditor(back)
		if !fitsAgain || again != grid {
			t.Fatalf("%q → %q reads back as %+v", src, back, again)
		}
	})
}
