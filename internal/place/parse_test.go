package place

import (
	"errors"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

// valid returns a raw v1 record that passes every rule, with fields overridden.
func valid(over map[string]string) *Raw {
	r := &Raw{Version: "1.0"}
	base := map[string]string{
		"id": "l1", "pivot": "43493312300029", "nom": "EPN de la Plaine", "commune": "Toulouse",
		"code_postal": "31000", "code_insee": "31555", "adresse": "1 rue du Lieu", "date_maj": "2026-10-01",
		"latitude": "43.6045", "longitude": "1.444",
	}
	for k, v := range over {
		base[k] = v
	}
	for k, v := range base {
		i, ok := FieldIndex[k]
		if !ok {
			panic(k)
		}
		r.Values[i] = v
	}
	return r
}

var hoursParser = &Parser{CheckHours: func(s string) error {
	if strings.Contains(s, "lundi") {
		return errors.New("mot inconnu")
	}
	return nil
}}

// problem finds the first problem with a rule on a field.
func problem(ps []Problem, field, rule string) *Problem {
	for i := range ps {
		if ps[i].Field == field && ps[i].Rule == rule {
			return &ps[i]
		}
	}
	return nil
}

func TestFieldRules(t *testing.T) {
	tests := []struct {
		name     string
		field    string
		value    string
		wantOK   bool
		severity Severity // of the problem expected with rule; ignored when rule is ""
		rule     string
		check    func(t *testing.T, l Lieu)
	}{
		{"required nom missing", "nom", "", false, Error, RuleRequired, nil},
		{"required adresse blank", "adresse", "   ", false, Error, RuleRequired, nil},
		{"required date_maj missing", "date_maj", "", false, Error, RuleRequired, nil},
		{"id missing", "id", "", false, Error, RuleRequired, nil},
		{"date unparsable", "date_maj", "2026-13-45", false, Error, RuleDate, nil},
		{"date french form", "date_maj", "25/07/2022", true, Info, RuleNormalised, func(t *testing.T, l Lieu) {
			if got := l.DateMaj.Format(DateLayout); got != "2022-07-25" {
				t.Errorf("date = %s", got)
			}
		}},
		{"date timestamp", "date_maj", "2024-04-02T10:30:00Z", true, Info, RuleNormalised, nil},
		{"latitude unparsable", "latitude", "abc", false, Error, RuleNumber, nil},
		{"latitude out of range", "latitude", "95.2", false, Error, RuleCoordinates, nil},
		// Go's own syntaxes (strconv.ParseFloat's) are not numbers of a file.
		{"latitude hexadecimal", "latitude", "0x2Ap0", false, Error, RuleNumber, nil},
		{"latitude hexadecimal fraction", "latitude", "0x1p-2", false, Error, RuleNumber, nil},
		{"latitude underscore", "latitude", "4_3.9", false, Error, RuleNumber, nil},
		{"longitude underscore comma", "longitude", "1_4,44", false, Error, RuleNumber, nil},
		{"latitude infinity", "latitude", "Inf", false, Error, RuleNumber, nil},
		{"latitude exponent", "latitude", "4.36045e1", true, 0, "", nil},
		{"latitude plus sign", "latitude", "+43.6", true, 0, "", nil},
		{"latitude decimal comma", "latitude", "43,6", true, Info, RuleNormalised, func(t *testing.T, l Lieu) {
			if l.Coordinates == nil || l.Coordinates.Lat != 43.6 {
				t.Errorf("coordinates = %+v", l.Coordinates)
			}
		}},
		{"postcode four digits", "code_postal", "1000", true, Info, RuleNormalised, func(t *testing.T, l Lieu) {
			if l.CodePostal != "01000" {
				t.Errorf("code_postal = %q", l.CodePostal)
			}
		}},
		{"postcode invalid", "code_postal", "3100A", false, Error, RulePostcode, nil},
		{"insee contradicts postcode", "code_insee", "75056", true, Warning, RuleINSEEPostcode, nil},
		{"latitude alone", "longitude", "", true, Warning, RuleCoordinates + "@latitude", func(t *testing.T, l Lieu) {
			if l.Coordinates != nil || l.Provenance.Original["latitude"] != "43.6045" {
				t.Errorf("coordinates %+v, original %q", l.Coordinates, l.Provenance.Original)
			}
		}},
		{"insee invalid form", "code_insee", "2C123", true, Warning, RuleINSEE, func(t *testing.T, l Lieu) {
			if l.CodeINSEE != "" || l.Provenance.Original["code_insee"] != "2C123" {
				t.Errorf("code_insee %q, original %q", l.CodeINSEE, l.Provenance.Original["code_insee"])
			}
		}},
		{"pivot placeholder", "pivot", "00000000000000", true, Warning, RulePivotPlaceholder, func(t *testing.T, l Lieu) {
			if l.Pivot != "" || l.Value(FPivot) != PivotPlaceholder {
				t.Errorf("pivot %q, published %q", l.Pivot, l.Value(FPivot))
			}
		}},
		{"pivot missing", "pivot", "", true, Warning, RulePivotPlaceholder, nil},
		{"siret bad luhn", "pivot", "43493312300028", true, Warning, RuleSiretLuhn, func(t *testing.T, l Lieu) {
			if l.Pivot != "43493312300028" {
				t.Errorf("pivot changed: %q", l.Pivot)
			}
		}},
		{"siret la poste", "pivot", "35600000000001", true, 0, "", nil},
		{"siret with spaces", "pivot", "434 933 123 00029", true, Info, RuleNormalised, func(t *testing.T, l Lieu) {
			if l.Pivot != "43493312300029" {
				t.Errorf("pivot %q", l.Pivot)
			}
		}},
		{"rna", "pivot", "W751234567", true, 0, "", func(t *testing.T, l Lieu) {
			if PivotKindOf(l.Pivot) != PivotRNA {
				t.Errorf("kind %v", PivotKindOf(l.Pivot))
			}
		}},
		{"pivot invalid", "pivot", "12-AB", true, Warning, RulePivot, nil},
		{"closed list unknown value", "services", "Aide aux démarches administratives|Cuisine", true, Warning, RuleClosedList, func(t *testing.T, l Lieu) {
			if !reflect.DeepEqual(l.Services, []string{ServiceDemarches}) {
				t.Errorf("services %q", l.Services)
			}
			if l.Provenance.Original["services"] != "Aide aux démarches administratives|Cuisine" {
				t.Errorf("original lost: %q", l.Provenance.Original)
			}
		}},
		{"closed list long form", "frais_a_charge", "Gratuit : Je peux accéder gratuitement au lieu et à ses services", true, Info, RuleNormalised, func(t *testing.T, l Lieu) {
			if !reflect.DeepEqual(l.FraisACharge, []string{FraisGratuit}) {
				t.Errorf("frais %q", l.FraisACharge)
			}
		}},
		{"closed list typographic apostrophe", "modalites_acces", "Ce lieu n’accueille pas de public", true, Info, RuleNormalised, func(t *testing.T, l Lieu) {
			if l.ModalitesAcces[0] != AccesPasDePublic {
				t.Errorf("%q", l.ModalitesAcces)
			}
		}},
		{"library spelling of Étapes numériques", "formations_labels", "Étapes numériques (La Poste)", true, Info, RuleNormalised, func(t *testing.T, l Lieu) {
			if l.FormationsLabels[0] != LabelEtapesNumeriques {
				t.Errorf("%q", l.FormationsLabels)
			}
		}},
		{"schema spelling of Étapes numériques", "formations_labels", "Étapes numériques(La Poste)", true, 0, "", nil},
		{"long form à distance", "modalites_accompagnement", "À distance (par téléphone ou en visioconférence)", true, Info, RuleNormalised, nil},
		{"leading pipe and duplicates", "publics_specifiquement_adresses", "|Jeunes|Jeunes", true, 0, "", func(t *testing.T, l Lieu) {
			if !reflect.DeepEqual(l.PublicsSpecifiquementAdresses, []string{PublicJeunes}) {
				t.Errorf("%q", l.PublicsSpecifiquementAdresses)
			}
		}},
		{"stale semicolon separator", "services", "Aide aux démarches administratives;Loisirs et créations numériques", true, 0, "", func(t *testing.T, l Lieu) {
			if len(l.Services) != 2 {
				t.Errorf("%q", l.Services)
			}
		}},
		{"typologie unknown dropped", "typologie", "EPN|XYZ", true, Warning, RuleTypologie, func(t *testing.T, l Lieu) {
			if !reflect.DeepEqual(l.Typologie, []string{"EPN"}) {
				t.Errorf("%q", l.Typologie)
			}
		}},
		{"typologie legacy PE", "typologie", "PE", true, Info, RuleNormalised, func(t *testing.T, l Lieu) {
			if l.Typologie[0] != "FT" {
				t.Errorf("%q", l.Typologie)
			}
		}},
		{"phone national form", "telephone", "05 61 00 00 00", true, Info, RuleNormalised, func(t *testing.T, l Lieu) {
			if !reflect.DeepEqual(l.Telephone, []string{"+33561000000"}) {
				t.Errorf("%q", l.Telephone)
			}
		}},
		{"phones several", "telephone", "05 61 00 00 00 / 06.12.34.56.78", true, Info, RuleNormalised, func(t *testing.T, l Lieu) {
			if !reflect.DeepEqual(l.Telephone, []string{"+33561000000", "+33612345678"}) {
				t.Errorf("%q", l.Telephone)
			}
		}},
		{"phone réunion", "telephone", "0262 12 34 56", true, Info, RuleNormalised, func(t *testing.T, l Lieu) {
			if l.Telephone[0] != "+262262123456" {
				t.Errorf("%q", l.Telephone)
			}
		}},
		{"phone with (0)", "telephone", "+33 (0)5 61 00 00 00", true, Info, RuleNormalised, nil},
		{"phone standard form", "telephone", "+33561000000", true, 0, "", nil},
		{"phone malformed", "telephone", "appeler la mairie", true, Warning, RulePhone, func(t *testing.T, l Lieu) {
			if len(l.Telephone) != 0 || l.Provenance.Original["telephone"] != "appeler la mairie" {
				t.Errorf("%q %q", l.Telephone, l.Provenance.Original)
			}
		}},
		{"email invalid", "courriels", "contact@exemple.fr|pas-un-courriel", true, Warning, RuleEmail, func(t *testing.T, l Lieu) {
			if !reflect.DeepEqual(l.Courriels, []string{"contact@exemple.fr"}) {
				t.Errorf("%q", l.Courriels)
			}
		}},
		{"email mailto and semicolon", "courriels", "mailto:a@b.fr; c@d.fr", true, 0, "", func(t *testing.T, l Lieu) {
			if !reflect.DeepEqual(l.Courriels, []string{"a@b.fr", "c@d.fr"}) {
				t.Errorf("%q", l.Courriels)
			}
		}},
		{"url without scheme", "site_web", "www.exemple.fr", true, Info, RuleNormalised, func(t *testing.T, l Lieu) {
			if l.SiteWeb[0] != "https://www.exemple.fr" {
				t.Errorf("%q", l.SiteWeb)
			}
		}},
		{"url invalid", "prise_rdv", "appelez-nous", true, Warning, RuleURL, nil},
		{"hours unparsable", "horaires", "lundi 9h-12h", true, Warning, RuleHours, func(t *testing.T, l Lieu) {
			if l.Horaires != "lundi 9h-12h" || !l.Provenance.HoursInvalid {
				t.Errorf("hours %q invalid=%v", l.Horaires, l.Provenance.HoursInvalid)
			}
		}},
		{"resume too long", "presentation_resume", strings.Repeat("mot ", 100), true, Warning, RuleMaxLength, func(t *testing.T, l Lieu) {
			if n := len([]rune(l.PresentationResume)); n > MaxResume {
				t.Errorf("resume %d characters", n)
			}
			if len(l.Provenance.Original["presentation_resume"]) != 400 {
				t.Errorf("original resume not kept")
			}
		}},
		{"surrounding spaces", "nom", "  EPN  ", true, Info, RuleNormalised, func(t *testing.T, l Lieu) {
			if l.Nom != "EPN" || l.Provenance.Original["nom"] != "  EPN  " {
				t.Errorf("%q %q", l.Nom, l.Provenance.Original)
			}
		}},
		{"insee of another département", "code_postal", "20000", true, Warning, RuleINSEEPostcode + "@code_insee", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			raw := valid(map[string]string{tt.field: tt.value})
			l, ps, ok := hoursParser.Parse(raw)
			if ok != tt.wantOK {
				t.Errorf("ok = %v, want %v; problems %+v", ok, tt.wantOK, ps)
			}
			if tt.rule != "" {
				// "rule@field" looks for the problem on another field.
				field, rule := tt.field, tt.rule
				if i := strings.IndexByte(rule, '@'); i > 0 {
					rule, field = rule[:i], rule[i+1:]
				}
				p := problem(ps, field, rule)
				if p == nil {
					t.Fatalf("no %s problem on %s; got %+v", rule, field, ps)
				}
				if p.Severity != tt.severity {
					t.Errorf("severity %v, want %v", p.Severity, tt.severity)
				}
				if p.Message == "" {
					t.Errorf("problem without a message")
				}
			} else {
				for _, p := range ps {
					if p.Severity > Info {
						t.Errorf("unexpected problem %+v", p)
					}
				}
			}
			if tt.check != nil {
				tt.check(t, l)
			}
		})
	}
}

func TestCorsicaINSEE(t *testing.T) {
	l, ps, ok := hoursParser.Parse(valid(map[string]string{"code_postal": "20000", "code_insee": "20004"}))
	if !ok || l.CodeINSEE != "2A004" {
		t.Errorf("code_insee %q ok=%v %+v", l.CodeINSEE, ok, ps)
	}
	l, ps, ok = hoursParser.Parse(valid(map[string]string{"code_postal": "20200", "code_insee": "2B033"}))
	if !ok || l.CodeINSEE != "2B033" || l.Departement() != "2B" {
		t.Errorf("Bastia: %q %q ok=%v %+v", l.CodeINSEE, l.Departement(), ok, ps)
	}
}

func TestNormalizePhone(t *testing.T) {
	for in, want := range map[string]string{
		"0561000000":        "+33561000000",
		"05.61.00.00.00":    "+33561000000",
		"05-61-00-00-00":    "+33561000000",
		"+33 5 61 00 00 00": "+33561000000",
		"0033561000000":     "+33561000000",
		"+33 0561000000":    "+33561000000",
		"0590 12 34 56":     "+590590123456",
		"0696 12 34 56":     "+596696123456",
		"561000000":         "+33561000000",
		"+687 12 34 56":     "+687123456",
		"12":                "",
		"+1 212 555 0100":   "",
		"06 12 34 56 7x":    "",
	} {
		got, ok := NormalizePhone(in)
		if (want == "") == ok || got != want {
			t.Errorf("NormalizePhone(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
}

func TestSiretValid(t *testing.T) {
	for s, want := range map[string]bool{
		"43493312300029": true, "73282932000074": true, "43493312300028": false,
		"35600000000001": true, "35600000000002": false, "1234": false,
	} {
		if got := SiretValid(s); got != want {
			t.Errorf("SiretValid(%s) = %v", s, got)
		}
	}
}

func TestDecodeValuesRoundTrip(t *testing.T) {
	l, _, ok := hoursParser.Parse(valid(map[string]string{
		"latitude": "43.6045", "longitude": "1.444", "services": "Aide aux démarches administratives|Loisirs et créations numériques",
		"telephone": "+33561000000|+33561000001", "pivot": "00000000000000",
	}))
	if !ok {
		t.Fatal("not ok")
	}
	v := l.Values()
	back, err := Decode(v)
	if err != nil {
		t.Fatal(err)
	}
	if back.Values() != v {
		t.Errorf("values changed:\n%q\n%q", back.Values(), v)
	}
	if back.Pivot != "" {
		t.Errorf("placeholder decoded as %q", back.Pivot)
	}
}

func TestVocabulariesSpelling(t *testing.T) {
	// Spot checks against the schema's patterns.
	for _, v := range []string{
		"Ce lieu n'accueille pas de public", "Formé à « Mon Espace Santé »", "Bibliothèques numérique de référence",
		"Point d'accès numérique CAF", "À distance", "Étapes numériques(La Poste)", "Familles et/ou enfants",
	} {
		found := false
		for _, voc := range ClosedLists {
			if voc.Contains(v) {
				found = true
			}
		}
		if !found {
			t.Errorf("%q is not in any list", v)
		}
	}
	if n := len(Services.Values); n != 9 {
		t.Errorf("%d services, want 9", n)
	}
	if n := len(TypologyList); n != 92 {
		t.Errorf("%d typologies, want 92", n)
	}
}

func TestCanonicalFloat(t *testing.T) {
	// The fast path must say yes to the usual forms, or it saves nothing…
	for _, v := range []string{"43.6", "-1.444", "0", "0.5", "12", "-0.25", "1.23456789012345", "100"} {
		if !canonicalFloat(v) {
			t.Errorf("canonicalFloat(%q) = false", v)
		}
	}
	// …and no to forms FormatFloat would write otherwise.
	for _, v := range []string{"5.400", "05.4", "+5.4", "1e3", "5.", ".5", "-0", "1.234567890123456789"} {
		if canonicalFloat(v) {
			t.Errorf("canonicalFloat(%q) = true", v)
		}
	}
	for _, v := range []string{"43.6", "-1.444", "0", "0.5", "12", "-0.25", "1.23456789012345", "5.400", "05.4", "+5.4", "1e3", "5.", ".5", "-0", "1.234567890123456789", "100"} {
		if canonicalFloat(v) {
			f, err := strconv.ParseFloat(v, 64)
			if err != nil || FormatFloat(f) != v {
				t.Errorf("canonicalFloat(%q) but FormatFloat gives %q", v, FormatFloat(f))
			}
		}
	}
}
