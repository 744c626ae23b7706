// Package orientation is the orientation of a person by a prescriber
// (social worker, France Services agent, médiateur) to a place of the
// registry, and its follow-up: the place answers through a single-use link
// sent to its published e-mail, without an account. No personal data of
// the person is kept: at most an age band, a commune of residence and a
// free reference only the prescriber understands, all dropped after the
// retention period. The stable strings (statuses, modes, reasons) are the
// API's.
package orientation

import (
	"time"

	"maillage/internal/pass"
)

// Status is where an orientation stands; each status is also the kind of
// the event that put it there.
type Status string

const (
	Envoyee    Status = "envoyee"    // sent, the place has not answered yet
	Recue      Status = "recue"      // the place acknowledged it
	Venue      Status = "venue"      // the person came: the orientation is honoured
	Reorientee Status = "reorientee" // the place sent the person to another place of the registry
	Impossible Status = "impossible" // the place cannot help, with a reason
	Expiree    Status = "expiree"    // no answer within ExpireAfter
)

// Statuses lists the statuses in their order in the lifecycle.
var Statuses = []Status{Envoyee, Recue, Venue, Reorientee, Impossible, Expiree}

// Answers lists what a place may answer, in the order its form offers them.
var Answers = []Status{Recue, Venue, Reorientee, Impossible}

// Label is a status in French for people.
func (s Status) Label() string {
	switch s {
	case Envoyee:
		return "envoyée, sans réponse du lieu"
	case Recue:
		return "reçue par le lieu"
	case Venue:
		return "la personne est venue"
	case Reorientee:
		return "réorientée vers un autre lieu"
	case Impossible:
		return "impossible"
	case Expiree:
		return "expirée sans réponse"
	}
	return string(s)
}

// Valid reports whether s is a status.
func (s Status) Valid() bool {
	for _, x := range Statuses {
		if x == s {
			return true
		}
	}
	return false
}

// Final reports whether nothing may follow s.
func (s Status) Final() bool { return s != Envoyee && s != Recue }

// Answered reports whether the place answered (whatever it said).
func (s Status) Answered() bool {
	return s == Recue || s == Venue || s == Reorientee || s == Impossible
}

// Next reports whether an orientation in status s may move to to:
// envoyee → recue | venue | reorientee | impossible | expiree;
// recue → venue | reorientee | impossible; the others are final (an
// orientation the place acknowledged does not expire: it answered).
func (s Status) Next(to Status) bool {
	switch s {
	case Envoyee:
		return to != Envoyee && to.Valid()
	case Recue:
		return to == Venue || to == Reorientee || to == Impossible
	}
	return false
}

// Mode is how the person will come to the place.
type Mode string

const (
	RendezVous     Mode = "rendez-vous"      // an appointment is or will be taken
	SansRendezVous Mode = "sans-rendez-vous" // the person comes during opening hours
)

// Modes lists the modes in the form's order.
var Modes = []Mode{SansRendezVous, RendezVous}

// Label is a mode in French for people.
func (m Mode) Label() string {
	switch m {
	case RendezVous:
		return "sur rendez-vous"
	case SansRendezVous:
		return "sans rendez-vous, aux heures d'ouverture"
	}
	return string(m)
}

// Valid reports whether m is a mode.
func (m Mode) Valid() bool { return m == RendezVous || m == SansRendezVous }

// Reason is why an orientation is impossible.
type Reason string

const (
	Complet      Reason = "complet"       // no room left
	HorsServices Reason = "hors-services" // the need is not among the place's services
	HorsSecteur  Reason = "hors-secteur"  // the person lives outside the place's area
	Ferme        Reason = "ferme"         // the place is closed for now
	PasVenue     Reason = "pas-venue"     // the person did not come
	Autre        Reason = "autre"         // said in the free text
)

// Reasons lists the reasons in the form's order.
var Reasons = []Reason{Complet, HorsServices, HorsSecteur, Ferme, PasVenue, Autre}

// Label is a reason in French for people.
func (r Reason) Label() string {
	switch r {
	case Complet:
		return "plus de place disponible"
	case HorsServices:
		return "ce besoin ne fait pas partie de nos services"
	case HorsSecteur:
		return "la personne habite hors de notre secteur"
	case Ferme:
		return "le lieu est fermé en ce moment"
	case PasVenue:
		return "la personne n'est pas venue"
	case Autre:
		return "autre raison"
	}
	return string(r)
}

// Valid reports whether r is a reason.
func (r Reason) Valid() bool {
	for _, x := range Reasons {
		if x == r {
			return true
		}
	}
	return false
}

// Durations of the lifecycle (DORA's).
const (
	// ReminderAfter: a place that has not answered is reminded once.
	ReminderAfter = 10 * 24 * time.Hour
	// ExpireAfter: an orientation still unanswered expires.
	ExpireAfter = 30 * 24 * time.Hour
	// LinkLifetime: an answer link works this long after it was sent.
	LinkLifetime = 30 * 24 * time.Hour
	// DefaultRetention: after it, an orientation keeps only what counts
	// (need, place, mode, statuses and dates).
	DefaultRetention = 730 * 24 * time.Hour
)

// Limits of the free texts, in characters.
const (
	MaxReference = 60
	MaxMessage   = 1000
	MaxDetail    = 500
)

// Orientation is one person sent to one place for one need.
type Orientation struct {
	ID int64
	// Need is a service of the standard, spelled as the standard spells it.
	Need   string
	LieuID string
	// LieuNom, Departement, EPCI, LieuCommune (its INSEE code) and Region
	// are the place's when it was oriented to: the coordinators' territory
	// is the place's, and so are the statistics' communes and régions.
	LieuNom     string
	Departement string
	EPCI        string
	LieuCommune string
	Region      string
	Mode        Mode
	// Message for the place (optional).
	Message string
	// Age, Commune (INSEE code) and Reference are all that may be said of
	// the person, all optional.
	Age       pass.AgeBand
	Commune   string
	Reference string
	// Prescriber is the account that oriented.
	Prescriber int64
	Status     Status
	Created    time.Time
	Updated    time.Time // the last event
	// Anonymized is when the person's part was dropped (zero: not yet).
	Anonymized time.Time
	// RedirectedTo is the place the person was sent on to (Reorientee).
	RedirectedTo string
	// Reason and Detail say why it was impossible (Impossible).
	Reason Reason
	Detail string
	// Events, oldest first (read with one orientation only).
	Events []Event
}

// LinkEnd is when an answer link sent at sent stops serving:
// LinkLifetime after it and, while the place has not answered (Envoyee),
// no later than the orientation's expiry, ExpireAfter after it was made
// (a reminder's fresh link ends with the orientation).
func (o Orientation) LinkEnd(sent time.Time) time.Time {
	end := sent.Add(LinkLifetime)
	if exp := o.Created.Add(ExpireAfter); o.Status == Envoyee && exp.Before(end) {
		end = exp
	}
	return end
}

// Event is a step of an orientation's lifecycle.
type Event struct {
	Status Status
	At     time.Time
	// LieuID is the place a Reorientee event sends the person to.
	LieuID string
	Reason Reason
	Detail string
	// Actor as the journal writes it: "compte:N" (the prescriber), "lien"
	// (the place, through its link) or "système".
	Actor string
}

// Answer is what a place says through its link.
type Answer struct {
	Status Status
	LieuID string // Reorientee: the other place
	Reason Reason // Impossible
	Detail string // Impossible (required with Autre); optional otherwise
}

// Actors of events.
const (
	ActorLink   = "lien"
	ActorSystem = "système"
)
