package place

import (
	"strings"
	"time"
	"unicode/utf8"
)

// MaxResume is the maximum length, in characters, of presentation_resume in v1.
const MaxResume = 280

// Raw is a record as read from a file, in the v1 field names, before
// validation. Readers of older versions convert into it and note what they
// changed in Original and Problems.
type Raw struct {
	Values        [NumFields]string
	Version       string            // "0.1" or "1.0"
	Original      map[string]string // values changed by the conversion, by source field name
	PassNumerique bool              // set by the v0.1 conversion
	Problems      []Problem         // found by the conversion
}

// Parser turns raw records into validated, normalised places.
type Parser struct {
	// CheckHours validates an OSM opening_hours string; nil accepts anything.
	CheckHours func(string) error
}

// Parse validates and normalises one raw record. ok is false when the record
// has an error and must be rejected. Problems are returned in field order.
func (p *Parser) Parse(r *Raw) (l Lieu, problems []Problem, ok bool) {
	ps := parseState{raw: r, problems: r.Problems, original: r.Original}
	l.PassNumerique = r.PassNumerique
	l.Provenance.Version = r.Version

	for i := 0; i < NumFields; i++ {
		v := r.Values[i]
		t := strings.TrimSpace(v)
		if t != v {
			ps.keep(i, v)
			v = t
			if v != "" {
				ps.add(Info, i, r.Values[i], RuleNormalised, "espaces en début ou fin de valeur retirés")
			}
		}
		v = ps.withoutBidi(i, ps.withoutControl(i, v))
		if v == "" {
			switch {
			case i == FPivot:
				ps.add(Warning, i, "", RulePivotPlaceholder, "pivot (SIRET ou RNA) absent : considéré comme inconnu")
			case Required(i):
				ps.add(Error, i, "", RuleRequired, "champ obligatoire vide")
			}
			continue
		}
		switch i {
		case FID:
			l.ID = ps.id(v)
		case FPivot:
			l.Pivot = ps.pivot(v)
		case FCodePostal:
			l.CodePostal = ps.postcode(v)
		case FCodeINSEE:
			// checked below, with code_postal
			l.CodeINSEE = v
		case FLatitude, FLongitude:
			// checked below, as a pair
		case FDateMaj:
			l.DateMaj = ps.date(v)
		case FTelephone:
			l.Telephone = ps.phones(v)
		case FCourriels:
			l.Courriels = ps.emails(v)
		case FSiteWeb:
			l.SiteWeb = ps.urls(i, v, true)
		case FFicheAccesLibre, FPriseRDV:
			if u := ps.urls(i, v, false); len(u) > 0 {
				*l.text(i) = u[0]
			}
		case FHoraires:
			l.Horaires = v
			if p.CheckHours != nil {
				if err := p.CheckHours(v); err != nil {
					l.Provenance.HoursInvalid = true
					ps.add(Warning, i, v, RuleHours, "horaires illisibles au format OSM opening_hours ("+err.Error()+") : conservés tels quels, le lieu sera affiché « horaires inconnus »")
				}
			}
		case FPresentationResume:
			l.PresentationResume = ps.resume(v)
		case FTypologie:
			l.Typologie = ps.typologie(v)
		case FCommune:
			l.Commune = ps.publishable(i, v, communeRune)
		case FAdresse:
			l.Adresse = ps.publishable(i, v, voieRune)
		case FAutresFormationsLabels:
			l.AutresFormationsLabels = ps.freeList(i, v)
		default:
			if voc := closedByField[i]; voc != nil {
				*l.list(i) = ps.closedList(i, voc, v)
			} else {
				*l.text(i) = v
			}
		}
	}
	l.Coordinates = ps.coordinates(strings.TrimSpace(r.Values[FLatitude]), strings.TrimSpace(r.Values[FLongitude]))
	l.CodeINSEE = ps.insee(l.CodeINSEE, l.CodePostal)

	if len(ps.original) > 0 {
		l.Provenance.Original = ps.original
	}
	return l, ps.problems, !ps.rejected
}

type parseState struct {
	raw      *Raw
	problems []Problem
	original map[string]string
	rejected bool
}

func (ps *parseState) add(sev Severity, field int, value, rule, msg string) {
	if sev == Error {
		ps.rejected = true
	}
	ps.problems = append(ps.problems, Problem{Severity: sev, Field: FieldNames[field], Value: value, Rule: rule, Message: msg})
}

// keep records the source's value of field i before it is changed, unless a
// conversion already recorded it.
func (ps *parseState) keep(i int, v string) {
	name := FieldNames[i]
	if _, done := ps.original[name]; done {
		return
	}
	if ps.original == nil {
		ps.original = map[string]string{}
	}
	ps.original[name] = v
}

func (ps *parseState) pivot(v string) string {
	s := v
	if strings.ContainsAny(s, " .-\u00a0") {
		s = strings.Map(func(r rune) rune {
			if r == ' ' || r == '.' || r == '-' || r == '\u00a0' {
				return -1
			}
			return r
		}, s)
	}
	if strings.Trim(s, "0") == "" {
		ps.keep(FPivot, ps.raw.Values[FPivot])
		ps.add(Warning, FPivot, v, RulePivotPlaceholder, "pivot fictif (que des zéros) : le SIRET/RNA est considéré comme inconnu")
		return ""
	}
	kind := PivotKindOf(s)
	if kind == PivotInvalid {
		ps.keep(FPivot, ps.raw.Values[FPivot])
		ps.add(Warning, FPivot, v, RulePivot, "pivot invalide : attendu un SIRET (14 chiffres) ou un RNA (W + 9 caractères) ; considéré comme inconnu")
		return ""
	}
	if s != v {
		ps.keep(FPivot, ps.raw.Values[FPivot])
		ps.add(Info, FPivot, v, RuleNormalised, "espaces et séparateurs retirés du pivot")
	}
	switch kind {
	case PivotSIRET:
		if !SiretValid(s) {
			ps.add(Warning, FPivot, v, RuleSiretLuhn, "SIRET dont la clé de contrôle (Luhn) est fausse : vérifiez-le dans l'annuaire des entreprises")
		}
	case PivotSIREN:
		ps.add(Warning, FPivot, v, RulePivot, "pivot à 9 chiffres (SIREN) : le standard demande le SIRET de l'établissement (14 chiffres)")
	}
	return s
}

func (ps *parseState) postcode(v string) string {
	if len(v) == 4 && allDigits(v) {
		// A spreadsheet dropped the leading zero (Ain, Aisne… 01000-09999).
		ps.keep(FCodePostal, ps.raw.Values[FCodePostal])
		ps.add(Info, FCodePostal, v, RuleNormalised, "zéro initial rétabli dans le code postal")
		return "0" + v
	}
	if len(v) != 5 || !allDigits(v) {
		ps.add(Error, FCodePostal, v, RulePostcode, "code postal invalide : attendu 5 chiffres")
		return ""
	}
	return v
}

func (ps *parseState) insee(code, cp string) string {
	if code == "" {
		return ""
	}
	orig := code
	if len(code) == 4 && allDigits(code) {
		code = "0" + code
	}
	// Corsica: "20xxx" is no valid INSEE code since 1976; the postcode tells 2A from 2B.
	if len(code) == 5 && strings.HasPrefix(code, "20") && allDigits(code) {
		if d := DepartementOfPostcode(cp); d == "2A" || d == "2B" {
			code = d + code[2:]
		}
	}
	if !inseeValid(code) {
		ps.keep(FCodeINSEE, ps.raw.Values[FCodeINSEE])
		ps.add(Warning, FCodeINSEE, orig, RuleINSEE, "code INSEE invalide (attendu 5 caractères, 2A/2B pour la Corse) : valeur retirée")
		return ""
	}
	if code != orig {
		ps.keep(FCodeINSEE, ps.raw.Values[FCodeINSEE])
		ps.add(Info, FCodeINSEE, orig, RuleNormalised, "code INSEE corrigé en "+code)
	}
	if cp != "" && !inseeMatchesPostcode(code, cp) {
		ps.add(Warning, FCodeINSEE, orig, RuleINSEEPostcode, "le code INSEE "+code+" n'est pas dans le département du code postal "+cp)
	}
	return code
}

func inseeValid(code string) bool {
	if len(code) != 5 || !allDigits(code[2:]) {
		return false
	}
	c0, c1 := code[0], code[1]
	switch {
	case c0 == '2':
		return c1 == 'A' || c1 == 'B' || (c1 >= '1' && c1 <= '9')
	case c0 == '0' || c0 == '1' || (c0 >= '3' && c0 <= '9'):
		return c1 >= '0' && c1 <= '9'
	}
	return false
}

func inseeMatchesPostcode(code, cp string) bool {
	di, dp := DepartementOfINSEE(code), DepartementOfPostcode(cp)
	if di == dp {
		return true
	}
	// Saint-Barthélemy (977) and Saint-Martin (978) use Guadeloupe's 971 postcodes.
	if (di == "977" || di == "978") && dp == "971" {
		return true
	}
	// A few Corsican communes have a postcode of the other département.
	if (di == "2A" || di == "2B") && (dp == "2A" || dp == "2B") {
		return true
	}
	return false
}

func (ps *parseState) date(v string) time.Time {
	if len(v) == 10 && v[4] == '-' && v[7] == '-' {
		if d, err := time.Parse(DateLayout, v); err == nil {
			return d
		}
	}
	// French spreadsheets: 25/07/2022; ISO timestamps: 2022-07-25T10:00:00Z.
	for _, layout := range []string{"02/01/2006", "2/1/2006", time.RFC3339, time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006/01/02"} {
		if d, err := time.Parse(layout, v); err == nil {
			d = time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC)
			ps.keep(FDateMaj, ps.raw.Values[FDateMaj])
			ps.add(Info, FDateMaj, v, RuleNormalised, "date convertie au format AAAA-MM-JJ : "+d.Format(DateLayout))
			return d
		}
	}
	ps.add(Error, FDateMaj, v, RuleDate, "date illisible : attendu AAAA-MM-JJ")
	return time.Time{}
}

func (ps *parseState) coordinates(lat, lon string) *Point {
	if lat == "" && lon == "" {
		return nil
	}
	if lat == "" || lon == "" {
		field, v := FLatitude, lat
		if lat == "" {
			field, v = FLongitude, lon
		}
		ps.keep(field, ps.raw.Values[field])
		ps.add(Warning, field, v, RuleCoordinates, "latitude et longitude vont ensemble : la coordonnée seule est retirée")
		return nil
	}
	la, okLa := ps.number(FLatitude, lat)
	lo, okLo := ps.number(FLongitude, lon)
	if !okLa || !okLo {
		return nil
	}
	if x, y, ok := looksLambert93(la, lo); ok {
		return ps.lambert93(lat, lon, x, y)
	}
	if la < -90 || la > 90 {
		ps.add(Error, FLatitude, lat, RuleCoordinates, "latitude hors de [-90, 90]")
		return nil
	}
	if lo < -180 || lo > 180 {
		ps.add(Error, FLongitude, lon, RuleCoordinates, "longitude hors de [-180, 180]")
		return nil
	}
	return &Point{Lat: la, Lon: lo}
}

func (ps *parseState) number(i int, v string) (float64, bool) {
	f, ok := ParseDecimal(v)
	if !ok && strings.Count(v, ",") == 1 && !strings.Contains(v, ".") {
		// French decimal comma.
		if f2, ok2 := ParseDecimal(strings.Replace(v, ",", ".", 1)); ok2 {
			ps.keep(i, ps.raw.Values[i])
			ps.add(Info, i, v, RuleNormalised, "virgule décimale remplacée par un point")
			return f2, true
		}
	}
	if !ok {
		ps.add(Error, i, v, RuleNumber, "nombre illisible : des chiffres décimaux sont attendus, avec un point ou une virgule décimale (43.6045 ou 43,6045), sans hexadécimal, « _ », NaN ni Inf")
		return 0, false
	}
	if !canonicalFloat(v) && FormatFloat(f) != v {
		// 5.400 and 5.4 are the same number; keep what was written.
		ps.keep(i, ps.raw.Values[i])
	}
	return f, true
}

// canonicalFloat reports, cheaply, that v is surely written as FormatFloat
// writes its value: plain digits, at most 15 significant ones (so no shorter
// decimal names the same float), no superfluous zero, sign or exponent.
func canonicalFloat(v string) bool {
	s := strings.TrimPrefix(v, "-")
	if s == "" || s == "0" && v != s {
		return false
	}
	intPart, frac, hasDot := strings.Cut(s, ".")
	if intPart == "" || len(intPart) > 1 && intPart[0] == '0' || !allDigits(intPart) {
		return false
	}
	if hasDot && (frac == "" || !allDigits(frac) || frac[len(frac)-1] == '0') {
		return false
	}
	digits := len(strings.TrimLeft(intPart+frac, "0"))
	return digits <= 15 && !(intPart == "0" && frac == "" && v != s)
}

func (ps *parseState) resume(v string) string {
	if utf8.RuneCountInString(v) <= MaxResume {
		return v
	}
	ps.keep(FPresentationResume, ps.raw.Values[FPresentationResume])
	ps.add(Warning, FPresentationResume, v, RuleMaxLength, "résumé de plus de 280 caractères : tronqué à la publication, le texte entier est conservé")
	return Truncate(v, MaxResume)
}

// Truncate shortens s to at most n characters, at a word boundary, ending with "…".
func Truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	runes := []rune(s)[:n-1]
	cut := len(runes)
	for j := len(runes) - 1; j > n/2; j-- {
		if runes[j] == ' ' {
			cut = j
			break
		}
	}
	return strings.TrimRight(string(runes[:cut]), " ,;:") + "…"
}

// splitList splits a multi-valued field on "|", dropping empty items (a
// leading or trailing "|"). changed is true when items were dropped or
// trimmed. With semicolons, a list without "|" is split on ";" (the
// separator the standard's README still names, and v0.1's).
func splitList(v string, semicolons bool) (items []string, changed bool) {
	sep := ListSeparator
	if !strings.Contains(v, ListSeparator) {
		if !semicolons || !strings.Contains(v, ";") {
			return []string{v}, false
		}
		sep, changed = ";", true
	}
	parts := strings.Split(v, sep)
	items = parts[:0]
	for _, p := range parts {
		t := strings.TrimSpace(p)
		if t != p {
			changed = true
		}
		if t == "" {
			changed = true
			continue
		}
		items = append(items, t)
	}
	return items, changed
}

// closedByField is ClosedLists by field index (a map lookup per field
// showed in profiles).
var closedByField = func() (a [NumFields]*Vocabulary) {
	for i, name := range FieldNames {
		a[i] = ClosedLists[name]
	}
	return a
}()

func (ps *parseState) closedList(i int, voc *Vocabulary, v string) []string {
	items, changed := splitList(v, true)
	out := make([]string, 0, len(items))
	var dropped []string
	for _, it := range items {
		c, exact, ok := voc.Lookup(it)
		if !ok {
			dropped = append(dropped, it)
			continue
		}
		if !exact {
			changed = true
			ps.add(Info, i, it, RuleNormalised, "valeur normalisée en « "+c+" »")
		}
		if contains(out, c) {
			changed = true
			continue
		}
		out = append(out, c)
	}
	for _, d := range dropped {
		changed = true
		ps.add(Warning, i, d, RuleClosedList, "valeur hors de la liste du standard : retirée du champ publié, conservée dans la provenance")
	}
	if changed {
		ps.keep(i, ps.raw.Values[i])
	}
	return out
}

func (ps *parseState) typologie(v string) []string {
	items, changed := splitList(v, true)
	out := make([]string, 0, len(items))
	for _, it := range items {
		c, exact, ok := Typologies.Lookup(it)
		switch {
		case !ok:
			// The schema has no pattern for typologie, but the ANCT
			// library rejects a record with a code outside the list.
			changed = true
			ps.add(Warning, FTypologie, it, RuleTypologie, "typologie inconnue de la liste data·inclusion (refusée par la bibliothèque de l'ANCT) : retirée du champ publié, conservée dans la provenance")
			continue
		case !exact:
			changed = true
			ps.add(Info, FTypologie, it, RuleNormalised, "typologie normalisée en « "+c+" »")
		}
		if contains(out, c) {
			changed = true
			continue
		}
		out = append(out, c)
	}
	if changed {
		ps.keep(FTypologie, ps.raw.Values[FTypologie])
	}
	return out
}

func (ps *parseState) freeList(i int, v string) []string {
	items, changed := splitList(v, false)
	if changed {
		ps.keep(i, ps.raw.Values[i])
	}
	return items
}

func (ps *parseState) phones(v string) []string {
	var parts []string
	if strings.ContainsAny(v, "|;,/") || strings.Contains(v, " ou ") || strings.Contains(v, " et ") {
		for _, part := range splitAny(v, "|;,/") {
			parts = append(parts, splitWords(part, " ou ", " et ")...)
		}
	} else {
		parts = []string{v}
	}
	out := make([]string, 0, len(parts))
	changed := len(parts) > 1 && strings.ContainsAny(v, ";,/ ")
	{
		for _, sub := range parts {
			n, ok := NormalizePhone(sub)
			if !ok {
				changed = true
				ps.add(Warning, FTelephone, sub, RulePhone, "numéro de téléphone illisible : retiré du champ publié, conservé dans la provenance")
				continue
			}
			if n != sub {
				changed = true
			}
			if !contains(out, n) {
				out = append(out, n)
			}
		}
	}
	if changed {
		ps.keep(FTelephone, ps.raw.Values[FTelephone])
		if len(out) > 0 {
			ps.add(Info, FTelephone, v, RuleNormalised, "téléphone au format international : "+strings.Join(out, ListSeparator))
		}
	}
	return out
}

func (ps *parseState) emails(v string) []string {
	parts := []string{v}
	if strings.ContainsAny(v, "|;, \t\n") {
		parts = splitAny(v, "|;, \t\n")
	}
	out := make([]string, 0, len(parts))
	changed := false
	for _, e := range parts {
		n := strings.TrimPrefix(strings.TrimPrefix(e, "mailto:"), "MAILTO:")
		if n != e {
			changed = true
		}
		if !EmailValid(n) {
			changed = true
			ps.add(Warning, FCourriels, e, RuleEmail, "adresse électronique invalide : retirée du champ publié, conservée dans la provenance")
			continue
		}
		if !contains(out, n) {
			out = append(out, n)
		}
	}
	if changed || strings.ContainsAny(v, ";, \t\n") {
		ps.keep(FCourriels, ps.raw.Values[FCourriels])
	}
	return out
}

func (ps *parseState) urls(i int, v string, multi bool) []string {
	parts := splitURLs(v)
	out := make([]string, 0, len(parts))
	changed := len(parts) > 1 && !multi
	for _, u := range parts {
		n, ok := NormalizeURL(u)
		if !ok {
			changed = true
			ps.add(Warning, i, u, RuleURL, "adresse web invalide (attendu http:// ou https://) : retirée du champ publié, conservée dans la provenance")
			continue
		}
		if n != u {
			changed = true
			ps.add(Info, i, u, RuleNormalised, "adresse web complétée : "+n)
		}
		if !contains(out, n) {
			out = append(out, n)
		}
	}
	if !multi && len(out) > 1 {
		ps.add(Warning, i, v, RuleURL, "une seule adresse web attendue : la première est publiée")
		out = out[:1]
	}
	if changed || strings.Join(out, ListSeparator) != v {
		ps.keep(i, ps.raw.Values[i])
	}
	return out
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// splitAny splits s on any of the separator bytes, trimming and dropping empty items.
func splitAny(s, seps string) []string {
	out := strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune(seps, r) })
	j := 0
	for _, p := range out {
		if p = strings.TrimSpace(p); p != "" {
			out[j] = p
			j++
		}
	}
	return out[:j]
}

// splitWords splits s on any of the separator words.
func splitWords(s string, words ...string) []string {
	out := []string{s}
	for _, w := range words {
		var next []string
		for _, p := range out {
			for _, q := range strings.Split(p, w) {
				if q = strings.TrimSpace(q); q != "" {
					next = append(next, q)
				}
			}
		}
		out = next
	}
	return out
}

// splitURLs splits a list of web addresses on "|", whitespace, and on ";" or
// "," when what follows starts a new address (v0.1 used them as separators).
func splitURLs(s string) []string {
	if !strings.ContainsAny(s, "| \t\n;,") {
		return []string{s}
	}
	var out []string
	for _, p := range splitAny(s, "| \t\n") {
		start := 0
		for k := 0; k < len(p); k++ {
			if (p[k] == ';' || p[k] == ',') && looksLikeURLStart(p[k+1:]) {
				if q := strings.TrimSpace(p[start:k]); q != "" {
					out = append(out, q)
				}
				start = k + 1
			}
		}
		if q := strings.TrimSpace(strings.TrimRight(p[start:], ";,")); q != "" {
			out = append(out, q)
		}
	}
	return out
}

func looksLikeURLStart(s string) bool {
	s = strings.TrimSpace(s)
	return strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://") || strings.HasPrefix(s, "www.")
}
