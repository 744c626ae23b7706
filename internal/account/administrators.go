package account

import "maillage/internal/failure"

// KeepsAnAdministrator checks that giving account id the role to (or
// deleting it, when to is "") leaves at least one administrator among
// users: without one, nobody could create accounts or name coordinators.
func KeepsAnAdministrator(users []User, id int64, to Role) error {
	if to == Administrateur {
		return nil
	}
	others, concerned := 0, false
	for _, u := range users {
		if u.Role != Administrateur {
			continue
		}
		if u.ID == id {
			concerned = true
		} else {
			others++
		}
	}
	if concerned && others == 0 {
		if to == "" {
			return failure.Errorf(failure.Conflict, "C'est le seul compte administrateur : nommez d'abord un autre administrateur, puis supprimez ce compte.")
		}
		return failure.Errorf(failure.Conflict, "C'est le seul compte administrateur : nommez d'abord un autre administrateur, puis changez ce rôle.")
	}
	return nil
}
