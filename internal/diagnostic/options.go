package diagnostic

import (
	"errors"
	"math"
	"net/http"
	"strings"
	"time"

	"maillage/internal/access"
	"maillage/internal/failure"
	"maillage/internal/place"
)

// Defaults of Options.
const (
	DefaultMethod  = access.KindE2SFCA
	DefaultCost    = access.NameCrowFly
	DefaultSeuilKm = 10.0
	// DefaultSeuilMin is the catchment of the costs in minutes.
	DefaultSeuilMin = 20.0
	// DefaultDetour and DefaultKmh turn crow-fly kilometres into minutes
	// for the "detour" cost, and for the 20 / 30 minutes flags when the
	// cost is crow-fly: roads are about 1.3 times longer than the straight
	// line on average (less for long trips, Héran 2009), driven at 60 km/h.
	DefaultDetour = 1.3
	DefaultKmh    = 60.0
	// MaxSeuilKm and MaxSeuilMin bound the catchment: a service of
	// proximity is not an hour away, and a wider catchment makes the
	// computation of France much longer (31 s at 5000 km).
	MaxSeuilKm  = 100.0
	MaxSeuilMin = 120.0
	// MinSeuilKm and MinSeuilMin bound it below: a catchment of a few
	// metres or seconds reaches no commune's centre, and a denormal one
	// breaks the methods' zones.
	MinSeuilKm  = 0.1
	MinSeuilMin = 1.0
)

// Options are the choices a diagnostic is computed with; the zero value
// asks for the defaults. Options is comparable: normalised, it keys the
// cache.
type Options struct {
	Method string // access.Kind2SFCA, access.KindE2SFCA (default) or access.KindGaussian
	// Cost is access.NameCrowFly ("vol-d-oiseau", the default),
	// access.NameDetour ("detour": crow-fly × Detour at Vitesse, in
	// minutes) or access.NameOSRM (needs OSRMURL). With SeuilMin and no
	// cost, the cost is "detour".
	Cost string
	// SeuilKm is the catchment in km (crow-fly, default 10); SeuilMin in
	// minutes (detour and osrm, default 20). Give one, matching the cost.
	SeuilKm  float64
	SeuilMin float64
	// Service keeps only the places offering it (the standard's spelling,
	// any case), "" all.
	Service string
	// Weighting is access.WeightPlace (default: 1 per place) or
	// access.WeightHours (opening hours per week).
	Weighting string
	// Detour (≥ 1, default 1.3) and Vitesse (km/h, default 60) of the
	// "detour" cost and of the minutes estimated from crow-fly km.
	Detour, Vitesse float64
	// OSRMURL is the OSRM server of the "osrm" cost: configuration, never
	// a request's input.
	OSRMURL string
}

// Normalise fills the defaults and checks the options, with French
// errors naming the option, the value and the rule. Each message starts
// with the option's name as OptionOfMessage reads it.
func (o Options) Normalise() (Options, error) {
	o.Method = strings.ToLower(strings.TrimSpace(o.Method))
	if o.Method == "" {
		o.Method = DefaultMethod
	}
	switch o.Method {
	case access.Kind2SFCA, access.KindE2SFCA, access.KindGaussian:
	default:
		return o, failure.Errorf(failure.Invalid, "méthode « %s » inconnue : 2sfca, e2sfca (par défaut) ou gaussien", o.Method)
	}
	o.Cost = strings.ToLower(strings.TrimSpace(o.Cost))
	if o.Cost == "" {
		o.Cost = DefaultCost
		if o.SeuilMin != 0 && o.SeuilKm == 0 {
			o.Cost = access.NameDetour
		}
	}
	if err := positive("seuil-km", "kilomètres", o.SeuilKm, true); err != nil {
		return o, err
	}
	if err := positive("seuil-min", "minutes", o.SeuilMin, true); err != nil {
		return o, err
	}
	if o.SeuilKm > MaxSeuilKm {
		return o, failure.Errorf(failure.Invalid, "seuil-km %v invalide : au plus %v kilomètres", o.SeuilKm, MaxSeuilKm)
	}
	if o.SeuilMin > MaxSeuilMin {
		return o, failure.Errorf(failure.Invalid, "seuil-min %v invalide : au plus %v minutes", o.SeuilMin, MaxSeuilMin)
	}
	if o.SeuilKm != 0 && o.SeuilKm < MinSeuilKm {
		return o, failure.Errorf(failure.Invalid, "seuil-km %v invalide : au moins 0,1 kilomètre", o.SeuilKm)
	}
	if o.SeuilMin != 0 && o.SeuilMin < MinSeuilMin {
		return o, failure.Errorf(failure.Invalid, "seuil-min %v invalide : au moins 1 minute", o.SeuilMin)
	}
	switch o.Cost {
	case access.NameCrowFly:
		if o.SeuilMin != 0 {
			minutes := "detour"
			if strings.TrimSpace(o.OSRMURL) != "" {
				minutes += " ou osrm" // offered only when a server is configured
			}
			return o, failure.Errorf(failure.Invalid, "seuil-min %v : le coût vol-d-oiseau se mesure en kilomètres, donnez seuil-km (ou choisissez le coût %s)", o.SeuilMin, minutes)
		}
		if o.SeuilKm == 0 {
			o.SeuilKm = DefaultSeuilKm
		}
	case access.NameDetour, access.NameOSRM:
		if o.SeuilKm != 0 {
			return o, failure.Errorf(failure.Invalid, "seuil-km %v : le coût %s se mesure en minutes, donnez seuil-min (ou choisissez le coût vol-d-oiseau)", o.SeuilKm, o.Cost)
		}
		if o.SeuilMin == 0 {
			o.SeuilMin = DefaultSeuilMin
		}
		if o.Cost == access.NameOSRM && strings.TrimSpace(o.OSRMURL) == "" {
			return o, failure.Errorf(failure.Invalid, "coût osrm : aucun serveur OSRM n'est configuré (MAILLAGE_OSRM_URL) ; choisissez vol-d-oiseau ou detour")
		}
	default:
		return o, failure.Errorf(failure.Invalid, "coût « %s » inconnu : vol-d-oiseau (par défaut), detour ou osrm", o.Cost)
	}
	if o.Cost != access.NameOSRM {
		o.OSRMURL = ""
	}
	if o.Detour == 0 {
		o.Detour = DefaultDetour
	}
	if !(o.Detour >= 1) || math.IsInf(o.Detour, 0) {
		return o, failure.Errorf(failure.Invalid, "détour %v invalide : un nombre fini au moins égal à 1 (la route n'est jamais plus courte que la ligne droite)", o.Detour)
	}
	if err := positive("vitesse", "km/h", o.Vitesse, true); err != nil {
		return o, err
	}
	if o.Vitesse == 0 {
		o.Vitesse = DefaultKmh
	}
	o.Service = strings.TrimSpace(o.Service)
	if o.Service != "" {
		c, _, ok := place.Services.Lookup(o.Service)
		if !ok {
			return o, failure.Errorf(failure.Invalid, "service « %s » inconnu : les services du standard sont %s", o.Service, strings.Join(place.Services.Values, ", "))
		}
		o.Service = c
	}
	o.Weighting = strings.ToLower(strings.TrimSpace(o.Weighting))
	if o.Weighting == "" {
		o.Weighting = access.WeightPlace
	}
	if err := access.CheckWeighting(o.Weighting); err != nil {
		var fe *failure.Error
		if errors.As(err, &fe) {
			return o, failure.Errorf(failure.Invalid, "ponderation : %s", fe.Message)
		}
		return o, err
	}
	return o, nil
}

func positive(name, unit string, v float64, zeroOK bool) error {
	if v == 0 && zeroOK {
		return nil
	}
	if !(v > 0) || math.IsInf(v, 0) {
		return failure.Errorf(failure.Invalid, "%s %v invalide : un nombre fini strictement positif (en %s)", name, v, unit)
	}
	return nil
}

// Catchment is the catchment in the cost's unit (Unit).
func (o Options) Catchment() float64 {
	if o.Cost == access.NameCrowFly {
		return o.SeuilKm
	}
	return o.SeuilMin
}

// Unit is "km" or "min", the unit of Catchment.
func (o Options) Unit() string {
	if o.Cost == access.NameCrowFly {
		return access.UnitKm
	}
	return access.UnitMin
}

// osrmTimeout bounds one request to the OSRM server.
const osrmTimeout = 2 * time.Minute

// cost returns the travel cost of normalised options.
func (o Options) cost() access.Cost {
	switch o.Cost {
	case access.NameDetour:
		return access.Detour(o.Detour, o.Vitesse)
	case access.NameOSRM:
		return access.OSRM(o.OSRMURL, &http.Client{Timeout: osrmTimeout})
	}
	return access.CrowFly()
}

// method returns the floating-catchment method of normalised options.
func (o Options) method() access.Method {
	return access.Method{Kind: o.Method, Catchment: o.Catchment()}
}

// minutesOfKm estimates minutes from crow-fly km with the detour and speed.
func (o Options) minutesOfKm(km float64) float64 { return km * o.Detour / o.Vitesse * 60 }

// optionWords are the first words of Normalise's messages and the options
// (CLI flags, query parameters with "-" as "_") they are about.
var optionWords = map[string]string{"méthode": "methode", "coût": "cout", "seuil-km": "seuil-km", "seuil-min": "seuil-min",
	"service": "service", "ponderation": "ponderation", "détour": "detour", "vitesse": "vitesse"}

// OptionOfMessage returns the option an error of Normalise is about
// ("methode", "cout", "seuil-km", "seuil-min", "service", "ponderation",
// "detour", "vitesse"), "" when it cannot tell.
func OptionOfMessage(msg string) string {
	word, _, _ := strings.Cut(msg, " ")
	return optionWords[word]
}
