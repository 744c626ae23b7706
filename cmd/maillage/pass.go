package main

import (
	"context"
	"crypto/rand"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"maillage/internal/account"
	"maillage/internal/failure"
	"maillage/internal/french"
	"maillage/internal/pass"
	"maillage/internal/place"
	"maillage/internal/printable"
	"maillage/internal/standard"
	"maillage/internal/store"
	"maillage/internal/web"
)

const usageCommander = "--financeur COURRIEL --carnets N --passes-par-carnet M --valeur EUROS --fin AAAA-MM-JJ --perimetre departement:69 [--texte TEXTE] -o codes.csv"

type passCommand struct {
	name, usage string
	run         func(ctx context.Context, e *env, args []string) error
}

func passCommands() []passCommand {
	return []passCommand{
		{"commander", usageCommander, passCommander},
		{"codes", "--commande N -o codes.csv", passCodes},
		{"attribuer", "--commande N --distributeur COURRIEL (--carnets N | CODE…)", passAttribuer},
		{"remettre", "--distributeur COURRIEL [--age TRANCHE] [--commune COMMUNE] CODE_CARNET", passRemettre},
		{"qualifier", "--lieu ID --compte COURRIEL --iban IBAN --titulaire NOM [--bic BIC] [--siret SIRET]", passQualifier},
		{"retirer", "--lieu ID --raison TEXTE", passRetirer},
		{"utiliser", "--lieu ID --service SERVICE [--compte COURRIEL] [--cle CLE] CODE", passUtiliser},
		{"etat", "CODE", passEtat},
		{"bloquer", "[--motif TEXTE] CODE", passBloquer},
		{"releves", "--mois AAAA-MM [-o releves.csv]", passReleves},
		{"lignes", "--releve N [-o lignes.csv]", passLignes},
		{"payer", "--releve N --virement REFERENCE", passPayer},
		{"crediter", "", passCrediter},
		{"tableau", "[--par commande|distributeur|lieu|territoire] [--commande N] [--financeur COURRIEL] [--distributeur COURRIEL] [-o tableau.csv]", passTableau},
		{"verifier", "", passVerifier},
	}
}

func runPass(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 {
		return usageError{"pass : sous-commande attendue (" + passNames() + ")"}
	}
	if isHelp(args[0]) {
		fmt.Fprint(e.stdout, passHelp())
		return flag.ErrHelp
	}
	for _, c := range passCommands() {
		if c.name == args[0] {
			return c.run(ctx, e, args[1:])
		}
	}
	return usageError{fmt.Sprintf("pass : sous-commande inconnue « %s » (%s)", args[0], passNames())}
}

func passNames() string {
	var names []string
	for _, c := range passCommands() {
		names = append(names, c.name)
	}
	return strings.Join(names, ", ")
}

func passHelp() string {
	var b strings.Builder
	b.WriteString(`Usage : maillage pass SOUS-COMMANDE [options]

Le Pass numérique : commandes de carnets, remise aux bénéficiaires, lieux qualifiés,
utilisations, relevés mensuels et avoirs (la base : --db ou MAILLAGE_DATABASE_URL).

`)
	for _, c := range passCommands() {
		fmt.Fprintf(&b, "  maillage pass %s %s\n", c.name, c.usage)
	}
	b.WriteString(`
Tranches d'âge (--age) : ` + ageBands() + ` (ou rien).
Le détail d'une sous-commande : maillage pass commander -h (de même pour les autres).
`)
	return b.String()
}

func ageBands() string {
	var names []string
	for _, a := range pass.AgeBands {
		names = append(names, string(a))
	}
	return strings.Join(names, ", ")
}

// openPassStore opens the store on the command line's clock. Every pass
// command works on an existing ledger (it needs its accounts, places or
// orders): a SQLite file that does not exist is refused, not created,
// so that a check run from the wrong folder or with a mistyped --db does
// not answer about an empty ledger (nor leave a key and a file behind).
func openPassStore(ctx context.Context, e *env, url string) (store.Store, error) {
	if err := existingSQLite(url); err != nil {
		return nil, err
	}
	return openStore(ctx, e, url, store.WithClock(e.now))
}

// existingSQLite refuses a sqlite: URL whose file does not exist.
func existingSQLite(url string) error {
	if !strings.HasPrefix(url, "sqlite:") {
		return nil
	}
	path := strings.TrimPrefix(strings.TrimPrefix(url, "sqlite:"), "//")
	if path == "" {
		return nil // openStoreKeys says so
	}
	info, err := os.Stat(path)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return failure.Errorf(failure.NotFound, "base introuvable : %s n'existe pas ; donnez la base avec --db ou MAILLAGE_DATABASE_URL (aucune base n'est créée par « maillage pass »)", printable.String(url))
	case err != nil:
		return fmt.Errorf("base %s : %w", printable.String(url), err)
	case info.IsDir():
		return failure.Errorf(failure.Invalid, "base %s : c'est un dossier, pas un fichier SQLite (--db ou MAILLAGE_DATABASE_URL)", printable.String(url))
	}
	return nil
}

// accountByEmail finds an account, in French when there is none.
func accountByEmail(ctx context.Context, st store.Store, email string) (account.User, error) {
	u, err := st.UserByEmail(ctx, email)
	if errors.Is(err, failure.ErrNotFound) {
		return u, fmt.Errorf("aucun compte pour « %s » (maillage utilisateurs ajouter en crée un)", printable.String(email))
	}
	return u, err
}

// parseServices reads services separated by "|", ";" or ",", each
// matched tolerantly to the standard's spelling; none: every service.
func parseServices(s string) ([]string, error) {
	if strings.TrimSpace(s) == "" {
		return append([]string(nil), place.Services.Values...), nil
	}
	var out []string
	for _, v := range strings.FieldsFunc(s, func(r rune) bool { return r == '|' || r == ';' || r == ',' }) {
		c, _, ok := place.Services.Lookup(strings.TrimSpace(v))
		if !ok {
			return nil, fmt.Errorf("service « %s » inconnu ; les services du standard : %s", printable.String(strings.TrimSpace(v)), strings.Join(place.Services.Values, " | "))
		}
		out = append(out, c)
	}
	return out, nil
}

// createOutput opens the file a command writes ("-": standard output).
func createOutput(e *env, path string) (io.Writer, func() error, error) {
	if path == "-" {
		return e.stdout, func() error { return nil }, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, nil, fmt.Errorf("impossible de créer %s : %w", path, err)
	}
	return f, f.Close, nil
}

// wholeFile is a file written under a temporary name in its folder and
// renamed at the end: a file at path is whole or absent, never half
// written ("-": standard output).
type wholeFile struct {
	e    *env
	path string
	f    *os.File
}

// createWhole creates the temporary file next to path (or nothing for
// "-"), so that a folder that cannot be written is known before anything
// else is done.
func createWhole(e *env, path string) (*wholeFile, error) {
	w := &wholeFile{e: e, path: path}
	if path == "-" {
		return w, nil
	}
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return nil, fmt.Errorf("impossible de créer %s : %w", path, err)
	}
	w.f = f
	return w, nil
}

// write writes the file's content, then renames it to its path.
func (w *wholeFile) write(content func(io.Writer) error) error {
	if w.f == nil {
		return content(w.e.stdout)
	}
	err := content(w.f)
	if err == nil {
		err = w.f.Sync()
	}
	if cerr := w.f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(w.f.Name(), w.path)
	}
	if err != nil {
		os.Remove(w.f.Name())
	}
	return err
}

// abandon removes the temporary file (nothing was written).
func (w *wholeFile) abandon() {
	if w.f != nil {
		w.f.Close()
		os.Remove(w.f.Name())
	}
}

// codesCSV writes an order's codes, as pass commander -o and pass codes do.
func codesCSV(o pass.Order, ps []pass.Pass) func(io.Writer) error {
	return func(w io.Writer) error {
		cw := csv.NewWriter(w)
		cw.Write([]string{"commande", "carnet", "code", "valeur_centimes", "fin_validite", "dernier_jour"})
		for _, p := range ps {
			cw.Write([]string{strconv.FormatInt(o.ID, 10), p.CarnetCode, p.Code, strconv.FormatInt(p.ValueCents, 10), o.ValidUntil, o.LastDay()})
		}
		cw.Flush()
		return cw.Error()
	}
}

// flagSet says whether the command line gave the flag.
func flagSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}

// dateShape says whether s is written AAAA-MM-JJ (digits), a date or not.
func dateShape(s string) bool {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return false
	}
	for i, r := range s {
		if i != 4 && i != 7 && (r < '0' || r > '9') {
			return false
		}
	}
	return true
}

func passCommander(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "pass commander", usageCommander,
		`Enregistre la commande d'un financeur et émet ses carnets et ses pass (codes uniques
avec caractère de contrôle). Le fichier -o reçoit un CSV : commande, carnet, code,
valeur_centimes, fin_validite, dernier_jour (écrit sous un nom temporaire puis renommé :
jamais à moitié). Perdu ? maillage pass codes --commande N -o codes.csv le réécrit.
Services (--services, séparés par |) : ceux du standard ; par défaut tous.
Périmètre : chaque département, EPCI et commune doit être dans le référentiel des
territoires quand il est chargé (maillage territoires).`)
	dbURL := dbFlag(fs, e)
	financeur := fs.String("financeur", "", "adresse du compte financeur (obligatoire)")
	carnets := fs.Int("carnets", 0, "nombre de carnets (obligatoire)")
	perCarnet := fs.Int("passes-par-carnet", 10, "nombre de pass par carnet")
	value := fs.String("valeur", "", "valeur d'un pass en euros, ex. 10 ou 10,50 (obligatoire)")
	end := fs.String("fin", "", "dernier jour de validité AAAA-MM-JJ (obligatoire)")
	tolerance := fs.Int("tolerance-jours", 0, "jours après la fin pendant lesquels les pass remis sont encore acceptés")
	perimeter := fs.String("perimetre", "", "où les pass sont acceptés : departement:69,epci:SIREN,commune:INSEE (obligatoire)")
	services := fs.String("services", "", "services financés, séparés par | (par défaut : tous)")
	publics := fs.String("publics", "", "publics cibles (texte pour les distributeurs)")
	text := fs.String("texte", "", fmt.Sprintf("texte du financeur imprimé sur chaque pass des carnets (%d caractères au plus)", pass.MaxPrintedText))
	out := fs.String("o", "", "fichier CSV des codes (obligatoire ; - : la sortie standard)")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if *financeur == "" || *value == "" || *end == "" || *perimeter == "" || *out == "" || !flagSet(fs, "carnets") {
		return usageError{"pass commander : --financeur, --carnets, --valeur, --fin, --perimetre et -o sont obligatoires"}
	}
	if *carnets < 1 {
		return usageError{fmt.Sprintf("pass commander : --carnets %d : au moins 1", *carnets)}
	}
	if _, err := time.Parse(pass.DateLayout, *end); err != nil && dateShape(*end) {
		return usageError{fmt.Sprintf("pass commander : --fin %s : cette date n'existe pas", printable.String(*end))}
	}
	cents, err := pass.ParseEuros(*value)
	if err != nil {
		return usageError{"pass commander : --valeur : " + failure.MessageOf(err)}
	}
	zones, err := pass.ParsePerimeter(*perimeter)
	if err != nil {
		return usageError{"pass commander : --perimetre : " + failure.MessageOf(err)}
	}
	if _, err := time.Parse(pass.DateLayout, *end); err == nil && *end < pass.Day(e.now()) {
		return usageError{fmt.Sprintf("pass commander : --fin %s : cette date est passée (nous sommes le %s) ; la fin de validité est aujourd'hui au plus tôt.", *end, pass.Day(e.now()))}
	}
	if _, err := time.Parse(pass.DateLayout, *end); err == nil {
		if err := (&pass.Order{ValidUntil: *end}).CheckEnd(pass.Day(e.now())); err != nil {
			return usageError{"pass commander : --fin : " + failure.MessageOf(err)}
		}
	}
	svcs, err := parseServices(*services)
	if err != nil {
		return usageError{"pass commander : --services : " + err.Error()}
	}
	st, err := openPassStore(ctx, e, *dbURL)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := checkPerimeter(ctx, st, zones); err != nil {
		return usageError{"pass commander : --perimetre : " + err.Error()}
	}
	f, err := accountByEmail(ctx, st, *financeur)
	if err != nil {
		return err
	}
	o := pass.Order{Financeur: f.ID, Carnets: *carnets, PassesPerCarnet: *perCarnet, ValueCents: cents, ValidUntil: *end,
		ToleranceDays: *tolerance, Perimeter: zones, Services: svcs, Publics: *publics, PrintedText: strings.TrimSpace(*text)}
	if err := o.Validate(); err != nil {
		return err
	}
	w, err := createWhole(e, *out)
	if err != nil {
		return err
	}
	o, err = st.CreateOrder(ctx, o, cliActor)
	if err != nil {
		w.abandon()
		return err
	}
	// The order is recorded: a failure from here on loses the file, not
	// the codes, which pass codes writes again.
	again := fmt.Sprintf("la commande %d est enregistrée ; ses codes s'obtiennent de nouveau avec : maillage pass codes --commande %d -o codes.csv", o.ID, o.ID)
	ps, err := st.Passes(ctx, o.ID, 0)
	if err != nil {
		w.abandon()
		return fmt.Errorf("lecture des codes : %w (%s)", err, again)
	}
	if err := w.write(codesCSV(o, ps)); err != nil {
		return fmt.Errorf("écriture de %s : %w (%s)", *out, err, again)
	}
	where := "dans " + *out
	if *out == "-" {
		where = "ci-dessus"
	}
	fmt.Fprintf(e.stderr, "Commande %d : %s de %s de %s (%s), acceptés jusqu'au %s ; codes %s.\n",
		o.ID, french.Count(o.Carnets, "carnet", "carnets"), french.Count(o.PassesPerCarnet, "pass", "pass"), pass.Euros(o.ValueCents), pass.Euros(o.TotalCents()), o.LastDay(), where)
	return nil
}

// checkPerimeter checks each zone against the referential of territories
// when one is loaded; without it, only the départements' codes are known.
func checkPerimeter(ctx context.Context, st store.Store, zones []pass.Zone) error {
	ref, err := st.Territories(ctx)
	if err != nil {
		return err
	}
	var unknown []string
	for _, z := range zones {
		known := true
		switch {
		case !ref.Empty() && z.Kind == pass.ZoneDepartement:
			_, known = ref.DepartementOf(z.Code)
		case !ref.Empty() && z.Kind == pass.ZoneEPCI:
			_, known = ref.EPCIOf(z.Code)
		case !ref.Empty() && z.Kind == pass.ZoneCommune:
			_, known = ref.Commune(z.Code)
		case z.Kind == pass.ZoneDepartement:
			known = departementCode(z.Code)
		}
		if !known {
			unknown = append(unknown, fmt.Sprintf("%s « %s »", map[string]string{pass.ZoneDepartement: "le département", pass.ZoneEPCI: "l'EPCI", pass.ZoneCommune: "la commune"}[z.Kind], z.Code))
		}
	}
	switch {
	case len(unknown) == 1:
		return fmt.Errorf("%s n'est pas dans le référentiel des territoires", unknown[0])
	case len(unknown) > 1:
		return fmt.Errorf("%s ne sont pas dans le référentiel des territoires", strings.Join(unknown, ", "))
	}
	return nil
}

// departementCode reports whether code is that of a French département:
// 01 to 95 (2A and 2B for Corsica, not 20), 971 to 974 and 976.
func departementCode(code string) bool {
	switch code {
	case "2A", "2B", "971", "972", "973", "974", "976":
		return true
	}
	n, err := strconv.Atoi(code)
	return err == nil && len(code) == 2 && n >= 1 && n <= 95 && n != 20
}

func passCodes(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "pass codes", "--commande N -o codes.csv",
		`Réécrit le fichier des codes d'une commande déjà enregistrée, avec les colonnes de pass
commander -o (commande, carnet, code, valeur_centimes, fin_validite, dernier_jour) : quand
le fichier de pass commander est perdu (processus interrompu après l'enregistrement).`)
	dbURL := dbFlag(fs, e)
	order := fs.Int64("commande", 0, "numéro de la commande (obligatoire)")
	out := fs.String("o", "", "fichier CSV des codes (obligatoire ; - : la sortie standard)")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if *order == 0 || *out == "" {
		return usageError{"pass codes : --commande et -o sont obligatoires"}
	}
	st, err := openPassStore(ctx, e, *dbURL)
	if err != nil {
		return err
	}
	defer st.Close()
	o, err := st.Order(ctx, *order)
	if err != nil {
		return err
	}
	ps, err := st.Passes(ctx, o.ID, 0)
	if err != nil {
		return err
	}
	w, err := createWhole(e, *out)
	if err != nil {
		return err
	}
	if err := w.write(codesCSV(o, ps)); err != nil {
		return fmt.Errorf("écriture de %s : %w", *out, err)
	}
	if *out != "-" {
		fmt.Fprintf(e.stderr, "Commande %d : %s écrits dans %s.\n", o.ID, french.Count(len(ps), "code", "codes"), *out)
	}
	return nil
}

func passAttribuer(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "pass attribuer", "--commande N --distributeur COURRIEL (--carnets N | CODE…)",
		`Attribue des carnets d'une commande à un compte distributeur : les N premiers non
attribués (--carnets N), ou ceux dont les codes suivent.`)
	dbURL := dbFlag(fs, e)
	order := fs.Int64("commande", 0, "numéro de la commande (obligatoire)")
	dist := fs.String("distributeur", "", "adresse du compte distributeur (obligatoire)")
	n := fs.Int("carnets", 0, "nombre de carnets à attribuer")
	codes, err := parse(fs, args)
	if err != nil {
		return err
	}
	if *order == 0 || *dist == "" || (*n == 0) == (len(codes) == 0) {
		return usageError{"pass attribuer : --commande, --distributeur, et --carnets N ou des codes de carnets (pas les deux)"}
	}
	st, err := openPassStore(ctx, e, *dbURL)
	if err != nil {
		return err
	}
	defer st.Close()
	d, err := accountByEmail(ctx, st, *dist)
	if err != nil {
		return err
	}
	cs, err := st.AssignCarnets(ctx, *order, *n, codes, d.ID, cliActor)
	if err != nil {
		return err
	}
	for _, c := range cs {
		fmt.Fprintln(e.stdout, c.Code)
	}
	fmt.Fprintf(e.stderr, "%s à %s.\n", french.Count(len(cs), "carnet attribué", "carnets attribués"), d.Email)
	return nil
}

func passRemettre(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "pass remettre", "--distributeur COURRIEL [--age TRANCHE] [--commune COMMUNE] CODE_CARNET",
		`Enregistre la remise d'un carnet à un bénéficiaire, sans son nom : au plus une tranche
d'âge (`+ageBands()+`) et sa commune (code INSEE, code postal, nom, ou code postal et
nom, quand le référentiel des territoires n'y voit qu'une commune). Ses pass deviennent
utilisables.`)
	dbURL := dbFlag(fs, e)
	dist := fs.String("distributeur", "", "adresse du compte distributeur (obligatoire)")
	age := fs.String("age", "", "tranche d'âge du bénéficiaire")
	commune := fs.String("commune", "", "commune du bénéficiaire : code INSEE, code postal ou nom")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if *dist == "" || len(pos) != 1 {
		return usageError{"pass remettre : --distributeur et le code du carnet"}
	}
	if !pass.ValidAgeBand(pass.AgeBand(*age)) {
		return usageError{"pass remettre : --age parmi " + ageBands()}
	}
	st, err := openPassStore(ctx, e, *dbURL)
	if err != nil {
		return err
	}
	defer st.Close()
	d, err := accountByEmail(ctx, st, *dist)
	if err != nil {
		return err
	}
	if d.Role != account.Distributeur {
		return fmt.Errorf("pass remettre : %s : ce compte n'est pas un distributeur (rôle « %s »)", d.Email, d.Role)
	}
	ref, err := st.Territories(ctx)
	if err != nil {
		return err
	}
	insee, err := web.ResidenceCommune(ref, strings.TrimSpace(*commune))
	if err != nil {
		return usageError{"pass remettre : --commune : " + failure.MessageOf(err)}
	}
	c, err := st.HandCarnet(ctx, pos[0], d.ID, pass.AgeBand(*age), insee, cliActor)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Carnet %s remis : %s.\n", c.Code, french.Count(c.Passes, "pass utilisable", "pass utilisables"))
	return nil
}

func passQualifier(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "pass qualifier", "--lieu ID --compte COURRIEL --iban IBAN --titulaire NOM [--bic BIC] [--siret SIRET]",
		`Qualifie un lieu pour accepter le Pass numérique, approuvé aussitôt (par un
administrateur, en ligne de commande). Le SIRET est obligatoire et ne sert qu'une
fois : par défaut le SIRET inscrit sur la fiche du lieu. L'IBAN et le titulaire du
compte sont obligatoires, comme dans le formulaire du lieu : les relevés sont payés
sur ce compte. Le compte agit pour le lieu (ses utilisations de pass), comme ceux qui
ont une revendication acceptée du lieu.`)
	dbURL := dbFlag(fs, e)
	lieu := fs.String("lieu", "", "identifiant du lieu (obligatoire)")
	email := fs.String("compte", "", "adresse du compte de la structure (obligatoire)")
	siret := fs.String("siret", "", "SIRET qui reçoit les contre-paiements (par défaut : celui du lieu)")
	iban := fs.String("iban", "", "IBAN du compte sur lequel les pass sont remboursés (obligatoire)")
	holder := fs.String("titulaire", "", "titulaire du compte, tel qu'il figure sur le relevé d'identité bancaire (obligatoire)")
	bic := fs.String("bic", "", "BIC de la banque (8 ou 11 caractères, facultatif)")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if *lieu == "" || *email == "" {
		return usageError{"pass qualifier : --lieu et --compte sont obligatoires"}
	}
	// The same rules and words as the place's form (lieuPassDemande).
	ibanText, bicText, holderText := strings.TrimSpace(*iban), strings.TrimSpace(*bic), strings.TrimSpace(*holder)
	ibanNorm, bicOK := "", true
	if ibanText != "" {
		var ok bool
		if ibanNorm, ok = pass.ValidIBAN(ibanText); !ok {
			return usageError{"pass qualifier : --iban : IBAN invalide : sa clé de contrôle ne correspond pas. Vérifiez-le sur le relevé d'identité bancaire et saisissez-le de nouveau."}
		}
	}
	if bicText != "" {
		_, bicOK = pass.ValidBIC(bicText)
	}
	switch {
	case ibanText == "":
		return usageError{"pass qualifier : --iban : indiquez l'IBAN du compte sur lequel les pass seront remboursés."}
	case !bicOK:
		return usageError{"pass qualifier : --bic : BIC « " + printable.String(bicText) + " » invalide : 8 ou 11 caractères (par exemple BNPAFRPP, ou CEPAFRPP513 avec le code d'agence), sur le relevé d'identité bancaire."}
	case holderText == "":
		return usageError{"pass qualifier : --titulaire : indiquez le titulaire du compte, tel qu'il figure sur le relevé d'identité bancaire."}
	case utf8.RuneCountInString(holderText) > pass.MaxHolder:
		return usageError{fmt.Sprintf("pass qualifier : --titulaire : le titulaire du compte tient en %d caractères au plus.", pass.MaxHolder)}
	}
	st, err := openPassStore(ctx, e, *dbURL)
	if err != nil {
		return err
	}
	defer st.Close()
	u, err := accountByEmail(ctx, st, *email)
	if err != nil {
		return err
	}
	l, err := st.Lieu(ctx, *lieu)
	if err != nil {
		return err
	}
	s := *siret
	if s == "" {
		s = l.Pivot
		if !pass.ValidSIRET(s) {
			return fmt.Errorf("le lieu %s n'a pas de SIRET valide sur sa fiche (« %s ») : indiquez --siret", l.ID, printable.String(l.Pivot))
		}
	}
	q, err := st.RequestQualification(ctx, pass.Qualification{LieuID: l.ID, SIRET: s, AccountID: u.ID, IBAN: ibanNorm, BIC: bicText, Holder: holderText, Status: pass.QualificationApproved}, cliActor)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Lieu %s qualifié (qualification %d, SIRET %s) ; %s agit pour lui.\n", l.ID, q.ID, q.SIRET, u.Email)
	return nil
}

func passRetirer(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "pass retirer", "--lieu ID --raison TEXTE",
		`Retire la qualification acceptée d'un lieu (par un administrateur, en ligne de
commande), avec sa raison, journalisée : le lieu n'accepte plus de pass (refusés avec
lieu_non_qualifie), les comptes de sa structure n'agissent plus pour lui, l'annuaire ne
le marque plus ; ses pass déjà utilisés et ses relevés ne changent pas. Une nouvelle
demande de qualification est possible ensuite.`)
	dbURL := dbFlag(fs, e)
	lieu := fs.String("lieu", "", "identifiant du lieu (obligatoire)")
	reason := fs.String("raison", "", "pourquoi (obligatoire)")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if *lieu == "" || strings.TrimSpace(*reason) == "" {
		return usageError{"pass retirer : --lieu et --raison sont obligatoires"}
	}
	st, err := openPassStore(ctx, e, *dbURL)
	if err != nil {
		return err
	}
	defer st.Close()
	q, err := st.WithdrawQualification(ctx, *lieu, *reason, cliActor)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Qualification %d du lieu %s (SIRET %s) retirée : le lieu n'accepte plus le Pass numérique.\n", q.ID, q.LieuID, q.SIRET)
	return nil
}

func passUtiliser(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "pass utiliser", "--lieu ID --service SERVICE [--compte COURRIEL] [--cle CLE] CODE",
		`Utilise un pass pour un lieu et un service (comme le guichet). Sans --compte, au nom
d'un administrateur (pour tout lieu) : le premier compte administrateur. Une clé
(--cle) rejouée donne la première réponse. Statut 1 quand le pass est refusé.`)
	dbURL := dbFlag(fs, e)
	lieu := fs.String("lieu", "", "identifiant du lieu (obligatoire)")
	service := fs.String("service", "", "service rendu (obligatoire)")
	email := fs.String("compte", "", "adresse du compte qui utilise le pass")
	key := fs.String("cle", "", "clé d'idempotence (par défaut : une nouvelle)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if *lieu == "" || *service == "" || len(pos) != 1 {
		return usageError{"pass utiliser : --lieu, --service et le code du pass"}
	}
	svc := *service
	c, _, ok := place.Services.Lookup(svc)
	if !ok {
		return usageError{fmt.Sprintf("pass utiliser : --service : Service « %s » inconnu du standard ; ses services : %s.", printable.String(svc), strings.Join(place.Services.Values, " | "))}
	}
	svc = c
	if *key == "" {
		var b [16]byte
		rand.Read(b[:])
		*key = hex.EncodeToString(b[:])
	}
	st, err := openPassStore(ctx, e, *dbURL)
	if err != nil {
		return err
	}
	defer st.Close()
	if _, err := st.Lieu(ctx, *lieu); errors.Is(err, failure.ErrNotFound) {
		return fmt.Errorf("pass utiliser : Lieu %s introuvable", printable.String(*lieu))
	} else if err != nil {
		return err
	}
	req := store.RedeemRequest{Code: pos[0], LieuID: *lieu, Service: svc, Key: *key}
	if *email != "" {
		u, err := accountByEmail(ctx, st, *email)
		if err != nil {
			return err
		}
		req.AccountID, req.AnyLieu = u.ID, u.Role == account.Administrateur
		req.Actor = fmt.Sprintf("compte:%d", u.ID)
	} else {
		users, err := st.Users(ctx)
		if err != nil {
			return err
		}
		for _, u := range users {
			if u.Role == account.Administrateur {
				req.AccountID, req.AnyLieu, req.Actor = u.ID, true, cliActor
				break
			}
		}
		if req.AccountID == 0 {
			return fmt.Errorf("aucun compte administrateur : indiquez --compte")
		}
	}
	// A service the place does not offer is refused as by the API and the
	// counter (review 10A2 minor 2).
	var services []string
	if l, err := st.Lieu(ctx, req.LieuID); err == nil {
		services = l.Services
	} else if failure.CodeOf(err) != failure.NotFound {
		return err
	}
	refused, err := store.ServiceNotOffered(ctx, st, services, req)
	if err != nil {
		return err
	}
	res := store.RedeemResult{}
	if refused != nil {
		res = *refused
	} else if res, err = st.Redeem(ctx, req); err != nil {
		return err
	}
	if res.Reason != "" {
		fmt.Fprintf(e.stdout, "refusé\t%s\t%s\n", res.Reason, res.Message)
		return exitStatus(1)
	}
	again := ""
	if res.Replayed {
		again = " (réponse rejouée)"
	}
	fmt.Fprintf(e.stdout, "utilisé\t%s\t%s\t%s\t%s%s\n", res.Redemption.Code, res.Redemption.LieuID, res.Redemption.Day, pass.Euros(res.Redemption.ValueCents), again)
	return nil
}

// actorEmail names an event's actor « compte:N » by the account's
// address (the actor as written when the account is gone).
func actorEmail(ctx context.Context, st store.Store, actor string) string {
	n, ok := strings.CutPrefix(actor, "compte:")
	if !ok {
		return actor
	}
	id, err := strconv.ParseInt(n, 10, 64)
	if err != nil {
		return actor
	}
	u, err := st.User(ctx, id)
	if err != nil {
		return actor
	}
	return u.Email
}

func passEtat(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "pass etat", "CODE", "Affiche l'état d'un pass et ses événements.")
	dbURL := dbFlag(fs, e)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError{"pass etat : le code du pass"}
	}
	st, err := openPassStore(ctx, e, *dbURL)
	if err != nil {
		return err
	}
	defer st.Close()
	d, err := st.PassByCode(ctx, pos[0])
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%s\t%s\t%s\tcommande %d\tcarnet %s\tjusqu'au %s\n", d.Pass.Code, d.Pass.State, pass.Euros(d.Pass.ValueCents), d.Order.ID, d.Pass.CarnetCode, d.Order.LastDay())
	// Where, for what and how much it was used: the hub answering « on
	// m'a refusé mon pass » needs the place and the day.
	var used *pass.Redemption
	if d.Pass.State == pass.Utilise {
		rs, err := st.Redemptions(ctx, "", d.Order.ID)
		if err != nil {
			return err
		}
		for i := range rs {
			if rs[i].PassID == d.Pass.ID {
				used = &rs[i]
			}
		}
	}
	for _, ev := range d.Events {
		note := ""
		if ev.Note != "" {
			note = "\tmotif : " + printable.String(ev.Note)
		}
		if ev.Kind == pass.Utilise && used != nil {
			note += fmt.Sprintf("\tlieu %s\tservice « %s »\t%s", used.LieuID, used.Service, pass.Euros(used.ValueCents))
		}
		fmt.Fprintf(e.stdout, "  %s\t%s\t%s%s\n", ev.At.In(pass.Paris).Format(time.RFC3339), ev.Kind, printable.String(actorEmail(ctx, st, ev.Actor)), note)
	}
	if why := passRefusedWhy(d, pass.Day(e.now())); why != "" {
		fmt.Fprintln(e.stdout, why)
	}
	return nil
}

// passRefusedWhy says why a pass would be refused at any counter today
// ("" when a qualified place in its perimeter may redeem it).
func passRefusedWhy(d store.PassDetail, today string) string {
	switch d.Pass.State {
	case pass.Bloque:
		why := "Refusé au guichet (bloque) : pass bloqué"
		for i := len(d.Events) - 1; i >= 0; i-- {
			if ev := d.Events[i]; ev.Kind == pass.Bloque {
				why += fmt.Sprintf(" le %s par %s", pass.Day(ev.At), printable.String(ev.Actor))
				if ev.Note != "" {
					why += ", motif : « " + printable.String(ev.Note) + " »"
				} else {
					why += ", sans motif indiqué"
				}
				break
			}
		}
		return why + "."
	case pass.Emis:
		return "Refusé au guichet (bloque) : " + pass.NotHandedMessage
	case pass.Utilise:
		return "Refusé au guichet (deja_utilise) : " + pass.DejaUtilise.Message()
	case pass.Credite:
		return "Refusé au guichet (expire) : pass non utilisé, crédité au financeur à la fin de validité."
	}
	if last := d.Order.LastDay(); last < today {
		return fmt.Sprintf("Refusé au guichet (expire) : son dernier jour, le %s, est passé.", last)
	}
	return ""
}

func passBloquer(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "pass bloquer", "[--motif TEXTE] CODE", "Bloque un pass (émis ou remis) : il est refusé ensuite, et crédité au financeur à la fin de validité.")
	dbURL := dbFlag(fs, e)
	why := fs.String("motif", "", "pourquoi (perte, vol…)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError{"pass bloquer : le code du pass"}
	}
	st, err := openPassStore(ctx, e, *dbURL)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.Block(ctx, pos[0], *why, cliActor); err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, "Pass bloqué.")
	return nil
}

func passReleves(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "pass releves", "--mois AAAA-MM [-o releves.csv]",
		`Émet les relevés d'un mois terminé : un par lieu, des utilisations jusqu'à la fin du
mois pas encore sur un relevé. Affiche (ou écrit en CSV avec -o) chaque relevé du mois :
numéro, lieu, mois, nombre de pass, montant, et à qui payer : le SIRET de la
qualification du lieu, le titulaire du compte et l'IBAN masqué (FR76 •••• •••• 0189 ;
l'IBAN entier : la page du relevé, bouton « Afficher l'IBAN », journalisé). Le CSV a ses
dates à l'heure de Paris ; un texte qui commencerait une formule y est précédé de « ' ».`)
	dbURL := dbFlag(fs, e)
	month := fs.String("mois", "", "le mois AAAA-MM (obligatoire)")
	out := fs.String("o", "", "fichier CSV des relevés du mois")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if *month == "" {
		return usageError{"pass releves : --mois AAAA-MM est obligatoire"}
	}
	st, err := openPassStore(ctx, e, *dbURL)
	if err != nil {
		return err
	}
	defer st.Close()
	issued, err := st.IssueStatements(ctx, *month, cliActor)
	if err != nil {
		return err
	}
	all, err := st.Statements(ctx, *month, "")
	if err != nil {
		return err
	}
	var total int64
	for _, s := range issued {
		total += s.TotalCents
	}
	qs, err := st.Qualifications(ctx, "")
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "%s pour %s (%s) ; %d au total pour ce mois.\n", french.Count(len(issued), "relevé émis", "relevés émis"), *month, pass.Euros(total), len(all))
	if *out != "" {
		w, closeOut, err := createOutput(e, *out)
		if err != nil {
			return err
		}
		// Paris time, as the statements' months and days.
		paris := func(t time.Time) string { return t.In(pass.Paris).Format("2006-01-02 15:04") }
		cw := csv.NewWriter(w)
		cw.Write([]string{"releve", "lieu", "mois", "nb_pass", "montant_centimes", "emis_le", "paye_le", "virement", "siret", "titulaire", "iban_masque"})
		for _, s := range all {
			paid := ""
			if s.Paid {
				paid = paris(s.PaidAt)
			}
			q, _ := pass.PayeeOf(qs, s.LieuID, s.IssuedAt)
			cw.Write(standard.SpreadsheetRow([]string{strconv.FormatInt(s.ID, 10), s.LieuID, s.Month, strconv.Itoa(s.Passes), strconv.FormatInt(s.TotalCents, 10),
				paris(s.IssuedAt), paid, s.TransferRef, q.SIRET, q.Holder, maskedIBAN(q.IBAN)}))
		}
		cw.Flush()
		return errors.Join(cw.Error(), closeOut())
	}
	for _, s := range all {
		paid := "à payer"
		if s.Paid {
			paid = "payé (" + printable.String(s.TransferRef) + ")"
		}
		payee := "aucune qualification"
		if q, ok := pass.PayeeOf(qs, s.LieuID, s.IssuedAt); ok {
			payee = "SIRET " + q.SIRET + ", " + orNone(printable.String(q.Holder), "titulaire non indiqué") + ", IBAN " + orNone(maskedIBAN(q.IBAN), "non indiqué")
		}
		fmt.Fprintf(e.stdout, "%d\t%s\t%s\t%s\t%s\t%s\t%s\n", s.ID, s.LieuID, s.Month, french.Count(s.Passes, "pass", "pass"), pass.Euros(s.TotalCents), paid, payee)
	}
	return nil
}

// maskedIBAN is pass.MaskedIBAN, "" for no IBAN.
func maskedIBAN(iban string) string {
	if iban == "" {
		return ""
	}
	return pass.MaskedIBAN(iban)
}

func orNone(s, none string) string {
	if s == "" {
		return none
	}
	return s
}

func passLignes(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "pass lignes", "--releve N [-o lignes.csv]",
		`Les lignes d'un relevé en CSV : releve, lieu, mois, type_de_ligne (utilisation ou
correction), utilisation, code_du_pass, jour, service, montant_centimes, motif, et la
commande et le financeur (adresse du compte) du pass de chaque ligne : un relevé réunit
les pass de tous les financeurs utilisés au lieu dans le mois.`)
	dbURL := dbFlag(fs, e)
	id := fs.Int64("releve", 0, "numéro du relevé (obligatoire)")
	out := fs.String("o", "-", "fichier CSV (- : la sortie standard)")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if *id == 0 {
		return usageError{"pass lignes : --releve est obligatoire"}
	}
	st, err := openPassStore(ctx, e, *dbURL)
	if err != nil {
		return err
	}
	defer st.Close()
	s, err := st.Statement(ctx, *id)
	if err != nil {
		return err
	}
	w, closeOut, err := createOutput(e, *out)
	if err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.Write([]string{"releve", "lieu", "mois", "type_de_ligne", "utilisation", "code_du_pass", "jour", "service", "montant_centimes", "motif", "commande", "financeur"})
	for _, l := range s.Lines {
		redemption, order, financeur := "", "", ""
		if l.RedemptionID > 0 {
			redemption = strconv.FormatInt(l.RedemptionID, 10)
		}
		if l.OrderID > 0 {
			order, financeur = strconv.FormatInt(l.OrderID, 10), actorEmail(ctx, st, fmt.Sprintf("compte:%d", l.Financeur))
		}
		cw.Write(standard.SpreadsheetRow([]string{strconv.FormatInt(s.ID, 10), s.LieuID, s.Month, l.Kind, redemption, l.Code, l.Day, l.Service,
			strconv.FormatInt(l.AmountCents, 10), l.Note, order, financeur}))
	}
	cw.Flush()
	return errors.Join(cw.Error(), closeOut())
}

func passPayer(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "pass payer", "--releve N --virement REFERENCE", "Marque un relevé payé, une fois, avec la référence du virement.")
	dbURL := dbFlag(fs, e)
	id := fs.Int64("releve", 0, "numéro du relevé (obligatoire)")
	ref := fs.String("virement", "", "référence du virement (obligatoire)")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if *id == 0 || *ref == "" {
		return usageError{"pass payer : --releve et --virement sont obligatoires"}
	}
	st, err := openPassStore(ctx, e, *dbURL)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.MarkPaid(ctx, *id, *ref, cliActor); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Relevé %d payé (%s).\n", *id, printable.String(*ref))
	return nil
}

func passCrediter(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "pass crediter", "", `Fin de validité : crédite au financeur les pass non utilisés des commandes dont le
dernier jour (fin plus tolérance) est passé, avec un avoir par commande.`)
	dbURL := dbFlag(fs, e)
	if _, err := parse(fs, args); err != nil {
		return err
	}
	st, err := openPassStore(ctx, e, *dbURL)
	if err != nil {
		return err
	}
	defer st.Close()
	cns, err := st.CreditExpired(ctx, e.now(), cliActor)
	if err != nil {
		return err
	}
	for _, c := range cns {
		fmt.Fprintf(e.stdout, "avoir %d\tcommande %d\t%s\t%s\n", c.ID, c.OrderID, french.Count(c.Passes, "pass", "pass"), pass.Euros(c.AmountCents))
	}
	fmt.Fprintf(e.stderr, "%s.\n", french.Count(len(cns), "avoir émis", "avoirs émis"))
	return nil
}

func passVerifier(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "pass verifier", "", `Recalcule l'état de chaque pass à partir de ses événements et vérifie chaque règle
(codes et leur caractère de contrôle, nombre de carnets et de pass de chaque commande et
leur valeur, une utilisation par pass, lieux, services, dates, totaux des relevés, avoirs).
Statut 0 quand tout concorde, 1 sinon, avec ce qui diffère.`)
	dbURL := dbFlag(fs, e)
	if _, err := parse(fs, args); err != nil {
		return err
	}
	st, err := openPassStore(ctx, e, *dbURL)
	if err != nil {
		return err
	}
	defer st.Close()
	bad, err := st.VerifyPass(ctx)
	if err != nil {
		return err
	}
	size, err := st.PassLedgerSize(ctx)
	if err != nil {
		return err
	}
	for _, b := range bad {
		fmt.Fprintln(e.stdout, printable.Text(b))
	}
	checked := fmt.Sprintf("%s, %s, %s, %s vérifiés (%s)", french.Count(size.Passes, "pass", "pass"),
		french.Count(size.Redemptions, "utilisation", "utilisations"), french.Count(size.Statements, "relevé", "relevés"),
		french.Count(size.CreditNotes, "avoir", "avoirs"), printable.String(redact(*dbURL)))
	if len(bad) > 0 {
		fmt.Fprintf(e.stderr, "pass verifier : %s ; %s.\n", french.Count(len(bad), "écart", "écarts"), checked)
		return exitStatus(1)
	}
	fmt.Fprintf(e.stdout, "Le registre des pass concorde : états, utilisations, relevés et avoirs. %s.\n", checked)
	return nil
}

// noTerritory labels, as the web's dashboard does, the passes of carnets
// not handed or handed without a commune.
const noTerritory = "Carnets non remis ou commune de résidence non indiquée"

func passTableau(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "pass tableau", "[--par commande|distributeur|lieu|territoire] [options]",
		`Le tableau de bord en CSV, une ligne par commande (par défaut), distributeur (adresse
du compte), lieu ou territoire (département de la commune du bénéficiaire ; « `+noTerritory+` »
pour les autres). Ses colonnes :
  pass_emis, pass_remis                pass émis, pass remis à un bénéficiaire
  carnets, carnets_remis, carnets_entames
                                       carnets, carnets remis, carnets dont un pass a servi
  pass_utilises, taux_utilisation      pass utilisés, et leur part des pass remis (0,250 : 25 %)
  montant_utilise_centimes             montant des pass utilisés, dû aux lieux, payé ou non,
                                       en centimes (1000 : 10 €)
  paye_centimes                        dont payé : pass des relevés marqués payés
  reste_a_payer_centimes               dont reste à payer : pas encore sur un relevé, ou relevé
                                       non payé (les corrections de relevé n'y sont pas)
  jours_median_premiere_utilisation    jours médians de la remise à la première utilisation
                                       (vide : aucune)
  services                             utilisations par service (service=nombre, séparés par |)`)
	dbURL := dbFlag(fs, e)
	by := fs.String("par", store.ByOrder, "regroupement : commande, distributeur, lieu ou territoire")
	order := fs.Int64("commande", 0, "seulement cette commande")
	fin := fs.String("financeur", "", "seulement les commandes de ce financeur")
	dist := fs.String("distributeur", "", "seulement les carnets de ce distributeur")
	out := fs.String("o", "-", "fichier CSV (- : la sortie standard)")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	st, err := openPassStore(ctx, e, *dbURL)
	if err != nil {
		return err
	}
	defer st.Close()
	f := store.DashboardFilter{By: *by, OrderID: *order}
	if *fin != "" {
		u, err := accountByEmail(ctx, st, *fin)
		if err != nil {
			return err
		}
		f.Financeur = u.ID
	}
	if *dist != "" {
		u, err := accountByEmail(ctx, st, *dist)
		if err != nil {
			return err
		}
		f.Distributeur = u.ID
	}
	rows, err := st.Dashboard(ctx, f)
	if err != nil {
		return err
	}
	w, closeOut, err := createOutput(e, *out)
	if err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.Write([]string{*by, "pass_emis", "pass_remis", "carnets", "carnets_remis", "carnets_entames", "pass_utilises", "taux_utilisation",
		"montant_utilise_centimes", "paye_centimes", "reste_a_payer_centimes", "jours_median_premiere_utilisation", "services"})
	for _, r := range rows {
		key := r.Key
		switch {
		case *by == store.ByDistributeur:
			id, _ := strconv.ParseInt(r.Key, 10, 64)
			u, err := st.User(ctx, id)
			if err != nil {
				return err
			}
			key = u.Email
		case *by == store.ByTerritory && r.Key == "":
			key = noTerritory
		}
		median := ""
		if r.MedianDaysToFirstUse >= 0 {
			median = strconv.FormatFloat(r.MedianDaysToFirstUse, 'f', 1, 64)
		}
		var svcs []string
		for _, sv := range place.Services.Values {
			if n := r.Services[sv]; n > 0 {
				svcs = append(svcs, fmt.Sprintf("%s=%d", sv, n))
			}
		}
		cw.Write([]string{key, strconv.Itoa(r.Issued), strconv.Itoa(r.Injected), strconv.Itoa(r.Carnets), strconv.Itoa(r.CarnetsInjected),
			strconv.Itoa(r.CarnetsStarted), strconv.Itoa(r.Used), strconv.FormatFloat(r.UseRate, 'f', 3, 64), strconv.FormatInt(r.UsedCents, 10),
			strconv.FormatInt(r.PaidCents, 10), strconv.FormatInt(r.DueCents, 10), median, strings.Join(svcs, "|")})
	}
	cw.Flush()
	return errors.Join(cw.Error(), closeOut())
}
