package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	neturl "net/url"
	"time"

	"maillage/internal/web"
)

func runServe(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "serve", "[options]",
		`Démarre le serveur web : page d'accueil, téléchargements des données ouvertes
(/donnees/lieux.csv, .json, .geojson) et /healthz. S'arrête proprement sur Ctrl+C.`)
	dbURL := dbFlag(fs, e)
	defAddr := e.getenv("MAILLAGE_ADDR")
	if defAddr == "" {
		defAddr = ":8080"
	}
	addr := fs.String("addr", defAddr, "adresse d'écoute HOTE:PORT (MAILLAGE_ADDR)")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	log := slog.New(slog.NewJSONHandler(e.stderr, nil))
	st, err := openStore(ctx, *dbURL)
	if err != nil {
		return err
	}
	defer st.Close()
	handler, err := web.NewServer(web.Config{Store: st, Logger: log})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("écoute sur %s : %w", *addr, err)
	}
	srv := &http.Server{Handler: handler, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 2 * time.Minute}
	url := "http://" + displayAddr(ln.Addr())
	fmt.Fprintf(e.stdout, "maillage écoute sur %s\n", url)
	log.Info("serveur démarré", "adresse", url, "base", redact(*dbURL))
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
