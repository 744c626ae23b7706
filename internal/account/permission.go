package account

// Access is who may use a route or do an action.
type Access int

const (
	Public     Access = iota // anyone, signed in or not
	SignedIn                 // any account
	Moderators               // administrateurs and coordinateurs
	Admins                   // administrateurs only
	// Bearer is an API route for any account, authenticated by one of its
	// API tokens (Authorization: Bearer …) and never by a session cookie;
	// what the account may do there is the handler's to check.
	Bearer
)

// Allows reports whether a user (nil when anonymous) has an access.
func (a Access) Allows(u *User) bool {
	switch a {
	case Public:
		return true
	case SignedIn, Bearer:
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
	return [...]string{"public", "compte", "modération", "administration", "jeton d'API"}[a]
}
