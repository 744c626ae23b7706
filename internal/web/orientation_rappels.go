package web

import (
	"context"
	"time"

	"maillage/internal/account"
	"maillage/internal/orientation"
)

// orientationHousekeeping, at every tick of Housekeep, on one clock: the
// orientations still unanswered after orientation.ExpireAfter expire
// first, so that one past its expiry is never reminded (a server down
// for days, a first start); then the places that have not answered after
// orientation.ReminderAfter get one reminder with a new link (the
// reminder's row decides which instance sends it); the orientations older
// than the retention lose what was said of the person.
func (s *Server) orientationHousekeeping(ctx context.Context) {
	now := s.cfg.Now()
	if n, err := s.store.ExpireOrientations(ctx, now.Add(-orientation.ExpireAfter)); err != nil && ctx.Err() == nil {
		s.log.Warn("expiration des orientations", "err", err)
	} else if n > 0 {
		s.log.Info("orientations expirées sans réponse", "nombre", n)
	}
	s.orientationReminders(ctx, now)
	retention := s.cfg.OrientationRetention
	if retention <= 0 {
		retention = orientation.DefaultRetention
	}
	if n, err := s.store.AnonymizeOrientations(ctx, now.Add(-retention)); err != nil && ctx.Err() == nil {
		s.log.Warn("anonymisation des orientations", "err", err)
	} else if n > 0 {
		s.log.Info("orientations anonymisées", "nombre", n)
	}
}

func (s *Server) orientationReminders(ctx context.Context, now time.Time) {
	if _, ok := s.absoluteURL("/"); !ok {
		return // no link can be sent
	}
	due, err := s.store.OrientationsToRemind(ctx, now.Add(-orientation.ReminderAfter))
	if err != nil {
		if ctx.Err() == nil {
			s.log.Warn("rappels des orientations", "err", err)
		}
		return
	}
	ix := s.indexOf(ctx)
	for _, o := range due {
		l, ok := ix.Lieu(o.LieuID)
		if !ok || len(l.Courriels) == 0 {
			continue // nobody to remind
		}
		token, hash := account.NewToken()
		claimed, err := s.store.ClaimOrientationReminder(ctx, o.ID, hash, now)
		if err != nil || !claimed {
			if err != nil && ctx.Err() == nil {
				s.log.Warn("rappel d'orientation", "orientation", o.ID, "err", err)
			}
			continue
		}
		if err := s.mailOrientation(ctx, l.Courriels[0], o, s.prescriberText(ctx, o.Prescriber), token, mailReminder, now); err != nil {
			s.log.Warn("rappel d'orientation non envoyé : nouvel essai au prochain passage", "orientation", o.ID, "err", err)
			if err := s.store.ReleaseOrientationReminder(context.WithoutCancel(ctx), o.ID); err != nil {
				s.log.Error("rappel d'orientation", "orientation", o.ID, "err", err)
			}
			continue
		}
		s.log.Info("rappel d'orientation envoyé", "orientation", o.ID)
	}
}
