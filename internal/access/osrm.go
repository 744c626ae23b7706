package access

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"maillage/internal/failure"
	"maillage/internal/french"
	"maillage/internal/printable"
)

// OSRMOptions tune the OSRM adapter; the zero value takes the defaults.
type OSRMOptions struct {
	// Profile is the routing profile of the URL: "driving" by default.
	Profile string
	// MaxSources bounds the sources of one table request, and
	// MaxSources + MaxDestinations its points (a request with fewer
	// sources takes more destinations): 50 and 50 by default,
	// osrm-routed's default --max-table-size being 100.
	MaxSources, MaxDestinations int
	// MaxRequests bounds the table requests of one computation: 5 000 by
	// default (12.5 million pairs); a computation that would need more
	// is refused before asking anything.
	MaxRequests int
	// MaxKmh is a speed no trip beats as the crow flies: pairs farther
	// than catchment × MaxKmh are not asked. 130 km/h by default.
	MaxKmh float64
	// Timeout bounds each request: 30 s by default.
	Timeout time.Duration
	// MaxBody bounds the size of an answer: 16 MiB by default.
	MaxBody int64
	// Parallel is how many requests run at once: 2 by default.
	Parallel int
}

// OSRM is the driving time in minutes from an OSRM server's table
// service (baseURL like http://localhost:5000), asked only for the pairs
// that could be within the catchment, in batches. client nil means
// http.DefaultClient.
func OSRM(baseURL string, client *http.Client) Cost {
	return OSRMWith(baseURL, client, OSRMOptions{})
}

// OSRMWith is OSRM with options.
func OSRMWith(baseURL string, client *http.Client, o OSRMOptions) Cost {
	if client == nil {
		client = http.DefaultClient
	}
	if o.Profile == "" {
		o.Profile = "driving"
	}
	if o.MaxSources <= 0 {
		o.MaxSources = 50
	}
	if o.MaxDestinations <= 0 {
		o.MaxDestinations = 50
	}
	if o.MaxRequests <= 0 {
		o.MaxRequests = 5000
	}
	if !(o.MaxKmh > 0) {
		o.MaxKmh = 130
	}
	if o.Timeout <= 0 {
		o.Timeout = 30 * time.Second
	}
	if o.MaxBody <= 0 {
		o.MaxBody = 16 << 20
	}
	if o.Parallel <= 0 {
		o.Parallel = 2
	}
	return &osrm{base: strings.TrimRight(baseURL, "/"), client: client, o: o}
}

type osrm struct {
	base   string
	client *http.Client
	o      OSRMOptions
}

func (*osrm) Name() string { return NameOSRM }
func (*osrm) Unit() string { return UnitMin }

// where names the server in messages, without a password of its URL.
func (c *osrm) where() string {
	u, err := url.Parse(c.base)
	if err != nil {
		return "OSRM"
	}
	return "OSRM " + u.Redacted()
}

func (c *osrm) check() error {
	u, err := url.Parse(c.base)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return failure.Errorf(failure.Invalid, "adresse du serveur OSRM « %s » invalide : attendu http://hôte:port ou https://…", c.base)
	}
	if strings.ContainsAny(c.o.Profile, "/?#%") {
		return failure.Errorf(failure.Invalid, "profil OSRM « %s » invalide", c.o.Profile)
	}
	return nil
}

// tableJob is one table request: sources and destinations by index.
type tableJob struct{ src, dst []int }

type tableAnswer struct {
	job tableJob
	dur []float64 // minutes, row-major; NaN when no route
	err error
}

// Within asks the server for the pairs of communes and places that could
// be within max minutes (crow-fly within max × MaxKmh), grouping nearby
// communes so that one request serves several, and calls fn from the
// calling goroutine.
func (c *osrm) Within(ctx context.Context, d []Demand, s []Supply, max float64, fn func(i, j int, cost float64)) error {
	if err := c.check(); err != nil {
		return err
	}
	if err := checkMax(max, UnitMin); err != nil {
		return err
	}
	if math.IsInf(max, 1) {
		return failure.Errorf(failure.Invalid, "coût osrm : un seuil fini est nécessaire")
	}
	if err := checkPoints(d, s); err != nil {
		return err
	}
	jobs := c.plan(d, s, max)
	if len(jobs) > c.o.MaxRequests {
		// The diagnostic always computes all of France, whatever the
		// territory shown: only the catchment or another cost helps.
		return failure.Errorf(failure.Invalid, "le calcul demanderait %s requêtes au serveur %s, plus que les %s permises (toute la France est calculée, quel que soit le territoire affiché) : choisissez un seuil plus court, ou le coût detour (vol d'oiseau × détour, sans serveur)",
			french.Number(len(jobs)), c.where(), french.Number(c.o.MaxRequests))
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	pending := make(chan tableJob)
	done := make(chan tableAnswer)
	var wg sync.WaitGroup
	for range c.o.Parallel {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for job := range pending {
				dur, err := c.table(ctx, d, s, job)
				select {
				case done <- tableAnswer{job, dur, err}:
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	go func() {
		defer close(pending)
		for _, job := range jobs {
			select {
			case pending <- job:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() { wg.Wait(); close(done) }()
	var first error
	var asked, unroutable int
	for a := range done {
		if first != nil {
			continue
		}
		if a.err != nil {
			first = a.err
			cancel()
			continue
		}
		asked += len(a.dur)
		for n, i := range a.job.src {
			for m, j := range a.job.dst {
				v := a.dur[n*len(a.job.dst)+m]
				if math.IsNaN(v) {
					unroutable++
				} else if v <= max {
					fn(i, j, v)
				}
			}
		}
	}
	if first != nil {
		return first
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if counter, ok := ctx.Value(unroutableKey{}).(*Unroutable); ok {
		counter.add(asked, unroutable)
	}
	if 2*unroutable > asked {
		return failure.Errorf(failure.Unavailable, "le serveur %s n'a trouvé aucun trajet pour %s des %s couples commune–lieu demandés (plus de la moitié) : ses données couvrent-elles ce territoire, avec ce profil ?",
			c.where(), french.Number(unroutable), french.Number(asked))
	}
	return nil
}

// Unroutable counts the pairs an OSRM server was asked and those it found
// no route for (null: counted out of reach), over the computations of a
// context (WithUnroutable).
type Unroutable struct {
	mu             sync.Mutex
	Asked, NoRoute int
}

func (u *Unroutable) add(asked, none int) {
	u.mu.Lock()
	defer u.mu.Unlock()
	u.Asked += asked
	u.NoRoute += none
}

// Counts returns the pairs asked and those without a route.
func (u *Unroutable) Counts() (asked, none int) {
	u.mu.Lock()
	defer u.mu.Unlock()
	return u.Asked, u.NoRoute
}

type unroutableKey struct{}

// WithUnroutable returns a context whose OSRM computations count their
// pairs without a route in u.
func WithUnroutable(ctx context.Context, u *Unroutable) context.Context {
	return context.WithValue(ctx, unroutableKey{}, u)
}

// plan groups the communes in square cells of half the crow-fly radius
// and asks, for each cell, the places within the radius of any of its
// communes, in requests of at most MaxSources × MaxDestinations.
func (c *osrm) plan(d []Demand, s []Supply, max float64) []tableJob {
	km := max / 60 * c.o.MaxKmh
	side := math.Max(km/2, 1) / EarthKm * 180 / math.Pi // degrees of latitude
	type cell struct{ r, c int }
	cells := map[cell][]int{}
	var order []cell
	for i, x := range d {
		r := int(math.Floor(x.Lat / side))
		w := side / math.Max(math.Cos((float64(r)+0.5)*side*math.Pi/180), 0.01)
		k := cell{r, int(math.Floor(x.Lon / w))}
		if _, ok := cells[k]; !ok {
			order = append(order, k)
		}
		cells[k] = append(cells[k], i)
	}
	ix := newStrips(s, rowHeight(km))
	q := ix.query(km)
	var jobs []tableJob
	seen := make([]bool, len(s))
	for _, k := range order {
		src := cells[k]
		var dst []int
		for _, i := range src {
			q.each(d[i].Lat, d[i].Lon, func(j int, _ float64) {
				if !seen[j] {
					seen[j] = true
					dst = append(dst, j)
				}
			})
		}
		for _, j := range dst {
			seen[j] = false
		}
		slices.Sort(dst)
		for a := 0; a < len(src) && len(dst) > 0; a += c.o.MaxSources {
			rows := src[a:min(a+c.o.MaxSources, len(src))]
			// Fewer sources leave room for more destinations.
			cols := c.o.MaxSources + c.o.MaxDestinations - len(rows)
			for b := 0; b < len(dst); b += cols {
				jobs = append(jobs, tableJob{src: rows, dst: dst[b:min(b+cols, len(dst))]})
			}
		}
	}
	return jobs
}

// table asks one table request and returns its durations in minutes.
func (c *osrm) table(ctx context.Context, d []Demand, s []Supply, job tableJob) ([]float64, error) {
	var b strings.Builder
	b.WriteString(c.base + "/table/v1/" + c.o.Profile + "/")
	coord := func(lat, lon float64) {
		b.WriteString(strconv.FormatFloat(lon, 'f', 6, 64))
		b.WriteByte(',')
		b.WriteString(strconv.FormatFloat(lat, 'f', 6, 64))
	}
	for n, i := range job.src {
		if n > 0 {
			b.WriteByte(';')
		}
		coord(d[i].Lat, d[i].Lon)
	}
	for _, j := range job.dst {
		b.WriteByte(';')
		coord(s[j].Lat, s[j].Lon)
	}
	b.WriteString("?sources=")
	for n := range job.src {
		if n > 0 {
			b.WriteByte(';')
		}
		b.WriteString(strconv.Itoa(n))
	}
	b.WriteString("&destinations=")
	for m := range job.dst {
		if m > 0 {
			b.WriteByte(';')
		}
		b.WriteString(strconv.Itoa(len(job.src) + m))
	}
	b.WriteString("&annotations=duration")
	parent := ctx
	ctx, cancel := context.WithTimeout(ctx, c.o.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, b.String(), nil)
	if err != nil {
		return nil, failure.Wrap(failure.Invalid, err, fmt.Sprintf("adresse du serveur %s invalide", c.where()))
	}
	resp, err := c.client.Do(req)
	if err != nil {
		if perr := parent.Err(); perr != nil {
			return nil, perr // the caller gave up: not the server's fault
		}
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return nil, failure.Wrap(failure.Unavailable, err, fmt.Sprintf("le serveur %s n'a pas répondu en %s", c.where(), c.o.Timeout))
		}
		return nil, failure.Wrap(failure.Unavailable, err, fmt.Sprintf("serveur %s injoignable", c.where()))
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, c.o.MaxBody+1))
	if err != nil {
		if perr := parent.Err(); perr != nil {
			return nil, perr
		}
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return nil, failure.Wrap(failure.Unavailable, err, fmt.Sprintf("le serveur %s n'a pas répondu en %s", c.where(), c.o.Timeout))
		}
		return nil, failure.Wrap(failure.Unavailable, err, fmt.Sprintf("réponse du serveur %s interrompue", c.where()))
	}
	if int64(len(body)) > c.o.MaxBody {
		return nil, failure.Errorf(failure.Unavailable, "réponse du serveur %s trop grande (plus de %d octets pour %d × %d trajets)", c.where(), c.o.MaxBody, len(job.src), len(job.dst))
	}
	dur, err := parseTable(body, resp.StatusCode, len(job.src), len(job.dst))
	if err != nil {
		return nil, failure.Errorf(failure.Unavailable, "serveur %s : %v", c.where(), err)
	}
	return dur, nil
}

// jsonWords says why an answer is not the JSON expected, in French.
func jsonWords(err error) string {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se) && strings.Contains(se.Error(), "unexpected end"):
		return "réponse interrompue avant la fin du JSON"
	case errors.As(err, &se):
		if rest, ok := strings.CutPrefix(se.Error(), "invalid character '"); ok {
			if char, _, ok := strings.Cut(rest, "' "); ok {
				return fmt.Sprintf("caractère « %s » inattendu à l'octet %d", oneLine(char), se.Offset)
			}
		}
		return fmt.Sprintf("syntaxe JSON invalide à l'octet %d", se.Offset)
	case errors.As(err, &te):
		kinds := map[string]string{"string": "une chaîne", "number": "un nombre", "bool": "un booléen", "array": "un tableau", "object": "un objet"}
		kind, ok := kinds[te.Value]
		if !ok {
			kind = "une valeur"
		}
		field := te.Field
		if field == "" {
			field = "la réponse"
		} else {
			field = "« " + oneLine(field) + " »"
		}
		return fmt.Sprintf("%s est %s, pas ce qu'attend OSRM", field, kind)
	}
	return "JSON invalide"
}

// MaxTripSeconds is the longest trip an OSRM answer may give: a week.
// Longer is a lie (1e308) or a broken server.
const MaxTripSeconds = 7 * 86400

// parseTable reads the answer of an OSRM table request of ns sources and
// nd destinations: durations in minutes, row-major, NaN where the server
// found no route (null).
func parseTable(body []byte, status, ns, nd int) ([]float64, error) {
	var a struct {
		Code      string       `json:"code"`
		Message   string       `json:"message"`
		Durations [][]*float64 `json:"durations"`
	}
	jerr := json.Unmarshal(body, &a)
	if status != http.StatusOK {
		if jerr == nil && a.Code != "" {
			return nil, fmt.Errorf("réponse HTTP %d (%s : %s)", status, oneLine(a.Code), oneLine(a.Message))
		}
		return nil, fmt.Errorf("réponse HTTP %d", status)
	}
	if jerr != nil {
		return nil, fmt.Errorf("réponse illisible (JSON attendu) : %s", jsonWords(jerr))
	}
	if a.Code != "Ok" {
		return nil, fmt.Errorf("code « %s » au lieu de « Ok » (%s)", oneLine(a.Code), oneLine(a.Message))
	}
	if len(a.Durations) != ns {
		return nil, fmt.Errorf("%d lignes de durées pour %d communes", len(a.Durations), ns)
	}
	out := make([]float64, 0, ns*nd)
	for n, row := range a.Durations {
		if len(row) != nd {
			return nil, fmt.Errorf("ligne %d : %d durées pour %d lieux", n+1, len(row), nd)
		}
		for m, v := range row {
			switch {
			case v == nil:
				out = append(out, math.NaN())
			case !(*v >= 0) || math.IsInf(*v, 0):
				return nil, fmt.Errorf("ligne %d, colonne %d : durée %v invalide (secondes, positive)", n+1, m+1, *v)
			case *v > MaxTripSeconds:
				return nil, fmt.Errorf("ligne %d, colonne %d : durée %v s invalide : plus de %d jours de trajet", n+1, m+1, *v, MaxTripSeconds/86400)
			default:
				out = append(out, *v/60)
			}
		}
	}
	return out, nil
}

// oneLine keeps a server's word short and on one line.
func oneLine(s string) string {
	s = printable.String(strings.Join(strings.Fields(s), " "))
	if r := []rune(s); len(r) > 200 {
		s = string(r[:200]) + "…"
	}
	return s
}
