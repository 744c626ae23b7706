package web

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"net/http"
	"net/url"
	"testing"
	"time"

	"maillage/internal/openinghours"
	"maillage/internal/place"
)

// csvHours reads the horaires of every record of a CSV download.
func csvHours(t *testing.T, body string) map[string]string {
	t.Helper()
	rows, err := csv.NewReader(bytes.NewReader([]byte(body))).ReadAll()
	if err != nil || len(rows) < 2 {
		t.Fatalf("csv: %v, %d rows", err, len(rows))
	}
	id, hours := -1, -1
	for i, name := range rows[0] {
		switch name {
		case "id":
			id = i
		case "horaires":
			hours = i
		}
	}
	if id < 0 || hours < 0 {
		t.Fatalf("csv header %v", rows[0])
	}
	out := map[string]string{}
	for _, r := range rows[1:] {
		out[r[id]] = r[hours]
	}
	return out
}

// jsonHours reads the horaires of the places of a JSON download, an API
// list or a GeoJSON collection.
func jsonHours(t *testing.T, body string) map[string]string {
	t.Helper()
	var list []map[string]any
	var fc struct {
		Features []struct{ Properties map[string]any }
	}
	var api struct{ Lieux []map[string]any }
	switch {
	case json.Unmarshal([]byte(body), &list) == nil:
	case json.Unmarshal([]byte(body), &fc) == nil && len(fc.Features) > 0:
		for _, f := range fc.Features {
			list = append(list, f.Properties)
		}
	case json.Unmarshal([]byte(body), &api) == nil && len(api.Lieux) > 0:
		list = api.Lieux
	default:
		t.Fatalf("not a list of places: %.300s", body)
	}
	out := map[string]string{}
	for _, o := range list {
		h, _ := o["horaires"].(string)
		out[o["id"].(string)] = h
	}
	return out
}

// TestDownloadsPublishClosures: a closure announced from the place's form
// (no restart) changes every publication of the place in the standard:
// its horaires get the OSM rule closing the closure's days, after its
// regular hours, which the project's own opening_hours evaluation reads
// as closed on those days and open again after. Hours that are not OSM,
// or none, are left alone. Once the closure has ended (the clock moves,
// not the revision) it is gone from the files, with a new ETag; withdrawn,
// it is gone too.
func TestDownloadsPublishClosures(t *testing.T) {
	bare := lieu("sans-horaires", 43.62, 1.45, func(l *place.Lieu) { l.Horaires = "" })
	ts := newTestServer(t, append(fixture(), bare)...)
	ctx := context.Background()
	_, cookie := claimant(t, ts, "tls-1")
	regular := "Mo-Fr 09:00-12:00,14:00-17:00; PH off"
	before := ts.get(t, "/donnees/lieux.csv")
	if got := csvHours(t, before.Body)["tls-1"]; got != regular {
		t.Fatalf("tls-1's horaires before any closure: %q", got)
	}
	// Today is Monday 23 November 2026: a closure from 30 November to 4
	// December, announced as its structure does; and closures of places
	// whose hours are not OSM (albi-1, « lundi matin ») or missing.
	res := postForm(t, ts, "/lieux/tls-1/fermetures", url.Values{"du": {"2026-11-30"}, "au": {"2026-12-04"}, "motif": {"travaux"}}, cookie)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("announce: %d %s", res.StatusCode, res.Body)
	}
	none := bare.ID
	for _, id := range []string{"albi-1", none} {
		from, _ := place.ParseClosureDay("2026-11-24")
		if _, err := ts.store.AddClosure(ctx, id, place.Closure{From: from, To: from, Reason: place.ClosureHolidays}, "test"); err != nil {
			t.Fatal(err)
		}
	}
	if err := ts.syncOwn(ctx, "albi-1", none); err != nil {
		t.Fatal(err)
	}
	want := regular + "; 2026 Nov 30-2026 Dec 04 off"
	during := ts.get(t, "/donnees/lieux.csv")
	if during.Header.Get("ETag") == before.Header.Get("ETag") {
		t.Errorf("the CSV kept its ETag %s after a closure was announced", during.Header.Get("ETag"))
	}
	hours := csvHours(t, during.Body)
	if hours["tls-1"] != want {
		t.Errorf("CSV horaires of tls-1: %q, want %q", hours["tls-1"], want)
	}
	if hours["albi-1"] != "lundi matin" || hours[none] != "" {
		t.Errorf("hours that are not OSM or none changed: albi-1 %q, %s %q", hours["albi-1"], none, hours[none])
	}
	// The same horaires everywhere the place is published.
	for _, path := range []string{"/donnees/lieux.json", "/donnees/lieux.geojson", "/api/v1/lieux?q=Capitole", "/api/v1/lieux.geojson?q=Capitole"} {
		if got := jsonHours(t, ts.get(t, path).Body)["tls-1"]; got != want {
			t.Errorf("%s: horaires of tls-1 %q, want %q", path, got, want)
		}
	}
	var one map[string]any
	decode(t, ts.get(t, "/api/v1/lieux/tls-1").Body, &one)
	if one["horaires"] != want {
		t.Errorf("/api/v1/lieux/tls-1: horaires %q, want %q", one["horaires"], want)
	}
	// Read as OSM opening_hours: closed on Tuesday 1 December at 10:00,
	// open on Monday 7 December at 10:00, as on Monday 23 November.
	h, err := openinghours.Parse(want)
	if err != nil {
		t.Fatalf("the published horaires are not OSM: %v", err)
	}
	for at, open := range map[time.Time]bool{
		time.Date(2026, 11, 23, 10, 0, 0, 0, openinghours.Paris): true,
		time.Date(2026, 12, 1, 10, 0, 0, 0, openinghours.Paris):  false,
		time.Date(2026, 12, 4, 15, 0, 0, 0, openinghours.Paris):  false,
		time.Date(2026, 12, 7, 10, 0, 0, 0, openinghours.Paris):  true,
	} {
		if st := h.At(at, "31"); st.Open != open || st.Unknown {
			t.Errorf("%s: %+v, want open %v", at, st, open)
		}
	}

	// Saturday 5 December: the closure has ended. Same revision, but the
	// files no longer carry it, under a new ETag, modified that night.
	rev := ts.index.Load().Rev
	ts.cfg.Now = func() time.Time { return time.Date(2026, 12, 5, 8, 0, 0, 0, openinghours.Paris) }
	after := ts.get(t, "/donnees/lieux.csv")
	if ts.index.Load().Rev != rev {
		t.Fatalf("the revision moved with the clock")
	}
	if got := csvHours(t, after.Body)["tls-1"]; got != regular {
		t.Errorf("after the closure: %q, want %q", got, regular)
	}
	if after.Header.Get("ETag") == during.Header.Get("ETag") {
		t.Errorf("the ETag %s stayed when the closure ended", after.Header.Get("ETag"))
	}
	if res := ts.get(t, "/donnees/lieux.csv", "If-None-Match", during.Header.Get("ETag")); res.StatusCode != http.StatusOK {
		t.Errorf("the file of before the end still matches: %d", res.StatusCode)
	}
	if lm, err := http.ParseTime(after.Header.Get("Last-Modified")); err != nil || lm.Before(time.Date(2026, 12, 5, 0, 0, 0, 0, openinghours.Paris)) {
		t.Errorf("Last-Modified %q (%v), want the night the closure ended", after.Header.Get("Last-Modified"), err)
	}
	if got := jsonHours(t, ts.get(t, "/donnees/lieux.json").Body)["tls-1"]; got != regular {
		t.Errorf("JSON after the closure: %q", got)
	}

	// Back on 23 November, the closure withdrawn: gone from the files.
	ts.cfg.Now = func() time.Time { return monday10h }
	cs, err := ts.store.ClosuresOf(ctx, []string{"tls-1"})
	if err != nil || len(cs["tls-1"]) != 1 {
		t.Fatalf("closures of tls-1: %v %v", cs, err)
	}
	if res := postForm(t, ts, SitePath("lieux", "tls-1", "fermetures", cs["tls-1"][0].ID, "retirer"), nil, cookie); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("withdraw: %d %s", res.StatusCode, res.Body)
	}
	if got := csvHours(t, ts.get(t, "/donnees/lieux.csv").Body)["tls-1"]; got != regular {
		t.Errorf("after the withdrawal: %q", got)
	}
}

// TestPublishedHoursBounded: a place with many closures keeps horaires
// the registry's reader accepts (openinghours.MaxLength): the closures
// that begin first are published, the others are left out.
func TestPublishedHoursBounded(t *testing.T) {
	ts := newTestServer(t, fixture()...)
	ctx := context.Background()
	first, _ := place.ParseClosureDay("2026-11-24")
	for i := range place.MaxOpenClosures {
		d := first.AddDate(0, 0, 3*i)
		if _, err := ts.store.AddClosure(ctx, "tls-1", place.Closure{From: d, To: d.AddDate(0, 0, 1), Reason: place.ClosureOther, Text: "formation"}, "test"); err != nil {
			t.Fatal(err)
		}
	}
	if err := ts.syncOwn(ctx, "tls-1"); err != nil {
		t.Fatal(err)
	}
	got := csvHours(t, ts.get(t, "/donnees/lieux.csv").Body)["tls-1"]
	if len(got) > openinghours.MaxLength {
		t.Errorf("horaires of %d bytes, more than %d", len(got), openinghours.MaxLength)
	}
	if _, err := openinghours.Parse(got); err != nil {
		t.Errorf("horaires not OSM: %v\n%s", err, got)
	}
	const firstRule = "Mo-Fr 09:00-12:00,14:00-17:00; PH off; 2026 Nov 24-2026 Nov 25 off; 2026 Nov 27-2026 Nov 28 off"
	if len(got) < len(firstRule) || got[:len(firstRule)] != firstRule {
		t.Errorf("horaires do not begin with the first closures:\n%s", got)
	}
}
