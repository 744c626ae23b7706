package accountsql

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"maillage/internal/activity"
	"maillage/internal/audit"
	"maillage/internal/failure"
	"maillage/internal/store"
)

// The columns of a public's counts, as migration 032 names them: one per
// value of each breakdown.
var publicColumns = func() []string {
	var cols []string
	for _, b := range []struct {
		prefix string
		vocab  activity.Vocabulary
	}{{"genre_", activity.Genders}, {"tranche_", activity.AgeBands}, {"statut_", activity.Statuses}} {
		for _, t := range b.vocab {
			cols = append(cols, b.prefix+t.Value)
		}
	}
	return cols
}()

// publicValues lists a public's counts in publicColumns' order.
func publicValues(p activity.Public) []any {
	var out []any
	for _, m := range []map[string]int{p.Genders, p.AgeBands, p.Statuses} {
		vocab := activity.Genders
		switch {
		case len(out) >= len(activity.Genders)+len(activity.AgeBands):
			vocab = activity.Statuses
		case len(out) >= len(activity.Genders):
			vocab = activity.AgeBands
		}
		for _, t := range vocab {
			out = append(out, m[t.Value])
		}
	}
	return out
}

// publicTargets returns the scan targets of a public's counts and a
// function that fills p from them.
func publicTargets(p *activity.Public) ([]any, func()) {
	vals := make([]int, len(publicColumns))
	targets := make([]any, len(vals))
	for i := range vals {
		targets[i] = &vals[i]
	}
	return targets, func() {
		p.Genders, p.AgeBands, p.Statuses = map[string]int{}, map[string]int{}, map[string]int{}
		i := 0
		for _, b := range []struct {
			m     map[string]int
			vocab activity.Vocabulary
		}{{p.Genders, activity.Genders}, {p.AgeBands, activity.AgeBands}, {p.Statuses, activity.Statuses}} {
			for _, t := range b.vocab {
				if vals[i] != 0 {
					b.m[t.Value] = vals[i]
				}
				i++
			}
		}
	}
}

const activityColumns = `id, type, date, duree, type_lieu, lieu_id, nom_lieu, commune, departement, precisions_demarche, notes, autonomie,
oriente, structure_redirection, lieu_redirection, COALESCE(orientation, 0), titre_atelier, niveau, participants, deja_accompagne,
COALESCE(utilisation_pass, 0), source, COALESCE(import_id, 0), fichier_source, id_coop, COALESCE(compte, 0), created_at, updated_at`

var errActivityNotFound = failure.Errorf(failure.NotFound, "Activité introuvable.")

func scanActivity(scan func(...any) error) (activity.Activity, error) {
	var a activity.Activity
	var oriented int
	var created, updated string
	targets, fill := publicTargets(&a.Public)
	err := scan(append([]any{&a.ID, &a.Kind, &a.Date, &a.Duration, &a.PlaceType, &a.LieuID, &a.PlaceName, &a.Commune, &a.Departement,
		&a.Demarche, &a.Notes, &a.Autonomy, &oriented, &a.Redirection, &a.RedirectionLieu, &a.Orientation, &a.Title, &a.Level,
		&a.Public.Total, &a.Public.AlreadyHelped, &a.PassRedemption, &a.Source, &a.ImportID, &a.SourceFile, &a.CoopID, &a.Account,
		&created, &updated}, targets...)...)
	fill()
	a.Oriented = oriented == 1
	a.Created, a.Updated = parseTS(created), parseTS(updated)
	return a, err
}

func (s *Store) selectActivities() string {
	return `SELECT ` + activityColumns + `, ` + strings.Join(publicColumns, ", ") + ` FROM activites`
}

// AddActivity records an activity entered here.
func (s *Store) AddActivity(ctx context.Context, a activity.Activity, actor string) (activity.Activity, error) {
	a.Source, a.CoopID, a.ImportID, a.SourceFile = activity.SourceSaisie, "", 0, ""
	err := s.tx(ctx, func(tx *Tx) error {
		if err := s.prepareActivity(ctx, tx, &a); err != nil {
			return err
		}
		a.Created, a.Updated = tx.now, tx.now
		if err := s.insertActivity(ctx, tx, &a); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, audit.Entry{Actor: actor, Action: "ajouter", Kind: "activite", ObjectID: strconv.FormatInt(a.ID, 10), After: audit.JSON(journalActivity(a))})
	})
	return a, wrap("activité", nil, err)
}

// UpdateActivity replaces an activity entered here.
func (s *Store) UpdateActivity(ctx context.Context, a activity.Activity, by int64, actor string) (activity.Activity, error) {
	err := s.tx(ctx, func(tx *Tx) error {
		old, err := s.activity(ctx, tx, a.ID)
		if err != nil {
			return err
		}
		if by != 0 && old.Account != by {
			return failure.Errorf(failure.Forbidden, "Cette activité a été saisie par un autre compte : seul son auteur (ou un administrateur) la modifie.")
		}
		if old.Source != activity.SourceSaisie {
			return failure.Errorf(failure.Conflict, "Cette activité vient d'un import de la Coop (ID CRA %s) : corrigez-la dans la Coop, puis réimportez l'export.", old.CoopID)
		}
		a.Source, a.CoopID, a.ImportID, a.SourceFile, a.Account, a.Created = old.Source, "", 0, "", old.Account, old.Created
		if err := s.prepareActivity(ctx, tx, &a); err != nil {
			return err
		}
		a.Updated = tx.now
		if err := s.updateActivity(ctx, tx, a); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, audit.Entry{Actor: actor, Action: "modifier", Kind: "activite", ObjectID: strconv.FormatInt(a.ID, 10),
			Before: audit.JSON(journalActivity(old)), After: audit.JSON(journalActivity(a))})
	})
	return a, wrap("activité", errActivityNotFound, err)
}

// DeleteActivity deletes an activity: by's own, or another's that by
// reads (its territory's) and that its author does not alone delete
// (activity.KeptFromOthers: imports, activities paid by a Pass).
func (s *Store) DeleteActivity(ctx context.Context, id int64, by *store.ActivityReader, actor string) error {
	err := s.tx(ctx, func(tx *Tx) error {
		old, err := s.activity(ctx, tx, id)
		if err != nil {
			return err
		}
		if by != nil && old.Account != by.Account {
			// Another's: deleted by a reader whose territory holds it, as
			// the list selects it, read in this transaction.
			ok, err := s.readerReads(ctx, tx, "activites", id, by)
			if err != nil {
				return err
			}
			if !ok {
				// Not one it reads: as if it did not exist, so that no
				// account learns which ids exist.
				return errActivityNotFound
			}
			if why := old.KeptFromOthers(); why != "" {
				return failure.Errorf(failure.Forbidden, "%s", why)
			}
		}
		if _, err := tx.ExecContext(ctx, s.q(`DELETE FROM activites WHERE id = ?`), id); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, audit.Entry{Actor: actor, Action: "supprimer", Kind: "activite", ObjectID: strconv.FormatInt(id, 10), Before: audit.JSON(journalActivity(old))})
	})
	return wrap("activité", errActivityNotFound, err)
}

// readerReads says whether by reads row id of table (activites,
// activite_agregats: their commune, departement and compte), as the
// lists select with Reader, read in tx.
func (s *Store) readerReads(ctx context.Context, tx *Tx, table string, id int64, by *store.ActivityReader) (bool, error) {
	where, args := activityWhere(store.ActivityFilter{Reader: by}, "", false)
	var n int
	err := tx.QueryRowContext(ctx, s.q(`SELECT COUNT(*) FROM `+table+where+` AND id = ?`), append(args, id)...).Scan(&n)
	return n > 0, err
}

// Activity reads one activity.
func (s *Store) Activity(ctx context.Context, id int64) (activity.Activity, error) {
	a, err := s.activity(ctx, s.rdb, id)
	return a, wrap("activité", errActivityNotFound, err)
}

type activityQuerier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func (s *Store) activity(ctx context.Context, q activityQuerier, id int64) (activity.Activity, error) {
	a, err := scanActivity(q.QueryRowContext(ctx, s.q(s.selectActivities()+` WHERE id = ?`), id).Scan)
	if err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return a, errActivityNotFound
		}
		return a, err
	}
	list := []activity.Activity{a}
	if err := s.activityChildren(ctx, q, list); err != nil {
		return a, err
	}
	return list[0], nil
}

// Activities lists activities.
func (s *Store) Activities(ctx context.Context, f store.ActivityFilter) ([]activity.Activity, error) {
	if f.AfterID != 0 && !f.ByID || f.Newest && f.ByID {
		return nil, errors.New("accountsql: Activities: AfterID without ByID, or Newest with ByID (a cursor pages by id)")
	}
	where, args := activityWhere(f, "date", false)
	order := ` ORDER BY date, id`
	switch {
	case f.Newest:
		order = ` ORDER BY date DESC, id DESC`
	case f.ByID:
		order = ` ORDER BY id`
	}
	query := s.selectActivities() + where + order
	if f.Limit > 0 {
		query += ` LIMIT ` + strconv.Itoa(f.Limit)
	}
	list, err := readList(ctx, s, query, args, scanActivity)
	if err == nil {
		err = s.activityChildren(ctx, s.rdb, list)
	}
	return list, wrap("activités", nil, err)
}

// CountActivities counts the activities f selects, every page.
func (s *Store) CountActivities(ctx context.Context, f store.ActivityFilter) (int, error) {
	if f.AfterID != 0 || f.Limit != 0 || f.Newest {
		return 0, errors.New("accountsql: CountActivities: a filter of pages (AfterID, Limit, Newest)")
	}
	where, args := activityWhere(f, "date", false)
	var n int
	err := s.rdb.QueryRowContext(ctx, s.q(`SELECT COUNT(*) FROM activites`+where), args...).Scan(&n)
	return n, wrap("activités", nil, err)
}

// activitiesOnly refuses, for the lists of coordination activities and
// API aggregates, the filter's fields they do not apply (Aggregates
// applies Reader and Newest): a caller restricting what a reader reads
// gets an error, never every row.
func activitiesOnly(list string, f store.ActivityFilter) error {
	if f.Reader != nil || f.ByID || f.AfterID != 0 || f.Newest || f.Others != 0 {
		return fmt.Errorf("accountsql: %s: Reader, ByID, AfterID, Newest and Others do not apply", list)
	}
	return nil
}

// readList runs a list's query on the readers and scans its rows: the
// activities', aggregates' and coordination activities' lists.
func readList[T any](ctx context.Context, s *Store, query string, args []any, scan func(func(...any) error) (T, error)) ([]T, error) {
	rows, err := s.rdb.QueryContext(ctx, s.q(query), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []T
	for rows.Next() {
		v, err := scan(rows.Scan)
		if err != nil {
			return nil, err
		}
		list = append(list, v)
	}
	return list, rows.Err()
}

// activityWhere is the WHERE clause of a filter (monthly: the table has
// months, not dates).
func activityWhere(f store.ActivityFilter, dateCol string, monthly bool) (string, []any) {
	var conds []string
	var args []any
	add := func(cond string, a ...any) { conds = append(conds, cond); args = append(args, a...) }
	if f.Account != 0 {
		add("compte = ?", f.Account)
	}
	if f.Others != 0 {
		add("(compte IS NULL OR compte <> ?)", f.Others)
	}
	if f.LieuID != "" {
		add("lieu_id = ?", f.LieuID)
	}
	from, to := f.From, f.To
	if monthly {
		if len(from) >= 7 {
			from = from[:7]
		}
		if len(to) >= 7 {
			to = to[:7]
		}
	}
	if from != "" {
		add(dateCol+" >= ?", from)
	}
	if to != "" {
		add(dateCol+" <= ?", to)
	}
	if !monthly {
		if f.Kind != "" {
			add("type = ?", f.Kind)
		}
		if f.Source != "" {
			add("source = ?", f.Source)
		}
		if f.PaidByPass {
			conds = append(conds, "utilisation_pass IS NOT NULL")
		}
		if f.NoCommune {
			conds = append(conds, "commune = ''")
		}
	}
	if len(f.Territories) > 0 {
		cond, a := territoriesCond(f.Territories)
		add(cond, a...)
	}
	if f.Reader != nil {
		// Its own, or in its territories (none: its own only).
		cond, a := "compte = ?", []any{f.Reader.Account}
		if len(f.Reader.Territories) > 0 {
			tc, ta := territoriesCond(f.Reader.Territories)
			cond, a = cond+" OR "+tc, append(a, ta...)
		}
		add("("+cond+")", a...)
	}
	if !monthly && f.AfterID != 0 {
		add("id > ?", f.AfterID)
	}
	if len(conds) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

// territoriesCond is the condition "in one of ts" on the columns commune
// and departement, with its arguments.
func territoriesCond(ts []store.TerritoryRef) (string, []any) {
	var ors []string
	var args []any
	for _, t := range ts {
		switch t.Kind {
		case "commune":
			cond, a := communeIn("commune", t.Code)
			ors, args = append(ors, cond), append(args, a...)
		case "departement":
			ors, args = append(ors, "departement = ?"), append(args, t.Code)
		case "epci":
			cond, a := communeInEPCI("commune", t.Code)
			ors, args = append(ors, cond), append(args, a...)
		case "region":
			ors, args = append(ors, "departement IN (SELECT code FROM departements WHERE region = ?)"), append(args, t.Code)
		default:
			ors, args = append(ors, "1 = 0 AND ? = ''"), append(args, t.Code)
		}
	}
	return "(" + strings.Join(ors, " OR ") + ")", args
}

// activityChildren reads the lists of activities (thématiques, matériel,
// tags, residences), by chunks of ids.
func (s *Store) activityChildren(ctx context.Context, q activityQuerier, list []activity.Activity) error {
	byID := make(map[int64]*activity.Activity, len(list))
	for i := range list {
		byID[list[i].ID] = &list[i]
	}
	for start := 0; start < len(list); start += 500 {
		end := min(start+500, len(list))
		ids := make([]any, 0, end-start)
		for _, a := range list[start:end] {
			ids = append(ids, a.ID)
		}
		in := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(ids)), ", ") + ")"
		for _, child := range []struct {
			query string
			fill  func(a *activity.Activity, x, y string, n int)
		}{
			{`SELECT activite, thematique, '', 0 FROM activite_thematiques WHERE activite IN ` + in, func(a *activity.Activity, x, _ string, _ int) {
				a.Thematics = append(a.Thematics, x)
			}},
			{`SELECT activite, materiel, '', 0 FROM activite_materiels WHERE activite IN ` + in, func(a *activity.Activity, x, _ string, _ int) {
				a.Equipment = append(a.Equipment, x)
			}},
			{`SELECT activite, portee, nom, 0 FROM activite_tags WHERE activite IN ` + in, func(a *activity.Activity, x, y string, _ int) {
				a.Tags = append(a.Tags, activity.Tag{Scope: x, Name: y})
			}},
			{`SELECT activite, commune, '', nombre FROM activite_residences WHERE activite IN ` + in, func(a *activity.Activity, x, _ string, n int) {
				if a.Residences == nil {
					a.Residences = map[string]int{}
				}
				a.Residences[x] = n
			}},
		} {
			rows, err := q.QueryContext(ctx, s.q(child.query), ids...)
			if err != nil {
				return err
			}
			for rows.Next() {
				var id int64
				var x, y string
				var n int
				if err := rows.Scan(&id, &x, &y, &n); err != nil {
					rows.Close()
					return err
				}
				child.fill(byID[id], x, y, n)
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
		}
	}
	for i := range list {
		sortActivityLists(&list[i])
	}
	return nil
}

// sortActivityLists puts lists in their vocabulary's order (tags by scope
// then name), so that reads compare equal whatever the engine's order.
func sortActivityLists(a *activity.Activity) {
	byVocab(a.Thematics, activity.AllThematics)
	byVocab(a.Equipment, activity.Equipment)
	sort.Slice(a.Tags, func(i, j int) bool {
		si, sj := vocabIndex(activity.TagScopes, a.Tags[i].Scope), vocabIndex(activity.TagScopes, a.Tags[j].Scope)
		if si != sj {
			return si < sj
		}
		return a.Tags[i].Name < a.Tags[j].Name
	})
}

func byVocab(vs []string, vocab activity.Vocabulary) {
	sort.SliceStable(vs, func(i, j int) bool { return vocabIndex(vocab, vs[i]) < vocabIndex(vocab, vs[j]) })
}

func vocabIndex(vocab activity.Vocabulary, v string) int {
	for i, t := range vocab {
		if t.Value == v {
			return i
		}
	}
	return len(vocab)
}

// activityOrientation checks, in the transaction, the orientation an
// activity names: it exists, and it was made by the activity's account or
// sent (or re-oriented) to the activity's place; the problem of the
// field otherwise.
func (s *Store) activityOrientation(ctx context.Context, tx *Tx, a *activity.Activity) (*activity.Problem, error) {
	id := strconv.FormatInt(a.Orientation, 10)
	var lieu, reoriented string
	var by int64
	err := tx.QueryRowContext(ctx, s.q(`SELECT lieu_id, reorientee_vers, prescripteur FROM orientations WHERE id = ?`), a.Orientation).Scan(&lieu, &reoriented, &by)
	if errors.Is(err, sql.ErrNoRows) {
		p := activity.NewProblem("orientation", id, "orientation-inconnue", "aucune orientation n'a ce numéro : donnez le numéro d'une orientation que vous avez faite, ou faite vers ce lieu")
		return &p, nil
	}
	if err != nil {
		return nil, err
	}
	if by == a.Account || a.LieuID != "" && (lieu == a.LieuID || reoriented == a.LieuID) {
		return nil, nil
	}
	p := activity.NewProblem("orientation", id, "orientation-autre-lieu", "cette orientation a été faite par un autre compte vers un autre lieu que celui de l'activité : donnez le numéro d'une orientation que vous avez faite, ou faite vers ce lieu")
	return &p, nil
}

// prepareActivity normalizes and validates an activity, checks what it
// points to and writes its commune and département.
func (s *Store) prepareActivity(ctx context.Context, tx *Tx, a *activity.Activity) error {
	a.Normalize()
	sortActivityLists(a)
	ps := a.Validate("")
	if len(ps) == 0 {
		if a.LieuID != "" {
			commune, err := s.lieuCommune(ctx, tx, a.LieuID)
			if err != nil {
				return err
			}
			if commune != "" {
				a.Commune = commune
			}
		}
		if a.RedirectionLieu != "" {
			if _, err := s.lieuCommune(ctx, tx, a.RedirectionLieu); err != nil {
				return err
			}
		}
		if a.PassRedemption != 0 {
			// The redemption pays a session at its place on its day: read
			// in this transaction (the ledger's rows never change).
			var lieu, day string
			err := tx.QueryRowContext(ctx, s.q(`SELECT lieu_id, jour FROM pass_utilisations WHERE id = ?`), a.PassRedemption).Scan(&lieu, &day)
			if errors.Is(err, sql.ErrNoRows) {
				return failure.Errorf(failure.NotFound, "Utilisation du Pass numérique n° %d introuvable.", a.PassRedemption)
			}
			if err != nil {
				return err
			}
			id := strconv.FormatInt(a.PassRedemption, 10)
			if lieu != a.LieuID {
				ps = append(ps, activity.NewProblem("utilisation_pass", id, "pass-autre-lieu", "ce pass a été utilisé dans un autre lieu (« "+lieu+" ») que celui de l'activité"))
			}
			if day != a.Date {
				ps = append(ps, activity.NewProblem("utilisation_pass", id, "pass-autre-jour", "ce pass a été utilisé le "+day+", pas le jour de l'activité ("+a.Date+")"))
			}
		}
		if a.Orientation != 0 {
			p, err := s.activityOrientation(ctx, tx, a)
			if err != nil {
				return err
			}
			if p != nil {
				ps = append(ps, *p)
			}
		}
		dep, known, err := s.communeDepartement(ctx, tx, a.Commune)
		if err != nil {
			return err
		}
		if !known {
			ps = append(ps, activity.NewProblem("commune", a.Commune, "commune-inconnue", "ce code INSEE n'est pas une commune du référentiel"))
		}
		a.Departement = dep
	}
	return ps.Err()
}

// lieuCommune reads a registry place's commune; failure.NotFound when
// there is no such place.
func (s *Store) lieuCommune(ctx context.Context, tx *Tx, id string) (string, error) {
	if tx.refs != nil {
		if c, ok := tx.refs.lieux[id]; ok {
			return c, nil
		}
	}
	var commune string
	err := tx.QueryRowContext(ctx, s.q(`SELECT code_insee FROM lieux WHERE id = ?`), id).Scan(&commune)
	if errors.Is(err, sql.ErrNoRows) {
		return "", failure.Errorf(failure.NotFound, "Lieu « %s » introuvable dans le registre.", id)
	}
	if err == nil && tx.refs != nil {
		tx.refs.lieux[id] = commune
	}
	return commune, err
}

// refMemo is what prepareActivity read of places and communes, kept for
// one import's transaction (nothing it writes changes them).
type refMemo struct {
	lieux    map[string]string // place id → commune
	communes map[string]communeRef
}

type communeRef struct {
	dep   string
	known bool
}

// communeDepartement returns a commune's département (the referential's,
// or its code's when none is loaded) and whether the commune is known
// (always when the referential is not loaded; "" is known).
func (s *Store) communeDepartement(ctx context.Context, tx *Tx, commune string) (string, bool, error) {
	if commune == "" {
		return "", true, nil
	}
	if tx.refs != nil {
		if r, ok := tx.refs.communes[commune]; ok {
			return r.dep, r.known, nil
		}
		dep, known, err := s.readCommuneDepartement(ctx, tx, commune)
		if err == nil {
			tx.refs.communes[commune] = communeRef{dep, known}
		}
		return dep, known, err
	}
	return s.readCommuneDepartement(ctx, tx, commune)
}

func (s *Store) readCommuneDepartement(ctx context.Context, tx *Tx, commune string) (string, bool, error) {
	var dep string
	err := tx.QueryRowContext(ctx, s.q(`SELECT departement FROM communes WHERE code = ?`), commune).Scan(&dep)
	if err == nil {
		return dep, true, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return "", false, err
	}
	var any int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM (SELECT 1 FROM communes LIMIT 1) c`).Scan(&any); err != nil {
		return "", false, err
	}
	return activity.DepartementOf(commune), any == 0, nil
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func (s *Store) activityArgs(a activity.Activity) []any {
	return append([]any{a.Kind, a.Date, a.Duration, a.PlaceType, a.LieuID, a.PlaceName, a.Commune, a.Departement, a.Demarche, a.Notes, a.Autonomy,
		boolInt(a.Oriented), a.Redirection, a.RedirectionLieu, nullID(a.Orientation), a.Title, a.Level, a.Public.Total, a.Public.AlreadyHelped,
		nullID(a.PassRedemption), a.Source, nullID(a.ImportID), a.SourceFile, a.CoopID, nullID(a.Account), ts(a.Created), ts(a.Updated)},
		publicValues(a.Public)...)
}

const activityWriteColumns = `type, date, duree, type_lieu, lieu_id, nom_lieu, commune, departement, precisions_demarche, notes, autonomie,
oriente, structure_redirection, lieu_redirection, orientation, titre_atelier, niveau, participants, deja_accompagne,
utilisation_pass, source, import_id, fichier_source, id_coop, compte, created_at, updated_at`

func (s *Store) insertActivity(ctx context.Context, tx *Tx, a *activity.Activity) error {
	args := s.activityArgs(*a)
	cols := activityWriteColumns + ", " + strings.Join(publicColumns, ", ")
	err := tx.QueryRowContext(ctx, s.q(`INSERT INTO activites (`+cols+`) VALUES (`+placeholders(len(args))+`) RETURNING id`), args...).Scan(&a.ID)
	if err != nil {
		return activityWriteError(err)
	}
	return s.writeActivityChildren(ctx, tx, *a, false)
}

// insertActivities inserts new imported activities (each with its ID
// CRA, unique) in multi-row statements: the rows of a chunk in one
// INSERT … RETURNING id, id_coop, then each child table in as few
// statements as the engines' bound on parameters allows.
func (s *Store) insertActivities(ctx context.Context, tx *Tx, acts []activity.Activity) error {
	cols := activityWriteColumns + ", " + strings.Join(publicColumns, ", ")
	for len(acts) > 0 {
		n := min(len(acts), 200)
		chunk := acts[:n]
		acts = acts[n:]
		var args []any
		rows := make([]string, len(chunk))
		for i, a := range chunk {
			v := s.activityArgs(a)
			rows[i] = "(" + placeholders(len(v)) + ")"
			args = append(args, v...)
		}
		rs, err := tx.QueryContext(ctx, s.q(`INSERT INTO activites (`+cols+`) VALUES `+strings.Join(rows, ", ")+` RETURNING id, id_coop`), args...)
		if err != nil {
			return activityWriteError(err)
		}
		ids := make(map[string]int64, len(chunk))
		for rs.Next() {
			var id int64
			var coop string
			if err := rs.Scan(&id, &coop); err != nil {
				rs.Close()
				return err
			}
			ids[coop] = id
		}
		rs.Close()
		if err := rs.Err(); err != nil {
			return err
		}
		var them, mats, tags, res [][]any
		for i := range chunk {
			a := &chunk[i]
			if a.ID = ids[a.CoopID]; a.ID == 0 {
				return fmt.Errorf("ID CRA « %s » : pas d'identifiant rendu par l'insertion", a.CoopID)
			}
			for _, t := range a.Thematics {
				them = append(them, []any{a.ID, t})
			}
			for _, m := range a.Equipment {
				mats = append(mats, []any{a.ID, m})
			}
			for _, t := range a.Tags {
				tags = append(tags, []any{a.ID, t.Scope, t.Name})
			}
			for c, n := range a.Residences {
				res = append(res, []any{a.ID, c, n})
			}
		}
		for _, b := range []struct {
			table string
			cols  []string
			rows  [][]any
		}{
			{"activite_thematiques", []string{"activite", "thematique"}, them},
			{"activite_materiels", []string{"activite", "materiel"}, mats},
			{"activite_tags", []string{"activite", "portee", "nom"}, tags},
			{"activite_residences", []string{"activite", "commune", "nombre"}, res},
		} {
			if err := s.insertRows(ctx, tx, b.table, b.cols, b.rows); err != nil {
				return err
			}
		}
	}
	return nil
}

// insertRows inserts rows in statements of at most 30 000 parameters
// (under SQLite's and PostgreSQL's bounds).
func (s *Store) insertRows(ctx context.Context, tx *Tx, table string, cols []string, rows [][]any) error {
	per := 30000 / len(cols)
	one := "(" + placeholders(len(cols)) + ")"
	for len(rows) > 0 {
		n := min(len(rows), per)
		var args []any
		for _, r := range rows[:n] {
			args = append(args, r...)
		}
		q := `INSERT INTO ` + table + ` (` + strings.Join(cols, ", ") + `) VALUES ` + strings.TrimSuffix(strings.Repeat(one+", ", n), ", ")
		if _, err := tx.ExecContext(ctx, s.q(q), args...); err != nil {
			return err
		}
		rows = rows[n:]
	}
	return nil
}

func (s *Store) updateActivity(ctx context.Context, tx *Tx, a activity.Activity) error {
	args := s.activityArgs(a)
	cols := strings.Split(strings.ReplaceAll(activityWriteColumns, "\n", " "), ",")
	cols = append(cols, publicColumns...)
	sets := make([]string, len(cols))
	for i, c := range cols {
		sets[i] = strings.TrimSpace(c) + " = ?"
	}
	if _, err := tx.ExecContext(ctx, s.q(`UPDATE activites SET `+strings.Join(sets, ", ")+` WHERE id = ?`), append(args, a.ID)...); err != nil {
		return activityWriteError(err)
	}
	return s.writeActivityChildren(ctx, tx, a, true)
}

func activityWriteError(err error) error {
	if isUnique(err) && strings.Contains(err.Error(), "utilisation_pass") {
		return failure.Wrap(failure.Conflict, err, "Cette utilisation du Pass numérique est déjà liée à une autre activité.")
	}
	return err
}

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

func (s *Store) writeActivityChildren(ctx context.Context, tx *Tx, a activity.Activity, replace bool) error {
	if replace {
		for _, table := range []string{"activite_thematiques", "activite_materiels", "activite_tags", "activite_residences"} {
			if _, err := tx.ExecContext(ctx, s.q(`DELETE FROM `+table+` WHERE activite = ?`), a.ID); err != nil {
				return err
			}
		}
	}
	for _, t := range a.Thematics {
		if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO activite_thematiques (activite, thematique) VALUES (?, ?)`), a.ID, t); err != nil {
			return err
		}
	}
	for _, m := range a.Equipment {
		if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO activite_materiels (activite, materiel) VALUES (?, ?)`), a.ID, m); err != nil {
			return err
		}
	}
	for _, t := range a.Tags {
		if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO activite_tags (activite, portee, nom) VALUES (?, ?, ?)`), a.ID, t.Scope, t.Name); err != nil {
			return err
		}
	}
	for c, n := range a.Residences {
		if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO activite_residences (activite, commune, nombre) VALUES (?, ?, ?)`), a.ID, c, n); err != nil {
			return err
		}
	}
	return nil
}

// journalActivity is what the journal keeps of an activity: its fields,
// without its notes (free text, which the journal never needs).
func journalActivity(a activity.Activity) map[string]any {
	return map[string]any{"type": a.Kind, "date": a.Date, "duree": a.Duration, "type_lieu": a.PlaceType, "lieu": a.LieuID, "commune": a.Commune,
		"thematiques": a.Thematics, "participants": a.Public.Total, "source": a.Source, "id_cra": a.CoopID, "compte": a.Account}
}

// ImportCoop stores the activities of one Coop export.
func (s *Store) ImportCoop(ctx context.Context, run activity.ImportRun, acts []activity.Activity, actor string) (activity.ImportRun, error) {
	run.Created, run.Replaced, run.Unchanged = 0, 0, 0
	run.Lines = len(acts)
	if run.Format == "" {
		run.Format = "coop"
	}
	run.Actor = actor
	err := s.tx(ctx, func(tx *Tx) error {
		run.At = tx.now
		if err := tx.QueryRowContext(ctx, s.q(`INSERT INTO activite_imports (fichier, format, acteur, created_at) VALUES (?, ?, ?, ?) RETURNING id`),
			run.File, run.Format, actor, ts(tx.now)).Scan(&run.ID); err != nil {
			return err
		}
		// Resolved once for the whole file, not per line: the activities
		// already imported (by ID CRA) and the places named.
		existing, err := s.coopIDs(ctx, tx)
		if err != nil {
			return err
		}
		places := map[[2]string]string{}
		tx.refs = &refMemo{lieux: map[string]string{}, communes: map[string]communeRef{}}
		defer func() { tx.refs = nil }()
		var added []activity.Activity // inserted together, in multi-row statements
		seen := map[string]bool{}
		for _, a := range acts {
			a.Source, a.ImportID, a.SourceFile, a.Account = activity.SourceImportCoop, run.ID, run.File, 0
			a.Normalize()
			if seen[a.CoopID] {
				return failure.Errorf(failure.Invalid, "L'ID CRA « %s » est donné deux fois dans le fichier.", a.CoopID)
			}
			seen[a.CoopID] = true
			if a.LieuID == "" && a.PlaceType == activity.LieuActivite && a.PlaceName != "" && a.Commune != "" {
				key := [2]string{a.PlaceName, a.Commune}
				id, ok := places[key]
				if !ok {
					if id, err = s.lieuByName(ctx, tx, a.PlaceName, a.Commune); err != nil {
						return err
					}
					places[key] = id
				}
				a.LieuID = id
			}
			if err := s.prepareActivity(ctx, tx, &a); err != nil {
				return fmt.Errorf("ID CRA « %s » : %w", a.CoopID, err)
			}
			oldID, found := existing[a.CoopID]
			switch {
			case !found:
				a.Created, a.Updated = tx.now, tx.now
				added = append(added, a)
				run.Created++
			default:
				old, err := s.activity(ctx, tx, oldID)
				if err != nil {
					return err
				}
				if sameImported(old, a) {
					run.Unchanged++
					continue
				}
				a.ID, a.Created, a.Updated = oldID, old.Created, tx.now
				if err := s.updateActivity(ctx, tx, a); err != nil {
					return err
				}
				run.Replaced++
			}
		}
		if err := s.insertActivities(ctx, tx, added); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, s.q(`UPDATE activite_imports SET lignes = ?, creees = ?, remplacees = ?, inchangees = ?, rejetees = ? WHERE id = ?`),
			run.Lines, run.Created, run.Replaced, run.Unchanged, run.Rejected, run.ID); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, audit.Entry{Actor: actor, Action: "importer", Kind: "import_activites", ObjectID: strconv.FormatInt(run.ID, 10),
			After: audit.JSON(map[string]any{"fichier": run.File, "format": run.Format, "activites": run.Lines, "creees": run.Created,
				"remplacees": run.Replaced, "inchangees": run.Unchanged, "rejetees": run.Rejected})})
	})
	return run, wrap("import d'activités", nil, err)
}

// coopIDs maps the ID CRA of every imported activity to its id (one
// read of the partial index's rows: its condition is in the query, so
// that SQLite can use it).
func (s *Store) coopIDs(ctx context.Context, tx *Tx) (map[string]int64, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id_coop, id FROM activites WHERE id_coop <> ''`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var k string
		var id int64
		if err := rows.Scan(&k, &id); err != nil {
			return nil, err
		}
		out[k] = id
	}
	return out, rows.Err()
}

// sameImported reports whether an imported activity says the same as
// the stored one (its run, file and times aside).
func sameImported(old, a activity.Activity) bool {
	key := func(x activity.Activity) string {
		x.ID, x.ImportID, x.SourceFile, x.Created, x.Updated = 0, 0, "", old.Created, old.Updated
		sortActivityLists(&x)
		if len(x.Residences) == 0 {
			x.Residences = nil
		}
		b, _ := json.Marshal(x)
		return string(b)
	}
	return key(old) == key(a)
}

// lieuByName finds the registry place of a name in a commune ("" when
// none or several); Paris, Lyon and Marseille hold the places of their
// arrondissements.
func (s *Store) lieuByName(ctx context.Context, tx *Tx, name, commune string) (string, error) {
	in, args := communeIn("code_insee", commune)
	rows, err := tx.QueryContext(ctx, s.q(`SELECT id FROM lieux WHERE `+in+` AND lower(nom) = lower(?) LIMIT 2`), append(args, name)...)
	if err != nil {
		return "", err
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return "", err
		}
		ids = append(ids, id)
	}
	if len(ids) != 1 {
		return "", rows.Err()
	}
	return ids[0], rows.Err()
}

// ActivityImports lists the import runs, newest first.
func (s *Store) ActivityImports(ctx context.Context) ([]activity.ImportRun, error) {
	rows, err := s.rdb.QueryContext(ctx, `SELECT id, fichier, format, acteur, created_at, lignes, creees, remplacees, inchangees, rejetees FROM activite_imports ORDER BY id DESC`)
	if err != nil {
		return nil, wrap("imports d'activités", nil, err)
	}
	defer rows.Close()
	var out []activity.ImportRun
	for rows.Next() {
		var r activity.ImportRun
		var at string
		if err := rows.Scan(&r.ID, &r.File, &r.Format, &r.Actor, &at, &r.Lines, &r.Created, &r.Replaced, &r.Unchanged, &r.Rejected); err != nil {
			return nil, err
		}
		r.At = parseTS(at)
		out = append(out, r)
	}
	return out, wrap("imports d'activités", nil, rows.Err())
}
