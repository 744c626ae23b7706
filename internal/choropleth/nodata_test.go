package choropleth

import (
	"math"
	"reflect"
	"strings"
	"testing"
)

// A unit whose value is not a finite number (an index overflowed once
// summed, a rate of nobody) has no data: it is in no class, never the
// top one, and the legend counts it apart.
func TestNonFiniteValuesHaveNoData(t *testing.T) {
	inf, nan := math.Inf(1), math.NaN()
	if got, want := Quantiles([]float64{1, 2, inf, 3, math.Inf(-1), nan}, 5), []float64{1, 2, 3}; !reflect.DeepEqual(got, want) {
		t.Errorf("Quantiles = %v, want %v", got, want)
	}
	m := Map{Title: "Fragilité", Measure: "Indice", Units: []Unit{
		{Code: "A", Name: "A", Value: 1, Centre: pt(45, 4)},
		{Code: "B", Name: "B", Value: 2, Centre: pt(45.1, 4)},
		{Code: "C", Name: "C", Value: inf, Centre: pt(45.2, 4)},
		{Code: "D", Name: "D", Value: nan, Centre: pt(45.3, 4)},
		{Code: "E", Name: "E", Value: math.Inf(-1), Centre: pt(45.4, 4)},
	}}
	d := Render(m)
	if want := map[string]int{"A": 1, "B": 2, "C": 0, "D": 0, "E": 0}; !reflect.DeepEqual(d.ClassOf, want) {
		t.Errorf("classes %v, want %v", d.ClassOf, want)
	}
	if d.Missing != 3 || len(d.Classes) != 2 || d.Classes[1].Max != 2 {
		t.Errorf("missing %d, classes %+v", d.Missing, d.Classes)
	}
	if !strings.Contains(d.SVG, "Sans donnée : 3 unités") || strings.Contains(d.SVG, "Inf") || strings.Contains(d.SVG, "NaN") {
		t.Errorf("the legend does not count the units without data apart:\n%s", d.SVG)
	}
}
