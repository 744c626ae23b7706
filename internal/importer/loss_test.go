package importer

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"maillage/internal/sqlite"
)

// lines is a file of the standard with the records a0…a(n-1), named nom.
func lines(n int, nom string) string {
	var b strings.Builder
	b.WriteString(csvHeader)
	for i := range n {
		fmt.Fprintf(&b, "a%d,,%s %d,Albi,81000,%d rue,2026-01-01\n", i, nom, i, i+1)
	}
	return b.String()
}

func TestMassLossGuard(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "i.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := Import(ctx, db, strings.NewReader(lines(10, "EPN")), "f.csv", Options{Source: "hub"}); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		file     string
		opt      Options
		wantLoss *LossError
	}{
		{"four of ten missing, 30 % allowed", lines(6, "Changé"), Options{Source: "hub", Withdraw: true, MaxLoss: 0.3},
			&LossError{Source: "hub", File: "g.csv", Absent: 4, Total: 10, MaxLoss: 0.3}},
		{"empty file, 30 % allowed", csvHeader, Options{Source: "hub", Withdraw: true, MaxLoss: 0.3},
			&LossError{Source: "hub", File: "g.csv", Absent: 10, Total: 10, MaxLoss: 0.3}},
		{"three of ten missing, 30 % allowed", lines(7, "EPN"), Options{Source: "hub", Withdraw: true, MaxLoss: 0.3}, nil},
		{"without Withdraw there is no guard", lines(1, "EPN"), Options{Source: "hub", MaxLoss: 0.3}, nil},
		{"without MaxLoss there is no guard", lines(9, "EPN"), Options{Source: "hub", Withdraw: true}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Import(ctx, db, strings.NewReader(tt.file), "g.csv", tt.opt)
			var le *LossError
			if tt.wantLoss == nil {
				if errors.As(err, &le) {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			if !errors.As(err, &le) || *le != *tt.wantLoss {
				t.Fatalf("got %v (%#v), want %#v", err, le, tt.wantLoss)
			}
			// Nothing of the file was applied.
			if l, err := db.Lieu(ctx, "a0"); err != nil || l.Nom != "EPN 0" {
				t.Errorf("a refused import changed the registry: %q %v", l.Nom, err)
			}
		})
	}
}

// The message says the way out: the share that lets this loss through,
// with the harvest's flag (a name with spaces quoted for the shell).
func TestLossErrorMessage(t *testing.T) {
	tests := []struct {
		e    LossError
		want string
	}{
		{LossError{Source: "France Services", File: "fs.csv", Absent: 4, Total: 12, MaxLoss: 0.3},
			"fs.csv : la source « France Services » perdrait 4 enregistrements sur 12 enregistrements (33,3\u00a0%, plus que les 30\u00a0% permis) : import annulé, le registre n'a pas changé (un export tronqué est plus probable qu'une fermeture en masse) ; si cette perte est voulue, relancez avec « maillage moissonner 'France Services' --perte-max 34% »"},
		{LossError{Source: "hub-tarn", File: "l.csv", Absent: 2, Total: 4, MaxLoss: 0.3},
			"l.csv : la source « hub-tarn » perdrait 2 enregistrements sur 4 enregistrements (50\u00a0%, plus que les 30\u00a0% permis) : import annulé, le registre n'a pas changé (un export tronqué est plus probable qu'une fermeture en masse) ; si cette perte est voulue, relancez avec « maillage moissonner hub-tarn --perte-max 50% »"},
		{LossError{Source: "tout", File: "t.csv", Absent: 10, Total: 10, MaxLoss: 0.3},
			"t.csv : la source « tout » perdrait 10 enregistrements sur 10 enregistrements (100\u00a0%, plus que les 30\u00a0% permis) : import annulé, le registre n'a pas changé (un export tronqué est plus probable qu'une fermeture en masse) ; si cette perte est voulue, relancez avec « maillage moissonner tout --perte-max 100% »"},
	}
	for _, tt := range tests {
		if got := tt.e.Error(); got != tt.want {
			t.Errorf("message:\n got %q\nwant %q", got, tt.want)
		}
	}
}

// With Withdraw, the records missing from the file are withdrawn: their
// places leave the registry, and come back under their ids.
func TestImportWithdraws(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "i.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := Import(ctx, db, strings.NewReader(lines(4, "EPN")), "f.csv", Options{Source: "hub"}); err != nil {
		t.Fatal(err)
	}
	res, err := Import(ctx, db, strings.NewReader(lines(3, "EPN")), "g.csv", Options{Source: "hub", Withdraw: true, MaxLoss: 0.3})
	if err != nil || res.Counts.Withdrawn != 1 || res.Counts.Unchanged != 3 {
		t.Fatalf("import: %+v %v", res.Counts, err)
	}
	if _, err := db.Lieu(ctx, "a3"); err == nil {
		t.Errorf("a3 still published")
	}
	if w, err := db.WithdrawnPlace(ctx, "a3"); err != nil || w.Nom != "EPN 3" {
		t.Errorf("a3 withdrawn: %+v %v", w, err)
	}
	// Without Withdraw a partial file withdraws nothing.
	if res, err := Import(ctx, db, strings.NewReader(lines(1, "EPN")), "h.csv", Options{Source: "hub"}); err != nil || res.Counts.Withdrawn != 0 {
		t.Fatalf("partial import: %+v %v", res.Counts, err)
	}
	if _, err := Import(ctx, db, strings.NewReader(lines(4, "EPN")), "f.csv", Options{Source: "hub", Withdraw: true}); err != nil {
		t.Fatal(err)
	}
	if l, err := db.Lieu(ctx, "a3"); err != nil || l.Nom != "EPN 3" {
		t.Errorf("a3 back: %+v %v", l, err)
	}
}

// The import's diagnostics of a record are kept with the record.
func TestRecordsKeepDiagnostics(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "i.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	file := "id,pivot,nom,commune,code_postal,adresse,date_maj,telephone\n" +
		"a,43493312300029,EPN A,Albi,81000,1 rue,2026-01-01,05 63 00 00 00\n" +
		"b,43493312300029,EPN B,Albi,81000,2 rue,2026-01-01,+33563000000\n"
	if _, err := Import(ctx, db, strings.NewReader(file), "d.csv", Options{Source: "hub"}); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		id   string
		want []string
		not  []string
	}{
		{"a", []string{`"ligne":2`, `"gravite":"normalisation"`, `"champ":"telephone"`, `"valeur":"05 63 00 00 00"`, `"regle":"normalisation"`}, nil},
		{"b", nil, []string{"telephone"}},
	}
	for _, tt := range tests {
		recs, err := db.SourceRecords(ctx, tt.id)
		if err != nil || len(recs) != 1 {
			t.Fatalf("%s: %+v %v", tt.id, recs, err)
		}
		d := string(recs[0].Diagnostics)
		for _, w := range tt.want {
			if !strings.Contains(d, w) {
				t.Errorf("%s: diagnostics %s lack %s", tt.id, d, w)
			}
		}
		for _, w := range tt.not {
			if strings.Contains(d, w) {
				t.Errorf("%s: diagnostics %s hold %s", tt.id, d, w)
			}
		}
	}
}
