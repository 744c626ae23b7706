package web

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"maillage/internal/account"
	"maillage/internal/failure"
	"maillage/internal/french"
	"maillage/internal/pass"
	"maillage/internal/territory"
)

// What the Pass numérique's pages of orders, printing and distribution
// share: who may see an order, and how a perimeter reads.

var (
	errPassOrdersForbidden  = failure.Errorf(failure.Forbidden, "Les commandes du Pass numérique sont réservées aux administrateurs et aux financeurs.")
	errPassOrderNotYours    = failure.Errorf(failure.Forbidden, "Cette commande n'est pas celle de votre structure.")
	errPassCarnetsForbidden = failure.Errorf(failure.Forbidden, "Les carnets du Pass numérique sont réservés aux administrateurs et aux distributeurs.")
)

// passOrderReader says whether an account may read orders: an
// administrator reads all of them, a financeur its own.
func passOrderReader(u *account.User) error {
	if u == nil || (u.Role != account.Administrateur && u.Role != account.Financeur) {
		return errPassOrdersForbidden
	}
	return nil
}

// passOrderOf reads the order {n} of the path for the signed-in account:
// failure.Forbidden for a financeur's other orders, and for any other
// role than administrateur and financeur.
func (s *Server) passOrderOf(r *http.Request) (pass.Order, error) {
	u := currentUser(r)
	if err := passOrderReader(u); err != nil {
		return pass.Order{}, err
	}
	id, err := strconv.ParseInt(r.PathValue("n"), 10, 64)
	if err != nil || id <= 0 {
		return pass.Order{}, failure.Errorf(failure.NotFound, "Commande introuvable.")
	}
	o, err := s.store.Order(r.Context(), id)
	if err != nil {
		return o, err
	}
	if u.Role == account.Financeur && o.Financeur != u.ID {
		return pass.Order{}, errPassOrderNotYours
	}
	return o, nil
}

// accountName names an account for the pages: its structure, else its
// name, else its address; "compte supprimé" when it is gone.
func (s *Server) accountName(ctx context.Context, id int64, cache map[int64]string) string {
	if n, ok := cache[id]; ok {
		return n
	}
	name := "compte supprimé"
	if u, err := s.store.User(ctx, id); err == nil {
		switch {
		case u.Structure != "":
			name = u.Structure + " (" + u.Email + ")"
		case u.Name != "":
			name = u.Name + " (" + u.Email + ")"
		default:
			name = u.Email
		}
	}
	if cache != nil {
		cache[id] = name
	}
	return name
}

// accountsOfRole lists the accounts of a role, for the forms' choices.
func (s *Server) accountsOfRole(ctx context.Context, role account.Role) ([]account.User, error) {
	users, err := s.store.Users(ctx)
	if err != nil {
		return nil, err
	}
	var out []account.User
	for _, u := range users {
		if u.Role == role {
			out = append(out, u)
		}
	}
	return out, nil
}

// zoneKinds are the perimeter's fields of the order form, in order.
var zoneKinds = []struct{ Kind, Field, Label, Help string }{
	{pass.ZoneDepartement, "departements", "Départements", "codes, par exemple 51, 2A, 971"},
	{pass.ZoneEPCI, "epci", "EPCI", "numéros SIREN à 9 chiffres"},
	{pass.ZoneCommune, "communes", "Communes", "codes INSEE à 5 caractères, pas les codes postaux"},
}

// splitCodes reads codes separated by commas, semicolons or spaces.
func splitCodes(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == ' ' || r == '\n' || r == '\r' || r == '\t' })
}

// parseZones reads the perimeter's fields (departements, epci, communes)
// against the referential: every code must name one of its territories.
// Without a referential imported, codes are only checked for their form.
func parseZones(ref *territory.Referential, fields map[string]string) ([]pass.Zone, error) {
	var zones []pass.Zone
	var unknown []string
	for _, k := range zoneKinds {
		for _, code := range splitCodes(fields[k.Field]) {
			code = strings.ToUpper(code)
			z := pass.Zone{Kind: k.Kind, Code: code}
			if _, err := pass.ParsePerimeter(z.String()); err != nil {
				unknown = append(unknown, fmt.Sprintf("%s « %s »", zoneWord(k.Kind), code))
				continue
			}
			if !ref.Empty() && zoneName(ref, z) == "" {
				unknown = append(unknown, fmt.Sprintf("%s « %s »", zoneWord(k.Kind), code))
				continue
			}
			zones = append(zones, z)
		}
	}
	switch {
	case len(unknown) == 1:
		return nil, failure.Errorf(failure.Invalid, "Périmètre : %s n'est pas dans le référentiel des territoires.", unknown[0])
	case len(unknown) > 1:
		return nil, failure.Errorf(failure.Invalid, "Périmètre : %s ne sont pas dans le référentiel des territoires.", strings.Join(unknown, ", "))
	case len(zones) == 0:
		return nil, failure.Errorf(failure.Invalid, "Le périmètre est vide : indiquez au moins un département, un EPCI ou une commune.")
	}
	return zones, nil
}

func zoneWord(kind string) string {
	switch kind {
	case pass.ZoneDepartement:
		return "le département"
	case pass.ZoneEPCI:
		return "l'EPCI"
	}
	return "la commune"
}

// zoneName is a zone's name in the referential ("" when unknown).
func zoneName(ref *territory.Referential, z pass.Zone) string {
	switch z.Kind {
	case pass.ZoneDepartement:
		if d, ok := ref.DepartementOf(z.Code); ok {
			return d.Nom
		}
	case pass.ZoneEPCI:
		if e, ok := ref.EPCIOf(z.Code); ok {
			return e.Nom
		}
	case pass.ZoneCommune:
		if c, ok := ref.Commune(z.Code); ok {
			return c.Nom
		}
	}
	return ""
}

// perimeterText writes a perimeter for people: « Marne (51), Reims (51454) ».
func perimeterText(ref *territory.Referential, zones []pass.Zone) string {
	parts := make([]string, len(zones))
	for i, z := range zones {
		if n := zoneName(ref, z); n != "" {
			parts[i] = n + " (" + z.Code + ")"
		} else {
			parts[i] = z.String()
		}
	}
	return strings.Join(parts, ", ")
}

// zoneFields writes a perimeter back into the order form's fields.
func zoneFields(zones []pass.Zone) map[string]string {
	out := map[string]string{}
	for _, k := range zoneKinds {
		var codes []string
		for _, z := range zones {
			if z.Kind == k.Kind {
				codes = append(codes, z.Code)
			}
		}
		out[k.Field] = strings.Join(codes, ", ")
	}
	return out
}

// dayText writes a day (YYYY-MM-DD) in French: « 31 janvier 2027 ».
func dayText(day string) string {
	t, err := time.ParseInLocation(pass.DateLayout, day, parisTZ())
	if err != nil {
		return day
	}
	return french.Date(t)
}

// ageBandLabels name the age bands for people.
var ageBandLabels = map[pass.AgeBand]string{
	pass.AgeUnknown: "non renseigné", pass.AgeUnder25: "moins de 25 ans", pass.Age25to44: "25 à 44 ans",
	pass.Age45to64: "45 à 64 ans", pass.Age65to74: "65 à 74 ans", pass.Age75AndOld: "75 ans et plus",
}

// passOrderSummary is what every page of an order says of it.
type passOrderSummary struct {
	pass.Order
	FinanceurName string
	Perimeter     string
	Value, Total  string
	ValidUntil    string // in French
	LastDay       string // in French, "" without tolerance
}

func (s *Server) passOrderSummary(ctx context.Context, o pass.Order) passOrderSummary {
	v := passOrderSummary{Order: o, FinanceurName: s.accountName(ctx, o.Financeur, nil),
		Perimeter: perimeterText(s.indexOf(ctx).Referential(), o.Perimeter), Value: pass.Euros(o.ValueCents),
		Total: pass.Euros(o.TotalCents()), ValidUntil: dayText(o.ValidUntil)}
	if o.ToleranceDays > 0 {
		v.LastDay = dayText(o.LastDay())
	}
	return v
}

// communeText names a commune by its INSEE code: « Reims (51454) »; "" for none.
func communeText(ref *territory.Referential, code string) string {
	if code == "" {
		return ""
	}
	if c, ok := ref.Commune(code); ok {
		return c.Nom + " (" + code + ")"
	}
	return code
}
