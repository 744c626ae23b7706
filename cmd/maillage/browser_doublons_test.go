package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// axeWithoutJS runs axe-core on a page browsed without JavaScript: scripts
// are allowed for the check only.
func axeWithoutJS(t *testing.T, ctx context.Context, axe, page string) {
	t.Helper()
	if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: false}); err != nil {
		t.Fatal(err)
	}
	axeCheck(t, ctx, axe, page)
	if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatal(err)
	}
}

// TestBrowserDuplicates: the review of duplicates in a real browser
// without JavaScript, on both databases: the queue shows two pairs side by
// side with their signals (two, so that axe-core sees every pair's regions
// side by side: each needs its own name), a coordinator rejects them and
// splits a merged place, whose page shows the provenance of its fields;
// axe-core checks the pages at each step. At a phone's width, each
// decision asks for a confirmation first (« Annuler » changes nothing),
// and its result page undoes it (« Annuler cette décision »).
func TestBrowserDuplicates(t *testing.T) {
	axe := axeSource(t)
	for name, dbURL := range engines(t) {
		t.Run(name, func(t *testing.T) {
			db := dbURL(t)
			now := clockFrom(browserStart(t))
			base, link := peopleSiteAt(t, db, now)
			dir := t.TempDir()
			hub := filepath.Join(dir, "hub.csv")
			writeFile(t, hub, dedupHeader+
				"m1,,Médiathèque Jean Moulin,Albi,81000,81004,12 rue Pasteur,43.9280,2.1480,05 63 00 00 01,2025-01-10,Fixe\n"+
				"a1,,Association Alpha,Albi,81000,81004,Le Bourg,,,,2025-01-10,\n"+
				"b1,,Association Beta,Albi,81000,81004,Le Bourg,,,,2025-01-10,\n")
			national := filepath.Join(dir, "national.csv")
			writeFile(t, national, dedupHeader+
				"N-77,,MEDIATHEQUE MUNICIPALE JEAN-MOULIN,Albi,81000,81004,12 r. Pasteur,43.9311,2.1480,+33 5 63 00 00 01,2026-01-10,\n"+
				"N-78,,Association Alpha,Albi,81000,81004,Centre-ville,,,,2026-01-10,\n"+
				"N-79,,Association Beta,Albi,81000,81004,Centre-ville,,,,2026-01-10,\n")
			for src, f := range map[string]string{"hub-albi": hub, "national": national} {
				if r := runCmdAt(t, now, dir, nil, "import", "--db", db, "--source", src, f); r.code != 0 {
					t.Fatalf("import %s: %+v", src, r)
				}
			}
			ctx := newBrowser(t, false)
			signInBrowser(t, ctx, base, "admin@hub.fr", link)
			do(t, ctx, "review queue", chromedp.Navigate(base+"/moderation/doublons"), chromedp.WaitVisible(`form[action="/moderation/doublons/decision"] button`))
			axeWithoutJS(t, ctx, axe, "/moderation/doublons")
			tablesFitPhone(t, ctx, axe, "/moderation/doublons")
			if s := text(t, ctx, "main"); !strings.Contains(s, "Association Alpha") || !strings.Contains(s, "Association Beta") || !strings.Contains(s, "Signaux comparés") || !strings.Contains(s, "MEDIATHEQUE MUNICIPALE JEAN-MOULIN") {
				t.Errorf("review page: %q", s)
			}
			do(t, ctx, "merged place", chromedp.Click(`main li > a[href^="/lieux/"]`, chromedp.NodeVisible), chromedp.WaitVisible(`#t-provenance`))
			axeWithoutJS(t, ctx, axe, "a merged place with its provenance")
			tablesFitPhone(t, ctx, axe, "a merged place with its provenance")
			do(t, ctx, "back to the queue", chromedp.Navigate(base+"/moderation/doublons"), chromedp.WaitVisible(`form[action="/moderation/doublons/decision"] button`))
			// At a phone's width: « Lieux distincts » asks first, « Annuler »
			// changes nothing; confirmed, the result page offers the undo,
			// which puts the pair back in the queue.
			const (
				queueReject = `form[action="/moderation/doublons/decision"] button.secondaire`
				confirm     = `.choix button[type="submit"]`
				cancel      = `.choix a.bouton`
				undo        = `form[action="/moderation/doublons/annuler"] button`
			)
			do(t, ctx, "phone width", chromedp.EmulateViewport(390, 844))
			do(t, ctx, "reject: the confirmation", chromedp.Click(queueReject, chromedp.NodeVisible), chromedp.WaitVisible(confirm))
			if s := text(t, ctx, "main"); !strings.Contains(s, "deux lieux distincts") || !strings.Contains(s, "prochaines moissons") {
				t.Errorf("confirmation of « Lieux distincts »: %q", s)
			}
			tablesFitPhone(t, ctx, axe, "the confirmation of « Lieux distincts »")
			do(t, ctx, "phone width", chromedp.EmulateViewport(390, 844))
			do(t, ctx, "cancel", chromedp.Click(cancel, chromedp.NodeVisible), chromedp.WaitVisible(queueReject))
			if s := text(t, ctx, "main"); !strings.Contains(s, "Paires à vérifier (2)") {
				t.Errorf("after « Annuler »: %q", s)
			}
			do(t, ctx, "reject: confirm", chromedp.Click(queueReject, chromedp.NodeVisible), chromedp.WaitVisible(confirm),
				chromedp.Click(confirm, chromedp.NodeVisible), chromedp.WaitVisible(undo))
			tablesFitPhone(t, ctx, axe, "the result of « Lieux distincts »")
			do(t, ctx, "phone width", chromedp.EmulateViewport(390, 844))
			do(t, ctx, "undo the rejection", chromedp.Click(undo, chromedp.NodeVisible), chromedp.WaitVisible(queueReject), chromedp.WaitVisible(".succes"))
			if s := text(t, ctx, "main"); !strings.Contains(s, "de nouveau à vérifier") || !strings.Contains(s, "Paires à vérifier (2)") {
				t.Errorf("after the undo: %q", s)
			}
			axeWithoutJS(t, ctx, axe, "/moderation/doublons after an undo (390 px)")
			for _, n := range []string{"reject", "reject the other"} {
				do(t, ctx, n, chromedp.Navigate(base+"/moderation/doublons"), chromedp.Click(queueReject, chromedp.NodeVisible), chromedp.WaitVisible(confirm),
					chromedp.Click(confirm, chromedp.NodeVisible), chromedp.WaitVisible(undo))
			}
			do(t, ctx, "the queue", chromedp.Navigate(base+"/moderation/doublons"), chromedp.WaitVisible("main h1"))
			axeWithoutJS(t, ctx, axe, "/moderation/doublons after a decision")
			if s := text(t, ctx, "main"); !strings.Contains(s, "Aucune paire à vérifier") {
				t.Errorf("after the rejection: %q", s)
			}
			// « Séparer », confirmed, then undone: the record is back in
			// its place; split again for good.
			split := `form[action="/moderation/doublons/separer"] button`
			// Which place keeps its id depends on which was first published:
			// imported in one second, the places tie and the smaller id wins.
			do(t, ctx, "split: the confirmation", chromedp.Click(split, chromedp.NodeVisible), chromedp.WaitVisible(confirm))
			if s := text(t, ctx, "main"); !strings.Contains(s, "gardera l'identifiant m1") && !strings.Contains(s, "gardera l'identifiant N-77") {
				t.Errorf("confirmation of « Séparer »: %q", s)
			}
			tablesFitPhone(t, ctx, axe, "the confirmation of « Séparer »")
			do(t, ctx, "phone width", chromedp.EmulateViewport(390, 844))
			do(t, ctx, "split: confirm", chromedp.Click(confirm, chromedp.NodeVisible), chromedp.WaitVisible(undo))
			tablesFitPhone(t, ctx, axe, "the result of « Séparer »")
			do(t, ctx, "phone width", chromedp.EmulateViewport(390, 844))
			do(t, ctx, "undo the split", chromedp.Click(undo, chromedp.NodeVisible), chromedp.WaitVisible("#t-enregistrements"), chromedp.WaitVisible(".succes"))
			if s := text(t, ctx, "main"); !strings.Contains(s, "Séparation annulée") {
				t.Errorf("after undoing the split: %q", s)
			}
			tablesFitPhone(t, ctx, axe, "the place after undoing the split")
			do(t, ctx, "split again", chromedp.Navigate(base+"/moderation/doublons"), chromedp.Click(split, chromedp.NodeVisible), chromedp.WaitVisible(confirm),
				chromedp.Click(confirm, chromedp.NodeVisible), chromedp.WaitVisible(undo))
			do(t, ctx, "the queue", chromedp.Navigate(base+"/moderation/doublons"), chromedp.WaitVisible("main h1"))
			axeWithoutJS(t, ctx, axe, "/moderation/doublons after a split")
			if s := text(t, ctx, "main"); !strings.Contains(s, "Aucun lieu fusionné") {
				t.Errorf("after the split: %q", s)
			}
			// The decisions hold when the sources are imported again.
			if r := runCmdAt(t, now, dir, nil, "import", "--db", db, "--source", "national", national); r.code != 0 {
				t.Fatal(r)
			}
			if r := runCmdAt(t, now, dir, nil, "doublons", "--db", db, "--format", "csv"); strings.Count(r.stdout, "\n") != 1 {
				t.Errorf("merged places after re-import: %q", r.stdout)
			}
			// « Réunir avec un autre lieu » at a phone's width: the nearby
			// places, a choice, the confirmation side by side, then the
			// merge.
			do(t, ctx, "phone width", chromedp.EmulateViewport(390, 844))
			do(t, ctx, "merge by hand", chromedp.Navigate(base+"/lieux/a1"), chromedp.Click(`a[href="/lieux/a1/reunir"]`, chromedp.NodeVisible), chromedp.WaitVisible("#autre"))
			if s := text(t, ctx, "main"); !strings.Contains(s, "Réunir avec « Association Beta » (b1)") {
				t.Errorf("nearby places: %q", s)
			}
			tablesFitPhone(t, ctx, axe, "/lieux/a1/reunir")
			do(t, ctx, "phone width", chromedp.EmulateViewport(390, 844))
			do(t, ctx, "merge by hand: the confirmation", chromedp.SetValue("#autre", "b1"), chromedp.Submit("#autre"), chromedp.WaitVisible(confirm))
			if s := text(t, ctx, "main"); !strings.Contains(s, "le plus ancien, garde son identifiant") || !strings.Contains(s, "renverra désormais") {
				t.Errorf("confirmation of the merge: %q", s)
			}
			tablesFitPhone(t, ctx, axe, "the confirmation of a merge by hand")
			do(t, ctx, "phone width", chromedp.EmulateViewport(390, 844))
			do(t, ctx, "merge by hand: confirm", chromedp.Click(confirm, chromedp.NodeVisible), chromedp.WaitVisible(".succes"))
			if s := text(t, ctx, "main"); !strings.Contains(s, "Lieux réunis") {
				t.Errorf("after the merge by hand: %q", s)
			}
			axeWithoutJS(t, ctx, axe, "a place merged by hand (390 px)")
			do(t, ctx, "wide again", chromedp.EmulateViewport(1280, 900))
		})
	}
}
