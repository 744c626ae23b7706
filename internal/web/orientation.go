package web

import (
	"fmt"
	"net/http"
	"net/url"

	"maillage/internal/place"
)

type orientationPage struct {
	pageMeta
	Step     int
	Services []checkChoice
	Needs    []checkChoice
	Keep     []hidden
	Ou       string
	BackURL  string
}

// needWords says the specific needs in plain words.
var needWords = map[string]string{
	place.PriseEnChargeSurdite:            "Je suis sourd ou malentendant",
	place.PriseEnChargeDeficienceVisuelle: "Je suis aveugle ou malvoyant",
	place.PriseEnChargeHandicapsMoteurs:   "J'ai un handicap moteur",
	place.PriseEnChargeHandicapsMentaux:   "J'ai un handicap mental ou psychique",
	place.PriseEnChargeIllettrisme:        "J'ai des difficultés pour lire ou écrire",
	place.PriseEnChargeAnglais:            "Je parle anglais plutôt que français",
	place.PriseEnChargeAutresLangues:      "Je parle une autre langue que le français",
}

// orientation is the guided flow: need, place, constraints, then results.
// Each step is a GET form that carries the previous answers.
func (s *Server) orientation(w http.ResponseWriter, r *http.Request) {
	v := r.URL.Query()
	step, _ := intParam(v, "etape", 1, 1, 3)
	if step == 0 {
		step = 1
	}
	p := orientationPage{pageMeta: pageMeta{Title: "Je cherche de l'aide", Nav: "orientation"}, Step: step, Ou: v.Get("ou")}
	chosen := chosenServices(v)
	for _, c := range chosen {
		p.Keep = append(p.Keep, hidden{"services", c})
	}
	p.Services = serviceChoices(chosen)
	for i, n := range place.PrisesEnCharge.Values {
		p.Needs = append(p.Needs, checkChoice{ID: fmt.Sprint(i), Value: n, Label: needWords[n]})
	}
	back := url.Values{"etape": {fmt.Sprint(step - 1)}}
	for _, k := range p.Keep {
		back.Add(k.Name, k.Value)
	}
	if step == 3 {
		for _, name := range []string{"ou", "lat", "lon"} {
			if x := v.Get(name); x != "" {
				p.Keep = append(p.Keep, hidden{name, x})
			}
		}
		back.Set("ou", v.Get("ou"))
	}
	p.BackURL = "/orientation?" + back.Encode()
	s.render(w, r, http.StatusOK, "orientation.html", p)
}
