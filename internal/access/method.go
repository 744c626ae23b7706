package access

import (
	"math"
	"strings"

	"maillage/internal/failure"
)

// E2SFCAWeights are the weights Luo & Qi (2009) published for the zones
// 0–10, 10–20 and 20–30 minutes; DefaultZones spreads them over the three
// thirds of any catchment.
var E2SFCAWeights = [3]float64{1, 0.68, 0.22}

// DefaultZones are the E2SFCA zones of a catchment: its three thirds,
// weighted 1, 0.68 and 0.22.
func DefaultZones(catchment float64) []Zone {
	return []Zone{
		{catchment / 3, E2SFCAWeights[0]},
		{catchment * 2 / 3, E2SFCAWeights[1]},
		{catchment, E2SFCAWeights[2]},
	}
}

// Gaussian is the weight of the Gaussian 2SFCA at cost c for a catchment
// d₀: (e^{−½(c/d₀)²} − e^{−½}) / (1 − e^{−½}), 1 at 0, 0 at d₀ and beyond.
func Gaussian(c, d0 float64) float64 {
	if c > d0 {
		return 0
	}
	e := math.Exp(-0.5)
	r := c / d0
	return (math.Exp(-0.5*r*r) - e) / (1 - e)
}

// Validate checks the method, with French messages.
func (m Method) Validate() error {
	_, _, err := m.weight()
	return err
}

// weight returns the method's weight function and its catchment.
func (m Method) weight() (func(float64) float64, float64, error) {
	d0 := m.Catchment
	switch m.Kind {
	case Kind2SFCA, KindGaussian:
		if !(d0 > 0) || math.IsInf(d0, 0) {
			return nil, 0, failure.Errorf(failure.Invalid, "seuil %v invalide : un nombre fini strictement positif", d0)
		}
		if m.Kind == Kind2SFCA {
			return func(float64) float64 { return 1 }, d0, nil
		}
		return func(c float64) float64 { return Gaussian(c, d0) }, d0, nil
	case KindE2SFCA:
		zones := m.Zones
		if len(zones) == 0 {
			if !(d0 > 0) || math.IsInf(d0, 0) {
				return nil, 0, failure.Errorf(failure.Invalid, "seuil %v invalide : un nombre fini strictement positif", d0)
			}
			zones = DefaultZones(d0)
		}
		prev := 0.0
		for k, z := range zones {
			if !(z.Upto > prev) || math.IsInf(z.Upto, 0) {
				return nil, 0, failure.Errorf(failure.Invalid, "zone %d de l'E2SFCA : borne %v invalide (les bornes croissent strictement à partir de 0 et sont finies)", k+1, z.Upto)
			}
			if !(z.Weight >= 0) || math.IsInf(z.Weight, 0) {
				return nil, 0, failure.Errorf(failure.Invalid, "zone %d de l'E2SFCA : poids %v invalide (un nombre fini positif ou nul)", k+1, z.Weight)
			}
			prev = z.Upto
		}
		if d0 == 0 {
			d0 = prev
		} else if d0 != prev {
			return nil, 0, failure.Errorf(failure.Invalid, "la dernière zone de l'E2SFCA finit à %v mais le seuil est %v : ils doivent être égaux", prev, d0)
		}
		zs := append([]Zone(nil), zones...)
		return func(c float64) float64 {
			for _, z := range zs {
				if c <= z.Upto {
					return z.Weight
				}
			}
			return 0
		}, d0, nil
	}
	return nil, 0, failure.Errorf(failure.Invalid, "méthode « %s » inconnue : %s", m.Kind, strings.Join([]string{Kind2SFCA, KindE2SFCA, KindGaussian}, ", "))
}
