package web

import "maillage/internal/harvest"

// serviceOptions are the addresses of the APIs the server's harvests
// call: a coop or data-inclusion source declared from the site may call
// only those (harvest.CheckServiceURL). The national APIs until the
// server's harvest settings reach it.
func (s *Server) serviceOptions() harvest.Options { return harvest.Options{} }
