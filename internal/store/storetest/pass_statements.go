package storetest

import (
	"context"
	"testing"

	"maillage/internal/pass"
	"maillage/internal/place"
)

// RunRedeemStatements checks how many statements a redemption sends to a
// database server (statements counts those sent so far): an accepted
// redemption and a replay at most one each (PostgreSQL's pass_utiliser),
// a refusal two (the function's facts, then its answer recorded). Each
// statement is a round trip: ~11 of them kept PostgreSQL at about 550
// redemptions per second through the API.
func RunRedeemStatements(t *testing.T, open Open, statements func() int) {
	s := open(t)
	t.Cleanup(func() { s.Close() })
	f := newPassFixture(t, s, 1, 3, 1)
	ctx := context.Background()
	if _, err := s.Order(ctx, f.order.ID); err != nil { // read once per process, then kept
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name, code, service, key string
		want                     pass.Reason
		max                      int
	}{
		{"accepted", f.passes[0].Code, place.ServiceDemarches, "k1", "", 1},
		{"replayed", f.passes[0].Code, place.ServiceDemarches, "k1", "", 1},
		{"refused", f.passes[1].Code, place.ServiceLoisirs, "k2", pass.ServiceNonAutorise, 2},
		{"refusal replayed", f.passes[1].Code, place.ServiceLoisirs, "k2", pass.ServiceNonAutorise, 1},
	} {
		before := statements()
		res := f.redeem(t, s, tt.code, lieuInside, tt.service, f.structure, tt.key)
		n := statements() - before
		if res.Reason != tt.want {
			t.Errorf("%s: %+v, want %q", tt.name, res, tt.want)
		}
		if n > tt.max {
			t.Errorf("%s: %d statements sent to the server, want at most %d", tt.name, n, tt.max)
		}
	}
	verifyClean(t, s)
}
