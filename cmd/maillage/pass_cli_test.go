package main

import (
	"database/sql"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// passCLIWorld is a SQLite database with a referential of the Tarn
// (Gaillac and Brens share the postcode 81600), the places of the
// fixtures, an administrator, a financeur and a distributeur; cmd runs a
// command at a time and checks its status.
type passCLIWorld struct {
	dir, dbPath string
	cmd         func(when time.Time, want int, args ...string) result
}

func newPassCLIWorld(t *testing.T, when time.Time) passCLIWorld {
	t.Helper()
	lieux, err := filepath.Abs(fixtures + "lieux-v1.csv")
	if err != nil {
		t.Fatal(err)
	}
	w := passCLIWorld{dir: t.TempDir()}
	w.dbPath = filepath.Join(w.dir, "m.db")
	db := "sqlite:" + w.dbPath
	w.cmd = func(when time.Time, want int, args ...string) result {
		t.Helper()
		r := runCmdAt(t, func() time.Time { return when }, w.dir, nil, append(args, "--db", db)...)
		if r.code != want {
			t.Fatalf("%v: status %d, want %d: %+v", args, r.code, want, r)
		}
		return r
	}
	decoupage := filepath.Join(w.dir, "decoupage")
	if err := os.Mkdir(decoupage, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string]string{
		"communes.json": `[{"code":"81004","nom":"Albi","departement":"81","region":"76","type":"commune-actuelle","codesPostaux":["81000"],"population":49236},
{"code":"81099","nom":"Gaillac","departement":"81","region":"76","type":"commune-actuelle","codesPostaux":["81600"],"population":15000},
{"code":"81038","nom":"Brens","departement":"81","region":"76","type":"commune-actuelle","codesPostaux":["81600"],"population":2400}]`,
		"departements.json": `[{"code":"81","region":"76","nom":"Tarn"}]`,
		"epci.json":         `[{"code":"248100737","nom":"CA de l'Albigeois (C2A)","type":"CA","populationTotale":83000,"membres":[{"code":"81004"}]}]`,
		"regions.json":      `[{"code":"76","nom":"Occitanie"}]`,
	} {
		writeFile(t, filepath.Join(decoupage, name), data)
	}
	w.cmd(when, 0, "territoires", "import", "--centres", "aucun", decoupage)
	for _, a := range [][]string{{"administrateur", "admin@hub.fr"}, {"financeur", "finances@tarn.fr"}, {"distributeur", "ccas@albi.fr"}, {"contributeur", "epn@albi.fr"}} {
		w.cmd(when, 0, "utilisateurs", "ajouter", "--role", a[0], a[1])
	}
	w.cmd(when, 0, "import", "--source", "hub", lieux)
	return w
}

func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// TestPassCommanderChecks: pass commander refuses an end date already
// past, a perimeter outside the referential, a printed text beyond 300
// characters (and keeps one of 300), and says « 1 carnet ».
func TestPassCommanderChecks(t *testing.T) {
	dec := time.Date(2026, 12, 10, 10, 0, 0, 0, time.UTC)
	w := newPassCLIWorld(t, dec)
	order := func(want int, extra ...string) result {
		t.Helper()
		return w.cmd(dec, want, append([]string{"pass", "commander", "--financeur", "finances@tarn.fr", "--carnets", "1", "--valeur", "10",
			"--fin", "2026-12-31", "--perimetre", "departement:81", "-o", "codes.csv"}, extra...)...)
	}
	for _, tt := range []struct {
		name string
		args []string
		want string
	}{
		{"an end date past", []string{"--fin", "2026-12-09"}, "--fin 2026-12-09 : cette date est passée (nous sommes le 2026-12-10)"},
		// Review 10N round 2, finding 10.
		{"no carnet", []string{"--carnets", "0"}, "--carnets 0 : au moins 1"},
		{"an impossible date", []string{"--fin", "2027-06-31"}, "--fin 2027-06-31 : cette date n'existe pas"},
		// Review 10A2 minor 3: its last day was « 10000-01-10 », before
		// every day as text.
		{"an end date in year 9999", []string{"--fin", "9999-12-31", "--tolerance-jours", "10"},
			"--fin : Date de fin de validité « 9999-12-31 » : au plus 5 ans après aujourd'hui (2026-12-10), soit le 2031-12-10 au plus tard."},
		{"an end date a day too far", []string{"--fin", "2031-12-11"}, "soit le 2031-12-10 au plus tard"},
		{"an unknown département", []string{"--perimetre", "departement:99"}, "--perimetre : le département « 99 » n'est pas dans le référentiel des territoires"},
		{"an unknown commune and EPCI", []string{"--perimetre", "commune:81999,epci:200000000,departement:81"},
			"--perimetre : la commune « 81999 », l'EPCI « 200000000 » ne sont pas dans le référentiel des territoires"},
	} {
		if r := order(2, tt.args...); !strings.Contains(r.stderr, tt.want) {
			t.Errorf("%s: %q, want %q", tt.name, r.stderr, tt.want)
		}
	}
	if r := order(1, "--texte", strings.Repeat("é", 301)); !strings.Contains(r.stderr, "Le texte imprimé sur les pass tient en 300 caractères au plus.") {
		t.Errorf("a text of 301 characters: %q", r.stderr)
	}
	if _, err := os.Stat(filepath.Join(w.dir, "codes.csv")); err == nil {
		t.Error("codes.csv written for refused orders")
	}
	text := strings.Repeat("Offert par le Département du Tarn. ", 9)[:300]
	r := order(0, "--texte", text, "--fin", "2026-12-10", "--perimetre", "commune:81004,epci:248100737")
	if !strings.Contains(r.stderr, "Commande 1 : 1 carnet de 10 pass de 10,00\u202f€ (100,00\u202f€)") {
		t.Errorf("commander: %q", r.stderr)
	}
	raw, err := sql.Open("sqlite", w.dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var got string
	if err := raw.QueryRow(`SELECT texte_imprime FROM pass_commandes WHERE id = 1`).Scan(&got); err != nil || got != text {
		t.Errorf("the printed text stored: %q, %v; want %q", got, err, text)
	}
	// Without a referential, the départements' codes are still known.
	if !departementCode("2A") || !departementCode("974") || !departementCode("01") || departementCode("20") || departementCode("99") || departementCode("975") || departementCode("1") {
		t.Error("departementCode")
	}
}

// TestPassCodes: pass commander writes its file whole (a temporary file
// renamed), says how to write it again when that fails after the order is
// recorded, and pass codes writes the same file again.
func TestPassCodes(t *testing.T) {
	dec := time.Date(2026, 12, 10, 10, 0, 0, 0, time.UTC)
	w := newPassCLIWorld(t, dec)
	order := func(want int, out string) result {
		t.Helper()
		return w.cmd(dec, want, "pass", "commander", "--financeur", "finances@tarn.fr", "--carnets", "2", "--passes-par-carnet", "3", "--valeur", "10",
			"--fin", "2026-12-31", "--perimetre", "departement:81", "-o", out)
	}
	order(0, "codes.csv")
	first := readFile(t, filepath.Join(w.dir, "codes.csv"))
	w.cmd(dec, 0, "pass", "codes", "--commande", "1", "-o", "encore.csv")
	if again := readFile(t, filepath.Join(w.dir, "encore.csv")); string(again) != string(first) {
		t.Errorf("pass codes wrote\n%s\nwant what pass commander wrote\n%s", again, first)
	}
	rows := readCSV(t, filepath.Join(w.dir, "encore.csv"))
	if len(rows) != 7 || strings.Join(rows[0][:3], ",") != "commande,carnet,code" || !strings.HasPrefix(rows[1][2], "PN-") {
		t.Errorf("pass codes: %v", rows)
	}
	if r := w.cmd(dec, 0, "pass", "codes", "--commande", "1", "-o", "-"); r.stdout != string(first) {
		t.Errorf("pass codes -o -: %q", r.stdout)
	}
	// A folder that does not exist: refused before the order is recorded.
	if r := order(1, filepath.Join("nulle-part", "codes.csv")); !strings.Contains(r.stderr, "impossible de créer nulle-part/codes.csv") {
		t.Errorf("no folder: %q", r.stderr)
	}
	w.cmd(dec, 1, "pass", "codes", "--commande", "2", "-o", "c2.csv")
	// A failure after the order is recorded (the name is a folder's):
	// the error says how to get the codes again; no half file is left.
	if err := os.Mkdir(filepath.Join(w.dir, "dossier"), 0o755); err != nil {
		t.Fatal(err)
	}
	if r := order(1, "dossier"); !strings.Contains(r.stderr, "la commande 2 est enregistrée ; ses codes s'obtiennent de nouveau avec : maillage pass codes --commande 2 -o codes.csv") {
		t.Errorf("written after the commit: %q", r.stderr)
	}
	w.cmd(dec, 0, "pass", "codes", "--commande", "2", "-o", "c2.csv")
	if rows := readCSV(t, filepath.Join(w.dir, "c2.csv")); len(rows) != 7 || rows[1][0] != "2" {
		t.Errorf("codes of order 2: %v", rows)
	}
	entries, err := os.ReadDir(w.dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".tmp") {
			t.Errorf("temporary file left: %s", e.Name())
		}
	}
}

// TestPassRemettreEtatReleves: pass remettre reads a postcode or a name
// of the referential (and lists the candidates of an ambiguous one);
// pass etat says why a pass is refused; the statements name their payee
// (SIRET, holder, IBAN masked) and their CSV has Paris times and cells
// that cannot start a formula.
func TestPassRemettreEtatReleves(t *testing.T) {
	dec := time.Date(2026, 12, 10, 10, 0, 0, 0, time.UTC)
	w := newPassCLIWorld(t, dec)
	w.cmd(dec, 0, "pass", "commander", "--financeur", "finances@tarn.fr", "--carnets", "3", "--passes-par-carnet", "2", "--valeur", "10",
		"--fin", "2026-12-31", "--perimetre", "departement:81", "-o", "codes.csv")
	rows := readCSV(t, filepath.Join(w.dir, "codes.csv"))
	carnet1, carnet2, code, other := rows[1][1], rows[3][1], rows[1][2], rows[2][2]
	if r := w.cmd(dec, 0, "pass", "attribuer", "--commande", "1", "--distributeur", "ccas@albi.fr", "--carnets", "1"); !strings.Contains(r.stderr, "1 carnet attribué à ccas@albi.fr.") {
		t.Errorf("attribuer: %q", r.stderr)
	}
	w.cmd(dec, 0, "pass", "attribuer", "--commande", "1", "--distributeur", "ccas@albi.fr", "--carnets", "2")
	if r := w.cmd(dec, 2, "pass", "remettre", "--distributeur", "ccas@albi.fr", "--commune", "81600", carnet1); !strings.Contains(r.stderr, "plusieurs communes possibles") ||
		!strings.Contains(r.stderr, "Gaillac (81099)") || !strings.Contains(r.stderr, "Brens (81038)") {
		t.Errorf("an ambiguous postcode: %q", r.stderr)
	}
	w.cmd(dec, 2, "pass", "remettre", "--distributeur", "ccas@albi.fr", "--commune", "Nulle-Part", carnet1)
	if r := w.cmd(dec, 0, "pass", "remettre", "--distributeur", "ccas@albi.fr", "--commune", "81000", carnet1); r.stdout != "Carnet "+carnet1+" remis : 2 pass utilisables.\n" {
		t.Errorf("remettre: %q", r.stdout)
	}
	w.cmd(dec, 0, "pass", "remettre", "--distributeur", "ccas@albi.fr", "--commune", "brens", carnet2)
	raw, err := sql.Open("sqlite", w.dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	for c, want := range map[string]string{carnet1: "81004", carnet2: "81038"} {
		var got string
		if err := raw.QueryRow(`SELECT commune FROM pass_carnets WHERE code = ?`, c).Scan(&got); err != nil || got != want {
			t.Errorf("carnet %s: commune %q, %v; want %s", c, got, err, want)
		}
	}

	w.cmd(dec, 0, "pass", "bloquer", "--motif", "carnet perdu", other)
	if r := w.cmd(dec, 0, "pass", "etat", other); !strings.Contains(r.stdout, "\tbloque\tligne de commande\tmotif : carnet perdu\n") ||
		!strings.Contains(r.stdout, "Refusé au guichet (bloque) : pass bloqué le 2026-12-10 par ligne de commande, motif : « carnet perdu ».") ||
		!strings.Contains(r.stdout, "2026-12-10T11:00:00+01:00\temis") {
		t.Errorf("etat of a blocked pass: %q", r.stdout)
	}
	if r := w.cmd(dec, 0, "pass", "etat", rows[5][2]); !strings.Contains(r.stdout, "Refusé au guichet (bloque) : Ce pass n'a pas encore été remis à un bénéficiaire.") {
		t.Errorf("etat of a pass not handed: %q", r.stdout)
	}
	if r := w.cmd(dec, 0, "pass", "etat", code); strings.Contains(r.stdout, "Refusé") {
		t.Errorf("etat of a valid pass: %q", r.stdout)
	}

	w.cmd(dec, 0, "pass", "qualifier", "--lieu", "epn-albi-1", "--compte", "epn@albi.fr", "--iban", "FR7630006000011234567890189", "--titulaire", "=EPN d'Albi")
	w.cmd(dec, 0, "pass", "utiliser", "--lieu", "epn-albi-1", "--service", "Aide aux démarches administratives", "--compte", "epn@albi.fr", code)
	jan := time.Date(2027, 1, 3, 9, 0, 0, 0, time.UTC)
	r := w.cmd(jan, 0, "pass", "releves", "--mois", "2026-12")
	if !strings.Contains(r.stdout, "1\tepn-albi-1\t2026-12\t1 pass\t10,00\u202f€\tà payer\tSIRET 21810004200017, =EPN d'Albi, IBAN FR76 •••• •••• 0189\n") ||
		strings.Contains(r.stdout, "30006000011234567890") || !strings.Contains(r.stderr, "1 relevé émis pour 2026-12") {
		t.Errorf("releves: %+v", r)
	}
	// Paid at 23:30 UTC: the 4th of January in Paris.
	w.cmd(time.Date(2027, 1, 3, 23, 30, 0, 0, time.UTC), 0, "pass", "payer", "--releve", "1", "--virement", "+VIR-2027-01")
	w.cmd(jan, 0, "pass", "releves", "--mois", "2026-12", "-o", "releves.csv")
	got := readCSV(t, filepath.Join(w.dir, "releves.csv"))
	want := [][]string{{"releve", "lieu", "mois", "nb_pass", "montant_centimes", "emis_le", "paye_le", "virement", "siret", "titulaire", "iban_masque"},
		{"1", "epn-albi-1", "2026-12", "1", "1000", "2027-01-03 10:00", "2027-01-04 00:30", "'+VIR-2027-01", "21810004200017", "'=EPN d'Albi", "FR76 •••• •••• 0189"}}
	if len(got) != 2 || strings.Join(got[0], ",") != strings.Join(want[0], ",") || strings.Join(got[1], ",") != strings.Join(want[1], ",") {
		t.Errorf("releves.csv:\n%q\nwant\n%q", got, want)
	}
}
