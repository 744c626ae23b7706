package web

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"maillage/internal/account"
	"maillage/internal/place"
	"maillage/internal/store"
)

// hostileIDs are ids an import could carry that, written unescaped into a
// URL, would turn a link or a form into another action of the site.
var hostileIDs = []string{
	"../../espace/supprimer?x=", "../../admin/comptes/1/supprimer?x=", "a/b", "%2e%2e", "%2E%2e/x", ".%2e", "x#y", "?", "?x=1",
	"a b", `a"b`, "a'b", "a<b>", "é à", "日本", "a;b", "a\\b", "//evil.example", "a%2Fb", ".", "..", "a+b", "a&b=c",
}

// linkAttr finds the URLs of a page: links, forms, images and scripts.
var linkAttr = regexp.MustCompile(`(?:href|action|src)="([^"]*)"`)

// target is where a URL of a page leads, as a browser resolves it and the
// router reads it.
type target struct {
	pattern string
	id      string // the {id} (or {n}) of the route, decoded
}

// dotSegment matches the spellings browsers resolve as "." or "..".
var dotSegment = regexp.MustCompile(`(?i)^(?:\.|%2e)(?:\.|%2e)?$`)

// resolve follows a URL of a page the way a browser does (WHATWG dot
// segments, %2e included) and routes it; ok is false for URLs that leave
// the site or only move within the page.
func resolve(t *testing.T, mux *http.ServeMux, page, raw string) (target, bool) {
	t.Helper()
	raw = html.UnescapeString(raw)
	if raw == "" || strings.HasPrefix(raw, "#") {
		return target{}, false
	}
	if m := regexp.MustCompile(`^[a-zA-Z][a-zA-Z0-9+.-]*:|^//`).FindString(raw); m != "" {
		return target{}, false
	}
	path, rest := raw, ""
	if i := strings.IndexAny(raw, "?#"); i >= 0 {
		path, rest = raw[:i], raw[i:]
	}
	segs := strings.Split(path, "/")
	for i, s := range segs {
		if dotSegment.MatchString(s) {
			segs[i] = strings.ReplaceAll(strings.ToLower(s), "%2e", ".")
		}
	}
	base, err := url.Parse("http://site.test" + page)
	if err != nil {
		t.Fatal(err)
	}
	ref, err := url.Parse(strings.Join(segs, "/") + rest)
	if err != nil {
		t.Fatalf("%s: unparsable URL %q: %v", page, raw, err)
	}
	u := base.ResolveReference(ref)
	if u.Host != "site.test" {
		t.Fatalf("%s: URL %q leaves the site: %s", page, raw, u)
	}
	var got target
	req, err := http.NewRequest("GET", u.String(), nil)
	if err != nil {
		t.Fatal(err)
	}
	mux.ServeHTTP(http.ResponseWriter(nil), req.WithContext(context.WithValue(req.Context(), targetKey{}, &got)))
	return got, true
}

type targetKey struct{}

// routeMux routes a URL to its pattern of the route table, any method.
func routeMux(ts *testServer) *http.ServeMux {
	mux := http.NewServeMux()
	seen := map[string]bool{}
	for _, rt := range ts.routeTable() {
		p := rt.pattern
		if i := strings.Index(p, " "); i >= 0 {
			p = p[i+1:]
		}
		if seen[p] {
			continue
		}
		seen[p] = true
		mux.HandleFunc(p, func(_ http.ResponseWriter, r *http.Request) {
			got := r.Context().Value(targetKey{}).(*target)
			got.pattern = p
			got.id = r.PathValue("id") + r.PathValue("n")
		})
	}
	return mux
}

// hostileSite is a registry of one place with the given id, a claim, a
// proposal and a report on it, an administrator and the contributor who
// claimed it, both signed in.
func hostileSite(t *testing.T, id string) (ts *testServer, admin, contributor string) {
	t.Helper()
	ctx := context.Background()
	ts = newTestServer(t, lieu(id, 43.6045, 1.4440, func(l *place.Lieu) {
		l.Nom, l.Commune, l.CodeINSEE, l.CodePostal = "Lieu hostile", "Toulouse", "31555", "31000"
	}))
	adminID := mustUser(t, ts, account.User{Email: "admin@hub.fr", Role: account.Administrateur})
	contribID := mustUser(t, ts, account.User{Email: "epn@exemple.fr", Role: account.Contributeur})
	for _, st := range []string{store.StatusApproved, store.StatusPending} {
		if _, err := ts.store.AddClaim(ctx, store.Claim{UserID: contribID, LieuID: id, Status: st, Created: monday10h}, "test"); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := ts.store.AddProposal(ctx, store.Proposal{LieuID: id, UserID: contribID, Status: store.StatusPending, Created: monday10h,
		Values: map[string]string{"id": id, "nom": "Lieu hostile renommé"}}, "test"); err != nil {
		t.Fatal(err)
	}
	if _, err := ts.store.AddCorrection(ctx, place.Correction{LieuID: id, Field: "telephone", Message: "faux", Created: monday10h, Status: "nouveau"}); err != nil {
		t.Fatal(err)
	}
	session := func(userID int64) string {
		token, hash := account.NewToken()
		if err := ts.store.AddSession(ctx, account.Session{Hash: hash, UserID: userID, Created: monday10h, LastSeen: monday10h}); err != nil {
			t.Fatal(err)
		}
		return token
	}
	return ts, session(adminID), session(contribID)
}

// TestHostileIDsStayInTheirSegment renders every page that shows a place's
// id, once with a plain id and once with each hostile one, and checks that
// every link and form of the hostile page leads to the same route as on the
// plain page, with the hostile id as the route's {id}: an id can never turn
// "C'est ma structure" into "Supprimer mon compte".
func TestHostileIDsStayInTheirSegment(t *testing.T) {
	const plain = "plain-id"
	type view struct{ path, who string }
	views := func(id string) []view {
		p := SitePath("lieux", id)
		return []view{
			{"/", "admin"}, {"/recherche?departement=31", "admin"}, {"/recherche?departement=31", ""},
			{"/embed/recherche?departement=31", ""}, {"/fiche?departement=31", ""}, {"/integrer?departement=31", ""},
			{"/orientation", ""}, {"/donnees", ""}, {"/connexion", ""}, {"/espace/securite", "admin"},
			{p, "admin"}, {p, "contributor"}, {p, ""}, {p + "/fiche", ""}, {p + "/modifier", "admin"}, {p + "/modifier", "contributor"},
			{p + "/historique", "admin"}, {"/espace", "contributor"}, {"/moderation", "admin"}, {"/admin/comptes", "admin"},
		}
	}
	render := func(id string) (map[string][]target, *testServer, string) {
		ts, admin, contributor := hostileSite(t, id)
		mux := routeMux(ts)
		out := map[string][]target{}
		for i, v := range views(id) {
			cookie := map[string]string{"admin": admin, "contributor": contributor}[v.who]
			res := getAs(t, ts, v.path, cookie)
			if res.StatusCode != http.StatusOK {
				if _, err := url.ParseRequestURI(v.path); err != nil || strings.Contains(v.path, unaddressable) {
					continue // the place cannot be addressed: its own pages do not exist
				}
				t.Fatalf("id %q: %s as %q: %d", id, v.path, v.who, res.StatusCode)
			}
			key := views(plain)[i].path + " " + v.who
			for _, m := range linkAttr.FindAllStringSubmatch(res.Body, -1) {
				if tg, ok := resolve(t, mux, v.path, m[1]); ok {
					out[key] = append(out[key], tg)
				}
			}
		}
		return out, ts, admin
	}
	want, _, _ := render(plain)
	for _, id := range hostileIDs {
		got, ts, admin := render(id)
		for key, wl := range want {
			gl, ok := got[key]
			if !ok {
				if strings.Contains(key, "/lieux/") && pathSegment(id) == unaddressable {
					continue
				}
				t.Errorf("id %q: page %s not rendered", id, key)
				continue
			}
			if len(gl) != len(wl) {
				t.Errorf("id %q: page %s has %d links, %d with a plain id:\n%v\n%v", id, key, len(gl), len(wl), gl, wl)
				continue
			}
			for i := range wl {
				w := wl[i]
				if w.id == plain {
					w.id = id
					if pathSegment(id) == unaddressable {
						w.id = "\xff" // leads under the intended path, to no place
					}
				}
				if gl[i].pattern != w.pattern || (wl[i].id == plain && gl[i].id != w.id) {
					t.Errorf("id %q: page %s, link %d leads to %s (%q), want %s (%q)", id, key, i, gl[i].pattern, gl[i].id, w.pattern, w.id)
				}
			}
		}
		// Redirections built in Go use the same helper.
		if pathSegment(id) != unaddressable {
			res := postForm(t, ts, SitePath("lieux", id, "confirmer"), nil, admin)
			if res.StatusCode != http.StatusSeeOther {
				t.Fatalf("id %q: confirmer: %d", id, res.StatusCode)
			}
			if tg, ok := resolve(t, routeMux(ts), "/", res.Header.Get("Location")); !ok || tg.pattern != "/lieux/{id}" || tg.id != id {
				t.Errorf("id %q: confirmer redirects to %s: %+v", id, res.Header.Get("Location"), tg)
			}
		}
	}
}
