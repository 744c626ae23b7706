package web

import (
	"context"
	"strconv"

	"maillage/internal/account"
	"maillage/internal/pass"
	"maillage/internal/store"
)

// maxRedemptionLines bounds the redemptions the place's Pass page lists
// (the latest; the monthly statements have them all).
const maxRedemptionLines = 50

// redemptionLine is a redemption on the place's Pass page, with the
// activity report it paid (issue 11 §2), if any.
type redemptionLine struct {
	ID                 int64
	At, Service, Value string
	Code               string // the code's last characters
	// Activity: the activity linked (0: none), its text, and its form's
	// address when the viewer may open it (its author, an administrator).
	Activity     int64
	ActivityText string
	ActivityURL  string
}

// lieuPassRedemptions lists the place's latest redemptions, newest first,
// each with the activity it paid.
func (s *Server) lieuPassRedemptions(ctx context.Context, u *account.User, lieu string) ([]redemptionLine, error) {
	rs, err := s.store.Redemptions(ctx, lieu, 0)
	if err != nil || len(rs) == 0 {
		return nil, err
	}
	paid, err := s.store.Activities(ctx, store.ActivityFilter{LieuID: lieu, PaidByPass: true})
	if err != nil {
		return nil, err
	}
	byRedemption := map[int64]int{}
	for i, a := range paid {
		byRedemption[a.PassRedemption] = i
	}
	var out []redemptionLine
	for i := len(rs) - 1; i >= 0 && len(out) < maxRedemptionLines; i-- {
		r := rs[i]
		l := redemptionLine{ID: r.ID, At: frenchDateMinute(r.At), Service: r.Service, Value: pass.Euros(r.ValueCents), Code: passCodeTail(r.Code)}
		if k, ok := byRedemption[r.ID]; ok {
			a := paid[k]
			l.Activity = a.ID
			l.ActivityText = "accompagnement individuel du " + dayText(a.Date) + " (n° " + strconv.FormatInt(a.ID, 10) + ")"
			if u != nil && (u.Role == account.Administrateur || u.ID == a.Account) {
				l.ActivityURL = "/activites/saisies/" + strconv.FormatInt(a.ID, 10)
			}
		}
		out = append(out, l)
	}
	return out, nil
}
