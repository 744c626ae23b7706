package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"maillage/internal/failure"
	"maillage/internal/french"
	"maillage/internal/pass"
)

var errNoStatements = failure.Errorf(failure.Forbidden, "Les relevés du Pass numérique sont ceux des lieux qualifiés : ils sont visibles des comptes de ces lieux et des administrateurs.")

// passRelevesPage lists the monthly statements (relevés): all of them for
// an administrator, who issues them and adds corrections; a place's
// accounts see their own.
type passRelevesPage struct {
	pageMeta
	Admin      bool
	Month      string // the month shown ("" all)
	Lieu       string // the place shown ("" all)
	Statements []passStatementView
	TotalCents int64
	// Refused says why an issue or a correction was refused (the form's
	// values are kept).
	Refused string
	Issue   string // the month in the issue form
	// The correction form.
	Lieux                           []passLieuChoice
	CorrLieu, CorrMonth, CorrAmount string
	CorrNote, CorrRedemption        string
	CSV                             string // the address of this list's CSV
	// Pending: the corrections not issued yet, per place and month, with
	// a running total (an administrator sees them before issuing).
	Pending []passPendingGroup
}

// passPendingGroup is a place's statement of a month not issued yet: its
// redemptions so far, then each correction with the running total.
type passPendingGroup struct {
	LieuID, LieuName, Month string
	UsedCents               int64
	Passes                  int
	Lines                   []passPendingLine
	TotalCents              int64
}

type passPendingLine struct {
	pass.PendingCorrection
	RunningCents int64
}

type passStatementView struct {
	ID       int64
	LieuID   string
	LieuName string
	Month    string
	Passes   int
	Total    int64
	IssuedAt time.Time
	Paid     bool
	PaidAt   time.Time
	Transfer string
	Payee    passPayee
}

// passPayee is whom a statement is paid to: its place's qualification's
// SIRET, account holder and IBAN masked (the IBAN in full only after
// « Afficher l'IBAN », a POST an administrator makes, journaled).
type passPayee struct {
	Known           bool // the place has (or had) an approved qualification
	QualificationID int64
	SIRET, Holder   string
	MaskedIBAN, BIC string
	iban            string
}

// payeeOf is the payee of a place's statement issued at issued.
func payeeOf(qs []pass.Qualification, lieuID string, issued time.Time) passPayee {
	q, ok := pass.PayeeOf(qs, lieuID, issued)
	if !ok {
		return passPayee{}
	}
	p := passPayee{Known: true, QualificationID: q.ID, SIRET: q.SIRET, Holder: q.Holder, BIC: q.BIC, iban: q.IBAN}
	if q.IBAN != "" {
		p.MaskedIBAN = pass.MaskedIBAN(q.IBAN)
	}
	return p
}

// passStatementsFor reads the statements of the query's month and place
// that the account may see.
func (s *Server) passStatementsFor(r *http.Request) (passRelevesPage, error) {
	u := currentUser(r)
	ctx := r.Context()
	p := passRelevesPage{pageMeta: pageMeta{Title: "Relevés du Pass numérique", Nav: "espace"}}
	places, err := s.passPlacesOf(ctx, u)
	if err != nil {
		return p, err
	}
	if places.none() {
		return p, errNoStatements
	}
	p.Admin = places.all
	q := r.URL.Query()
	p.Month, p.Lieu = strings.TrimSpace(q.Get("mois")), strings.TrimSpace(q.Get("lieu"))
	if p.Month != "" {
		if _, err := time.Parse("2006-01", p.Month); err != nil {
			return p, failure.Errorf(failure.Invalid, "Mois « %s » : attendu AAAA-MM, par exemple 2026-12.", p.Month)
		}
	}
	sts, err := s.store.Statements(ctx, p.Month, p.Lieu)
	if err != nil {
		return p, err
	}
	qs, err := s.store.Qualifications(ctx, "")
	if err != nil {
		return p, err
	}
	for _, st := range sts {
		if !places.sees(st.LieuID) {
			continue
		}
		p.Statements = append(p.Statements, passStatementView{ID: st.ID, LieuID: st.LieuID, LieuName: s.passLieuName(ctx, st.LieuID), Month: st.Month,
			Passes: st.Passes, Total: st.TotalCents, IssuedAt: st.IssuedAt, Paid: st.Paid, PaidAt: st.PaidAt, Transfer: st.TransferRef,
			Payee: payeeOf(qs, st.LieuID, st.IssuedAt)})
		p.TotalCents += st.TotalCents
	}
	v := url.Values{}
	if p.Month != "" {
		v.Set("mois", p.Month)
	}
	if p.Lieu != "" {
		v.Set("lieu", p.Lieu)
	}
	p.CSV = "/pass/releves.csv"
	if len(v) > 0 {
		p.CSV += "?" + v.Encode()
	}
	if p.Admin {
		if p.Lieux, err = s.passCounterLieux(ctx, u); err != nil {
			return p, err
		}
		// The month to issue: the last one finished.
		p.Issue = pass.Month(time.Date(s.cfg.Now().In(pass.Paris).Year(), s.cfg.Now().In(pass.Paris).Month(), 1, 12, 0, 0, 0, pass.Paris).AddDate(0, -1, 0))
		p.CorrMonth = pass.Month(s.cfg.Now())
		pending, err := s.store.PendingCorrections(ctx, p.Month)
		if err != nil {
			return p, err
		}
		for _, c := range pending {
			if p.Lieu != "" && c.LieuID != p.Lieu {
				continue
			}
			n := len(p.Pending)
			if n == 0 || p.Pending[n-1].LieuID != c.LieuID || p.Pending[n-1].Month != c.Month {
				p.Pending = append(p.Pending, passPendingGroup{LieuID: c.LieuID, LieuName: s.passLieuName(ctx, c.LieuID), Month: c.Month,
					UsedCents: c.UsedCents, Passes: c.Passes, TotalCents: c.UsedCents})
				n++
			}
			g := &p.Pending[n-1]
			g.TotalCents += c.AmountCents
			g.Lines = append(g.Lines, passPendingLine{PendingCorrection: c, RunningCents: g.TotalCents})
		}
	}
	return p, nil
}

// passReleves is the list of statements.
func (s *Server) passReleves(w http.ResponseWriter, r *http.Request) {
	p, err := s.passStatementsFor(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	switch q := r.URL.Query(); {
	case q.Get("emis") != "":
		n, _ := strconv.Atoi(q.Get("emis"))
		p.Flash = "Relevés de " + passMonth(p.Month) + " émis : " + french.Count(n, "nouveau relevé", "nouveaux relevés") + "."
		if n == 0 {
			p.Flash = "Aucun nouveau relevé pour " + passMonth(p.Month) + " : aucun lieu n'a de pass utilisé ou de correction sans relevé ce mois-là."
		}
	case q.Get("correction") == "ajoutee":
		p.Flash = "Correction ajoutée : elle figurera sur le relevé de ce lieu pour ce mois."
	}
	s.render(w, r, http.StatusOK, "pass_releves.html", p)
}

// passRelevesCSV exports the list of statements (the same filters).
func (s *Server) passRelevesCSV(w http.ResponseWriter, r *http.Request) {
	p, err := s.passStatementsFor(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	rows := make([][]string, 0, len(p.Statements))
	for _, st := range p.Statements {
		paid := ""
		if st.Paid {
			paid = pass.Day(st.PaidAt)
		}
		rows = append(rows, []string{strconv.FormatInt(st.ID, 10), csvText(st.LieuID), csvText(st.LieuName), st.Month, strconv.Itoa(st.Passes),
			csvEuros(st.Total), pass.Day(st.IssuedAt), paid, csvText(st.Transfer), st.Payee.SIRET, csvText(st.Payee.Holder), st.Payee.MaskedIBAN})
	}
	name := "releves-pass"
	if p.Month != "" {
		name += "-" + p.Month
	}
	writePassCSV(w, name+".csv", []string{"releve", "lieu", "nom_du_lieu", "mois", "nombre_de_pass", "montant_euros", "emis_le", "paye_le", "reference_virement",
		"siret_beneficiaire", "titulaire_du_compte", "iban_masque"}, rows)
}

// passRelevesEmettre issues the statements of a finished month.
func (s *Server) passRelevesEmettre(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	month := strings.TrimSpace(r.PostForm.Get("mois"))
	if _, err := time.Parse("2006-01", month); err != nil {
		s.passRelevesRefused(w, r, failure.Errorf(failure.Invalid, "Mois « %s » : attendu AAAA-MM, par exemple 2026-12.", month), func(p *passRelevesPage) { p.Issue = month })
		return
	}
	sts, err := s.store.IssueStatements(r.Context(), month, actor(r))
	if err != nil {
		s.passRelevesRefused(w, r, err, func(p *passRelevesPage) { p.Issue = month })
		return
	}
	http.Redirect(w, r, "/pass/releves?"+url.Values{"mois": {month}, "emis": {strconv.Itoa(len(sts))}}.Encode(), http.StatusSeeOther)
}

// passRelevesCorriger adds a correction to a place's statement of a month
// not yet issued: a new line, never an edit.
func (s *Server) passRelevesCorriger(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	f := r.PostForm
	keep := func(p *passRelevesPage) {
		p.CorrLieu, p.CorrMonth, p.CorrAmount, p.CorrNote, p.CorrRedemption = f.Get("lieu"), f.Get("mois"), f.Get("montant"), f.Get("motif"), f.Get("utilisation")
	}
	c := pass.Correction{LieuID: strings.TrimSpace(f.Get("lieu")), Month: strings.TrimSpace(f.Get("mois")), Note: strings.TrimSpace(f.Get("motif"))}
	amount := strings.TrimSpace(f.Get("montant"))
	negative := strings.HasPrefix(amount, "-") || strings.HasPrefix(amount, "−")
	cents, err := pass.ParseEuros(strings.TrimLeft(amount, "-−"))
	if err != nil {
		s.passRelevesRefused(w, r, err, keep)
		return
	}
	if c.AmountCents = cents; negative {
		c.AmountCents = -cents
	}
	if v := strings.TrimSpace(f.Get("utilisation")); v != "" {
		if c.RedemptionID, err = strconv.ParseInt(v, 10, 64); err != nil || c.RedemptionID <= 0 {
			s.passRelevesRefused(w, r, failure.Errorf(failure.Invalid, "Utilisation « %s » : attendu son numéro, ou rien.", v), keep)
			return
		}
	}
	if err := s.store.AddStatementCorrection(r.Context(), c, actor(r)); err != nil {
		s.passRelevesRefused(w, r, err, keep)
		return
	}
	http.Redirect(w, r, "/pass/releves?"+url.Values{"mois": {c.Month}, "correction": {"ajoutee"}}.Encode(), http.StatusSeeOther)
}

// passRelevesRefused shows the list again with why an action was refused
// (a person's mistake: the form keeps what was typed), or the error page.
func (s *Server) passRelevesRefused(w http.ResponseWriter, r *http.Request, err error, keep func(*passRelevesPage)) {
	c := failure.CodeOf(err)
	if c != failure.Invalid && c != failure.Conflict && c != failure.NotFound {
		s.error(w, r, err)
		return
	}
	p, perr := s.passStatementsFor(r)
	if perr != nil {
		s.error(w, r, perr)
		return
	}
	p.Refused = failure.MessageOf(err)
	keep(&p)
	s.render(w, r, statuses[c].status, "pass_releves.html", p)
}
