// Package tableur turns a spreadsheet in any layout (CSV in any encoding,
// XLSX) into a file of the standard, following a correspondence file that
// says which column feeds which field, how columns are joined or split,
// how free text maps to the standard's vocabularies, and how per-day
// columns of opening hours become an OSM opening_hours value.
package tableur

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"maillage/internal/failure"
	"maillage/internal/place"
)

// Correspondence says how the columns of a spreadsheet become the fields
// of the standard. Read it with ParseCorrespondence or Builtin; each call
// returns a new value, which the caller may change (FileDate).
type Correspondence struct {
	// Name names the correspondence in messages: a built-in's name, or
	// the file's.
	Name string
	// File is where it was read from ("france-services (intégrée)" for a
	// built-in), for messages.
	File        string
	Description string
	// Sheet is the XLSX sheet to read; "" reads the first.
	Sheet string
	// HeaderLine is the line of the column names; 0: the first line that
	// is not empty.
	HeaderLine int
	// Separator of a CSV file's columns; 0: detected.
	Separator rune
	// Keep are the columns whose values are kept in the provenance of
	// every record, though no field publishes them.
	Keep []string
	// FileDate is the date of the data, written into date_maj where the
	// correspondence says « date_du_fichier » (the France Services list has
	// no date per record): the file's Last-Modified, or its modification
	// time. Convert refuses such a correspondence while it is zero.
	FileDate time.Time

	fields []*fieldSpec // in the standard's order
}

// fieldSpec is how one field of the standard is filled.
type fieldSpec struct {
	field    int // index in place.FieldNames
	line     int
	columns  []string // as written in the correspondence
	colKeys  []string // their keys (columnKey), filled by checkField
	join     string
	split    string
	part     int // from 1, negative from the end; 0: every part (a list)
	constant []string
	deflt    []string
	rules    []*rule
	fileDate bool
	hours    *hoursSpec
}

// rule maps free text to values of a vocabulary.
type rule struct {
	line    int
	n       int      // position in the field's list, from 1
	columns []string // the columns it applies to; nil: all the field's
	colKeys []string // their keys (columnKey)
	byValue bool
	values  []string // folded
	words   [][]string
	re      *regexp.Regexp
	exceptW [][]string
	exceptR *regexp.Regexp
	gives   []string
}

// hoursSpec reads opening hours from one column per day.
type hoursSpec struct {
	days           [7]string // Monday first; "" no column
	holidaysClosed bool
}

// SpecError is one mistake in a correspondence file.
type SpecError struct {
	File string
	Line int    // 0 when unknown
	Key  string // path of the key: champs.typologie.regles[2].donne
	Msg  string
}

func (e *SpecError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ", ligne %d", e.Line)
	}
	if e.Key != "" {
		b.WriteString(" : " + e.Key)
	}
	b.WriteString(" : " + e.Msg)
	return b.String()
}

// maxSpecErrors bounds the mistakes reported for one file.
const maxSpecErrors = 20

// maxSpecSize bounds a correspondence file.
const maxSpecSize = 1 << 20

// vocabularies are the fields whose values come from a list: the closed
// lists and typologie.
var vocabularies = func() map[int]*place.Vocabulary {
	m := map[int]*place.Vocabulary{place.FTypologie: place.Typologies}
	for name, voc := range place.ClosedLists {
		m[place.FieldIndex[name]] = voc
	}
	return m
}()

// ParseCorrespondence reads a correspondence file (YAML or JSON) named
// file in messages. Its mistakes are listed in one failure.Invalid error
// whose message names the file, the line, the key and the rule broken; the
// error wraps a *SpecError for each.
func ParseCorrespondence(data []byte, file string) (*Correspondence, error) {
	if len(data) > maxSpecSize {
		return nil, specFailure([]*SpecError{{File: file, Msg: "fichier de correspondance de plus de 1 Mo : ce n'est pas une correspondance"}})
	}
	if !utf8.Valid(data) {
		return nil, specFailure([]*SpecError{{File: file, Msg: "fichier non UTF-8 : enregistrez-le en UTF-8"}})
	}
	tree, err := parseTree(data)
	if err != nil {
		var se *syntaxError
		if errors.As(err, &se) {
			return nil, specFailure([]*SpecError{{File: file, Line: se.line, Msg: se.msg}})
		}
		return nil, specFailure([]*SpecError{{File: file, Msg: err.Error()}})
	}
	b := &builder{file: file}
	c := b.correspondence(tree)
	if len(b.errs) > 0 {
		return nil, specFailure(b.errs)
	}
	return c, nil
}

func specFailure(errs []*SpecError) error {
	msgs := make([]string, len(errs))
	wrapped := make([]error, len(errs))
	for i, e := range errs {
		msgs[i] = e.Error()
		wrapped[i] = e
	}
	msg := "correspondance invalide : " + strings.Join(msgs, "\n")
	if len(errs) > 1 {
		msg = fmt.Sprintf("correspondance invalide (%d erreurs) :\n%s", len(errs), strings.Join(msgs, "\n"))
	}
	return &failure.Error{Code: failure.Invalid, Message: msg, Err: errors.Join(wrapped...)}
}

// builder walks a correspondence's tree, collecting mistakes.
type builder struct {
	file string
	errs []*SpecError
}

func (b *builder) fail(n *node, key, format string, args ...any) {
	if len(b.errs) >= maxSpecErrors {
		return
	}
	line := 0
	if n != nil {
		line = n.line
	}
	b.errs = append(b.errs, &SpecError{File: b.file, Line: line, Key: key, Msg: fmt.Sprintf(format, args...)})
}

// keys checks that a mapping has only the keys allowed.
func (b *builder) keys(n *node, path string, allowed ...string) {
	for _, k := range n.keys {
		ok := false
		for _, a := range allowed {
			if k.value == a {
				ok = true
			}
		}
		if !ok {
			b.fail(k, join(path, k.value), "clé inconnue ; clés possibles : %s", strings.Join(allowed, ", "))
		}
	}
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func (b *builder) text(n *node, path string) (string, bool) {
	if n == nil {
		return "", false
	}
	if n.kind != scalarNode {
		b.fail(n, path, "un texte est attendu")
		return "", false
	}
	return n.value, true
}

// texts reads a text or a list of texts.
func (b *builder) texts(n *node, path string) ([]string, bool) {
	if n == nil {
		return nil, false
	}
	switch n.kind {
	case scalarNode:
		return []string{n.value}, true
	case listNode:
		out := make([]string, 0, len(n.items))
		for i, it := range n.items {
			s, ok := b.text(it, fmt.Sprintf("%s[%d]", path, i+1))
			if !ok {
				return nil, false
			}
			out = append(out, s)
		}
		return out, true
	case nullNode:
		return nil, true
	}
	b.fail(n, path, "un texte ou une liste de textes est attendu")
	return nil, false
}

func (b *builder) integer(n *node, path string) (int, bool) {
	s, ok := b.text(n, path)
	if !ok {
		return 0, false
	}
	v, err := strconv.Atoi(s)
	if err != nil || v < -1000 || v > 1_000_000 {
		b.fail(n, path, "nombre entier attendu, pas « %s »", s)
		return 0, false
	}
	return v, true
}

func (b *builder) boolean(n *node, path string) (bool, bool) {
	s, ok := b.text(n, path)
	if !ok {
		return false, false
	}
	switch strings.ToLower(s) {
	case "true", "oui", "vrai":
		return true, true
	case "false", "non", "faux":
		return false, true
	}
	b.fail(n, path, "oui ou non (true ou false) attendu, pas « %s »", s)
	return false, false
}

func (b *builder) correspondence(root *node) *Correspondence {
	c := &Correspondence{Name: b.file, File: b.file}
	if root.kind != mapNode {
		b.fail(root, "", "le fichier doit être un objet (des clés : nom, champs…)")
		return c
	}
	b.keys(root, "", "nom", "description", "feuille", "ligne_entete", "separateur", "conserver", "champs")
	if s, ok := b.text(root.get("nom"), "nom"); ok && strings.TrimSpace(s) != "" {
		c.Name = strings.TrimSpace(s)
	}
	c.Description, _ = b.text(root.get("description"), "description")
	c.Sheet, _ = b.text(root.get("feuille"), "feuille")
	if n := root.get("ligne_entete"); n != nil {
		if v, ok := b.integer(n, "ligne_entete"); ok {
			if v < 1 {
				b.fail(n, "ligne_entete", "numéro de ligne à partir de 1 attendu, pas %d", v)
			}
			c.HeaderLine = v
		}
	}
	if n := root.get("separateur"); n != nil {
		if s, ok := b.text(n, "separateur"); ok {
			switch s {
			case ",", ";", "\t", "|":
				c.Separator = rune(s[0])
			case "tab", "tabulation":
				c.Separator = '\t'
			default:
				b.fail(n, "separateur", "« %s » : séparateur de colonnes « , », « ; », « | » ou « tabulation » attendu", s)
			}
		}
	}
	if n := root.get("conserver"); n != nil {
		c.Keep, _ = b.texts(n, "conserver")
	}
	fields := root.get("champs")
	if fields == nil {
		b.fail(root, "champs", "clé obligatoire absente : elle dit quelle colonne remplit quel champ du standard")
		return c
	}
	if fields.kind != mapNode {
		b.fail(fields, "champs", "un objet est attendu (champ du standard : colonne ou description)")
		return c
	}
	byField := map[int]*fieldSpec{}
	for i, k := range fields.keys {
		path := "champs." + k.value
		fi, ok := place.FieldIndex[k.value]
		if !ok {
			b.fail(k, path, "« %s » n'est pas un champ du standard v1.0.1 ; champs : %s", k.value, strings.Join(place.FieldNames[:], ", "))
			continue
		}
		if f := b.field(fi, fields.vals[i], path); f != nil {
			f.line = k.line
			byField[fi] = f
		}
	}
	for fi := 0; fi < place.NumFields; fi++ {
		if f := byField[fi]; f != nil {
			c.fields = append(c.fields, f)
		} else if place.Required(fi) && fi != place.FPivot {
			b.fail(fields, "champs", "champ obligatoire du standard non décrit : %s (une colonne, une constante%s)", place.FieldNames[fi], map[bool]string{true: " ou date_du_fichier", false: ""}[fi == place.FDateMaj])
		}
	}
	return c
}

func (b *builder) field(fi int, n *node, path string) *fieldSpec {
	f := &fieldSpec{field: fi}
	name := place.FieldNames[fi]
	_, isVoc := vocabularies[fi]
	if place.Multi(fi) {
		f.join = place.ListSeparator
	} else {
		f.join = " "
	}
	if n.kind == scalarNode {
		// The short form: the name of a column.
		f.columns = []string{n.value}
		return b.checkField(f, n, path)
	}
	if n.kind != mapNode {
		b.fail(n, path, "le nom d'une colonne, ou un objet (colonne, colonnes, constante, regles…), est attendu")
		return nil
	}
	allowed := []string{"colonne", "colonnes", "joindre", "separer", "partie", "constante", "defaut"}
	if isVoc {
		allowed = append(allowed, "regles")
	}
	switch fi {
	case place.FHoraires:
		allowed = append(allowed, "jours", "feries_fermes")
	case place.FDateMaj:
		allowed = append(allowed, "date_du_fichier")
	}
	b.keys(n, path, allowed...)
	if c := n.get("colonne"); c != nil {
		if s, ok := b.text(c, path+".colonne"); ok {
			f.columns = append(f.columns, s)
		}
	}
	if c := n.get("colonnes"); c != nil {
		if n.get("colonne") != nil {
			b.fail(c, path+".colonnes", "« colonne » et « colonnes » ensemble : gardez-en une")
		}
		if list, ok := b.texts(c, path+".colonnes"); ok {
			if len(list) == 0 {
				b.fail(c, path+".colonnes", "liste vide")
			}
			f.columns = append(f.columns, list...)
		}
	}
	if j := n.get("joindre"); j != nil {
		f.join, _ = b.text(j, path+".joindre")
	}
	if s := n.get("separer"); s != nil {
		if v, ok := b.text(s, path+".separer"); ok {
			if v == "" {
				b.fail(s, path+".separer", "séparateur vide")
			}
			f.split = v
		}
	}
	if p := n.get("partie"); p != nil {
		if v, ok := b.integer(p, path+".partie"); ok {
			if v == 0 {
				b.fail(p, path+".partie", "la première partie est 1 (la dernière : -1)")
			}
			f.part = v
		}
		if f.split == "" {
			b.fail(p, path+".partie", "« partie » sans « separer » : dites quel texte sépare les parties")
		}
	}
	if c := n.get("constante"); c != nil {
		f.constant, _ = b.texts(c, path+".constante")
		if len(f.columns) > 0 {
			b.fail(c, path+".constante", "une constante ne lit aucune colonne : retirez « colonne(s) », ou écrivez la valeur dans « defaut »")
		}
		b.vocabularyValues(fi, c, path+".constante", f.constant)
	}
	if d := n.get("defaut"); d != nil {
		f.deflt, _ = b.texts(d, path+".defaut")
		b.vocabularyValues(fi, d, path+".defaut", f.deflt)
	}
	if fd := n.get("date_du_fichier"); fd != nil {
		f.fileDate, _ = b.boolean(fd, path+".date_du_fichier")
	}
	if j := n.get("jours"); j != nil {
		f.hours = b.hours(j, path+".jours")
		if fh := n.get("feries_fermes"); fh != nil {
			f.hours.holidaysClosed, _ = b.boolean(fh, path+".feries_fermes")
		}
		if len(f.columns) > 0 {
			b.fail(j, path+".jours", "« jours » et « colonne(s) » ensemble : les horaires viennent soit d'une colonne au format OSM, soit d'une colonne par jour")
		}
	} else if fh := n.get("feries_fermes"); fh != nil {
		b.fail(fh, path+".feries_fermes", "« feries_fermes » ne vaut qu'avec « jours »")
	}
	if r := n.get("regles"); r != nil {
		f.rules = b.rules(fi, r, path+".regles", f.columns)
	}
	sources := 0
	for _, has := range []bool{len(f.columns) > 0, f.constant != nil, f.fileDate, f.hours != nil} {
		if has {
			sources++
		}
	}
	if sources == 0 && f.deflt == nil {
		b.fail(n, path, "le champ %s ne dit pas d'où vient sa valeur : colonne, colonnes, constante%s", name, map[bool]string{true: ", jours", false: ""}[fi == place.FHoraires])
	}
	return b.checkField(f, n, path)
}

// checkField checks what concerns a field as a whole.
func (b *builder) checkField(f *fieldSpec, n *node, path string) *fieldSpec {
	for _, col := range f.columns {
		f.colKeys = append(f.colKeys, columnKey(col))
	}
	for i, col := range f.columns {
		if strings.TrimSpace(col) == "" {
			b.fail(n, path, "nom de colonne vide (colonne %d)", i+1)
		}
	}
	if f.split != "" && f.part == 0 && !place.Multi(f.field) {
		b.fail(n, path+".separer", "le champ %s n'a qu'une valeur : dites quelle « partie » garder (1 pour la première, -1 pour la dernière)", place.FieldNames[f.field])
	}
	if (f.field == place.FLatitude || f.field == place.FLongitude) && len(f.columns) > 1 {
		b.fail(n, path, "une seule colonne pour %s", place.FieldNames[f.field])
	}
	return f
}

// vocabularyValues checks that values given for a vocabulary field are
// spelled as the standard spells them.
func (b *builder) vocabularyValues(fi int, n *node, path string, values []string) {
	voc, ok := vocabularies[fi]
	if !ok {
		return
	}
	for _, v := range values {
		c, exact, found := voc.Lookup(v)
		switch {
		case !found && fi == place.FTypologie:
			b.fail(n, path, "« %s » n'est pas un code de typologie du standard (par exemple MUNI, BIB, CS, RFS, TIERS_LIEUX, Autre)", v)
		case !found:
			b.fail(n, path, "« %s » n'est pas une valeur du champ %s ; valeurs : %s", v, place.FieldNames[fi], quoteAll(voc.Values))
		case !exact:
			b.fail(n, path, "« %s » n'est pas écrit comme le standard l'écrit : « %s »", v, c)
		}
	}
}

func quoteAll(vs []string) string {
	return "« " + strings.Join(vs, " », « ") + " »"
}

func (b *builder) hours(n *node, path string) *hoursSpec {
	h := &hoursSpec{}
	if n.kind != mapNode {
		b.fail(n, path, "un objet est attendu : jour de la semaine → colonne (lundi: h_lundi…)")
		return h
	}
	b.keys(n, path, dayNames[:]...)
	for d, name := range dayNames {
		if c := n.get(name); c != nil {
			h.days[d], _ = b.text(c, path+"."+name)
		}
	}
	return h
}

func (b *builder) rules(fi int, n *node, path string, columns []string) []*rule {
	if n.kind != listNode {
		b.fail(n, path, "une liste de règles est attendue")
		return nil
	}
	var out []*rule
	for i, it := range n.items {
		rp := fmt.Sprintf("%s[%d]", path, i+1)
		if it.kind != mapNode {
			b.fail(it, rp, "une règle est un objet (valeur, mot ou regex ; donne)")
			continue
		}
		b.keys(it, rp, "colonne", "colonnes", "valeur", "valeurs", "mot", "mots", "regex", "sauf_mot", "sauf_mots", "sauf_regex", "donne")
		r := &rule{line: it.line, n: i + 1}
		if c := it.get("colonne"); c != nil {
			if s, ok := b.text(c, rp+".colonne"); ok {
				r.columns = []string{s}
			}
		}
		if c := it.get("colonnes"); c != nil {
			r.columns, _ = b.texts(c, rp+".colonnes")
		}
		for _, col := range r.columns {
			r.colKeys = append(r.colKeys, columnKey(col))
			if !containsFold(columns, col) {
				b.fail(it, rp, "la règle lit la colonne « %s », que le champ ne lit pas (colonnes : %s)", col, strings.Join(columns, ", "))
			}
		}
		kinds := 0
		if it.get("valeur") != nil || it.get("valeurs") != nil {
			kinds++
			r.byValue = true
		}
		for _, k := range []string{"valeur", "valeurs"} {
			if v := it.get(k); v != nil {
				list, _ := b.texts(v, rp+"."+k)
				for _, s := range list {
					r.values = append(r.values, place.FoldKey(strings.TrimSpace(s)))
				}
			}
		}
		words := 0
		for _, k := range []string{"mot", "mots"} {
			if v := it.get(k); v != nil {
				words++
				list, _ := b.texts(v, rp+"."+k)
				for _, s := range list {
					w := wordsOf(s)
					if len(w) == 0 {
						b.fail(v, rp+"."+k, "« %s » ne contient aucun mot", s)
						continue
					}
					r.words = append(r.words, w)
				}
			}
		}
		if words > 0 {
			kinds++
		}
		if v := it.get("regex"); v != nil {
			kinds++
			r.re = b.regex(v, rp+".regex")
		}
		switch kinds {
		case 0:
			b.fail(it, rp, "la règle ne dit pas quelles valeurs elle reconnaît : valeur(s), mot(s) ou regex")
		case 1:
		default:
			b.fail(it, rp, "une règle reconnaît par valeur(s), par mot(s) ou par regex, pas plusieurs à la fois : écrivez plusieurs règles")
		}
		for _, k := range []string{"sauf_mot", "sauf_mots"} {
			if v := it.get(k); v != nil {
				list, _ := b.texts(v, rp+"."+k)
				for _, s := range list {
					if w := wordsOf(s); len(w) > 0 {
						r.exceptW = append(r.exceptW, w)
					}
				}
			}
		}
		if v := it.get("sauf_regex"); v != nil {
			r.exceptR = b.regex(v, rp+".sauf_regex")
		}
		g := it.get("donne")
		if g == nil {
			b.fail(it, rp, "la règle ne dit pas ce qu'elle « donne » (une valeur du standard, une liste, ou [] pour ne rien donner)")
		} else {
			r.gives, _ = b.texts(g, rp+".donne")
			b.vocabularyValues(fi, g, rp+".donne", r.gives)
		}
		out = append(out, r)
	}
	return out
}

// maxRegex bounds a regular expression's length.
const maxRegex = 1000

func (b *builder) regex(n *node, path string) *regexp.Regexp {
	s, ok := b.text(n, path)
	if !ok {
		return nil
	}
	if len(s) > maxRegex {
		b.fail(n, path, "expression régulière de plus de %d caractères", maxRegex)
		return nil
	}
	re, err := regexp.Compile(s)
	if err != nil {
		b.fail(n, path, "expression régulière invalide « %s » : %s", s, strings.TrimPrefix(err.Error(), "error parsing regexp: "))
		return nil
	}
	return re
}

func containsFold(list []string, s string) bool {
	k := columnKey(s)
	for _, x := range list {
		if columnKey(x) == k {
			return true
		}
	}
	return false
}

// columnKey is how column names compare: case, accents, surrounding and
// repeated spaces ignored.
func columnKey(s string) string { return place.FoldKey(strings.TrimSpace(s)) }

// dayNames are the keys of « jours », Monday first.
var dayNames = [7]string{"lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"}

// columnsUsed returns every column the correspondence reads, in order,
// once each.
func (c *Correspondence) columnsUsed() []string {
	var out []string
	add := func(s string) {
		if s != "" && !containsFold(out, s) {
			out = append(out, s)
		}
	}
	for _, f := range c.fields {
		for _, col := range f.columns {
			add(col)
		}
		if f.hours != nil {
			for _, col := range f.hours.days {
				add(col)
			}
		}
	}
	for _, col := range c.Keep {
		add(col)
	}
	return out
}

// usedKeys returns the keys of the columns the correspondence reads.
func (c *Correspondence) usedKeys() map[string]bool {
	used := map[string]bool{}
	for _, col := range c.columnsUsed() {
		used[columnKey(col)] = true
	}
	return used
}
