package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"maillage/internal/account"
	"maillage/internal/pass"
	"maillage/internal/place"
	"maillage/internal/store"
	"maillage/internal/store/storetest"
)

// passWithdrawObject makes the {n} of a withdrawal for the matrix: the
// approved qualification of tls-r (Toulouse, 31; put in the registry at
// the first call), made again once withdrawn.
func passWithdrawObject(t *testing.T, ts *testServer) func() (int64, url.Values) {
	return func() (int64, url.Values) {
		ctx := context.Background()
		if _, ok := ts.indexOf(ctx).Lieu("tls-r"); !ok {
			im, err := ts.store.BeginImport(ctx, "test")
			if err != nil {
				t.Fatal(err)
			}
			l := lieu("tls-r", 43.60, 1.44, func(l *place.Lieu) { l.Commune, l.CodeINSEE, l.CodePostal = "Toulouse", "31555", "31000" })
			if _, _, err := im.Put(ctx, &l); err != nil {
				t.Fatal(err)
			}
			if _, err := im.Commit(ctx, "t"); err != nil {
				t.Fatal(err)
			}
			if err := ts.Sync(ctx); err != nil {
				t.Fatal(err)
			}
		}
		qs, err := ts.store.Qualifications(ctx, pass.QualificationApproved)
		if err != nil {
			t.Fatal(err)
		}
		for _, q := range qs {
			if q.LieuID == "tls-r" {
				return q.ID, url.Values{"raison": {"fermé"}}
			}
		}
		owner := mustUser(t, ts, account.User{Email: fmt.Sprintf("retrait-%d@hub.fr", passAccounts.Add(1)), Role: account.Contributeur})
		q, err := ts.store.RequestQualification(ctx, pass.Qualification{LieuID: "tls-r", SIRET: newSIRET(), AccountID: owner, IBAN: storetest.IBAN,
			Status: pass.QualificationApproved}, "test")
		if err != nil {
			t.Fatal(err)
		}
		return q.ID, url.Values{"raison": {"fermé"}}
	}
}

// A coordinator of the place's territory withdraws its qualification from
// the queue, through a confirmation step that asks why: afterwards the
// structure's counter refuses its passes (lieu_non_qualifie), its account
// acts for no place, the directory no longer marks nor filters the place,
// its past redemption and statement stay visible to the structure, the
// journal says who and why, and the structure may ask again.
func TestPassWithdrawQualification(t *testing.T) {
	w := newPassWorld(t)
	ts, ctx := w.ts, context.Background()
	if _, err := ts.store.AddClaim(ctx, store.Claim{UserID: w.structure, LieuID: "tls-1", Status: store.StatusApproved}, "test"); err != nil {
		t.Fatal(err)
	}
	// A redemption before, issued on November's statement in December.
	if res, err := ts.store.Redeem(ctx, store.RedeemRequest{Code: w.passes[0].Code, LieuID: "tls-1", Service: place.ServiceDemarches,
		AccountID: w.structure, Actor: "test", Key: "avant"}); err != nil || res.Reason != "" {
		t.Fatalf("before: %+v %v", res, err)
	}
	qs, err := ts.store.Qualifications(ctx, pass.QualificationApproved)
	if err != nil || len(qs) != 1 {
		t.Fatalf("qualifications: %v %v", qs, err)
	}
	q := qs[0]
	if !strings.Contains(ts.get(t, "/lieux/tls-1").Body, "<li>Accepte le Pass numérique</li>") {
		t.Fatal("the place is not marked before the withdrawal")
	}
	coord, elsewhere := coordinatorSession(t, ts, "31"), coordinatorSession(t, ts, "81")
	retirer := fmt.Sprintf("/pass/qualifications/%d/retirer", q.ID)

	res := getAs(t, ts, "/pass/qualifications", coord)
	if !strings.Contains(res.Body, "Lieux qualifiés") || !strings.Contains(res.Body, `href="`+retirer+`"`) {
		t.Errorf("the queue has no withdrawal link:\n%s", res.Body)
	}
	res = getAs(t, ts, retirer, coord)
	if res.StatusCode != 200 || !strings.Contains(res.Body, `name="raison"`) || !strings.Contains(res.Body, "EPN du Capitole") {
		t.Fatalf("the confirmation step: %d\n%s", res.StatusCode, res.Body)
	}
	if res := getAs(t, ts, retirer, elsewhere); res.StatusCode != http.StatusForbidden {
		t.Errorf("another territory's coordinator: %d", res.StatusCode)
	}
	if res := postForm(t, ts, retirer, url.Values{"raison": {"fermé"}}, elsewhere); res.StatusCode != http.StatusForbidden {
		t.Errorf("another territory's coordinator withdraws: %d", res.StatusCode)
	}
	if res := postForm(t, ts, retirer, url.Values{"raison": {"  "}}, coord); res.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(res.Body, "Indiquez la raison du retrait") {
		t.Errorf("without a reason: %d", res.StatusCode)
	}
	if _, err := ts.store.CheckRedemption(ctx, store.RedeemRequest{Code: w.passes[1].Code, LieuID: "tls-1", AccountID: w.structure}); err != nil {
		t.Fatal(err)
	}
	if res := postForm(t, ts, retirer, url.Values{"raison": {"Ateliers fermés depuis octobre."}}, coord); res.StatusCode != http.StatusSeeOther ||
		res.Header.Get("Location") != "/pass/qualifications?message=qualification-retiree" {
		t.Fatalf("withdrawing: %d %s", res.StatusCode, res.Body)
	}
	if res := postForm(t, ts, retirer, url.Values{"raison": {"encore"}}, coord); res.StatusCode != http.StatusConflict {
		t.Errorf("withdrawing twice: %d", res.StatusCode)
	}
	res = getAs(t, ts, "/pass/qualifications?message=qualification-retiree", coord)
	if !strings.Contains(res.Body, "Qualification retirée") || !strings.Contains(res.Body, "retirée le") || !strings.Contains(res.Body, "Ateliers fermés depuis octobre.") {
		t.Errorf("the queue after the withdrawal:\n%s", res.Body)
	}

	// The counter refuses, with the reason.
	res = getAs(t, ts, "/pass/utiliser?"+url.Values{"code": {w.passes[1].Code}, "lieu": {"tls-1"}}.Encode(), w.structureC)
	if strings.Contains(res.Body, "Pass valable") {
		t.Errorf("the counter still takes passes:\n%s", res.Body)
	}
	r, err := ts.store.Redeem(ctx, store.RedeemRequest{Code: w.passes[1].Code, LieuID: "tls-1", Service: place.ServiceDemarches,
		AccountID: w.structure, Actor: "test", Key: "apres"})
	if err != nil || r.Reason != pass.LieuNonQualifie {
		t.Errorf("a redemption after: %+v %v", r, err)
	}
	if ls, err := ts.store.LieuxActedFor(ctx, w.structure); err != nil || len(ls) != 0 {
		t.Errorf("the structure still acts for %v (%v)", ls, err)
	}
	// The directory.
	if res := ts.get(t, "/lieux/tls-1"); strings.Contains(res.Body, "Accepte le Pass numérique") {
		t.Error("the place's page still says it accepts the Pass")
	}
	if res := ts.get(t, "/recherche?pass=1"); strings.Contains(res.Body, "EPN du Capitole") {
		t.Error("pass=1 still keeps the place")
	}
	// Its past redemption: still on its statement, which the structure reads.
	w.setClock(t, monday10h.AddDate(0, 0, 10))
	sts, err := ts.store.IssueStatements(ctx, "2026-11", "test")
	if err != nil || len(sts) != 1 || sts[0].Passes != 1 {
		t.Fatalf("November's statement: %+v %v", sts, err)
	}
	if res := getAs(t, ts, fmt.Sprintf("/pass/releves/%d", sts[0].ID), w.structureC); res.StatusCode != 200 || !strings.Contains(res.Body, w.passes[0].Code) {
		t.Errorf("the structure's statement after the withdrawal: %d", res.StatusCode)
	}
	// The place's page of the Pass says why, and a new request is possible.
	res = getAs(t, ts, "/lieux/tls-1/pass", w.structureC)
	if !strings.Contains(res.Body, "a été retirée le") || !strings.Contains(res.Body, "Ateliers fermés depuis octobre.") || !strings.Contains(res.Body, `name="iban"`) {
		t.Errorf("the place's Pass page after the withdrawal:\n%s", res.Body)
	}
	if res := postForm(t, ts, "/lieux/tls-1/pass", url.Values{"siret": {q.SIRET}, "iban": {storetest.IBAN}, "bic": {"BNPAFRPP"}, "titulaire": {"EPN"}}, w.structureC); res.StatusCode != http.StatusSeeOther {
		t.Errorf("a new request with the same SIRET: %d %s", res.StatusCode, res.Body)
	}
	// Journaled.
	entries, err := ts.store.Audit(ctx, "qualification_pass", "tls-1")
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, e := range entries {
		if e.Action == "retirer" && strings.Contains(string(e.After), "Ateliers fermés depuis octobre.") && strings.HasPrefix(e.Actor, "compte:") {
			found = true
		}
	}
	if !found {
		t.Errorf("no journal entry of the withdrawal: %+v", entries)
	}
}
