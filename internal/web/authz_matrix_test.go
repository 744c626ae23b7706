package web

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"maillage/internal/account"
	"maillage/internal/orientation"
	"maillage/internal/place"
	"maillage/internal/store"
)

// identities are the columns of the authorization matrix, in order.
var identities = []struct {
	name        string
	role        account.Role // "" for anonymous
	territories []account.Territory
}{
	{"anonyme", "", nil},
	{"contributeur", account.Contributeur, nil},
	{"coordinateur du territoire", account.Coordinateur, []account.Territory{{Kind: "departement", Code: "31"}}},
	{"coordinateur d'ailleurs", account.Coordinateur, []account.Territory{{Kind: "departement", Code: "81"}}},
	{"administrateur", account.Administrateur, nil},
	{"financeur", account.Financeur, nil},
	{"distributeur", account.Distributeur, nil},
	{"lieu_qualifie", account.LieuQualifie, nil},
}

// authorizationMatrix is what each identity gets on each route, written
// out by hand (the oracle is this table, not the route table's rules):
//
//	o  let through (the handler answers: 200, 303, 400, 404, 422…)
//	c  sign-in required (the guard's 401, or a redirection to /connexion?suite=)
//	x  forbidden (403: by role, or by the domain for this object)
//	t  API token required (401 in JSON, with WWW-Authenticate: Bearer)
//	h  hidden: 404, as for a missing object (an object the identity may
//	   not read: which ids exist is not told); 404 is o in other rows
//
// A route whose anonyme column is t (an API route of account.Bearer) is
// requested with each identity's API token (Authorization: Bearer)
// instead of its session cookie, and must answer t to every session
// cookie alone. A route whose anonyme column is c must take an API token
// alone for no one (c): pages and their forms never read the header.
//
// {id} is tls-1, a place in Haute-Garonne (31); {nom} a source; {n} is a fresh object
// for each request (a pending claim, proposal or report on tls-1 by
// another account, an account, a session), and decisions are "refuser".
// Columns: anonyme, contributeur, coordinateur du
// territoire (31), coordinateur d'ailleurs (81), administrateur,
// financeur, distributeur, lieu_qualifie. A route of the route table
// without a row here fails the test.
var authorizationMatrix = map[string]string{
	"GET /{$}":                      "o o o o o o o o",
	"GET /recherche":                "o o o o o o o o",
	"GET /lieux/{id}":               "o o o o o o o o",
	"POST /lieux/{id}/signaler":     "o o o o o o o o",
	"GET /lieux/{id}/fiche":         "o o o o o o o o",
	"GET /orientation":              "o o o o o o o o",
	"GET /fiche":                    "o o o o o o o o",
	"GET /guides":                   "o o o o o o o o",
	"GET /diagnostic":               "o o o o o o o o",
	"GET /diagnostic/france":        "o o o o o o o o",
	"GET /diagnostic/{type}/{code}": "o o o o o o o o",
	"GET /integrer":                 "o o o o o o o o",
	"GET /embed/recherche":          "o o o o o o o o",
	"GET /donnees":                  "o o o o o o o o",
	"GET /carte/couches/{fichier}":  "o o o o o o o o",
	"GET /donnees/lieux.csv":        "o o o o o o o o",
	"GET /donnees/lieux.json":       "o o o o o o o o",
	"GET /donnees/lieux.geojson":    "o o o o o o o o",
	"GET /catalogue.jsonld":         "o o o o o o o o",
	"GET /catalogue.rdf":            "o o o o o o o o",
	"GET /api/v1/lieux":             "o o o o o o o o",
	"GET /api/v1/lieux.geojson":     "o o o o o o o o",
	"GET /api/v1/lieux/{id}":        "o o o o o o o o",
	"GET /api/v1/lieux/changements": "o o o o o o o o",
	"GET /api/v1/clusters":          "o o o o o o o o",
	"GET /api/v1/facettes":          "o o o o o o o o",
	"GET /api/v1/openapi.json":      "o o o o o o o o",
	"GET /api/v1/compte":            "t o o o o o o o",
	// {code} is a pass code no pass has: readers get 404, others 403;
	// a redemption is refused (403) to an account acting for no
	// qualified place, and reaches the key's check (400) for others.
	"GET /api/v1/pass/{code}":                 "t x x x o o o x",
	"POST /api/v1/pass/{code}/utilisation":    "t x x x o x x x",
	"GET /api/":                               "o o o o o o o o",
	"/api/":                                   "o o o o o o o o",
	"GET /connexion":                          "o o o o o o o o",
	"POST /connexion":                         "o o o o o o o o",
	"GET /connexion/lien":                     "o o o o o o o o",
	"POST /connexion/lien":                    "o o o o o o o o",
	"POST /connexion/mot-de-passe":            "o o o o o o o o",
	"POST /deconnexion":                       "c o o o o o o o",
	"GET /espace/securite":                    "c x o o o x x x",
	"POST /espace/securite":                   "c x o o o x x x",
	"POST /espace/supprimer":                  "c o o o o o o o",
	"GET /espace":                             "c o o o o o o o",
	"POST /espace/jetons":                     "c o o o o o o o",
	"POST /espace/jetons/{n}/revoquer":        "c o o o o o o o",
	"POST /lieux/{id}/revendiquer":            "c o o o o o o o",
	"GET /lieux/{id}/modifier":                "c o o o o o o o",
	"POST /lieux/{id}/modifier":               "c o o o o o o o",
	"POST /lieux/{id}/confirmer":              "c x o x o x x x",
	"GET /lieux/{id}/fermetures":              "c x o x o x x x",
	"POST /lieux/{id}/fermetures":             "c x o x o x x x",
	"POST /lieux/{id}/fermetures/{n}/retirer": "c x o x o x x x",
	"GET /lieux/{id}/historique":              "c x o x o x x x",
	"POST /lieux/{id}/reprendre":              "c x o x o x x x",
	"GET /contribuer/nouveau-lieu":            "c o o o o o o o",
	"POST /contribuer/nouveau-lieu":           "c o o o o o o o",
	"GET /moderation":                         "c x o o o x x x",
	"GET /moderation/fraicheur":               "c x o o o x x x",
	"POST /moderation/revendications/{n}":     "c x o x o x x x",
	"POST /moderation/propositions/{n}":       "c x o x o x x x",
	"POST /moderation/signalements/{n}":       "c x o x o x x x",
	"GET /sources":                            "c x o o o x x x",
	"GET /sources/{nom}":                      "c x o o o x x x",
	"POST /sources":                           "c x x x o x x x",
	"POST /sources/{nom}/supprimer":           "c x x x o x x x",
	"POST /sources/{nom}/priorite":            "c x x x o x x x",
	"POST /sources/{nom}/moissonner":          "c x x x o x x x",
	"GET /moderation/doublons":                "c x o o o x x x",
	"POST /moderation/doublons/decision":      "c x o x o x x x",
	"POST /moderation/doublons/separer":       "c x o x o x x x",
	"GET /moderation/doublons/fait":           "c x o o o x x x",
	"POST /moderation/doublons/annuler":       "c x o x o x x x",
	"GET /lieux/{id}/reunir":                  "c x o x o x x x",
	"POST /lieux/{id}/reunir":                 "c x o x o x x x",
	"GET /admin/comptes":                      "c x x x o x x x",
	"POST /admin/comptes":                     "c x x x o x x x",
	"POST /admin/comptes/{n}":                 "c x x x o x x x",
	"POST /admin/comptes/{n}/supprimer":       "c x x x o x x x",
	"POST /admin/sessions/{n}/revoquer":       "c x x x o x x x",
	"GET /healthz":                            "o o o o o o o o",

	// The Pass numérique's orders ({n}: an order of another financeur
	// than the identity's: a financeur sees only its own).
	"GET /pass/commandes":                "c x x x o o x x",
	"POST /pass/commandes":               "c x x x o x x x",
	"GET /pass/commandes/{n}":            "c x x x o x x x",
	"POST /pass/commandes/{n}/attribuer": "c x x x o x x x",
	"GET /pass/commandes/{n}/impression": "c x x x o x x x",
	// A distributeur's carnets ({n}-less: each sees its own).
	"GET /pass/carnets":           "c x x x o x o x",
	"POST /pass/carnets/remettre": "c x x x o x o x",
	// A place's qualification: {id} (tls-1, in 31) is claimed by none of
	// the identities; its coordinators and administrators read it. {n} is
	// a pending request on tls-2 (in 31), refused by the first allowed.
	"GET /lieux/{id}/pass":                  "c x o x o x x x",
	"POST /lieux/{id}/pass":                 "c x x x x x x x",
	"GET /pass/qualifications":              "c x o o o x x x",
	"POST /pass/qualifications/{n}":         "c x o x o x x x",
	"GET /pass/qualifications/{n}/retirer":  "c x o x o x x x",
	"POST /pass/qualifications/{n}/retirer": "c x o x o x x x",
	// Orientations: {n} is an orientation another account made to
	// tls-1; nobody else reads it, whatever their role (the coordinators
	// read the flows of their territory only).
	"GET /lieux/{id}/orienter":     "c o o o o o o o",
	"POST /lieux/{id}/orienter":    "c o o o o o o o",
	"GET /orientations/{n}":        "c x x x x x x x",
	"GET /orientations/{n}/fiche":  "c x x x x x x x",
	"GET /orientations/reponse":    "o o o o o o o o",
	"POST /orientations/reponse":   "o o o o o o o o",
	"GET /orientations/flux":       "c x o o o x x x",
	"GET /evaluation":              "c x o o o x x x",
	"GET /api/v1/orientations":     "t o o o o o o o",
	"POST /api/v1/orientations":    "t o o o o o o o",
	"GET /api/v1/orientations/{n}": "t x x x x x x x",
	// Statistics: {id} is tls-1 (31); a territory's page is asked for
	// Haute-Garonne (/statistiques/departement/31). The hub's perimeter
	// is everywhere here (none configured): the administrators' only.
	"GET /statistiques":               "c o o o o o o o",
	"GET /statistiques/perimetre":     "c x x x o x x x",
	"GET /statistiques/{type}/{code}": "c x o x o x x x",
	"GET /lieux/{id}/statistiques":    "c x o x o x x x",
	// {siret}: the fixture's SIRET, of tls-1, tls-2 (31) and albi-1 (81):
	// only an administrator reads all three.
	"GET /statistiques/structure/{siret}": "c x x x o x x x",
	// Public links: published for Haute-Garonne; {n} a link of 31 made
	// by another account; {jeton} no link's token (404 for all).
	"POST /statistiques/{type}/{code}/partages": "c x o x o x x x",
	"POST /statistiques/partages/{n}/revoquer":  "c x o x o x x x",
	"GET /statistiques/public/{jeton}":          "o o o o o o o o",
	// The statistics' API, asked for Haute-Garonne (?territoire=departement:31).
	"GET /api/v1/statistiques":                "t x o x o x x x",
	"GET /api/v1/statistiques/public/{jeton}": "o o o o o o o o",
	// Activity reports: every account records its own; {n} is another
	// account's entry (an administrator edits and deletes any; the
	// coordinator of 31 reads and deletes it, which is in 31; the
	// others do not read it: h). An
	// aggregate is entered for a place one acts for, or of one's territory
	// (tls-1 is in 31); coordination activities are the moderators'. Another's
	// aggregate is read and deleted as an activity is (the coordinator of
	// 31 reads and deletes one of tls-1, edits it not: x), a coordination
	// activity by its author and the administrators only: h for the
	// others who pass the route's guard.
	"GET /api/v1/activites":                      "t o o o o o o o",
	"POST /api/v1/activites":                     "t o o o o o o o",
	"GET /api/v1/activites/{n}":                  "t h o h o h h h",
	"GET /activites":                             "c o o o o o o o",
	"GET /activites/nouvelle":                    "c o o o o o o o",
	"POST /activites":                            "c o o o o o o o",
	"GET /activites/saisies/{n}":                 "c h x h o h h h",
	"POST /activites/saisies/{n}":                "c h x h o h h h",
	"GET /activites/saisies/{n}/supprimer":       "c h o h o h h h",
	"POST /activites/saisies/{n}/supprimer":      "c h o h o h h h",
	"GET /activites/agregats/nouveau":            "c o o o o o o o",
	"POST /activites/agregats":                   "c x o x o x x x",
	"GET /activites/agregats/{n}":                "c h x h o h h h",
	"POST /activites/agregats/{n}":               "c h x h o h h h",
	"GET /activites/agregats/{n}/supprimer":      "c h o h o h h h",
	"POST /activites/agregats/{n}/supprimer":     "c h o h o h h h",
	"GET /activites/coordination/nouvelle":       "c x o o o x x x",
	"POST /activites/coordination":               "c x o o o x x x",
	"GET /activites/coordination/{n}":            "c x h h o x x x",
	"POST /activites/coordination/{n}":           "c x h h o x x x",
	"GET /activites/coordination/{n}/supprimer":  "c x h h o x x x",
	"POST /activites/coordination/{n}/supprimer": "c x h h o x x x",
	"GET /static/":                               "o o o o o o o o",
	"/":                                          "o o o o o o o o",

	// The Pass numérique's counter, statements, credit notes and
	// dashboards: an account acting for no qualified place gets the page
	// that explains qualification (403).
	"GET /pass/utiliser":               "c x x x x x x x",
	"POST /pass/utiliser":              "c x x x x x x x",
	"GET /pass/releves":                "c x x x o x x x",
	"GET /pass/releves.csv":            "c x x x o x x x",
	"POST /pass/releves":               "c x x x o x x x",
	"POST /pass/releves/corrections":   "c x x x o x x x",
	"GET /pass/releves/{n}":            "c x x x o x x x",
	"GET /pass/releves/{n}/lignes.csv": "c x x x o x x x",
	"POST /pass/releves/{n}/payer":     "c x x x o x x x",
	"POST /pass/releves/{n}/iban":      "c x x x o x x x",
	"GET /pass/avoirs":                 "c x x x o o x x",
	"POST /pass/avoirs":                "c x x x o x x x",
	"GET /pass/tableaux":               "c x x x o o o x",
	"GET /pass/tableaux.csv":           "c x x x o o o x",
	"GET /pass/commandes/{n}/avoir":    "c x x x o x x x",

	// The diagnostic's API.
	"GET /api/v1/diagnostic/france":                       "o o o o o o o o",
	"GET /api/v1/diagnostic/france/implanter":             "o o o o o o o o",
	"GET /api/v1/diagnostic/{type}/{code}":                "o o o o o o o o",
	"GET /api/v1/diagnostic/{type}/{code}/implanter":      "o o o o o o o o",
	"GET /api/v1/diagnostic/france.csv":                   "o o o o o o o o",
	"GET /api/v1/diagnostic/france.json":                  "o o o o o o o o",
	"GET /api/v1/diagnostic/france/implanter.csv":         "o o o o o o o o",
	"GET /api/v1/diagnostic/france/implanter.json":        "o o o o o o o o",
	"GET /api/v1/diagnostic/{type}/{code}/implanter.csv":  "o o o o o o o o",
	"GET /api/v1/diagnostic/{type}/{code}/implanter.json": "o o o o o o o o",
}

func TestAuthorizationMatrix(t *testing.T) {
	ts, _ := withMail(t)
	ctx := context.Background()
	// Fresh accounts and sessions for every route: signing out ends a
	// session, and an account can delete itself.
	n := 0
	var bearers []string // the API tokens of the last accounts made
	sessions := func() []string {
		n++
		tokens := make([]string, len(identities))
		bearers = make([]string, len(identities))
		for i, id := range identities {
			if id.role == "" {
				continue
			}
			uid := mustUser(t, ts, account.User{Email: fmt.Sprintf("%d-%d@hub.fr", i, n), Role: id.role, Territories: id.territories})
			token, hash := account.NewToken()
			if err := ts.store.AddSession(ctx, account.Session{Hash: hash, UserID: uid, Created: monday10h, LastSeen: monday10h}); err != nil {
				t.Fatal(err)
			}
			tokens[i] = token
			bearer, _, err := ts.store.CreateAPIToken(ctx, uid, "matrice", monday10h, "test")
			if err != nil {
				t.Fatal(err)
			}
			bearers[i] = bearer
		}
		return tokens
	}
	// objects make the {n} of a request and its form.
	k := 0
	other := func() int64 {
		k++
		return mustUser(t, ts, account.User{Email: fmt.Sprintf("autre-%d@exemple.fr", k), Role: account.Contributeur})
	}
	refuse := url.Values{"decision": {"refuser"}}
	var statement int64
	passStatement := func() int64 {
		if statement == 0 {
			statement = matrixStatement(t, ts, other())
		}
		return statement
	}
	merged := false
	objects := map[string]func() (int64, url.Values){
		"POST /moderation/revendications/{n}": func() (int64, url.Values) {
			id, err := ts.store.AddClaim(ctx, store.Claim{UserID: other(), LieuID: "tls-1", Status: store.StatusPending}, "test")
			if err != nil {
				t.Fatal(err)
			}
			return id, refuse
		},
		"POST /moderation/propositions/{n}": func() (int64, url.Values) {
			id, err := ts.store.AddProposal(ctx, store.Proposal{LieuID: "tls-1", UserID: other(),
				Values: map[string]string{"nom": "EPN du Capitole (2e étage)"}, Base: map[string]string{"nom": "EPN du Capitole"}}, "test")
			if err != nil {
				t.Fatal(err)
			}
			return id, refuse
		},
		"POST /moderation/signalements/{n}": func() (int64, url.Values) {
			id, err := ts.store.AddCorrection(ctx, place.Correction{LieuID: "tls-1", Field: "horaires", Message: "Fermé le samedi"})
			if err != nil {
				t.Fatal(err)
			}
			return id, nil
		},
		// A pair to review between tls-1 and tls-2 (both in 31), decided
		// by the first identity allowed; a merged place (tls-1 holds a
		// record of another source) split by the first identity allowed.
		"POST /moderation/doublons/decision": func() (int64, url.Values) {
			key := store.NewPairKey(store.RecordKey{Source: "test", ID: "tls-1"}, store.RecordKey{Source: "test", ID: "tls-2"})
			if err := ts.store.SavePairs(ctx, []store.DuplicatePair{{PairKey: key, Scores: "{}", Total: 4, Band: "a_verifier"}}); err != nil {
				t.Fatal(err)
			}
			return 0, url.Values{"source_a": {key.A.Source}, "id_a": {key.A.ID}, "source_b": {key.B.Source}, "id_b": {key.B.ID}, "decision": {"rejeter"}}
		},
		"POST /moderation/doublons/separer": func() (int64, url.Values) {
			if !merged {
				merged = true
				mergedRecord(t, ts, "tls-1", "autre", "tls-1b")
			}
			return 0, url.Values{"source": {"autre"}, "id": {"tls-1b"}}
		},
		// Undo a rejection of the pair tls-1–tls-2 (refused when nobody
		// rejected it: a 409, after the territory rule).
		"POST /moderation/doublons/annuler": func() (int64, url.Values) {
			key := store.NewPairKey(store.RecordKey{Source: "test", ID: "tls-1"}, store.RecordKey{Source: "test", ID: "tls-2"})
			if err := ts.store.SavePairs(ctx, []store.DuplicatePair{{PairKey: key, Scores: "{}", Total: 4, Band: "a_verifier"}}); err != nil {
				t.Fatal(err)
			}
			return 0, url.Values{"quoi": {"rejet"}, "source_a": {key.A.Source}, "id_a": {key.A.ID}, "source_b": {key.B.Source}, "id_b": {key.B.ID}}
		},
		"POST /lieux/{id}/reunir": func() (int64, url.Values) { return 0, url.Values{"autre": {"tls-2"}} },
		"POST /admin/comptes/{n}": func() (int64, url.Values) { return other(), nil },
		// Another account's token: no one revokes it from their page.
		"POST /espace/jetons/{n}/revoquer": func() (int64, url.Values) {
			_, made, err := ts.store.CreateAPIToken(ctx, other(), "", monday10h, "test")
			if err != nil {
				t.Fatal(err)
			}
			return made.ID, url.Values{"confirmer": {"oui"}}
		},
		"POST /admin/comptes/{n}/supprimer": func() (int64, url.Values) { return other(), url.Values{"confirmer": {"oui"}} },
		"POST /sources/{nom}/supprimer":     func() (int64, url.Values) { return 0, url.Values{"confirmer": {"oui"}} },
		"GET /pass/commandes/{n}":           passOrderObject(t, ts),
		"POST /pass/commandes/{n}/attribuer": func() (int64, url.Values) {
			id, _ := passOrderObject(t, ts)()
			return id, url.Values{"nombre": {"1"}}
		},
		"GET /pass/commandes/{n}/impression":    passOrderObject(t, ts),
		"POST /pass/qualifications/{n}":         passQualificationObject(t, ts),
		"GET /pass/qualifications/{n}/retirer":  passWithdrawObject(t, ts),
		"POST /pass/qualifications/{n}/retirer": passWithdrawObject(t, ts),
		// The counter for tls-r, qualified (the withdrawal's place): an
		// administrator does not act for it, and redeems nowhere (review
		// 10A2 major 3).
		"POST /pass/utiliser": func() (int64, url.Values) {
			passWithdrawObject(t, ts)()
			return 0, url.Values{"lieu": {"tls-r"}, "code": {"PN-X"}, "service": {place.ServiceDemarches}, "cle": {"matrice"}}
		},
		// An order of another financeur.
		"GET /pass/commandes/{n}/avoir": passOrderObject(t, ts),
		// A statement of tls-1 (qualified for another account).
		"GET /pass/releves/{n}":            func() (int64, url.Values) { return passStatement(), nil },
		"GET /pass/releves/{n}/lignes.csv": func() (int64, url.Values) { return passStatement(), nil },
		"POST /pass/releves/{n}/payer":     func() (int64, url.Values) { return passStatement(), url.Values{"virement": {"VIR-1"}} },
		"POST /pass/releves/{n}/iban":      func() (int64, url.Values) { return passStatement(), nil },
		"GET /orientations/{n}":            func() (int64, url.Values) { return matrixOrientation(t, ts, other()), nil },
		"GET /orientations/{n}/fiche":      func() (int64, url.Values) { return matrixOrientation(t, ts, other()), nil },
		"GET /api/v1/orientations/{n}":     func() (int64, url.Values) { return matrixOrientation(t, ts, other()), nil },
		"POST /statistiques/{type}/{code}/partages": func() (int64, url.Values) {
			return 0, url.Values{"regle": {store.ShareLast12Months}}
		},
		"POST /statistiques/partages/{n}/revoquer": func() (int64, url.Values) {
			_, hash := account.NewToken()
			sh, err := ts.store.CreateStatsShare(ctx, store.StatsShare{Territory: store.TerritoryRef{Kind: "departement", Code: "31"}, Rule: store.ShareLast12Months, CreatedBy: other()}, hash, "test")
			if err != nil {
				t.Fatal(err)
			}
			return sh.ID, url.Values{"confirmer": {"oui"}}
		},
	}
	for route, object := range activityMatrixObjects(t, ts, other) {
		objects[route] = object
	}
	// as sends a request with a session cookie, an API token, both or
	// neither, and says what it got.
	as := func(method, path string, form url.Values, cookie, bearer string) (string, response) {
		t.Helper()
		var req *http.Request
		if method == "POST" {
			req = httptest.NewRequest("POST", path, strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("Sec-Fetch-Site", "same-origin")
		} else {
			req = httptest.NewRequest(method, path, nil)
		}
		if cookie != "" {
			req.AddCookie(&http.Cookie{Name: sessionCookie, Value: cookie})
		}
		if bearer != "" {
			req.Header.Set("Authorization", "Bearer "+bearer)
		}
		res := ts.do(t, req)
		switch {
		case res.StatusCode == http.StatusUnauthorized && strings.HasPrefix(res.Header.Get("WWW-Authenticate"), "Bearer ") &&
			strings.Contains(res.Body, `"code":"non_authentifie"`):
			return "t", res
		case res.StatusCode == http.StatusUnauthorized && strings.Contains(res.Body, "Connectez-vous pour faire cela"),
			res.StatusCode == http.StatusSeeOther && strings.HasPrefix(res.Header.Get("Location"), "/connexion?suite="):
			return "c", res
		case res.StatusCode == http.StatusForbidden:
			return "x", res
		}
		return "o", res
	}
	seen := map[string]bool{}
	for _, rt := range ts.routeTable() {
		seen[rt.pattern] = true
		row, ok := authorizationMatrix[rt.pattern]
		if !ok {
			t.Errorf("route %q has no row in the authorization matrix", rt.pattern)
			continue
		}
		want := strings.Fields(row)
		if len(want) != len(identities) {
			t.Fatalf("route %q: %d columns, want %d", rt.pattern, len(want), len(identities))
		}
		method, path, found := strings.Cut(rt.pattern, " ")
		if !found {
			method, path = "GET", "/page-inconnue"
			if rt.pattern == "/api/" {
				method, path = "PUT", "/api/v2/rien"
			}
		}
		pattern := strings.NewReplacer("{$}", "", "{id}", "tls-1", "{nom}", "hub", "/pass/{code}", "/pass/PN-0000-0000-0000-0000-0").Replace(path)
		pattern = strings.Replace(pattern, "/statistiques/{type}/{code}", "/statistiques/departement/31", 1)
		pattern = strings.Replace(pattern, "{siret}", "43493312300029", 1)
		if rt.pattern == "GET /api/v1/statistiques" {
			pattern += "?territoire=departement:31"
		}
		if strings.HasSuffix(pattern, "/static/") {
			pattern += "maillage.css"
		}
		for i, token := range sessions() {
			path, form := pattern, url.Values{}
			if object, ok := objects[rt.pattern]; ok {
				n, f := object()
				path = strings.Replace(path, "{n}", strconv.FormatInt(n, 10), 1)
				if f != nil {
					form = f
				}
			} else if strings.Contains(path, "{n}") {
				_, hash := account.NewToken() // a session: its hash names it
				if err := ts.store.AddSession(ctx, account.Session{Hash: hash, UserID: other(), Created: monday10h, LastSeen: monday10h}); err != nil {
					t.Fatal(err)
				}
				path = strings.Replace(path, "{n}", hash, 1)
			}
			// The oracle says which routes want a token: t for anonyme.
			tokens := want[0] == "t"
			cookie, bearer := token, ""
			if tokens {
				cookie, bearer = "", bearers[i]
			}
			got, res := as(method, path, form, cookie, bearer)
			if got == "o" && res.StatusCode == http.StatusNotFound && strings.Contains(row, "h") {
				got = "h"
			}
			if got != want[i] {
				t.Errorf("%s %s as %s: status %d (%s), the matrix says %s", method, path, identities[i].name, res.StatusCode, got, want[i])
			}
			if token == "" {
				continue
			}
			// The other credential alone: a session cookie never opens
			// an API route of tokens, a token never opens anything else.
			switch {
			case tokens:
				if got, res := as(method, path, form, token, ""); got != "t" {
					t.Errorf("%s %s with the session cookie of %s alone: status %d (%s), want t", method, path, identities[i].name, res.StatusCode, got)
				}
			case want[0] == "c":
				if got, res := as(method, path, form, "", bearers[i]); got != "c" {
					t.Errorf("%s %s with the API token of %s alone: status %d (%s), want c", method, path, identities[i].name, res.StatusCode, got)
				}
			}
		}
	}
	for p := range authorizationMatrix {
		if !seen[p] {
			t.Errorf("the matrix names %q, which is no route", p)
		}
	}
}

// matrixOrientation is an orientation by prescriber to tls-1.
func matrixOrientation(t *testing.T, ts *testServer, prescriber int64) int64 {
	t.Helper()
	_, hash := account.NewToken()
	o, err := ts.store.CreateOrientation(context.Background(), orientation.Orientation{Need: place.ServiceDemarches, LieuID: "tls-1",
		Mode: orientation.SansRendezVous, Prescriber: prescriber}, hash)
	if err != nil {
		t.Fatal(err)
	}
	return o.ID
}
