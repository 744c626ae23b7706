package account

import (
	"encoding/base32"
	"testing"
	"time"

	"maillage/internal/place"
)

func TestPassword(t *testing.T) {
	h := HashPassword("correct horse battery")
	if !CheckPassword(h, "correct horse battery") || CheckPassword(h, "wrong") || CheckPassword("", "") || CheckPassword("garbage", "x") {
		t.Errorf("password checks")
	}
	if first, second := HashPassword("a"), HashPassword("a"); first == second {
		t.Errorf("no salt")
	}
}

func TestTOTP(t *testing.T) {
	// RFC 6238 appendix B, SHA-1 secret "12345678901234567890".
	secret := base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString([]byte("12345678901234567890"))
	for unix, want := range map[int64]string{59: "287082", 1111111109: "081804", 1234567890: "005924", 2000000000: "279037"} {
		if got := TOTPCode(secret, time.Unix(unix, 0)); got != want {
			t.Errorf("TOTP at %d = %s, want %s", unix, got, want)
		}
	}
	now := time.Unix(1234567890, 0)
	if !CheckTOTP(secret, TOTPCode(secret, now.Add(-30*time.Second)), now) || CheckTOTP(secret, TOTPCode(secret, now.Add(-90*time.Second)), now) || CheckTOTP(secret, "12345", now) {
		t.Errorf("TOTP window")
	}
}

func TestRights(t *testing.T) {
	l := &place.Lieu{CodeINSEE: "81004", CodePostal: "81000"}
	tarn := ScopeOf(l, "248100737")
	if tarn != (Scope{Departement: "81", EPCI: "248100737"}) {
		t.Fatalf("scope: %+v", tarn)
	}
	albi, toulouse, unknown := Scope{"81", ""}, Scope{"31", "243100518"}, Scope{}
	coord := &User{Role: Coordinateur, Territories: []Territory{{Kind: "departement", Code: "81"}}}
	other := &User{Role: Coordinateur, Territories: []Territory{{Kind: "epci", Code: "243100518"}}}
	contrib := &User{Role: Contributeur}
	admin := &User{Role: Administrateur}
	for _, tt := range []struct {
		u             *User
		before, after Scope
		claimed       bool
		want          EditRight
	}{
		{nil, albi, albi, false, CannotEdit},
		{coord, albi, albi, false, Publish},
		{other, Scope{"81", "248100737"}, Scope{"81", "248100737"}, false, Propose},
		{other, toulouse, toulouse, false, Publish},
		// Moving a place out of the territory is proposed, not published.
		{coord, albi, toulouse, false, Propose},
		{other, toulouse, albi, false, Propose},
		{coord, unknown, unknown, false, Propose},
		{contrib, albi, albi, false, Propose},
		{contrib, albi, toulouse, true, Publish},
		{admin, albi, toulouse, false, Publish},
		{admin, unknown, unknown, false, Publish},
		{&User{Role: Financeur}, albi, albi, true, Propose},
	} {
		if got := RightToEdit(tt.u, tt.before, tt.after, tt.claimed); got != tt.want {
			t.Errorf("%+v %+v→%+v claimed=%v: %v, want %v", tt.u, tt.before, tt.after, tt.claimed, got, tt.want)
		}
	}
	for _, tt := range []struct {
		a    Access
		u    *User
		want bool
	}{{Public, nil, true}, {SignedIn, nil, false}, {SignedIn, contrib, true}, {Moderators, contrib, false},
		{Moderators, coord, true}, {Admins, coord, false}, {Admins, admin, true}} {
		if got := tt.a.Allows(tt.u); got != tt.want {
			t.Errorf("%s allows %+v: %v", tt.a, tt.u, got)
		}
	}
}

func TestParseTerritories(t *testing.T) {
	ts, err := ParseTerritories(" departement:81, epci:248100737|departement:2A ")
	if err != nil || len(ts) != 3 || ts[1] != (Territory{Kind: "epci", Code: "248100737"}) || ts[2].Code != "2A" {
		t.Errorf("parse: %+v %v", ts, err)
	}
	if got := FormatTerritories(ts, ","); got != "departement:81,epci:248100737,departement:2A" {
		t.Errorf("format: %q", got)
	}
	for _, bad := range []string{"81", "region:76", "departement:"} {
		if _, err := ParseTerritories(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	if ts, err := ParseTerritories(""); err != nil || ts != nil {
		t.Errorf("empty: %+v %v", ts, err)
	}
}
