package web

import (
	"context"
	"strings"
	"testing"

	"maillage/internal/account"
	"maillage/internal/place"
	"maillage/internal/store"
)

// A merged place's page names its sources to everyone; coordinators see
// where each field comes from: which source and record, or which account.
func TestPlaceProvenance(t *testing.T) {
	p := cast(t)
	ts, ctx := p.ts, context.Background()
	other := lieu("x-9", 43.6046, 1.4441, func(l *place.Lieu) {
		l.Nom, l.Commune, l.CodeINSEE, l.CodePostal = "EPN Capitole (mairie)", "Toulouse", "31555", "31000"
		l.DateMaj, l.Telephone = l.DateMaj.AddDate(0, 1, 0), nil
	})
	im, err := ts.store.BeginImport(ctx, "dept")
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := im.Put(ctx, &other); err != nil {
		t.Fatal(err)
	}
	if _, err := im.Commit(ctx, "dept.csv"); err != nil {
		t.Fatal(err)
	}
	if err := ts.store.MergePlaces(ctx, "tls-1", "x-9", store.MergeInfo{Actor: "dedup"}); err != nil {
		t.Fatal(err)
	}
	cur, err := ts.store.Lieu(ctx, "tls-1")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ts.store.PatchLieu(ctx, "tls-1", store.Patch{Base: store.Version(&cur), Set: map[string]string{"prise_rdv": "https://rdv.exemple.fr/capitole"}, Origin: "coordination", Actor: "compte:1"}); err != nil {
		t.Fatal(err)
	}
	if err := ts.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	claude, err := ts.store.User(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	coordinatorOnly := []string{"Provenance des informations", "source « dept », enregistrement x-9", "source « test », enregistrement tls-1"}
	// Who edited by hand: by e-mail for administrators only (issue 7).
	byRole, byEmail := account.DisplayName(nil, &claude), "coord@toulouse.fr, Coordinateur de territoire"
	tests := []struct {
		name   string
		cookie string
		want   []string
		not    []string
	}{
		{"visitor", "", []string{"Sources des données : dept, test."}, append(coordinatorOnly, byRole, byEmail)},
		{"coordinator", p.coord31, append([]string{"Sources des données : dept, test.", byRole}, coordinatorOnly...), []string{byEmail}},
		{"administrator", p.ad, append([]string{"Sources des données : dept, test.", byEmail}, coordinatorOnly...), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := getAs(t, ts, "/lieux/tls-1", tt.cookie)
			if res.StatusCode != 200 {
				t.Fatalf("status %d", res.StatusCode)
			}
			for _, w := range tt.want {
				if !strings.Contains(res.Body, w) {
					t.Errorf("missing %q", w)
				}
			}
			for _, w := range tt.not {
				if strings.Contains(res.Body, w) {
					t.Errorf("shows %q", w)
				}
			}
		})
	}
}
