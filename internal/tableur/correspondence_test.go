package tableur

import (
	"errors"
	"os"
	"strings"
	"testing"

	"maillage/internal/failure"
)

// minimal is the least a correspondence must say: the required fields.
const minimal = `champs:
  id: code
  nom: nom
  commune: ville
  code_postal: cp
  adresse: adresse
  date_maj: maj
`

func TestParseCorrespondenceErrors(t *testing.T) {
	tests := []struct {
		name, data string
		line       int
		key, msg   string
	}{
		{"not an object", "- a\n- b\n", 1, "", "le fichier doit être un objet"},
		{"no champs", "nom: x\n", 1, "champs", "clé obligatoire absente"},
		{"unknown top key", minimal + "feuile: Feuil1\n", 8, "feuile", "clé inconnue"},
		{"unknown field", minimal + "  typologies: type\n", 8, "champs.typologies", "n'est pas un champ du standard"},
		{"required missing", "champs:\n  id: code\n  nom: nom\n", 2, "champs", "champ obligatoire du standard non décrit : commune"},
		{"closed value misspelt", minimal + "  itinerance:\n    constante: Itinerant\n", 9, "champs.itinerance.constante", "« Itinerant » n'est pas écrit comme le standard l'écrit : « Itinérant »"},
		{"closed value unknown", minimal + "  frais_a_charge:\n    defaut: Libre\n", 9, "champs.frais_a_charge.defaut", "« Libre » n'est pas une valeur du champ frais_a_charge"},
		{"typologie unknown", minimal + "  typologie:\n    colonne: type\n    regles:\n      - mot: mairie\n        donne: MAIRIE\n", 12, "champs.typologie.regles[1].donne", "« MAIRIE » n'est pas un code de typologie"},
		{"bad regex", minimal + "  typologie:\n    colonne: type\n    regles:\n      - regex: \"(bib\"\n        donne: BIB\n", 11, "champs.typologie.regles[1].regex", "expression régulière invalide « (bib »"},
		{"rule without matcher", minimal + "  typologie:\n    colonne: type\n    regles:\n      - donne: BIB\n", 11, "champs.typologie.regles[1]", "ne dit pas quelles valeurs elle reconnaît"},
		{"rule with two matchers", minimal + "  typologie:\n    colonne: type\n    regles:\n      - mot: bib\n        regex: bib\n        donne: BIB\n", 11, "champs.typologie.regles[1]", "pas plusieurs à la fois"},
		{"rule without donne", minimal + "  typologie:\n    colonne: type\n    regles:\n      - mot: bib\n", 11, "champs.typologie.regles[1]", "ne dit pas ce qu'elle « donne »"},
		{"rule on another column", minimal + "  typologie:\n    colonne: type\n    regles:\n      - colonne: autre\n        mot: bib\n        donne: BIB\n", 11, "champs.typologie.regles[1]", "la règle lit la colonne « autre », que le champ ne lit pas"},
		{"rules on a free field", minimal + "  presentation_resume:\n    colonne: texte\n    regles: []\n", 10, "champs.presentation_resume.regles", "clé inconnue"},
		{"partie without separer", minimal + "  complement_adresse:\n    colonne: x\n    partie: 2\n", 10, "champs.complement_adresse.partie", "« partie » sans « separer »"},
		{"partie zero", minimal + "  complement_adresse:\n    colonne: x\n    separer: \",\"\n    partie: 0\n", 11, "champs.complement_adresse.partie", "la première partie est 1"},
		{"separer a text field without partie", minimal + "  complement_adresse:\n    colonne: x\n    separer: \",\"\n", 9, "champs.complement_adresse.separer", "dites quelle « partie » garder"},
		{"constant and column", minimal + "  source:\n    colonne: x\n    constante: Hub\n", 10, "champs.source.constante", "une constante ne lit aucune colonne"},
		{"no source of value", minimal + "  source:\n    joindre: \" \"\n", 9, "champs.source", "ne dit pas d'où vient sa valeur"},
		{"unknown day", minimal + "  horaires:\n    jours:\n      lundy: h_lundi\n", 10, "champs.horaires.jours.lundy", "clé inconnue"},
		{"feries without jours", minimal + "  horaires:\n    colonne: h\n    feries_fermes: oui\n", 10, "champs.horaires.feries_fermes", "ne vaut qu'avec « jours »"},
		{"bad separator", "separateur: \"#\"\n" + minimal, 1, "separateur", "séparateur de colonnes"},
		{"bad header line", "ligne_entete: 0\n" + minimal, 1, "ligne_entete", "à partir de 1"},
		{"duplicate key", minimal + "  nom: autre\n", 8, "", "clé « nom » en double"},
		{"yaml syntax", "nom: x\nchamps:\n  id: a: b\n", 3, "", "YAML illisible : mapping values are not allowed"},
		{"json syntax", "{\n  \"champs\": {\n    \"id\": \"a\",\n  }\n}\n", 4, "", "JSON illisible"},
		{"json unknown field", `{"champs": {"id": "a", "nom": "b", "commune": "c",
  "code_postal": "d", "adresse": "e", "date_maj": "f",
  "horaire": "g"}}`, 3, "champs.horaire", "n'est pas un champ du standard"},
		{"json closed value", `{"champs": {"id": "a", "nom": "b", "commune": "c",
  "code_postal": "d", "adresse": "e", "date_maj": "f",
  "itinerance": {"constante": "mobile"}}}`, 3, "champs.itinerance.constante", "« mobile » n'est pas une valeur du champ itinerance"},
		{"two documents", minimal + "---\nnom: b\n", 8, "", "plusieurs documents YAML"},
		{"empty", "", 0, "", "fichier vide"},
		{"not utf-8", "nom: caf\xe9\n" + minimal, 0, "", "non UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseCorrespondence([]byte(tt.data), "hub.yaml")
			if err == nil {
				t.Fatal("accepted")
			}
			if !errors.Is(err, failure.ErrInvalid) {
				t.Errorf("error is not failure.Invalid: %v", err)
			}
			var se *SpecError
			if !errors.As(err, &se) {
				t.Fatalf("no SpecError in %v", err)
			}
			if se.File != "hub.yaml" || se.Line != tt.line || se.Key != tt.key || !strings.Contains(se.Msg, tt.msg) {
				t.Errorf("got %s (line %d, key %q)\nwant line %d, key %q, message with %q", se, se.Line, se.Key, tt.line, tt.key, tt.msg)
			}
			if msg := failure.MessageOf(err); !strings.Contains(msg, "hub.yaml") || !strings.Contains(msg, tt.msg) {
				t.Errorf("message %q does not name the file and the rule", msg)
			}
		})
	}
}

func TestParseCorrespondenceListsEveryMistake(t *testing.T) {
	_, err := ParseCorrespondence([]byte(minimal+"  typologies: a\n  itinerance:\n    constante: mobile\n"), "hub.yaml")
	msg := failure.MessageOf(err)
	if !strings.Contains(msg, "2 erreurs") || !strings.Contains(msg, "ligne 8") || !strings.Contains(msg, "ligne 10") {
		t.Errorf("message = %q, want both mistakes with their lines", msg)
	}
}

func TestBuiltins(t *testing.T) {
	names := BuiltinNames()
	if len(names) == 0 || names[0] != "france-services" {
		t.Fatalf("BuiltinNames = %v", names)
	}
	for _, n := range names {
		c, err := Builtin(n)
		if err != nil {
			t.Fatalf("built-in %s: %v", n, err)
		}
		if c.Name != n {
			t.Errorf("name %q, want %q", c.Name, n)
		}
	}
	// Each call gives a copy: a date set on one is not on the next.
	a, err := Builtin("france-services")
	if err != nil {
		t.Fatal(err)
	}
	a.FileDate = fsDate
	b, err := Builtin("france-services")
	if err != nil {
		t.Fatal(err)
	}
	if !b.FileDate.IsZero() {
		t.Error("Builtin returns a shared value")
	}
	if _, err := Builtin("france-service"); !errors.Is(err, failure.ErrNotFound) || !strings.Contains(failure.MessageOf(err), "france-services") {
		t.Errorf("unknown built-in: %v", err)
	}
}

// Open takes a built-in name first, a file otherwise.
func TestOpen(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	if err := os.WriteFile("france-services", []byte(minimal), 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := Open("france-services")
	if err != nil || c.Name != "france-services" || len(c.Keep) == 0 {
		t.Fatalf("built-in: %v %+v", err, c)
	}
	c, err = Open("./france-services")
	if err != nil || c.Name != "./france-services" || len(c.Keep) != 0 {
		t.Fatalf("file: %v %+v", err, c)
	}
	if _, err := Open("absente.yaml"); !errors.Is(err, failure.ErrNotFound) {
		t.Errorf("missing file: %v", err)
	}
}
