package account

import "maillage/internal/place"

// Access is who may use a route or do an action.
type Access int

const (
	Public     Access = iota // anyone, signed in or not
	SignedIn                 // any account
	Moderators               // administrateurs and coordinateurs
	Admins                   // administrateurs only
)

// Allows reports whether a user (nil when anonymous) has an access.
func (a Access) Allows(u *User) bool {
	switch a {
	case Public:
		return true
	case SignedIn:
		return u != nil
	case Moderators:
		return u != nil && (u.Role == Administrateur || u.Role == Coordinateur)
	case Admins:
		return u != nil && u.Role == Administrateur
	}
	return false
}

// String names an access in French.
func (a Access) String() string {
	return [...]string{"public", "compte", "modération", "administration"}[a]
}

// Covers reports whether a coordinator's territories include a place.
func (u *User) Covers(l *place.Lieu, epci string) bool {
	if u == nil {
		return false
	}
	if u.Role == Administrateur {
		return true
	}
	if u.Role != Coordinateur {
		return false
	}
	dept := l.Departement()
	for _, t := range u.Territories {
		if t.Kind == "departement" && t.Code == dept || t.Kind == "epci" && epci != "" && t.Code == epci {
			return true
		}
	}
	return false
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

// RightToEdit decides what an edit by u of a place does; claimed tells
// whether u's claim on the place was approved.
func RightToEdit(u *User, l *place.Lieu, epci string, claimed bool) EditRight {
	switch {
	case u == nil:
		return CannotEdit
	case u.Covers(l, epci), u.Role == Contributeur && claimed:
		return Publish
	}
	return Propose
}
