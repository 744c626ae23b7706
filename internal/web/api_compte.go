package web

import (
	"net/http"
	"time"

	"maillage/internal/account"
)

type apiAccountJSON struct {
	ID        int64  `json:"id"`
	Courriel  string `json:"courriel"`
	Role      string `json:"role"`
	Structure string `json:"structure,omitempty"`
}

type apiTokenJSON struct {
	ID           int64  `json:"id"`
	Nom          string `json:"nom"`
	CreeLe       string `json:"cree_le"`
	DernierUsage string `json:"dernier_usage,omitempty"`
}

// apiCompte answers GET /api/v1/compte: the account of the API token the
// request carries, and that token (never the token itself), so that a
// script checks its token before it acts.
func (s *Server) apiCompte(w http.ResponseWriter, r *http.Request) {
	u, t := currentUser(r), currentAPIToken(r)
	writeJSON(w, http.StatusOK, struct {
		Compte apiAccountJSON `json:"compte"`
		Jeton  apiTokenJSON   `json:"jeton"`
	}{
		Compte: apiAccountJSON{ID: u.ID, Courriel: u.Email, Role: string(u.Role), Structure: u.Structure},
		Jeton:  apiTokenJSONOf(t),
	})
}

func apiTokenJSONOf(t account.APIToken) apiTokenJSON {
	j := apiTokenJSON{ID: t.ID, Nom: t.Label, CreeLe: t.Created.UTC().Format(time.RFC3339)}
	if !t.LastUsed.IsZero() {
		j.DernierUsage = t.LastUsed.UTC().Format(time.RFC3339)
	}
	return j
}
