package web

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"maillage/internal/account"
	"maillage/internal/store"
)

// The provenance of a place's fields is for the coordinators of its
// territory and the administrators; it names who edited a field by
// e-mail for administrators only, by role and pseudonym for the others
// (issue 7's rule, as the history does).
func TestPlaceProvenanceAccess(t *testing.T) {
	p := cast(t)
	ts, ctx := p.ts, context.Background()
	// coord@tarn.fr edits a place of the Tarn.
	tarn, err := ts.store.UserByEmail(ctx, "coord@tarn.fr")
	if err != nil {
		t.Fatal(err)
	}
	cur, err := ts.store.Lieu(ctx, "albi-1")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ts.store.PatchLieu(ctx, "albi-1", store.Patch{Base: store.Version(&cur), Set: map[string]string{"telephone": "+33563000000"},
		Origin: "coordination", Actor: "compte:" + strconv.FormatInt(tarn.ID, 10)}); err != nil {
		t.Fatal(err)
	}
	if err := ts.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	pseudonym := account.DisplayName(nil, &tarn)
	for _, tc := range []struct {
		who      string
		session  string
		shown    bool
		want     string
		notShown []string
	}{
		{"Haute-Garonne's coordinator", p.coord31, false, "", []string{"coord@tarn.fr", "Dominique", "Provenance des informations"}},
		{"the Tarn's coordinator", p.coord81, true, "<th scope=\"row\">téléphone</th><td data-titre=\"Donnée par\">" + pseudonym, []string{"coord@tarn.fr", "Dominique"}},
		{"an administrator", p.ad, true, "<th scope=\"row\">téléphone</th><td data-titre=\"Donnée par\">coord@tarn.fr", nil},
	} {
		res := getAs(t, ts, "/lieux/albi-1", tc.session)
		if res.StatusCode != 200 {
			t.Fatalf("%s: status %d", tc.who, res.StatusCode)
		}
		has := strings.Contains(res.Body, `<section class="provenance"`)
		if has != tc.shown {
			t.Errorf("%s: provenance shown %v, want %v", tc.who, has, tc.shown)
		}
		if tc.want != "" && !strings.Contains(res.Body, tc.want) {
			t.Errorf("%s: the page lacks %q", tc.who, tc.want)
		}
		body := res.Body
		if has {
			body = between(t, res.Body, `<section class="provenance"`, "</section>")
		}
		for _, not := range tc.notShown {
			if strings.Contains(body, not) {
				t.Errorf("%s: the page shows %q", tc.who, not)
			}
		}
	}
}
