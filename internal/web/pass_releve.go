package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"maillage/internal/audit"
	"maillage/internal/failure"
	"maillage/internal/pass"
)

var errStatementNotFound = failure.Errorf(failure.NotFound, "Ce relevé n'existe pas.")

// passRelevePage is one statement: its lines (the redemptions of the month
// and the corrections), its payment, and for an administrator the form
// that marks it paid.
type passRelevePage struct {
	pageMeta
	Statement pass.Statement
	LieuName  string
	Admin     bool
	Refused   string
	Transfer  string // the transfer reference typed
	Month     string // the address of the month's statements
	Payee     passPayee
	// FullIBAN is the payee's IBAN in full: only in the answer to the
	// POST of « Afficher l'IBAN » (an administrator), journaled.
	FullIBAN string
}

// passStatementOf reads the statement {n} if the account may see it.
func (s *Server) passStatementOf(r *http.Request) (passRelevePage, error) {
	p := passRelevePage{pageMeta: pageMeta{Nav: "espace"}}
	id, err := strconv.ParseInt(r.PathValue("n"), 10, 64)
	if err != nil {
		return p, errStatementNotFound
	}
	places, err := s.passPlacesOf(r.Context(), currentUser(r))
	if err != nil {
		return p, err
	}
	if places.none() {
		return p, errNoStatements
	}
	st, err := s.store.Statement(r.Context(), id)
	if err != nil {
		return p, err
	}
	if !places.sees(st.LieuID) {
		return p, failure.Errorf(failure.Forbidden, "Ce relevé est celui d'un lieu pour lequel ce compte n'agit pas.")
	}
	qs, err := s.store.Qualifications(r.Context(), "")
	if err != nil {
		return p, err
	}
	p.Statement, p.LieuName, p.Admin = st, s.passLieuName(r.Context(), st.LieuID), places.all
	p.Payee = payeeOf(qs, st.LieuID, st.IssuedAt)
	p.Month = "/pass/releves?" + url.Values{"mois": {st.Month}}.Encode()
	p.Title = "Relevé n° " + strconv.FormatInt(st.ID, 10) + " — " + passMonth(st.Month)
	return p, nil
}

// passReleve shows a statement.
func (s *Server) passReleve(w http.ResponseWriter, r *http.Request) {
	p, err := s.passStatementOf(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if r.URL.Query().Get("paye") == "oui" && p.Statement.Paid {
		p.Flash = "Relevé marqué payé."
	}
	s.render(w, r, http.StatusOK, "pass_releve.html", p)
}

// passReleveCSV exports a statement's lines.
func (s *Server) passReleveCSV(w http.ResponseWriter, r *http.Request) {
	p, err := s.passStatementOf(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	st := p.Statement
	rows := make([][]string, 0, len(st.Lines))
	names := map[int64]string{}
	for _, l := range st.Lines {
		id, order, financeur := "", "", ""
		if l.RedemptionID > 0 {
			id = strconv.FormatInt(l.RedemptionID, 10)
		}
		// Which order's and financeur's pass each line is: a statement
		// mixes every financeur's passes redeemed at the place.
		if l.OrderID > 0 {
			order, financeur = strconv.FormatInt(l.OrderID, 10), s.accountName(r.Context(), l.Financeur, names)
		}
		rows = append(rows, []string{strconv.FormatInt(st.ID, 10), csvText(st.LieuID), st.Month, l.Kind, id, csvText(l.Code), l.Day, csvText(l.Service), csvEuros(l.AmountCents), csvText(l.Note),
			order, csvText(financeur)})
	}
	writePassCSV(w, "releve-pass-"+strconv.FormatInt(st.ID, 10)+".csv",
		[]string{"releve", "lieu", "mois", "type_de_ligne", "utilisation", "code_du_pass", "jour", "service", "montant_euros", "motif", "commande", "financeur"}, rows)
}

// passReleveIBAN shows an administrator the payee's IBAN in full, in the
// answer to this POST only (never in a GET page, never cached), after
// recording in the audit journal who saw which qualification's IBAN.
func (s *Server) passReleveIBAN(w http.ResponseWriter, r *http.Request) {
	p, err := s.passStatementOf(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if !p.Admin {
		s.error(w, r, failure.Errorf(failure.Forbidden, "Seul un administrateur voit l'IBAN en entier."))
		return
	}
	if p.Payee.iban == "" {
		s.error(w, r, failure.Errorf(failure.NotFound, "Ce lieu n'a pas d'IBAN enregistré."))
		return
	}
	if err := s.store.Record(r.Context(), audit.Entry{Actor: actor(r), Action: "afficher_iban", Kind: "qualification_pass", ObjectID: p.Statement.LieuID,
		After: audit.JSON(map[string]any{"qualification": p.Payee.QualificationID, "siret": p.Payee.SIRET, "releve": p.Statement.ID})}); err != nil {
		s.fail(w, r, err)
		return
	}
	p.FullIBAN = p.Payee.iban
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, http.StatusOK, "pass_releve.html", p)
}

// passRelevePayer marks a statement paid with the transfer's reference,
// once.
func (s *Server) passRelevePayer(w http.ResponseWriter, r *http.Request) {
	p, err := s.passStatementOf(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	r.ParseForm()
	ref := strings.TrimSpace(r.PostForm.Get("virement"))
	if ref == "" {
		err = failure.Errorf(failure.Invalid, "La référence du virement est obligatoire.")
	} else {
		err = s.store.MarkPaid(r.Context(), p.Statement.ID, ref, actor(r))
	}
	if c := failure.CodeOf(err); c == failure.Invalid || c == failure.Conflict {
		p.Refused, p.Transfer = failure.MessageOf(err), ref
		if p.Statement, err = s.store.Statement(r.Context(), p.Statement.ID); err != nil {
			s.error(w, r, err)
			return
		}
		s.render(w, r, statuses[c].status, "pass_releve.html", p)
		return
	}
	if err != nil {
		s.error(w, r, err)
		return
	}
	http.Redirect(w, r, SitePath("pass", "releves", p.Statement.ID)+"?paye=oui", http.StatusSeeOther)
}
