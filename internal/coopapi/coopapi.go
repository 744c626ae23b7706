// Package coopapi reads the statistics of the partner API v1 of the Coop
// de la médiation numérique (GET /api/v1/statistiques, JSON:API, a client
// id and secret as a bearer token « id:secret »), one département and one
// calendar month at a time, into activity.APIAggregate values. The answer
// is one resource (type « statistiques »): no pagination. Values of the
// Coop's enums (« DiagnosticNumerique », « ADistance », « Feminin »…) are
// read as our API values (diagnostic_numerique, a_distance, feminin…).
package coopapi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"

	"maillage/internal/activity"
	"maillage/internal/place"
)

// DefaultURL is the Coop's production API.
const DefaultURL = "https://coop-numerique.anct.gouv.fr/api/v1"

// MaxBody bounds an answer (a département-month is a few kilobytes).
const MaxBody = 4 << 20

// Client asks the Coop's API. Key is « client-id:client-secret »: sent in
// the Authorization header only, never in a URL nor in a message.
type Client struct {
	BaseURL string
	Key     string
	HTTP    *http.Client
	// Retries is how many times a 429 (after its Retry-After, at most
	// MaxWait) or a 502/503/504 is asked again.
	Retries int
	MaxWait time.Duration
	// Sleep waits (tests pass a fake); nil: a timer, cut by ctx.
	Sleep func(ctx context.Context, d time.Duration) error
	// Now reads the clock for a Retry-After given as a date.
	Now func() time.Time
}

// Error is a failure of the API, in French, with the HTTP status (0 when
// the answer could not be read at all).
type Error struct {
	Status int
	Msg    string
}

func (e *Error) Error() string { return e.Msg }

// Month fetches the statistics of one département over one month
// (YYYY-MM), and returns them as an aggregate (Fetched and ImportID are
// the caller's).
func (c *Client) Month(ctx context.Context, departement, month string) (activity.APIAggregate, error) {
	first, err := time.Parse("2006-01", month)
	if err != nil {
		return activity.APIAggregate{}, fmt.Errorf("mois « %s » : un mois s'écrit AAAA-MM", month)
	}
	last := first.AddDate(0, 1, -1)
	where := fmt.Sprintf("département %s, %s", departement, month)
	base, err := url.Parse(strings.TrimRight(c.BaseURL, "/") + "/statistiques")
	if err != nil || (base.Scheme != "https" && base.Scheme != "http") || base.Host == "" || base.User != nil {
		return activity.APIAggregate{}, &Error{Msg: "adresse de l'API de la Coop illisible : une adresse http(s) sans identifiants (MAILLAGE_COOP_API_URL)"}
	}
	q := url.Values{}
	q.Set("filter[du]", first.Format("2006-01-02"))
	q.Set("filter[au]", last.Format("2006-01-02"))
	q.Set("filter[departements]", departement)
	base.RawQuery = q.Encode()
	body, err := c.get(ctx, base.String(), where)
	if err != nil {
		return activity.APIAggregate{}, err
	}
	g, err := Parse(body)
	if err != nil {
		return activity.APIAggregate{}, &Error{Status: http.StatusOK, Msg: "API de la Coop (" + where + ") : réponse illisible : " + err.Error() + " ; rien n'est importé"}
	}
	g.Departement, g.Month = departement, month
	if ps := g.Validate(); len(ps) > 0 {
		msgs := make([]string, len(ps))
		for i, p := range ps {
			msgs[i] = p.Message + " (règle " + p.Rule + ")"
		}
		return activity.APIAggregate{}, &Error{Status: http.StatusOK, Msg: "API de la Coop (" + where + ") : réponse incohérente : " + strings.Join(msgs, " ; ") + " ; rien n'est importé"}
	}
	return g, nil
}

func (c *Client) get(ctx context.Context, u, where string) ([]byte, error) {
	client := &http.Client{Timeout: 60 * time.Second}
	if c.HTTP != nil {
		copied := *c.HTTP
		client = &copied
	}
	// No redirect is followed: Go keeps Authorization on a redirect to the
	// same host name on another port or scheme, and the key must go to the
	// configured address only.
	client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	sleep := c.Sleep
	if sleep == nil {
		sleep = func(ctx context.Context, d time.Duration) error {
			t := time.NewTimer(d)
			defer t.Stop()
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-t.C:
				return nil
			}
		}
	}
	maxWait := c.MaxWait
	if maxWait <= 0 {
		maxWait = 2 * time.Minute
	}
	for attempt := 0; ; attempt++ {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
		if err != nil {
			return nil, err
		}
		req.Header.Set("Authorization", "Bearer "+c.Key)
		req.Header.Set("Accept", "application/vnd.api+json, application/json")
		res, err := client.Do(req)
		if err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			// The error names the URL, which holds no key: its host only.
			var ue *url.Error
			if errors.As(err, &ue) {
				err = ue.Err
			}
			return nil, &Error{Msg: "API de la Coop (" + where + ") : injoignable : " + err.Error()}
		}
		body, err := io.ReadAll(io.LimitReader(res.Body, MaxBody+1))
		res.Body.Close()
		if err != nil {
			return nil, &Error{Status: res.StatusCode, Msg: "API de la Coop (" + where + ") : réponse interrompue : " + err.Error()}
		}
		switch {
		case res.StatusCode >= 300 && res.StatusCode < 400:
			loc := c.redact(res.Header.Get("Location"))
			return nil, &Error{Status: res.StatusCode, Msg: fmt.Sprintf("API de la Coop (%s) : HTTP %d, redirection vers « %s » non suivie (la clé n'est envoyée qu'à MAILLAGE_COOP_API_URL : corrigez l'adresse) ; rien n'est importé", where, res.StatusCode, clip(printable(loc)))}
		case res.StatusCode == http.StatusOK:
			if len(body) > MaxBody {
				return nil, &Error{Status: res.StatusCode, Msg: fmt.Sprintf("API de la Coop (%s) : réponse de plus de %d Mio ; rien n'est importé", where, MaxBody>>20)}
			}
			return body, nil
		case res.StatusCode == http.StatusUnauthorized || res.StatusCode == http.StatusForbidden:
			return nil, &Error{Status: res.StatusCode, Msg: fmt.Sprintf("API de la Coop (%s) : clé refusée (HTTP %d) : vérifiez MAILLAGE_COOP_API_CLE (« identifiant:secret » d'un client API avec la portée Statistiques)", where, res.StatusCode)}
		case res.StatusCode == http.StatusTooManyRequests || res.StatusCode == http.StatusBadGateway ||
			res.StatusCode == http.StatusServiceUnavailable || res.StatusCode == http.StatusGatewayTimeout:
			now := time.Now
			if c.Now != nil {
				now = c.Now
			}
			wait, ok := retryAfter(res.Header.Get("Retry-After"), now())
			if !ok {
				wait = time.Duration(attempt+1) * 5 * time.Second
			}
			if attempt >= c.Retries || wait > maxWait {
				msg := fmt.Sprintf("API de la Coop (%s) : HTTP %d, encore après %d essai(s)", where, res.StatusCode, attempt+1)
				if wait > maxWait {
					msg = fmt.Sprintf("API de la Coop (%s) : HTTP %d, réessayer dans %s (plus que l'attente permise)", where, res.StatusCode, wait.Round(time.Second))
				}
				return nil, &Error{Status: res.StatusCode, Msg: msg + " ; rien n'est importé, relancez plus tard"}
			}
			if err := sleep(ctx, wait); err != nil {
				return nil, err
			}
		default:
			return nil, &Error{Status: res.StatusCode, Msg: fmt.Sprintf("API de la Coop (%s) : HTTP %d%s ; rien n'est importé", where, res.StatusCode, c.apiMessage(body))}
		}
	}
}

// retryAfter reads a Retry-After header: seconds, or an HTTP date.
func retryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if n, err := strconv.Atoi(v); err == nil && n >= 0 {
		return time.Duration(n) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		if d := t.Sub(now); d > 0 {
			return d, true
		}
		return 0, true
	}
	return 0, false
}

// apiMessage gives the « error » of a JSON answer, clipped and printable,
// with the key blanked out (a server may echo it).
func (c *Client) apiMessage(body []byte) string {
	var e struct {
		Error any `json:"error"`
	}
	if json.Unmarshal(body, &e) != nil || e.Error == nil {
		return ""
	}
	s := printable(c.redact(fmt.Sprint(e.Error)))
	if r := []rune(s); len(r) > 200 {
		s = string(r[:200]) + "…"
	}
	return " : « " + s + " »"
}

// bearer is a bearer credential as a server may quote it back.
var bearer = regexp.MustCompile(`(?i)bearer\s+\S+`)

// redact blanks the key, its secret alone, and any « Bearer … » out of a
// text quoted from the server.
func (c *Client) redact(s string) string {
	const blank = "[clé masquée]"
	s = bearer.ReplaceAllString(s, "Bearer "+blank)
	if c.Key != "" {
		s = strings.ReplaceAll(s, c.Key, blank)
		if _, secret, ok := strings.Cut(c.Key, ":"); ok && len(secret) >= 4 {
			s = strings.ReplaceAll(s, secret, blank)
		}
	}
	return s
}

// printable turns control and format characters into spaces.
func printable(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			return ' '
		}
		return r
	}, s)
}

// The answer, as the Coop's route documents it (snake_case keys).
type valueCount struct {
	Value string          `json:"value"`
	Label string          `json:"label"`
	Count json.RawMessage `json:"count"`
}

type totalProp struct {
	Total        json.RawMessage `json:"total"`
	Participants json.RawMessage `json:"participants"`
}

type document struct {
	Data *struct {
		Type       string `json:"type"`
		Attributes *struct {
			Beneficiaires *struct {
				Total        json.RawMessage `json:"total"`
				Genres       []valueCount    `json:"genres"`
				TrancheAges  []valueCount    `json:"tranche_ages"`
				StatutsSocia []valueCount    `json:"statuts_social"`
			} `json:"beneficiaires"`
			Activites *struct {
				Total       json.RawMessage `json:"total"`
				Durees      []valueCount    `json:"durees"`
				TypeLieu    []valueCount    `json:"type_lieu"`
				Thematiques []valueCount    `json:"thematiques"`
				Demarches   []valueCount    `json:"thematiques_demarches"`
			} `json:"activites"`
			Totaux *struct {
				Activites *struct {
					Total       json.RawMessage `json:"total"`
					Individuels *totalProp      `json:"individuels"`
					Collectifs  *totalProp      `json:"collectifs"`
				} `json:"activites"`
				Accompagnements *struct {
					Total json.RawMessage `json:"total"`
				} `json:"accompagnements"`
			} `json:"totaux"`
		} `json:"attributes"`
	} `json:"data"`
	Errors json.RawMessage `json:"errors"`
}

// Parse reads an answer of /statistiques (its Departement and Month are
// the caller's). Every count is a whole number from 0 to
// activity.MaxAPICount; a value of an enum that none of our vocabularies
// knows is an error (the figures would not add up silently).
func Parse(body []byte) (activity.APIAggregate, error) {
	var g activity.APIAggregate
	var d document
	dec := json.NewDecoder(strings.NewReader(string(body)))
	if err := dec.Decode(&d); err != nil {
		return g, fmt.Errorf("JSON illisible (%s)", clip(err.Error()))
	}
	if dec.More() {
		return g, errors.New("du texte suit le document JSON")
	}
	if d.Data == nil {
		if len(d.Errors) > 0 {
			return g, errors.New("la réponse est une erreur JSON:API (« errors »), sans « data »")
		}
		return g, errors.New("« data » absent : ce n'est pas une réponse de /statistiques")
	}
	if d.Data.Type != "statistiques" {
		return g, fmt.Errorf("« data.type » vaut « %s », « statistiques » attendu", clip(d.Data.Type))
	}
	a := d.Data.Attributes
	if a == nil || a.Totaux == nil || a.Totaux.Activites == nil || a.Totaux.Activites.Individuels == nil || a.Totaux.Activites.Collectifs == nil ||
		a.Totaux.Accompagnements == nil {
		return g, errors.New("« data.attributes.totaux » incomplet (activites.individuels, activites.collectifs, accompagnements attendus)")
	}
	var err error
	num := func(field string, raw json.RawMessage, dst *int) {
		if err != nil {
			return
		}
		*dst, err = count(field, raw)
	}
	t := a.Totaux
	num("totaux.activites.total", t.Activites.Total, &g.Activities)
	num("totaux.activites.individuels.total", t.Activites.Individuels.Total, &g.Individual)
	num("totaux.activites.collectifs.total", t.Activites.Collectifs.Total, &g.Workshops)
	num("totaux.activites.collectifs.participants", t.Activites.Collectifs.Participants, &g.WorkshopParticipants)
	num("totaux.accompagnements.total", t.Accompagnements.Total, &g.Accompaniments)
	if a.Beneficiaires != nil {
		num("beneficiaires.total", a.Beneficiaires.Total, &g.Beneficiaries)
		if err == nil {
			g.Genders, err = breakdown("beneficiaires.genres", a.Beneficiaires.Genres, activity.Genders)
		}
		if err == nil {
			g.AgeBands, err = breakdown("beneficiaires.tranche_ages", a.Beneficiaires.TrancheAges, activity.AgeBands)
		}
		if err == nil {
			g.Statuses, err = breakdown("beneficiaires.statuts_social", a.Beneficiaires.StatutsSocia, activity.Statuses)
		}
	}
	if a.Activites != nil && err == nil {
		if g.PlaceTypes, err = breakdown("activites.type_lieu", a.Activites.TypeLieu, activity.PlaceTypes); err == nil {
			g.Thematics, err = breakdown("activites.thematiques", append(append([]valueCount{}, a.Activites.Thematiques...), a.Activites.Demarches...), activity.AllThematics)
		}
		if err == nil {
			var ranges activity.Vocabulary
			for _, r := range activity.DurationRanges {
				ranges = append(ranges, activity.Term{Value: r.Key, Label: r.Label})
			}
			g.Durations, err = breakdown("activites.durees", a.Activites.Durees, ranges)
		}
	}
	return g, err
}

// count reads a whole, bounded, non-negative number.
func count(field string, raw json.RawMessage) (int, error) {
	s := strings.TrimSpace(string(raw))
	if s == "" || s == "null" {
		return 0, fmt.Errorf("« %s » absent", field)
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		if f, ferr := strconv.ParseFloat(s, 64); ferr == nil && f == float64(int64(f)) {
			n, err = int64(f), nil
		}
	}
	if err != nil || n < 0 || n > activity.MaxAPICount {
		return 0, fmt.Errorf("« %s » vaut « %s » : un nombre entier de 0 à %d", field, clip(s), activity.MaxAPICount)
	}
	return int(n), nil
}

// breakdown reads a list of value/label/count into our API values; zero
// counts are left out, a value given twice adds up.
func breakdown(field string, vs []valueCount, vocab activity.Vocabulary) (map[string]int, error) {
	out := map[string]int{}
	for _, v := range vs {
		// The value says it; a label only when there is no value.
		name := v.Value
		if name == "" {
			name = v.Label
		}
		key, ok := term(vocab, name)
		if !ok {
			return nil, fmt.Errorf("« %s » : valeur « %s » inconnue (valeurs attendues : %s)", field, clip(name), strings.Join(vocab.Values(), ", "))
		}
		n, err := count(field+"."+key+".count", v.Count)
		if err != nil {
			return nil, err
		}
		if n > 0 {
			out[key] += n
			if out[key] > activity.MaxAPICount {
				return nil, fmt.Errorf("« %s » : « %s » dépasse %d", field, key, activity.MaxAPICount)
			}
		}
	}
	return out, nil
}

// term finds the API value of one of the Coop's enum values
// (« DiagnosticNumerique »), API values (« diagnostic_numerique ») or
// labels (« Diagnostic numérique »).
func term(vocab activity.Vocabulary, s string) (string, bool) {
	if s == "" {
		return "", false
	}
	snake := snakeCase(s)
	k := place.FoldKey(s)
	for _, t := range vocab {
		if t.Value == s || t.Value == snake || k == place.FoldKey(t.Label) {
			return t.Value, true
		}
	}
	return "", false
}

// snakeCase writes an enum's PascalCase name as its snake_case value
// (ADistance → a_distance, SoixanteDixPlus → soixante_dix_plus).
func snakeCase(s string) string {
	rs := []rune(s)
	var b strings.Builder
	for i, r := range rs {
		if unicode.IsUpper(r) {
			if i > 0 && (unicode.IsLower(rs[i-1]) || unicode.IsDigit(rs[i-1]) || (unicode.IsUpper(rs[i-1]) && i+1 < len(rs) && unicode.IsLower(rs[i+1]))) {
				b.WriteByte('_')
			}
			b.WriteRune(unicode.ToLower(r))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func clip(s string) string {
	s = strings.ToValidUTF8(s, "?")
	if r := []rune(s); len(r) > 80 {
		return string(r[:80]) + "…"
	}
	return s
}
