package main

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"maillage/internal/account"
)

// maillage jetons creer prints the token alone, which the server takes
// as the account's until it is revoked; liste shows no token; errors are
// in French. On both engines, through a real server.
func TestJetons(t *testing.T) {
	for name, dbURL := range engines(t) {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			db := dbURL(t)
			if r := runCmd(t, dir, nil, "utilisateurs", "ajouter", "--db", db, "--role", "lieu_qualifie", "caisse@epn.fr"); r.code != 0 {
				t.Fatal(r)
			}
			r := runCmd(t, dir, nil, "jetons", "creer", "--db", db, "--compte", "Caisse@EPN.fr", "--nom", "logiciel de caisse")
			token := strings.TrimSuffix(r.stdout, "\n")
			if r.code != 0 || !account.LooksLikeAPIToken(token) || r.stdout != token+"\n" || !strings.Contains(r.stderr, "Jeton 1 créé pour caisse@epn.fr : gardez-le, il ne sera plus affiché.") {
				t.Fatalf("creer: %+v", r)
			}

			base := startServer(t, db)
			call := func(token string) (int, string) {
				t.Helper()
				req, err := http.NewRequest("GET", base+"/api/v1/compte", nil)
				if err != nil {
					t.Fatal(err)
				}
				req.Header.Set("Authorization", "Bearer "+token)
				res, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				defer res.Body.Close()
				body, _ := io.ReadAll(res.Body)
				return res.StatusCode, string(body)
			}
			status, body := call(token)
			var got struct {
				Compte struct{ Courriel, Role string }
				Jeton  struct{ Nom string }
			}
			if err := json.Unmarshal([]byte(body), &got); status != 200 || err != nil || got.Compte.Courriel != "caisse@epn.fr" ||
				got.Compte.Role != "lieu_qualifie" || got.Jeton.Nom != "logiciel de caisse" {
				t.Errorf("the server on the token: %d %s", status, body)
			}

			r = runCmd(t, dir, nil, "jetons", "liste", "--db", db, "--compte", "caisse@epn.fr")
			fields := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\t")
			if r.code != 0 || len(fields) != 4 || fields[0] != "1" || fields[1] != "logiciel de caisse" || fields[3] == "jamais" || strings.Contains(r.stdout, token[4:12]) {
				t.Errorf("liste: %+v", r)
			}

			for _, tt := range []struct {
				args   []string
				code   int
				stderr string
			}{
				{[]string{"creer"}, 2, "jetons creer : indiquez le compte (--compte COURRIEL)"},
				{[]string{"creer", "--compte", "inconnu@epn.fr"}, 1, "aucun compte pour inconnu@epn.fr"},
				{[]string{"creer", "--compte", "caisse@epn.fr", "--nom", strings.Repeat("x", 101)}, 1, "Le nom du jeton est trop long : 101 caractères, 100 au plus."},
				{[]string{"creer", "--compte", "caisse@epn.fr", "caisse"}, 2, "argument inattendu « caisse » (le nom se donne avec --nom)"},
				{[]string{"revoquer", "--compte", "caisse@epn.fr"}, 2, "indiquez le numéro du jeton"},
				{[]string{"revoquer", "--compte", "caisse@epn.fr", "un"}, 2, "numéro de jeton attendu, pas « un »"},
				{[]string{"revoquer", "--compte", "caisse@epn.fr", "9"}, 1, "aucun jeton valide numéro 9 pour caisse@epn.fr"},
				{[]string{"effacer"}, 2, "sous-commande inconnue « effacer » (creer, liste, revoquer)"},
			} {
				r := runCmd(t, dir, nil, append(append([]string{"jetons"}, tt.args...), "--db", db)...)
				if r.code != tt.code || !strings.Contains(r.stderr, tt.stderr) || r.stdout != "" {
					t.Errorf("jetons %v: %+v, want %d and %q", tt.args, r, tt.code, tt.stderr)
				}
			}

			if r := runCmd(t, dir, nil, "jetons", "revoquer", "--db", db, "--compte", "caisse@epn.fr", "1"); r.code != 0 || r.stdout != "Jeton 1 révoqué.\n" {
				t.Errorf("revoquer: %+v", r)
			}
			if status, body := call(token); status != http.StatusUnauthorized || !strings.Contains(body, "inconnu ou révoqué") {
				t.Errorf("revoked token: %d %s", status, body)
			}
			if r := runCmd(t, dir, nil, "jetons", "liste", "--db", db, "--compte", "caisse@epn.fr"); r.code != 0 ||
				r.stdout != "aucun jeton valide pour caisse@epn.fr (maillage jetons creer --compte caisse@epn.fr en crée un)\n" {
				t.Errorf("liste after revoking: %+v", r)
			}
			if r := runCmd(t, dir, nil, "jetons", "revoquer", "--db", db, "--compte", "caisse@epn.fr", "1"); r.code != 1 || !strings.Contains(r.stderr, "aucun jeton valide numéro 1") {
				t.Errorf("revoked twice: %+v", r)
			}
		})
	}
}
