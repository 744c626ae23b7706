package accountsql

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
	"time"

	"maillage/internal/failure"
	"maillage/internal/french"
	"maillage/internal/orientation"
	"maillage/internal/pass"
	"maillage/internal/store"
	"maillage/internal/territory"
)

var (
	errOrientationNotFound = failure.Errorf(failure.NotFound, "Orientation introuvable.")
	errLinkUnknown         = failure.Errorf(failure.NotFound, "Ce lien de réponse n'existe pas : vérifiez qu'il a été copié en entier depuis le courriel.")
	errLinkExpired         = failure.Errorf(failure.Gone, "Ce lien de réponse a expiré : il ne sert que %d jours. La personne qui a orienté peut refaire une orientation si besoin.", int(orientation.LinkLifetime/(24*time.Hour)))
	errOrientationExpired  = failure.Errorf(failure.Gone, "Cette orientation a expiré sans réponse : elle ne peut plus en recevoir.")
	errHashInvalid         = failure.Errorf(failure.Invalid, "Empreinte de lien invalide.")
)

const orientationColumns = `id, prescripteur, besoin, lieu_id, lieu_nom, departement, epci, lieu_commune, region, modalite, message, tranche_age, commune, reference, statut, reorientee_vers, motif, detail, cree_le, maj_le, anonymisee_le`

func scanOrientation(scan func(...any) error) (orientation.Orientation, error) {
	var o orientation.Orientation
	var created, updated, anonymized string
	err := scan(&o.ID, &o.Prescriber, &o.Need, &o.LieuID, &o.LieuNom, &o.Departement, &o.EPCI, &o.LieuCommune, &o.Region, &o.Mode, &o.Message, &o.Age, &o.Commune, &o.Reference,
		&o.Status, &o.RedirectedTo, &o.Reason, &o.Detail, &created, &updated, &anonymized)
	o.Created, o.Updated = parseTS(created), parseTS(updated)
	if anonymized != "" {
		o.Anonymized = parseTS(anonymized)
	}
	return o, err
}

func validHash(h string) bool {
	if len(h) != 64 {
		return false
	}
	for i := 0; i < len(h); i++ {
		if !(h[i] >= '0' && h[i] <= '9' || h[i] >= 'a' && h[i] <= 'f') {
			return false
		}
	}
	return true
}

// CreateOrientation records an orientation, its first event and its link.
func (s *Store) CreateOrientation(ctx context.Context, o orientation.Orientation, linkHash string) (orientation.Orientation, error) {
	o.Normalize()
	if !validHash(linkHash) {
		return o, errHashInvalid
	}
	err := s.tx(ctx, func(tx *Tx) error {
		// The year of the transaction's clock bounds the dates taken for
		// dates of birth.
		if err := o.Validate(tx.now.Year()); err != nil {
			return err
		}
		var insee string
		// A municipal arrondissement the referential gives no EPCI (or
		// does not hold) takes its commune's, as pass_lieux_territoire.
		err := tx.QueryRowContext(ctx, s.q(`SELECT l.nom, l.code_insee, COALESCE(NULLIF(c.departement, ''), pc.departement, ''), COALESCE(NULLIF(c.epci, ''), pc.epci, ''), COALESCE(NULLIF(c.region, ''), pc.region, '')
			FROM lieux l LEFT JOIN communes c ON c.code = l.code_insee LEFT JOIN communes pc ON pc.code = `+territory.ParentSQL("l.code_insee")+` WHERE l.id = ?`), o.LieuID).
			Scan(&o.LieuNom, &insee, &o.Departement, &o.EPCI, &o.Region)
		if err == sql.ErrNoRows {
			return errLieuNotFound
		}
		if err != nil {
			return err
		}
		if o.Departement == "" && len(insee) >= 3 {
			// No referential imported: the département is in the code.
			o.Departement = insee[:2]
			if o.Departement == "97" || o.Departement == "98" {
				o.Departement = insee[:3]
			}
		}
		o.LieuCommune = insee
		if o.Region == "" && o.Departement != "" {
			// A commune the referential does not know: its département's région.
			if err := tx.QueryRowContext(ctx, s.q(`SELECT region FROM departements WHERE code = ?`), o.Departement).Scan(&o.Region); err != nil && err != sql.ErrNoRows {
				return err
			}
		}
		var n int
		if err := tx.QueryRowContext(ctx, s.q(`SELECT count(*) FROM comptes WHERE id = ? AND deleted_at = ''`), o.Prescriber).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return errUserNotFound
		}
		o.Status, o.Created, o.Updated = orientation.Envoyee, tx.now, tx.now
		o.RedirectedTo, o.Reason, o.Detail, o.Anonymized = "", "", "", time.Time{}
		if err := tx.QueryRowContext(ctx, s.q(`INSERT INTO orientations (prescripteur, besoin, lieu_id, lieu_nom, departement, epci, lieu_commune, region, modalite, message, tranche_age, commune, reference, statut, cree_le, maj_le)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
			o.Prescriber, o.Need, o.LieuID, o.LieuNom, o.Departement, o.EPCI, o.LieuCommune, o.Region, o.Mode, o.Message, o.Age, o.Commune, o.Reference, o.Status, ts(tx.now), ts(tx.now)).Scan(&o.ID); err != nil {
			return err
		}
		ev := orientation.Event{Status: orientation.Envoyee, At: tx.now, Actor: "compte:" + strconv.FormatInt(o.Prescriber, 10)}
		o.Events = []orientation.Event{ev}
		if err := s.addOrientationEvent(ctx, tx, o.ID, ev); err != nil {
			return err
		}
		return s.addOrientationLink(ctx, tx, o.ID, linkHash)
	})
	return o, wrap("orientation", nil, err)
}

func (s *Store) addOrientationEvent(ctx context.Context, tx *Tx, id int64, e orientation.Event) error {
	_, err := tx.ExecContext(ctx, s.q(`INSERT INTO orientation_evenements (orientation_id, statut, le, lieu_id, motif, detail, par) VALUES (?, ?, ?, ?, ?, ?, ?)`),
		id, e.Status, ts(e.At), e.LieuID, e.Reason, e.Detail, e.Actor)
	return err
}

func (s *Store) addOrientationLink(ctx context.Context, tx *Tx, id int64, hash string) error {
	_, err := tx.ExecContext(ctx, s.q(`INSERT INTO orientation_liens (empreinte, orientation_id, cree_le, expire_le) VALUES (?, ?, ?, ?)`),
		hash, id, ts(tx.now), ts(tx.now.Add(orientation.LinkLifetime)))
	return err
}

type queryer interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}

// orientation reads one orientation and its events.
func (s *Store) orientation(ctx context.Context, q queryer, id int64, lock string) (orientation.Orientation, error) {
	o, err := scanOrientation(q.QueryRowContext(ctx, s.q(`SELECT `+orientationColumns+` FROM orientations WHERE id = ?`+lock), id).Scan)
	if err != nil {
		return o, err
	}
	rows, err := q.QueryContext(ctx, s.q(`SELECT statut, le, lieu_id, motif, detail, par FROM orientation_evenements WHERE orientation_id = ? ORDER BY id`), id)
	if err != nil {
		return o, err
	}
	defer rows.Close()
	for rows.Next() {
		var e orientation.Event
		var at string
		if err := rows.Scan(&e.Status, &at, &e.LieuID, &e.Reason, &e.Detail, &e.Actor); err != nil {
			return o, err
		}
		e.At = parseTS(at)
		o.Events = append(o.Events, e)
	}
	return o, rows.Err()
}

// Orientation reads one orientation with its events.
func (s *Store) Orientation(ctx context.Context, id int64) (orientation.Orientation, error) {
	o, err := s.orientation(ctx, s.rdb, id, "")
	return o, wrap("orientation", errOrientationNotFound, err)
}

// link checks a link at now and returns its orientation's id.
func (s *Store) link(ctx context.Context, q queryer, hash string, now time.Time, lock string) (int64, error) {
	if !validHash(hash) {
		return 0, errLinkUnknown
	}
	var id int64
	var expires, used string
	err := q.QueryRowContext(ctx, s.q(`SELECT orientation_id, expire_le, utilise_le FROM orientation_liens WHERE empreinte = ?`+lock), hash).Scan(&id, &expires, &used)
	switch {
	case err == sql.ErrNoRows:
		return 0, errLinkUnknown
	case err != nil:
		return 0, err
	case used != "":
		return id, failure.Errorf(failure.Conflict, "Ce lien a déjà servi, le %s : la réponse est enregistrée. Chaque lien ne sert qu'une fois ; un nouveau lien vous est envoyé quand une autre réponse est attendue.", frenchDateTime(parseTS(used)))
	case expires <= ts(now):
		return id, errLinkExpired
	}
	return id, nil
}

// frenchDateTime writes an instant as « 3 décembre 2026 à 14:05 » (Paris).
func frenchDateTime(t time.Time) string {
	p := t.In(pass.Paris)
	return french.Date(p) + " à " + p.Format("15:04")
}

// OrientationByLink reads the orientation a live link answers.
func (s *Store) OrientationByLink(ctx context.Context, linkHash string) (orientation.Orientation, error) {
	id, err := s.link(ctx, s.rdb, linkHash, s.now().UTC(), "")
	if err != nil {
		return orientation.Orientation{}, wrap("orientation", nil, err)
	}
	o, err := s.orientation(ctx, s.rdb, id, "")
	if err == nil && o.Status == orientation.Expiree {
		err = errOrientationExpired
	}
	return o, wrap("orientation", errOrientationNotFound, err)
}

// AnswerOrientation records a place's answer through a link.
func (s *Store) AnswerOrientation(ctx context.Context, linkHash string, a orientation.Answer, nextLinkHash string) (orientation.Orientation, error) {
	var o orientation.Orientation
	if nextLinkHash != "" && !validHash(nextLinkHash) {
		return o, errHashInvalid
	}
	err := s.tx(ctx, func(tx *Tx) error {
		id, err := s.link(ctx, tx, linkHash, tx.now, s.dialect.ForUpdate)
		if err != nil {
			return err
		}
		if o, err = s.orientation(ctx, tx, id, s.dialect.ForUpdate); err != nil {
			return err
		}
		if o.Status == orientation.Expiree {
			return errOrientationExpired
		}
		if err := a.Validate(o.Status); err != nil {
			return err
		}
		if a.Status == orientation.Reorientee {
			if a.LieuID == o.LieuID {
				return failure.Errorf(failure.Invalid, "Réorientée : indiquez un autre lieu que le vôtre.")
			}
			var n int
			if err := tx.QueryRowContext(ctx, s.q(`SELECT count(*) FROM lieux WHERE id = ?`), a.LieuID).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				return failure.Errorf(failure.Invalid, "Réorientée : le lieu « %s » n'est pas dans le registre. Choisissez-le dans l'annuaire et copiez son identifiant (la fin de l'adresse de sa page).", orientation.Clip(a.LieuID))
			}
		}
		// Every unused link of the orientation is consumed, this one
		// first: of two concurrent uses, the second finds it used.
		res, err := tx.ExecContext(ctx, s.q(`UPDATE orientation_liens SET utilise_le = ? WHERE empreinte = ? AND utilise_le = ''`), ts(tx.now), linkHash)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return failure.Errorf(failure.Conflict, "Ce lien vient de servir : la réponse est enregistrée.")
		}
		if _, err := tx.ExecContext(ctx, s.q(`UPDATE orientation_liens SET utilise_le = ? WHERE orientation_id = ? AND utilise_le = ''`), ts(tx.now), id); err != nil {
			return err
		}
		ev := orientation.Event{Status: a.Status, At: tx.now, LieuID: a.LieuID, Reason: a.Reason, Detail: a.Detail, Actor: orientation.ActorLink}
		if err := s.addOrientationEvent(ctx, tx, id, ev); err != nil {
			return err
		}
		res, err = tx.ExecContext(ctx, s.q(`UPDATE orientations SET statut = ?, reorientee_vers = ?, motif = ?, detail = ?, maj_le = ? WHERE id = ? AND statut = ?`),
			a.Status, a.LieuID, a.Reason, a.Detail, ts(tx.now), id, o.Status)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return failure.Errorf(failure.Conflict, "Cette orientation vient de changer : rechargez la page.")
		}
		o.Status, o.RedirectedTo, o.Reason, o.Detail, o.Updated = a.Status, a.LieuID, a.Reason, a.Detail, tx.now
		o.Events = append(o.Events, ev)
		if !a.Status.Final() && nextLinkHash != "" {
			return s.addOrientationLink(ctx, tx, id, nextLinkHash)
		}
		return nil
	})
	return o, wrap("orientation", errOrientationNotFound, err)
}

// ListOrientations lists orientations, newest first.
func (s *Store) ListOrientations(ctx context.Context, f store.OrientationFilter) ([]orientation.Orientation, error) {
	var where []string
	var args []any
	switch {
	case f.Prescriber != 0:
		where, args = append(where, "prescripteur = ?"), append(args, f.Prescriber)
	case f.All:
	case len(f.Territories) > 0:
		var or []string
		for _, t := range f.Territories {
			switch t.Kind {
			case "departement":
				or, args = append(or, "departement = ?"), append(args, t.Code)
			case "epci":
				or, args = append(or, "epci = ?"), append(args, t.Code)
			case "commune":
				cond, a := communeIn("lieu_commune", t.Code)
				or, args = append(or, cond), append(args, a...)
			case "region":
				or, args = append(or, "region = ?"), append(args, t.Code)
			}
		}
		if len(or) == 0 {
			return nil, nil
		}
		where = append(where, "("+strings.Join(or, " OR ")+")")
	default:
		return nil, nil
	}
	if f.Status != "" {
		where, args = append(where, "statut = ?"), append(args, f.Status)
	}
	if !f.Since.IsZero() {
		where, args = append(where, "cree_le >= ?"), append(args, ts(f.Since))
	}
	if !f.Until.IsZero() {
		where, args = append(where, "cree_le < ?"), append(args, ts(f.Until))
	}
	query := `SELECT ` + orientationColumns + ` FROM orientations`
	if len(where) > 0 {
		query += " WHERE " + strings.Join(where, " AND ")
	}
	query += " ORDER BY cree_le DESC, id DESC"
	if f.Limit > 0 {
		query += " LIMIT " + strconv.Itoa(f.Limit)
	}
	return s.orientations(ctx, query, args...)
}

func (s *Store) orientations(ctx context.Context, query string, args ...any) ([]orientation.Orientation, error) {
	rows, err := s.rdb.QueryContext(ctx, s.q(query), args...)
	if err != nil {
		return nil, wrap("orientations", nil, err)
	}
	defer rows.Close()
	var out []orientation.Orientation
	for rows.Next() {
		o, err := scanOrientation(rows.Scan)
		if err != nil {
			return nil, wrap("orientations", nil, err)
		}
		out = append(out, o)
	}
	return out, wrap("orientations", nil, rows.Err())
}

// OrientationsToRemind lists the unanswered orientations due a reminder.
func (s *Store) OrientationsToRemind(ctx context.Context, sentBefore time.Time) ([]orientation.Orientation, error) {
	return s.orientations(ctx, `SELECT `+orientationColumns+` FROM orientations o WHERE statut = ? AND cree_le <= ?
		AND NOT EXISTS (SELECT 1 FROM orientation_rappels r WHERE r.orientation_id = o.id) ORDER BY id`, orientation.Envoyee, ts(sentBefore))
}

// ClaimOrientationReminder inserts the reminder's row and its link; the
// primary key lets one caller in.
func (s *Store) ClaimOrientationReminder(ctx context.Context, id int64, linkHash string, at time.Time) (bool, error) {
	return s.claimOrientationMail(ctx, reminderMail, id, linkHash, at)
}

// ReleaseOrientationReminder deletes the reminder's row and its unused link.
func (s *Store) ReleaseOrientationReminder(ctx context.Context, id int64) error {
	return s.releaseOrientationMail(ctx, reminderMail, id)
}

// orientationMail is one of the e-mails housekeeping sends a place about
// an orientation, once: its table (one row per orientation, the primary
// key lets one instance in), the status the orientation must still have
// when it is claimed, and its name in errors.
type orientationMail struct {
	table, what string
	status      orientation.Status
}

var (
	reminderMail = orientationMail{table: "orientation_rappels", what: "rappel d'orientation", status: orientation.Envoyee}
	followUpMail = orientationMail{table: "orientation_relances", what: "relance d'orientation", status: orientation.Recue}
)

// claimOrientationMail inserts the mail's row and its link, in one
// transaction that first reads the orientation locked (orientationStill).
func (s *Store) claimOrientationMail(ctx context.Context, m orientationMail, id int64, linkHash string, at time.Time) (bool, error) {
	if !validHash(linkHash) {
		return false, errHashInvalid
	}
	var claimed bool
	err := s.tx(ctx, func(tx *Tx) error {
		if still, err := s.orientationStill(ctx, tx, id, m.status); err != nil || !still {
			return err
		}
		res, err := tx.ExecContext(ctx, s.q(`INSERT INTO `+m.table+` (orientation_id, envoye_le, lien)
			VALUES (?, ?, ?) ON CONFLICT DO NOTHING`), id, ts(at), linkHash)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return nil
		}
		claimed = true
		return s.addOrientationLink(ctx, tx, id, linkHash)
	})
	return claimed, wrap(m.what, nil, err)
}

// releaseOrientationMail deletes the mail's row and its unused link (the
// e-mail could not be sent: the next tick claims it again).
func (s *Store) releaseOrientationMail(ctx context.Context, m orientationMail, id int64) error {
	return wrap(m.what, nil, s.tx(ctx, func(tx *Tx) error {
		var link string
		err := tx.QueryRowContext(ctx, s.q(`DELETE FROM `+m.table+` WHERE orientation_id = ? RETURNING lien`), id).Scan(&link)
		if err == sql.ErrNoRows {
			return nil
		}
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, s.q(`DELETE FROM orientation_liens WHERE empreinte = ? AND utilise_le = ''`), link)
		return err
	}))
}

// OrientationsToFollowUp lists the orientations received in the window
// and not followed up since: an orientation still recue was last changed
// by its « reçue » answer (maj_le), nothing else moves it while it stays
// so.
func (s *Store) OrientationsToFollowUp(ctx context.Context, receivedAfter, receivedBefore time.Time) ([]orientation.Orientation, error) {
	return s.orientations(ctx, `SELECT `+orientationColumns+` FROM orientations o WHERE statut = ? AND maj_le > ? AND maj_le <= ? AND anonymisee_le = ''
		AND NOT EXISTS (SELECT 1 FROM orientation_relances r WHERE r.orientation_id = o.id) ORDER BY id`, orientation.Recue, ts(receivedAfter), ts(receivedBefore))
}

// orientationStill reads, in tx and with its row locked (PostgreSQL; a
// SQLite writer is alone), whether the orientation has the status and
// is not anonymised: an answer holds the same lock from its read to its
// commit, so a claim after it sees its status, and an answer after a
// claim ends the claim's link with the others.
func (s *Store) orientationStill(ctx context.Context, tx *Tx, id int64, status orientation.Status) (bool, error) {
	var got orientation.Status
	var anonymised string
	err := tx.QueryRowContext(ctx, s.q(`SELECT statut, anonymisee_le FROM orientations WHERE id = ?`+s.dialect.ForUpdate), id).Scan(&got, &anonymised)
	if err == sql.ErrNoRows {
		return false, nil
	}
	return err == nil && got == status && anonymised == "", err
}

// ClaimOrientationFollowUp inserts the follow-up's row and its link; the
// primary key lets one caller in.
func (s *Store) ClaimOrientationFollowUp(ctx context.Context, id int64, linkHash string, at time.Time) (bool, error) {
	return s.claimOrientationMail(ctx, followUpMail, id, linkHash, at)
}

// ReleaseOrientationFollowUp deletes the follow-up's row and its unused
// link.
func (s *Store) ReleaseOrientationFollowUp(ctx context.Context, id int64) error {
	return s.releaseOrientationMail(ctx, followUpMail, id)
}

// ExpireOrientations expires the unanswered orientations sent at or
// before sentBefore.
func (s *Store) ExpireOrientations(ctx context.Context, sentBefore time.Time) (int, error) {
	n := 0
	err := s.tx(ctx, func(tx *Tx) error {
		n = 0
		rows, err := tx.QueryContext(ctx, s.q(`UPDATE orientations SET statut = ?, maj_le = ? WHERE statut = ? AND cree_le <= ? RETURNING id`),
			orientation.Expiree, ts(tx.now), orientation.Envoyee, ts(sentBefore))
		if err != nil {
			return err
		}
		var ids []int64
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			ids = append(ids, id)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, id := range ids {
			if err := s.addOrientationEvent(ctx, tx, id, orientation.Event{Status: orientation.Expiree, At: tx.now, Actor: orientation.ActorSystem}); err != nil {
				return err
			}
		}
		n = len(ids)
		return nil
	})
	return n, wrap("expiration des orientations", nil, err)
}

// AnonymizeOrientations drops the person's part of old orientations.
func (s *Store) AnonymizeOrientations(ctx context.Context, createdBefore time.Time) (int, error) {
	n := 0
	err := s.tx(ctx, func(tx *Tx) error {
		n = 0
		rows, err := tx.QueryContext(ctx, s.q(`UPDATE orientations SET message = '', tranche_age = '', commune = '', reference = '', detail = '', anonymisee_le = ?
			WHERE anonymisee_le = '' AND cree_le <= ? RETURNING id`), ts(tx.now), ts(createdBefore))
		if err != nil {
			return err
		}
		var ids []int64
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			ids = append(ids, id)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, id := range ids {
			if _, err := tx.ExecContext(ctx, s.q(`UPDATE orientation_evenements SET detail = '' WHERE orientation_id = ? AND detail <> ''`), id); err != nil {
				return err
			}
			// Its links end (they hold nothing of the person): one used
			// later answers « expiré », not « n'existe pas ».
			if _, err := tx.ExecContext(ctx, s.q(`UPDATE orientation_liens SET expire_le = ? WHERE orientation_id = ? AND expire_le > ?`), ts(tx.now), id, ts(tx.now)); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, s.q(`UPDATE orientation_rappels SET lien = '' WHERE orientation_id = ?`), id); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, s.q(`UPDATE orientation_relances SET lien = '' WHERE orientation_id = ?`), id); err != nil {
				return err
			}
		}
		n = len(ids)
		return nil
	})
	if err == nil && n > 0 {
		s.scrubErased(ctx, anonymizedTables)
	}
	return n, wrap("anonymisation des orientations", nil, err)
}
