package standard

import (
	"strings"
	"testing"
)

// A header the reader cannot use says what it found, what is missing, and
// where to go next.
func TestHeaderNotRecognised(t *testing.T) {
	for in, wants := range map[string][]string{
		"adresse,code_postal,latitude,Nom de la structure\n1 rue,81000,43.9,EPN\n": {
			"f.csv, ligne 1 : en-tête incomplet",
			"colonnes du standard trouvées : adresse, code_postal, latitude",
			"ni « id » ni « nom »",
			"autres colonnes : Nom de la structure",
			"une table de correspondance",
		},
		"Identifiant;Raison sociale;Ville\n1;EPN;Albi\n": {
			"f.csv, ligne 1 : en-tête non reconnu : aucune colonne du standard",
			"colonnes du fichier : Identifiant, Raison sociale, Ville",
			"attendu : id, pivot, nom, commune, code_postal, adresse, date_maj",
			"une table de correspondance",
		},
	} {
		_, err := NewScanner(strings.NewReader(in), "f.csv")
		for _, w := range wants {
			if err == nil || !strings.Contains(err.Error(), w) {
				t.Errorf("%q: %v\nwant %q", in, err, w)
			}
		}
	}
}
