package pass

// Reason says why a redemption is refused: a stable string of the API.
type Reason string

const (
	CodeInvalide       Reason = "code_invalide"        // wrong check character, or no such pass
	DejaUtilise        Reason = "deja_utilise"         // redeemed before (by anyone)
	HorsPerimetre      Reason = "hors_perimetre"       // the place is outside the order's perimeter
	ServiceNonAutorise Reason = "service_non_autorise" // the order does not pay for this service
	Expire             Reason = "expire"               // after the order's end plus tolerance, or credited back
	BloqueR            Reason = "bloque"               // blocked, or never handed to a bénéficiaire
	LieuNonQualifie    Reason = "lieu_non_qualifie"    // the place has no approved qualification
	// CleReutilisee: an Idempotency-Key already used for another request.
	CleReutilisee Reason = "cle_reutilisee"
)

// Reasons lists every reason.
var Reasons = []Reason{CodeInvalide, DejaUtilise, HorsPerimetre, ServiceNonAutorise, Expire, BloqueR, LieuNonQualifie, CleReutilisee}

// Message is the French sentence shown with a reason.
func (r Reason) Message() string {
	switch r {
	case CodeInvalide:
		return "Ce code n'est pas celui d'un pass : vérifiez-le (une faute de frappe est détectée par le dernier caractère)."
	case DejaUtilise:
		return "Ce pass a déjà été utilisé."
	case HorsPerimetre:
		return "Ce pass n'est pas valable dans la commune de ce lieu."
	case ServiceNonAutorise:
		return "Ce pass ne finance pas ce service."
	case Expire:
		return "Ce pass n'est plus valable : sa date de fin est passée."
	case BloqueR:
		return "Ce pass est bloqué."
	case LieuNonQualifie:
		return "Ce lieu n'est pas qualifié pour accepter le Pass numérique."
	case CleReutilisee:
		return "Cette clé d'idempotence a déjà servi pour une autre demande."
	}
	return string(r)
}

// NotHandedMessage is the message of BloqueR for a pass still emis.
const NotHandedMessage = "Ce pass n'a pas encore été remis à un bénéficiaire."
