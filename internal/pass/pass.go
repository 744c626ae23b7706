// Package pass is the Pass numérique: orders (commandes) of carnets of
// passes, their codes, the events of each pass, redemptions (utilisations)
// by qualified places, monthly statements (relevés) and credit notes
// (avoirs). Money is in integer cents. The stable strings (states, event
// kinds, reasons, age bands) are the API's.
package pass

import (
	"time"
	_ "time/tzdata" // Europe/Paris must be known even on a machine without tzdata
)

// State is where a pass stands; each state is also the kind of the event
// that put the pass there.
type State string

const (
	Emis    State = "emis"    // issued, not handed to anyone yet
	Injecte State = "injecte" // its carnet was handed to a bénéficiaire
	Utilise State = "utilise" // redeemed (once, ever)
	Bloque  State = "bloque"  // blocked by an administrator
	Credite State = "credite" // unused at the end of validity, credited back to the financeur
)

// States lists the states in their order in the circuit.
var States = []State{Emis, Injecte, Utilise, Bloque, Credite}

// Label is a state in French for people.
func (s State) Label() string {
	switch s {
	case Emis:
		return "émis"
	case Injecte:
		return "remis à un bénéficiaire"
	case Utilise:
		return "utilisé"
	case Bloque:
		return "bloqué"
	case Credite:
		return "crédité au financeur"
	}
	return string(s)
}

// Next reports whether an event of kind to may follow a pass in state s:
// emis → injecte | bloque | credite; injecte → utilise | bloque | credite;
// utilise, bloque and credite are final (a blocked pass is credited back
// at the end of validity too: bloque → credite).
func (s State) Next(to State) bool {
	switch s {
	case Emis:
		return to == Injecte || to == Bloque || to == Credite
	case Injecte:
		return to == Utilise || to == Bloque || to == Credite
	case Bloque:
		return to == Credite
	}
	return false
}

// Derive replays a pass's events (oldest first) and returns its state,
// or false when they do not follow the circuit (the first must be emis).
func Derive(events []State) (State, bool) {
	if len(events) == 0 || events[0] != Emis {
		return "", false
	}
	s := Emis
	for _, e := range events[1:] {
		if !s.Next(e) {
			return s, false
		}
		s = e
	}
	return s, true
}

// AgeBand is the only thing recorded of a bénéficiaire's age (or nothing).
type AgeBand string

const (
	AgeUnknown  AgeBand = ""
	AgeUnder25  AgeBand = "moins-de-25"
	Age25to44   AgeBand = "25-44"
	Age45to64   AgeBand = "45-64"
	Age65to74   AgeBand = "65-74"
	Age75AndOld AgeBand = "75-et-plus"
)

// AgeBands lists the bands a distributeur may choose (and none).
var AgeBands = []AgeBand{AgeUnder25, Age25to44, Age45to64, Age65to74, Age75AndOld}

// ValidAgeBand reports whether b is a band or empty.
func ValidAgeBand(b AgeBand) bool {
	if b == AgeUnknown {
		return true
	}
	for _, x := range AgeBands {
		if x == b {
			return true
		}
	}
	return false
}

// Paris is the time zone of a redemption's day and of validity dates.
var Paris = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		panic(err)
	}
	return loc
}()

// DateLayout is how days are written (and stored).
const DateLayout = "2006-01-02"

// Day is the day (Europe/Paris) of an instant, as DateLayout writes it.
func Day(t time.Time) string { return t.In(Paris).Format(DateLayout) }

// Month is the month (Europe/Paris) of an instant, "YYYY-MM".
func Month(t time.Time) string { return t.In(Paris).Format("2006-01") }
