package harvest

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"

	"maillage/internal/failure"
	"maillage/internal/importer"
	"maillage/internal/printable"
	"maillage/internal/store"
)

// withdrawn is how many records the import withdrew.
func withdrawn(res importer.Result) int { return res.Counts.Withdrawn }

func isURL(s string) bool {
	return strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://")
}

// fetch brings the source into a spool of the standard's content.
func (h *harvester) fetch(ctx context.Context) (*spool, error) {
	switch h.src.Type {
	case store.SourceStandard:
		return h.fetchFile(ctx, h.src.URL, nil, true)
	case store.SourceCoop:
		return h.fetchCoop(ctx)
	case store.SourceDataGouv:
		return h.fetchDataGouv(ctx)
	case store.SourceDataInclusion:
		return h.fetchDataInclusion(ctx)
	case store.SourceTableur:
		return h.fetchTableur(ctx)
	}
	return nil, failure.Errorf(failure.Invalid, "type de source « %s » inconnu (%s)", printable.String(h.src.Type), strings.Join(store.SourceTypes, ", "))
}

// fetchFile copies a local file or a URL into a spool; conditional asks a
// URL only for what changed since the last harvest.
func (h *harvester) fetchFile(ctx context.Context, where string, header http.Header, conditional bool) (*spool, error) {
	sp, err := newSpool(where, h.limits.File)
	if err != nil {
		return nil, err
	}
	if err := h.copyInto(ctx, sp, where, header, conditional); err != nil {
		sp.Close()
		return nil, err
	}
	return sp, nil
}

// copyInto copies a local file or a URL into w (a spool, which then keeps
// the answer's validators).
func (h *harvester) copyInto(ctx context.Context, w io.Writer, where string, header http.Header, conditional bool) error {
	if !isURL(where) {
		// Only a file declared as the source itself (on the command
		// line) is read from the server's disk: never an address an
		// answer gave.
		if where != h.src.URL || (h.src.Type != store.SourceStandard && h.src.Type != store.SourceTableur) {
			return failure.Errorf(failure.Forbidden, "Source « %s » : « %s » : seules les adresses http:// et https:// sont moissonnées", printable.String(h.src.Name), shown(where))
		}
		if err := checkScheme(where); err != nil {
			return failure.Errorf(failure.CodeOf(err), "Source « %s » : %s", printable.String(h.src.Name), failure.MessageOf(err))
		}
		f, err := os.Open(where)
		if err != nil {
			if os.IsNotExist(err) {
				return failure.Errorf(failure.NotFound, "%s : fichier introuvable", shown(where))
			}
			return fmt.Errorf("%s : lecture impossible : %w", shown(where), err)
		}
		defer f.Close()
		if sp, ok := w.(*spool); ok {
			if fi, err := f.Stat(); err == nil {
				sp.modTime = fi.ModTime()
			}
		}
		if _, err := io.Copy(w, f); err != nil {
			return err
		}
		return nil
	}
	r := request{url: where, header: header}
	if conditional && h.prev != nil && !h.opt.Force {
		r.etag, r.lastModified = h.prev.ETag, h.prev.LastModified
	}
	resp, err := h.get(ctx, r)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if sp, ok := w.(*spool); ok {
		sp.ETag, sp.LastModified = resp.Header.Get("ETag"), resp.Header.Get("Last-Modified")
		if t, err := http.ParseTime(sp.LastModified); err == nil {
			sp.modTime = t
		}
	}
	return copyBody(ctx, where, w, resp.Body)
}
