package web

import (
	"net/http"
	"time"

	"maillage/internal/audit"
)

type donneesPage struct {
	pageMeta
	Count      int
	LastChange time.Time
	// Journal is the audit journal's head: published, it is a checkpoint
	// anyone can keep outside the database.
	Journal audit.Checkpoint
	// Territory says which vintage of each part of the referential the
	// site uses (communes and their population, QPV, IRIS).
	Territory []vintageView
	// Demand says which demand data (fragility index, indicators) the
	// diagnostic and the map's fragility layer use, with their vintages.
	Demand []vintageView
	// QPV: the QPV layer is loaded (the qpv parameter is accepted).
	QPV bool
	// The data's licence: its address and name (the hub's, configured).
	Licence, LicenceName string
	LicenceOuverte       bool
}

// donnees is the open data page: downloads, licence, API.
func (s *Server) donnees(w http.ResponseWriter, r *http.Request) {
	st := s.stats.Load()
	head, err := s.store.AuditHead(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ds, err := s.store.DemandDatasets(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "donnees.html", donneesPage{pageMeta: pageMeta{Title: "Données ouvertes", Nav: "donnees"},
		Count: st.Count, LastChange: st.LastChange, Journal: head, Territory: vintagesOf(s.indexOf(r.Context()).Referential()),
		Demand:  demandVintages(ds),
		QPV:     s.indexOf(r.Context()).Referential().HasQPV(),
		Licence: s.cfg.Hub.Licence, LicenceName: s.cfg.Hub.LicenceName(), LicenceOuverte: s.cfg.Hub.LicenceName() == "Licence Ouverte 2.0"})
}
