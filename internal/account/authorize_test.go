package account

import (
	"errors"
	"strings"
	"testing"

	"maillage/internal/failure"
)

func TestMayDecide(t *testing.T) {
	albi, toulouse := Scope{"81", "248100737"}, Scope{"31", "243100518"}
	tarn := &User{ID: 1, Role: Coordinateur, Territories: []Territory{{Kind: "departement", Code: "81"}}}
	metro := &User{ID: 2, Role: Coordinateur, Territories: []Territory{{Kind: "epci", Code: "243100518"}}}
	admin := &User{ID: 3, Role: Administrateur}
	contrib := &User{ID: 4, Role: Contributeur}
	for _, tt := range []struct {
		name string
		u    *User
		r    Request
		ok   bool
	}{
		{"anonymous", nil, Request{Author: 4, Scopes: []Scope{albi}}, false},
		{"contributor", contrib, Request{Author: 9, Scopes: []Scope{albi}}, false},
		{"pass role", &User{ID: 5, Role: Financeur}, Request{Author: 9, Scopes: []Scope{albi}}, false},
		{"coordinator in territory", tarn, Request{Author: 4, Scopes: []Scope{albi}}, true},
		{"coordinator by EPCI", metro, Request{Author: 4, Scopes: []Scope{toulouse}}, true},
		{"coordinator elsewhere", tarn, Request{Author: 4, Scopes: []Scope{toulouse}}, false},
		{"own request in territory", tarn, Request{Author: 1, Scopes: []Scope{albi}}, false},
		{"own request, administrator", admin, Request{Author: 3, Scopes: []Scope{albi}}, false},
		{"a move between territories", tarn, Request{Author: 4, Scopes: []Scope{albi, toulouse}}, false},
		{"a move, the other end", metro, Request{Author: 4, Scopes: []Scope{albi, toulouse}}, false},
		{"a move, administrator", admin, Request{Author: 4, Scopes: []Scope{albi, toulouse}}, true},
		{"public report", tarn, Request{Scopes: []Scope{albi}}, true},
		{"unknown place, coordinator", tarn, Request{Author: 4, Scopes: []Scope{{}}}, false},
		{"no place, coordinator", tarn, Request{Author: 4}, false},
		{"no place, administrator", admin, Request{Author: 4}, true},
	} {
		err := MayDecide(tt.u, tt.r)
		if (err == nil) != tt.ok {
			t.Errorf("%s: %v", tt.name, err)
		}
		if err != nil && !errors.Is(err, failure.ErrForbidden) {
			t.Errorf("%s: not a Forbidden failure: %v", tt.name, err)
		}
	}
}

func TestHistoryAccess(t *testing.T) {
	albi := Scope{"81", "248100737"}
	tarn := &User{ID: 1, Role: Coordinateur, Territories: []Territory{{Kind: "departement", Code: "81"}}, Email: "c@tarn.fr"}
	metro := &User{ID: 2, Role: Coordinateur, Territories: []Territory{{Kind: "epci", Code: "243100518"}}}
	admin := &User{ID: 3, Role: Administrateur}
	for _, tt := range []struct {
		u  *User
		ok bool
	}{{nil, false}, {&User{Role: Contributeur}, false}, {tarn, true}, {metro, false}, {admin, true}} {
		if err := MayReadHistory(tt.u, albi); (err == nil) != tt.ok {
			t.Errorf("%+v: %v", tt.u, err)
		}
	}
	if got := DisplayName(admin, tarn); got != "c@tarn.fr" {
		t.Errorf("an administrator sees %q", got)
	}
	got := DisplayName(metro, tarn)
	if strings.Contains(got, "@") || !strings.HasPrefix(got, "coordinateur (compte ") || got != DisplayName(nil, tarn) {
		t.Errorf("a coordinator sees %q", got)
	}
	if DisplayName(metro, admin) == got {
		t.Errorf("two accounts share a pseudonym")
	}
	if p := Pseudonym(1); !strings.HasPrefix(p, "compte supprimé ") || len(p) != len("compte supprimé ")+8 {
		t.Errorf("pseudonym %q", p)
	}
}

func TestKeepsAnAdministrator(t *testing.T) {
	one := []User{{ID: 1, Role: Administrateur}, {ID: 2, Role: Coordinateur}}
	two := append([]User{{ID: 3, Role: Administrateur}}, one...)
	for _, tt := range []struct {
		name  string
		users []User
		id    int64
		to    Role
		ok    bool
	}{
		{"demote the only one", one, 1, Coordinateur, false},
		{"delete the only one", one, 1, "", false},
		{"keep the only one", one, 1, Administrateur, true},
		{"demote another", one, 2, Contributeur, true},
		{"delete another", one, 2, "", true},
		{"demote one of two", two, 1, Financeur, true},
		{"delete one of two", two, 3, "", true},
		{"unknown account", one, 9, "", true},
	} {
		err := KeepsAnAdministrator(tt.users, tt.id, tt.to)
		if (err == nil) != tt.ok || err != nil && !errors.Is(err, failure.ErrConflict) {
			t.Errorf("%s: %v", tt.name, err)
		}
	}
}
