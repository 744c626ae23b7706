package web

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"maillage/internal/french"
	"maillage/internal/pass"
	"maillage/internal/store"
)

// DefaultPassReminderDays are the reminders sent before the end of an
// order's validity, in days: a month, then a week.
var DefaultPassReminderDays = []int{30, 7}

// passReminderSteps returns the configured steps, smallest first.
func (s *Server) passReminderSteps() []int {
	steps := s.cfg.PassReminderDays
	if steps == nil {
		steps = DefaultPassReminderDays
	}
	out := slices.Clone(steps)
	slices.Sort(out)
	return slices.Compact(out)
}

// passReminders sends the reminders due before the end of the orders'
// validity (housekeeping calls it at every tick): to an order ending in
// d days, the reminder of the smallest step at least d (« j-30 » at 30
// days or less, « j-7 » at 7 or less; a step missed while the server was
// stopped is not sent late when a smaller one is due), by e-mail to the
// financeur and to each distributeur of its carnets. Each order's step is
// claimed in the database first: among instances on one database, one
// sends it, once; a sending that fails is released, to be sent again at
// the next tick.
func (s *Server) passReminders(ctx context.Context) {
	steps := s.passReminderSteps()
	if len(steps) == 0 || steps[len(steps)-1] < 0 {
		return
	}
	now := s.cfg.Now()
	today, _ := time.Parse(pass.DateLayout, pass.Day(now))
	last := today.AddDate(0, 0, steps[len(steps)-1]).Format(pass.DateLayout)
	orders, err := s.store.OrdersEnding(ctx, today.Format(pass.DateLayout), last)
	if err != nil {
		if ctx.Err() == nil {
			s.log.Warn("rappels du Pass numérique", "err", err)
		}
		return
	}
	for _, o := range orders {
		end, err := time.Parse(pass.DateLayout, o.ValidUntil)
		if err != nil {
			continue
		}
		left := int(end.Sub(today).Hours() / 24)
		i, _ := slices.BinarySearch(steps, left)
		if i == len(steps) {
			continue
		}
		step := fmt.Sprintf("j-%d", steps[i])
		claimed, err := s.store.ClaimReminder(ctx, o.ID, step, now)
		if err != nil || !claimed {
			if err != nil && ctx.Err() == nil {
				s.log.Warn("rappel du Pass numérique", "commande", o.ID, "etape", step, "err", err)
			}
			continue
		}
		if err := s.sendPassReminder(ctx, o, left); err != nil {
			s.log.Warn("rappel du Pass numérique non envoyé : nouvel essai au prochain passage", "commande", o.ID, "etape", step, "err", err)
			if err := s.store.ReleaseReminder(context.WithoutCancel(ctx), o.ID, step); err != nil {
				s.log.Error("rappel du Pass numérique", "commande", o.ID, "etape", step, "err", err)
			}
			continue
		}
		s.log.Info("rappel du Pass numérique envoyé", "commande", o.ID, "etape", step)
	}
}

// sendPassReminder writes to the order's financeur and distributeurs.
func (s *Server) sendPassReminder(ctx context.Context, o pass.Order, left int) error {
	rows, err := s.store.Dashboard(ctx, store.DashboardFilter{By: store.ByOrder, OrderID: o.ID})
	if err != nil {
		return err
	}
	var fig store.DashboardRow
	if len(rows) > 0 {
		fig = rows[0]
	}
	carnets, err := s.store.Carnets(ctx, store.CarnetFilter{OrderID: o.ID})
	if err != nil {
		return err
	}
	when := "aujourd'hui"
	if left > 0 {
		when = "dans " + french.Count(left, "jour", "jours")
	}
	subject := fmt.Sprintf("Pass numérique : la commande n° %d se termine le %s", o.ID, passDay(o.ValidUntil))
	intro := fmt.Sprintf("Bonjour,\n\nLa commande n° %d de Pass numérique se termine le %s (%s) ; les pass déjà remis à des bénéficiaires sont acceptés jusqu'au %s inclus.\n\n",
		o.ID, passDay(o.ValidUntil), when, passDay(o.LastDay()))
	link := func(path string) string { u, _ := s.absoluteURL(path); return u }
	var errs []error
	if f, err := s.store.User(ctx, o.Financeur); err == nil {
		body := intro + fmt.Sprintf("À ce jour : %s, %s à des bénéficiaires, %s.\nLes pass non utilisés à la fin vous seront crédités par un avoir.\n\nLa commande : %s\n\n— maillage\n",
			french.Count(fig.Issued, "pass émis", "pass émis"), french.Count(fig.Injected, "remis", "remis"), french.Count(fig.Used, "utilisé", "utilisés"),
			link(SitePath("pass", "commandes", o.ID)))
		errs = append(errs, s.cfg.Mail.Send(ctx, f.Email, subject, body))
	} else {
		errs = append(errs, err)
	}
	// Each distributeur, with what it still holds.
	held := map[int64][2]int{} // assigned, not handed
	var order []int64
	for _, c := range carnets {
		if c.Distributeur == 0 {
			continue
		}
		if _, ok := held[c.Distributeur]; !ok {
			order = append(order, c.Distributeur)
		}
		h := held[c.Distributeur]
		h[0]++
		if !c.Handed {
			h[1]++
		}
		held[c.Distributeur] = h
	}
	for _, id := range order {
		d, err := s.store.User(ctx, id)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		h := held[id]
		var b strings.Builder
		b.WriteString(intro)
		fmt.Fprintf(&b, "Vous avez reçu %s de cette commande", french.Count(h[0], "carnet", "carnets"))
		if h[1] > 0 {
			fmt.Fprintf(&b, ", dont %s : remettez-les avant le %s, ou signalez-les au hub", french.Count(h[1], "n'est pas encore remis", "ne sont pas encore remis"), passDay(o.ValidUntil))
		}
		fmt.Fprintf(&b, ".\nRappelez aux bénéficiaires d'utiliser leurs pass avant le %s.\n\nVos carnets : %s\n\n— maillage\n", passDay(o.LastDay()), link("/pass/carnets"))
		errs = append(errs, s.cfg.Mail.Send(ctx, d.Email, subject, b.String()))
	}
	return errors.Join(errs...)
}
