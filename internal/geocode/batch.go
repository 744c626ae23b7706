package geocode

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"maillage/internal/territory"
)

// Request is an address to geocode in a commune: the places of the
// registry, geocoded in bulk by imports and harvests.
type Request struct {
	Adresse    string
	CodePostal string
	Commune    string
	CodeINSEE  string // the commune the answer must be in
}

// Key is the address as the geocoding cache knows it: the address folded
// (case, accents, punctuation, spaces) and the INSEE code of its commune;
// without one, its postcode and commune as given ("|?" first: never an
// INSEE code's key).
func (r Request) Key() string {
	if r.CodeINSEE == "" {
		return territory.Fold(r.Adresse) + "|?" + strings.TrimSpace(r.CodePostal) + "|" + territory.Fold(r.Commune)
	}
	return territory.Fold(r.Adresse) + "|" + r.CodeINSEE
}

// Answer is the geocoder's best result for a request (Found false when
// it found nothing in the commune).
type Answer struct {
	Found    bool
	Lat, Lon float64
	Label    string
	Score    float64
	Type     string // housenumber, street, locality, municipality
	Citycode string
}

// Batch geocodes many addresses: through the service's CSV endpoint
// (POST {BaseURL}/search/csv/) from CSVFrom addresses, by chunks of
// ChunkSize rows, one request at a time, and through its search endpoint
// (GET {BaseURL}/search) for fewer. Both ask for results in the
// request's commune (citycode), or anywhere for a request without INSEE
// code; a self-hosted addok answers the same. Every request waits for
// Pace.
type Batch struct {
	BaseURL   string
	HTTP      *http.Client
	CSVFrom   int
	ChunkSize int
	// Pace spaces the requests (NewBatch: DefaultRate a second; nil: none).
	Pace *Pacer
	// csvMu sends the CSV requests one at a time, whoever asks.
	csvMu sync.Mutex
}

// Defaults of a Batch.
const (
	DefaultCSVFrom   = 20
	DefaultChunkSize = 1000
	// maxCSVAnswer bounds the answer to one chunk (the BAN's is some
	// 400 bytes a row).
	maxCSVAnswer = 16 << 20
)

// NewBatch returns a batch geocoder of the service at baseURL (""
// for DefaultURL).
func NewBatch(baseURL string) *Batch {
	if baseURL == "" {
		baseURL = DefaultURL
	}
	return &Batch{BaseURL: strings.TrimSuffix(baseURL, "/"), HTTP: &http.Client{Timeout: 2 * time.Minute},
		CSVFrom: DefaultCSVFrom, ChunkSize: DefaultChunkSize, Pace: NewPacer(DefaultRate)}
}

// Geocode returns the answers to reqs, in their order, and how many of
// the first were answered: on an error (the service unreachable or
// failing, wrapping ErrUnreachable; ctx done), the answers before n are
// kept.
func (b *Batch) Geocode(ctx context.Context, reqs []Request) (answers []Answer, n int, err error) {
	answers = make([]Answer, len(reqs))
	if len(reqs) < b.CSVFrom {
		for i, r := range reqs {
			a, err := b.search(ctx, r)
			if err != nil {
				return answers, i, err
			}
			answers[i] = a
		}
		return answers, len(reqs), nil
	}
	size := b.ChunkSize
	if size <= 0 {
		size = DefaultChunkSize
	}
	// The requests with an INSEE code are asked in their commune, the
	// others anywhere: CSVs of their own (the filter is a column of the
	// request).
	answered := make([]bool, len(reqs))
	for _, filtered := range []bool{true, false} {
		var idx []int
		for i, r := range reqs {
			if (r.CodeINSEE != "") == filtered {
				idx = append(idx, i)
			}
		}
		for start := 0; start < len(idx); start += size {
			part := idx[start:min(start+size, len(idx))]
			chunk := make([]Request, len(part))
			for k, i := range part {
				chunk[k] = reqs[i]
			}
			got := make([]Answer, len(part))
			if err := b.csv(ctx, chunk, got, filtered); err != nil {
				// The answers kept are those of the first requests.
				n := 0
				for n < len(reqs) && answered[n] {
					n++
				}
				return answers, n, err
			}
			for k, i := range part {
				answers[i], answered[i] = got[k], true
			}
		}
	}
	return answers, len(reqs), nil
}

// cityFilter is the citycode to filter on: none for Paris, Lyon and
// Marseille, whose addresses the BAN gives in their arrondissements (the
// answer is checked afterwards).
func cityFilter(code string) string {
	switch code {
	case "75056", "69123", "13055":
		return ""
	}
	return code
}

func (b *Batch) search(ctx context.Context, r Request) (Answer, error) {
	q := strings.Join(strings.Fields(r.Adresse+" "+r.CodePostal+" "+r.Commune), " ")
	if len(q) > MaxQuery {
		q = q[:MaxQuery]
	}
	v := url.Values{"q": {q}, "limit": {"1"}, "autocomplete": {"0"}}
	if c := cityFilter(r.CodeINSEE); c != "" {
		v.Set("citycode", c)
	}
	if err := b.Pace.Wait(ctx); err != nil {
		return Answer{}, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, b.BaseURL+"/search?"+v.Encode(), nil)
	if err != nil {
		return Answer{}, err
	}
	req.Header.Set("User-Agent", "maillage")
	resp, err := b.HTTP.Do(req)
	if err != nil {
		return Answer{}, fmt.Errorf("%w : %w", ErrUnreachable, err)
	}
	defer resp.Body.Close()
	switch {
	case resp.StatusCode >= 400 && resp.StatusCode < 500 && resp.StatusCode != http.StatusTooManyRequests:
		// A query the service does not understand: nothing found.
		return Answer{}, nil
	case resp.StatusCode != http.StatusOK:
		return Answer{}, fmt.Errorf("%w : %s", ErrUnreachable, resp.Status)
	}
	return parseSearchAnswer(http.MaxBytesReader(nil, resp.Body, 1<<20))
}

// csv geocodes a chunk through the CSV endpoint into answers, in the
// requests' communes when filtered.
func (b *Batch) csv(ctx context.Context, reqs []Request, answers []Answer, filtered bool) error {
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fields := [][2]string{{"columns", "adresse"}, {"columns", "code_postal"}, {"columns", "commune"}}
	if filtered {
		fields = append(fields, [2]string{"citycode", "code_insee"})
	}
	for _, f := range fields {
		if err := mw.WriteField(f[0], f[1]); err != nil {
			return err
		}
	}
	part, err := mw.CreateFormFile("data", "adresses.csv")
	if err != nil {
		return err
	}
	w := csv.NewWriter(part)
	w.Write([]string{"id", "adresse", "code_postal", "commune", "code_insee"})
	for i, r := range reqs {
		w.Write([]string{strconv.Itoa(i), oneLine(r.Adresse), oneLine(r.CodePostal), oneLine(r.Commune), cityFilter(r.CodeINSEE)})
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return err
	}
	if err := mw.Close(); err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, b.BaseURL+"/search/csv/", &body)
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("User-Agent", "maillage")
	// One CSV at a time: the service's batch endpoint is used sequentially.
	b.csvMu.Lock()
	defer b.csvMu.Unlock()
	if err := b.Pace.Wait(ctx); err != nil {
		return err
	}
	resp, err := b.HTTP.Do(req)
	if err != nil {
		return fmt.Errorf("%w : %w", ErrUnreachable, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%w : %s", ErrUnreachable, resp.Status)
	}
	got, err := ParseCSVAnswer(http.MaxBytesReader(nil, resp.Body, maxCSVAnswer), len(reqs))
	if err != nil {
		return err
	}
	for i, a := range got {
		answers[i] = a
	}
	return nil
}

// oneLine keeps a value on one line of the CSV sent.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
