// Package geocode turns what a person types ("Albi", "31000", "12 rue de
// la Paix, Toulouse") into a position: through the French address API
// (BAN, served by the Géoplateforme) behind a configurable URL, with a
// cache, and offline through the commune referential.
package geocode

import (
	"container/list"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"maillage/internal/failure"
	"maillage/internal/territory"
)

// DefaultURL is the Géoplateforme's geocoding service (the BAN).
const DefaultURL = "https://data.geopf.fr/geocodage"

// Place is a position found for a query.
type Place struct {
	Label    string // what to show: "Albi (81000)", "12 Rue de la Paix 31000 Toulouse"
	Lat, Lon float64
	Commune  string // INSEE code of the commune, when known
	Kind     string // "commune" or "adresse"
	// Positioned is false for a commune whose centre is not loaded
	// (offline): search by its code instead of around a point.
	Positioned bool
}

// Client calls the BAN API: GET {BaseURL}/search?q=…&limit=… It caches
// answers, sends at most MaxConcurrent requests at a time, and after a
// failure to reach the service stops asking it for a pause, so that a
// service down does not slow every search.
type Client struct {
	BaseURL string
	HTTP    *http.Client

	now   func() time.Time
	slots chan struct{} // one per request in flight

	mu        sync.Mutex
	cache     map[string]*list.Element
	lru       *list.List
	downUntil time.Time
}

type cached struct {
	key    string
	places []Place
	at     time.Time
}

const (
	cacheSize = 2000
	cacheTTL  = 24 * time.Hour
	// MaxConcurrent is how many requests the client sends at a time; the
	// others wait for a slot, as long as their context lets them.
	MaxConcurrent = 4
	// MaxQuery is the longest query, in bytes, sent to the service (the
	// BAN refuses longer ones).
	MaxQuery = 200
	// pauseAfterFailure is how long the client stops asking a service it
	// could not reach.
	pauseAfterFailure = 30 * time.Second
)

// ErrUnreachable is the failure of a service that cannot be reached (or
// is paused after such a failure).
var ErrUnreachable = failure.Errorf(failure.Unavailable, "service d'adresses injoignable")

// NewClient returns a client of the service at baseURL ("" for
// DefaultURL); now is its clock (cache age, pauses).
func NewClient(baseURL string, now func() time.Time) *Client {
	if baseURL == "" {
		baseURL = DefaultURL
	}
	return &Client{BaseURL: strings.TrimSuffix(baseURL, "/"), HTTP: &http.Client{Timeout: 3 * time.Second}, now: now,
		slots: make(chan struct{}, MaxConcurrent), cache: map[string]*list.Element{}, lru: list.New()}
}

type banResponse struct {
	Features []struct {
		Geometry struct {
			Coordinates []float64 `json:"coordinates"`
		} `json:"geometry"`
		Properties struct {
			Label    string  `json:"label"`
			Type     string  `json:"type"`
			Citycode string  `json:"citycode"`
			Postcode string  `json:"postcode"`
			City     string  `json:"city"`
			Score    float64 `json:"score"`
		} `json:"properties"`
	} `json:"features"`
}

// Search asks the service, or its cache, for up to limit places. It
// returns an error wrapping ErrUnreachable when the service cannot be
// reached.
func (c *Client) Search(ctx context.Context, q string, limit int) ([]Place, error) {
	key := fmt.Sprintf("%d|%s", limit, strings.ToLower(strings.TrimSpace(q)))
	if ps, ok := c.get(key); ok {
		return ps, nil
	}
	if c.paused() {
		return nil, ErrUnreachable
	}
	select {
	case c.slots <- struct{}{}:
		defer func() { <-c.slots }()
	case <-ctx.Done():
		return nil, failure.Wrap(failure.Unavailable, ctx.Err(), "service d'adresses occupé")
	}
	// Another request may have brought the answer while this one waited.
	if ps, ok := c.get(key); ok {
		return ps, nil
	}
	u := c.BaseURL + "/search?" + url.Values{"q": {q}, "limit": {fmt.Sprint(limit)}, "autocomplete": {"0"}}.Encode()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("User-Agent", "maillage")
	resp, err := c.HTTP.Do(req)
	if err != nil {
		if ctx.Err() == nil {
			c.pause()
		}
		return nil, fmt.Errorf("%w : %w", ErrUnreachable, err)
	}
	defer resp.Body.Close()
	switch {
	case resp.StatusCode >= 400 && resp.StatusCode < 500 && resp.StatusCode != http.StatusTooManyRequests:
		// A query the service does not understand: nothing found.
		c.put(key, nil)
		return nil, nil
	case resp.StatusCode != http.StatusOK:
		c.pause()
		return nil, fmt.Errorf("%w : %s", ErrUnreachable, resp.Status)
	}
	ps, err := parseBAN(http.MaxBytesReader(nil, resp.Body, 1<<20))
	if err != nil {
		return nil, err
	}
	c.put(key, ps)
	return ps, nil
}

func (c *Client) paused() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now().Before(c.downUntil)
}

func (c *Client) pause() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.downUntil = c.now().Add(pauseAfterFailure)
}

// parseBAN reads a BAN answer (a GeoJSON FeatureCollection), keeping the
// results scored 0.4 or more.
func parseBAN(r io.Reader) ([]Place, error) {
	var br banResponse
	if err := json.NewDecoder(r).Decode(&br); err != nil {
		return nil, fmt.Errorf("géocodeur : réponse illisible : %w", err)
	}
	var ps []Place
	for _, f := range br.Features {
		c := f.Geometry.Coordinates
		if len(c) != 2 || f.Properties.Score < 0.4 || c[1] < -90 || c[1] > 90 || c[0] < -180 || c[0] > 180 {
			continue
		}
		kind := "adresse"
		label := f.Properties.Label
		if f.Properties.Type == "municipality" {
			kind = "commune"
			label = f.Properties.City + " (" + f.Properties.Postcode + ")"
		}
		ps = append(ps, Place{Label: label, Lat: c[1], Lon: c[0], Commune: f.Properties.Citycode, Kind: kind, Positioned: true})
	}
	return ps, nil
}

func (c *Client) get(key string) ([]Place, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.cache[key]
	if !ok {
		return nil, false
	}
	e := el.Value.(*cached)
	if c.now().Sub(e.at) > cacheTTL {
		c.lru.Remove(el)
		delete(c.cache, key)
		return nil, false
	}
	c.lru.MoveToFront(el)
	return e.places, true
}

func (c *Client) put(key string, ps []Place) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.cache[key]; ok {
		el.Value = &cached{key, ps, c.now()}
		c.lru.MoveToFront(el)
		return
	}
	c.cache[key] = c.lru.PushFront(&cached{key, ps, c.now()})
	for c.lru.Len() > cacheSize {
		old := c.lru.Back()
		c.lru.Remove(old)
		delete(c.cache, old.Value.(*cached).key)
	}
}

// Resolver finds where a person means: postcodes, INSEE codes and commune
// names from the referential first (no network needed), then the
// geocoder for addresses and anything else.
type Resolver struct {
	Geocoder *Client // nil: offline
}

// Resolve returns the candidate places for q, best first. A postcode is
// read as a postcode first; when it is also an INSEE code, that commune
// follows, labelled as such ("vous pensiez peut-être à"). err is set when
// the geocoder was needed and could not answer (the places are then the
// referential's, maybe none).
func (r *Resolver) Resolve(ctx context.Context, ref *territory.Referential, q string) (places []Place, err error) {
	q = strings.TrimSpace(q)
	if q == "" {
		return nil, nil
	}
	local := ref.Search(q, 8)
	code := isCode(q)
	// A name or code the referential knows needs no network.
	known := code
	// "Paris 15ème", "LYON 03": an arrondissement as people write it.
	if len(local) == 0 {
		if l := ref.Locate("", q); l.Commune != nil {
			local, known = []*territory.Commune{l.Commune}, true
		}
	}
	// A commune found by its exact name: the other suggestions are its
	// homonyms, never names it only begins (Brest, not Brestot), and for
	// Paris, Lyon and Marseille their arrondissements, all, in order.
	if !code && len(local) > 0 && territory.Fold(local[0].Nom) == territory.Fold(q) {
		exact := slices.DeleteFunc(slices.Clone(local), func(c *territory.Commune) bool { return territory.Fold(c.Nom) != territory.Fold(q) })
		local = append(exact, ref.Arrondissements(exact[0].Code)...)
	}
	var out []Place
	for _, c := range local {
		p := Place{Label: label(ref, c), Commune: c.Code, Kind: "commune"}
		if !code && len(out) > 0 && territory.ParentOf(c.Code) == local[0].Code {
			// Under their commune, short: "Lyon 1er", "Lyon 2e"…
			p.Label = strings.TrimSuffix(c.Nom, " Arrondissement")
		}
		if code && slices.Contains(c.CodesPostaux, q) {
			p.Label = c.Nom + " (" + q + ")"
		} else if code && c.Code == q {
			p.Label = c.Nom + " (code INSEE " + q + ")"
		}
		if c.Centre != nil {
			p.Lat, p.Lon, p.Positioned = c.Centre.Lat, c.Centre.Lon, true
		}
		out = append(out, p)
	}
	if len(out) > 0 && (known || territory.Fold(local[0].Nom) == territory.Fold(q)) {
		return out, nil
	}
	if r.Geocoder != nil && len(q) <= MaxQuery {
		if !permitted(ctx) {
			return out, ErrTooMany
		}
		ps, err := r.Geocoder.Search(ctx, q, 5)
		if err != nil {
			return out, err
		}
		if len(ps) > 0 {
			return ps, nil
		}
	}
	return out, nil
}

// label names a commune with its postcode; Paris, Lyon and Marseille,
// which have one per arrondissement, by their name alone.
func label(ref *territory.Referential, c *territory.Commune) string {
	if len(c.CodesPostaux) > 0 && len(ref.Arrondissements(c.Code)) == 0 {
		return c.Nom + " (" + c.CodesPostaux[0] + ")"
	}
	return c.Nom
}

func isCode(q string) bool {
	if len(q) != 5 {
		return false
	}
	for i := 0; i < 5; i++ {
		if (q[i] < '0' || q[i] > '9') && !(i == 1 && (q[i] == 'A' || q[i] == 'B')) {
			return false
		}
	}
	return true
}
