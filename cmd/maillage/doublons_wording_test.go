package main

import (
	"encoding/csv"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestDoublonsReviewWording: the pairs to review are explained in the
// words of the review page and of « doublons --format csv »: the signals'
// French labels, points with a sign and a decimal comma; the CSV's score
// column stays a number with a dot.
func TestDoublonsReviewWording(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"MAILLAGE_DATABASE_URL": "sqlite:" + filepath.Join(dir, "m.db"), "MAILLAGE_DOUBLONS_FUSION": "99,5"}
	importAlbiPair(t, dir, env)
	r := runCmd(t, dir, env, "doublons", "--a-verifier")
	if r.code != 0 {
		t.Fatal(r)
	}
	// « Téléphone +1,5 : même numéro », « 1. score 9,5 ».
	for _, re := range []string{`(?m)^1\. score \d+,\d$`, `(?m)^   Nom \+\d+(,\d+)? : `, `(?m)^   Téléphone \+1,5 : `} {
		if !regexp.MustCompile(re).MatchString(r.stdout) {
			t.Errorf("text review does not match %s:\n%s", re, r.stdout)
		}
	}
	if regexp.MustCompile(`\d\.\d`).MatchString(r.stdout) {
		t.Errorf("a decimal point in the text review:\n%s", r.stdout)
	}
	r = runCmd(t, dir, env, "doublons", "--a-verifier", "--format", "csv")
	rows, err := csv.NewReader(strings.NewReader(r.stdout)).ReadAll()
	if err != nil || len(rows) != 2 {
		t.Fatalf("CSV review: %v %q", err, r.stdout)
	}
	score, details := rows[1][8], rows[1][10]
	if !regexp.MustCompile(`^\d+\.\d$`).MatchString(score) {
		t.Errorf("score column %q, want a number with a dot", score)
	}
	if !strings.Contains(details, "Nom +") || !strings.Contains(details, "Téléphone +1,5 (") || strings.Contains(details, "nom ") {
		t.Errorf("details column %q, want « Nom +4 (…) ; … » as doublons --format csv writes", details)
	}
}
