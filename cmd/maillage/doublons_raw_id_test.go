package main

import (
	"encoding/csv"
	"path/filepath"
	"strings"
	"testing"
)

// TestDoublonsRawIDs: « doublons » names each record by the id its source
// gave it, as written (« FS/12 », not « FS-12 », the id maillage cleaned
// it to): the CSV's id and paire_id columns, the text and the JSON.
func TestDoublonsRawIDs(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"MAILLAGE_DATABASE_URL": "sqlite:" + filepath.Join(dir, "m.db")}
	importPair(t, dir, env, "FS/12", "N-77")
	r := runCmd(t, dir, env, "doublons", "--format", "csv")
	rows, err := csv.NewReader(strings.NewReader(r.stdout)).ReadAll()
	if err != nil || len(rows) != 3 {
		t.Fatalf("CSV: %v %q", err, r.stdout)
	}
	ids := map[string][2]string{}
	for _, row := range rows[1:] {
		ids[row[1]] = [2]string{row[2], row[9]}
	}
	if ids["hub"] != [2]string{"FS/12", "N-77"} || ids["national"] != [2]string{"N-77", "FS/12"} {
		t.Errorf("CSV ids (id, paire_id) by source: %q, want hub's as written, FS/12", ids)
	}
	// The place keeps its published id, FS-12.
	for format, want := range map[string]string{"text": "hub « FS/12 » :", "json": `"id": "FS/12"`} {
		r := runCmd(t, dir, env, "doublons", "--format", format)
		if !strings.Contains(r.stdout, want) || strings.Contains(r.stdout, "« FS-12 »") || strings.Contains(r.stdout, `"id": "FS-12"`) {
			t.Errorf("%s names hub's record by its cleaned id (want %s):\n%s", format, want, r.stdout)
		}
	}
}

// TestDoublonsSeparerRawID: « doublons separer SOURCE ID » takes the id as
// the source wrote it (the one « doublons » shows), as well as the one
// maillage cleaned it to.
func TestDoublonsSeparerRawID(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"MAILLAGE_DATABASE_URL": "sqlite:" + filepath.Join(dir, "m.db")}
	importPair(t, dir, env, "m1", `" N/77"`)
	if r := runCmd(t, dir, env, "doublons"); !strings.Contains(r.stdout, "national «  N/77 » :") {
		t.Fatalf("no merge to split, or not named as written: %s", r.stdout)
	}
	r := runCmd(t, dir, env, "doublons", "separer", "national", " N/77")
	// hub's m1 was created first: it survived the merge, and keeps its id.
	if r.code != 0 || !strings.Contains(r.stdout, "séparé du lieu m1 : c'est désormais le lieu N-77") {
		t.Fatalf("separer with the id as written: %+v", r)
	}
}
