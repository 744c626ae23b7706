package harvest

import (
	"bytes"
	"encoding/json"
	"os"
	"testing"
)

// FuzzCoop: whatever the Coop answers, the copy without aidants is a JSON
// array, or the answer is refused with an error.
func FuzzCoop(f *testing.F) {
	seed, err := os.ReadFile("testdata/coop/lieux-activite.json")
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range []string{string(seed), `[]`, `{}`, `[{"aidants":[{"nom":"x"}]}]`, `[1,2]`, `[{"a":`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		var out bytes.Buffer
		if _, err := stripAidants(bytes.NewReader(in), &out, "coop"); err != nil {
			return
		}
		var got []map[string]any
		if err := json.Unmarshal(out.Bytes(), &got); err != nil {
			t.Fatalf("output is not an array of objects: %v\n%s", err, out.Bytes())
		}
		for _, rec := range got {
			if _, ok := rec["aidants"]; ok {
				t.Fatalf("aidants kept: %s", out.Bytes())
			}
		}
	})
}

// FuzzDataInclusion: any page of structures and services the API answers
// converts to a JSON array of records, one per structure kept.
func FuzzDataInclusion(f *testing.F) {
	structures, err := os.ReadFile("testdata/data-inclusion/structures-1.json")
	if err != nil {
		f.Fatal(err)
	}
	services, err := os.ReadFile("testdata/data-inclusion/services-1.json")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(structures, services)
	f.Add([]byte(`{"items":[{"id":"a","source":"s","latitude":1e308}]}`), []byte(`{"items":[{"structure_id":"a","source":"s","thematiques":["numerique"]}]}`))
	f.Fuzz(func(t *testing.T, st, sv []byte) {
		var ps diPage[diStructure]
		var pv diPage[diService]
		if json.Unmarshal(st, &ps) != nil || json.Unmarshal(sv, &pv) != nil {
			return
		}
		var out bytes.Buffer
		skipped, err := diConvert(ps.Items, pv.Items, &out)
		if err != nil {
			t.Fatal(err)
		}
		var got []map[string]any
		if err := json.Unmarshal(out.Bytes(), &got); err != nil {
			t.Fatalf("output is not an array of objects: %v\n%s", err, out.Bytes())
		}
		if len(got)+skipped != len(ps.Items) {
			t.Fatalf("%d records + %d skipped for %d structures", len(got), skipped, len(ps.Items))
		}
	})
}

// FuzzDatasetRef: a dataset reference never carries a path, a query or a
// fragment into the API's address.
func FuzzDatasetRef(f *testing.F) {
	for _, s := range []string{"lieux-de-mediation-numerique-du-tarn", "https://www.data.gouv.fr/fr/datasets/x/?a=b#c", "6512a3c4f1e2d3b4a5c6d7e8", "/datasets/", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ref := datasetRef(s)
		if bytes.ContainsAny([]byte(ref), "?#") {
			t.Fatalf("datasetRef(%q) = %q", s, ref)
		}
	})
}
