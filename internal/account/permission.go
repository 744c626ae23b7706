package account

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
