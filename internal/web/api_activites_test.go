package web

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"maillage/internal/account"
	"maillage/internal/activity"
	"maillage/internal/failure"
)

// The activities' API: an account records its activities with an API
// token and reads them back (never the notes); a 422 lists each broken
// rule; another account's activity is a 403, a coordinator reads those of
// its département.
func TestAPIActivities(t *testing.T) {
	ts := newTestServer(t, fixture()...)
	ctx := context.Background()
	token := func(u account.User) (int64, string) {
		id := mustUser(t, ts, u)
		tok, _, err := ts.store.CreateAPIToken(ctx, id, "test", monday10h, "test")
		if err != nil {
			t.Fatal(err)
		}
		return id, tok
	}
	me, mine := token(account.User{Email: "mediateur@epn.fr", Role: account.Contributeur})
	them, theirs := token(account.User{Email: "autre@asso.fr", Role: account.Contributeur})
	actsFor(t, ts, me, "tls-1", "tls-2")
	actsFor(t, ts, them, "tls-1", "tls-2")
	_, coord31 := token(account.User{Email: "c31@hub.fr", Role: account.Coordinateur, Territories: []account.Territory{{Kind: "departement", Code: "31"}}})
	_, coord81 := token(account.User{Email: "c81@hub.fr", Role: account.Coordinateur, Territories: []account.Territory{{Kind: "departement", Code: "81"}}})
	post := func(tok, body string) response {
		req := httptest.NewRequest("POST", "/api/v1/activites", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+tok)
		return ts.do(t, req)
	}
	body := `{"type":"collectif","date":"2026-11-05","duree":120,"type_lieu":"lieu_activite","lieu":"tls-1","thematiques":["intelligence_artificielle"],
		"titre_atelier":"Café IA","niveau":"debutant","tags":[{"portee":"national","nom":"Café IA"}],"notes":"salle 2",
		"participants":{"total":10,"genres":{"feminin":6,"masculin":4},"tranches_age":{"soixante_dix_plus":3}}}`
	res := post(mine, body)
	if res.StatusCode != 201 {
		t.Fatalf("create: %d %s", res.StatusCode, res.Body)
	}
	var got activityJSON
	if err := json.Unmarshal([]byte(res.Body), &got); err != nil {
		t.Fatal(err)
	}
	if got.ID == 0 || got.Commune != "31555" || got.Departement != "31" || got.Accompagnements != 10 || got.Participants.TranchesAge[activity.NonCommunique] != 7 ||
		got.Source != activity.SourceSaisie || res.Header.Get("Location") != "/api/v1/activites/"+strconv.FormatInt(got.ID, 10) {
		t.Errorf("created: %+v", got)
	}
	if strings.Contains(res.Body, "salle 2") {
		t.Error("the notes are given back")
	}
	if a, _ := ts.store.Activity(ctx, got.ID); a.Notes != "salle 2" || a.Account != me {
		t.Errorf("stored: %+v", a)
	}
	// Refused: each rule, with its field.
	res = post(mine, `{"type":"individuel","date":"2026-11-05","duree":0,"type_lieu":"domicile","thematiques":["logement"],"participants":{"total":1}}`)
	var pb activityProblemsJSON
	json.Unmarshal([]byte(res.Body), &pb)
	var rules []string
	for _, p := range pb.Problems {
		rules = append(rules, p.Champ+"/"+p.Regle)
	}
	if res.StatusCode != 422 || pb.Code != string(failure.Invalid) || strings.Join(rules, " ") != "duree/duree-bornes commune/commune-obligatoire thematiques/administrative-sans-aide-aux-demarches" {
		t.Errorf("refused: %d %v", res.StatusCode, rules)
	}
	// A field given twice (the last would win) is a 400 naming it, nested too.
	for body, field := range map[string]string{
		`{"type":"individuel","type":"collectif","date":"2026-11-05","duree":30,"type_lieu":"a_distance","thematiques":["email"],"participants":{"total":1}}`: "type",
		`{"type":"individuel","date":"2026-11-05","duree":30,"type_lieu":"a_distance","thematiques":["email"],"participants":{"total":1,"total":9000}}`:       "participants.total",
	} {
		if res := post(mine, body); res.StatusCode != 400 || !strings.Contains(res.Body, "Le champ « "+field+" » est donné deux fois") {
			t.Errorf("%s given twice: %d %s", field, res.StatusCode, res.Body)
		}
	}
	if res := post(mine, `{"type":"individuel","nom":"Martin"}`); res.StatusCode != 400 || !strings.Contains(res.Body, "Champ inconnu « nom »") {
		t.Errorf("an unknown field (a name) is refused: %d %s", res.StatusCode, res.Body)
	}
	if res := post(mine, `{"type":"individuel","date":"2026-11-05","duree":30,"type_lieu":"lieu_activite","lieu":"nulle-part","thematiques":["email"],"participants":{"total":1}}`); res.StatusCode != 422 || !strings.Contains(res.Body, `"regle":"introuvable"`) {
		t.Errorf("an unknown place: %d %s", res.StatusCode, res.Body)
	}
	// Reading.
	list := func(tok, query string) []activityJSON {
		res := ts.get(t, "/api/v1/activites"+query, "Authorization", "Bearer "+tok)
		var out struct {
			Activites []activityJSON `json:"activites"`
			Total     int            `json:"total"`
		}
		if err := json.Unmarshal([]byte(res.Body), &out); err != nil || res.StatusCode != 200 || out.Total != len(out.Activites) {
			t.Fatalf("%s: %d %s", query, res.StatusCode, res.Body)
		}
		return out.Activites
	}
	for _, tt := range []struct {
		name, tok, query string
		want             int
	}{
		{"mine", mine, "", 1},
		{"not theirs", theirs, "", 0},
		{"the coordinator of 31", coord31, "?territoire=departement:31", 1},
		{"not the coordinator of 81", coord81, "", 0},
		{"dates", mine, "?du=2026-11-06", 0},
		{"kind", mine, "?type=collectif&source=saisie", 1},
	} {
		if got := list(tt.tok, tt.query); len(got) != tt.want {
			t.Errorf("%s: %d activities, want %d", tt.name, len(got), tt.want)
		}
	}
	for _, q := range []string{"?du=05/11/2026", "?type=atelier", "?territoire=canton:1", "?source=coop", "?inconnu=1"} {
		if res := ts.get(t, "/api/v1/activites"+q, "Authorization", "Bearer "+mine); res.StatusCode != 400 {
			t.Errorf("%s: %d", q, res.StatusCode)
		}
	}
	path := "/api/v1/activites/" + strconv.FormatInt(got.ID, 10)
	for tok, want := range map[string]int{mine: 200, theirs: 404, coord31: 200, coord81: 404} {
		if res := ts.get(t, path, "Authorization", "Bearer "+tok); res.StatusCode != want {
			t.Errorf("GET %s: %d, want %d", path, res.StatusCode, want)
		}
	}
	if res := ts.get(t, "/api/v1/activites/999", "Authorization", "Bearer "+mine); res.StatusCode != 404 {
		t.Errorf("unknown: %d", res.StatusCode)
	}
}

// The OpenAPI document lists the Coop's values as internal/activity does.
func TestOpenAPIActivityVocabularies(t *testing.T) {
	doc := loadOpenAPI(t)
	schema := doc.Components.Schemas["Activite"].Value
	enum := func(s *openapi3.Schema) []string {
		var out []string
		for _, v := range s.Enum {
			out = append(out, v.(string))
		}
		return out
	}
	props := schema.Properties
	for _, tt := range []struct {
		name string
		got  []string
		want []string
	}{
		{"type", enum(props["type"].Value), activity.Kinds.Values()},
		{"type_lieu", enum(props["type_lieu"].Value), activity.PlaceTypes.Values()},
		{"thematiques", enum(props["thematiques"].Value.Items.Value), activity.AllThematics.Values()},
		{"materiel", enum(props["materiel"].Value.Items.Value), activity.Equipment.Values()},
		{"autonomie", enum(props["autonomie"].Value), activity.Autonomy.Values()},
		{"niveau", enum(props["niveau"].Value), activity.Levels.Values()},
		{"structure_redirection", enum(props["structure_redirection"].Value), activity.Redirections.Values()},
		{"portee", enum(props["tags"].Value.Items.Value.Properties["portee"].Value), activity.TagScopes.Values()},
	} {
		if strings.Join(tt.got, ",") != strings.Join(tt.want, ",") {
			t.Errorf("%s: %v, want %v", tt.name, tt.got, tt.want)
		}
	}
	public := props["participants"].Value.Properties
	for name, vocab := range map[string]activity.Vocabulary{"genres": activity.Genders, "tranches_age": activity.AgeBands, "statuts": activity.Statuses} {
		for _, v := range vocab.Values() {
			if public[name].Value.Properties[v] == nil {
				t.Errorf("participants.%s lacks %s", name, v)
			}
		}
	}
}

// FuzzParseActivityCursor: a « curseur » is read only when it is a
// positive id written as the API writes it (no sign, no leading zero,
// no date of the former cursor).
func FuzzParseActivityCursor(f *testing.F) {
	for _, seed := range []string{"1", "42", "0", "-4", "4.0", "x", "2026-11-10_4", "+7", "007", "9223372036854775808", ""} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, v string) {
		n, ok := parseActivityCursor(v)
		if !ok {
			return
		}
		// Exactly as the API writes it: the OpenAPI pattern refuses a
		// leading zero (review 12B).
		if n <= 0 || v != strconv.FormatInt(n, 10) {
			t.Errorf("%q read as %d", v, n)
		}
	})
}
