package orientation

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"maillage/internal/failure"
	"maillage/internal/pass"
	"maillage/internal/place"
)

func TestNext(t *testing.T) {
	tests := []struct {
		from, to Status
		want     bool
	}{
		{Envoyee, Recue, true},
		{Envoyee, Venue, true},
		{Envoyee, Reorientee, true},
		{Envoyee, Impossible, true},
		{Envoyee, Expiree, true},
		{Envoyee, Envoyee, false},
		{Envoyee, "perdue", false},
		{Recue, Venue, true},
		{Recue, Reorientee, true},
		{Recue, Impossible, true},
		{Recue, Recue, false},
		{Recue, Expiree, false},
		{Venue, Impossible, false},
		{Reorientee, Venue, false},
		{Impossible, Venue, false},
		{Expiree, Recue, false},
	}
	for _, tt := range tests {
		if got := tt.from.Next(tt.to); got != tt.want {
			t.Errorf("%s → %s: %v, want %v", tt.from, tt.to, got, tt.want)
		}
	}
}

func valid() Orientation {
	return Orientation{Need: place.ServiceDemarches, LieuID: "l1", Mode: SansRendezVous, Age: pass.Age65to74, Commune: "31555", Reference: "dossier B-12"}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name   string
		change func(*Orientation)
		want   string // part of the message; "" valid
	}{
		{"valid", func(*Orientation) {}, ""},
		{"minimal", func(o *Orientation) { o.Age, o.Commune, o.Reference = "", "", "" }, ""},
		{"corsica", func(o *Orientation) { o.Commune = "2a004" }, ""},
		{"need outside the standard", func(o *Orientation) { o.Need = "Aide aux demarches administratives" }, "Besoin"},
		{"no place", func(o *Orientation) { o.LieuID = " " }, "Lieu manquant"},
		{"mode", func(o *Orientation) { o.Mode = "rdv" }, "Modalité"},
		{"age", func(o *Orientation) { o.Age = "70" }, "Tranche d'âge"},
		{"commune", func(o *Orientation) { o.Commune = "Toulouse" }, "code INSEE"},
		{"reference too long", func(o *Orientation) { o.Reference = strings.Repeat("é", 61) }, "60 caractères"},
		{"reference of 60", func(o *Orientation) { o.Reference = strings.Repeat("é", 60) }, ""},
		{"phone in reference", func(o *Orientation) { o.Reference = "Mme X 06 12 34 56 78" }, "téléphone"},
		{"international phone", func(o *Orientation) { o.Reference = "+33612345678" }, "téléphone"},
		{"e-mail in message", func(o *Orientation) { o.Message = "écrire à jean.dupont@exemple.fr" }, "adresse électronique"},
		{"message too long", func(o *Orientation) { o.Message = strings.Repeat("a", MaxMessage+1) }, "1000 caractères"},
		{"control character", func(o *Orientation) { o.Message = "a\x00b" }, "contrôle"},
		{"bidi override in reference", func(o *Orientation) { o.Reference = "abc\u202edef" }, "Référence : le texte contient un caractère de contrôle ou invisible (U+202E) : refusé (règle caractere-invisible)"},
		{"zero width in message", func(o *Orientation) { o.Message = "zero\u200bwidth" }, "(U+200B)"},
		{"isolate in message", func(o *Orientation) { o.Message = "a \u2066isolate" }, "(U+2066)"},
		{"full-width phone in message", func(o *Orientation) { o.Message = "appelez le ０６ １２ ３４ ５６ ７８" }, "téléphone"},
		{"slashed phone in reference", func(o *Orientation) { o.Reference = "06/12/34/56/78" }, "téléphone"},
		{"civility and name in reference", func(o *Orientation) { o.Reference = "Mme Fatima Benali" }, "Référence : le texte contient une civilité suivie d'un nom"},
		{"date of birth in reference", func(o *Orientation) { o.Reference = "dossier B-12, née le 12/03/1961" }, "date de naissance"},
		{"old date in message", func(o *Orientation) { o.Message = "personne du 12/03/1961" }, "Message pour le lieu : le texte contient une date de naissance"},
		{"dates and postcodes are no phone", func(o *Orientation) {
			o.Message = "Rendez-vous le 12/05/2026 à 14 h, 31000 Toulouse, dossier 2026-114"
		}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := valid()
			tt.change(&o)
			o.Normalize()
			err := o.Validate(2026)
			if tt.want == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			if !errors.Is(err, failure.ErrInvalid) || !strings.Contains(failure.MessageOf(err), tt.want) {
				t.Fatalf("got %v, want an invalid input naming %q", err, tt.want)
			}
		})
	}
}

func TestAnswerValidate(t *testing.T) {
	tests := []struct {
		name string
		from Status
		a    Answer
		code failure.Code // "" valid
	}{
		{"received", Envoyee, Answer{Status: Recue}, ""},
		{"came after received", Recue, Answer{Status: Venue}, ""},
		{"received twice", Recue, Answer{Status: Recue}, failure.Conflict},
		{"after the end", Venue, Answer{Status: Impossible, Reason: Complet}, failure.Conflict},
		{"after expiry", Expiree, Answer{Status: Recue}, failure.Conflict},
		{"expiry is not an answer", Envoyee, Answer{Status: Expiree}, failure.Invalid},
		{"unknown", Envoyee, Answer{Status: "oui"}, failure.Invalid},
		{"redirected without a place", Envoyee, Answer{Status: Reorientee}, failure.Invalid},
		{"redirected", Envoyee, Answer{Status: Reorientee, LieuID: "l2"}, ""},
		{"impossible without a reason", Envoyee, Answer{Status: Impossible}, failure.Invalid},
		{"impossible, other, unsaid", Envoyee, Answer{Status: Impossible, Reason: Autre, Detail: " "}, failure.Invalid},
		{"impossible, other, said", Envoyee, Answer{Status: Impossible, Reason: Autre, Detail: "travaux"}, ""},
		{"impossible, full", Recue, Answer{Status: Impossible, Reason: Complet}, ""},
		{"detail with a phone", Envoyee, Answer{Status: Impossible, Reason: Autre, Detail: "rappeler le 0612345678"}, failure.Invalid},
		{"detail with a full-width phone", Envoyee, Answer{Status: Impossible, Reason: Autre, Detail: "appelez le ０６ １２ ３４ ５６ ７８"}, failure.Invalid},
		{"detail with a slashed phone", Recue, Answer{Status: Venue, Detail: "06/12/34/56/78"}, failure.Invalid},
		{"detail with a bidi override", Envoyee, Answer{Status: Impossible, Reason: Autre, Detail: "travaux \u202e"}, failure.Invalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.a.Validate(tt.from)
			if got := failure.CodeOf(err); got != tt.code {
				t.Fatalf("got %v (%q), want code %q", err, got, tt.code)
			}
		})
	}
	a := Answer{Status: Venue, LieuID: "l2", Reason: Complet}
	if err := a.Validate(Envoyee); err != nil || a.LieuID != "" || a.Reason != "" {
		t.Errorf("a venue answer keeps %+v (%v)", a, err)
	}
}

func TestHasPersonalData(t *testing.T) {
	for s, want := range map[string]bool{
		"06 12 34 56 78":       true,
		"06.12.34.56.78":       true,
		"0612345678":           true,
		"+33 6 12 34 56 78":    true,
		"a@b":                  true,
		"dossier 12345":        false,
		"le 12 mai à 14 h 30":  false,
		"31000 Toulouse":       false,
		"@ dossier":            false,
		"06  12 34 56 78":      false, // two spaces: not one number
		"tél 0033612345678":    true,
		"123456789012":         false,
		"Réf. 2026-11-30-0042": false,
		// Review 11N: this reference was accepted, e-mailed and printed.
		"Mme Fatima Benali née 12/03/1961": true,
		"Fatima Benali 12/03/1961":         true,
		"dossier B-12 du 12/03/2026":       false,
	} {
		if got := HasPersonalData(s, 2026); got != want {
			t.Errorf("HasPersonalData(%q) = %v, want %v", s, got, want)
		}
	}
}

// TestLinkEnd: a link serves 30 days, and a reminder's, sent while the
// place has not answered, no later than the orientation's expiry.
func TestLinkEnd(t *testing.T) {
	made := time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)
	day := func(m time.Month, d int) time.Time { return time.Date(2026, m, d, 10, 0, 0, 0, time.UTC) }
	for _, tt := range []struct {
		name   string
		status Status
		sent   time.Time
		want   time.Time
	}{
		{"the first link", Envoyee, made, day(12, 20)},
		{"a reminder's, on 30 November", Envoyee, day(11, 30), day(12, 20)},
		{"after « reçue » on 25 November", Recue, day(11, 25), day(12, 25)},
	} {
		o := Orientation{Status: tt.status, Created: made}
		if got := o.LinkEnd(tt.sent); !got.Equal(tt.want) {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
	}
}

// TestSumFlows: totals, places, silent places and needs counted by hand;
// a re-orientation counts for its target, and a place that only received
// re-orientations (d, from a place outside the set) has its row.
func TestSumFlows(t *testing.T) {
	os := []Orientation{
		{LieuID: "a", LieuNom: "A", Need: place.ServiceDemarches, Status: Venue},
		{LieuID: "a", Need: place.ServiceDemarches, Status: Recue},
		{LieuID: "a", Need: place.ServiceOutils, Status: Impossible, Reason: Complet},
		{LieuID: "a", Need: place.ServiceDemarches, Status: Reorientee, RedirectedTo: "c"},
		{LieuID: "b", LieuNom: "B", Need: place.ServiceDemarches, Status: Expiree},
		{LieuID: "b", Need: place.ServiceOutils, Status: Envoyee},
		{LieuID: "c", LieuNom: "C", Need: place.ServiceOutils, Status: Envoyee},
	}
	redirected := []Orientation{
		os[3],
		{LieuID: "x", LieuNom: "X", Need: place.ServiceDemarches, Status: Reorientee, RedirectedTo: "d"},
		{LieuID: "x", Need: place.ServiceDemarches, Status: Venue, RedirectedTo: "d"}, // not a re-orientation
	}
	f := SumFlows(os, redirected)
	if f.Sent != 7 || f.Answered != 4 || f.Honoured != 1 || f.Redirected != 1 || f.Impossible != 1 || f.Expired != 1 || f.Pending != 2 || f.RedirectedIn != 2 {
		t.Errorf("totals %+v", f)
	}
	var ids []string
	for _, p := range f.Places {
		ids = append(ids, p.LieuID)
	}
	if !slices.Equal(ids, []string{"a", "b", "c", "d"}) || f.Places[0].Sent != 4 || f.Places[0].Answered != 4 || f.Places[0].HonouredShare() != 0.25 {
		t.Errorf("places %+v", f.Places)
	}
	if c := f.Places[2]; c.LieuNom != "C" || c.Sent != 1 || c.RedirectedIn != 1 {
		t.Errorf("c %+v: want 1 sent, 1 from a", c)
	}
	if d := f.Places[3]; d != (PlaceFlow{LieuID: "d", RedirectedIn: 1}) {
		t.Errorf("d %+v: want a row with only 1 received from another place", d)
	}
	if len(f.Silent) != 1 || f.Silent[0].LieuID != "b" {
		t.Errorf("silent %+v: want b only (c has not expired yet)", f.Silent)
	}
	if len(f.Needs) != 2 || f.Needs[0].Unmet() != 1 || f.Needs[0].Need != place.ServiceDemarches || f.Needs[1].Reasons[Complet] != 1 {
		t.Errorf("needs %+v", f.Needs)
	}
	if z := SumFlows(nil, nil); z.AnsweredShare() != 0 || len(z.Places) != 0 {
		t.Errorf("empty %+v", z)
	}
}

// FuzzValidate: whatever a form sends, validation answers without
// panicking, a valid orientation stays valid once normalised again, and
// its free texts respect their limits and hold no contact.
func FuzzValidate(f *testing.F) {
	f.Add(place.ServiceDemarches, "l1", "sans-rendez-vous", "65-74", "31555", "B-12", "Bonjour")
	f.Add("x", "", "rdv", "70", "2a004", "06 12 34 56 78", "a@b.fr")
	f.Fuzz(func(t *testing.T, need, lieu, mode, age, commune, ref, msg string) {
		o := Orientation{Need: need, LieuID: lieu, Mode: Mode(mode), Age: pass.AgeBand(age), Commune: commune, Reference: ref, Message: msg}
		o.Normalize()
		if err := o.Validate(2026); err != nil {
			if failure.CodeOf(err) != failure.Invalid {
				t.Fatalf("not an invalid input: %v", err)
			}
			return
		}
		if utf8.RuneCountInString(o.Reference) > MaxReference || HasPersonalData(o.Reference, 2026) || HasPersonalData(o.Message, 2026) {
			t.Fatalf("accepted %+v", o)
		}
		again := o
		again.Normalize()
		if again.Need != o.Need || again.LieuID != o.LieuID || again.Commune != o.Commune || again.Reference != o.Reference || again.Message != o.Message || again.Validate(2026) != nil {
			t.Fatalf("not stable: %+v → %+v", o, again)
		}
	})
}
