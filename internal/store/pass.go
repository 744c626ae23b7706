package store

import (
	"context"
	"time"

	"maillage/internal/pass"
)

// Pass is the ledger of the Pass numérique (internal/pass). Every write is
// one transaction; the invariants (one redemption per pass, only by a
// qualified place inside the order's perimeter, for an allowed service,
// within validity; statements equal to the sum of their lines and
// immutable; the idempotency row of every redemption) are enforced by the
// database itself (migration 028), the code only says why first.
// Failures people may see are failure.Error values in French; a refused
// redemption is not an error but a RedeemResult with its reason.
type Pass interface {
	// CreateOrder records an order and issues its carnets and passes (new
	// codes, an emis event each). It returns the order with its ID.
	CreateOrder(ctx context.Context, o pass.Order, actor string) (pass.Order, error)
	Order(ctx context.Context, id int64) (pass.Order, error)
	// Orders lists orders, oldest first: a financeur's (financeur > 0) or all.
	Orders(ctx context.Context, financeur int64) ([]pass.Order, error)
	// OrdersEnding lists the orders whose validity ends (ValidUntil) between
	// from and to included (YYYY-MM-DD), for the reminders.
	OrdersEnding(ctx context.Context, from, to string) ([]pass.Order, error)
	// Carnets lists carnets by order and/or distributeur (0: any), by id.
	Carnets(ctx context.Context, f CarnetFilter) ([]pass.Carnet, error)
	// Passes lists an order's passes (or a carnet's when carnet > 0), by id.
	Passes(ctx context.Context, orderID, carnetID int64) ([]pass.Pass, error)
	// PassCounts counts an order's passes by state and its used passes by
	// carnet, by SQL aggregates: an order's page never reads its passes
	// (an order may hold 10 000 000 of them).
	PassCounts(ctx context.Context, orderID int64) (PassCounts, error)
	// AssignCarnets assigns to a distributeur account (role distributeur)
	// the carnets given by code, or, when codes is empty, the first n not
	// yet assigned of the order. failure.Conflict when one is already
	// assigned to another or not enough are left.
	AssignCarnets(ctx context.Context, orderID int64, n int, codes []string, distributeur int64, actor string) ([]pass.Carnet, error)
	// HandCarnet records that the distributeur handed the carnet (code as
	// typed) to a bénéficiaire: its passes still emis become injecte.
	// failure.Forbidden when the carnet is not assigned to distributeur
	// (0: any, for administrators), failure.Conflict when already handed.
	HandCarnet(ctx context.Context, code string, distributeur int64, age pass.AgeBand, commune, actor string) (pass.Carnet, error)
	// PassByCode reads a pass (code as typed), its order and its events;
	// failure.NotFound when the code is invalid or unknown.
	PassByCode(ctx context.Context, code string) (PassDetail, error)
	// Block blocks a pass (emis or injecte); failure.Conflict otherwise.
	Block(ctx context.Context, code, why, actor string) error

	// RequestQualification records a structure's request that a place
	// accepts passes (Status en_attente), or, with Status acceptee, a
	// qualification approved at once by an administrator. SIRET required
	// and valid, IBAN valid; failure.Conflict when the SIRET or the place
	// already has one (pending or approved).
	RequestQualification(ctx context.Context, q pass.Qualification, actor string) (pass.Qualification, error)
	// DecideQualification approves or refuses a pending qualification.
	DecideQualification(ctx context.Context, id int64, status, actor string) error
	// WithdrawQualification withdraws the approved qualification of a
	// place (Status retiree, with the reason, required, who and when;
	// journaled): the place's redemptions are refused afterwards
	// (lieu_non_qualifie, by the database too), the accounts that acted
	// for it no longer do (LieuxActedFor), its past redemptions and
	// statements do not change, and a new request for the place or the
	// SIRET is possible. failure.Invalid without a reason,
	// failure.Conflict when the place has no approved qualification.
	WithdrawQualification(ctx context.Context, lieuID, reason, actor string) (pass.Qualification, error)
	// Qualifications lists qualifications of a status ("" for all).
	Qualifications(ctx context.Context, status string) ([]pass.Qualification, error)
	// QualifiedLieux lists the ids of the places with an approved
	// qualification (the directory's « Accepte le Pass numérique »).
	QualifiedLieux(ctx context.Context) ([]string, error)
	// LieuxActedFor lists the qualified places an account may redeem for:
	// those whose approved qualification it asked for, and those it has an
	// approved claim of (a contributeur keeps its role and gets this
	// permission from the place's qualification).
	LieuxActedFor(ctx context.Context, accountID int64) ([]string, error)
	// LieuxPaidTo lists the places whose money an account may see
	// (statements, dashboards): those it acts for, and those it acted for
	// until their qualification was withdrawn (their past redemptions and
	// statements stay its own).
	LieuxPaidTo(ctx context.Context, accountID int64) ([]string, error)

	// Redeem redeems a pass in one transaction, idempotent by (account,
	// key): a request seen before gets its first answer back (Replayed),
	// a different request with the same key gets pass.CleReutilisee. A
	// refusal is a result with its reason, stored and replayed as well.
	// failure.Forbidden when the account does not act for the place
	// (unless AnyLieu). The place must be inside the order's perimeter at
	// that moment (hors_perimetre otherwise): its commune now, an
	// arrondissement of Paris, Lyon or Marseille counting as its commune,
	// not where it was when it was qualified.
	Redeem(ctx context.Context, r RedeemRequest) (RedeemResult, error)
	// CheckRedemption says what Redeem would answer now (the reason it
	// would refuse, or none), writing nothing: the counter's « Vérifier ».
	// The key is not needed nor read; an empty Service skips the service's
	// check. failure.Forbidden as Redeem.
	CheckRedemption(ctx context.Context, r RedeemRequest) (RedeemResult, error)
	// Redemptions lists redemptions of a place ("" for all) and/or of an
	// order (0 for all), by id.
	Redemptions(ctx context.Context, lieuID string, orderID int64) ([]pass.Redemption, error)

	// IssueStatements issues the statements of a finished month (YYYY-MM):
	// one per place with redemptions (or corrections) that month and no
	// statement of it yet; it returns them (none when there is nothing to
	// pay). Once a place's statement of a month exists, the database
	// refuses any redemption or correction of that place and month.
	IssueStatements(ctx context.Context, month, actor string) ([]pass.Statement, error)
	// Statements lists statements of a month ("" for all) and/or a place
	// ("" for all), with their lines.
	Statements(ctx context.Context, month, lieuID string) ([]pass.Statement, error)
	Statement(ctx context.Context, id int64) (pass.Statement, error)
	// AddStatementCorrection adds a correction to a place's statement of a month
	// not yet issued (failure.Conflict once it is).
	AddStatementCorrection(ctx context.Context, c pass.Correction, actor string) error
	// PendingCorrections lists the corrections of a month ("" for all)
	// whose statement is not issued yet, by place, month and id, each with
	// its place's redemptions of that month so far.
	PendingCorrections(ctx context.Context, month string) ([]pass.PendingCorrection, error)
	// MarkPaid marks a statement paid with a transfer reference, once
	// (failure.Conflict after).
	MarkPaid(ctx context.Context, id int64, transferRef, actor string) error

	// CreditExpired credits back the passes still emis, injecte or bloque
	// of the orders whose last day (validity plus tolerance) is before
	// now's day: each gets a credite event, and each such order one
	// credit note. It returns the credit notes it issued.
	CreditExpired(ctx context.Context, now time.Time, actor string) ([]pass.CreditNote, error)
	// CreditNotes lists credit notes, of an order (0 for all).
	CreditNotes(ctx context.Context, orderID int64) ([]pass.CreditNote, error)

	// ClaimReminder records that an order's reminder step (such as
	// "j-30") is being sent, at at: true for the one caller that records
	// it, false when it was before (the table's primary key decides, so
	// that two instances on one database never both send it).
	ClaimReminder(ctx context.Context, orderID int64, step string, at time.Time) (bool, error)
	// ReleaseReminder forgets a claimed reminder whose sending failed, so
	// that a later tick sends it again.
	ReleaseReminder(ctx context.Context, orderID int64, step string) error

	// Dashboard returns the figures of the circuit, one row per group,
	// ordered by key.
	Dashboard(ctx context.Context, f DashboardFilter) ([]DashboardRow, error)

	// VerifyPass re-derives every pass's state from its events and checks
	// every invariant and statement total: it returns what differs, in
	// French, one line each (none when all hold).
	VerifyPass(ctx context.Context) ([]string, error)
	// PassLedgerSize counts the passes, redemptions, statements and
	// credit notes VerifyPass goes through.
	PassLedgerSize(ctx context.Context) (pass.LedgerSize, error)
}

// CarnetFilter selects carnets.
type CarnetFilter struct {
	OrderID      int64
	Distributeur int64
}

// PassCounts is an order's passes counted.
type PassCounts struct {
	ByState      map[pass.State]int // every state, 0 when none
	UsedByCarnet map[int64]int      // the carnets with a pass used, by id
}

// PassDetail is a pass with its order and events.
type PassDetail struct {
	Pass   pass.Pass
	Order  pass.Order
	Events []pass.Event
}

// RedeemRequest is a redemption asked for.
type RedeemRequest struct {
	Code      string // as typed or scanned
	LieuID    string
	Service   string
	AccountID int64  // who redeems (the key's scope)
	Actor     string // as the events write it
	Key       string // Idempotency-Key (required, ≤ 200 characters)
	// AnyLieu lets an administrator (the CLI) redeem for any place.
	AnyLieu bool
}

// RedeemResult is the answer to a redemption, as first given.
type RedeemResult struct {
	Code       string           `json:"code"`
	Reason     pass.Reason      `json:"raison,omitempty"`
	Message    string           `json:"message,omitempty"`
	Redemption *pass.Redemption `json:"utilisation,omitempty"`
	// Replayed: the answer stored for this key, given again.
	Replayed bool `json:"-"`
}

// Dashboard groupings.
const (
	ByOrder        = "commande"
	ByDistributeur = "distributeur"
	ByLieu         = "lieu"
	ByTerritory    = "territoire" // the département of the bénéficiaire's commune
)

// DashboardFilter says which passes count and how they are grouped.
type DashboardFilter struct {
	By           string // ByOrder (default), ByDistributeur, ByLieu or ByTerritory
	OrderID      int64  // only this order's passes (0: all)
	Financeur    int64  // only this financeur's orders (0: all)
	Distributeur int64  // only the carnets assigned to this account (0: all)
	LieuID       string // only the passes redeemed by this place ("": all)
}

// DashboardRow is the figures of one group (an order, a distributeur, a
// place or a département). For places, only redeemed passes belong to a
// group: Issued and Injected count those.
type DashboardRow struct {
	Key             string // order id, distributeur account id, place id, département code ("" unknown)
	Issued          int    // passes issued
	Injected        int    // passes handed to a bénéficiaire (injecte, or used after)
	Carnets         int
	CarnetsInjected int // carnets handed
	CarnetsStarted  int // carnets with at least one pass used
	Used            int
	// UseRate is Used / Injected (0 when none injected).
	UseRate   float64
	UsedCents int64 // value of the passes used (owed to the places, paid or not)
	// PaidCents is the value of the passes used whose statement (their
	// place's, their month's) is marked paid; DueCents the rest of
	// UsedCents (not on a statement yet, or on one not paid). Corrections
	// are per place, not per pass: they are in neither.
	PaidCents, DueCents int64
	// MedianDaysToFirstUse: per started carnet, days from its handing to
	// its first redemption; the median (-1 when none).
	MedianDaysToFirstUse float64
	Services             map[string]int // redemptions per service
}
