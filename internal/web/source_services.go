package web

import "maillage/internal/harvest"

// serviceOptions are the addresses of the APIs the server's harvests
// call: a coop or data-inclusion source declared from the site may call
// only those (harvest.CheckServiceURL): the server's harvest settings
// when it has them (MAILLAGE_COOP_URL, MAILLAGE_DATA_INCLUSION_URL), the
// national APIs otherwise.
func (s *Server) serviceOptions() harvest.Options {
	if s.cfg.Harvest != nil {
		return *s.cfg.Harvest
	}
	return harvest.Options{}
}
