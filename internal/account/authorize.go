package account

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"

	"maillage/internal/failure"
	"maillage/internal/place"
)

// Object-level authorization: may this account decide this claim, proposal
// or report, publish this edit, read this history. The web handlers ask
// these questions; the answers live here, with the roles.

// Scope is where a place lies, as coordinators' territories are drawn:
// its département and its EPCI ("" when unknown).
type Scope struct {
	Departement, EPCI string
}

// ScopeOf is the scope of a place whose commune belongs to epci.
func ScopeOf(l *place.Lieu, epci string) Scope {
	return Scope{Departement: l.Departement(), EPCI: epci}
}

// CoversScope reports whether u answers for places of a scope: an
// administrator everywhere, a coordinator in their territories. A place
// whose département is unknown is an administrator's.
func (u *User) CoversScope(s Scope) bool {
	if u == nil {
		return false
	}
	if u.Role == Administrateur {
		return true
	}
	if u.Role != Coordinateur {
		return false
	}
	for _, t := range u.Territories {
		if t.Kind == "departement" && s.Departement != "" && t.Code == s.Departement || t.Kind == "epci" && s.EPCI != "" && t.Code == s.EPCI {
			return true
		}
	}
	return false
}

// Covers reports whether u answers for a place whose commune belongs to epci.
func (u *User) Covers(l *place.Lieu, epci string) bool { return u.CoversScope(ScopeOf(l, epci)) }

// Request is a claim, a proposal or a public report waiting for a
// moderator's decision.
type Request struct {
	// Author is the account that asked (0 for the public).
	Author int64
	// Scopes are the places the decision touches: the place as it is and,
	// for a proposal, the place as it would become (its only scope for a
	// new place). A decider must answer for every one of them.
	Scopes []Scope
}

// MayDecide says whether u may decide r: a moderator who answers for every
// place r touches, and who is not its author.
func MayDecide(u *User, r Request) error {
	if !Moderators.Allows(u) {
		return failure.Errorf(failure.Forbidden, "Seuls les coordinateurs et les administrateurs décident des demandes.")
	}
	if r.Author != 0 && r.Author == u.ID {
		return failure.Errorf(failure.Forbidden, "Vous ne pouvez pas décider de votre propre demande : un autre coordinateur du territoire ou un administrateur s'en charge.")
	}
	if len(r.Scopes) == 0 && u.Role != Administrateur {
		return failure.Errorf(failure.Forbidden, "Le lieu de cette demande est inconnu : un administrateur s'en charge.")
	}
	for _, s := range r.Scopes {
		if !u.CoversScope(s) {
			return failure.Errorf(failure.Forbidden, "Cette demande concerne un lieu hors de votre territoire.")
		}
	}
	return nil
}

// EditRight says what a user's edit of a place does.
type EditRight int

const (
	CannotEdit EditRight = iota
	// Propose: the edit goes to the coordinators' queue.
	Propose
	// Publish: the edit is published at once.
	Publish
)

// RightToEdit decides what an edit by u of a place does. before is where
// the place lies, after where the edit puts it (the same scope when the
// address is not touched); claimed tells whether u's claim on the place
// was approved. A structure publishes on its own place; a coordinator
// publishes when the place stays within their territory, and otherwise
// proposes, so that moving a place out of a territory takes someone who
// answers for both ends.
func RightToEdit(u *User, before, after Scope, claimed bool) EditRight {
	switch {
	case u == nil:
		return CannotEdit
	case u.Role == Contributeur && claimed, u.CoversScope(before) && u.CoversScope(after):
		return Publish
	}
	return Propose
}

// MayReadHistory says whether u may read the journal of a place: the
// administrators and the coordinators of its territory.
func MayReadHistory(u *User, s Scope) error {
	if !u.CoversScope(s) {
		return failure.Errorf(failure.Forbidden, "L'historique de ce lieu est réservé aux coordinateurs de son territoire et aux administrateurs.")
	}
	return nil
}

// SeesAddresses reports whether u may see who acted by e-mail address;
// others see a role and a pseudonym.
func SeesAddresses(u *User) bool { return u != nil && u.Role == Administrateur }

// DisplayName is how viewer sees the account a that acted: its address for
// an administrator, its role and a stable pseudonym for anyone else.
func DisplayName(viewer *User, a *User) string {
	if SeesAddresses(viewer) {
		return a.Email
	}
	return string(a.Role) + " (" + alias(a.ID) + ")"
}

// alias is a stable pseudonym of an account that does not reveal its number.
func alias(id int64) string { return "compte " + shortHash(id) }

// Pseudonym is how the audit journal names a deleted account.
func Pseudonym(id int64) string { return "compte supprimé " + shortHash(id) }

func shortHash(id int64) string {
	sum := sha256.Sum256([]byte("maillage-compte-" + strconv.FormatInt(id, 10)))
	return hex.EncodeToString(sum[:4])
}
