package pass

import (
	"strings"
	"time"
)

// Carnet is a booklet of passes of one order. It is first assigned
// (« attribué ») to a distributeur, who then hands it (« remet ») to a
// bénéficiaire: its passes are then injecte. Nothing is kept of the
// person but an age band and a commune of residence, both optional.
type Carnet struct {
	ID           int64
	OrderID      int64
	Code         string // CN-…
	Distributeur int64  // the account it is assigned to (0: none yet)
	AssignedAt   time.Time
	Handed       bool
	HandedAt     time.Time
	AgeBand      AgeBand
	Commune      string // INSEE code of the bénéficiaire's commune, or ""
	Passes       int
}

// Pass is one voucher.
type Pass struct {
	ID         int64
	OrderID    int64
	CarnetID   int64
	CarnetCode string
	Code       string // PN-…
	ValueCents int64
	State      State
}

// Event is one change of a pass's state, append-only.
type Event struct {
	PassID int64
	Kind   State
	Actor  string
	At     time.Time
	Note   string // why, for a block (« perte », « vol »…); "" otherwise
}

// Redemption (utilisation) is a pass used by a qualified place for a service.
type Redemption struct {
	ID         int64     `json:"id"`
	PassID     int64     `json:"pass"`
	Code       string    `json:"code"`
	OrderID    int64     `json:"commande"`
	LieuID     string    `json:"lieu"`
	Service    string    `json:"service"`
	Day        string    `json:"jour"` // YYYY-MM-DD, Europe/Paris
	At         time.Time `json:"horodatage"`
	AccountID  int64     `json:"compte"` // the account that redeemed it
	ValueCents int64     `json:"valeur_centimes"`
}

// Statuses of a qualification.
const (
	QualificationPending  = "en_attente"
	QualificationApproved = "acceptee"
	QualificationRefused  = "refusee"
	// QualificationWithdrawn: approved, then withdrawn by a coordinator of
	// the place's territory or an administrator, with a reason. Final: a
	// new request makes a new qualification.
	QualificationWithdrawn = "retiree"
)

// MaxWithdrawalReason is the longest reason of a withdrawal.
const MaxWithdrawalReason = 500

// Qualification is a structure's request that one of its places accepts
// passes, with the SIRET paid (one qualification per SIRET) and the bank
// details the structure entered (shown masked).
type Qualification struct {
	ID        int64
	LieuID    string
	SIRET     string
	AccountID int64 // the account that asked (and acts for the place)
	IBAN      string
	BIC       string // 8 or 11 characters, "" when not given
	Holder    string // the account holder's name, "" when not given
	Status    string
	Created   time.Time
	DecidedBy string
	DecidedAt time.Time
	// The withdrawal of an approved qualification (Status retiree).
	WithdrawnReason string
	WithdrawnBy     string
	WithdrawnAt     time.Time
}

// MaskedIBAN shows an IBAN as the pages may: its country and check
// digits and its last four characters, « FR76 •••• •••• 0189 ».
func MaskedIBAN(iban string) string {
	if len(iban) <= 8 {
		return strings.Repeat("•", len(iban))
	}
	return iban[:4] + " •••• •••• " + iban[len(iban)-4:]
}

// PayeeOf is the qualification a place's statement issued at issued is
// paid to (its SIRET, holder and IBAN): among the place's approved
// qualifications (withdrawn ones included: what was earned before stays
// owed), those with an IBAN first (a place qualified without bank details
// gets them by a new qualification, which then pays its earlier
// statements too), then the last one decided at or before issued, else
// the last one decided. false when the place never had one.
func PayeeOf(qs []Qualification, lieuID string, issued time.Time) (Qualification, bool) {
	var best Qualification
	found, before, bank := false, false, false
	for _, q := range qs {
		if q.LieuID != lieuID || (q.Status != QualificationApproved && q.Status != QualificationWithdrawn) {
			continue
		}
		b, k := !q.DecidedAt.After(issued), q.IBAN != ""
		switch {
		case !found, k && !bank,
			k == bank && b && !before,
			k == bank && b == before && q.DecidedAt.After(best.DecidedAt),
			k == bank && b == before && q.DecidedAt.Equal(best.DecidedAt) && q.ID > best.ID:
			best, found, before, bank = q, true, b, k
		}
	}
	return best, found
}

// MaxHolder is the longest account holder's name.
const MaxHolder = 100

// ValidBIC reports whether s is a BIC (ISO 9362): a bank code of 4
// letters, a country of 2 letters, a location of 2 letters or digits and
// an optional branch of 3; it returns it in upper case without spaces.
func ValidBIC(s string) (string, bool) {
	b := strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(s), " ", ""))
	if len(b) != 8 && len(b) != 11 {
		return b, false
	}
	for i, r := range b {
		letter := r >= 'A' && r <= 'Z'
		digit := r >= '0' && r <= '9'
		if (i < 6 && !letter) || (i >= 6 && !letter && !digit) {
			return b, false
		}
	}
	return b, true
}

// ValidSIRET reports whether s is 14 digits passing Luhn's key (La Poste's
// establishments, SIREN 356000000, use the sum of digits modulo 5).
func ValidSIRET(s string) bool {
	if len(s) != 14 {
		return false
	}
	sum, digits := 0, 0
	for i := 0; i < 14; i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return false
		}
		d := int(c - '0')
		digits += d
		if i%2 == 0 {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
	}
	if s[:9] == "356000000" {
		return digits%5 == 0
	}
	return sum%10 == 0
}

// Statement (relevé) is what a place is owed for a month: immutable once
// issued but for its payment (marked once, with a transfer reference).
type Statement struct {
	ID          int64
	LieuID      string
	Month       string          // YYYY-MM
	TotalCents  int64           // its redemptions' value plus its corrections
	Passes      int             // its redemptions
	Lines       []StatementLine // read by Statement(id) only
	IssuedAt    time.Time
	Paid        bool
	PaidAt      time.Time
	TransferRef string
	PaidBy      string
}

// Kinds of statement lines.
const (
	LineRedemption = "utilisation"
	LineCorrection = "correction"
)

// StatementLine is one redemption paid, or a correction (a new line,
// never an edit of an issued one).
type StatementLine struct {
	RedemptionID int64 // 0 for a correction about no redemption
	Kind         string
	Code         string
	Day          string
	Service      string
	AmountCents  int64
	Note         string
	// OrderID and Financeur (an account id): the order of the line's
	// pass and its financeur (0 for a correction about no redemption).
	OrderID, Financeur int64
}

// Correction is an amount added to (or taken from) a place's statement of
// a month not yet issued, with why, and the redemption it is about if any:
// an issued statement never changes, a mistake is corrected on a later one.
type Correction struct {
	LieuID       string
	Month        string // YYYY-MM
	AmountCents  int64  // not zero; negative takes back
	Note         string // required
	RedemptionID int64  // 0: about no redemption
}

// CreditNote (avoir) is what an order's financeur is credited back for
// the passes unused at the end of validity (one per order).
type CreditNote struct {
	ID          int64
	OrderID     int64
	Passes      int
	AmountCents int64
	IssuedAt    time.Time
}

// ValidIBAN reports whether s (spaces allowed) is an IBAN whose check
// digits hold (ISO 13616, modulo 97), and returns it without spaces.
func ValidIBAN(s string) (string, bool) {
	var b []byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ' ':
			continue
		case c >= 'a' && c <= 'z':
			c -= 'a' - 'A'
		}
		if !(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z') {
			return "", false
		}
		b = append(b, c)
	}
	if len(b) < 15 || len(b) > 34 || b[0] < 'A' || b[1] < 'A' || b[2] > '9' || b[3] > '9' {
		return "", false
	}
	rearranged := append(append([]byte(nil), b[4:]...), b[:4]...)
	m := 0
	for _, c := range rearranged {
		if c >= 'A' {
			v := int(c-'A') + 10
			m = (m*100 + v) % 97
		} else {
			m = (m*10 + int(c-'0')) % 97
		}
	}
	return string(b), m == 1
}

// LedgerSize is how much of the ledger a verification went through.
type LedgerSize struct {
	Passes, Redemptions, Statements, CreditNotes int
}

// PendingCorrection is a correction not yet on an issued statement, with
// what its place's statement of that month holds so far.
type PendingCorrection struct {
	ID           int64
	LieuID       string
	Month        string
	RedemptionID int64 // 0: about no redemption
	Code         string
	AmountCents  int64
	Note         string
	At           time.Time
	// UsedCents and Passes: the place's redemptions of that month so far.
	UsedCents int64
	Passes    int
}
