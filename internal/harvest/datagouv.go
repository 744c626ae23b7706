package harvest

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"runtime"
	"strings"

	"maillage/internal/failure"
	"maillage/internal/french"
	"maillage/internal/importer"
	"maillage/internal/printable"
	"maillage/internal/standard"
	"maillage/internal/store"
)

// SchemaName is the name data.gouv.fr gives the standard's schema.
const SchemaName = "LaMednum/standard-mediation-num"

// maxMetadata bounds an API's answer that is not a file of places (a
// dataset's description).
const maxMetadata = 16 << 20

// dataset is what the harvest reads of data.gouv.fr's answer about a
// dataset (GET /api/1/datasets/{id}/).
type dataset struct {
	ID        string `json:"id"`
	Title     string `json:"title"`
	Resources []struct {
		ID     string `json:"id"`
		Title  string `json:"title"`
		Format string `json:"format"`
		URL    string `json:"url"`
		Schema *struct {
			Name    string `json:"name"`
			Version string `json:"version"`
		} `json:"schema"`
	} `json:"resources"`
}

// datasetRef reads the dataset named by a source: an id, a slug or the
// address of its page ("https://www.data.gouv.fr/fr/datasets/SLUG/").
func datasetRef(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.Index(s, "/datasets/"); i >= 0 {
		s = s[i+len("/datasets/"):]
	}
	s = strings.SplitN(strings.SplitN(s, "?", 2)[0], "#", 2)[0]
	return strings.Trim(s, "/")
}

// fetchDataGouv harvests every resource of a data.gouv.fr dataset that
// declares the standard's schema. Several resources (often the same places
// as CSV and JSON) make one file of the standard: a place given by several
// is kept once, as the first gave it.
func (h *harvester) fetchDataGouv(ctx context.Context) (*spool, error) {
	base := h.opt.DataGouvURL
	if base == "" {
		base = DataGouvURL
	}
	ref := datasetRef(h.src.URL)
	if ref == "" {
		return nil, failure.Errorf(failure.Invalid, "source « %s » : jeu de données data.gouv.fr manquant (--url IDENTIFIANT ou SLUG)", printable.String(h.src.Name))
	}
	api := strings.TrimSuffix(base, "/") + "/datasets/" + url.PathEscape(ref) + "/"
	resp, err := h.get(ctx, request{url: api, header: map[string][]string{"Accept": {"application/json"}}})
	if err != nil {
		return nil, err
	}
	var ds dataset
	err = json.NewDecoder(io.LimitReader(resp.Body, maxMetadata)).Decode(&ds)
	resp.Body.Close()
	if err != nil {
		return nil, failure.Errorf(failure.Invalid, "%s : réponse illisible de data.gouv.fr (%s)", shown(api), printable.String(err.Error()))
	}
	var urls []string
	for _, r := range ds.Resources {
		if r.Schema != nil && r.Schema.Name == SchemaName && r.URL != "" {
			// Whoever published the dataset chose this address: never a
			// file of the server, nor a scheme other than http(s). Such a
			// resource fails the harvest, as one that cannot be fetched:
			// harvesting the others alone would withdraw its places
			// without a word (below the mass-loss guard).
			if err := remoteURL(r.URL); err != nil {
				return nil, failure.Errorf(failure.Invalid, "jeu de données « %s » (%s) : la ressource « %s » déclare le schéma %s, mais son adresse est refusée (%s) : moisson arrêtée, le registre est inchangé",
					printable.String(ds.Title), printable.String(ref), printable.String(r.Title), SchemaName, printable.String(failure.MessageOf(err)))
			}
			urls = append(urls, r.URL)
			h.note("Ressource « %s » (%s, schéma %s %s) : %s", r.Title, r.Format, r.Schema.Name, r.Schema.Version, shown(r.URL))
		}
	}
	if len(urls) == 0 {
		which := "aucune de ses " + french.Count(len(ds.Resources), "ressource", "ressources") + " ne déclare"
		if len(ds.Resources) == 1 {
			which = "sa seule ressource ne déclare pas"
		}
		return nil, failure.Errorf(failure.NotFound, "jeu de données « %s » (%s) : %s le schéma %s avec une adresse http:// ou https://",
			printable.String(ds.Title), printable.String(ref), which, SchemaName)
	}
	if len(urls) == 1 {
		return h.fetchFile(ctx, urls[0], nil, true)
	}
	return h.combine(ctx, "data.gouv.fr/"+ref, urls)
}

// combine reads several files of the standard and writes their valid
// places, each id once, as one JSON file of the standard. The records
// rejected in every resource that gives them go with it (spool.rejected):
// the source lists them still, so they are kept, as a single file's
// rejected records are, not withdrawn.
func (h *harvester) combine(ctx context.Context, name string, sources []string) (*spool, error) {
	out, err := newSpool(name, h.limits.File)
	if err != nil {
		return nil, err
	}
	fail := func(err error) (*spool, error) {
		out.Close()
		return nil, err
	}
	enc, err := standard.NewEncoder("json", out)
	if err != nil {
		return fail(err)
	}
	seen := map[string]bool{}
	var origins []elementOrigin
	var rejected []importer.Rejected
	rejectedIDs := map[string]bool{}
	for _, src := range sources {
		in, err := h.fetchFile(ctx, src, nil, false)
		if err != nil {
			return fail(err)
		}
		r, err := in.Rewind()
		if err != nil {
			in.Close()
			return fail(err)
		}
		sc, err := standard.NewScannerOptions(r, store.WithoutSecrets(src), standard.Options{Context: ctx, Limits: h.limits, Workers: runtime.GOMAXPROCS(0)})
		if err != nil {
			in.Close()
			return fail(err)
		}
		twice := 0
		for sc.Scan() {
			e := sc.Entry()
			if !e.OK {
				if !rejectedIDs[e.Lieu.ID] {
					rejectedIDs[e.Lieu.ID] = true
					rejected = append(rejected, importer.Rejected{ID: e.Lieu.ID, File: store.WithoutSecrets(src), Line: e.Line, Index: e.Index, Diagnostics: e.Diagnostics})
				}
				continue
			}
			if seen[e.Lieu.ID] {
				twice++
				continue
			}
			seen[e.Lieu.ID] = true
			origins = append(origins, elementOrigin{file: store.WithoutSecrets(src), line: e.Line, index: e.Index})
			if err := enc.Encode(&e.Lieu); err != nil {
				sc.Close()
				in.Close()
				return fail(err)
			}
		}
		sc.Close()
		in.Close()
		if err := sc.Err(); err != nil {
			return fail(err)
		}
		h.note("%s : %s ; %s déjà donnés par une ressource précédente%s", shown(src), sc.Summary,
			french.Count(twice, "lieu", "lieux"), rejectedNote(sc.Summary.Rejected))
	}
	if err := enc.Close(); err != nil {
		return fail(err)
	}
	out.relocate = relocateTo(name, origins)
	// A record rejected in one resource and given valid by another is
	// imported as the valid one gave it.
	for _, r := range rejected {
		if r.ID == "" || !seen[r.ID] {
			out.rejected = append(out.rejected, r)
			// What was rejected is part of what the source said: a
			// change in it is a change of the source (the content hash
			// says whether to import).
			fmt.Fprintf(out.h, "\x00rejete\x00%s\x00%s", r.ID, r.File)
		}
	}
	return out, nil
}

func rejectedNote(n int) string {
	if n == 0 {
		return ""
	}
	return fmt.Sprintf(" (%s : maillage validate sur la ressource les détaille)", french.Count(n, "rejeté", "rejetés"))
}
