package territory

import (
	"bytes"
	"io"
	"strings"
	"testing"

	"maillage/internal/failure"
)

// A layer's text: a UTF-8 byte order mark is skipped; a byte that is not
// UTF-8 (a name saved in Windows-1252), NaN and deep nesting are refused
// in French, naming what is wrong.
func TestLayerText(t *testing.T) {
	feature := `{"type":"Feature","properties":{"code_qp":"QN1","lib_qp":"Quartier %s"},"geometry":{"type":"Polygon","coordinates":[[[4,45],[4.1,45],[4.1,45.1],[4,45]]]}}`
	layer := func(name string) string {
		return `{"type":"FeatureCollection","features":[` + strings.Replace(feature, "%s", name, 1) + `]}`
	}
	l, err := ReadLayer("bom.geojson", LayerQPV, strings.NewReader("\uFEFF"+layer("Élysée")))
	if err != nil || len(l.Zones) != 1 || l.Zones[0].Nom != "Quartier Élysée" {
		t.Fatalf("with a BOM: %+v, %v", l, err)
	}
	// Whitespace inside strings is kept as is.
	l, err = ReadLayer("spaces.geojson", LayerQPV, strings.NewReader("\n\t "+strings.ReplaceAll(layer("a  \\\"b\\\"\\t c"), ",", " ,\n\n ")))
	if err != nil || l.Zones[0].Nom != "Quartier a  \"b\"\t c" {
		t.Fatalf("spaces: %+v, %v", l, err)
	}
	for _, tt := range []struct {
		name, in, want string
	}{
		{"windows-1252", layer("\xc9lys\xe9e"), "objet 1 : octet 0xC9 (position 107) : le fichier n'est pas en UTF-8 (Windows-1252 ou Latin-1 ?)"},
		{"NaN", strings.Replace(layer("x"), "4.1,45]", "NaN,45]", 1), "caractère « N » inattendu au début d'une valeur (NaN, Infinity"},
		{"depth", `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code_qp":"QN1","x":` + strings.Repeat("[", 10001) + strings.Repeat("]", 10001) + `}}]}`,
			"imbrication trop profonde"},
		// Review 9A, minor 8.
		{"utf-16", "\xff\xfe{\x00\"\x00", "le fichier est en UTF-16"},
		{"utf-16 without BOM", "{\x00\"\x00t\x00", "le fichier est en UTF-16"},
		{"two files end to end", layer("a") + "\n" + layer("b"), "texte après la fin de la FeatureCollection (lu : « { ») : un seul objet GeoJSON par fichier"},
		{"a top-level array", `[{"type":"FeatureCollection"}]`, "FeatureCollection (lu : « [ »)"},
		{"missing colon", `{"type" "FeatureCollection"}`, "« : » attendu après une clé"},
		{"missing comma", `{"type":"FeatureCollection" "features":[]}`, "après une valeur : « , » ou « } » attendu"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadLayer("f.geojson", LayerQPV, strings.NewReader(tt.in))
			msg := failure.MessageOf(err)
			if !strings.Contains(msg, tt.want) || strings.Contains(msg, "invalid") || strings.Contains(msg, "looking for") {
				t.Errorf("%q, want it to say %q, in French", msg, tt.want)
			}
		})
	}
}

// Whitespace between tokens reaches the JSON decoder as one space however
// much of it there is (the decoder rescanned padding at each read, which
// made 8 MB of it take 64 times as long as 1 MB; BenchmarkLayerPadding
// shows the time).
func TestLayerPaddingLinear(t *testing.T) {
	// What the decoder reads of it: one space.
	n, err := io.Copy(io.Discard, newLayerText(bytes.NewReader(bytes.Repeat([]byte(" \n\t"), 1<<20))))
	if err != nil || n != 1 {
		t.Errorf("3 MB of whitespace: %d bytes passed to the decoder (%v), want 1", n, err)
	}
}

// A zone's name is at most MaxZoneName characters.
func TestLayerZoneNameBound(t *testing.T) {
	in := `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code_qp":"QN1","lib_qp":"` + strings.Repeat("é", MaxZoneName+1) +
		`"},"geometry":{"type":"Polygon","coordinates":[[[4,45],[4.1,45],[4.1,45.1],[4,45]]]}}]}`
	_, err := ReadLayer("f.geojson", LayerQPV, strings.NewReader(in))
	if msg := failure.MessageOf(err); !strings.Contains(msg, "objet 1 (QN1) : champ lib_qp : 301 caractères : un nom en a 300 au plus") {
		t.Errorf("%q", msg)
	}
	in = strings.Replace(in, "é\"", "\"", 1)
	if _, err := ReadLayer("f.geojson", LayerQPV, strings.NewReader(in)); err != nil {
		t.Errorf("a name of %d characters: %v", MaxZoneName, err)
	}
}
