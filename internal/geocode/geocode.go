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
	"strings"
	"sync"
	"time"

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

// Client calls the BAN API: GET {BaseURL}/search?q=…&limit=…
type Client struct {
	BaseURL string
	HTTP    *http.Client

	mu    sync.Mutex
	cache map[string]*list.Element
	lru   *list.List
}

type cached struct {
	key    string
	places []Place
	at     time.Time
}

const (
	cacheSize = 2000
	cacheTTL  = 24 * time.Hour
)

// NewClient returns a client of the service at baseURL ("" for DefaultURL).
func NewClient(baseURL string) *Client {
	if baseURL == "" {
		baseURL = DefaultURL
	}
	return &Client{BaseURL: strings.TrimSuffix(baseURL, "/"), HTTP: &http.Client{Timeout: 3 * time.Second},
		cache: map[string]*list.Element{}, lru: list.New()}
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

// Search asks the service, or its cache, for up to limit places.
func (c *Client) Search(ctx context.Context, q string, limit int) ([]Place, error) {
	key := fmt.Sprintf("%d|%s", limit, strings.ToLower(strings.TrimSpace(q)))
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
		return nil, fmt.Errorf("géocodeur : %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("géocodeur : %s", resp.Status)
	}
	ps, err := parseBAN(http.MaxBytesReader(nil, resp.Body, 1<<20))
	if err != nil {
		return nil, err
	}
	c.put(key, ps)
	return ps, nil
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
	if time.Since(e.at) > cacheTTL {
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
		el.Value = &cached{key, ps, time.Now()}
		c.lru.MoveToFront(el)
		return
	}
	c.cache[key] = c.lru.PushFront(&cached{key, ps, time.Now()})
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

// Resolve returns the candidate places for q, best first.
func (r *Resolver) Resolve(ctx context.Context, ref *territory.Referential, q string) []Place {
	q = strings.TrimSpace(q)
	if q == "" {
		return nil
	}
	local := ref.Search(q, 8)
	var out []Place
	for _, c := range local {
		if c.Centre == nil {
			out = append(out, Place{Label: label(c), Commune: c.Code, Kind: "commune"})
			continue
		}
		out = append(out, Place{Label: label(c), Lat: c.Centre.Lat, Lon: c.Centre.Lon, Commune: c.Code, Kind: "commune", Positioned: true})
	}
	// A name or code the referential knows needs no network.
	if len(out) > 0 && (territory.Fold(local[0].Nom) == territory.Fold(q) || isCode(q)) {
		return out
	}
	if r.Geocoder != nil {
		if ps, err := r.Geocoder.Search(ctx, q, 5); err == nil && len(ps) > 0 {
			return ps
		}
	}
	return out
}

func label(c *territory.Commune) string {
	if len(c.CodesPostaux) > 0 {
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
