package standard

import (
	"strings"
	"testing"
)

// Coordinates in Go's own syntaxes (hexadecimal floats, underscores) are
// refused in every format, with a diagnostic naming the line or element,
// the field, the value and the rule; a decimal comma is still read.
func TestGoNumberSyntaxesRefused(t *testing.T) {
	const header = "id,nom,commune,code_postal,adresse,date_maj,latitude,longitude\n"
	for _, c := range []struct{ name, file, want string }{
		{"csv hex", header + "a1,EPN,Albi,81000,1 rue,2026-01-01,0x2Ap0,2.14\n", "f, ligne 2 : erreur [id a1] champ latitude valeur « 0x2Ap0 »"},
		{"csv underscore", header + "a1,EPN,Albi,81000,1 rue,2026-01-01,43.9,2_1.4\n", "f, ligne 2 : erreur [id a1] champ longitude valeur « 2_1.4 »"},
		{"json string", `[{"id":"a1","nom":"EPN","commune":"Albi","code_postal":"81000","adresse":"1 rue","date_maj":"2026-01-01","latitude":"4_3.9","longitude":2.14}]`, "champ latitude valeur « 4_3.9 »"},
		{"geojson property", `{"type":"FeatureCollection","features":[{"type":"Feature","geometry":null,"properties":{"id":"a1","nom":"EPN","commune":"Albi","code_postal":"81000","adresse":"1 rue","date_maj":"2026-01-01","latitude":"0x1p-2","longitude":"2.14"}}]}`, "champ latitude valeur « 0x1p-2 »"},
	} {
		t.Run(c.name, func(t *testing.T) {
			errs, sum, err := scanAll(t, strings.NewReader(c.file), DefaultLimits)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, d := range errs {
				got = append(got, d.String())
			}
			all := strings.Join(got, "\n")
			if sum.Rejected != 1 || !strings.Contains(all, c.want) || !strings.Contains(all, "(règle nombre)") {
				t.Errorf("%d rejected, errors:\n%s\nwant %q", sum.Rejected, all, c.want)
			}
		})
	}
}
