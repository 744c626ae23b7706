package harvest

import (
	"context"
	"fmt"

	"maillage/internal/failure"
	"maillage/internal/french"
	"maillage/internal/printable"
	"maillage/internal/standard"
	"maillage/internal/store"
)

// fetchTableur reads a spreadsheet (file or URL) and converts it to the
// standard with the source's correspondence.
func (h *harvester) fetchTableur(ctx context.Context) (*spool, error) {
	convert := h.opt.Tableur // nil: internal/tableur, with the spreadsheet's lines
	if h.src.Correspondence == "" {
		return nil, failure.Errorf(failure.Invalid, "source « %s » : un tableur demande une correspondance (--correspondance FICHIER ou NOM)", printable.String(h.src.Name))
	}
	raw, err := h.fetchFile(ctx, h.src.URL, nil, true)
	if err != nil {
		return nil, err
	}
	defer raw.Close()
	in, err := raw.Rewind()
	if err != nil {
		return nil, err
	}
	out, err := newSpool(h.src.URL, h.limits.File)
	if err != nil {
		return nil, err
	}
	out.ETag, out.LastModified = raw.ETag, raw.LastModified
	date := raw.modTime
	if date.IsZero() {
		date = h.started
	}
	var diags []standard.Diagnostic
	if convert != nil {
		diags, err = convert(ctx, in, store.WithoutSecrets(h.src.URL), h.src.Correspondence, date, out)
	} else {
		diags, out.relocate, out.kept, err = convertLocated(ctx, in, store.WithoutSecrets(h.src.URL), h.src.Correspondence, date, out)
	}
	if err != nil {
		out.Close()
		return nil, fmt.Errorf("%s : conversion du tableur impossible : %w", shown(h.src.URL), err)
	}
	h.note("Tableur converti avec la correspondance « %s » : %s", printable.String(h.src.Correspondence), french.Count(len(diags), "remarque", "remarques"))
	for i, d := range diags {
		if i == 20 {
			h.note("… et %s", french.Count(len(diags)-20, "autre remarque", "autres remarques"))
			break
		}
		h.note("%s", d.String())
	}
	return out, nil
}
