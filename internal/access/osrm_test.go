package access

import (
	"context"
	"encoding/json"
	"errors"
	"math"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"maillage/internal/failure"
)

// fakeOSRM answers table requests as osrm-routed does, with a driving
// time of the crow-fly distance × 1.4 at 50 km/h, and no route to the
// places at latitude 45.5 (an island).
type fakeOSRM struct {
	mu             sync.Mutex
	requests       int
	maxSrc, maxDst int
	maxPoints      int // sources and destinations of one request
	pairs          int
	mode           string
}

func fakeSeconds(lat1, lon1, lat2, lon2 float64) float64 {
	return haversine(lat1, lon1, lat2, lon2) * 1.4 / 50 * 3600
}

func (f *fakeOSRM) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	f.requests++
	mode := f.mode
	f.mu.Unlock()
	fail := func(status int, code, msg string) {
		w.WriteHeader(status)
		json.NewEncoder(w).Encode(map[string]string{"code": code, "message": msg})
	}
	rest, ok := strings.CutPrefix(r.URL.Path, "/table/v1/driving/")
	if !ok {
		fail(400, "InvalidUrl", "URL string malformed close to position 1: \"/\"")
		return
	}
	var pts [][2]float64
	for _, c := range strings.Split(rest, ";") {
		lon, lat, ok := strings.Cut(c, ",")
		x, err1 := strconv.ParseFloat(lon, 64)
		y, err2 := strconv.ParseFloat(lat, 64)
		if !ok || err1 != nil || err2 != nil {
			fail(400, "InvalidQuery", "Query string malformed")
			return
		}
		pts = append(pts, [2]float64{y, x})
	}
	// osrm-routed separates the indices with ";", which url.ParseQuery refuses.
	query := map[string]string{}
	for _, kv := range strings.Split(r.URL.RawQuery, "&") {
		k, v, _ := strings.Cut(kv, "=")
		query[k] = v
	}
	index := func(name string) []int {
		var out []int
		for _, v := range strings.Split(query[name], ";") {
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 || n >= len(pts) {
				return nil
			}
			out = append(out, n)
		}
		return out
	}
	src, dst := index("sources"), index("destinations")
	if src == nil || dst == nil || query["annotations"] != "duration" {
		fail(400, "InvalidQuery", "Query string malformed")
		return
	}
	f.mu.Lock()
	f.maxSrc, f.maxDst = max(f.maxSrc, len(src)), max(f.maxDst, len(dst))
	f.maxPoints = max(f.maxPoints, len(src)+len(dst))
	f.pairs += len(src) * len(dst)
	f.mu.Unlock()
	switch mode {
	case "500":
		fail(500, "InternalError", "Ça a cassé\nsur deux lignes")
		return
	case "too-big":
		fail(400, "TooBig", "Too many table coordinates")
		return
	case "garbage":
		w.Write([]byte("<html>proxy error</html>"))
		return
	case "cut":
		w.Write([]byte(`{"code":"Ok","durations":[[1`))
		return
	case "typed":
		w.Write([]byte(`{"code":"Ok","durations":"beaucoup"}`))
		return
	case "notable":
		json.NewEncoder(w).Encode(map[string]string{"code": "NoTable", "message": "No table found"})
		return
	case "short":
		json.NewEncoder(w).Encode(map[string]any{"code": "Ok", "durations": [][]float64{{1}}})
		return
	case "negative":
		rows := make([][]float64, len(src))
		for n := range rows {
			rows[n] = make([]float64, len(dst))
			rows[n][0] = -5
		}
		json.NewEncoder(w).Encode(map[string]any{"code": "Ok", "durations": rows})
		return
	case "huge":
		w.Write([]byte(`{"code":"Ok","message":"` + strings.Repeat("x", 5000) + `"}`))
		return
	case "null", "1e308":
		rows := make([]string, len(src))
		for n := range rows {
			rows[n] = "[" + strings.TrimSuffix(strings.Repeat(mode+",", len(dst)), ",") + "]"
		}
		w.Write([]byte(`{"code":"Ok","durations":[` + strings.Join(rows, ",") + `]}`))
		return
	case "slow":
		<-r.Context().Done()
		return
	}
	rows := make([][]*float64, len(src))
	for n, a := range src {
		rows[n] = make([]*float64, len(dst))
		for m, b := range dst {
			if pts[b][0] == 45.5 {
				continue
			}
			v := fakeSeconds(pts[a][0], pts[a][1], pts[b][0], pts[b][1])
			rows[n][m] = &v
		}
	}
	json.NewEncoder(w).Encode(map[string]any{"code": "Ok", "durations": rows})
}

func osrmInstance(seed uint64) ([]Demand, []Supply) {
	r := rand.New(rand.NewPCG(seed, 5))
	d := make([]Demand, 60)
	for i := range d {
		d[i] = Demand{Code: "d" + itoa(i), Lat: 45 + r.Float64(), Lon: 4 + r.Float64()*1.4, Population: 100, AtRisk: float64(1 + r.IntN(50))}
	}
	s := make([]Supply, 150)
	for j := range s {
		s[j] = Supply{ID: "s" + itoa(j), Lat: 45 + r.Float64(), Lon: 4 + r.Float64()*1.4, Weight: 1}
	}
	s[3].Lat = 45.5 // the island: no route
	return d, s
}

func TestOSRMWithinAgainstFakeServer(t *testing.T) {
	fake := &fakeOSRM{}
	srv := httptest.NewServer(fake)
	defer srv.Close()
	d, s := osrmInstance(1)
	// Coordinates travel with 6 decimals: the oracle uses the same.
	round := func(v float64) float64 { x, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'f', 6, 64), 64); return x }
	const max = 20.0
	cost := OSRMWith(srv.URL+"/", srv.Client(), OSRMOptions{MaxSources: 2, MaxDestinations: 11})
	got := map[[2]int]float64{}
	var unroutable Unroutable
	err := cost.Within(WithUnroutable(context.Background(), &unroutable), d, s, max, func(i, j int, c float64) {
		if _, dup := got[[2]int{i, j}]; dup {
			t.Errorf("pair (%d, %d) twice", i, j)
		}
		got[[2]int{i, j}] = c
	})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for i := range d {
		for j := range s {
			want := fakeSeconds(round(d[i].Lat), round(d[i].Lon), round(s[j].Lat), round(s[j].Lon)) / 60
			c, ok := got[[2]int{i, j}]
			if j == 3 {
				if ok {
					t.Errorf("a place without a route is reached from %s", d[i].Code)
				}
				continue
			}
			if want <= max {
				n++
			}
			switch {
			case ok && math.Abs(c-want) > 1e-9:
				t.Errorf("(%d, %d): %v min, want %v", i, j, c, want)
			case !ok && want <= max:
				t.Errorf("(%d, %d) at %v min missing", i, j, want)
			case ok && want > max:
				t.Errorf("(%d, %d) at %v min beyond %v", i, j, want, max)
			}
		}
	}
	if n == 0 {
		t.Fatal("the instance has no pair within reach")
	}
	if fake.maxSrc > 2 || fake.maxPoints > 13 {
		t.Errorf("a request held %d sources and %d points, want at most 2 and 13", fake.maxSrc, fake.maxPoints)
	}
	if fake.maxDst <= 11 {
		t.Errorf("requests of one source held %d destinations at most, want up to 12: full requests", fake.maxDst)
	}
	// The place without a route is counted, once per commune asked for it.
	if asked, none := unroutable.Counts(); asked != fake.pairs || none == 0 || none >= asked/2 {
		t.Errorf("%d pairs asked and %d without a route counted; the server had %d asked", asked, none, fake.pairs)
	}
	if fake.pairs >= len(d)*len(s) {
		t.Errorf("%d pairs asked of %d: the crow-fly bound does not thin the requests", fake.pairs, len(d)*len(s))
	}
	t.Logf("%d requests, %d pairs asked, %d within %v min", fake.requests, fake.pairs, n, max)
	if cost.Name() != NameOSRM || cost.Unit() != UnitMin {
		t.Error("name or unit")
	}
}

// Compute asks the server once, and its results are those of the same
// times given as a table.
func TestComputeWithOSRM(t *testing.T) {
	fake := &fakeOSRM{}
	srv := httptest.NewServer(fake)
	defer srv.Close()
	d, s := osrmInstance(2)
	cost := OSRM(srv.URL, srv.Client())
	if err := cost.Within(context.Background(), d, s, 25, func(i, j int, c float64) {}); err != nil {
		t.Fatal(err)
	}
	once := fake.requests
	tab := &matrix{cost: map[[2]string]float64{}}
	if err := cost.Within(context.Background(), d, s, 25, func(i, j int, c float64) { tab.cost[[2]string{d[i].Code, s[j].ID}] = c }); err != nil {
		t.Fatal(err)
	}
	fake.requests = 0
	m := Method{Kind: KindE2SFCA, Catchment: 25}
	got, err := Compute(context.Background(), m, cost, d, s)
	if err != nil {
		t.Fatal(err)
	}
	if fake.requests != once {
		t.Errorf("Compute sent %d requests, one enumeration takes %d", fake.requests, once)
	}
	want, err := Compute(context.Background(), m, tab, d, s)
	if err != nil {
		t.Fatal(err)
	}
	for i := range got {
		if math.Abs(got[i].Accessibility-want[i].Accessibility) > 1e-9 || got[i].NearestID != want[i].NearestID || got[i].Served != want[i].Served {
			t.Errorf("%s: %+v, want %+v", d[i].Code, got[i], want[i])
		}
	}
}

func TestOSRMErrors(t *testing.T) {
	d, s := osrmInstance(3)
	for _, tt := range []struct {
		mode string
		want string
	}{
		{"500", "réponse HTTP 500 (InternalError : Ça a cassé sur deux lignes)"},
		{"too-big", "réponse HTTP 400 (TooBig : Too many table coordinates)"},
		{"garbage", "réponse illisible (JSON attendu) : caractère « < » inattendu à l'octet 1"},
		{"cut", "réponse illisible (JSON attendu) : réponse interrompue avant la fin du JSON"},
		{"typed", "réponse illisible (JSON attendu) : « durations » est une chaîne, pas ce qu'attend OSRM"},
		{"notable", "code « NoTable » au lieu de « Ok » (No table found)"},
		{"short", "lignes de durées pour"},
		{"negative", "durée -5 invalide"},
		{"huge", "trop grande (plus de 1000 octets"},
		{"slow", "n'a pas répondu en 50ms"},
		{"null", "n'a trouvé aucun trajet pour"},
		{"1e308", "durée 1e+308 s invalide : plus de 7 jours de trajet"},
	} {
		t.Run(tt.mode, func(t *testing.T) {
			fake := &fakeOSRM{mode: tt.mode}
			srv := httptest.NewServer(fake)
			defer srv.Close()
			u := strings.Replace(srv.URL, "http://", "http://moi:secret@", 1)
			// A short timeout for the server that never answers only: a
			// loaded machine may take longer than that to answer at all.
			timeout := 10 * time.Second
			if tt.mode == "slow" {
				timeout = 50 * time.Millisecond
			}
			cost := OSRMWith(u, srv.Client(), OSRMOptions{MaxBody: 1000, Timeout: timeout, MaxSources: 5, MaxDestinations: 5})
			err := cost.Within(context.Background(), d, s, 20, func(i, j int, c float64) {})
			if !errors.Is(err, failure.ErrUnavailable) {
				t.Fatalf("%v, want an unavailable failure", err)
			}
			msg := failure.MessageOf(err)
			if !strings.Contains(msg, tt.want) || !strings.Contains(msg, "OSRM "+redactedUser+"@127.0.0.1") || strings.Contains(msg, "secret") {
				t.Errorf("message %q, want it to name the server without its password and say %q", msg, tt.want)
			}
		})
	}
	t.Run("unreachable", func(t *testing.T) {
		srv := httptest.NewServer(http.NotFoundHandler())
		u := srv.URL
		srv.Close()
		err := OSRM(u, nil).Within(context.Background(), d, s, 20, func(i, j int, c float64) {})
		if !errors.Is(err, failure.ErrUnavailable) || !strings.Contains(failure.MessageOf(err), "injoignable") {
			t.Errorf("%v", err)
		}
	})
	for _, u := range []string{"", "localhost:5000", "ftp://x", "http://"} {
		err := OSRM(u, nil).Within(context.Background(), d, s, 20, func(i, j int, c float64) {})
		if !errors.Is(err, failure.ErrInvalid) {
			t.Errorf("base %q: %v, want an invalid-input failure", u, err)
		}
	}
	if err := OSRM("http://localhost:1", nil).Within(context.Background(), d, s, math.Inf(1), func(i, j int, c float64) {}); !errors.Is(err, failure.ErrInvalid) {
		t.Errorf("no bound: %v", err)
	}
	// A computation that would need too many requests asks nothing.
	fake0 := &fakeOSRM{}
	srv0 := httptest.NewServer(fake0)
	defer srv0.Close()
	err0 := OSRMWith(srv0.URL, srv0.Client(), OSRMOptions{MaxRequests: 3}).Within(context.Background(), d, s, 20, func(i, j int, c float64) {})
	if msg := failure.MessageOf(err0); !errors.Is(err0, failure.ErrInvalid) || !strings.Contains(msg, "plus que les 3 permises") ||
		!strings.Contains(msg, "choisissez un seuil plus court, ou le coût detour") || strings.Contains(msg, "territoire plus petit") || fake0.requests != 0 {
		t.Errorf("beyond MaxRequests: %v, %d requests sent", err0, fake0.requests)
	}
	// The cancelled context stops the requests.
	fake := &fakeOSRM{mode: "slow"}
	srv := httptest.NewServer(fake)
	defer srv.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel()
	err := OSRM(srv.URL, srv.Client()).Within(ctx, d, s, 20, func(i, j int, c float64) {})
	if !errors.Is(err, context.DeadlineExceeded) || errors.Is(err, failure.ErrUnavailable) {
		t.Errorf("the caller's deadline: %v, want it, not the server's fault", err)
	}
}

func TestParseTable(t *testing.T) {
	dur, err := parseTable([]byte(`{"code":"Ok","durations":[[60,null],[0,90.5]]}`), 200, 2, 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(dur) != 4 || dur[0] != 1 || !math.IsNaN(dur[1]) || dur[2] != 0 || dur[3] != 90.5/60 {
		t.Errorf("%v", dur)
	}
	for _, body := range []string{
		`{"code":"Ok","durations":[[60,null]]}`,
		`{"code":"Ok","durations":[[60],[1]]}`,
		`{"code":"Ok","durations":[[60,"x"],[1,2]]}`,
		`{"code":"Ok"}`,
		`[]`,
	} {
		if _, err := parseTable([]byte(body), 200, 2, 2); err == nil {
			t.Errorf("%s: accepted", body)
		}
	}
}

func FuzzParseTable(f *testing.F) {
	f.Add([]byte(`{"code":"Ok","durations":[[60,null],[0,90.5]]}`), 200, 2, 2)
	f.Add([]byte(`{"code":"InvalidQuery","message":"x"}`), 400, 1, 1)
	f.Add([]byte(`{"code":"Ok","durations":[[1e308]]}`), 200, 1, 1)
	f.Add([]byte(`{"code":"Ok","durations":[[604801]]}`), 200, 1, 1)
	f.Fuzz(func(t *testing.T, body []byte, status, ns, nd int) {
		if ns < 0 || nd < 0 || ns > 1000 || nd > 1000 {
			return
		}
		dur, err := parseTable(body, status, ns, nd)
		if err != nil {
			return
		}
		if len(dur) != ns*nd {
			t.Fatalf("%d durations for %d × %d", len(dur), ns, nd)
		}
		for _, v := range dur {
			if v < 0 || math.IsInf(v, 0) || v > MaxTripSeconds/60 {
				t.Fatalf("duration %v", v)
			}
		}
	})
}

// redactedUser is how an error names the server's user with its password
// hidden (url.URL.Redacted's form).
var redactedUser = strings.TrimSuffix((&url.URL{Scheme: "http", User: url.UserPassword("moi", "secret"), Host: "h"}).Redacted(), "@h")
