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
	"strconv"
	"strings"
	"sync"
	"time"

	"maillage/internal/geocode"
	"maillage/internal/harvest"
	"maillage/internal/mail"
	"maillage/internal/store"
	"maillage/internal/web"
)

func runServe(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "serve", "[options]",
		`Démarre le serveur web : annuaire et carte des lieux, parcours d'orientation, fiches
imprimables, pages intégrables, données ouvertes, API JSON (/api/v1) et /healthz.
Au premier démarrage, le référentiel des communes est chargé depuis le paquet npm
`+decoupagePackage+` du dossier --npm, avec les centres des communes de
MAILLAGE_CENTRES_URL (geo.api.gouv.fr ; hors ligne, la copie intégrée au programme) :
voir « maillage territoires import ». S'arrête proprement sur Ctrl+C.`)
	dbURL := dbFlag(fs, e)
	addr := fs.String("addr", envOr(e, "MAILLAGE_ADDR", ":8080"), "adresse d'écoute HOTE:PORT (MAILLAGE_ADDR)")
	tiles := fs.String("tuiles", envOr(e, "MAILLAGE_TILE_URL", web.DefaultTileURL), "modèle d'URL des tuiles de la carte, avec {z} {x} {y} (MAILLAGE_TILE_URL)")
	geocoder := fs.String("geocodeur", envOr(e, "MAILLAGE_GEOCODER_URL", geocode.DefaultURL), "adresse du service de géocodage BAN ; « aucun » pour s'en passer (MAILLAGE_GEOCODER_URL)")
	baseURL := fs.String("url-publique", e.getenv("MAILLAGE_BASE_URL"), "adresse publique du site (https://…), seule base des liens envoyés par courriel, des codes QR et du code d'intégration ; "+
		"sans elle, aucun courriel n'est envoyé, sauf en développement sur une adresse d'écoute locale (--addr 127.0.0.1:PORT : liens en http://127.0.0.1:PORT) (MAILLAGE_BASE_URL)")
	proxies := fs.String("mandataires-de-confiance", e.getenv("MAILLAGE_TRUSTED_PROXIES"),
		"mandataires inverses (répartiteurs de charge) dont l'en-tête X-Forwarded-For donne l'adresse du client, pour les limites de débit : "+
			"blocs CIDR ou adresses séparés par des virgules, par exemple 10.0.0.0/8 (MAILLAGE_TRUSTED_PROXIES)")
	vendor := fs.String("npm", envOr(e, "MAILLAGE_NPM_DIR", "node_modules"), "dossier des paquets npm (Leaflet) ; sans lui, pas de carte (MAILLAGE_NPM_DIR)")
	osrm := fs.String("osrm", e.getenv("MAILLAGE_OSRM_URL"), "adresse d'un serveur OSRM (service table) pour le coût « osrm » du diagnostic ; sans elle, les coûts hors ligne seulement (MAILLAGE_OSRM_URL)")
	hubOpts := addHubFlags(fs, e)
	reminders := fs.String("rappels-pass", envOr(e, "MAILLAGE_PASS_RAPPELS", "30,7"), "jours avant la fin de validité d'une commande de Pass numérique où son financeur et ses distributeurs reçoivent un rappel par courriel, séparés par des virgules ; « aucun » pour ne pas en envoyer (MAILLAGE_PASS_RAPPELS)")
	retention := fs.String("conservation-orientations", envOr(e, "MAILLAGE_ORIENTATIONS_CONSERVATION", "730"), "jours pendant lesquels une orientation garde ce qui est dit de la personne (référence, message, tranche d'âge, commune) ; ensuite seuls restent les comptes (MAILLAGE_ORIENTATIONS_CONSERVATION)")
	harvestTick := fs.Duration("moissons", time.Minute, "fréquence à laquelle le serveur cherche les sources dues (maillage sources ajouter --tous-les) et les moissonne ; 0 : aucune moisson programmée")
	private := privateAddressesFlag(fs, e)
	tokens := tokensElsewhereFlag(fs, e)
	if _, err := parse(fs, args); err != nil {
		return err
	}
	log := slog.New(slog.NewJSONHandler(e.stderr, nil))
	hub, err := hubOpts.hub(log)
	if err != nil {
		return err
	}
	perimeter, err := hubOpts.perimeter()
	if err != nil {
		return err
	}
	// The checkpoints' folder is checked before anything is written.
	if _, err := checkpointDir(e, *dbURL, ""); err != nil {
		return err
	}
	reminderDays, err := parseReminderDays(*reminders)
	if err != nil {
		return err
	}
	retentionDays, err := parseRetentionDays(*retention)
	if err != nil {
		return err
	}
	// The ledger's days (a redemption's, a month's end) are the server's.
	st, err := openStore(ctx, e, *dbURL, store.WithClock(e.now), store.WithLogger(log))
	if err != nil {
		return err
	}
	defer st.Close()
	if err := firstStart(ctx, st, filepath.Join(*vendor, decoupagePackage), envOr(e, "MAILLAGE_CENTRES_URL", defaultCentres), e.now(), e.stdout); err != nil {
		log.Warn("référentiel des communes non chargé", "err", err)
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("écoute sur %s : %w", *addr, err)
	}
	defer ln.Close()
	public, err := publicURL(*baseURL, ln.Addr(), log)
	if err != nil {
		return err
	}
	trusted, err := web.ParseTrustedProxies(*proxies)
	if err != nil {
		return err
	}
	cfg := web.Config{Now: e.now, Clock: e.now, Store: st, Logger: log, TileURL: *tiles, BaseURL: public, TrustedProxies: trusted, Hub: hub, HubPerimetre: perimeter, OSRMURL: *osrm,
		PassReminderDays: reminderDays, OrientationRetention: time.Duration(retentionDays) * 24 * time.Hour}
	if smtpURL := e.getenv("MAILLAGE_SMTP_URL"); smtpURL != "" {
		sender, err := mail.NewSMTP(smtpURL, e.getenv("MAILLAGE_SMTP_FROM"), e.now)
		if err != nil {
			return err
		}
		cfg.Mail = sender
		log.Info(sender.Describe())
	} else {
		log.Warn("pas de SMTP (MAILLAGE_SMTP_URL) : les liens de connexion sont écrits dans ce journal")
	}
	if *geocoder != "aucun" && *geocoder != "" {
		cfg.Geocoder = geocode.NewClient(*geocoder, e.now)
	}
	if _, err := os.Stat(filepath.Join(*vendor, "leaflet", "dist", "leaflet.js")); err == nil {
		cfg.VendorDir = *vendor
	} else {
		log.Warn("Leaflet introuvable : pas de carte (lancez « make build »)", "dossier", *vendor)
	}
	// The open-data files are written from the index into a folder of this
	// process, removed when it stops.
	if cfg.DownloadDir, err = os.MkdirTemp("", "maillage-donnees-"); err != nil {
		return fmt.Errorf("dossier des téléchargements : %w", err)
	}
	defer os.RemoveAll(cfg.DownloadDir)
	// Harvests, scheduled or asked from a source's page, geocode through
	// the server's geocoder.
	hopt, err := harvestOptions(e)
	if err != nil {
		return err
	}
	hopt.PrivateAddresses = *private
	hopt.TokensElsewhere = *tokens
	if g, err := geocodingOptions(*geocoder, e.getenv("MAILLAGE_GEOCODER_MIN_SCORE"), e.getenv("MAILLAGE_GEOCODER_RATE")); err == nil {
		hopt.Geocoding = g
	}
	cfg.Harvest = &hopt
	srvWeb, err := web.NewServer(ctx, cfg)
	if err != nil {
		return err
	}
	// Deadlines: a client cannot hold a connection by sending or reading
	// slowly (the downloads extend their own write deadline).
	srv := &http.Server{Handler: srvWeb.Handler(), ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second,
		WriteTimeout: time.Minute, IdleTimeout: 2 * time.Minute}
	url := "http://" + displayAddr(ln.Addr())
	fmt.Fprintf(e.stdout, "maillage écoute sur %s\n", url)
	log.Info("serveur démarré", "adresse", url, "base", redact(*dbURL))
	watchCtx, stopWatch := context.WithCancel(ctx)
	defer stopWatch()
	// The revision is one cheap query: a change anywhere shows here well
	// within 2 s.
	go srvWeb.Watch(watchCtx, 250*time.Millisecond)
	// The diagnostic of France with the default options is computed now,
	// in the background, for its first visitor.
	if err := srvWeb.WarmDiagnostics(watchCtx); err != nil {
		log.Warn("diagnostic : calcul initial", "err", err)
	}
	// Expired sign-in links and sessions are deleted, by the server's clock.
	go srvWeb.Housekeep(watchCtx, 10*time.Minute)
	// The journal's head is recorded outside the database, now, then
	// regularly and at the end.
	go func() {
		t := time.NewTicker(checkpointEvery)
		defer t.Stop()
		for {
			if err := checkpoint(watchCtx, e, st, *dbURL); err != nil && watchCtx.Err() == nil {
				log.Warn("point de contrôle du journal d'audit", "err", err)
			}
			select {
			case <-watchCtx.Done():
				return
			case <-t.C:
			}
		}
	}()
	// Due sources are harvested in the background, each under its lease:
	// servers sharing the database never harvest one source at once. The
	// server waits for a harvest under way (cancelled: rolled back) before
	// it closes the database.
	var harvesting sync.WaitGroup
	defer harvesting.Wait()
	defer stopWatch()
	if *harvestTick > 0 {
		harvesting.Add(1)
		go func() {
			defer harvesting.Done()
			harvest.Schedule(watchCtx, st, *harvestTick, e.now, hopt, log)
		}()
	}
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
	if err := checkpoint(shutdownCtx, e, st, *dbURL); err != nil {
		log.Warn("point de contrôle du journal d'audit", "err", err)
	}
	// E-mails being sent leave before the process does (or are cut at the deadline).
	if err := srvWeb.Shutdown(shutdownCtx); err != nil {
		log.Warn("courriels en cours d'envoi interrompus à l'arrêt", "err", err)
	}
	return nil
}

// publicURL is the base of the links the server sends away: the configured
// public address, or on a loopback listener http://localhost:PORT; never
// the address a request claims. Without one, serve says at start that no
// e-mail will be sent.
func publicURL(configured string, addr net.Addr, log *slog.Logger) (string, error) {
	if configured != "" {
		return web.CheckSiteURL(configured)
	}
	if u := web.LoopbackURL(addr); u != "" {
		log.Info("adresse publique non configurée : écoute locale, liens en " + u + " (développement)")
		return u, nil
	}
	log.Warn("adresse publique non configurée (--url-publique, MAILLAGE_BASE_URL) : aucun courriel de connexion ne sera envoyé, " +
		"aucun lieu ne sera prévenu des orientations (ni courriel, ni rappel, ni relance), " +
		"ni code QR ni code d'intégration complet produit")
	return "", nil
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

// parseRetentionDays reads how many days an orientation keeps what was
// said of the person: at least the 30 days of its follow-up.
func parseRetentionDays(v string) (int, error) {
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil || n < 31 || n > 3660 {
		return 0, fmt.Errorf("--conservation-orientations : « %s » n'est pas un nombre de jours entre 31 et 3660 (730 : deux ans)", strings.TrimSpace(v))
	}
	return n, nil
}

// parseReminderDays reads the days of the Pass numérique's reminders:
// « 30,7 », or « aucun ».
func parseReminderDays(v string) ([]int, error) {
	v = strings.TrimSpace(v)
	if v == "aucun" || v == "" {
		return []int{}, nil
	}
	var days []int
	for _, f := range strings.Split(v, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 0 || n > 366 {
			return nil, fmt.Errorf("--rappels-pass : « %s » n'est pas un nombre de jours entre 0 et 366 (par exemple 30,7, ou « aucun »)", strings.TrimSpace(f))
		}
		days = append(days, n)
	}
	return days, nil
}
