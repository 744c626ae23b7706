package barchart

import (
	"encoding/xml"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// charts are the drawings checked against golden files.
var charts = map[string]Chart{
	"tranches": {ID: "age", Title: "Accompagnements par tranche d'âge", Bars: []Bar{
		{Label: "Moins de 12 ans", Value: 0, Text: "0"},
		{Label: "25 - 39 ans", Value: 40, Text: "40"},
		{Label: "60 - 69 ans", Value: 10, Text: "10"},
		{Label: "Non communiqué", Value: 1, Text: "1"},
	}},
	"masques": {ID: "pub", Title: "Thématiques <publiques> & autres", Bars: []Bar{
		{Label: "Aide aux démarches administratives", Value: 12, Text: "12"},
		{Label: "Sécurité", Value: 3, Text: "< 5", Hidden: true},
		{Label: strings.Repeat("Un libellé très long ", 6), Value: 6, Text: "6"},
	}},
	"vide": {ID: "vide", Title: "Orientations", Bars: nil},
}

func TestGolden(t *testing.T) {
	for name, c := range charts {
		t.Run(name, func(t *testing.T) {
			got := string(c.SVG())
			path := filepath.Join("testdata", name+".svg")
			if *update {
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run with -update to write it)", err)
			}
			if got != string(want) {
				t.Errorf("%s differs from %s:\n%s", name, path, got)
			}
		})
	}
}

// TestAccessible reads each drawing as XML: one <svg role="img"> named by
// its <title>, every bar's value written as text (never by colour alone),
// a withheld value drawn without a bar, the bars in proportion.
func TestAccessible(t *testing.T) {
	type text struct {
		Value string `xml:",chardata"`
	}
	type rect struct {
		Width int `xml:"width,attr"`
	}
	type svg struct {
		Role       string `xml:"role,attr"`
		Labelledby string `xml:"aria-labelledby,attr"`
		Title      struct {
			ID    string `xml:"id,attr"`
			Value string `xml:",chardata"`
		} `xml:"title"`
		Texts []text `xml:"text"`
		Rects []rect `xml:"rect"`
	}
	for name, c := range charts {
		var s svg
		if err := xml.Unmarshal([]byte(c.SVG()), &s); err != nil {
			t.Fatalf("%s: not XML: %v", name, err)
		}
		if s.Role != "img" || s.Title.Value != c.Title || s.Labelledby != s.Title.ID || s.Title.ID == "" {
			t.Errorf("%s: role %q, title %q (id %q), labelledby %q", name, s.Role, s.Title.Value, s.Title.ID, s.Labelledby)
		}
		all := ""
		for _, x := range s.Texts {
			all += x.Value + "|"
		}
		for _, b := range c.Bars {
			if !strings.Contains(all, "|"+b.Text+"|") {
				t.Errorf("%s: the value %q of %q is not written: %s", name, b.Text, b.Label, all)
			}
		}
	}
	// tranches: 40 and 10 are drawn 4 to 1, 0 not at all, 1 at least 2 units.
	var s svg
	if err := xml.Unmarshal([]byte(charts["tranches"].SVG()), &s); err != nil {
		t.Fatal(err)
	}
	if len(s.Rects) != 3 || s.Rects[0].Width-4*s.Rects[1].Width > 4 || 4*s.Rects[1].Width-s.Rects[0].Width > 4 || s.Rects[2].Width < 2 {
		t.Errorf("tranches: bars %+v, want 3 bars, the first 4 times the second", s.Rects)
	}
	// masques: the hidden « < 5 » has no bar.
	s = svg{}
	if err := xml.Unmarshal([]byte(charts["masques"].SVG()), &s); err != nil {
		t.Fatal(err)
	}
	if len(s.Rects) != 2 {
		t.Errorf("masques: %d bars, want 2 (the hidden value has none)", len(s.Rects))
	}
}

// TestPhoneText: the text is at least 12 CSS pixels on a 390 px phone,
// where the chart's box is the screen less the page's margins of 1rem
// (358 px): the font size is read in user units of the viewBox, scaled
// by the box's width over the viewBox's.
func TestPhoneText(t *testing.T) {
	const box = 390 - 2*16
	for name, c := range charts {
		var s struct {
			ViewBox  string  `xml:"viewBox,attr"`
			FontSize float64 `xml:"font-size,attr"`
		}
		if err := xml.Unmarshal([]byte(c.SVG()), &s); err != nil {
			t.Fatal(err)
		}
		var x, y, w, h float64
		if _, err := fmt.Sscanf(s.ViewBox, "%g %g %g %g", &x, &y, &w, &h); err != nil || w <= 0 {
			t.Fatalf("%s: viewBox %q: %v", name, s.ViewBox, err)
		}
		if px := s.FontSize * box / w; px < 12 {
			t.Errorf("%s: text of %g units in a viewBox %g wide reads %.1f px on a phone, under 12", name, s.FontSize, w, px)
		}
	}
}
