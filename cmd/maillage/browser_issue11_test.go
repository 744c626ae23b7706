package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/base64"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/jackc/pgx/v5"

	"maillage/internal/tableur"
)

// issue11Start is the server's day in TestBrowserOrientationActivityEvaluation:
// late November, so that the activities, the aggregate of November and the
// orientation all fall in the month the statistics are asked for.
var issue11Start = time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)

// Baits: what a careless prescriber or a Coop export could hold of a
// beneficiary, which maillage must never store. The phone and the e-mail
// are typed in the orientation's free texts (and refused); the name and
// the notes are in the Coop export's « Bénéficiaire » and « Notes
// supplémentaires » columns (never read).
var issue11Baits = []string{
	"06 12 34 56 78", "0612345678", "06.12.34.56.78", "+33612345678",
	"rosalie.appat@exemple.fr",
	"Appâtdunom", "Rosalie", "née le 4 avril 1951", "07 98 76 54 32",
}

// issue11Coop is a Coop de la médiation numérique accompaniments export
// as the Coop writes it (title and filters above the header, « ; », its
// column names): an individual accompaniment at Albi's EPN whose
// beneficiary's name and notes are the baits, and a workshop of 2
// participants in Gaillac (one line per participant, « 1/2 », « 2/2 »).
const issue11Coop = "Export des activités de la Coop de la médiation numérique\n" +
	"Généré le 24/11/2026 par Camille Médiatrice\n" +
	"Filtres : aucun\n" +
	"\n" +
	"Date;Enregistré le;Dernière modification le;Type;Participants;Bénéficiaire;Canaux d’accompagnement;Nom du lieu;Adresse;Commune;Code postal;Code Insee;Durée (min);Nom de l’atelier;Matériel numérique utilisé;Thématique(s) d’accompagnement;Tags;Nom de la démarche administrative;Niveau d’autonomie (ou de l’atelier);Bénéficiaire réorienté;Structure de redirection;Commune du bénéficiaire;Code postal du bénéficiaire;Code Insee du bénéficiaire;Genre du bénéficiaire;Tranche d’âge du bénéficiaire;Statut du bénéficiaire;Notes supplémentaires;ID CRA\n" +
	"18/11/2026;18/11/2026 à 10:02;;Accompagnement individuel;1;Rosalie Appâtdunom;Lieu d’activité;Espace public numérique de Cantepau;12 rue de Cantepau;Albi;81000;81004;30;;Ordinateur;E-mail;;;2/3;Non;;;;;Féminin;70 ans et plus;Retraité;Rosalie née le 4 avril 1951, tél. 07 98 76 54 32;22222222-bbbb-4000-8000-000000000001\n" +
	"19/11/2026;;;Atelier collectif;1/2;;Autre lieu;;;Gaillac;81600;81099;90;Ameli pas à pas;Tablette;Santé;;;1/3;;;;;;Masculin;60 - 69 ans;Retraité;;22222222-bbbb-4000-8000-000000000002\n" +
	"19/11/2026;;;Atelier collectif;2/2;;Autre lieu;;;Gaillac;81600;81099;90;Ameli pas à pas;Tablette;Santé;;;1/3;;;;;;Féminin;60 - 69 ans;Retraité;;22222222-bbbb-4000-8000-000000000002\n"

// TestBrowserOrientationActivityEvaluation is issue 11's « done when », in
// a real browser on both databases, axe-core checking every page visited
// at 1280 and 390 px: a prescriber orients a person from a place's page
// (a phone, then an e-mail, in the free texts refused) and sees the slip;
// the place answers « reçue » then « la personne est venue » through its
// e-mail's link, without an account; the outcome shows in the
// prescriber's space and in the coordinator's flows; a médiateur claims
// its EPN and records
// an individual accompaniment and a workshop of 7 through the forms, an
// association the monthly aggregate of its place (and announces a
// closure), a coordinator an animation; a Coop export is imported with
// the CLI; the territory's statistics (the CLI and /statistiques, a
// place's page too) and the annual report (the CLI, /evaluation and its
// CSV and XLSX) give the totals this test adds up itself from what it
// entered; the public link shows every count under 5 as « < 5 »; the
// printed guides pass axe-core; and no table of the database holds any
// of the beneficiary's baits, while the forms have no field for an
// identity.
func TestBrowserOrientationActivityEvaluation(t *testing.T) {
	axe := axeSource(t)
	for name, dbURL := range engines(t) {
		t.Run(name, func(t *testing.T) {
			db := dbURL(t)
			dir := t.TempDir()
			real := time.Now()
			now := func() time.Time { return issue11Start.Add(time.Since(real)) }
			for _, u := range []struct{ role, territory, email string }{
				{"contributeur", "", "as@ccas-albi.fr"}, {"contributeur", "", "mediateur@exemple-albi.fr"},
				{"contributeur", "", "contact@exemple-gaillac.fr"}, {"coordinateur", "departement:81", "coord@tarn.fr"},
			} {
				args := []string{"utilisateurs", "ajouter", "--db", db, "--role", u.role}
				if u.territory != "" {
					args = append(args, "--territoires", u.territory)
				}
				if r := runCmdAt(t, now, dir, nil, append(args, u.email)...); r.code != 0 {
					t.Fatal(r)
				}
			}
			base, link := peopleSiteAt(t, db, now)
			ctx := newBrowser(t, true)

			// 1. The prescriber orients a person from the place's page.
			signInBrowser(t, ctx, base, "as@ccas-albi.fr", link)
			do(t, ctx, "the place", chromedp.Navigate(base+"/lieux/epn-albi-1"), chromedp.WaitVisible(`a[href="/lieux/epn-albi-1/orienter"]`),
				chromedp.Click(`a[href="/lieux/epn-albi-1/orienter"]`), chromedp.WaitVisible("#reference"))
			noIdentityField(t, ctx, "/lieux/{id}/orienter")
			passAxe(t, ctx, axe, "/lieux/{id}/orienter")
			do(t, ctx, "a phone in the reference", chromedp.Click(`input[name="besoin"]`), chromedp.Click(`input[name="age"][value="65-74"]`),
				chromedp.SendKeys("#commune", "81004"), chromedp.SendKeys("#reference", "Mme R. 06 12 34 56 78"), chromedp.Submit("#reference"),
				chromedp.WaitVisible("#erreur-orientation"))
			if s := text(t, ctx, "#erreur-orientation"); !strings.HasPrefix(s, "Référence : le texte contient un numéro de téléphone") {
				t.Errorf("a phone in the reference: %q", s)
			}
			setField(t, ctx, "#reference", "dossier 2026-207")
			setField(t, ctx, "#message", "Écrire à rosalie.appat@exemple.fr pour le rendez-vous.")
			// The page being left shows the reference's error in the same
			// #erreur-orientation: wait for the message's field marked.
			do(t, ctx, "an e-mail in the message", chromedp.Submit("#reference"), chromedp.WaitVisible(`#message[aria-invalid="true"]`))
			if s := text(t, ctx, "#erreur-orientation"); !strings.HasPrefix(s, "Message pour le lieu : le texte contient une adresse électronique") {
				t.Errorf("an e-mail in the message: %q", s)
			}
			passAxe(t, ctx, axe, "/lieux/{id}/orienter (an error)")
			setField(t, ctx, "#message", "Déclaration de revenus en ligne, elle apporte son avis d'imposition.")
			do(t, ctx, "orient", chromedp.Submit("#reference"), chromedp.WaitVisible(".succes"))
			if s := text(t, ctx, "main"); !strings.Contains(s, "envoyée, sans réponse du lieu") || !strings.Contains(s, "dossier 2026-207") {
				t.Errorf("the orientation's page: %q", s)
			}
			passAxe(t, ctx, axe, "/orientations/{n}")
			orientation, _, _ := strings.Cut(location(t, ctx), "?")
			do(t, ctx, "the slip", chromedp.Navigate(orientation+"/fiche"), chromedp.WaitVisible("#texte-sms"))
			if s := text(t, ctx, "main"); !strings.Contains(s, "12 rue de Cantepau") || !strings.Contains(s, "dossier 2026-207") {
				t.Errorf("the slip: %q", s)
			}
			passAxe(t, ctx, axe, "/orientations/{n}/fiche")

			// 2. The place answers through its e-mail's link, in a browser
			// that never signed in.
			place := newBrowser(t, true)
			answer := link("epn@exemple-albi.fr")
			if !strings.Contains(answer, "/orientations/reponse?jeton=") {
				t.Fatalf("the place's link: %q", answer)
			}
			do(t, place, "the answer page", chromedp.Navigate(answer), chromedp.WaitVisible("#reponse-recue"))
			passAxe(t, place, axe, "/orientations/reponse")
			do(t, place, "received", chromedp.Click("#reponse-recue"), chromedp.Submit("#detail"), chromedp.WaitVisible(".succes"))
			passAxe(t, place, axe, "/orientations/reponse (received)")
			// The page of « reçue » has its own flash: wait until the answers
			// are gone, as they are once the link is used.
			do(t, place, "came", chromedp.Click("#reponse-venue"), chromedp.Submit("#detail"), chromedp.WaitNotPresent("#reponse-venue"), chromedp.WaitVisible(".succes"))
			if s := text(t, place, "main"); !strings.Contains(s, "votre réponse est enregistrée") {
				t.Errorf("after the answer: %q", s)
			}

			// 3. The outcome in the prescriber's space.
			do(t, ctx, "the space", chromedp.Navigate(base+"/espace"), chromedp.WaitVisible("#orientations"))
			if s := text(t, ctx, "main"); !strings.Contains(s, "la personne est venue") {
				t.Errorf("the prescriber's space: %q", s)
			}
			passAxe(t, ctx, axe, "/espace (orientations)")
			leave(t, ctx, base)

			// 4. A médiateur records an individual accompaniment and a
			// workshop of 7 through the forms.
			signInBrowser(t, ctx, base, "mediateur@exemple-albi.fr", link)
			// It works for the EPN (its address is of the EPN's site: the
			// claim is approved at once), where it records.
			do(t, ctx, "claim the EPN", chromedp.Navigate(base+"/lieux/epn-albi-1"), chromedp.WaitVisible(`form[action$="/revendiquer"] button`),
				chromedp.Click(`form[action$="/revendiquer"] button`), chromedp.WaitVisible(".succes"))
			do(t, ctx, "activities, none yet", chromedp.Navigate(base+"/activites"), chromedp.WaitVisible(`a[href="/activites/nouvelle"]`))
			passAxe(t, ctx, axe, "/activites (empty)")
			do(t, ctx, "individual form", chromedp.Click(`main a[href="/activites/nouvelle"]`), chromedp.WaitVisible("#date"))
			noIdentityField(t, ctx, "/activites/nouvelle")
			passAxe(t, ctx, axe, "/activites/nouvelle")
			do(t, ctx, "individual, empty", chromedp.Submit("#date"), chromedp.WaitVisible(`[aria-invalid="true"]`))
			passAxe(t, ctx, axe, "/activites/nouvelle (refused)")
			setField(t, ctx, "#date", "2026-11-20")
			do(t, ctx, "individual", chromedp.Click("#duree-45"), chromedp.Click("#type_lieu-lieu_activite"), chromedp.Click("#th-email"))
			setField(t, ctx, "#lieu", "epn-albi-1")
			setField(t, ctx, "#genre", "feminin")
			setField(t, ctx, "#tranche_age", "soixante_dix_plus")
			setField(t, ctx, "#statut_social", "retraite")
			setField(t, ctx, "#commune_residence", "81004")
			do(t, ctx, "record the individual", chromedp.Submit("#date"), chromedp.WaitVisible(".succes"))
			do(t, ctx, "workshop form", chromedp.Click(`main a[href="/activites/nouvelle?type=collectif"]`), chromedp.WaitVisible("#participants"))
			noIdentityField(t, ctx, "/activites/nouvelle?type=collectif")
			passAxe(t, ctx, axe, "/activites/nouvelle?type=collectif")
			setField(t, ctx, "#date", "2026-11-21")
			do(t, ctx, "workshop", chromedp.Click("#duree-120"), chromedp.Click("#type_lieu-autre"), chromedp.Click("#th-intelligence_artificielle"))
			for sel, v := range map[string]string{"#commune": "81099", "#titre_atelier": "Café IA", "#participants": "7", "#genre_feminin": "4",
				"#genre_masculin": "2", "#tranche_soixante_soixante_neuf": "3", "#statut_retraite": "5"} {
				setField(t, ctx, sel, v)
			}
			do(t, ctx, "record the workshop", chromedp.Submit("#date"), chromedp.WaitVisible(".succes"))
			if s := text(t, ctx, "main"); !strings.Contains(s, "Café IA — 7 participant(s)") || !strings.Contains(s, "Accompagnement individuel") {
				t.Errorf("the médiateur's activities: %q", s)
			}
			passAxe(t, ctx, axe, "/activites (two activities)")
			tablesStackOnPhone(t, ctx, "/activites (two activities)")
			do(t, ctx, "edit form", chromedp.Click(`main a[href^="/activites/saisies/"]`), chromedp.WaitVisible("#date"))
			passAxe(t, ctx, axe, "/activites/saisies/{n}")
			leave(t, ctx, base)

			// An association claims its place, enters November's
			// aggregate and announces a closure.
			signInBrowser(t, ctx, base, "contact@exemple-gaillac.fr", link)
			do(t, ctx, "claim", chromedp.Navigate(base+"/lieux/mediatheque-gaillac"), chromedp.WaitVisible(`form[action$="/revendiquer"] button`),
				chromedp.Click(`form[action$="/revendiquer"] button`), chromedp.WaitVisible(".succes"))
			do(t, ctx, "aggregate form", chromedp.Navigate(base+"/activites/agregats/nouveau"), chromedp.WaitVisible("#mois"))
			noIdentityField(t, ctx, "/activites/agregats/nouveau")
			passAxe(t, ctx, axe, "/activites/agregats/nouveau")
			for sel, v := range map[string]string{"#lieu": "mediatheque-gaillac", "#mois": "2026-11", "#individuels": "5", "#ateliers": "1",
				"#participants_ateliers": "7", "#th_email": "4", "#th_sante": "3", "#genre_feminin": "6", "#genre_masculin": "3"} {
				setField(t, ctx, sel, v)
			}
			do(t, ctx, "record the aggregate", chromedp.Submit("#mois"), chromedp.WaitVisible(".succes"))
			passAxe(t, ctx, axe, "/activites (an aggregate)")
			do(t, ctx, "the place's statistics", chromedp.Navigate(base+"/lieux/mediatheque-gaillac/statistiques?du=2026-11-01&au=2026-11-30"),
				chromedp.WaitVisible("td[data-indicateur]"))
			if got := pageFigures(t, ctx)["accompagnements"]; got != strconv.Itoa(5+7) {
				t.Errorf("/lieux/mediatheque-gaillac/statistiques: accompagnements %q, want %d", got, 5+7)
			}
			passAxe(t, ctx, axe, "/lieux/{id}/statistiques")
			do(t, ctx, "closures", chromedp.Navigate(base+"/lieux/mediatheque-gaillac/fermetures"), chromedp.WaitVisible("#du"))
			passAxe(t, ctx, axe, "/lieux/{id}/fermetures")
			later := func(days int) string { return now().AddDate(0, 0, days).Format("2006-01-02") }
			setField(t, ctx, "#du", later(20))
			setField(t, ctx, "#au", later(10))
			do(t, ctx, "a closure ending before it starts", chromedp.Submit("#du"), chromedp.WaitVisible("#erreur-fermeture"))
			passAxe(t, ctx, axe, "/lieux/{id}/fermetures (an error)")
			setField(t, ctx, "#du", later(10))
			setField(t, ctx, "#au", later(20))
			do(t, ctx, "announce a closure", chromedp.Submit("#du"), chromedp.WaitVisible("ul.fermetures"))
			passAxe(t, ctx, axe, "/lieux/{id}/fermetures (one announced)")
			// The form to orient warns of a closure within 30 days.
			do(t, ctx, "orient to a place about to close", chromedp.Navigate(base+"/lieux/mediatheque-gaillac/orienter"), chromedp.WaitVisible(".fermeture-annoncee"))
			if s := text(t, ctx, ".fermeture-annoncee"); !strings.Contains(s, "Ce lieu sera fermé dans les 30 prochains jours") {
				t.Errorf("the warning of /lieux/{id}/orienter: %q", s)
			}
			passAxe(t, ctx, axe, "/lieux/{id}/orienter (a closure ahead)")
			leave(t, ctx, base)

			// A Coop export, imported as the CLI does.
			coop := filepath.Join(dir, "export-coop.csv")
			writeFile(t, coop, issue11Coop)
			if r := runCmdAt(t, now, dir, nil, "activites", "importer", "--db", db, "--format", "coop", coop); r.code != 0 ||
				!strings.Contains(r.stdout, "2 ajoutées") {
				t.Fatalf("the Coop import: %+v", r)
			}

			// 5. The totals, added up here from what was entered above:
			// the individual (1), the workshop (7), the aggregate (5
			// individual and a workshop of 7: 12), the Coop export (an
			// individual and a workshop of 2: 3).
			want := map[string]int{
				"accompagnements":                      1 + 7 + (5 + 7) + (1 + 2),
				"activites_individuelles":              1 + 5 + 1,
				"ateliers":                             1 + 1 + 1,
				"participants_ateliers":                7 + 7 + 2,
				"source:saisie":                        1 + 7,
				"source:agregat":                       5 + 7,
				"source:import_coop":                   1 + 2,
				"thematique:email":                     1 + 4 + 1,
				"thematique:intelligence_artificielle": 7,
				"thematique:sante":                     3 + 2,
				"genre:feminin":                        1 + 4 + 6 + 1 + 1,
				"genre:masculin":                       2 + 3 + 1,
				"orientation:venue":                    1,
				"coordination:animation":               1,
			}
			if want["accompagnements"] != 23 {
				t.Fatalf("the test's own sum: %d", want["accompagnements"])
			}

			// The coordinator: the flows of the Tarn, and an animation.
			signInBrowser(t, ctx, base, "coord@tarn.fr", link)
			// The flows of November, as the statistics below (the default period
			// is the 12 full months before this one).
			do(t, ctx, "the flows", chromedp.Navigate(base+"/orientations/flux?du=2026-11-01&au=2026-11-30"), chromedp.WaitVisible("main table"))
			if s := text(t, ctx, "main"); !strings.Contains(s, "1 orientation envoyée") || !strings.Contains(s, "Part honorée (la personne est venue) : 100 %") ||
				!strings.Contains(s, "Espace public numérique de Cantepau") || strings.Contains(s, "dossier 2026-207") {
				t.Errorf("the flows: %q", s)
			}
			passAxe(t, ctx, axe, "/orientations/flux")
			tablesStackOnPhone(t, ctx, "/orientations/flux")
			for _, kind := range []string{"evenement", "partenariat", "animation"} {
				do(t, ctx, "coordination form "+kind, chromedp.Navigate(base+"/activites/coordination/nouvelle?type="+kind), chromedp.WaitVisible("#date"))
				passAxe(t, ctx, axe, "/activites/coordination/nouvelle?type="+kind)
			}
			setField(t, ctx, "#date", "2026-11-10")
			setField(t, ctx, "#type_animation", "reunion_coordination")
			setField(t, ctx, "#mediateurs", "12")
			do(t, ctx, "record an animation", chromedp.Click("#echelon-departemental"), chromedp.Click("#initiative-initiative"), chromedp.Click("#ta-reseau"),
				chromedp.Submit("#date"), chromedp.WaitVisible(".succes"))
			passAxe(t, ctx, axe, "/activites (coordinator)")

			// The territory's statistics page gives the same totals.
			do(t, ctx, "statistics' chooser", chromedp.Navigate(base+"/statistiques"), chromedp.WaitVisible("main h1"))
			passAxe(t, ctx, axe, "/statistiques")
			do(t, ctx, "the Tarn's statistics", chromedp.Navigate(base+"/statistiques/departement/81?du=2026-11-01&au=2026-11-30"),
				chromedp.WaitVisible("td[data-indicateur]"))
			figures := pageFigures(t, ctx)
			for k, v := range want {
				if figures[k] != strconv.Itoa(v) {
					t.Errorf("/statistiques/departement/81: %s = %q, want %d", k, figures[k], v)
				}
			}
			passAxe(t, ctx, axe, "/statistiques/departement/81")
			chartsReadOnPhone(t, ctx, "/statistiques/departement/81")
			// A public link of November.
			do(t, ctx, "share November", chromedp.Click(`input[name="regle"][value="periode_fixe"]`))
			setField(t, ctx, "#partage-du", "2026-11-01")
			setField(t, ctx, "#partage-au", "2026-11-30")
			do(t, ctx, "create the public link", chromedp.Submit("#partage-du"), chromedp.WaitVisible("#lien"))
			passAxe(t, ctx, axe, "the public link made")
			public := eval[string](t, ctx, `document.getElementById('lien').value`)
			if !strings.HasPrefix(public, base+"/statistiques/public/") {
				t.Fatalf("the public link: %q", public)
			}

			// The annual report's page, and its CSV and XLSX.
			do(t, ctx, "the annual report", chromedp.Navigate(base+"/evaluation?territoire=departement:81&annee=2026"), chromedp.WaitVisible("main table"))
			if s := text(t, ctx, "main"); !strings.Contains(s, "2026") || !strings.Contains(s, "Accompagnements") {
				t.Errorf("/evaluation: %q", s)
			}
			passAxe(t, ctx, axe, "/evaluation")
			csvURL := eval[string](t, ctx, `document.querySelector('a[href*="format=csv"]').href`)
			pageReport := csvColumns(t, string(fetchBytes(t, ctx, csvURL)), 1, 3)
			for k, v := range want {
				if pageReport[k] != strconv.Itoa(v) {
					t.Errorf("/evaluation CSV: %s = %q, want %d", k, pageReport[k], v)
				}
			}
			xlsxURL := eval[string](t, ctx, `document.querySelector('a[href*="format=xlsx"]').href`)
			sh, err := tableur.ReadSheet(context.Background(), bytes.NewReader(fetchBytes(t, ctx, xlsxURL)), "rapport.xlsx", []string{"Indicateur", "2026"}, tableur.DefaultLimits)
			if err != nil || sh.Format != "xlsx" {
				t.Fatalf("/evaluation XLSX: %v", err)
			}
			ind, val := slices.Index(sh.Header, "Indicateur"), slices.Index(sh.Header, "2026")
			if ind < 0 || val < 0 {
				t.Fatalf("/evaluation XLSX header: %q", sh.Header)
			}
			xlsx := map[string]string{}
			for {
				row, err := sh.Next()
				if err != nil {
					break
				}
				if _, ok := xlsx[row.Cells[ind]]; !ok && len(row.Cells) > val {
					xlsx[row.Cells[ind]] = row.Cells[val]
				}
			}
			for k, v := range want {
				if xlsx[k] != strconv.Itoa(v) {
					t.Errorf("/evaluation XLSX: %s = %q, want %d", k, xlsx[k], v)
				}
			}
			leave(t, ctx, base)

			// 7. The public link, signed out: every count under 5 shows
			// « < 5 », no cell shows 1 to 4.
			do(t, ctx, "the public link", chromedp.Navigate(public), chromedp.WaitVisible("td[data-indicateur]"))
			shown := pageFigures(t, ctx)
			for k, v := range want {
				if v < 5 && shown[k] != "< 5" {
					t.Errorf("the public page: %s (%d) shows %q, want « < 5 »", k, v, shown[k])
				}
			}
			// The totals are shown (review 11N: a public page once hid all);
			// the 8 entered here would give back the Coop's 3 (23 − 12 −
			// 8): « masqué », not « < 5 ».
			for k, v := range map[string]string{"accompagnements": "23", "participants_ateliers": "16", "activites_individuelles": "7", "source:agregat": "12", "source:saisie": "masqué"} {
				if shown[k] != v {
					t.Errorf("the public page: %s shows %q, want %q", k, shown[k], v)
				}
			}
			if len(shown) < len(want) {
				t.Errorf("the public page has %d figures", len(shown))
			}
			for k, v := range shown {
				if n, err := strconv.Atoi(v); err == nil && n >= 1 && n <= 4 {
					t.Errorf("the public page shows %s = %d", k, n)
				}
			}
			passAxe(t, ctx, axe, "/statistiques/public/{jeton}")

			// The printed guides, for anyone.
			do(t, ctx, "guides", chromedp.Navigate(base+"/guides"), chromedp.WaitVisible("#code"))
			passAxe(t, ctx, axe, "/guides")
			do(t, ctx, "a guide of an unknown commune", chromedp.Navigate(base+"/guides?type=commune&code=99998"), chromedp.WaitVisible("#erreur-guide"))
			passAxe(t, ctx, axe, "/guides (an error)")
			do(t, ctx, "the Tarn's booklet", chromedp.Navigate(base+"/guides?type=departement&code=81"), chromedp.WaitReady("body"))
			if s := text(t, ctx, "body"); !strings.Contains(s, "Médiathèque de Gaillac") {
				t.Errorf("the Tarn's booklet: %q", s)
			}
			passAxe(t, ctx, axe, "/guides?type=departement&code=81")

			r := runCmdAt(t, now, dir, nil, "activites", "statistiques", "--db", db, "--territoire", "departement:81",
				"--du", "2026-11-01", "--au", "2026-11-30", "--format", "csv")
			if r.code != 0 {
				t.Fatalf("statistiques: %+v", r)
			}
			stats := csvColumns(t, r.stdout, 0, 1)
			for k, v := range want {
				if stats[k] != strconv.Itoa(v) {
					t.Errorf("statistiques: %s = %q, want %d", k, stats[k], v)
				}
			}
			r = runCmdAt(t, now, dir, nil, "evaluation", "--db", db, "--territoire", "departement:81", "--annee", "2026", "--format", "csv")
			if r.code != 0 {
				t.Fatalf("evaluation: %+v", r)
			}
			report := csvColumns(t, r.stdout, 1, 3)
			for k, v := range want {
				if report[k] != strconv.Itoa(v) {
					t.Errorf("evaluation: %s = %q, want %d", k, report[k], v)
				}
			}

			// 8. No table holds a bait; the dump is read (what may be
			// stored is there).
			rows := dumpTables(t, db)
			for _, allowed := range []string{"dossier 2026-207", "22222222-bbbb-4000-8000-000000000001", "Café IA"} {
				if !strings.Contains(strings.Join(rows, "\n"), allowed) {
					t.Errorf("the dump lacks %q: the tables are not all read", allowed)
				}
			}
			for _, row := range rows {
				for _, bait := range issue11Baits {
					if strings.Contains(row, bait) {
						t.Errorf("the beneficiary's %q is stored: %.300s", bait, row)
					}
				}
			}
		})
	}
}

// leave signs out from the account's space (a printable page, such as
// the slip, has no menu).
func leave(t *testing.T, ctx context.Context, base string) {
	t.Helper()
	do(t, ctx, "the space", chromedp.Navigate(base+"/espace"), chromedp.WaitVisible(`form[action="/deconnexion"] button`))
	signOutBrowser(t, ctx)
}

// pageFigures reads a statistics page's figures by indicator (the cell
// of the period), as shown.
func pageFigures(t *testing.T, ctx context.Context) map[string]string {
	t.Helper()
	raw := eval[string](t, ctx, `JSON.stringify(Object.fromEntries([...document.querySelectorAll('td[data-indicateur]')].map((td) => [td.dataset.indicateur, td.textContent.trim()])))`)
	out := map[string]string{}
	if err := json.Unmarshal([]byte(raw), &out); err != nil {
		t.Fatalf("the page's figures: %v", err)
	}
	return out
}

// fetchBytes downloads u in the page's session (its cookies).
func fetchBytes(t *testing.T, ctx context.Context, u string) []byte {
	t.Helper()
	s := eval[string](t, ctx, `(async () => {
		const r = await fetch(`+jsString(u)+`, {credentials: 'same-origin'});
		const b = new Uint8Array(await r.arrayBuffer());
		let s = '';
		for (const x of b) s += String.fromCharCode(x);
		return r.status + ' ' + btoa(s);
	})()`)
	status, b64, _ := strings.Cut(s, " ")
	b, err := base64.StdEncoding.DecodeString(b64)
	if status != "200" || err != nil {
		t.Fatalf("%s: %s %v", u, status, err)
	}
	return b
}

// csvColumns reads a CSV with a header: the values of column v by the
// key in column k (the first row of a key wins).
func csvColumns(t *testing.T, s string, k, v int) map[string]string {
	t.Helper()
	rows, err := csv.NewReader(strings.NewReader(s)).ReadAll()
	if err != nil || len(rows) < 2 {
		t.Fatalf("CSV: %v %q", err, s)
	}
	out := map[string]string{}
	for _, row := range rows[1:] {
		if _, ok := out[row[k]]; !ok && len(row) > v {
			out[row[k]] = row[v]
		}
	}
	return out
}

// noIdentityField fails when the current page's form has a field for a
// person's identity: a name, a phone, an e-mail, a birth date (by the
// field's name, id, type or autocomplete).
func noIdentityField(t *testing.T, ctx context.Context, page string) {
	t.Helper()
	found := eval[string](t, ctx, `(() => {
		const bad = /^(nom|prenom|name|first_?name|last_?name|tel|telephone|phone|mobile|portable|e?-?mail|courriel|naissance|date_naissance|annee_naissance|beneficiaire|adresse)$/i;
		const out = [];
		for (const f of document.querySelectorAll('main form input, main form select, main form textarea')) {
			if (f.type === 'hidden' || f.type === 'checkbox' && f.name === 'materiel') continue;
			const ac = (f.getAttribute('autocomplete') || '').split(/\s+/);
			if (bad.test(f.name) || bad.test(f.id) || f.type === 'tel' || f.type === 'email' ||
				ac.some((a) => /^(name|given-name|family-name|tel|email|bday|street-address)/.test(a))) out.push(f.outerHTML);
		}
		return out.join('\n');
	})()`)
	if found != "" {
		t.Errorf("%s asks for an identity:\n%s", page, found)
	}
}

// dumpTables returns every row of every table of the database, each as
// one line of text (its table, then its columns).
func dumpTables(t *testing.T, url string) []string {
	t.Helper()
	var out []string
	if path, ok := sqlitePath(url); ok {
		db, err := sql.Open("sqlite", path)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		names, err := db.Query(`SELECT name FROM sqlite_master WHERE type = 'table'`)
		if err != nil {
			t.Fatal(err)
		}
		var tables []string
		for names.Next() {
			var n string
			if err := names.Scan(&n); err != nil {
				t.Fatal(err)
			}
			tables = append(tables, n)
		}
		if err := names.Err(); err != nil {
			t.Fatal(err)
		}
		names.Close()
		for _, table := range tables {
			rows, err := db.Query(`SELECT * FROM "` + table + `"`)
			if err != nil {
				t.Fatal(err)
			}
			cols, err := rows.Columns()
			if err != nil {
				t.Fatal(err)
			}
			for rows.Next() {
				vals := make([]any, len(cols))
				ptrs := make([]any, len(cols))
				for i := range vals {
					ptrs[i] = &vals[i]
				}
				if err := rows.Scan(ptrs...); err != nil {
					t.Fatal(err)
				}
				line := []string{table}
				for _, v := range vals {
					if b, ok := v.([]byte); ok {
						v = string(b)
					}
					line = append(line, fmt.Sprint(v))
				}
				out = append(out, strings.Join(line, "\x1f"))
			}
			if err := rows.Err(); err != nil {
				t.Fatal(err)
			}
			rows.Close()
		}
		if len(tables) < 20 {
			t.Fatalf("only %d tables in %s", len(tables), path)
		}
		return out
	}
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	names, err := conn.Query(ctx, `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`)
	if err != nil {
		t.Fatal(err)
	}
	tables, err := pgx.CollectRows(names, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	if len(tables) < 20 {
		t.Fatalf("only %d tables in the test's schema", len(tables))
	}
	for _, table := range tables {
		// A row as text: every column, bytea in hex (only geometries).
		rows, err := conn.Query(ctx, `SELECT t::text FROM "`+table+`" AS t`)
		if err != nil {
			t.Fatal(err)
		}
		lines, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range lines {
			out = append(out, table+"\x1f"+l)
		}
	}
	return out
}
