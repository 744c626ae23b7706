// Package web serves maillage over HTTP: the pages, the open-data downloads
// and the API. Every route is declared in routes.go; each page or action has
// its own file named after its URL.
package web

import (
	"context"
	"embed"
	"html/template"
	"log/slog"
	"net/http"
	"net/netip"
	"net/url"
	"reflect"
	"sync"
	"sync/atomic"
	"time"

	"maillage/internal/account"
	"maillage/internal/diagnostic"
	"maillage/internal/geocode"
	"maillage/internal/harvest"
	"maillage/internal/mail"
	"maillage/internal/search"
	"maillage/internal/store"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// DefaultTileURL is the Plan IGN v2 raster tiles of the Géoplateforme.
const DefaultTileURL = "https://data.geopf.fr/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2&STYLE=normal&TILEMATRIXSET=PM&FORMAT=image/png&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}"

// Config is what a server is built from.
type Config struct {
	Store    store.Store
	Logger   *slog.Logger
	Geocoder *geocode.Client // nil: places are found through the referential only
	// TileURL is the raster tile template of the map ({z}, {x}, {y}).
	TileURL string
	// BaseURL is the public address of the site, the only base of the links
	// that leave it (sign-in e-mails, QR codes, embed snippets); "" sends no
	// e-mail and prints paths only. It is never taken from a request.
	BaseURL string
	// Now gives the time (tests set it).
	Now func() time.Time
	// Clock gives the real time, for network deadlines (tests that set Now
	// leave it).
	Clock func() time.Time
	// DownloadDir holds the open-data files written from the registry, one
	// per format, rewritten when it changes; "" is a temporary folder.
	DownloadDir string
	// VendorDir holds the front-end packages installed by npm
	// (node_modules); "" disables the map.
	VendorDir string
	// TrustedProxies are the reverse proxies whose X-Forwarded-For tells
	// the client's address (for rate limits only); none: RemoteAddr.
	TrustedProxies []netip.Prefix
	// Mail sends sign-in links; nil writes them to the log.
	Mail mail.Sender
	// Hub is who publishes the registry (file names, catalogue); what it
	// leaves out takes the defaults of CheckHub.
	Hub Hub
	// HubPerimetre is the hub's territories: the whole perimeter of its
	// statistics (/statistiques/perimetre); none is everywhere.
	HubPerimetre []store.TerritoryRef
	// Harvest are the settings of the harvests asked from a source's page
	// (those of the scheduled harvests); nil: no harvest from the site.
	Harvest *harvest.Options
	// PassReminderDays are the steps of the reminders sent before the end
	// of a Pass numérique order's validity, in days (nil:
	// DefaultPassReminderDays; empty: none).
	PassReminderDays []int
	// OSRMURL is the OSRM server of the diagnostic's "osrm" cost; "" offers
	// the offline costs only.
	OSRMURL string
	// OrientationRetention is how long an orientation keeps what was said
	// of the person (0: orientation.DefaultRetention, two years).
	OrientationRetention time.Duration
}

// Server holds what the handlers need.
type Server struct {
	cfg        Config
	store      store.Store
	log        *slog.Logger
	templates  *template.Template
	resolver   *geocode.Resolver
	index      atomic.Pointer[search.Index]
	stats      atomic.Pointer[store.Stats]
	refreshMu  sync.Mutex
	downloads  downloadFiles
	tileOrigin string
	// pending counts the e-mails being sent and the harvests asked from
	// the site; stopping ends when Shutdown gives up waiting for them.
	pending  sync.WaitGroup
	stopping context.Context
	stop     context.CancelFunc
	// requests to the address service, per client address
	geocodeLimiter *rateLimiter
	// computations of new diagnostic options, per client address
	diagnosticLimiter *rateLimiter
	// diagnostics computes the diagnostic of France once per options and
	// revision of the index and the demand (diagnostic_cache.go).
	diagnostics *diagnostic.Cache
	// layers keeps the map's layers for the current revision (carte_couches.go).
	layers layerCache
	// qualified caches the places qualified for the Pass numérique (pass_qualified.go).
	qualified qualifiedCache
}

// NewServer builds the index from the store and returns the server; its
// Handler serves every route.
func NewServer(ctx context.Context, cfg Config) (*Server, error) {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Clock == nil {
		cfg.Clock = time.Now
	}
	if cfg.TileURL == "" {
		cfg.TileURL = DefaultTileURL
	}
	if cfg.BaseURL != "" {
		base, err := CheckSiteURL(cfg.BaseURL)
		if err != nil {
			return nil, err
		}
		cfg.BaseURL = base
	}
	if cfg.Mail == nil {
		cfg.Mail = mail.Log{Logger: cfg.Logger}
	}
	hub, _, err := CheckHub(cfg.Hub)
	if err != nil {
		return nil, err
	}
	cfg.Hub = hub
	t, err := parseTemplates()
	if err != nil {
		return nil, err
	}
	t.Funcs(template.FuncMap{"licenceName": cfg.Hub.LicenceName})
	s := &Server{cfg: cfg, store: cfg.Store, log: cfg.Logger, templates: t,
		resolver: &geocode.Resolver{Geocoder: cfg.Geocoder}}
	s.stopping, s.stop = context.WithCancel(context.Background())
	s.geocodeLimiter = newRateLimiter(geocodePerMinute, time.Minute)
	s.geocodeLimiter.now = cfg.Now
	s.diagnosticLimiter = newRateLimiter(diagnosticNewOptions, diagnosticNewOptionsWindow)
	s.diagnosticLimiter.now = cfg.Now
	s.diagnostics = newDiagnosticCache(s)
	if u, err := url.Parse(cfg.TileURL); err == nil && u.Host != "" {
		s.tileOrigin = u.Scheme + "://" + u.Host
	}
	if err := s.Refresh(ctx); err != nil {
		return nil, err
	}
	return s, nil
}

func parseTemplates() (*template.Template, error) {
	return template.New("").Funcs(funcs).ParseFS(templateFS, "templates/*.html")
}

// Handler returns the HTTP handler of maillage.
func (s *Server) Handler() http.Handler {
	return s.withHeaders(gzipped(s.withClientAddr(s.withRecover(s.withSnapshot(s.withSession(s.routes()))))))
}

// withHeaders sets the security headers every response carries. Only the
// /embed pages may be framed by other sites.
func (s *Server) withHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
		frame := "frame-ancestors 'none'"
		if isEmbed(r.URL.Path) {
			frame = "frame-ancestors *"
		} else {
			h.Set("X-Frame-Options", "DENY")
		}
		img := "img-src 'self' data:"
		if s.tileOrigin != "" {
			img += " " + s.tileOrigin
		}
		h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; "+img+
			"; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "+frame)
		next.ServeHTTP(w, r)
	})
}

// render executes a page template; a failure is logged and answered with a 500.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, data any) {
	// Pages get the signed-in account for the layout's menu.
	if v := reflect.ValueOf(data); v.Kind() == reflect.Struct {
		p := reflect.New(v.Type())
		p.Elem().Set(v)
		data = p.Interface()
	}
	if pm, ok := data.(interface{ setUser(*account.User) }); ok {
		pm.setUser(currentUser(r))
	}
	s.writePage(w, r, status, name, data)
}
