package web

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"

	"maillage/internal/account"
	"maillage/internal/failure"
	"maillage/internal/place"
)

type connexionPage struct {
	pageMeta
	Suite   string
	Sent    bool
	LogMode bool
	MailOff bool // no public address: serve sends no link (sendLink)
	Error   string
	Email   string
}

// linksLogged reports whether sign-in links are written to the log rather
// than e-mailed: no SMTP, but a public address to build them (without one,
// no link is made at all, and the page says only that).
func (s *Server) linksLogged() bool {
	return s.cfg.Mail.Logs() && s.cfg.BaseURL != ""
}

// safeNext keeps a "where to go after sign-in" that stays on this site.
func safeNext(s string) string {
	if !localPath(s) {
		return "/espace"
	}
	return s
}

// localPath reports whether s is a path of this site, relative to its
// root, that no browser can read as another site: it starts with one "/",
// and neither it nor its percent-decoded form holds a second "/" or "\"
// at the start, a backslash or a control character (browsers drop tabs
// and newlines: "/\t/evil.example" is "//evil.example").
func localPath(s string) bool {
	if len(s) > 2048 || !strings.HasPrefix(s, "/") {
		return false
	}
	decoded, err := url.PathUnescape(s)
	if err != nil {
		return false
	}
	for _, x := range []string{s, decoded} {
		if strings.HasPrefix(x, "//") || strings.ContainsRune(x, '\\') {
			return false
		}
		for _, r := range x {
			if unicode.IsControl(r) || r == utf8.RuneError || unicode.Is(unicode.Zl, r) || unicode.Is(unicode.Zp, r) {
				return false
			}
		}
	}
	return true
}

// connexion is the sign-in page: an e-mail address, a link is sent.
func (s *Server) connexion(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "connexion.html", connexionPage{pageMeta: pageMeta{Title: "Se connecter", Nav: "connexion"},
		Suite: safeNext(r.URL.Query().Get("suite")), LogMode: s.linksLogged(), MailOff: s.cfg.BaseURL == ""})
}

// connexionDemande sends a sign-in link. The answer is the same whether
// an account exists or not, and the e-mail leaves in the background, so
// that neither the message nor the timing tells who has an account.
func (s *Server) connexionDemande(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 4<<10)
	r.ParseForm()
	email := account.NormalizeEmail(r.PostForm.Get("email"))
	page := connexionPage{pageMeta: pageMeta{Title: "Se connecter", Nav: "connexion"}, Suite: safeNext(r.PostForm.Get("suite")),
		LogMode: s.linksLogged(), MailOff: s.cfg.BaseURL == "", Email: email}
	if !place.EmailValid(email) {
		page.Error = "Indiquez une adresse électronique valide."
		s.render(w, r, http.StatusUnprocessableEntity, "connexion.html", page)
		return
	}
	// Messages to one address are spaced out and bounded per day
	// (account.NextMail); the answer is the same, and a link sent less
	// than 15 minutes ago still works. Nothing here depends on the client's
	// address: requests for other accounts never block this one.
	ok, err := s.mailAllowed(r.Context(), email)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if ok {
		token, hash := account.NewToken()
		s.sendLink(email, hash, "/connexion/lien?"+url.Values{"jeton": {token}, "suite": {page.Suite}}.Encode())
	}
	// Without a public address nothing leaves (sendLink): the page says
	// so, the same whether an account exists or not.
	page.Sent = !page.MailOff
	s.render(w, r, http.StatusOK, "connexion.html", page)
}

// sendLink e-mails a sign-in link (path is the link's path and query) to
// an account's address, if an account has it, in the background.
func (s *Server) sendLink(email, hash, path string) {
	link, ok := s.absoluteURL(path)
	if !ok {
		s.log.Error("lien de connexion non envoyé : l'adresse publique du site n'est pas configurée (--url-publique)")
		return
	}
	s.background(func(ctx context.Context) { s.mailLink(ctx, email, hash, link) })
}

func (s *Server) mailLink(ctx context.Context, email, hash, link string) {
	if _, err := s.store.UserByEmail(ctx, email); err != nil {
		return // no account: nothing is sent, nothing is said
	}
	if err := s.store.AddLoginToken(ctx, hash, email, s.cfg.Now().Add(account.LinkLifetime)); err != nil {
		s.log.Error("lien de connexion", "err", err)
		return
	}
	body := "Bonjour,\n\nPour vous connecter à maillage, ouvrez ce lien dans les 15 minutes :\n\n" + link +
		"\n\nLe lien ne sert qu'une fois. Si vous n'avez rien demandé, ignorez ce message.\n"
	if err := s.cfg.Mail.Send(ctx, email, "Votre lien de connexion à maillage", body); err != nil {
		s.log.Error("envoi du lien de connexion", "err", err)
	}
}

type lienPage struct {
	pageMeta
	Token, Suite string
	Error        string
}

// connexionLien shows the link's page: a button signs in. A GET never
// uses the link, so that mail scanners that open links do not spend it.
func (s *Server) connexionLien(w http.ResponseWriter, r *http.Request) {
	// The address holds the token: it must not leave in a Referer.
	w.Header().Set("Referrer-Policy", "no-referrer")
	s.render(w, r, http.StatusOK, "connexion_lien.html", lienPage{pageMeta: pageMeta{Title: "Se connecter", Nav: "connexion"},
		Token: r.URL.Query().Get("jeton"), Suite: safeNext(r.URL.Query().Get("suite"))})
}

// connexionLienValider uses a sign-in link: once, within 15 minutes.
func (s *Server) connexionLienValider(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 4<<10)
	r.ParseForm()
	page := lienPage{pageMeta: pageMeta{Title: "Se connecter", Nav: "connexion"}, Suite: safeNext(r.PostForm.Get("suite"))}
	email, err := s.store.UseLoginToken(r.Context(), account.HashToken(r.PostForm.Get("jeton")), s.cfg.Now())
	var u account.User
	if err == nil {
		u, err = s.store.UserByEmail(r.Context(), email)
	}
	if err != nil && !errors.Is(err, failure.ErrNotFound) {
		s.error(w, r, err) // a busy database is a 503 to retry, not a dead link
		return
	}
	if err != nil {
		page.Error = "Ce lien n'est plus valable (il sert une fois, pendant 15 minutes). Demandez-en un nouveau."
		s.render(w, r, http.StatusGone, "connexion_lien.html", page)
		return
	}
	s.startSession(w, r, u.ID, page.Suite)
}

// deconnexion ends the session.
func (s *Server) deconnexion(w http.ResponseWriter, r *http.Request) {
	if hash, ok := r.Context().Value(sessionKey).(string); ok {
		s.store.RevokeSession(r.Context(), hash, actor(r))
	}
	s.clearSessionCookie(w, r)
	http.Redirect(w, r, "/", http.StatusSeeOther)
}
