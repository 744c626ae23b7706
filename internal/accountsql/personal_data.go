package accountsql

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"maillage/internal/activity"
	"maillage/internal/audit"
	"maillage/internal/orientation"
	"maillage/internal/pass"
	"maillage/internal/personaldata"
	"maillage/internal/store"
)

var _ store.PersonalData = (*Store)(nil)

// personalBatch is how many rows PersonalData reads at a time.
const personalBatch = 500

// erasePersonalAction is the journal's action of an erasure.
const erasePersonalAction = "effacer_donnees_personnelles"

// PersonalData finds, and with erase blanks, the free texts stored with
// personal data.
func (s *Store) PersonalData(ctx context.Context, erase bool, actor string, found func(store.PersonalFinding) error) error {
	scrub := false // a batch erased something
	defer func() {
		// Also when a later batch or found fails: the batches committed
		// before are erased.
		if scrub {
			s.scrubErased(ctx, personalDataTables)
		}
	}()
	for _, k := range []struct {
		read    func(ctx context.Context, after int64) (int, int64, []store.PersonalFinding, error)
		eraseIn func(ctx context.Context, tx *Tx, id int64, actor string) ([]store.PersonalFinding, error)
	}{
		{s.personalActivities, s.erasePersonalActivity},
		{s.personalCoordinations, s.erasePersonalCoordination},
		{s.personalOrientations, s.erasePersonalOrientation},
		// Read only: the journal is hash-chained over its entries' text.
		{s.personalJournal, nil},
	} {
		for after := int64(0); ; {
			n, last, fs, err := k.read(ctx, after)
			if err != nil {
				return wrap("données personnelles", nil, err)
			}
			if erase && len(fs) > 0 && k.eraseIn != nil {
				var ids []int64
				for _, f := range fs {
					if len(ids) == 0 || ids[len(ids)-1] != f.ID {
						ids = append(ids, f.ID)
					}
				}
				err := s.tx(ctx, func(tx *Tx) error {
					fs = fs[:0:0]
					for _, id := range ids {
						erased, err := k.eraseIn(ctx, tx, id, actor)
						if err != nil {
							return err
						}
						fs = append(fs, erased...)
					}
					return nil
				})
				if err != nil {
					return wrap("effacement des données personnelles", nil, err)
				}
				scrub = scrub || len(fs) > 0
			}
			for _, f := range fs {
				if err := found(f); err != nil {
					return err
				}
			}
			if n < personalBatch {
				break
			}
			after = last
		}
	}
	return nil
}

// personalFindings turns a record's problems into findings.
func personalFindings(kind string, id int64, date string, ps activity.Problems, erased bool) []store.PersonalFinding {
	out := make([]store.PersonalFinding, len(ps))
	for i, p := range ps {
		out[i] = store.PersonalFinding{Kind: kind, ID: id, Field: p.Field, Label: activity.Label(p.Field), Rule: p.Rule, Date: date, Erased: erased}
	}
	return out
}

// cleanedFindings marks findings as cleaned (their invisible characters
// removed, the text kept).
func cleanedFindings(fs []store.PersonalFinding) []store.PersonalFinding {
	for i := range fs {
		fs[i].Cleaned = true
	}
	return fs
}

// personalJournal is what the journal keeps of an erasure: the fields
// blanked, those cleaned of invisible characters, and the rules, never
// the text.
func personalJournal(fs []store.PersonalFinding) []byte {
	erased, cleaned, rules := []string{}, []string{}, []string{}
	for _, f := range fs {
		switch {
		case f.Erased && !slices.Contains(erased, f.Field):
			erased = append(erased, f.Field)
		case f.Cleaned && !slices.Contains(cleaned, f.Field):
			cleaned = append(cleaned, f.Field)
		}
		rules = append(rules, f.Field+":"+f.Rule)
	}
	j := map[string]any{"champs_effaces": erased, "regles": rules}
	if len(cleaned) > 0 {
		j["champs_nettoyes"] = cleaned
	}
	return audit.JSON(j)
}

// patchTexts writes the columns of cols whose value changed, and the update
// time column at now (none changed: nothing is written).
func (s *Store) patchTexts(ctx context.Context, tx *Tx, table, updated string, id int64, cols [][3]string) error {
	var sets []string
	var args []any
	for _, c := range cols {
		if c[1] != c[2] {
			sets, args = append(sets, c[0]+" = ?"), append(args, c[2])
		}
	}
	if len(sets) == 0 {
		return nil
	}
	if updated != "" {
		sets, args = append(sets, updated+" = ?"), append(args, ts(tx.now))
	}
	_, err := tx.ExecContext(ctx, s.q(`UPDATE `+table+` SET `+strings.Join(sets, ", ")+` WHERE id = ?`), append(args, id)...)
	return err
}

// lockRow locks a row for the transaction; false when it is gone.
func (s *Store) lockRow(ctx context.Context, tx *Tx, table string, id int64) (bool, error) {
	var got int64
	err := tx.QueryRowContext(ctx, s.q(`SELECT id FROM `+table+` WHERE id = ?`+s.dialect.ForUpdate), id).Scan(&got)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}

func (s *Store) personalActivities(ctx context.Context, after int64) (int, int64, []store.PersonalFinding, error) {
	list, err := readList(ctx, s, s.selectActivities()+` WHERE id > ? ORDER BY id LIMIT `+strconv.Itoa(personalBatch), []any{after}, scanActivity)
	if err == nil {
		err = s.activityChildren(ctx, s.rdb, list)
	}
	if err != nil || len(list) == 0 {
		return 0, 0, nil, err
	}
	var fs []store.PersonalFinding
	for _, a := range list {
		fs = append(fs, personalFindings(store.PersonalActivity, a.ID, a.Date, a.PersonalData(), false)...)
	}
	return len(list), list[len(list)-1].ID, fs, nil
}

func (s *Store) erasePersonalActivity(ctx context.Context, tx *Tx, id int64, actor string) ([]store.PersonalFinding, error) {
	if ok, err := s.lockRow(ctx, tx, "activites", id); !ok {
		return nil, err
	}
	old, err := s.activity(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	a := old
	cleaned, erased := a.ErasePersonalData()
	if len(cleaned)+len(erased) == 0 {
		return nil, nil
	}
	if err := s.patchTexts(ctx, tx, "activites", "updated_at", id, [][3]string{{"precisions_demarche", old.Demarche, a.Demarche}, {"notes", old.Notes, a.Notes},
		{"titre_atelier", old.Title, a.Title}, {"nom_lieu", old.PlaceName, a.PlaceName}}); err != nil {
		return nil, err
	}
	changed, err := s.patchNames(ctx, tx, `activite_tags`, `activite = ? AND portee = ? AND nom = ?`, "tags", id, tagValues(old.Tags), tagValues(a.Tags))
	if err != nil {
		return nil, err
	}
	if changed {
		if _, err := tx.ExecContext(ctx, s.q(`UPDATE activites SET updated_at = ? WHERE id = ?`), ts(tx.now), id); err != nil {
			return nil, err
		}
	}
	fs := append(cleanedFindings(personalFindings(store.PersonalActivity, id, old.Date, cleaned, false)), personalFindings(store.PersonalActivity, id, old.Date, erased, true)...)
	return fs, s.appendAudit(ctx, tx, audit.Entry{Actor: actor, Action: erasePersonalAction, Kind: store.PersonalActivity, ObjectID: strconv.FormatInt(id, 10), After: personalJournal(fs)})
}

// named is a row of a list of names (tags, partners): its kind (a tag's
// scope, a partner's type) and its name.
type named struct{ kind, name string }

func tagValues(ts []activity.Tag) []named {
	out := make([]named, len(ts))
	for i, t := range ts {
		out[i] = named{t.Scope, t.Name}
	}
	return out
}

// patchNames writes what the erasure did to a list of names: a name
// cleaned of its invisible characters is renamed in its row (which keeps
// its place in the list), unless the cleaned name is there already; any
// other name gone is deleted. where selects a row by the record's id,
// the kind and the name. It reports whether a row changed.
func (s *Store) patchNames(ctx context.Context, tx *Tx, table, where, field string, id int64, old, now []named) (bool, error) {
	changed := false
	for _, o := range old {
		if slices.Contains(now, o) {
			continue
		}
		c := named{o.kind, strings.TrimSpace(activity.CleanText(field, o.name))}
		var err error
		if c.name != "" && slices.Contains(now, c) && !slices.Contains(old, c) {
			old = append(old, c) // renamed once: a second row cleaned alike is deleted
			_, err = tx.ExecContext(ctx, s.q(`UPDATE `+table+` SET nom = ? WHERE `+where), c.name, id, o.kind, o.name)
		} else {
			_, err = tx.ExecContext(ctx, s.q(`DELETE FROM `+table+` WHERE `+where), id, o.kind, o.name)
		}
		if err != nil {
			return false, err
		}
		changed = true
	}
	return changed, nil
}

func (s *Store) personalCoordinations(ctx context.Context, after int64) (int, int64, []store.PersonalFinding, error) {
	list, err := readList(ctx, s, `SELECT `+coordinationColumns+` FROM activites_coordination WHERE id > ? ORDER BY id LIMIT `+strconv.Itoa(personalBatch), []any{after}, scanCoordination)
	if err == nil {
		err = s.coordinationValues(ctx, s.rdb, list)
	}
	if err != nil || len(list) == 0 {
		return 0, 0, nil, err
	}
	var fs []store.PersonalFinding
	for _, c := range list {
		fs = append(fs, personalFindings(store.PersonalCoordination, c.ID, c.Date, c.PersonalData(), false)...)
	}
	return len(list), list[len(list)-1].ID, fs, nil
}

func (s *Store) erasePersonalCoordination(ctx context.Context, tx *Tx, id int64, actor string) ([]store.PersonalFinding, error) {
	if ok, err := s.lockRow(ctx, tx, "activites_coordination", id); !ok {
		return nil, err
	}
	old, err := s.coordination(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	c := old
	cleaned, erased := c.ErasePersonalData()
	if len(cleaned)+len(erased) == 0 {
		return nil, nil
	}
	if err := s.patchTexts(ctx, tx, "activites_coordination", "updated_at", id, [][3]string{{"nom", old.Name, c.Name}, {"notes", old.Notes, c.Notes},
		{"type_animation_autre", old.AnimationTypeOther, c.AnimationTypeOther}, {"thematique_animation_autre", old.AnimationThematicOther, c.AnimationThematicOther},
		{"type_evenement_autre", old.EventTypeOther, c.EventTypeOther}, {"organisateur_autre", old.OrganiserOther, c.OrganiserOther},
		{"nature_partenariat_autre", old.NatureOther, c.NatureOther}}); err != nil {
		return nil, err
	}
	where := `activite = ? AND champ = '%s' AND valeur = ? AND nom = ?`
	tags, err := s.patchNames(ctx, tx, `activite_coordination_valeurs`, fmt.Sprintf(where, "tag"), "tags", id, tagValues(old.Tags), tagValues(c.Tags))
	if err != nil {
		return nil, err
	}
	partners, err := s.patchNames(ctx, tx, `activite_coordination_valeurs`, fmt.Sprintf(where, "partenaire"), "structures_partenaires", id, partnerValues(old.Partners), partnerValues(c.Partners))
	if err != nil {
		return nil, err
	}
	if tags || partners {
		if _, err := tx.ExecContext(ctx, s.q(`UPDATE activites_coordination SET updated_at = ? WHERE id = ?`), ts(tx.now), id); err != nil {
			return nil, err
		}
	}
	fs := append(cleanedFindings(personalFindings(store.PersonalCoordination, id, old.Date, cleaned, false)), personalFindings(store.PersonalCoordination, id, old.Date, erased, true)...)
	return fs, s.appendAudit(ctx, tx, audit.Entry{Actor: actor, Action: erasePersonalAction, Kind: store.PersonalCoordination, ObjectID: strconv.FormatInt(id, 10), After: personalJournal(fs)})
}

func partnerValues(ps []activity.Partner) []named {
	out := make([]named, len(ps))
	for i, p := range ps {
		out[i] = named{p.Type, p.Name}
	}
	return out
}

func orientationFindings(o orientation.Orientation, erased bool, found []orientation.FieldError) []store.PersonalFinding {
	out := make([]store.PersonalFinding, len(found))
	for i, f := range found {
		out[i] = store.PersonalFinding{Kind: store.PersonalOrientation, ID: o.ID, Field: f.Field, Label: orientation.TextLabel(f.Field), Rule: f.Rule,
			Date: o.Created.In(pass.Paris).Format("2006-01-02"), Erased: erased}
	}
	return out
}

func (s *Store) personalOrientations(ctx context.Context, after int64) (int, int64, []store.PersonalFinding, error) {
	list, err := readList(ctx, s, `SELECT `+orientationColumns+` FROM orientations WHERE id > ? ORDER BY id LIMIT `+strconv.Itoa(personalBatch), []any{after}, scanOrientation)
	if err != nil || len(list) == 0 {
		return 0, 0, nil, err
	}
	byID := make(map[int64]*orientation.Orientation, len(list))
	ids := make([]any, len(list))
	for i := range list {
		byID[list[i].ID], ids[i] = &list[i], list[i].ID
	}
	// The answers' details, kept on their events too.
	rows, err := s.rdb.QueryContext(ctx, s.q(`SELECT orientation_id, detail FROM orientation_evenements WHERE detail <> '' AND orientation_id IN (`+placeholders(len(ids))+`) ORDER BY id`), ids...)
	if err != nil {
		return 0, 0, nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var e orientation.Event
		if err := rows.Scan(&id, &e.Detail); err != nil {
			return 0, 0, nil, err
		}
		byID[id].Events = append(byID[id].Events, e)
	}
	if err := rows.Err(); err != nil {
		return 0, 0, nil, err
	}
	var fs []store.PersonalFinding
	for _, o := range list {
		fs = append(fs, orientationFindings(o, false, o.PersonalData())...)
	}
	return len(list), list[len(list)-1].ID, fs, nil
}

func (s *Store) erasePersonalOrientation(ctx context.Context, tx *Tx, id int64, actor string) ([]store.PersonalFinding, error) {
	if ok, err := s.lockRow(ctx, tx, "orientations", id); !ok {
		return nil, err
	}
	old, err := s.orientation(ctx, tx, id, "")
	if err != nil {
		return nil, err
	}
	o := old
	o.Events = slices.Clone(old.Events)
	cleaned, erased := o.ErasePersonalData()
	if len(cleaned)+len(erased) == 0 {
		return nil, nil
	}
	// maj_le is the last event's time, not a revision: it stays (no page
	// keeps an orientation in a cache).
	if err := s.patchTexts(ctx, tx, "orientations", "", id, [][3]string{{"reference", old.Reference, o.Reference}, {"message", old.Message, o.Message},
		{"detail", old.Detail, o.Detail}}); err != nil {
		return nil, err
	}
	for i, e := range old.Events {
		if e.Detail != o.Events[i].Detail {
			if _, err := tx.ExecContext(ctx, s.q(`UPDATE orientation_evenements SET detail = ? WHERE orientation_id = ? AND detail = ?`), o.Events[i].Detail, id, e.Detail); err != nil {
				return nil, err
			}
		}
	}
	fs := append(cleanedFindings(orientationFindings(old, false, cleaned)), orientationFindings(old, true, erased)...)
	return fs, s.appendAudit(ctx, tx, audit.Entry{Actor: actor, Action: erasePersonalAction, Kind: store.PersonalOrientation, ObjectID: strconv.FormatInt(id, 10), After: personalJournal(fs)})
}

// journalTexts are the free texts that entries of the journal held, by
// kind of entry (a coordination activity's name, until review 12A), with
// the rules of their write paths.
var journalTexts = map[string]struct {
	fields []string
	rules  []personaldata.Rule
}{
	store.PersonalActivity:     {[]string{"notes", "titre_atelier", "precisions_demarche", "nom_lieu"}, personaldata.Rules},
	store.PersonalCoordination: {[]string{"nom", "notes"}, personaldata.PartnerRules},
}

// personalJournal finds the entries of the journal whose change (Before
// or After) holds a free text with personal data: one finding per entry,
// field and rule, never erased (each entry's hash covers its text, so a
// blanked entry would break the chain that maillage audit verifier
// checks).
func (s *Store) personalJournal(ctx context.Context, after int64) (int, int64, []store.PersonalFinding, error) {
	list, err := readList(ctx, s, `SELECT `+auditColumns+` FROM audit WHERE kind IN ('`+store.PersonalActivity+`', '`+store.PersonalCoordination+`') AND seq > ? ORDER BY seq LIMIT `+strconv.Itoa(personalBatch),
		[]any{after}, scanAudit)
	if err != nil || len(list) == 0 {
		return 0, 0, nil, err
	}
	var fs []store.PersonalFinding
	for _, e := range list {
		fs = append(fs, journalFindings(e)...)
	}
	return len(list), list[len(list)-1].Seq, fs, nil
}

// journalFindings judges one entry of the journal (see personalJournal).
func journalFindings(e audit.Entry) []store.PersonalFinding {
	texts := journalTexts[e.Kind]
	var out []store.PersonalFinding
	seen := map[[2]string]bool{}
	for _, raw := range []json.RawMessage{e.Before, e.After} {
		var change map[string]any
		if json.Unmarshal(raw, &change) != nil {
			continue
		}
		year := 0
		if d, ok := change["date"].(string); ok {
			if t, err := time.Parse("2006-01-02", d); err == nil {
				year = t.Year()
			}
		}
		for _, field := range texts.fields {
			text, _ := change[field].(string)
			r, found := personaldata.FindAmong(text, year, texts.rules)
			if !found || seen[[2]string{field, string(r)}] {
				continue
			}
			seen[[2]string{field, string(r)}] = true
			what := "activité"
			if e.Kind == store.PersonalCoordination {
				what = "activité de coordination"
			}
			out = append(out, store.PersonalFinding{Kind: store.PersonalJournal, ID: e.Seq, Field: field,
				Label: activity.Label(field) + " (" + what + " n° " + e.ObjectID + ")", Rule: string(r), Date: e.At.In(pass.Paris).Format("2006-01-02")})
		}
	}
	return out
}
