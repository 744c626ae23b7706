package web

import (
	"context"
	"slices"
	"strconv"
	"time"

	"maillage/internal/account"
	"maillage/internal/activity"
	"maillage/internal/failure"
	"maillage/internal/pass"
	"maillage/internal/store"
)

// A session paid with a Pass numérique is linked to its redemption
// (issue 11 §2): the individual accompaniment's form offers the
// redemptions of that day at the places the account acts for that no
// other activity is linked to, or takes the pass's code as typed. The link
// is the activity's (the Pass ledger is never written); the store checks
// the place, the day and that a redemption pays one activity only.

// passChoice is a redemption the form offers.
type passChoice struct {
	ID   int64
	Text string
}

// passCodeTail is what the pages show of a used pass's code: its last
// four characters, enough to tell passes apart on a counter.
func passCodeTail(code string) string {
	if len(code) <= 4 {
		return code
	}
	return "…" + code[len(code)-4:]
}

func passChoiceText(r pass.Redemption, lieuName string) string {
	return "n° " + strconv.FormatInt(r.ID, 10) + " — " + frenchDateMinute(r.At) + " — " + lieuName + " — pass " + passCodeTail(r.Code) +
		" — " + r.Service + " (" + pass.Euros(r.ValueCents) + ")"
}

// activityPassPlaces are the places whose redemptions u may link: those it
// has an approved claim of or redeems for; an administrator also the
// form's place.
func (s *Server) activityPassPlaces(ctx context.Context, u *account.User, formLieu string) []string {
	var ids []string
	for _, c := range s.lieuxActedFor(ctx, u) {
		ids = append(ids, c.ID)
	}
	if acted, err := s.store.LieuxActedFor(ctx, u.ID); err == nil {
		for _, id := range acted {
			if !slices.Contains(ids, id) {
				ids = append(ids, id)
			}
		}
	}
	if u.Role == account.Administrateur && formLieu != "" && !slices.Contains(ids, formLieu) {
		ids = append(ids, formLieu)
	}
	return ids
}

// activityPassChoices lists the redemptions the form of activity id (0:
// new) offers: those of its day at the account's places not linked to
// another activity, and the one it is linked to (linked, with its text).
func (s *Server) activityPassChoices(ctx context.Context, u *account.User, f activityForm, id int64) (choices []passChoice, linked string) {
	day := f.Date
	if _, err := time.Parse("2006-01-02", day); err != nil {
		day = s.today()
	}
	current, _ := strconv.ParseInt(f.PassRedemption, 10, 64)
	places := s.activityPassPlaces(ctx, u, f.LieuID)
	if f.LieuID != "" && !slices.Contains(places, f.LieuID) && current != 0 {
		places = append(places, f.LieuID) // the place of the redemption already linked
	}
	for _, lieu := range places {
		taken := map[int64]bool{}
		paid, err := s.store.Activities(ctx, store.ActivityFilter{LieuID: lieu, PaidByPass: true})
		if err != nil {
			return nil, ""
		}
		for _, a := range paid {
			if a.ID != id {
				taken[a.PassRedemption] = true
			}
		}
		rs, err := s.store.Redemptions(ctx, lieu, 0)
		if err != nil {
			return nil, ""
		}
		name := s.passLieuName(ctx, lieu)
		for _, r := range rs {
			text := passChoiceText(r, name)
			if r.ID == current {
				linked = text
			}
			if (r.Day == day && !taken[r.ID]) || r.ID == current {
				choices = append(choices, passChoice{ID: r.ID, Text: text})
			}
		}
	}
	if current != 0 && linked == "" {
		choices = append(choices, passChoice{ID: current, Text: "n° " + f.PassRedemption})
	}
	return choices, linked
}

// passOfCode finds the redemption of the pass typed at the activity's
// place: the problem of the code_pass field otherwise.
func (s *Server) passOfCode(ctx context.Context, code, lieu string) (int64, *activity.Problem) {
	bad := func(rule, msg string) (int64, *activity.Problem) {
		p := activity.NewProblem("code_pass", code, rule, msg)
		return 0, &p
	}
	if pass.Canonical(code, pass.KindPass) == "" {
		return bad("code-invalide", "ce n'est pas un code de pass (un code de pass commence par « PN- » suivi de quatre groupes de quatre caractères et d’un caractère de contrôle ; vérifiez les caractères)")
	}
	if lieu == "" {
		return bad("pass-lieu-du-registre", "un pass s'utilise dans un lieu du registre : choisissez d'abord le lieu d'activité")
	}
	d, err := s.store.PassByCode(ctx, code)
	if failure.CodeOf(err) == failure.NotFound {
		return bad("pass-inconnu", "aucun pass n'a ce code")
	}
	if err != nil {
		return bad("pass-inconnu", "ce pass n'a pas pu être lu")
	}
	rs, err := s.store.Redemptions(ctx, lieu, d.Pass.OrderID)
	if err != nil {
		return bad("pass-inconnu", "les utilisations de ce lieu n'ont pas pu être lues")
	}
	for _, r := range rs {
		if r.PassID == d.Pass.ID {
			return r.ID, nil
		}
	}
	return bad("pass-non-utilise-ici", "ce pass n'a pas été utilisé dans ce lieu : encaissez-le d'abord (Pass numérique, « Utiliser un pass »)")
}
