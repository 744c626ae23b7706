package geocode

import (
	"bytes"
	"testing"
)

// FuzzParseCSVAnswer: whatever the CSV endpoint answers, the parser
// returns an error or answers to rows that were sent, found ones with a
// position on Earth and a score in [0, 1]. Seeds in
// testdata/fuzz/FuzzParseCSVAnswer (a BAN answer, a not-found row, a cut
// answer, a row of another number).
func FuzzParseCSVAnswer(f *testing.F) {
	f.Add([]byte("id,adresse,code_postal,commune,code_insee,latitude,longitude,result_label,result_score,result_type,result_citycode,result_status\n0,12 rue du Taur,31000,Toulouse,31555,43.604569,1.442109,12 Rue du Taur 31000 Toulouse,0.97,housenumber,31555,ok\n"), 3)
	f.Fuzz(func(t *testing.T, data []byte, n int) {
		if n < 0 || n > 1000 {
			return
		}
		got, err := ParseCSVAnswer(bytes.NewReader(data), n)
		if err != nil {
			return
		}
		for id, a := range got {
			if id < 0 || id >= n {
				t.Fatalf("row %d of %d", id, n)
			}
			if a.Found && (!validPosition(a.Lat, a.Lon) || a.Score < 0 || a.Score > 1) {
				t.Fatalf("bad answer %+v", a)
			}
			if !a.Found && a != (Answer{}) {
				t.Fatalf("not found but %+v", a)
			}
		}
	})
}

// FuzzParseSearchAnswer: the search endpoint's answer gives an error or a
// position on Earth.
func FuzzParseSearchAnswer(f *testing.F) {
	f.Add([]byte(`{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[1.442109,43.604569]},"properties":{"label":"12 Rue du Taur 31000 Toulouse","score":0.97,"type":"housenumber","citycode":"31555","postcode":"31000","city":"Toulouse"}}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		a, err := parseSearchAnswer(bytes.NewReader(data))
		if err == nil && a.Found && !validPosition(a.Lat, a.Lon) {
			t.Fatalf("bad answer %+v", a)
		}
	})
}
