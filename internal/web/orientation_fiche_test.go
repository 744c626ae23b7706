package web

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"maillage/internal/account"
	"maillage/internal/openinghours"
	"maillage/internal/orientation"
	"maillage/internal/place"
)

// addClosure announces a closure of a place in the store and brings the
// index up to it.
func addClosure(t *testing.T, ts *testServer, id, from, to, reason, text string) {
	t.Helper()
	ctx := context.Background()
	f, ok1 := place.ParseClosureDay(from)
	e, ok2 := place.ParseClosureDay(to)
	if !ok1 || !ok2 {
		t.Fatalf("days %s %s", from, to)
	}
	if _, err := ts.store.AddClosure(ctx, id, place.Closure{From: f, To: e, Reason: reason, Text: text}, "test"); err != nil {
		t.Fatal(err)
	}
	if err := ts.syncOwn(ctx, id); err != nil {
		t.Fatal(err)
	}
}

// weekRows reads the rows of the hours' table of a page: « lundi » →
// « 9 h – 12 h, 14 h – 17 h ».
func weekRows(body string) map[string]string {
	out := map[string]string{}
	for _, m := range regexp.MustCompile(`<tr><th scope="row">([a-z]+)</th><td>([^<]*)</td></tr>`).FindAllStringSubmatch(body, -1) {
		out[m[1]] = html.UnescapeString(m[2])
	}
	return out
}

// TestOrientationSlipClosure: EPN du Capitole (Mo-Fr 9–12, 14–17) is
// closed for works this whole week (today is Monday 23 November 2026).
// The form to orient a person warns of it; the slip, on paper and in its
// SMS, says the closure with its dates and when the place reopens, and
// gives the place's usual hours, not a week of « fermé »; the place's
// printable sheet says it the same way.
func TestOrientationSlipClosure(t *testing.T) {
	ts, _ := withMail(t)
	addClosure(t, ts, "tls-1", "2026-11-23", "2026-11-27", place.ClosureWorks, "peinture")
	alice := mustUser(t, ts, account.User{Email: "as@ccas-toulouse.fr", Role: account.Contributeur})
	ca := sessionOf(t, ts, alice)
	notice := nb("Fermé du 23 novembre 2026 au 27 novembre 2026 inclus (travaux : peinture) — rouvre le 30 novembre 2026 à 9 h")
	usual := map[string]string{"lundi": nb("9 h – 12 h, 14 h – 17 h"), "mardi": nb("9 h – 12 h, 14 h – 17 h"), "mercredi": nb("9 h – 12 h, 14 h – 17 h"),
		"jeudi": nb("9 h – 12 h, 14 h – 17 h"), "vendredi": nb("9 h – 12 h, 14 h – 17 h"), "samedi": "fermé", "dimanche": "fermé"}

	form := getAs(t, ts, "/lieux/tls-1/orienter", ca)
	for _, want := range []string{"Ce lieu est fermé en ce moment", html.EscapeString(notice)} {
		if !strings.Contains(form.Body, want) {
			t.Errorf("the form to orient does not say %q", want)
		}
	}
	res := postForm(t, ts, "/lieux/tls-1/orienter", url.Values{"besoin": {place.ServiceDemarches}, "modalite": {"sans-rendez-vous"}}, ca)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("orienting: %d %s", res.StatusCode, res.Body)
	}
	page := strings.TrimSuffix(res.Header.Get("Location"), "?message=envoyee")
	for _, path := range []string{page + "/fiche", "/lieux/tls-1/fiche"} {
		res := getAs(t, ts, path, ca)
		if res.StatusCode != 200 {
			t.Fatalf("%s: %d", path, res.StatusCode)
		}
		if !strings.Contains(res.Body, html.EscapeString(notice)) {
			t.Errorf("%s does not say %q", path, notice)
		}
		if !strings.Contains(res.Body, "<caption>Horaires habituels</caption>") || strings.Contains(res.Body, "fermeture temporaire") {
			t.Errorf("%s: the table is not the usual hours", path)
		}
		rows := weekRows(res.Body)
		for day, want := range usual {
			if rows[day] != want {
				t.Errorf("%s: %s %q, want %q", path, day, rows[day], want)
			}
		}
	}
	slip := getAs(t, ts, page+"/fiche", ca)
	sms := regexp.MustCompile(`(?s)<textarea id="texte-sms"[^>]*>(.*?)</textarea>`).FindStringSubmatch(slip.Body)
	if sms == nil {
		t.Fatal("no SMS text")
	}
	text := html.UnescapeString(sms[1])
	for _, want := range []string{"Fermé du 23/11 au 27/11.", "Horaires habituels : lun-ven 9 h-12 h, 14 h-17 h."} {
		if !strings.Contains(text, want) {
			t.Errorf("the SMS text lacks %q: %q", want, text)
		}
	}
	if n := smsParts(text); n > maxSMS {
		t.Errorf("SMS text in %d SMS", n)
	}
}

// TestOrientationFormClosureAhead: the form warns of a closure within 30
// days, not of one further ahead, which the slip still says.
func TestOrientationFormClosureAhead(t *testing.T) {
	ts, _ := withMail(t)
	alice := mustUser(t, ts, account.User{Email: "as@ccas-toulouse.fr", Role: account.Contributeur})
	ca := sessionOf(t, ts, alice)
	if form := getAs(t, ts, "/lieux/tls-1/orienter", ca); strings.Contains(form.Body, "fermeture-annoncee") {
		t.Errorf("a warning without any closure")
	}
	addClosure(t, ts, "tls-1", "2027-01-04", "2027-01-04", place.ClosureHolidays, "")
	if form := getAs(t, ts, "/lieux/tls-1/orienter", ca); strings.Contains(form.Body, "fermeture-annoncee") {
		t.Errorf("a warning for a closure 42 days ahead")
	}
	addClosure(t, ts, "tls-1", "2026-12-21", "2026-12-22", place.ClosureHolidays, "")
	form := getAs(t, ts, "/lieux/tls-1/orienter", ca)
	if !strings.Contains(form.Body, "Ce lieu sera fermé dans les 30 prochains jours") ||
		!strings.Contains(form.Body, nb("Fermé du 21 décembre 2026 au 22 décembre 2026 inclus (congés) — rouvre le 23 décembre 2026 à 9 h")) ||
		strings.Contains(form.Body, "4 janvier 2027") {
		t.Errorf("the form's warning of a closure in 28 days:\n%s", form.Body)
	}
	res := postForm(t, ts, "/lieux/tls-1/orienter", url.Values{"besoin": {place.ServiceDemarches}, "modalite": {"sans-rendez-vous"}}, ca)
	page := strings.TrimSuffix(res.Header.Get("Location"), "?message=envoyee")
	slip := getAs(t, ts, page+"/fiche", ca).Body
	if !strings.Contains(slip, nb("Fermé le 4 janvier 2027 (congés) — rouvre le 5 janvier 2027 à 9 h")) || !strings.Contains(slip, "Fermé du 21/12 au 22/12, le 04/01.") {
		t.Errorf("the slip does not say both closures:\n%s", slip)
	}
}

// The usual week on paper: a public holiday (Wednesday 11 November) does
// not pass for the usual hours of its weekday, nor does a closure, nor a
// break dated in the hours.
func TestRegularWeek(t *testing.T) {
	l := lieu("tls-1", 43.6, 1.44, func(l *place.Lieu) {
		l.CodeINSEE, l.CodePostal = "31555", "31000"
		l.Horaires = "Mo-Fr 09:00-12:00; PH off"
		thu, _ := place.ParseClosureDay("2026-11-12")
		l.Closures = []place.Closure{{From: thu, To: thu, Reason: place.ClosureOther, Text: "inventaire"}}
	})
	now := time.Date(2026, 11, 9, 10, 0, 0, 0, openinghours.Paris)
	for _, row := range weekTable(&l, now) {
		if (row.Day == "mercredi" || row.Day == "jeudi") && len(row.Spans) != 0 {
			t.Fatalf("the week of 9 November should close Wednesday (holiday) and Thursday (closure): %+v", row)
		}
	}
	week := regularWeek(&l, now)
	if len(week) != 7 {
		t.Fatalf("%d days", len(week))
	}
	for i, want := range []string{nb("9 h – 12 h"), nb("9 h – 12 h"), nb("9 h – 12 h"), nb("9 h – 12 h"), nb("9 h – 12 h"), "", ""} {
		if got := strings.Join(week[i].Spans, ", "); week[i].Day != weekdays[i] || got != want || week[i].Closed != "" {
			t.Errorf("%s: %q (closed %q), want %q", week[i].Day, got, week[i].Closed, want)
		}
	}
	// Printed on 20 December, a Christmas break written in the hours is
	// not the usual week (review 12A major 11).
	l.Horaires, l.Closures = "Mo-Fr 09:00-18:00; Dec 21-Jan 03 off", nil
	week = regularWeek(&l, time.Date(2026, 12, 20, 10, 0, 0, 0, openinghours.Paris))
	for i, want := range []string{nb("9 h – 18 h"), nb("9 h – 18 h"), nb("9 h – 18 h"), nb("9 h – 18 h"), nb("9 h – 18 h"), "", ""} {
		if got := strings.Join(week[i].Spans, ", "); got != want {
			t.Errorf("20 December, %s: %q, want %q", week[i].Day, got, want)
		}
	}
}

// The SMS text of a slip says the need and what to bring when they fit,
// in the GSM alphabet (160 characters an SMS, not 70), and drops them
// first when they do not.
func TestSlipSMSNeedAndBring(t *testing.T) {
	l := &place.Lieu{Nom: "EPN", Adresse: "1 rue A", CodePostal: "31000", Commune: "Toulouse", Telephone: []string{"+33561000000"}}
	week := []weekRow{{Day: "lundi", Spans: []string{nb("9 h – 12 h")}}, {Day: "mardi", Spans: []string{nb("9 h – 12 h")}}, {Day: "mercredi"}}
	o := orientation.Orientation{Need: place.ServiceDemarches, Mode: orientation.SansRendezVous, Reference: "B-12"}
	text := slipSMS(l, o, week, "", "https://m.fr/lieux/a")
	for _, want := range []string{"Pour : Faire mes démarches en ligne (CAF, impots, santé, retraite...).", "A apporter : une pièce d'identité",
		"Horaires : lun-mar 9 h-12 h.", "Réf. B-12.", "https://m.fr/lieux/a"} {
		if !strings.Contains(text, want) {
			t.Errorf("SMS %q lacks %q", text, want)
		}
	}
	if strings.ContainsAny(text, "…’") || smsParts(text) > maxSMS {
		t.Errorf("SMS outside the GSM alphabet or in %d SMS: %q", smsParts(text), text)
	}
	// A long name: the need and what to bring go first, the rest stays.
	l.Nom = "Maison France services " + strings.Repeat("de la communauté ", 12)
	text = slipSMS(l, o, week, "Fermé du 23/11 au 27/11.", "https://m.fr/lieux/a")
	if strings.Contains(text, "Pour :") || strings.Contains(text, "A apporter") || !strings.Contains(text, "Fermé du 23/11 au 27/11.") || smsParts(text) > maxSMS {
		t.Errorf("long SMS in %d SMS: %q", smsParts(text), text)
	}
}

// The place's page (dated rows): a closure is said on the days the place
// would open, not on those it never opens (Saturday, Sunday).
func TestWeekTableClosureOnOpenDays(t *testing.T) {
	l := lieu("tls-1", 43.6, 1.44, func(l *place.Lieu) {
		l.CodeINSEE, l.CodePostal = "31555", "31000"
		l.Horaires = "Mo-Fr 09:00-12:00"
		from, _ := place.ParseClosureDay("2026-11-23")
		l.Closures = []place.Closure{{From: from, To: from.AddDate(0, 0, 6), Reason: place.ClosureWorks}}
	})
	for _, row := range weekTable(&l, monday10h) {
		weekend := row.Day == "samedi" || row.Day == "dimanche"
		if weekend == (row.Closed != "") || len(row.Spans) != 0 {
			t.Errorf("%s: closed %q, spans %v", row.Day, row.Closed, row.Spans)
		}
	}
}
