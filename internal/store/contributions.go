package store

import (
	"context"
	"time"

	"maillage/internal/place"
)

// Contributions are what people ask of the hub: claims of a place,
// proposals of edits or new places, and the public's correction requests.
type Contributions interface {
	AddClaim(ctx context.Context, c Claim, actor string) (int64, error)
	// ClaimPlace records an account's claim of a place ("c'est ma
	// structure"): approved at once (decided by account.AutoClaimDecider)
	// when auto says so of the number of the account's claims already
	// approved automatically, else pending. The count and the decision
	// happen in the claim's transaction, so that claims made at the same
	// moment cannot pass a bound auto enforces. It returns the claim as
	// stored: failure.Conflict when one of the place is already pending,
	// failure.NotFound when the place or the account does not exist.
	ClaimPlace(ctx context.Context, userID int64, lieuID string, auto func(approvedAuto int) bool, actor string) (Claim, error)
	// Claims lists claims: of a status ("" for all), or of an account (userID > 0).
	Claims(ctx context.Context, status string, userID int64) ([]Claim, error)
	// DecideClaim approves or refuses a pending claim (failure.Conflict
	// when it is no longer pending).
	DecideClaim(ctx context.Context, id int64, status, actor string) error
	AddProposal(ctx context.Context, p Proposal, actor string) (int64, error)
	Proposals(ctx context.Context, status string) ([]Proposal, error)
	// DecideProposal refuses a pending proposal (failure.Conflict when it
	// is no longer pending).
	DecideProposal(ctx context.Context, id int64, status, actor string) error
	// AcceptProposal accepts a pending proposal and publishes it in one
	// transaction: a patch of its place (only the proposal's own changes,
	// checked against the values it was made from), or a new place in the
	// source "contributions". It returns the place as published.
	AcceptProposal(ctx context.Context, id int64, actor string) (place.Lieu, error)
	// AddCorrection stores a correction request from the public;
	// Corrections lists those about a place ("" for all), newest first.
	AddCorrection(ctx context.Context, c place.Correction) (int64, error)
	Corrections(ctx context.Context, lieuID string) ([]place.Correction, error)
	SetCorrectionStatus(ctx context.Context, id int64, status, actor string) error
}

// Statuses of claims, proposals and correction requests.
const (
	StatusPending  = "en_attente"
	StatusApproved = "acceptee"
	StatusRefused  = "refusee"
	StatusHandled  = "traite"
	// StatusWithdrawn: the account that made it was deleted.
	StatusWithdrawn = "retiree"
)

// Claim is an account saying "this place is my structure's".
type Claim struct {
	ID        int64
	UserID    int64
	LieuID    string
	Status    string
	Created   time.Time
	DecidedBy string
}

// Proposal is an edit (or a new place when LieuID is "") waiting for a coordinator.
type Proposal struct {
	ID     int64
	LieuID string
	UserID int64
	// Values are, for a new place, its 32 fields as the standard's CSV
	// encodes them; for an edit, the fields it changes (and PassField).
	Values map[string]string
	// Base are the values the edit was made from, for the fields of
	// Values (nil for a new place, and for proposals made before bases
	// were kept).
	Base    map[string]string
	Status  string
	Created time.Time
}
