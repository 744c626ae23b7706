package harvest

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"maillage/internal/failure"
	"maillage/internal/french"
	"maillage/internal/place"
	"maillage/internal/printable"
	"maillage/internal/standard"
)

// diPageSize is how many structures or services one page of the
// data·inclusion API asks for; diMaxPages bounds the pages of all lists
// of a harvest (300 000 structures and services: several times the
// national registry).
const (
	diPageSize = 1000
	diMaxPages = 300
)

// diPage is a page of the data·inclusion API v1 (fastapi-pagination).
type diPage[T any] struct {
	Items []T `json:"items"`
	Total int `json:"total"`
	Page  int `json:"page"`
	Pages int `json:"pages"`
}

// diStructure is what the harvest reads of a structure (data·inclusion
// schema v1).
type diStructure struct {
	ID                string   `json:"id"`
	Source            string   `json:"source"`
	Nom               string   `json:"nom"`
	Siret             *string  `json:"siret"`
	Commune           *string  `json:"commune"`
	CodePostal        *string  `json:"code_postal"`
	CodeInsee         *string  `json:"code_insee"`
	Adresse           *string  `json:"adresse"`
	ComplementAdresse *string  `json:"complement_adresse"`
	Latitude          *float64 `json:"latitude"`
	Longitude         *float64 `json:"longitude"`
	Telephone         *string  `json:"telephone"`
	Courriel          *string  `json:"courriel"`
	SiteWeb           *string  `json:"site_web"`
	Description       *string  `json:"description"`
	HorairesAccueil   *string  `json:"horaires_accueil"`
	AccessibiliteLieu *string  `json:"accessibilite_lieu"`
	ReseauxPorteurs   []string `json:"reseaux_porteurs"`
	DateMaj           *string  `json:"date_maj"`
}

// diService is what the harvest reads of a service.
type diService struct {
	ID               string   `json:"id"`
	Source           string   `json:"source"`
	StructureID      string   `json:"structure_id"`
	Nom              string   `json:"nom"`
	Thematiques      []string `json:"thematiques"`
	Frais            *string  `json:"frais"`
	Publics          []string `json:"publics"`
	ModesAccueil     []string `json:"modes_accueil"`
	LienMobilisation *string  `json:"lien_mobilisation"`
}

// fetchDataInclusion reads the structures and services of the
// data·inclusion API and writes, for each structure offering help with
// digital tools, a place of the standard: its services are those
// thématiques (numerique--…) in the standard's vocabulary.
func (h *harvester) fetchDataInclusion(ctx context.Context) (*spool, error) {
	token := strings.TrimSpace(h.opt.Getenv(EnvDataInclusionToken))
	if token == "" {
		return nil, failure.Errorf(failure.Invalid, "le jeton de l'API data·inclusion manque : donnez-le dans la variable d'environnement %s", EnvDataInclusionToken)
	}
	base := h.src.URL
	if base == "" {
		base = h.opt.DataInclusionURL
	}
	if base == "" {
		base = DataInclusionURL
	}
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return nil, failure.Errorf(failure.Invalid, "%s : adresse de l'API data·inclusion invalide", shown(base))
	}
	if err := h.secretTo(base); err != nil {
		return nil, err
	}
	header := http.Header{"Authorization": {"Bearer " + token}, "Accept": {"application/json"}}
	// The services about digital help are kept, by structure; the
	// structures are then read page by page and written out at once:
	// only one page of them is in memory.
	b := &diBudget{limit: h.limits.File}
	byStructure := map[string][]diService{}
	nservices := 0
	err = diPages(ctx, h, u, "services", url.Values{"thematiques": {"numerique"}}, header, b, func(page []diService) error {
		nservices += len(page)
		diIndex(byStructure, page)
		return nil
	})
	if err != nil {
		return nil, err
	}
	out, err := newSpool("data·inclusion "+base, h.limits.File)
	if err != nil {
		return nil, err
	}
	w := &diWriter{out: &jsonArray{w: out}, services: byStructure}
	err = diPages(ctx, h, u, "structures", nil, header, b, w.add)
	if err == nil {
		err = w.out.close()
	}
	if err != nil {
		out.Close()
		return nil, err
	}
	h.note("data·inclusion : %s, %s d'aide au numérique ; %s sans service d'aide au numérique %s",
		french.Count(w.read, "structure lue", "structures lues"), french.Count(nservices, "service", "services"),
		french.Count(w.skipped, "structure", "structures"), french.Plural(w.skipped, "ignorée", "ignorées"))
	return out, nil
}

// diBudget bounds what the pages of the API bring altogether: their
// bytes (the size limit of a file, 0: none) and their number.
type diBudget struct {
	limit int64
	used  int64
	pages int
}

// errDIBudget: the pages went over the size limit.
var errDIBudget = errors.New("limite atteinte")

// budgetReader reads a page's body, counting it against the budget.
type budgetReader struct {
	r io.Reader
	b *diBudget
}

func (r *budgetReader) Read(p []byte) (int, error) {
	n, err := r.r.Read(p)
	r.b.used += int64(n)
	if r.b.limit > 0 && r.b.used > r.b.limit {
		return n, errDIBudget
	}
	return n, err
}

// diPages reads every page of a list of the API, giving each page's items
// to each; the pages of all lists count against b.
func diPages[T any](ctx context.Context, h *harvester, base *url.URL, what string, extra url.Values, header http.Header, b *diBudget, each func([]T) error) error {
	for page := 1; ; page++ {
		if b.pages >= diMaxPages {
			return failure.Errorf(failure.Invalid, "API data·inclusion : plus de %d pages de structures et de services, lecture arrêtée (l'API semble ne pas finir)", diMaxPages)
		}
		b.pages++
		u := *base
		u.Path = strings.TrimSuffix(u.Path, "/") + "/" + what
		q := u.Query()
		for k, v := range extra {
			q[k] = v
		}
		q.Set("page", strconv.Itoa(page))
		q.Set("size", strconv.Itoa(diPageSize))
		u.RawQuery = q.Encode()
		resp, err := h.get(ctx, request{url: u.String(), header: header})
		if err != nil {
			return err
		}
		var p diPage[T]
		err = json.NewDecoder(&budgetReader{r: resp.Body, b: b}).Decode(&p)
		resp.Body.Close()
		if errors.Is(err, errDIBudget) {
			return failure.Errorf(failure.Invalid, "API data·inclusion : plus de %s reçus en %s, au-delà de la limite d'un fichier (%s) : lecture arrêtée (limite réglable avec --limite-fichier)",
				standard.FormatSize(b.limit), french.Count(b.pages, "page", "pages"), standard.FormatSize(b.limit))
		}
		if err != nil {
			return failure.Errorf(failure.Invalid, "%s : réponse illisible de l'API data·inclusion (%s)", printable.String(u.String()), printable.String(err.Error()))
		}
		if err := each(p.Items); err != nil {
			return err
		}
		if len(p.Items) == 0 || page >= p.Pages {
			return nil
		}
	}
}

// digitalServices maps data·inclusion thématiques about digital help
// (numerique--…) to the standard's services; nil when none is.
func digitalServices(thematiques []string) []string {
	var out []string
	add := func(s string) {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	for _, t := range thematiques {
		rest, ok := strings.CutPrefix(t, "numerique--")
		if !ok && t != "numerique" {
			continue
		}
		has := func(words ...string) bool {
			for _, w := range words {
				if strings.Contains(rest, w) {
					return true
				}
			}
			return false
		}
		switch {
		case has("demarche", "services-en-ligne", "acces-aux-droits", "administrati"):
			add(place.ServiceDemarches)
		case has("connexion", "internet", "acceder-a-du-materiel"):
			add(place.ServiceAcces)
		case has("equipe", "acquerir", "materiel"):
			add(place.ServiceAcquisition)
		case has("insertion", "emploi", "entreprise", "professionnel"):
			add(place.ServiceInsertion)
		case has("securi", "arnaque", "donnees-personnelles"):
			add(place.ServiceSecurite)
		case has("parent", "enfant", "scolarite", "famille"):
			add(place.ServiceParentalite)
		case has("creer", "creation", "loisir"):
			add(place.ServiceLoisirs)
		case has("culture", "comprendre"):
			add(place.ServiceComprehension)
		default:
			add(place.ServiceOutils)
		}
	}
	return out
}

// diPlace writes a structure and its digital services as a record of the
// standard (flat object, lists joined with "|"); the import validates it.
func diPlace(st diStructure, svcs []diService) map[string]any {
	rec := map[string]any{}
	set := func(field string, v *string) {
		if v != nil && strings.TrimSpace(*v) != "" {
			rec[field] = strings.TrimSpace(*v)
		}
	}
	rec["id"] = st.ID
	rec["nom"] = st.Nom
	set("pivot", st.Siret)
	set("commune", st.Commune)
	set("code_postal", st.CodePostal)
	set("code_insee", st.CodeInsee)
	set("adresse", st.Adresse)
	set("complement_adresse", st.ComplementAdresse)
	if st.Latitude != nil && st.Longitude != nil {
		rec["latitude"], rec["longitude"] = *st.Latitude, *st.Longitude
	}
	set("telephone", st.Telephone)
	set("courriels", st.Courriel)
	set("site_web", st.SiteWeb)
	set("presentation_detail", st.Description)
	set("horaires", st.HorairesAccueil)
	set("fiche_acces_libre", st.AccessibiliteLieu)
	if st.DateMaj != nil && len(*st.DateMaj) >= 10 {
		rec["date_maj"] = (*st.DateMaj)[:10]
	}
	rec["source"] = "data·inclusion (" + st.Source + ")"
	if len(st.ReseauxPorteurs) > 0 {
		rec["structure_parente"] = strings.Join(st.ReseauxPorteurs, ", ")
	}
	var services, frais, publics, modes []string
	add := func(list *[]string, v string) {
		if v != "" && !slices.Contains(*list, v) {
			*list = append(*list, v)
		}
	}
	rdv := ""
	for _, s := range svcs {
		for _, v := range digitalServices(s.Thematiques) {
			add(&services, v)
		}
		if s.Frais != nil {
			add(&frais, map[string]string{"gratuit": place.FraisGratuit, "gratuit-sous-conditions": place.FraisGratuitSousCondition, "payant": place.FraisPayant}[*s.Frais])
		}
		for _, p := range s.Publics {
			add(&publics, diPublic(p))
		}
		for _, m := range s.ModesAccueil {
			add(&modes, map[string]string{"a-distance": place.AccompagnementDistance, "en-presentiel": place.AccompagnementIndividuel}[m])
		}
		if s.LienMobilisation != nil && rdv == "" {
			rdv = *s.LienMobilisation
		}
	}
	join := func(field string, vs []string) {
		if len(vs) > 0 {
			rec[field] = strings.Join(vs, "|")
		}
	}
	join("services", services)
	join("frais_a_charge", frais)
	join("publics_specifiquement_adresses", publics)
	join("modalites_accompagnement", modes)
	if rdv != "" {
		rec["prise_rdv"] = rdv
	}
	return rec
}

// diPublic maps a public of data·inclusion to the standard's ("" when the
// standard has none for it).
func diPublic(p string) string {
	switch {
	case strings.HasPrefix(p, "jeunes"):
		return place.PublicJeunes
	case strings.HasPrefix(p, "senior"):
		return place.PublicSeniors
	case strings.HasPrefix(p, "etudiant"):
		return place.PublicEtudiants
	case strings.HasPrefix(p, "famille"), strings.HasPrefix(p, "parent"):
		return place.PublicFamilles
	case strings.HasPrefix(p, "femme"):
		return place.PublicFemmes
	}
	return ""
}

// jsonArray writes values as a JSON array.
type jsonArray struct {
	w io.Writer
	n int
}

func (a *jsonArray) add(v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	sep := ",\n"
	if a.n == 0 {
		sep = "[\n"
	}
	a.n++
	if _, err := io.WriteString(a.w, sep); err != nil {
		return err
	}
	_, err = a.w.Write(b)
	return err
}

func (a *jsonArray) close() error {
	end := "\n]\n"
	if a.n == 0 {
		end = "[]\n"
	}
	_, err := io.WriteString(a.w, end)
	return err
}

// diIndex adds to byStructure the services that are about digital help,
// by their structure.
func diIndex(byStructure map[string][]diService, services []diService) {
	for _, s := range services {
		if digitalServices(s.Thematiques) != nil {
			key := s.Source + "\x00" + s.StructureID
			byStructure[key] = append(byStructure[key], s)
		}
	}
}

// diWriter writes the structures that offer digital help, with their
// services, as records of the standard.
type diWriter struct {
	out           *jsonArray
	services      map[string][]diService
	read, skipped int
}

func (w *diWriter) add(structures []diStructure) error {
	for _, st := range structures {
		w.read++
		svcs := w.services[st.Source+"\x00"+st.ID]
		if len(svcs) == 0 {
			w.skipped++
			continue
		}
		if err := w.out.add(diPlace(st, svcs)); err != nil {
			return err
		}
	}
	return nil
}

// diConvert writes, as a JSON array of the standard, the structures that
// offer digital help with those services; it tells how many it skipped.
func diConvert(structures []diStructure, services []diService, out io.Writer) (skipped int, err error) {
	byStructure := map[string][]diService{}
	diIndex(byStructure, services)
	w := &diWriter{out: &jsonArray{w: out}, services: byStructure}
	if err := w.add(structures); err != nil {
		return w.skipped, err
	}
	return w.skipped, w.out.close()
}
