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
// (case, accents, punctuation, spaces) and the INSEE code of its commune.
func (r Request) Key() string {
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
// ChunkSize rows, and through its search endpoint (GET {BaseURL}/search)
// for fewer. Both ask for results in the request's commune (citycode);
// a self-hosted addok answers the same.
type Batch struct {
	BaseURL   string
	HTTP      *http.Client
	CSVFrom   int
	ChunkSize int
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
		CSVFrom: DefaultCSVFrom, ChunkSize: DefaultChunkSize}
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
	for start := 0; start < len(reqs); start += size {
		end := min(start+size, len(reqs))
		if err := b.csv(ctx, reqs[start:end], answers[start:end]); err != nil {
			return answers, start, err
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

// csv geocodes a chunk through the CSV endpoint into answers.
func (b *Batch) csv(ctx context.Context, reqs []Request, answers []Answer) error {
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for _, f := range [][2]string{{"columns", "adresse"}, {"columns", "code_postal"}, {"columns", "commune"}, {"citycode", "code_insee"}} {
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
