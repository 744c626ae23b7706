package main

import (
	"strings"
	"testing"
)

// Help about help, in every spelling, answers instead of recursing forever.
func TestHelpOfHelp(t *testing.T) {
	for _, args := range [][]string{
		{"help", "-h"}, {"help", "help"}, {"help", "--help"}, {"-h", "-h"}, {"aide", "aide"}, {"--help", "help"},
	} {
		r := runCmd(t, "", nil, args...)
		if r.code != 0 || !strings.Contains(r.stdout, "Usage : maillage COMMANDE") {
			t.Errorf("%q: code %d, stdout %q, stderr %q", args, r.code, r.stdout, r.stderr)
		}
	}
	if r := runCmd(t, "", nil, "help", "inconnue"); r.code != 2 || !strings.Contains(r.stderr, "commande inconnue « inconnue »") {
		t.Errorf("help of an unknown command: %+v", r)
	}
	if r := runCmd(t, "", nil, "help", "import"); r.code != 0 || !strings.Contains(r.stdout, "Usage : maillage import") {
		t.Errorf("help import: %+v", r)
	}
}

// The flag package's English never reaches the user.
func TestFlagMessagesInFrench(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"validate", "--inconnue", "x.csv"}, "option inconnue : --inconnue"},
		{[]string{"validate", "-z"}, "option inconnue : -z"},
		{[]string{"validate", "x.csv", "--format"}, "l'option --format attend une valeur"},
		{[]string{"import", "--strict=peutetre", "x.csv"}, "valeur « peutetre » invalide pour l'option --strict"},
		{[]string{"validate", "---x"}, "option mal écrite : ---x"},
	} {
		r := runCmd(t, "", nil, tt.args...)
		if r.code != 2 || !strings.Contains(r.stderr, tt.want) {
			t.Errorf("%q: code %d, stderr %q (want %q)", tt.args, r.code, r.stderr, tt.want)
		}
		for _, english := range []string{"flag", "provided", "invalid value", "invalid boolean", "Usage of", "default"} {
			if strings.Contains(r.stderr+r.stdout, english) {
				t.Errorf("%q: English %q in %q %q", tt.args, english, r.stdout, r.stderr)
			}
		}
	}
	// The options' defaults are described in French too.
	r := runCmd(t, "", nil, "validate", "-h")
	if !strings.Contains(r.stdout, "(par défaut : text)") || strings.Contains(r.stdout, "default") {
		t.Errorf("validate -h: %q", r.stdout)
	}
}
