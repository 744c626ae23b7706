package access

import (
	"context"
	"math"
	"testing"
)

func TestBeyondAndUnserved(t *testing.T) {
	d := []Demand{
		{Code: "a", Population: 1000, AtRisk: 100},
		{Code: "b", Population: 3000, AtRisk: 900},
		{Code: "c", Population: 500, AtRisk: 400},
		{Code: "d", Population: 500, AtRisk: 0},
	}
	res := []Result{
		{Code: "a", NearestCost: 5, Served: true},
		{Code: "b", NearestCost: 20, Served: true},
		{Code: "c", NearestCost: 31, Served: false},
		{Code: "d", NearestCost: math.Inf(1), Served: false},
	}
	got := Beyond(d, res, 20, 30)
	want := []Share{
		{Threshold: 20, People: 1000, AtRisk: 400, PeopleShare: 0.2, AtRiskShare: 0.4 / 1.4},
		{Threshold: 30, People: 1000, AtRisk: 400, PeopleShare: 0.2, AtRiskShare: 0.4 / 1.4},
	}
	for k := range want {
		g, w := got[k], want[k]
		if g.Threshold != w.Threshold || g.People != w.People || g.AtRisk != w.AtRisk ||
			math.Abs(g.PeopleShare-w.PeopleShare) > 1e-12 || math.Abs(g.AtRiskShare-w.AtRiskShare) > 1e-12 {
			t.Errorf("beyond %v: %+v, want %+v", w.Threshold, g, w)
		}
	}
	if g := Beyond(d, res, 4)[0]; g.People != 5000 || g.PeopleShare != 1 {
		t.Errorf("beyond 4: %+v, want everyone", g)
	}
	un, gap := Unserved(d, res)
	if len(un) != 2 || un[0].Code != "c" || un[1].Code != "d" {
		t.Errorf("unserved %+v, want c and d", un)
	}
	if gap != (Gap{Communes: 2, People: 1000, AtRisk: 400}) {
		t.Errorf("gap %+v", gap)
	}
	if g := Beyond(nil, nil, 20)[0]; g.PeopleShare != 0 || g.AtRiskShare != 0 {
		t.Errorf("no people: %+v", g)
	}
}

func TestEmptyInputs(t *testing.T) {
	ctx := context.Background()
	d := []Demand{{Code: "a", Lat: 45, Lon: 5, Population: 10, AtRisk: 10}}
	s := []Supply{{ID: "p", Lat: 45, Lon: 5, Weight: 1}}
	for _, c := range []Cost{CrowFly(), Detour(1.3, 50), &matrix{}} {
		res, err := Compute(ctx, Method{Kind: KindGaussian, Catchment: 20}, c, d, nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(res) != 1 || res[0].Served || res[0].Accessibility != 0 || !math.IsInf(res[0].NearestCost, 1) || res[0].NearestID != "" {
			t.Errorf("%s, no place: %+v", c.Name(), res)
		}
		res, err = Compute(ctx, Method{Kind: KindGaussian, Catchment: 20}, c, nil, s)
		if err != nil || len(res) != 0 {
			t.Errorf("%s, no commune: %v %v", c.Name(), res, err)
		}
	}
	if p, err := Greedy(ctx, CrowFly(), nil, []Demand{{Code: "x", Lat: 45, Lon: 5}}, 3, 10); err != nil || len(p) != 0 {
		t.Errorf("nobody to cover: %+v %v", p, err)
	}
}
