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
// orientation.ReminderAfter get one reminder with a new link, and those
// that answered « reçue » and said nothing since for as long get one
// follow-up asking whether the person came, with a new link (each
// e-mail's row decides which instance sends it); the orientations older
// than the retention lose what was said of the person.
func (s *Server) orientationHousekeeping(ctx context.Context) {
	now := s.cfg.Now()
	if n, err := s.store.ExpireOrientations(ctx, now.Add(-orientation.ExpireAfter)); err != nil && ctx.Err() == nil {
		s.log.Warn("expiration des orientations", "err", err)
	} else if n > 0 {
		s.log.Info("orientations expirées sans réponse", "nombre", n)
	}
	s.orientationMails(ctx, now, orientationRound{what: "rappel d'orientation", mail: mailReminder,
		due: func(ctx context.Context, now time.Time) ([]orientation.Orientation, error) {
			return s.store.OrientationsToRemind(ctx, now.Add(-orientation.ReminderAfter))
		},
		claim: s.store.ClaimOrientationReminder, release: s.store.ReleaseOrientationReminder})
	// A « reçue » answered more than orientation.ExpireAfter ago is not
	// followed up: the place would be asked about a person of months ago
	// (on the first start after the follow-up came, every orientation
	// received in the retention would be), and an orientation of a place
	// without e-mail is listed again only until then.
	s.orientationMails(ctx, now, orientationRound{what: "relance d'orientation reçue", mail: mailStillReceived,
		due: func(ctx context.Context, now time.Time) ([]orientation.Orientation, error) {
			return s.store.OrientationsToFollowUp(ctx, now.Add(-orientation.ExpireAfter), now.Add(-orientation.ReminderAfter))
		},
		claim: s.store.ClaimOrientationFollowUp, release: s.store.ReleaseOrientationFollowUp})
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

// orientationRound is one kind of e-mail the housekeeping sends once per
// orientation, orientation.ReminderAfter after the orientation's last
// event: which are due at now, how the sending is claimed (a row of the
// store, so that one instance sends it) and released when the sending
// failed, and which e-mail.
type orientationRound struct {
	what    string // for the logs
	mail    orientationMail
	due     func(ctx context.Context, now time.Time) ([]orientation.Orientation, error)
	claim   func(ctx context.Context, id int64, linkHash string, at time.Time) (bool, error)
	release func(ctx context.Context, id int64) error
}

func (s *Server) orientationMails(ctx context.Context, now time.Time, r orientationRound) {
	if _, ok := s.absoluteURL("/"); !ok {
		return // no link can be sent
	}
	due, err := r.due(ctx, now)
	if err != nil {
		if ctx.Err() == nil {
			s.log.Warn(r.what, "err", err)
		}
		return
	}
	ix := s.indexOf(ctx)
	for _, o := range due {
		l, ok := ix.Lieu(o.LieuID)
		if !ok || len(l.Courriels) == 0 {
			// Nobody to write to: no row, so that an address added later
			// is written to; the orientation is listed again at the
			// next ticks, and skipped here before any write, only
			// while it is due (its round's window).
			continue
		}
		token, hash := account.NewToken()
		claimed, err := r.claim(ctx, o.ID, hash, now)
		if err != nil || !claimed {
			if err != nil && ctx.Err() == nil {
				s.log.Warn(r.what, "orientation", o.ID, "err", err)
			}
			continue
		}
		if err := s.mailOrientation(ctx, l.Courriels[0], o, s.prescriberText(ctx, o.Prescriber), token, r.mail, now); err != nil {
			s.log.Warn("courriel d'orientation non envoyé : nouvel essai au prochain passage", "courriel", r.what, "orientation", o.ID, "err", err)
			if err := r.release(context.WithoutCancel(ctx), o.ID); err != nil {
				s.log.Error(r.what, "orientation", o.ID, "err", err)
			}
			continue
		}
		s.log.Info("courriel d'orientation envoyé", "courriel", r.what, "orientation", o.ID)
	}
}
