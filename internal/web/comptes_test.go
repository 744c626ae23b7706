package web

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"maillage/internal/account"
	"maillage/internal/audit"
	"maillage/internal/place"
	"maillage/internal/search"
)

// fakeMail keeps the messages a test sends.
type fakeMail struct {
	mu       sync.Mutex
	sent     []string // "to|body"
	subjects []string // in the same order
}

func (f *fakeMail) Send(_ context.Context, to, subject, body string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.sent = append(f.sent, to+"|"+body)
	f.subjects = append(f.subjects, subject)
	return nil
}

// last is the subject and body of the last message sent.
func (f *fakeMail) last() (subject, body string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.sent) == 0 {
		return "", ""
	}
	return f.subjects[len(f.subjects)-1], f.sent[len(f.sent)-1]
}

func (f *fakeMail) Logs() bool { return false }

// waitFor returns the last link sent to an address.
func (f *fakeMail) waitFor(t *testing.T, to string) string {
	t.Helper()
	re := regexp.MustCompile(`https?://\S+/connexion/lien\?\S+`)
	for i := 0; i < 300; i++ {
		f.mu.Lock()
		for j := len(f.sent) - 1; j >= 0; j-- {
			if strings.HasPrefix(f.sent[j], to+"|") {
				link := re.FindString(f.sent[j])
				f.mu.Unlock()
				return link
			}
		}
		f.mu.Unlock()
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatalf("no message to %s", to)
	return ""
}

func (f *fakeMail) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.sent)
}

func withMail(t *testing.T) (*testServer, *fakeMail) {
	ts := newTestServer(t, fixture()...)
	m := &fakeMail{}
	ts.cfg.Mail = m
	ts.cfg.BaseURL = "http://maillage.test"
	return ts, m
}

func postForm(t *testing.T, ts *testServer, path string, form url.Values, cookie string) response {
	t.Helper()
	req := httptest.NewRequest("POST", path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	if cookie != "" {
		req.AddCookie(&http.Cookie{Name: sessionCookie, Value: cookie})
	}
	return ts.do(t, req)
}

func getAs(t *testing.T, ts *testServer, path, cookie string) response {
	t.Helper()
	req := httptest.NewRequest("GET", path, nil)
	if cookie != "" {
		req.AddCookie(&http.Cookie{Name: sessionCookie, Value: cookie})
	}
	return ts.do(t, req)
}

// signIn goes through the real sign-in: ask for a link, use it.
func signIn(t *testing.T, ts *testServer, m *fakeMail, email string) string {
	t.Helper()
	res := postForm(t, ts, "/connexion", url.Values{"email": {email}, "suite": {"/espace"}}, "")
	if res.StatusCode != 200 || !strings.Contains(res.Body, "un lien de connexion vient d") {
		t.Fatalf("asking for a link: %d", res.StatusCode)
	}
	link, err := url.Parse(m.waitFor(t, account.NormalizeEmail(email)))
	if err != nil {
		t.Fatal(err)
	}
	// Opening the link (as a mail scanner would) does not use it.
	if res := getAs(t, ts, link.RequestURI(), ""); res.StatusCode != 200 || !strings.Contains(res.Body, "Me connecter") || res.Header.Get("Referrer-Policy") != "no-referrer" {
		t.Fatalf("link page: %d", res.StatusCode)
	}
	res = postForm(t, ts, "/connexion/lien", url.Values{"jeton": {link.Query().Get("jeton")}, "suite": {link.Query().Get("suite")}}, "")
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/espace" {
		t.Fatalf("using the link: %d %s", res.StatusCode, res.Body)
	}
	for _, c := range res.Cookies() {
		if c.Name == sessionCookie {
			if !c.HttpOnly || c.SameSite != http.SameSiteLaxMode {
				t.Errorf("session cookie flags: %+v", c)
			}
			return c.Value
		}
	}
	t.Fatal("no session cookie")
	return ""
}

func mustUser(t testing.TB, ts *testServer, u account.User) int64 {
	t.Helper()
	id, err := ts.store.CreateUser(context.Background(), u, "test")
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func TestSignIn(t *testing.T) {
	ts, m := withMail(t)
	mustUser(t, ts, account.User{Email: "ada@hub.fr", Role: account.Administrateur})
	// An unknown address gets the same answer, and no message.
	res := postForm(t, ts, "/connexion", url.Values{"email": {"inconnu@nulle.fr"}}, "")
	if res.StatusCode != 200 || !strings.Contains(res.Body, "Si un compte existe pour inconnu@nulle.fr") {
		t.Errorf("unknown address: %d", res.StatusCode)
	}
	cookie := signIn(t, ts, m, "Ada@Hub.fr")
	if n := m.count(); n != 1 {
		t.Errorf("%d messages, want 1", n)
	}
	if res := getAs(t, ts, "/espace", cookie); res.StatusCode != 200 || !strings.Contains(res.Body, "ada@hub.fr") || !strings.Contains(res.Body, "Se déconnecter") {
		t.Errorf("espace: %d", res.StatusCode)
	}
	// A link works once.
	link, err := url.Parse(m.waitFor(t, "ada@hub.fr"))
	if err != nil {
		t.Fatal(err)
	}
	if res := postForm(t, ts, "/connexion/lien", url.Values{"jeton": {link.Query().Get("jeton")}}, ""); res.StatusCode != http.StatusGone {
		t.Errorf("link used twice: %d", res.StatusCode)
	}
	// Signing out revokes the session.
	if res := postForm(t, ts, "/deconnexion", nil, cookie); res.StatusCode != http.StatusSeeOther {
		t.Errorf("sign out: %d", res.StatusCode)
	}
	if res := getAs(t, ts, "/espace", cookie); res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/connexion") {
		t.Errorf("after sign out: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	// A link to another site is not followed after sign-in.
	if got := safeNext("//evil.example/x"); got != "/espace" {
		t.Errorf("safeNext: %q", got)
	}
}

func TestSessionTimeouts(t *testing.T) {
	ts, m := withMail(t)
	mustUser(t, ts, account.User{Email: "ada@hub.fr", Role: account.Administrateur})
	cookie := signIn(t, ts, m, "ada@hub.fr")
	start := monday10h
	for _, tt := range []struct {
		after time.Duration
		ok    bool
	}{{time.Hour, true}, {account.SessionIdle + time.Hour + time.Minute, false}} {
		ts.cfg.Now = func() time.Time { return start.Add(tt.after) }
		res := getAs(t, ts, "/espace", cookie)
		if (res.StatusCode == 200) != tt.ok {
			t.Errorf("after %s: %d", tt.after, res.StatusCode)
		}
		start = start.Add(tt.after)
	}
	se := account.Session{Created: monday10h, LastSeen: monday10h.Add(11 * time.Hour)}
	if se.Valid(monday10h.Add(account.SessionAbsolute + time.Minute)) {
		t.Errorf("a session outlives its absolute timeout")
	}
}

func TestContributionFlow(t *testing.T) {
	ts, m := withMail(t)
	ctx := context.Background()
	// The place's e-mail is at exemple.fr: a contributor of that domain is recognised.
	mustUser(t, ts, account.User{Email: "epn@exemple.fr", Role: account.Contributeur})
	mustUser(t, ts, account.User{Email: "benevole@gmail.com", Role: account.Contributeur})
	mustUser(t, ts, account.User{Email: "coord@toulouse.fr", Role: account.Coordinateur, Territories: []account.Territory{{Kind: "departement", Code: "31"}}})
	mustUser(t, ts, account.User{Email: "coord@tarn.fr", Role: account.Coordinateur, Territories: []account.Territory{{Kind: "departement", Code: "81"}}})
	structure := signIn(t, ts, m, "epn@exemple.fr")
	res := postForm(t, ts, "/lieux/tls-1/revendiquer", nil, structure)
	if res.StatusCode != http.StatusSeeOther || !strings.Contains(res.Header.Get("Location"), "revendique-auto") {
		t.Fatalf("claim by domain: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	// The structure edits its place: published at once.
	page := getAs(t, ts, "/lieux/tls-1/modifier", structure)
	if page.StatusCode != 200 || !strings.Contains(page.Body, "Publier les modifications") || !strings.Contains(page.Body, `value="09:00"`) {
		t.Fatalf("edit form: %d", page.StatusCode)
	}
	form := formOf(ts, "tls-1")
	form.Set("h-Sa-de1", "10:00")
	form.Set("h-Sa-a1", "12:30")
	form.Set("telephone", "05 61 00 00 00")
	res = postForm(t, ts, "/lieux/tls-1/modifier", form, structure)
	if res.StatusCode != http.StatusSeeOther || !strings.Contains(res.Header.Get("Location"), "message=publie") {
		t.Fatalf("publish: %d %s", res.StatusCode, res.Body)
	}
	l := mustLieu(t, ts, "tls-1")
	if l.Horaires != "Mo-Fr 09:00-12:00,14:00-17:00; Sa 10:00-12:30; PH off" || l.Telephone[0] != "+33561000000" {
		t.Errorf("published: %q %q", l.Horaires, l.Telephone)
	}
	if o, err := ts.store.FieldOrigins(ctx, "tls-1"); err != nil || o["horaires"].Origin != "structure" {
		t.Errorf("origins: %+v %v", o, err)
	}
	if page := getAs(t, ts, "/lieux/tls-1", ""); !strings.Contains(page.Body, "Mis à jour par la structure le") || !strings.Contains(page.Body, "horaires, téléphone") {
		t.Errorf("the place page does not say what the structure set")
	}
	// A bad value is refused with the rule that says why, and nothing changes.
	bad := formOf(ts, "tls-1")
	bad.Set("courriels", "pas-un-courriel")
	if res := postForm(t, ts, "/lieux/tls-1/modifier", bad, structure); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "adresse électronique invalide") {
		t.Errorf("invalid form: %d", res.StatusCode)
	}
	// Someone else proposes: the coordinator of the territory sees the diff and publishes.
	volunteer := signIn(t, ts, m, "benevole@gmail.com")
	prop := formOf(ts, "tls-1")
	prop.Set("nom", "EPN du Capitole (2e étage)")
	res = postForm(t, ts, "/lieux/tls-1/modifier", prop, volunteer)
	if !strings.Contains(res.Header.Get("Location"), "message=propose") {
		t.Fatalf("proposal: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	if l := mustLieu(t, ts, "tls-1"); l.Nom != "EPN du Capitole" {
		t.Errorf("a proposal was published: %q", l.Nom)
	}
	// A public report comes in too.
	if res := postForm(t, ts, "/lieux/tls-1/signaler", url.Values{"champ": {"horaires"}, "message": {"Fermé le samedi"}}, ""); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("report: %d", res.StatusCode)
	}
	tarn := signIn(t, ts, m, "coord@tarn.fr")
	if q := getAs(t, ts, "/moderation", tarn); strings.Contains(q.Body, "EPN du Capitole (2e étage)") || strings.Contains(q.Body, "Fermé le samedi") {
		t.Errorf("another territory's coordinator sees the proposal")
	}
	coord := signIn(t, ts, m, "coord@toulouse.fr")
	q := getAs(t, ts, "/moderation", coord)
	if q.StatusCode != 200 || !strings.Contains(q.Body, "<ins>EPN du Capitole (2e étage)</ins>") || !strings.Contains(q.Body, "<del>EPN du Capitole</del>") || !strings.Contains(q.Body, "Fermé le samedi") {
		t.Fatalf("queue: %d %s", q.StatusCode, q.Body)
	}
	props := pendingProposals(t, ts)
	reps, err := ts.store.Corrections(ctx, "tls-1")
	if err != nil || len(props) != 1 || len(reps) != 1 {
		t.Fatalf("%d proposals, %d reports, %v", len(props), len(reps), err)
	}
	if res := postForm(t, ts, fmt.Sprintf("/moderation/propositions/%d", props[0].ID), url.Values{"decision": {"accepter"}}, tarn); res.StatusCode != http.StatusForbidden {
		t.Errorf("another territory decides: %d", res.StatusCode)
	}
	if res := postForm(t, ts, fmt.Sprintf("/moderation/propositions/%d", props[0].ID), url.Values{"decision": {"accepter"}}, coord); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("publish proposal: %d %s", res.StatusCode, res.Body)
	}
	if l := mustLieu(t, ts, "tls-1"); l.Nom != "EPN du Capitole (2e étage)" {
		t.Errorf("after moderation: %q", l.Nom)
	}
	for _, d := range []string{"accepter", "refuser"} { // a second moderator, whoever won the race: always 409
		if res := postForm(t, ts, fmt.Sprintf("/moderation/propositions/%d", props[0].ID), url.Values{"decision": {d}}, coord); res.StatusCode != http.StatusConflict || !strings.Contains(res.Body, "Déjà décidé") ||
			!strings.Contains(res.Body, `<a href="/moderation">Revenir à la modération</a>`) {
			t.Errorf("a proposal decided twice (%s): %d, or no way back to the queue:\n%s", d, res.StatusCode, res.Body)
		}
	}
	if res := postForm(t, ts, fmt.Sprintf("/moderation/signalements/%d", reps[0].ID), nil, coord); res.StatusCode != http.StatusSeeOther {
		t.Errorf("report handled: %d", res.StatusCode)
	}
	if res := postForm(t, ts, "/lieux/tls-1/confirmer", nil, coord); res.StatusCode != http.StatusSeeOther {
		t.Errorf("confirm: %d", res.StatusCode)
	}
	// The history shows who changed what, in French; the chain holds.
	h := getAs(t, ts, "/lieux/tls-1/historique", coord)
	for _, want := range []string{"Fiche modifiée", "contributeur (compte ", "coordinateur (compte ", "Sa 10:00-12:30",
		"Signalement d&#39;erreur traité", "Demande de gestion du lieu acceptée", "statut : acceptée", "Informations confirmées à jour",
		`class="table-defilante" tabindex="0" role="region" aria-label="Avant et après : `} {
		if !strings.Contains(h.Body, want) {
			t.Errorf("history lacks %q", want)
		}
	}
	for _, raw := range []string{"lieu.modifie", "lieu.confirme", "signalement.traite", "revendication.", ": acceptee", "{}"} {
		if strings.Contains(h.Body, raw) {
			t.Errorf("history shows the code %q", raw)
		}
	}
	if strings.Contains(h.Body, "epn@exemple.fr") || strings.Contains(h.Body, "coord@toulouse.fr") {
		t.Errorf("a coordinator sees the addresses of who acted")
	}
	var v audit.Verifier
	for e, err := range ts.store.AuditAll(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		if err := v.Check(e); err != nil {
			t.Fatal(err)
		}
	}
	// A new place proposed by a contributor, published by the coordinator.
	nouveau := url.Values{"nom": {"Point numérique de Blagnac"}, "adresse": {"1 place de la Mairie"}, "code_postal": {"31700"},
		"commune": {"Blagnac"}, "services": {place.ServiceDemarches}, "grille": {"oui"}, "h-Mo-de1": {"09:00"}, "h-Mo-a1": {"12:00"}}
	if res := postForm(t, ts, "/contribuer/nouveau-lieu", nouveau, volunteer); !strings.Contains(res.Header.Get("Location"), "propose") {
		t.Fatalf("new place: %d %s", res.StatusCode, res.Body)
	}
	props = pendingProposals(t, ts)
	if len(props) != 1 {
		t.Fatalf("%d proposals", len(props))
	}
	if res := postForm(t, ts, fmt.Sprintf("/moderation/propositions/%d", props[0].ID), url.Values{"decision": {"accepter"}}, coord); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("publish the new place: %d %s", res.StatusCode, res.Body)
	}
	found := false
	for _, h := range ts.index.Load().Search(searchAll()).Hits {
		if h.Lieu.Nom == "Point numérique de Blagnac" && h.Lieu.Horaires == "Mo 09:00-12:00" {
			found = true
		}
	}
	if !found {
		t.Errorf("the new place is not published")
	}
}

// formOf is the edit form of a place, filled as the page fills it.
func formOf(ts *testServer, id string) url.Values {
	l, err := ts.store.Lieu(context.Background(), id) // as the form's page reads it
	if err != nil {
		panic(err)
	}
	p := ts.modifierPage(&l, false, nil, false)
	f := url.Values{"version": {p.Version}, "origine": {p.Origin}}
	for k, v := range p.Values {
		f.Set(k, v)
	}
	for _, list := range p.Lists {
		for _, c := range list.Choices {
			if c.Checked {
				f.Add(list.Field, c.Value)
			}
		}
	}
	if p.PerDay { // the page shows the grid only then
		f.Set("grille", "oui")
		for _, d := range p.Days {
			f.Set("h-"+d.Key+"-de1", d.From1)
			f.Set("h-"+d.Key+"-a1", d.To1)
			f.Set("h-"+d.Key+"-de2", d.From2)
			f.Set("h-"+d.Key+"-a2", d.To2)
		}
		if p.PHClosed {
			f.Set("ph_ferme", "oui")
		}
	}
	f.Set("horaires_osm", p.Hours)
	f.Set("horaires_avant", p.Before)
	return f
}

func TestAdminAccounts(t *testing.T) {
	ts, m := withMail(t)
	mustUser(t, ts, account.User{Email: "ada@hub.fr", Role: account.Administrateur})
	admin := signIn(t, ts, m, "ada@hub.fr")
	res := postForm(t, ts, "/admin/comptes", url.Values{"email": {"nouveau@tarn.fr"}, "role": {"coordinateur"}, "territoires": {"departement:81"}}, admin)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("create: %d %s", res.StatusCode, res.Body)
	}
	m.waitFor(t, "nouveau@tarn.fr")
	u, err := ts.store.UserByEmail(context.Background(), "nouveau@tarn.fr")
	if err != nil || u.Role != account.Coordinateur || u.Territories[0].Code != "81" {
		t.Fatalf("created: %+v %v", u, err)
	}
	if res := postForm(t, ts, "/admin/comptes", url.Values{"email": {"nouveau@tarn.fr"}, "role": {"coordinateur"}, "territoires": {"departement:81"}}, admin); res.StatusCode != http.StatusConflict {
		t.Errorf("same address: %d", res.StatusCode)
	}
	res = postForm(t, ts, fmt.Sprintf("/admin/comptes/%d", u.ID), url.Values{"role": {"coordinateur"}, "territoires": {"departement:81, epci:243100518"}}, admin)
	if res.StatusCode != http.StatusSeeOther {
		t.Errorf("change territories: %d %s", res.StatusCode, res.Body)
	}
	if u2, err := ts.store.User(context.Background(), u.ID); err != nil || len(u2.Territories) != 2 {
		t.Errorf("territories: %+v %v", u2.Territories, err)
	}
	other := signIn(t, ts, m, "nouveau@tarn.fr")
	sessions, err := ts.store.Sessions(context.Background(), u.ID)
	if err != nil || len(sessions) == 0 {
		t.Fatalf("sessions: %+v %v", sessions, err)
	}
	if res := postForm(t, ts, "/admin/sessions/"+sessions[0].Hash+"/revoquer", nil, admin); res.StatusCode != http.StatusSeeOther {
		t.Errorf("revoke: %d", res.StatusCode)
	}
	if res := getAs(t, ts, "/espace", other); res.StatusCode != http.StatusSeeOther {
		t.Errorf("a revoked session still works: %d", res.StatusCode)
	}
	if res := postForm(t, ts, fmt.Sprintf("/admin/comptes/%d/supprimer", u.ID), url.Values{"confirmer": {"oui"}}, admin); res.StatusCode != http.StatusSeeOther {
		t.Errorf("delete: %d", res.StatusCode)
	}
	if res := getAs(t, ts, "/admin/comptes", admin); strings.Contains(res.Body, "nouveau@tarn.fr") {
		t.Errorf("deleted account listed")
	}
}

func searchAll() search.Query { return search.Query{PerPage: search.MaxPerPage} }

func TestPasswordAndTOTP(t *testing.T) {
	ts, m := withMail(t)
	mustUser(t, ts, account.User{Email: "coord@tarn.fr", Role: account.Coordinateur, Territories: []account.Territory{{Kind: "departement", Code: "81"}}})
	cookie := signIn(t, ts, m, "coord@tarn.fr")
	page := getAs(t, ts, "/espace/securite", cookie)
	secret := regexp.MustCompile(`name="secret" value="([A-Z2-7]+)"`).FindStringSubmatch(page.Body)
	if page.StatusCode != 200 || secret == nil || !strings.Contains(page.Body, `class="qr"`) {
		t.Fatalf("security page: %d", page.StatusCode)
	}
	form := url.Values{"secret": {secret[1]}, "mot_de_passe": {"une phrase de passe longue"}, "confirmation": {"une phrase de passe longue"},
		"code": {account.TOTPCode(secret[1], monday10h)}}
	bad := url.Values{"secret": {secret[1]}, "mot_de_passe": {"une phrase de passe longue"}, "confirmation": {"une phrase de passe longue"}, "code": {"000000"}}
	if res := postForm(t, ts, "/espace/securite", bad, cookie); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("wrong code accepted: %d", res.StatusCode)
	}
	if res := postForm(t, ts, "/espace/securite", form, cookie); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("enable: %d %s", res.StatusCode, res.Body)
	}
	login := func(pw, code string) response {
		return postForm(t, ts, "/connexion/mot-de-passe", url.Values{"email": {"coord@tarn.fr"}, "mot_de_passe": {pw}, "code": {code}, "suite": {"/moderation"}}, "")
	}
	if res := login("une phrase de passe longue", "123456"); res.StatusCode != http.StatusUnauthorized {
		t.Errorf("wrong code: %d", res.StatusCode)
	}
	wrongPw := login("autre chose", account.TOTPCode(secret[1], monday10h))
	unknown := postForm(t, ts, "/connexion/mot-de-passe", url.Values{"email": {"personne@nulle.fr"}, "mot_de_passe": {"x"}, "code": {"1"}}, "")
	if wrongPw.StatusCode != http.StatusUnauthorized || unknown.StatusCode != http.StatusUnauthorized || !strings.Contains(unknown.Body, "Adresse, mot de passe ou code incorrects") || !strings.Contains(wrongPw.Body, "Adresse, mot de passe ou code incorrects") {
		t.Errorf("failures must look alike: %d %d", wrongPw.StatusCode, unknown.StatusCode)
	}
	res := login("une phrase de passe longue", account.TOTPCode(secret[1], monday10h))
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/moderation" {
		t.Errorf("sign-in with password: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	if res := login("une phrase de passe longue", account.TOTPCode(secret[1], monday10h)); res.StatusCode != http.StatusUnauthorized {
		t.Errorf("a TOTP code replayed: %d", res.StatusCode)
	}
	// Self-deletion: personal data go, the journal keeps a pseudonym.
	if res := postForm(t, ts, "/espace/supprimer", url.Values{"confirmer": {"oui"}}, cookie); res.StatusCode != http.StatusOK {
		t.Errorf("delete own account: %d", res.StatusCode)
	}
	if _, err := ts.store.UserByEmail(context.Background(), "coord@tarn.fr"); err == nil {
		t.Errorf("account still there")
	}
}

// mustLieu is a place as the index holds it.
func mustLieu(t *testing.T, ts *testServer, id string) *place.Lieu {
	t.Helper()
	l, ok := ts.index.Load().Lieu(id)
	if !ok {
		t.Fatalf("%s is not in the index", id)
	}
	return l
}
