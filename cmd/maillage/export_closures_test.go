package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"maillage/internal/openinghours"
	"maillage/internal/place"
	"maillage/internal/store/storetest"
)

// `maillage export` publishes a temporary closure that has not ended in
// the place's horaires, as an OSM rule after its regular hours (written
// here with Go's own date layout, not the code's); once the closure has
// ended, the export no longer carries it.
func TestExportClosures(t *testing.T) {
	for name, dbURL := range engines(t) {
		t.Run(name, func(t *testing.T) {
			db := dbURL(t)
			ctx := context.Background()
			st := exportStore(t, db, 2)
			// The store judges a closure on today: it begins in 10 days.
			now := time.Now()
			day := place.Day(now, openinghours.Paris)
			c := place.Closure{From: day.AddDate(0, 0, 10), To: day.AddDate(0, 0, 15), Reason: place.ClosureHolidays}
			if _, err := st.AddClosure(ctx, "l00000", c, "test"); err != nil {
				t.Fatal(err)
			}
			regular := storetest.Sample("l00000").Horaires
			want := regular + "; " + c.From.Format("2006 Jan 02") + "-" + c.To.Format("2006 Jan 02") + " off"
			env := map[string]string{"MAILLAGE_DATABASE_URL": db}
			export := func(at time.Time, format string) map[string]string {
				t.Helper()
				r := runCmdAt(t, func() time.Time { return at }, "", env, "export", "--format", format)
				if r.code != 0 {
					t.Fatalf("export %s: %+v", format, r)
				}
				hours := map[string]string{}
				switch format {
				case "csv":
					rows, err := csv.NewReader(strings.NewReader(r.stdout)).ReadAll()
					if err != nil {
						t.Fatal(err)
					}
					for _, row := range rows[1:] {
						hours[row[0]] = row[14] // id, horaires: the schema's columns 1 and 15
					}
				default:
					var list []struct{ ID, Horaires string }
					if err := json.Unmarshal([]byte(r.stdout), &list); err != nil {
						t.Fatal(err)
					}
					for _, o := range list {
						hours[o.ID] = o.Horaires
					}
				}
				return hours
			}
			for _, format := range []string{"csv", "json"} {
				got := export(now, format)
				if got["l00000"] != want || got["l00001"] != regular {
					t.Errorf("%s: horaires %q and %q, want %q and %q", format, got["l00000"], got["l00001"], want, regular)
				}
			}
			if _, err := openinghours.Parse(want); err != nil {
				t.Errorf("%q is not OSM: %v", want, err)
			}
			// The day after its last day, in Paris.
			after := time.Date(c.To.Year(), c.To.Month(), c.To.Day()+1, 9, 0, 0, 0, openinghours.Paris)
			if got := export(after, "csv"); got["l00000"] != regular {
				t.Errorf("after the closure: %q, want %q", got["l00000"], regular)
			}
		})
	}
}
