package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"maillage/internal/activity"
	"maillage/internal/failure"
	"maillage/internal/store"
)

// The activities' API (/api/v1/activites), for the account of an API
// token: it records its activities (a médiateur's software, a script
// sending the Coop's records) and reads them back. An account reads its
// own; a coordinator those of its territories too (activites_acces.go),
// an administrator all.
// No identity has a field; the notes are accepted and never given back.

// activityJSON is an activity as the API writes and reads it: the Coop's
// API values.
type activityJSON struct {
	ID                 int64          `json:"id,omitempty"`
	Type               string         `json:"type"`
	Date               string         `json:"date"`
	Duree              int            `json:"duree"`
	TypeLieu           string         `json:"type_lieu"`
	Lieu               string         `json:"lieu,omitempty"`
	NomLieu            string         `json:"nom_lieu,omitempty"`
	Commune            string         `json:"commune,omitempty"`
	Departement        string         `json:"departement,omitempty"`
	Thematiques        []string       `json:"thematiques"`
	PrecisionsDemarche string         `json:"precisions_demarche,omitempty"`
	Materiel           []string       `json:"materiel,omitempty"`
	Tags               []tagJSON      `json:"tags,omitempty"`
	Notes              string         `json:"notes,omitempty"`
	Autonomie          string         `json:"autonomie,omitempty"`
	Oriente            bool           `json:"oriente"`
	StructureRedirect  string         `json:"structure_redirection,omitempty"`
	LieuRedirection    string         `json:"lieu_redirection,omitempty"`
	Orientation        int64          `json:"orientation,omitempty"`
	TitreAtelier       string         `json:"titre_atelier,omitempty"`
	Niveau             string         `json:"niveau,omitempty"`
	Participants       publicJSON     `json:"participants"`
	CommunesResidence  map[string]int `json:"communes_residence,omitempty"`
	UtilisationPass    int64          `json:"utilisation_pass,omitempty"`
	Accompagnements    int            `json:"accompagnements,omitempty"`
	Source             string         `json:"source,omitempty"`
	IDCRA              string         `json:"id_cra,omitempty"`
	FichierSource      string         `json:"fichier_source,omitempty"`
	CreeLe             string         `json:"cree_le,omitempty"`
	ModifieLe          string         `json:"modifie_le,omitempty"`
}

type tagJSON struct {
	Portee string `json:"portee"`
	Nom    string `json:"nom"`
}

type publicJSON struct {
	Total          int            `json:"total"`
	DejaAccompagne int            `json:"deja_accompagne"`
	Genres         map[string]int `json:"genres"`
	TranchesAge    map[string]int `json:"tranches_age"`
	Statuts        map[string]int `json:"statuts"`
}

// activityProblemJSON is a broken rule, as a 422 lists them.
type activityProblemJSON struct {
	Champ   string `json:"champ"`
	Valeur  string `json:"valeur"`
	Regle   string `json:"regle"`
	Message string `json:"message"`
}

type activityProblemsJSON struct {
	Code     string                `json:"code"`
	Erreur   string                `json:"erreur"`
	Problems []activityProblemJSON `json:"problemes"`
}

func stamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// toActivityJSON is a as the API gives it: to its author (mine) whole
// but its notes; to another reader (a coordinator of its territory, an
// administrator) without the free texts of another account, as
// /activites shows them: no workshop title, démarche's name nor place's
// name, and only the shared tags (départemental, national: the personal
// and team ones are its author's words).
func toActivityJSON(a activity.Activity, mine bool) activityJSON {
	if !mine {
		a.Title, a.Demarche, a.PlaceName = "", "", ""
		var shared []activity.Tag
		for _, t := range a.Tags {
			if t.Scope != "personnel" && t.Scope != "equipe" {
				shared = append(shared, t)
			}
		}
		a.Tags = shared
	}
	a.Notes = ""
	j := activityJSON{ID: a.ID, Type: a.Kind, Date: a.Date, Duree: a.Duration, TypeLieu: a.PlaceType, Lieu: a.LieuID, NomLieu: a.PlaceName,
		Commune: a.Commune, Departement: a.Departement, Thematiques: a.Thematics, PrecisionsDemarche: a.Demarche, Materiel: a.Equipment,
		Autonomie: a.Autonomy, Oriente: a.Oriented, StructureRedirect: a.Redirection, LieuRedirection: a.RedirectionLieu, Orientation: a.Orientation,
		TitreAtelier: a.Title, Niveau: a.Level, CommunesResidence: a.Residences, UtilisationPass: a.PassRedemption, Accompagnements: a.Accompaniments(),
		Source: a.Source, IDCRA: a.CoopID, FichierSource: a.SourceFile, CreeLe: stamp(a.Created), ModifieLe: stamp(a.Updated),
		Participants: publicJSON{Total: a.Public.Total, DejaAccompagne: a.Public.AlreadyHelped, Genres: a.Public.Genders, TranchesAge: a.Public.AgeBands, Statuts: a.Public.Statuses}}
	if j.Thematiques == nil {
		j.Thematiques = []string{}
	}
	for _, t := range a.Tags {
		j.Tags = append(j.Tags, tagJSON{Portee: t.Scope, Nom: t.Name})
	}
	return j
}

func (j activityJSON) activity() activity.Activity {
	a := activity.Activity{Kind: j.Type, Date: j.Date, Duration: j.Duree, PlaceType: j.TypeLieu, LieuID: j.Lieu, Commune: j.Commune,
		Thematics: j.Thematiques, Demarche: j.PrecisionsDemarche, Equipment: j.Materiel, Notes: j.Notes, Autonomy: j.Autonomie, Oriented: j.Oriente,
		Redirection: j.StructureRedirect, RedirectionLieu: j.LieuRedirection, Orientation: j.Orientation, Title: j.TitreAtelier, Level: j.Niveau,
		Residences: j.CommunesResidence, PassRedemption: j.UtilisationPass,
		Public: activity.Public{Total: j.Participants.Total, AlreadyHelped: j.Participants.DejaAccompagne, Genders: j.Participants.Genres,
			AgeBands: j.Participants.TranchesAge, Statuses: j.Participants.Statuts}}
	for _, t := range j.Tags {
		a.Tags = append(a.Tags, activity.Tag{Scope: t.Portee, Name: t.Nom})
	}
	return a
}

const (
	defaultActivitiesLimit = 100
	maxActivitiesLimit     = 1000
)

// parseActivityCursor reads a « curseur »: the id of the previous
// page's last activity. A walk goes by id, which never changes, not by
// date, which its author edits: each activity once, even while dates
// change between two pages.
func parseActivityCursor(v string) (int64, bool) {
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n <= 0 || strings.Trim(v, "0123456789") != "" || v[0] == '0' {
		return 0, false
	}
	return n, true
}

// apiActivites answers GET /api/v1/activites: the activities the account
// may read (du, au, territoire, type, source filter them), by id (the
// order they were recorded in), a page of « limite » after « curseur »;
// « suite » says whether another page follows, read with the « curseur »
// given.
func (s *Server) apiActivites(w http.ResponseWriter, r *http.Request) {
	u := currentUser(r)
	q := r.URL.Query()
	f := store.ActivityFilter{From: q.Get("du"), To: q.Get("au"), Kind: q.Get("type"), Source: q.Get("source"), ByID: true}
	for _, d := range []struct{ name, v string }{{"du", f.From}, {"au", f.To}} {
		if _, err := time.Parse("2006-01-02", d.v); d.v != "" && err != nil {
			badParam(w, &ParamError{Param: d.name, Value: d.v, Message: "une date AAAA-MM-JJ"})
			return
		}
	}
	if f.Kind != "" && !activity.Kinds.Has(f.Kind) {
		badParam(w, &ParamError{Param: "type", Value: f.Kind, Message: "individuel ou collectif"})
		return
	}
	if f.Source != "" && f.Source != activity.SourceSaisie && f.Source != activity.SourceImportCoop {
		badParam(w, &ParamError{Param: "source", Value: f.Source, Message: "saisie ou import_coop"})
		return
	}
	refs, ok := store.ParseTerritoryRefs(q.Get("territoire"))
	if !ok {
		badParam(w, &ParamError{Param: "territoire", Value: q.Get("territoire"), Message: "france, region:CODE, departement:CODE, epci:SIREN ou commune:INSEE"})
		return
	}
	f.Territories = refs
	limit := defaultActivitiesLimit
	if v := q.Get("limite"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > maxActivitiesLimit || strings.Trim(v, "0123456789") != "" {
			badParam(w, &ParamError{Param: "limite", Value: v, Message: "nombre d'activités par page attendu, entre 1 et " + strconv.Itoa(maxActivitiesLimit)})
			return
		}
		limit = n
	}
	if v := q.Get("curseur"); v != "" {
		if f.AfterID, ok = parseActivityCursor(v); !ok {
			badParam(w, &ParamError{Param: "curseur", Value: v, Message: "le « curseur » d'une réponse précédente attendu (le numéro de sa dernière activité)"})
			return
		}
	}
	// What the account may read, selected by the store: one more than a
	// page tells whether another follows.
	f.Reader, f.Limit = activityReader(u), limit+1
	acts, err := s.store.Activities(r.Context(), f)
	if err != nil {
		s.error(w, r, err)
		return
	}
	more := len(acts) > limit
	if more {
		acts = acts[:limit]
	}
	out := make([]activityJSON, 0, len(acts))
	for _, a := range acts {
		out = append(out, toActivityJSON(a, a.Account == u.ID))
	}
	// total counts every page, as before the API was paged: a client
	// that reads one page sees that it holds fewer.
	all := f
	all.AfterID, all.Limit = 0, 0
	total, err := s.store.CountActivities(r.Context(), all)
	if err != nil {
		s.error(w, r, err)
		return
	}
	page := map[string]any{"activites": out, "total": total, "suite": more}
	if more {
		page["curseur"] = strconv.FormatInt(acts[len(acts)-1].ID, 10)
	}
	writeJSON(w, http.StatusOK, page)
}

// apiActivite answers GET /api/v1/activites/{n}.
func (s *Server) apiActivite(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("n"), 10, 64)
	if err != nil {
		s.error(w, r, failure.Errorf(failure.NotFound, "Activité introuvable."))
		return
	}
	u := currentUser(r)
	a, err := s.store.Activity(r.Context(), id)
	if err == nil && !s.mayReadActivity(r.Context(), u, a) {
		err = errActivityHidden
	}
	if err != nil {
		s.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, toActivityJSON(a, a.Account == u.ID))
}

// apiActivitesCreer answers POST /api/v1/activites: the account records
// an activity (JSON), 201 with it; 422 lists every broken rule.
func (s *Server) apiActivitesCreer(w http.ResponseWriter, r *http.Request) {
	u := currentUser(r)
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 64<<10))
	if err != nil {
		writeAPIError(w, http.StatusBadRequest, string(failure.Invalid), clipQuoted("Corps JSON illisible : "+err.Error()), nil)
		return
	}
	if dup := duplicateKey(body); dup != "" {
		writeAPIError(w, http.StatusBadRequest, string(failure.Invalid), clipQuoted("Le champ « "+dup+" » est donné deux fois : une activité donne chaque champ une fois."), nil)
		return
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	var j activityJSON
	if err := dec.Decode(&j); err != nil {
		msg := "Corps JSON illisible : " + err.Error()
		if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
			msg = "Champ inconnu « " + strings.Trim(name, `"`) + " » : une activité n'a que les champs du document OpenAPI (aucun pour une identité)."
		}
		if errors.Is(err, io.EOF) {
			msg = "Corps JSON attendu : l'activité."
		}
		writeAPIError(w, http.StatusBadRequest, string(failure.Invalid), clipQuoted(strings.TrimSpace(msg)), nil)
		return
	}
	a := j.activity()
	a.Account = u.ID
	a.Normalize()
	ps := a.Validate(s.today())
	if len(ps) == 0 {
		if ps := s.activityPlaceProblem(r, u, a); ps != nil {
			writeJSON(w, http.StatusForbidden, activityProblemsJSON{Code: string(failure.Forbidden), Erreur: ps.Error(),
				Problems: []activityProblemJSON{{Champ: ps[0].Field, Valeur: ps[0].Value, Regle: ps[0].Rule, Message: ps[0].Message}}})
			return
		}
		stored, err := s.store.AddActivity(r.Context(), a, actor(r))
		ps = problemsOf(err)
		if failure.CodeOf(err) == failure.NotFound {
			// What it points to does not exist: a rule of its field.
			field, value := "lieu", a.LieuID
			switch msg := failure.MessageOf(err); {
			case strings.Contains(msg, "Pass numérique"):
				field, value = "utilisation_pass", strconv.FormatInt(a.PassRedemption, 10)
			case a.RedirectionLieu != "" && strings.Contains(msg, "« "+a.RedirectionLieu+" »"):
				field, value = "lieu_redirection", a.RedirectionLieu
			}
			ps = activity.Problems{activity.NewProblem(field, value, "introuvable", failure.MessageOf(err))}
		}
		a = stored
		if ps == nil && err != nil {
			s.error(w, r, err)
			return
		}
	}
	if len(ps) > 0 {
		out := activityProblemsJSON{Code: string(failure.Invalid), Erreur: ps.Error()}
		for _, p := range ps {
			out.Problems = append(out.Problems, activityProblemJSON{Champ: p.Field, Valeur: p.Value, Regle: p.Rule, Message: p.Message})
		}
		writeJSON(w, http.StatusUnprocessableEntity, out)
		return
	}
	w.Header().Set("Location", "/api/v1/activites/"+strconv.FormatInt(a.ID, 10))
	writeJSON(w, http.StatusCreated, toActivityJSON(a, true))
}
