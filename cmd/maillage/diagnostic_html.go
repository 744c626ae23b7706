package main

import (
	"context"
	"io"
	"time"

	"maillage/internal/diagnostic"
	"maillage/internal/store"
	"maillage/internal/territory"
	"maillage/internal/web"
)

// writeDiagnosticHTML writes the report as the site's page of it, one
// self-contained file (web.WriteDiagnosticDocument): the same templates,
// the style sheet inline, no link to a server; with the page's
// recommendation (web.DiagnosticPicks new places: 5, at most one per commune), the places of the
// territory and where the registry's places come from.
func writeDiagnosticHTML(ctx context.Context, w io.Writer, st store.Store, ref *territory.Referential, r *diagnostic.Report, now time.Time) error {
	k := web.DiagnosticPicks(len(r.Rows))
	im, err := diagnostic.Implant(ctx, st, ref, r.Territory, r.Options, k, nil)
	if err != nil {
		return err
	}
	reg, err := diagnostic.RegistryOf(ctx, st)
	if err != nil {
		return err
	}
	places, err := diagnostic.PlacesIn(ctx, st, ref, r.Territory, r.Options.Service)
	if err != nil {
		return err
	}
	return web.WriteDiagnosticDocument(w, web.DiagnosticDocument{Report: r, Implantation: im, Picks: k,
		Referential: ref, Registry: reg, Places: places, Now: now})
}
