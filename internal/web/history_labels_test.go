package web

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"maillage/internal/store"
)

// TestEveryActionHasALabel: the history of a place says every kind of
// journal entry in French, never its code (« lieu.fusionne »): each
// action written in the stores' and the site's code has a label, and so
// have the actions made of a request's status.
func TestEveryActionHasALabel(t *testing.T) {
	literal := regexp.MustCompile(`(?:Action: |action :?= |Action[A-Za-z]* += )"([a-z_]+\.[a-z_]+)"`)
	actions := map[string]bool{}
	for _, dir := range []string{"../accountsql", "../store", "../sourcesql", "."} {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range literal.FindAllStringSubmatch(string(b), -1) {
				actions[m[1]] = true
			}
		}
	}
	if len(actions) < 15 {
		t.Fatalf("only %d actions found in the code: %v", len(actions), actions)
	}
	for _, st := range []string{store.StatusPending, store.StatusApproved, store.StatusRefused, store.StatusWithdrawn} {
		actions["revendication."+st] = true
	}
	for _, st := range []string{store.StatusApproved, store.StatusRefused, store.StatusWithdrawn} {
		actions["proposition."+st] = true
	}
	actions["signalement."+store.StatusHandled] = true
	actions["compte.identifiants_modifies"] = true // closeOtherSessions's reason
	for a := range actions {
		if l := actionLabel(a); l == a || strings.Contains(l, ".") || strings.Contains(l, "_") {
			t.Errorf("action %q is shown as %q", a, l)
		}
	}
}
