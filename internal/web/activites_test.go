package web

import (
	"context"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"maillage/internal/account"
	"maillage/internal/activity"
	"maillage/internal/store"
)

// A médiateur records an individual accompaniment and a workshop with the
// Coop's fields; a refused form says each problem beside its field; the
// list shows its own entries, which it edits and deletes (journaled);
// another account gets 403.
func TestActivityPages(t *testing.T) {
	ts := newTestServer(t, fixture()...)
	ctx := context.Background()
	me, cookie := passSession(t, ts, account.Contributeur)
	other, otherCookie := passSession(t, ts, account.Contributeur)
	actsFor(t, ts, me, "tls-1", "tls-2")
	actsFor(t, ts, other, "tls-1", "tls-2")

	res := getAs(t, ts, "/activites/nouvelle", cookie)
	if res.StatusCode != 200 {
		t.Fatalf("form: %d", res.StatusCode)
	}
	for _, want := range []string{"Nouvel accompagnement individuel", `name="thematiques" value="diagnostic_numerique"`, "Prévention en sécurité numérique",
		"Structure d’aide sociale (maison des solidarités, centre social…)", activity.NotesWarning, "Aucune identité de bénéficiaire n'est demandée", `name="oriente"`} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("the form lacks %q", want)
		}
	}
	for _, name := range []string{`name="nom"`, `name="prenom"`, `name="telephone"`, `name="email"`, `name="annee_naissance"`} {
		if strings.Contains(res.Body, name) {
			t.Errorf("the form asks for an identity: %s", name)
		}
	}
	individual := url.Values{"type": {"individuel"}, "date": {"2026-11-20"}, "duree": {"autre"}, "duree_autre": {"50"}, "type_lieu": {"lieu_activite"},
		"lieu": {"tls-1"}, "thematiques": {"aide_aux_demarches_administratives", "logement"}, "precisions_demarche": {"APL"},
		"materiel": {"ordinateur"}, "autonomie": {"autonome"}, "oriente": {"oui"}, "structure_redirection": {"aide_sociale"}, "lieu_redirection": {"tls-2"},
		"genre": {"feminin"}, "tranche_age": {"soixante_dix_plus"}, "tags": {"Café IA, Pass 31"}, "portee_tags": {"departemental"}, "notes": {"Rappeler en janvier"}}
	if res := postForm(t, ts, "/activites", individual, cookie); res.StatusCode != 303 || res.Header.Get("Location") != "/activites?message=activite-enregistree" {
		t.Fatalf("individual: %d %s\n%s", res.StatusCode, res.Header.Get("Location"), res.Body)
	}
	acts, _ := ts.store.Activities(ctx, store.ActivityFilter{Account: me})
	if len(acts) != 1 {
		t.Fatalf("%d activities", len(acts))
	}
	a := acts[0]
	if a.Duration != 50 || a.LieuID != "tls-1" || a.Commune != "31555" || !reflect.DeepEqual(a.Thematics, []string{activity.AideDemarches, "logement"}) ||
		a.Redirection != "aide_sociale" || a.RedirectionLieu != "tls-2" || a.Public.Genders["feminin"] != 1 || a.Public.Statuses[activity.NonCommunique] != 1 ||
		len(a.Tags) != 2 || a.Tags[0].Scope != "departemental" || a.Notes != "Rappeler en janvier" {
		t.Errorf("stored: %+v", a)
	}
	workshop := url.Values{"type": {"collectif"}, "date": {"2026-11-21"}, "duree": {"120"}, "type_lieu": {"autre"}, "commune": {"31555"},
		"thematiques": {"intelligence_artificielle"}, "titre_atelier": {"Café IA"}, "niveau": {"debutant"}, "participants": {"12"},
		"genre_feminin": {"7"}, "genre_masculin": {"5"}, "tranche_soixante_dix_plus": {"4"}}
	if res := postForm(t, ts, "/activites", workshop, cookie); res.StatusCode != 303 {
		t.Fatalf("workshop: %d\n%s", res.StatusCode, res.Body)
	}
	// Refused forms: every problem said, the fields marked, the values kept.
	bad := url.Values{"type": {"individuel"}, "date": {"2026-11-20"}, "duree": {"autre"}, "duree_autre": {"0"}, "type_lieu": {"domicile"}, "commune": {""},
		"thematiques": {"logement"}, "notes": {"garder ce texte"}}
	res = postForm(t, ts, "/activites", bad, cookie)
	for _, want := range []string{"3 problèmes à corriger", `data-regle="duree-bornes"`, `data-regle="commune-obligatoire"`, `data-regle="administrative-sans-aide-aux-demarches"`,
		"Thématiques : « logement » : une thématique administrative",
		`id="duree_autre"`, `aria-invalid="true" aria-describedby="erreur-0"`, "garder ce texte"} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("the refused form lacks %q", want)
		}
	}
	if res.StatusCode != 422 {
		t.Errorf("refused: %d", res.StatusCode)
	}
	wrongCount := url.Values{"type": {"collectif"}, "date": {"2026-11-21"}, "duree": {"60"}, "type_lieu": {"a_distance"}, "thematiques": {"email"},
		"participants": {"3"}, "genre_feminin": {"4"}}
	if res := postForm(t, ts, "/activites", wrongCount, cookie); res.StatusCode != 422 || !strings.Contains(res.Body, "les nombres par genre totalisent 4 pour 3 participants") {
		t.Errorf("counts above the participants: %d", res.StatusCode)
	}
	unknownPlace := url.Values{"type": {"individuel"}, "date": {"2026-11-20"}, "duree": {"30"}, "type_lieu": {"lieu_activite"}, "lieu": {"nulle-part"}, "thematiques": {"email"}}
	if res := postForm(t, ts, "/activites", unknownPlace, cookie); res.StatusCode != 422 || !strings.Contains(res.Body, "Lieu « nulle-part » introuvable") {
		t.Errorf("unknown place: %d", res.StatusCode)
	}
	// The list, newest first, and its actions.
	res = getAs(t, ts, "/activites", cookie)
	if i, w := strings.Index(res.Body, "Accompagnement individuel"), strings.Index(res.Body, "Café IA — 12 participant(s)"); i < 0 || w < 0 || w > i {
		t.Errorf("the list: %d %d\n%s", i, w, res.Body)
	}
	id := strconv.FormatInt(a.ID, 10)
	res = getAs(t, ts, "/activites/saisies/"+id, cookie)
	if res.StatusCode != 200 || !strings.Contains(res.Body, `id="duree_autre" name="duree_autre" type="number" min="1" max="1439" inputmode="numeric" value="50"`) ||
		!strings.Contains(res.Body, `value="logement" checked`) || !strings.Contains(res.Body, `value="Café IA, Pass 31"`) {
		t.Errorf("the edit form keeps the values: %d", res.StatusCode)
	}
	if res := getAs(t, ts, "/activites/saisies/"+id, otherCookie); res.StatusCode != 404 {
		t.Errorf("another account reads the form: %d, want 404 (as a missing one)", res.StatusCode)
	}
	individual.Set("duree", "30")
	individual.Set("duree_autre", "")
	if res := postForm(t, ts, "/activites/saisies/"+id, individual, otherCookie); res.StatusCode != 404 {
		t.Errorf("another account edits: %d, want 404", res.StatusCode)
	}
	if res := postForm(t, ts, "/activites/saisies/"+id, individual, cookie); res.StatusCode != 303 {
		t.Fatalf("edit: %d\n%s", res.StatusCode, res.Body)
	}
	if got, _ := ts.store.Activity(ctx, a.ID); got.Duration != 30 {
		t.Errorf("edited: %+v", got)
	}
	if res := postForm(t, ts, "/activites/saisies/"+id+"/supprimer", url.Values{"confirmer": {"oui"}}, otherCookie); res.StatusCode != 404 {
		t.Errorf("another account deletes: %d, want 404", res.StatusCode)
	}
	// « Supprimer » in the list leads to a confirmation page (no script):
	// it names the entry and posts confirmer=oui; opening it deletes nothing.
	confirmPage := "/activites/saisies/" + id + "/supprimer"
	if res := getAs(t, ts, "/activites", cookie); !strings.Contains(res.Body, `<a href="`+confirmPage+`">Supprimer<span`) || strings.Contains(res.Body, `name="confirmer"`) {
		t.Errorf("the list deletes without asking first")
	}
	res = getAs(t, ts, confirmPage, cookie)
	if res.StatusCode != 200 || !strings.Contains(res.Body, "Accompagnement individuel du ") ||
		!strings.Contains(res.Body, `<form action="`+confirmPage+`" method="post"><input type="hidden" name="confirmer" value="oui"><button type="submit">Supprimer définitivement</button></form>`) ||
		!strings.Contains(res.Body, `<a href="/activites">Annuler`) {
		t.Errorf("confirmation page: %d\n%s", res.StatusCode, res.Body)
	}
	if res := getAs(t, ts, confirmPage, otherCookie); res.StatusCode != 404 {
		t.Errorf("another account's confirmation page: %d", res.StatusCode)
	}
	if _, err := ts.store.Activity(ctx, a.ID); err != nil {
		t.Errorf("the confirmation page deleted it: %v", err)
	}
	if res := postForm(t, ts, "/activites/saisies/"+id+"/supprimer", url.Values{"confirmer": {"oui"}}, cookie); res.StatusCode != 303 {
		t.Errorf("delete: %d", res.StatusCode)
	}
	entries, _ := ts.store.Audit(ctx, "activite", id)
	var actions []string
	for _, e := range entries {
		actions = append(actions, e.Action+" "+e.Actor)
	}
	who := "compte:" + strconv.FormatInt(me, 10)
	if !reflect.DeepEqual(actions, []string{"ajouter " + who, "modifier " + who, "supprimer " + who}) {
		t.Errorf("journal: %v", actions)
	}
}

// An association enters a place's monthly aggregate: for a place it
// manages (or of a coordinator's territory), once per month.
func TestAggregatePages(t *testing.T) {
	ts := newTestServer(t, fixture()...)
	ctx := context.Background()
	asso, cookie := passSession(t, ts, account.Contributeur)
	if _, err := ts.store.AddClaim(ctx, store.Claim{UserID: asso, LieuID: "tls-1", Status: store.StatusApproved}, "test"); err != nil {
		t.Fatal(err)
	}
	_, strangerCookie := passSession(t, ts, account.Contributeur)
	res := getAs(t, ts, "/activites/agregats/nouveau", cookie)
	if res.StatusCode != 200 || !strings.Contains(res.Body, "N'y comptez pas les activités déjà saisies une à une") || !strings.Contains(res.Body, `<option value="tls-1">EPN du Capitole</option>`) {
		t.Fatalf("form: %d", res.StatusCode)
	}
	form := url.Values{"lieu": {"tls-1"}, "mois": {"2026-10"}, "individuels": {"20"}, "ateliers": {"2"}, "participants_ateliers": {"15"},
		"th_email": {"12"}, "th_aide_aux_demarches_administratives": {"9"}, "th_logement": {"4"}, "genre_feminin": {"20"}, "tranche_soixante_dix_plus": {"10"}}
	if res := postForm(t, ts, "/activites/agregats", form, cookie); res.StatusCode != 303 {
		t.Fatalf("aggregate: %d\n%s", res.StatusCode, res.Body)
	}
	aggs, _ := ts.store.Aggregates(ctx, store.ActivityFilter{Account: asso})
	if len(aggs) != 1 || aggs[0].Accompaniments() != 35 || aggs[0].Thematics["logement"] != 4 || aggs[0].Public.Genders[activity.NonCommunique] != 15 {
		t.Fatalf("stored: %+v", aggs)
	}
	if res := postForm(t, ts, "/activites/agregats", form, cookie); res.StatusCode != 409 || !strings.Contains(res.Body, "a déjà un agrégat pour 2026-10") {
		t.Errorf("the same month again: %d", res.StatusCode)
	}
	if res := postForm(t, ts, "/activites/agregats", form, strangerCookie); res.StatusCode != 403 || !strings.Contains(res.Body, "que des lieux que vous gérez") {
		t.Errorf("a place one does not manage: %d", res.StatusCode)
	}
	form.Set("mois", "2026-09")
	form.Set("th_email", "40")
	if res := postForm(t, ts, "/activites/agregats", form, cookie); res.StatusCode != 422 || !strings.Contains(res.Body, `data-regle="thematique-bornes"`) {
		t.Errorf("a thematic above the accompaniments: %d", res.StatusCode)
	}
	id := strconv.FormatInt(aggs[0].ID, 10)
	if res := getAs(t, ts, "/activites/agregats/"+id, cookie); res.StatusCode != 200 || !strings.Contains(res.Body, `id="th_logement" name="th_logement" type="number" min="0" inputmode="numeric" value="4"`) {
		t.Errorf("edit form: %d", res.StatusCode)
	}
	// Its confirmation page names it and deletes nothing.
	if res := getAs(t, ts, "/activites/agregats/"+id+"/supprimer", cookie); res.StatusCode != 200 || !strings.Contains(res.Body, "L&#39;agrégat mensuel d&#39;octobre 2026</strong> — EPN du Capitole") ||
		!strings.Contains(res.Body, `<form action="/activites/agregats/`+id+`/supprimer" method="post"><input type="hidden" name="confirmer" value="oui">`) {
		t.Errorf("confirmation page: %d\n%s", res.StatusCode, res.Body)
	}
	if got, err := ts.store.Aggregate(ctx, aggs[0].ID); err != nil || got.ID != aggs[0].ID {
		t.Errorf("the confirmation page deleted it: %v", err)
	}
	if res := postForm(t, ts, "/activites/agregats/"+id+"/supprimer", url.Values{"confirmer": {"oui"}}, cookie); res.StatusCode != 303 {
		t.Errorf("delete: %d", res.StatusCode)
	}
}

// A coordinator records the hub's coordination work: an animation of its
// département, not of another's.
func TestCoordinationPages(t *testing.T) {
	ts := newTestServer(t, fixture()...)
	ctx := context.Background()
	coord := mustUser(t, ts, account.User{Email: "coord@hub.fr", Role: account.Coordinateur, Territories: []account.Territory{{Kind: "departement", Code: "31"}}})
	token, hash := account.NewToken()
	if err := ts.store.AddSession(ctx, account.Session{Hash: hash, UserID: coord, Created: monday10h, LastSeen: monday10h}); err != nil {
		t.Fatal(err)
	}
	res := getAs(t, ts, "/activites/coordination/nouvelle?type=animation", token)
	if res.StatusCode != 200 || !strings.Contains(res.Body, "Réunion de coordination (coordinateurs, médiateurs et conseillers numériques, préfectures, Hubs...)") ||
		!strings.Contains(res.Body, `id="territoire" name="territoire" type="text" maxlength="3" autocomplete="off" value="31"`) {
		t.Fatalf("form: %d", res.StatusCode)
	}
	form := url.Values{"type": {"animation"}, "date": {"2026-11-10"}, "duree": {"90"}, "nom": {"Réunion des médiateurs"}, "echelon_territorial": {"departemental"},
		"territoire": {"31"}, "type_animation": {"reunion_coordination"}, "initiative": {"initiative"}, "thematique_animation": {"reseau", "partage"}, "mediateurs": {"12"}}
	if res := postForm(t, ts, "/activites/coordination", form, token); res.StatusCode != 303 {
		t.Fatalf("animation: %d\n%s", res.StatusCode, res.Body)
	}
	cs, _ := ts.store.Coordinations(ctx, store.ActivityFilter{Account: coord})
	if len(cs) != 1 || cs[0].Mediateurs != 12 || len(cs[0].AnimationThematics) != 2 {
		t.Fatalf("stored: %+v", cs)
	}
	form.Set("territoire", "81")
	if res := postForm(t, ts, "/activites/coordination", form, token); res.StatusCode != 422 || !strings.Contains(res.Body, `data-regle="hors-territoire"`) {
		t.Errorf("another département: %d", res.StatusCode)
	}
	form.Set("territoire", "31")
	form.Set("organisateur", "hub")
	if res := postForm(t, ts, "/activites/coordination", form, token); res.StatusCode != 422 || !strings.Contains(res.Body, `data-regle="champs-du-type"`) {
		t.Errorf("an event's field in an animation: %d", res.StatusCode)
	}
	if res := getAs(t, ts, "/activites", token); !strings.Contains(res.Body, "Réunion des médiateurs") {
		t.Error("the coordinator's list lacks its animation")
	}
}
