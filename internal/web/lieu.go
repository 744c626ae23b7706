package web

import (
	"net/http"
	"sort"
	"time"

	"maillage/internal/account"
	"maillage/internal/place"
	"maillage/internal/store"
)

type lieuPage struct {
	pageMeta
	Lieu         *place.Lieu
	Status       openStatus
	Week         []weekRow
	Back         string
	PrintURL     string
	Sent         bool
	Report       place.Correction
	ReportError  string
	ReportFields any
	CanPublish   bool // the signed-in account's edits are published at once
	// History: the user may read the place's history (its link is shown
	// with the same rule as the page).
	History bool
	// ByHand says which information the structure or the coordinators set
	// themselves, and when.
	ByHand []handSet
	// SourceNames are the sources that describe the place (for everyone);
	// Provenance where each field comes from (for coordinators only).
	SourceNames []string
	Provenance  []provenanceRow
	// Records are the place's current records when several hold it and
	// the moderator may split them (lieu_enregistrements.go).
	Records []recordView
	// CanMerge: the moderator may merge the place with another by hand
	// (lieu_reunir.go).
	CanMerge bool
	// News are what sources say now about fields set by hand, for the
	// same people as Provenance (lieu_reprendre.go).
	News []newsView
	// Orphans holds the place when every source withdrew it and no person
	// checked it since, for the same people (orphans.go).
	Orphans []orphanView
	// Fresh says how old the place's information is (fraicheur.go).
	Fresh freshnessView
	// QPV says how the place stands to the quartiers prioritaires
	// ("dans le quartier prioritaire « … »"), "" when it is in or near none
	// or no QPV layer is loaded; QPVVintage is the layer's vintage.
	QPV, QPVVintage string
	// PassQualified: the place is qualified for the hub's Pass numérique;
	// PassLink: the account may see or ask its qualification (lieu_pass.go).
	PassQualified, PassLink bool
	// StatsLink: the account reads the place's statistics (statistiques.go).
	StatsLink bool
	// Closure is the current or next temporary closure, shown at the top;
	// Closures every one that has not ended (closures.go).
	Closure  *closureView
	Closures []closureView
}

type handSet struct {
	Who, When string
	Fields    []string
}

func (s *Server) lieuPage(r *http.Request, l *place.Lieu) lieuPage {
	now := s.cfg.Now()
	back := s.backLink(r.Context(), r.URL.Query().Get("retour"))
	p := lieuPage{
		pageMeta: pageMeta{Title: l.Nom, Description: l.PresentationResume},
		Lieu:     l, Status: statusOf(l, now), Week: weekTable(l, now), Back: back,
		PrintURL: SitePath("lieux", l.ID, "fiche"), ReportFields: place.CorrectionFields,
		Sent: r.URL.Query().Get("signalement") == "envoye",
	}
	p.Flash = flash(r)
	p.Fresh = freshnessOf(l, now)
	day := today(now)
	if c, ok := place.CurrentOrNext(l.Closures, day); ok {
		v := viewOfClosure(l, c, day)
		p.Closure = &v
	}
	for _, c := range place.Upcoming(l.Closures, day) {
		p.Closures = append(p.Closures, viewOfClosure(l, c, day))
	}
	if origins, err := s.store.FieldOrigins(r.Context(), l.ID); err == nil {
		p.ByHand = handSets(origins)
	}
	if u := currentUser(r); u != nil {
		p.CanPublish = s.rightToEdit(r, u, l) == account.Publish
	}
	p.SourceNames = s.sourceNames(r.Context(), l.ID)
	p.PassQualified = s.qualifiedLieux(r.Context())[l.ID]
	if u := currentUser(r); u != nil {
		p.PassLink = s.claimed(r, u, l.ID) || u.CoversScope(s.scope(r.Context(), l))
		p.StatsLink = p.PassLink // who reads its statistics (mayReadPlaceStats)
	}
	ix := s.indexOf(r.Context())
	if p.QPV = qpvSentence(ix.Attach(l)); p.QPV != "" {
		p.QPVVintage = ix.Referential().QPV.Vintage
	}
	if u := currentUser(r); account.MayReadHistory(u, s.scope(r.Context(), l)) == nil {
		p.History = true
		// As the history: the coordinators of its territory and the
		// administrators.
		p.Provenance = s.provenance(r.Context(), u, l.ID)
		p.Records = s.splittableRecords(r.Context(), currentUser(r), l.ID)
		p.CanMerge = account.MayDecide(u, s.placesRequest(r.Context(), l.ID)) == nil
		p.News = s.placeNews(r.Context(), l.ID)
		p.Orphans, _ = s.orphans(r.Context(), u, l.ID)
	}
	return p
}

// lieu is a place's page: /lieux/{id}
func (s *Server) lieu(w http.ResponseWriter, r *http.Request) {
	l, ok := s.indexOf(r.Context()).Lieu(r.PathValue("id"))
	if !ok {
		s.lieuAilleurs(w, r, r.PathValue("id"), false)
		return
	}
	s.render(w, r, http.StatusOK, "lieu.html", s.lieuPage(r, l))
}

// fieldWords name the standard's fields for a person.
var fieldWords = map[string]string{
	"nom": "nom", "pivot": "SIRET", "adresse": "adresse", "complement_adresse": "complément d'adresse", "code_postal": "code postal",
	"commune": "commune", "code_insee": "code INSEE", "latitude": "position", "longitude": "position", "typologie": "type de lieu",
	"telephone": "téléphone", "courriels": "courriels", "site_web": "site web", "horaires": "horaires",
	"presentation_resume": "présentation", "presentation_detail": "présentation", "structure_parente": "structure parente",
	"itinerance": "itinérance", "date_maj": "date de mise à jour", "services": "services", "publics_specifiquement_adresses": "publics",
	"prise_en_charge_specifique": "prises en charge", "frais_a_charge": "coût", "dispositif_programmes_nationaux": "dispositifs",
	"formations_labels": "labels", "autres_formations_labels": "labels", "modalites_acces": "modalités d'accès",
	"modalites_accompagnement": "accompagnement", "fiche_acces_libre": "fiche Acceslibre", "prise_rdv": "prise de rendez-vous",
}

// handSets groups the fields set by hand by who set them, newest first.
func handSets(origins map[string]store.FieldOrigin) []handSet {
	type key struct{ who, day string }
	groups := map[key]map[string]bool{}
	latest := map[key]time.Time{}
	for field, o := range origins {
		if field == "date_maj" || !o.ByHand() {
			continue
		}
		who := "la structure"
		if o.Origin != "structure" {
			who = "les coordinateurs du réseau"
		}
		k := key{who, frenchDate(o.At)}
		if groups[k] == nil {
			groups[k] = map[string]bool{}
		}
		groups[k][fieldWords[field]] = true
		if o.At.After(latest[k]) {
			latest[k] = o.At
		}
	}
	var out []handSet
	for k, fs := range groups {
		h := handSet{Who: k.who, When: k.day}
		for f := range fs {
			h.Fields = append(h.Fields, f)
		}
		sort.Strings(h.Fields)
		out = append(out, h)
	}
	sort.Slice(out, func(i, j int) bool {
		return latest[key{out[i].Who, out[i].When}].After(latest[key{out[j].Who, out[j].When}])
	})
	return out
}
