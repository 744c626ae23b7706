package fragility

import (
	"bytes"
	"math"
	"os"
	"testing"
)

// FuzzReadIndex: any bytes give an index or a French error, never a
// panic; every row kept has a valid code and a finite score.
func FuzzReadIndex(f *testing.F) {
	for _, name := range []string{"testdata/indice_iris.csv"} {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data, true)
	}
	f.Add([]byte("code;score\n01001;93,5\n2a004;1e3\n"), false)
	f.Add([]byte("insee,indice,population\n\"01001\",\"1 200,5\",s\n"), false)
	f.Add([]byte("code;score\n01001;1e308\n01002;-1\n"), false)
	f.Fuzz(func(t *testing.T, data []byte, iris bool) {
		l := IndexLayout{}
		if iris {
			l.Level = LevelIRIS
		}
		idx, _, err := ReadIndex(bytes.NewReader(data), "f.csv", l)
		if err != nil {
			return
		}
		for code, r := range idx.Rows {
			if c, rule := NormaliseCode(idx.Level, code); rule != "" || c != code {
				t.Fatalf("kept code %q", code)
			}
			if !(r.Score >= 0 && r.Score <= MaxScore) || r.Population < 0 || r.Population > MaxPopulation {
				t.Fatalf("kept %+v", r)
			}
		}
	})
}

// FuzzReadIndicators: any bytes, read with the test description, give a
// table or an error; every value kept is finite and not negative.
func FuzzReadIndicators(f *testing.F) {
	data, err := os.ReadFile("testdata/indicateurs.csv")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data)
	f.Add([]byte("CODGEO,P19_POP,P19_POP65P,P19_NSCOL15P,P19_NSCOL15P_DIPLMIN,MED19,TP6019\n01001,1,2,3,4,5,6\n"))
	desc, err := os.ReadFile("testdata/indicateurs.yaml")
	if err != nil {
		f.Fatal(err)
	}
	l, err := ParseLayout(desc, "indicateurs.yaml")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		table, _, err := ReadIndicators(bytes.NewReader(data), "f.csv", l, "2019")
		if err != nil {
			return
		}
		for _, u := range table.Units {
			for k, v := range u.Values {
				if math.IsNaN(v.Num) || math.IsInf(v.Num, 0) || v.Num < 0 || v.Den < 0 || math.IsInf(v.Den, 0) {
					t.Fatalf("%s %s: %v", u.Code, k, v)
				}
			}
		}
	})
}

// FuzzParseLayout: any description is accepted or refused, never a
// panic; an accepted one gives a composite that checks.
func FuzzParseLayout(f *testing.F) {
	desc, err := os.ReadFile("testdata/indicateurs.yaml")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(desc)
	f.Add([]byte(`{"indicateurs": [{"cle": "a", "taux": "T", "base": "B", "echelle": 100}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		l, err := ParseLayout(data, "d.yaml")
		if err != nil {
			return
		}
		c := l.Composite()
		if err := c.Check(); err != nil {
			t.Fatalf("accepted layout, composite refused: %v", err)
		}
	})
}
