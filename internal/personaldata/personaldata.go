// Package personaldata finds, in a free text typed by a professional
// (an activity's notes, a workshop's title, an orientation's reference…),
// what identifies a person: a phone number, an e-mail address, a civility
// followed by a name, a date of birth, a social-security number (NIR) or
// an IBAN. Maillage keeps no personal data of a beneficiary, so every
// free text where one could be named is refused when Find finds one.
//
// The rules are cheap and deliberately broad on what is surely personal,
// narrow on what is ordinary in a workshop's text:
//   - phone: a French number of ten digits starting with 0 (0612345678,
//     06 12 34 56 78, 06.12.34.56.78, 06-12-34-56-78, 06/12/34/56/78,
//     or groups of one or two digits with any separators: 06.12-34 56.78,
//     0 6 1 2 3 4 5 6 7 8; a dash U+2010–U+2015 or U+2212 is a hyphen),
//     +33 or 0033 followed by nine digits (an optional « (0) »), or any
//     international number after a + (8 to 15 digits);
//   - e-mail: an @ between two characters that are not spaces; an @
//     written [at], (at), (arobase); « arobase » or a spaced @ followed
//     by a domain (« jean arobase exemple point fr »);
//   - civility and name: M., Mme, Mlle, Mr, Madame, Monsieur, Mademoiselle
//     (and plurals) followed by a capitalised word (« Mme Martin »); a
//     workshop named « Atelier Mme Pixel » is refused too, the message says
//     to write no person's name; « Mme la maire » is accepted;
//   - date of birth: a birth word (né, née, né(e), date de naissance, DDN) followed
//     by a date or a year, whatever the year; and any full date (12/03/1961,
//     12-03-1961, 12.03.1961, 12 mars 1961) whose year is BirthYears (16)
//     years or more before the record's year (Find's year): an activity,
//     an orientation, a coordination is about its own days, and a date
//     that far back in it is the birth of a person old enough to be
//     accompanied (or another event of their life), while a document's date
//     of the last fifteen years (« avis d'imposition du 15/09/2015 ») is
//     ordinary; a bare year (« depuis 2015 ») or a month (« mars 2010 ») is
//     accepted;
//   - NIR: 13 or 15 digits starting with 1 or 2, month 01 to 12 or 20 to
//     99, département of 2 digits or 2A/2B, spaces or dots allowed
//     between its parts;
//   - IBAN: two letters, two digits and 11 to 30 letters or digits (spaces
//     allowed) whose check (ISO 13616, modulo 97) holds.
//
// The text is NFKC-normalised first, so that full-width or other
// compatibility forms (« ０６ １２ … », « ＠ ») are read as their plain
// characters. Invisible characters (Unicode Cf: bidi overrides, zero
// width…) are refused by the callers through Invisible, before Find.
package personaldata

import (
	"math/big"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Rule names a kind of personal data; its value is the rule's id in the
// API's problems.
type Rule string

const (
	Phone     Rule = "donnee-personnelle-telephone"
	Email     Rule = "donnee-personnelle-courriel"
	Civility  Rule = "donnee-personnelle-nom"
	BirthDate Rule = "donnee-personnelle-date-de-naissance"
	NIR       Rule = "donnee-personnelle-numero-securite-sociale"
	IBAN      Rule = "donnee-personnelle-iban"
)

// Rules lists the rules in the order Find applies them.
var Rules = []Rule{Email, IBAN, NIR, Phone, BirthDate, Civility}

// PartnerRules are the rules of a text about partners and officials
// (a coordination activity's): « RDV avec M. Dupont » names an elected
// official or a partner's agent, not a beneficiary, so a civility and a
// name pass; coordinates, birth dates, NIR and IBAN do not.
var PartnerRules = []Rule{Email, IBAN, NIR, Phone, BirthDate}

// BirthYears: a full date this many years or more before the record's
// year is taken for a date of birth (see the package's comment).
const BirthYears = 16

// What says in French what the rule found, for a message: « le texte
// contient … ».
func (r Rule) What() string {
	switch r {
	case Phone:
		return "un numéro de téléphone"
	case Email:
		return "une adresse électronique"
	case Civility:
		return "une civilité suivie d'un nom (« Mme Martin », « M. Durand »)"
	case BirthDate:
		return "une date de naissance (« né le … », ou une date d'il y a seize ans ou plus)"
	case NIR:
		return "un numéro de sécurité sociale"
	case IBAN:
		return "un IBAN (coordonnées bancaires)"
	}
	return string(r)
}

// Message is the French explanation of a refusal, without the text itself
// (which is never echoed back: it is what must not be kept).
func (r Rule) Message() string {
	msg := "le texte contient " + r.What() + " : aucune donnée personnelle d'un bénéficiaire n'est enregistrée"
	if r == Civility {
		return msg + " ; n'écrivez pas de nom de personne, même dans un titre (« Atelier Mme Pixel » est refusé ; « Mme la maire » est accepté)"
	}
	return msg + " ; n'écrivez ni nom, ni coordonnées, ni date de naissance, ni numéro d'une personne"
}

var (
	// A French phone number: 0 then nine digits, in pairs with one kind
	// of separator (or none).
	phoneFR = regexp.MustCompile(`(?:^|[^\d+])0[1-9](?:\d{8}|(?: \d{2}){4}|(?:\.\d{2}){4}|(?:-\d{2}){4}|(?:/\d{2}){4})(?:$|\D)`)
	// +33 / 0033, an optional (0), then nine digits with any separators.
	phoneIntlFR = regexp.MustCompile(`(?:\+|(?:^|\D)00) ?33 ?(?:\(0\) ?)?[1-9](?:[ ./\-]?\d){8}(?:$|\D)`)
	// Any international number: + then 8 to 15 digits.
	phoneIntl = regexp.MustCompile(`\+ ?\d(?:[ ./\-]?\d){7,14}(?:$|\D)`)
	// An @ between two non-space characters.
	email = regexp.MustCompile(`[^\s@]@[^\s@]`)
	// An address that hides its @: « jean [at] exemple.fr », « jean (at)
	// exemple point fr », « jean(arobase)exemple.fr »; « jean arobase
	// exemple.fr » and « jean @ exemple.fr » only with a domain after (« la
	// touche arobase sur le clavier » is a workshop's text).
	emailBracket = regexp.MustCompile(`(?i)[\p{L}\p{N}._\-]\s*[\[({]\s*(?:at|arobase|@)\s*[\])}]\s*[\p{L}\p{N}]`)
	emailWord    = regexp.MustCompile(`(?i)[\p{L}\p{N}._\-]\s+(?:arobase|@)\s+[\p{L}\p{N}\-]+(?:\s*\.\s*|\s+point\s+)[a-z]{2,6}(?:$|[^\p{L}\p{N}])`)
	// A civility then a capitalised word. « M. » only with its dot and
	// capital (« m. » and « M » alone are other things).
	civility = regexp.MustCompile(`(?:^|[^\p{L}\p{N}])(?:M\.|(?i:mr|mme|mmes|mlle|mlles|madame|mesdames|monsieur|messieurs|mademoiselle|mesdemoiselles)\.?)[ \t]+\p{Lu}`)
	// NIR: sex, year, month, département (2A/2B), commune, order, key.
	nir = regexp.MustCompile(`(?:^|[^\p{L}\p{N}])[12][ .]?\d{2}[ .]?(?:0[1-9]|1[0-2]|[2-9]\d)[ .]?(?:\d{2}|2[ABab])[ .]?\d{3}[ .]?\d{3}(?:[ .]?\d{2})?(?:$|[^\p{L}\p{N}])`)
	// IBAN candidates: country, check digits, then the rest written in
	// one word or in groups of four.
	iban = regexp.MustCompile(`(?:^|[^\p{L}\p{N}])([A-Za-z]{2}\d{2}(?:[A-Za-z0-9]{11,30}|(?: [A-Za-z0-9]{4}){2,7}(?: [A-Za-z0-9]{1,4})?))(?:$|[^\p{L}\p{N}])`)
	// A birth word then, within a few characters, a date or a year.
	birth = regexp.MustCompile(`(?i)(?:^|[^\p{L}])(?:n[ée]e?s?(?: ?\(e\))?|date de naissance|ddn)[\s:,]*(?:(?:le|en|au|à)\s+)?(?:\d{1,2}(?:er)?[\s/.\-]+(?:\d{1,2}|\p{L}+)[\s/.\-]+\d{2,4}|(?:19|20)\d{2})`)
	// A full date: day, month (number or name), four-digit year.
	fullDate = regexp.MustCompile(`(?i)(?:^|[^\p{L}\p{N}])(?:[0-2]?\d|3[01])(?:er)?(?:[/.\-](?:0?[1-9]|1[0-2])[/.\-]| +(?:janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[uû]t|septembre|octobre|novembre|d[ée]cembre) +)((?:19|20)\d{2})(?:$|[^\p{L}\p{N}])`)
)

// Find reports the first kind of personal data s holds (in the order of
// Rules), and false when it holds none. year is the year of the record
// the text belongs to (an activity's date, an orientation's day): full
// dates BirthYears or more before it are taken for dates of birth; 0 skips
// that rule (the birth words still apply).
func Find(s string, year int) (Rule, bool) { return FindAmong(s, year, Rules) }

// FindAmong is Find with only the rules given (PartnerRules…), applied in
// the order of Rules.
func FindAmong(s string, year int, rules []Rule) (Rule, bool) {
	s = spaces(norm.NFKC.String(s))
	for _, r := range Rules {
		if !slices.Contains(rules, r) {
			continue
		}
		var found bool
		switch r {
		case Email:
			found = email.MatchString(s) || emailBracket.MatchString(s) || emailWord.MatchString(s)
		case IBAN:
			found = hasIBAN(s)
		case NIR:
			found = nir.MatchString(s)
		case Phone:
			found = phoneFR.MatchString(s) || phoneIntlFR.MatchString(s) || phoneIntl.MatchString(s) || phoneGroups(s)
		case BirthDate:
			found = birth.MatchString(s) || year > 0 && oldDate(s, year)
		case Civility:
			found = civility.MatchString(s)
		}
		if found {
			return r, true
		}
	}
	return "", false
}

// spaces writes every space (no-break, thin…) and every line break as a
// plain space, and every dash (hyphens and dashes U+2010–U+2015, the
// minus sign U+2212: what word processors put in « 06–12–34–56–78 ») as
// a hyphen-minus, so that the rules see one separator.
func spaces(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case unicode.IsSpace(r) || r == '\u202f' || r == '\u00a0' || r == '\u2007':
			return ' '
		case r >= '\u2010' && r <= '\u2015' || r == '\u2212':
			return '-'
		}
		return r
	}, s)
}

// phoneGroups finds a French number written in groups of one or two
// digits with any one separator between them (a space, a dot, a dash, a
// slash: « 06.12-34 56.78 », « 0 6 1 2 3 4 5 6 7 8 », « 06 12 34 56 7 8 »):
// ten digits, 0 then another, in a run of groups that is not part of a
// longer one (« 08.30-12.00 14.00-17.30 » is hours, « 01.12.2026 » a
// date: a group of more than two digits ends the candidate).
func phoneGroups(s string) bool {
	rs := []rune(s)
	digit := func(i int) bool { return i >= 0 && i < len(rs) && rs[i] >= '0' && rs[i] <= '9' }
	sep := func(i int) bool { return i >= 0 && i < len(rs) && strings.ContainsRune(" .-/", rs[i]) }
	for i := 0; i < len(rs); i++ {
		// A run starts on a digit that follows no digit, no +, and no
		// separator after a digit.
		if !digit(i) || digit(i-1) || i > 0 && rs[i-1] == '+' || sep(i-1) && digit(i-2) {
			continue
		}
		digits, group, short := 0, 0, true
		var first [2]rune
		j := i
		for ; j < len(rs); j++ {
			if digit(j) {
				if digits < 2 {
					first[digits] = rs[j]
				}
				digits, group = digits+1, group+1
				short = short && group <= 2
				continue
			}
			if sep(j) && digit(j+1) {
				group = 0
				continue
			}
			break
		}
		if short && digits == 10 && first[0] == '0' && first[1] != '0' {
			return true
		}
		i = j
	}
	return false
}

func oldDate(s string, year int) bool {
	for _, m := range fullDate.FindAllStringSubmatch(s, -1) {
		if y, err := strconv.Atoi(m[1]); err == nil && y <= year-BirthYears {
			return true
		}
	}
	return false
}

func hasIBAN(s string) bool {
	for _, m := range iban.FindAllStringSubmatch(s, -1) {
		// The groups may go on with the next word (« … 189 pour »): the
		// candidate, then without its last group.
		for g := m[1]; ; {
			c := strings.ToUpper(strings.ReplaceAll(g, " ", ""))
			if len(c) >= 15 && (ibanChecks(c) || strings.HasPrefix(c, "FR") && len(c) == 27) {
				return true
			}
			i := strings.LastIndexByte(g, ' ')
			if i < 0 {
				break
			}
			g = g[:i]
		}
	}
	return false
}

// ibanChecks is ISO 13616's check: the country and check digits moved to
// the end, letters as 10…35, the number modulo 97 is 1.
func ibanChecks(c string) bool {
	var b strings.Builder
	for _, r := range c[4:] + c[:4] {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r >= 'A' && r <= 'Z':
			b.WriteString(strconv.Itoa(int(r-'A') + 10))
		default:
			return false
		}
	}
	n, ok := new(big.Int).SetString(b.String(), 10)
	return ok && new(big.Int).Mod(n, big.NewInt(97)).Int64() == 1
}

// InvisibleRule is the rule's id of a control or invisible character in
// a free text.
const InvisibleRule = "caractere-invisible"

// Invisible gives the first control character (Unicode Cc) or format
// character (Cf: bidi overrides U+202A–U+202E and U+2066–U+2069, zero
// width spaces and joiners, soft hyphen…) of s; breaks allows line
// breaks and tabs. Such a character can hide or reverse what a text shows
// (a reference printed on a slip), so free texts refuse them.
func Invisible(s string, breaks bool) (rune, bool) {
	for _, r := range s {
		if breaks && (r == '\n' || r == '\r' || r == '\t') {
			continue
		}
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			return r, true
		}
	}
	return 0, false
}

// Clean removes from s what Invisible finds, so that Invisible(Clean(s,
// breaks), breaks) finds nothing: line breaks and tabs become a space
// unless breaks allows them, every other control or format character
// (soft hyphen, zero width joiner, BOM, bidi override…) goes. Such a
// character holds nothing personal: the rest of the text is kept.
func Clean(s string, breaks bool) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\r' || r == '\t':
			if breaks {
				return r
			}
			return ' '
		case unicode.IsControl(r) || unicode.Is(unicode.Cf, r):
			return -1
		}
		return r
	}, s)
}
