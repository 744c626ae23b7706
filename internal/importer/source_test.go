package importer

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"maillage/internal/failure"
	"maillage/internal/sqlite"
)

func TestCheckSource(t *testing.T) {
	for _, tt := range []struct {
		name, source, want string // want: "" when accepted, else part of the message
	}{
		{"plain", "2024-07-01_hub-lieux", ""},
		{"accents and inner space", "Hub Occitanie été", ""},
		{"empty", "", "vide"},
		{"path syntax", "../../espace/supprimer?x=", "« / »"},
		{"backslash", `a\b`, `« \ »`},
		{"percent", "a%2Fb", "« % »"},
		{"hash", "a#b", "« # »"},
		{"escape", "a\x1b[31mRED\x1b[0m/../b", "caractère de contrôle ou invisible"},
		{"bidi", "abc\u202e", "caractère de contrôle ou invisible"},
		{"leading space", " hub", "espace au début ou à la fin"},
		{"trailing tab", "hub\t", "caractère de contrôle"},
		{"dot dot", "..", "« . » ou « .. »"},
		{"too long", strings.Repeat("a", MaxSourceLength+1), "plus de 100 octets"},
		{"invalid UTF-8", "a\xffb", "UTF-8"},
		{"formula =", "=1+2", "formule"},
		{"formula +", "+cmd|' -C calc'!A0", "formule"},
		{"formula -", "-hub", "formule"},
		{"formula @", "@SUM(A1)", "formule"},
		{"inner signs", "hub-tarn=2+1@x", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckSource(tt.source)
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("CheckSource(%q) = %v, want accepted", tt.source, err)
			case tt.want != "" && err == nil:
				t.Errorf("CheckSource(%q) accepted, want %q", tt.source, tt.want)
			case tt.want != "" && (!strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "règle nom-source") || !errors.Is(err, failure.ErrInvalid)):
				t.Errorf("CheckSource(%q) = %v, want %q, rule nom-source, code Invalid", tt.source, err, tt.want)
			case tt.want != "" && strings.ContainsRune(err.Error(), '\x1b'):
				t.Errorf("CheckSource(%q): raw escape in %q", tt.source, err)
			}
		})
	}
}

// Import itself refuses a bad source name, whoever calls it.
func TestImportRefusesBadSource(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "i.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	in := csvHeader + "lieu-1,,EPN A,Albi,81000,1 rue,2026-01-01\n"
	if _, err := Import(ctx, db, strings.NewReader(in), "f.csv", Options{Source: "../../espace/supprimer?x="}); err == nil {
		t.Fatal("import with a source of path syntax accepted")
	}
	n := 0
	for _, err := range db.Lieux(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	if n != 0 {
		t.Errorf("%d places stored", n)
	}
}
