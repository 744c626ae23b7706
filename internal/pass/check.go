package pass

import "slices"

// Attempt is what the rule of a redemption needs to know: the pass (nil
// when no pass has the code), its order, the place and its qualification,
// the service and the day.
type Attempt struct {
	Pass      *Pass
	Order     *Order
	Qualified bool // the place has an approved qualification
	// Inside: the place is inside the order's perimeter now (its commune
	// as the registry says at the redemption's time).
	Inside  bool
	Service string
	Day     string // YYYY-MM-DD, Europe/Paris
}

// Check says why a redemption is refused ("" when it is accepted), and
// the French message to show. The order of the checks is the order of
// what a person can do about it: a wrong code first, then the pass's own
// state (used, credited, blocked, not handed), its validity, then the place
// (qualified, inside the perimeter) and the service.
func Check(a Attempt) (Reason, string) {
	if a.Pass == nil || a.Order == nil {
		return CodeInvalide, CodeInvalide.Message()
	}
	switch a.Pass.State {
	case Utilise:
		return DejaUtilise, DejaUtilise.Message()
	case Credite:
		return Expire, Expire.Message()
	case Bloque:
		return BloqueR, BloqueR.Message()
	case Emis:
		return BloqueR, NotHandedMessage
	}
	if a.Day > a.Order.LastDay() {
		return Expire, Expire.Message()
	}
	if !a.Qualified {
		return LieuNonQualifie, LieuNonQualifie.Message()
	}
	if !a.Inside {
		return HorsPerimetre, HorsPerimetre.Message()
	}
	if !slices.Contains(a.Order.Services, a.Service) {
		return ServiceNonAutorise, ServiceNonAutorise.Message()
	}
	return "", ""
}
