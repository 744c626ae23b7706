// Package coopexport reads the accompaniments export of the Coop de la
// médiation numérique (« Activités », xlsx, or the same table saved as
// CSV) into activity reports. The export has one line per accompaniment:
// a workshop's participants are its lines (« Participants » 1/12, 2/12…)
// under one « ID CRA »; they become one activity whose public counts each
// line's gender, age band, status and commune of residence. No name is
// read: the « Bénéficiaire » column (a name in a médiateur's own export),
// the médiateur's names and the notes are never read.
package coopexport

import (
	"context"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"maillage/internal/activity"
	"maillage/internal/french"
	"maillage/internal/place"
	"maillage/internal/printable"
	"maillage/internal/standard"
	"maillage/internal/tableur"
)

// The columns read, named as the Coop's export names them
// (buildAccompagnementsWorksheet).
const (
	ColDate            = "Date"
	ColType            = "Type"
	ColParticipants    = "Participants"
	ColCanal           = "Canaux d’accompagnement"
	ColNomLieu         = "Nom du lieu"
	ColCommune         = "Commune"
	ColCodeInsee       = "Code Insee"
	ColDuree           = "Durée (min)"
	ColAtelier         = "Nom de l’atelier"
	ColMateriel        = "Matériel numérique utilisé"
	ColThematiques     = "Thématique(s) d’accompagnement"
	ColTags            = "Tags"
	ColDemarche        = "Nom de la démarche administrative"
	ColNiveau          = "Niveau d’autonomie (ou de l’atelier)"
	ColReoriente       = "Bénéficiaire réorienté"
	ColRedirection     = "Structure de redirection"
	ColInseeBeneficiar = "Code Insee du bénéficiaire"
	ColGenre           = "Genre du bénéficiaire"
	ColTranche         = "Tranche d’âge du bénéficiaire"
	ColStatut          = "Statut du bénéficiaire"
	ColID              = "ID CRA"
)

// Columns are every column read; Required those without which the file
// is not a Coop export.
var (
	Columns = []string{ColDate, ColType, ColParticipants, ColCanal, ColNomLieu, ColCommune, ColCodeInsee, ColDuree, ColAtelier, ColMateriel,
		ColThematiques, ColTags, ColDemarche, ColNiveau, ColReoriente, ColRedirection, ColInseeBeneficiar, ColGenre, ColTranche, ColStatut, ColID}
	Required = []string{ColDate, ColType, ColCanal, ColDuree, ColThematiques, ColID}
)

// fieldColumns says which column an activity's field comes from, so that
// a rule the activity breaks names its column.
var fieldColumns = map[string]string{
	"type": ColType, "date": ColDate, "duree": ColDuree, "type_lieu": ColCanal, "lieu": ColNomLieu, "nom_lieu": ColNomLieu, "commune": ColCodeInsee,
	"thematiques": ColThematiques, "precisions_demarche": ColDemarche, "materiel": ColMateriel, "tags": ColTags, "autonomie": ColNiveau,
	"niveau": ColNiveau, "oriente": ColReoriente, "structure_redirection": ColRedirection, "titre_atelier": ColAtelier,
	"participants": ColParticipants, "genre": ColGenre, "tranche_age": ColTranche, "statut_social": ColStatut,
	"commune_residence": ColInseeBeneficiar, "id_cra": ColID,
}

// Problem is a line refused: where, which column, the value and the rule,
// in French.
type Problem struct {
	File string
	// Line is the line at fault (0: the activity as a whole, when
	// Lines names several).
	Line int
	// Lines are every line of an activity of several lines (a workshop's
	// participants) refused with it: all of them are refused.
	Lines []int
	// Workshop: the activity refused is a workshop (« atelier refusé »).
	Workshop bool
	Column   string
	Value    string
	Rule     string
	Message  string
}

// String says where, the column, the value and the rule: « f.csv, ligne
// 12, colonne … », or for an activity of several lines « f.csv, lignes
// 10-12 : atelier refusé à cause de la ligne 12, colonne … ».
func (p Problem) String() string {
	v := p.Value
	if r := []rune(v); len(r) > 80 {
		v = string(r[:80]) + "…"
	}
	col := ""
	if p.Column != "" {
		col = ", colonne « " + p.Column + " »"
	}
	where := fmt.Sprintf("ligne %d", p.Line)
	if len(p.Lines) > 1 {
		what := "activité refusée"
		if p.Workshop {
			what = "atelier refusé"
		}
		where = "lignes " + lineRanges(p.Lines) + " : " + what
		if p.Line != 0 {
			where += fmt.Sprintf(" à cause de la ligne %d", p.Line)
		}
	}
	if v != "" {
		v = "« " + v + " » : "
	}
	return fmt.Sprintf("%s, %s%s : %s%s (règle %s)", p.File, where, col, v, p.Message, p.Rule)
}

// lineRanges writes line numbers as ranges, in order: « 10-12, 15 ».
func lineRanges(lines []int) string {
	ls := slices.Clone(lines)
	slices.Sort(ls)
	ls = slices.Compact(ls)
	var parts []string
	for i := 0; i < len(ls); {
		j := i
		for j+1 < len(ls) && ls[j+1] == ls[j]+1 {
			j++
		}
		if j > i {
			parts = append(parts, strconv.Itoa(ls[i])+"-"+strconv.Itoa(ls[j]))
		} else {
			parts = append(parts, strconv.Itoa(ls[i]))
		}
		i = j + 1
	}
	return strings.Join(parts, ", ")
}

// Refuse is the problems of an activity of lines refused: those of
// several lines name them all (activity-level problems, at its first
// line, become the activity's).
func Refuse(ps []Problem, lines []int, workshop bool) []Problem {
	if len(lines) < 2 {
		return ps
	}
	out := make([]Problem, len(ps))
	for i, p := range ps {
		p.Lines, p.Workshop = slices.Clone(lines), workshop
		out[i] = p
	}
	return out
}

// Result is what a file gave.
type Result struct {
	Format     string // "csv" or "xlsx"
	Activities []activity.Activity
	// LinesOf are the lines of each activity (Activities' order), the
	// first first.
	LinesOf [][]int
	// Lines is the number of lines read below the header; Rejected the
	// lines of the activities refused (every line of a workshop with one
	// bad line is refused with it).
	Lines, Rejected int
	Problems        []Problem
	// Notes are about the file (an encoding converted…).
	Notes []string
}

// Limits bound what a file may cost.
var Limits = tableur.DefaultLimits

// group is the lines of one ID CRA.
type group struct {
	id    string
	lines []int
	rows  [][]string
	bad   bool
}

// idCRARE is the shape of the Coop's activity ids (« ID CRA »): a UUID.
// Anything else (a formula, a made-up key) is not a Coop export's line.
var idCRARE = regexp.MustCompile(`^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$`)

// Read reads a Coop accompaniments export (file names it in messages).
// today (YYYY-MM-DD, the importer's clock) refuses an activity dated
// after it, as the API and the forms do. The error is for a file that
// cannot be read at all or is not a Coop export (a required column
// missing or given twice); refused lines are Result.Problems.
func Read(ctx context.Context, in io.Reader, file, today string) (*Result, error) {
	sh, err := tableur.ReadSheet(ctx, in, file, Columns, Limits)
	if err != nil {
		return nil, err
	}
	res := &Result{Format: sh.Format}
	for _, n := range sh.Notes {
		res.Notes = append(res.Notes, n.Message)
	}
	// Every position of each column name: a column read given twice is
	// ambiguous (a required one refuses the file, another is noted and
	// its first is read).
	col := map[string][]int{}
	for i, h := range sh.Header {
		k := tableur.ColumnKey(h)
		col[k] = append(col[k], i)
	}
	idx := map[string]int{}
	var missing, twice []string
	for _, c := range Columns {
		at := col[tableur.ColumnKey(c)]
		if len(at) == 0 {
			continue
		}
		idx[c] = at[0]
		if len(at) > 1 {
			pos := make([]string, len(at))
			for i, p := range at {
				pos[i] = strconv.Itoa(p + 1)
			}
			where := "colonnes " + strings.Join(pos[:len(pos)-1], ", ") + " et " + pos[len(pos)-1]
			if slices.Contains(Required, c) {
				twice = append(twice, "« "+c+" » ("+where+")")
			} else {
				res.Notes = append(res.Notes, fmt.Sprintf("la colonne « %s » est donnée %d fois dans l'en-tête (ligne %d, %s) : seule la première (colonne %s) est lue",
					c, len(at), sh.HeaderLine, where, pos[0]))
			}
		}
	}
	if len(twice) > 0 {
		return nil, &standard.FileError{File: file, Msg: "colonne(s) " + strings.Join(twice, ", ") + " donnée(s) plusieurs fois dans l'en-tête (ligne " +
			strconv.Itoa(sh.HeaderLine) + ") : on ne peut pas savoir laquelle lire ; gardez-en une seule (règle colonne-en-double)"}
	}
	for _, c := range Required {
		if _, ok := idx[c]; !ok {
			missing = append(missing, "« "+c+" »")
		}
	}
	if len(missing) > 0 {
		return nil, &standard.FileError{File: file, Msg: "ce n'est pas un export des accompagnements de la Coop de la médiation numérique : colonne(s) " +
			strings.Join(missing, ", ") + " absente(s) de l'en-tête (ligne " + strconv.Itoa(sh.HeaderLine) + ")"}
	}
	cell := func(cells []string, c string) string {
		i, ok := idx[c]
		if !ok || i >= len(cells) {
			return ""
		}
		return strings.TrimSpace(cells[i])
	}
	groups := map[string]*group{}
	var order []*group
	for {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		r, err := sh.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		if r.Err == "" && blank(r.Cells) {
			continue // an unreadable line has no cells: it is refused below, not skipped
		}
		res.Lines++
		if r.Err != "" {
			res.Rejected++
			res.Problems = append(res.Problems, unreadable(file, sh.Header, r))
			continue
		}
		id := cell(r.Cells, ColID)
		if id == "" {
			res.Rejected++
			res.Problems = append(res.Problems, Problem{File: file, Line: r.Line, Column: ColID, Rule: "id-cra-obligatoire",
				Message: "chaque ligne de l'export porte l'identifiant de son activité"})
			continue
		}
		if !idCRARE.MatchString(id) {
			res.Rejected++
			res.Problems = append(res.Problems, Problem{File: file, Line: r.Line, Column: ColID, Value: printable.String(id), Rule: "id-cra-format",
				Message: "un ID CRA de la Coop est un UUID : 32 chiffres hexadécimaux en groupes 8-4-4-4-12 (par exemple 0b4c1e9e-5f0a-4c1e-9b7d-2a6f3c8e1d40)"})
			continue
		}
		g := groups[id]
		if g == nil {
			g = &group{id: id}
			groups[id] = g
			order = append(order, g)
		}
		g.lines = append(g.lines, r.Line)
		g.rows = append(g.rows, r.Cells)
	}
	for _, g := range order {
		a, ps := build(file, sh, g, cell)
		if len(ps) == 0 {
			a.Normalize()
			// The activity's rules: no line at fault when it has several.
			line := g.lines[0]
			if len(g.lines) > 1 {
				line = 0
			}
			for _, p := range a.Validate(today) {
				column, value := fieldColumns[p.Field], p.Value
				if value != "" && slices.Contains(scalarColumns, column) {
					value = cell(g.rows[0], column) // as written in the file, not normalised
				}
				ps = append(ps, Problem{File: file, Line: line, Column: column, Value: value, Rule: p.Rule, Message: p.Explanation})
			}
		}
		if len(ps) > 0 {
			res.Rejected += len(g.lines)
			res.Problems = append(res.Problems, Refuse(ps, g.lines, a.Kind == activity.Collectif)...)
			continue
		}
		res.Activities = append(res.Activities, a)
		res.LinesOf = append(res.LinesOf, g.lines)
	}
	return res, nil
}

// scalarColumns hold one value that build reads as it is (trimmed): a
// rule of the activity on its field quotes the cell as written.
var scalarColumns = []string{ColDate, ColDuree, ColNomLieu, ColCodeInsee, ColAtelier, ColDemarche, ColID}

// unreadable is the problem of a line the spreadsheet reader could not
// read (a NUL byte, a value too long, not UTF-8): it names the column by
// its name and quotes the value, escaped.
func unreadable(file string, header []string, r tableur.SheetRow) Problem {
	p := Problem{File: file, Line: r.Line, Rule: "ligne-illisible", Message: r.Err}
	for i, v := range r.Cells {
		msg := tableur.CheckCell(v, Limits)
		if msg == "" {
			continue
		}
		p.Column = fmt.Sprintf("colonne %d", i+1)
		if i < len(header) && strings.TrimSpace(header[i]) != "" {
			p.Column = strings.TrimSpace(header[i])
		}
		if len(v) > 200 {
			v = strings.ToValidUTF8(v[:200], "")
		}
		p.Value, p.Message = printable.String(v), msg
		break
	}
	return p
}

func blank(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

var (
	participantsRE = regexp.MustCompile(`^(\d+)\s*/\s*(\d+)$`)
	starsRE        = regexp.MustCompile(`^([1-3])\s*/\s*3$`)
	frDateRE       = regexp.MustCompile(`^(\d{1,2})/(\d{1,2})/(\d{4})`)
	isoDateRE      = regexp.MustCompile(`^(\d{4}-\d{2}-\d{2})([ T].*)?$`)
)

// build makes the activity of one ID CRA from its lines.
func build(file string, sheet *tableur.Sheet, g *group, cell func([]string, string) string) (activity.Activity, []Problem) {
	var ps []Problem
	first, line := g.rows[0], g.lines[0]
	bad := func(l int, column, value, rule, msg string) {
		ps = append(ps, Problem{File: file, Line: l, Column: column, Value: value, Rule: rule, Message: msg})
	}
	a := activity.Activity{Source: activity.SourceImportCoop, CoopID: g.id}
	v := cell(first, ColType)
	switch k := place.FoldKey(v); {
	case k == place.FoldKey("Atelier collectif") || k == activity.Collectif:
		a.Kind = activity.Collectif
	case k == place.FoldKey("Accompagnement individuel") || k == activity.Individuel ||
		k == "demarche_administrative" || k == place.FoldKey("Aide aux démarches administratives"):
		// The former « démarche administrative » type became individuel (2025-04).
		a.Kind = activity.Individuel
	default:
		bad(line, ColType, v, "type-inconnu", "le type est « Accompagnement individuel » ou « Atelier collectif »")
	}
	v = cell(first, ColDate)
	if d, rule, msg := readDate(v, sheet); rule == "" {
		a.Date = d
	} else {
		bad(line, ColDate, v, rule, msg)
	}
	v = cell(first, ColDuree)
	if n, err := strconv.Atoi(strings.TrimSuffix(v, ".0")); err == nil {
		a.Duration = n
	} else {
		bad(line, ColDuree, v, "duree-nombre", "une durée est un nombre entier de minutes")
	}
	v = cell(first, ColCanal)
	if t, ok := term(activity.PlaceTypes, v); ok {
		a.PlaceType = t
	} else {
		bad(line, ColCanal, v, "valeur-inconnue", "le canal est « Lieu d’activité », « Autre lieu », « À domicile » ou « À distance »")
	}
	a.PlaceName = cell(first, ColNomLieu)
	if a.PlaceType != activity.LieuActivite {
		a.PlaceName = ""
	}
	a.Commune = strings.ToUpper(cell(first, ColCodeInsee))
	for _, part := range split(cell(first, ColThematiques), "\n;|,") {
		if t, ok := term(activity.AllThematics, part); ok {
			a.Thematics = append(a.Thematics, t)
		} else {
			bad(line, ColThematiques, part, "valeur-inconnue", "thématique inconnue de la Coop")
		}
	}
	a.Demarche = cell(first, ColDemarche)
	for _, part := range split(cell(first, ColMateriel), "\n;|,") {
		if t, ok := term(activity.Equipment, part); ok {
			a.Equipment = append(a.Equipment, t)
		} else {
			bad(line, ColMateriel, part, "valeur-inconnue", "matériel inconnu de la Coop")
		}
	}
	for _, part := range split(cell(first, ColTags), "\n") {
		// The export gives a tag's name, not its scope: the narrowest is kept.
		a.Tags = append(a.Tags, activity.Tag{Scope: "personnel", Name: part})
	}
	a.Title = cell(first, ColAtelier)
	if v = cell(first, ColNiveau); v != "" {
		vocab := activity.Autonomy
		target := &a.Autonomy
		if a.Kind == activity.Collectif {
			vocab, target = activity.Levels, &a.Level
		}
		if m := starsRE.FindStringSubmatch(v); m != nil {
			n, _ := strconv.Atoi(m[1])
			*target = vocab[n-1].Value
		} else if t, ok := term(vocab, v); ok {
			*target = t
		} else {
			bad(line, ColNiveau, v, "valeur-inconnue", "le niveau s'écrit 1/3, 2/3 ou 3/3 (ou son libellé)")
		}
	}
	switch v = cell(first, ColReoriente); place.FoldKey(v) {
	case "oui":
		a.Oriented = true
	case "non", "":
	default:
		bad(line, ColReoriente, v, "oui-non", "« Oui », « Non » ou vide")
	}
	if v = cell(first, ColRedirection); v != "" {
		if t, ok := term(activity.Redirections, v); ok {
			a.Redirection, a.Oriented = t, true
		} else {
			bad(line, ColRedirection, v, "valeur-inconnue", "structure de redirection inconnue de la Coop")
		}
	}
	// The public: one line per participant.
	a.Public = activity.Public{Total: len(g.rows), Genders: map[string]int{}, AgeBands: map[string]int{}, Statuses: map[string]int{}}
	// A workshop's lines say « rank/number »: one number for all, each
	// rank once, rank ≤ number ≤ the bound of a workshop.
	total, totalLine, rankLine := 0, 0, map[int]int{}
	for i, row := range g.rows {
		l := g.lines[i]
		if v := cell(row, ColParticipants); v != "" && a.Kind == activity.Collectif {
			if m := participantsRE.FindStringSubmatch(v); m != nil {
				rank, err1 := strconv.Atoi(m[1])
				n, err2 := strconv.Atoi(m[2])
				switch {
				case err1 != nil || err2 != nil || n < 1 || n > activity.MaxParticipants:
					bad(l, ColParticipants, v, "participants-bornes", fmt.Sprintf("un atelier a de 1 à %d participants", activity.MaxParticipants))
				case rank < 1 || rank > n:
					bad(l, ColParticipants, v, "participants-rang", fmt.Sprintf("le rang d'un participant va de 1 au nombre de participants (%d)", n))
				case total != 0 && n != total:
					bad(l, ColParticipants, v, "participants-incoherents", fmt.Sprintf("l'atelier a %d participants à la ligne %d", total, totalLine))
				case rankLine[rank] != 0:
					bad(l, ColParticipants, v, "participants-rang-repete", fmt.Sprintf("le participant %d/%d est déjà à la ligne %d", rank, n, rankLine[rank]))
				default:
					total, totalLine, rankLine[rank] = n, l, l
					if n > a.Public.Total {
						a.Public.Total = n // an export filtered to some participants
					}
				}
			} else if v != "1" {
				bad(l, ColParticipants, v, "participants-format", "« 1 » ou « rang/nombre » (par exemple 3/12)")
			}
		}
		for _, b := range []struct {
			col   string
			vocab activity.Vocabulary
			m     map[string]int
		}{{ColGenre, activity.Genders, a.Public.Genders}, {ColTranche, activity.AgeBands, a.Public.AgeBands}, {ColStatut, activity.Statuses, a.Public.Statuses}} {
			v := cell(row, b.col)
			if v == "" {
				continue
			}
			t, ok := term(b.vocab, v)
			if !ok && b.col == ColGenre {
				switch place.FoldKey(v) {
				case "homme":
					t, ok = "masculin", true
				case "femme":
					t, ok = "feminin", true
				}
			}
			if !ok {
				bad(l, b.col, v, "valeur-inconnue", "valeurs de la Coop : "+labels(b.vocab))
				continue
			}
			b.m[t]++
		}
		if v := strings.ToUpper(cell(row, ColInseeBeneficiar)); v != "" {
			if !activity.ValidCommune(v) {
				bad(l, ColInseeBeneficiar, v, "code-insee", "un code INSEE de commune a 5 caractères (2A/2B pour la Corse)")
				continue
			}
			if a.Residences == nil {
				a.Residences = map[string]int{}
			}
			a.Residences[v]++
		}
	}
	if a.Kind == activity.Individuel && len(g.rows) > 1 {
		bad(g.lines[1], ColID, g.id, "id-cra-repete", fmt.Sprintf("l'ID CRA d'un accompagnement individuel est déjà à la ligne %d", line))
	}
	return a, ps
}

// term finds the API value of a label or value (case, accents and
// apostrophes aside).
func term(vocab activity.Vocabulary, s string) (string, bool) {
	k := place.FoldKey(s)
	for _, t := range vocab {
		if k == place.FoldKey(t.Label) || k == place.FoldKey(t.Value) {
			return t.Value, true
		}
	}
	return "", false
}

func labels(vocab activity.Vocabulary) string {
	out := make([]string, len(vocab))
	for i, t := range vocab {
		out[i] = "« " + t.Label + " »"
	}
	return strings.Join(out, ", ")
}

func split(s, seps string) []string {
	var out []string
	for _, p := range strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune(seps, r) }) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// Date serials that a workbook may hold in « Date » without a date
// format: 1 January 2000 (36526) to 31 December 2100 (73415); a number
// outside is not read as a date.
const (
	serialMin = 36526
	serialMax = 73415
)

// readDate reads « Date » (JJ/MM/AAAA, AAAA-MM-JJ with or without a time,
// or in an XLSX file an unformatted date serial) as YYYY-MM-DD, or says
// which rule it breaks and why, in French: a date well written whose day
// does not exist is told so.
func readDate(s string, sheet *tableur.Sheet) (date, rule, msg string) {
	if m := isoDateRE.FindStringSubmatch(s); m != nil {
		if _, err := time.Parse("2006-01-02", m[1]); err == nil {
			return m[1], "", ""
		}
		y, _ := strconv.Atoi(m[1][:4])
		mo, _ := strconv.Atoi(m[1][5:7])
		d, _ := strconv.Atoi(m[1][8:10])
		return "", "date-inexistante", noSuchDay(d, mo, y)
	}
	if m := frDateRE.FindStringSubmatch(s); m != nil {
		day, _ := strconv.Atoi(m[1])
		month, _ := strconv.Atoi(m[2])
		year, _ := strconv.Atoi(m[3])
		d := fmt.Sprintf("%s-%02d-%02d", m[3], month, day)
		if _, err := time.Parse("2006-01-02", d); err == nil {
			return d, "", ""
		}
		return "", "date-inexistante", noSuchDay(day, month, year)
	}
	if sheet != nil && sheet.Format == "xlsx" && s != "" && strings.Trim(strings.TrimSuffix(s, ".0"), "0123456789") == "" {
		if d, ok := tableur.SerialDate(s, serialMin, serialMax, sheet.Date1904); ok {
			return d, "", ""
		}
		return "", "date-serie", fmt.Sprintf("« %s » n'est pas une date : un numéro de série de date d'Excel va de %d (1er janvier 2000) à %d (31 décembre 2100) ; écrivez la date JJ/MM/AAAA", s, serialMin, serialMax)
	}
	return "", "format-date", "une date s'écrit JJ/MM/AAAA ou AAAA-MM-JJ"
}

// noSuchDay says that a date well written does not exist: « le 31
// novembre 2026 n'existe pas ».
func noSuchDay(day, month, year int) string {
	if month < 1 || month > 12 {
		return fmt.Sprintf("le mois %d n'existe pas (une date s'écrit JJ/MM/AAAA ou AAAA-MM-JJ)", month)
	}
	if day < 1 {
		return fmt.Sprintf("le jour %d n'existe pas (une date s'écrit JJ/MM/AAAA ou AAAA-MM-JJ)", day)
	}
	return fmt.Sprintf("le %s %s %d n'existe pas", french.Day(day), french.Month(time.Month(month)), year)
}
