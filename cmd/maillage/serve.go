package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	neturl "net/url"
	"os"
	"path/filepath"
	"time"

	"maillage/internal/geocode"
	"maillage/internal/mail"
	"maillage/internal/web"
)

func runServe(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "serve", "[options]",
		`Démarre le serveur web : annuaire et carte des lieux, parcours d'orientation, fiches
imprimables, pages intégrables, données ouvertes, API JSON (/api/v1) et /healthz.
Au premier démarrage, le référentiel des communes est chargé depuis `+defaultDecoupage+`
s'il est là (voir « maillage territoires import »). S'arrête proprement sur Ctrl+C.`)
	dbURL := dbFlag(fs, e)
	addr := fs.String("addr", envOr(e, "MAILLAGE_ADDR", ":8080"), "adresse d'écoute HOTE:PORT (MAILLAGE_ADDR)")
	tiles := fs.String("tuiles", envOr(e, "MAILLAGE_TILE_URL", web.DefaultTileURL), "modèle d'URL des tuiles de la carte, avec {z} {x} {y} (MAILLAGE_TILE_URL)")
	geocoder := fs.String("geocodeur", envOr(e, "MAILLAGE_GEOCODER_URL", geocode.DefaultURL), "adresse du service de géocodage BAN ; « aucun » pour s'en passer (MAILLAGE_GEOCODER_URL)")
	baseURL := fs.String("url-publique", e.getenv("MAILLAGE_BASE_URL"), "adresse publique du site, pour les codes QR et l'intégration (MAILLAGE_BASE_URL ; par défaut celle de la requête)")
	vendor := fs.String("npm", envOr(e, "MAILLAGE_NPM_DIR", "node_modules"), "dossier des paquets npm (Leaflet) ; sans lui, pas de carte (MAILLAGE_NPM_DIR)")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	log := slog.New(slog.NewJSONHandler(e.stderr, nil))
	st, err := openStore(ctx, *dbURL)
	if err != nil {
		return err
	}
	defer st.Close()
	if ref, err := st.Territories(ctx); err == nil && ref.Empty() {
		if _, err := os.Stat(filepath.Join(defaultDecoupage, "communes.json")); err == nil {
			if err := loadTerritories(ctx, st, defaultDecoupage, defaultCentres, e.stdout); err != nil {
				log.Warn("référentiel des communes non chargé", "err", err)
			}
		}
	}
	cfg := web.Config{Store: st, Logger: log, TileURL: *tiles, BaseURL: *baseURL}
	if smtpURL := e.getenv("MAILLAGE_SMTP_URL"); smtpURL != "" {
		sender, err := mail.NewSMTP(smtpURL, e.getenv("MAILLAGE_SMTP_FROM"))
		if err != nil {
			return err
		}
		cfg.Mail = sender
	} else {
		log.Warn("pas de SMTP (MAILLAGE_SMTP_URL) : les liens de connexion sont écrits dans ce journal")
	}
	if *geocoder != "aucun" && *geocoder != "" {
		cfg.Geocoder = geocode.NewClient(*geocoder)
	}
	if _, err := os.Stat(filepath.Join(*vendor, "leaflet", "dist", "leaflet.js")); err == nil {
		cfg.VendorDir = *vendor
	} else {
		log.Warn("Leaflet introuvable : pas de carte (lancez « make build »)", "dossier", *vendor)
	}
	srvWeb, err := web.NewServer(ctx, cfg)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("écoute sur %s : %w", *addr, err)
	}
	srv := &http.Server{Handler: srvWeb.Handler(), ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 2 * time.Minute}
	url := "http://" + displayAddr(ln.Addr())
	fmt.Fprintf(e.stdout, "maillage écoute sur %s\n", url)
	log.Info("serveur démarré", "adresse", url, "base", redact(*dbURL))
	watchCtx, stopWatch := context.WithCancel(ctx)
	defer stopWatch()
	go srvWeb.Watch(watchCtx, 5*time.Second)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("arrêt du serveur")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

func envOr(e *env, name, def string) string {
	if v := e.getenv(name); v != "" {
		return v
	}
	return def
}

func displayAddr(a net.Addr) string {
	tcp, ok := a.(*net.TCPAddr)
	if !ok {
		return a.String()
	}
	if tcp.IP.IsUnspecified() {
		return fmt.Sprintf("localhost:%d", tcp.Port)
	}
	return tcp.String()
}

// redact hides a password in a database URL before it is logged.
func redact(s string) string {
	if u, err := neturl.Parse(s); err == nil && u.User != nil {
		return u.Redacted()
	}
	return s
}
