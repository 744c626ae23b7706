package pass

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"maillage/internal/failure"
	"maillage/internal/french"
	"maillage/internal/place"
)

// Zone is a part of the perimeter where an order's passes are accepted.
type Zone struct {
	Kind string // ZoneDepartement, ZoneEPCI or ZoneCommune
	Code string // INSEE code (département, commune) or SIREN (EPCI)
}

const (
	ZoneDepartement = "departement"
	ZoneEPCI        = "epci"
	ZoneCommune     = "commune"
)

func (z Zone) String() string { return z.Kind + ":" + z.Code }

// ParsePerimeter reads "departement:69,epci:200046977,commune:69123"
// (separated by commas, spaces or "|").
func ParsePerimeter(s string) ([]Zone, error) {
	var out []Zone
	for _, t := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '|' || r == ' ' }) {
		kind, code, ok := strings.Cut(t, ":")
		if !ok || code == "" || len(code) > 20 || (kind != ZoneDepartement && kind != ZoneEPCI && kind != ZoneCommune) {
			return nil, failure.Errorf(failure.Invalid, "Périmètre « %s » : attendu departement:CODE, epci:SIREN ou commune:CODE_INSEE.", t)
		}
		for _, r := range code {
			if !(r >= '0' && r <= '9' || r == 'A' || r == 'B') {
				return nil, failure.Errorf(failure.Invalid, "Périmètre « %s » : code invalide.", t)
			}
		}
		z := Zone{Kind: kind, Code: code}
		if !slices.Contains(out, z) {
			out = append(out, z)
		}
	}
	if len(out) == 0 {
		return nil, failure.Errorf(failure.Invalid, "Le périmètre est vide : au moins un département, EPCI ou commune.")
	}
	return out, nil
}

// FormatPerimeter writes zones as ParsePerimeter reads them.
func FormatPerimeter(zs []Zone) string {
	parts := make([]string, len(zs))
	for i, z := range zs {
		parts[i] = z.String()
	}
	return strings.Join(parts, ",")
}

// The rule of a perimeter (is a place inside an order's zones?) is the
// database's, judged on the place's commune at redemption time
// (migration 039: pass_lieux_territoire, pass_utilisations_perimetre).

// Order is a financeur's commande of carnets.
type Order struct {
	ID              int64
	Financeur       int64 // the financeur's account
	Carnets         int
	PassesPerCarnet int
	ValueCents      int64  // face value of one pass
	ValidUntil      string // last day of validity, YYYY-MM-DD
	ToleranceDays   int    // days after ValidUntil when passes handed out are still accepted
	Perimeter       []Zone
	Services        []string // the standard's services this order pays for
	Publics         string   // target publics, text for distributeurs
	PrintedText     string   // the financeur's text, printed on every pass of its carnets
	Created         time.Time
	CreatedBy       string
}

// Limits of an order.
const (
	MaxCarnets         = 100000
	MaxPassesPerCarnet = 100
	MaxValueCents      = 100000 // 1 000 € a pass
	MaxToleranceDays   = 366
	MaxPublics         = 1000 // characters
	MaxPrintedText     = 300  // characters: it fits a pass's block on the printed carnet
)

// LastDay is the last day a pass of the order is accepted: ValidUntil
// plus the tolerance.
func (o *Order) LastDay() string {
	d, err := time.Parse(DateLayout, o.ValidUntil)
	if err != nil {
		return ""
	}
	return d.AddDate(0, 0, o.ToleranceDays).Format(DateLayout)
}

// MaxYearsAhead bounds an order's end of validity: at most this many
// years after the day it is recorded, so that its last day (end plus
// tolerance) stays a four-digit year, compared as text with the days of
// redemptions (review 10A2 minor 3: « 9999-12-31 » plus ten days was
// « 10000-01-10 », before every day).
const MaxYearsAhead = 5

// CheckEnd refuses an end of validity more than MaxYearsAhead years after
// today (YYYY-MM-DD); the end's form is Validate's.
func (o *Order) CheckEnd(today string) error {
	end, err := time.Parse(DateLayout, o.ValidUntil)
	if err != nil {
		return failure.Errorf(failure.Invalid, "Date de fin de validité « %s » : attendu AAAA-MM-JJ.", o.ValidUntil)
	}
	now, err := time.Parse(DateLayout, today)
	if err != nil {
		return fmt.Errorf("pass: jour %q : %w", today, err)
	}
	if bound := now.AddDate(MaxYearsAhead, 0, 0); end.After(bound) {
		return failure.Errorf(failure.Invalid, "Date de fin de validité « %s » : au plus %d ans après aujourd'hui (%s), soit le %s au plus tard.",
			o.ValidUntil, MaxYearsAhead, today, bound.Format(DateLayout))
	}
	return nil
}

// TotalCents is what the order is worth.
func (o *Order) TotalCents() int64 {
	return int64(o.Carnets) * int64(o.PassesPerCarnet) * o.ValueCents
}

// Validate checks an order before it is recorded.
func (o *Order) Validate() error {
	switch {
	case o.Financeur <= 0:
		return failure.Errorf(failure.Invalid, "Le financeur est obligatoire.")
	case o.Carnets < 1 || o.Carnets > MaxCarnets:
		return failure.Errorf(failure.Invalid, "Le nombre de carnets doit être compris entre 1 et %d.", MaxCarnets)
	case o.PassesPerCarnet < 1 || o.PassesPerCarnet > MaxPassesPerCarnet:
		return failure.Errorf(failure.Invalid, "Le nombre de pass par carnet doit être compris entre 1 et %d.", MaxPassesPerCarnet)
	case o.ValueCents < 1 || o.ValueCents > MaxValueCents:
		return failure.Errorf(failure.Invalid, "La valeur d'un pass doit être comprise entre 0,01 € et %d €.", MaxValueCents/100)
	case o.ToleranceDays < 0 || o.ToleranceDays > MaxToleranceDays:
		return failure.Errorf(failure.Invalid, "La tolérance doit être comprise entre 0 et %d jours.", MaxToleranceDays)
	case len(o.Perimeter) == 0:
		return failure.Errorf(failure.Invalid, "Le périmètre est vide : au moins un département, EPCI ou commune.")
	case len(o.Services) == 0:
		return failure.Errorf(failure.Invalid, "Au moins un service doit être financé.")
	case utf8.RuneCountInString(o.Publics) > MaxPublics:
		return failure.Errorf(failure.Invalid, "Les publics visés tiennent en %d caractères au plus.", MaxPublics)
	case utf8.RuneCountInString(o.PrintedText) > MaxPrintedText:
		return failure.Errorf(failure.Invalid, "Le texte imprimé sur les pass tient en %d caractères au plus.", MaxPrintedText)
	}
	if _, err := time.Parse(DateLayout, o.ValidUntil); err != nil {
		return failure.Errorf(failure.Invalid, "Date de fin de validité « %s » : attendu AAAA-MM-JJ.", o.ValidUntil)
	}
	for _, s := range o.Services {
		if !place.Services.Contains(s) {
			return failure.Errorf(failure.Invalid, "Service « %s » : ce n'est pas un service du standard.", s)
		}
	}
	return nil
}

// ParseEuros reads an amount in euros ("10", "10,50", "10.5", "1 000 €",
// and what Euros writes) as cents.
func ParseEuros(s string) (int64, error) {
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "€"))
	s = strings.NewReplacer(" ", "", "\u00a0", "", "\u202f", "").Replace(s)
	whole, frac, _ := strings.Cut(strings.ReplaceAll(s, ",", "."), ".")
	if whole == "" || len(whole) > 9 || len(frac) > 2 {
		return 0, failure.Errorf(failure.Invalid, "Montant « %s » : attendu des euros, avec au plus deux décimales.", s)
	}
	var cents int64
	for _, r := range whole + (frac + "00")[:2] {
		if r < '0' || r > '9' {
			return 0, failure.Errorf(failure.Invalid, "Montant « %s » : attendu des euros, avec au plus deux décimales.", s)
		}
		cents = cents*10 + int64(r-'0')
	}
	return cents, nil
}

// Euros writes cents as French typography does: a decimal comma and a
// narrow no-break space (U+202F) between groups of three digits and
// before the sign, « 1 250,50 € », which never breaks across lines.
func Euros(cents int64) string {
	sign := ""
	if cents < 0 {
		sign, cents = "-", -cents
	}
	return fmt.Sprintf("%s%s,%02d\u202f€", sign, french.Grouped(cents/100), cents%100)
}
