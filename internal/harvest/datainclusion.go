package harvest

import (
	"context"
	"encoding/json"
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
)

// diPageSize is how many structures or services one page of the
// data·inclusion API asks for; diMaxPages bounds the pages of one list.
const (
	diPageSize = 1000
	diMaxPages = 1000
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
		return nil, failure.Errorf(failure.Invalid, "%s : adresse de l'API data·inclusion invalide", printable.String(base))
	}
	if err := h.secretTo(base); err != nil {
		return nil, err
	}
	header := http.Header{"Authorization": {"Bearer " + token}, "Accept": {"application/json"}}
	structures, err := diList[diStructure](ctx, h, u, "structures", nil, header)
	if err != nil {
		return nil, err
	}
	services, err := diList[diService](ctx, h, u, "services", url.Values{"thematiques": {"numerique"}}, header)
	if err != nil {
		return nil, err
	}
	out, err := newSpool("data·inclusion "+base, h.limits.File)
	if err != nil {
		return nil, err
	}
	skipped, err := diConvert(structures, services, out)
	if err != nil {
		out.Close()
		return nil, err
	}
	h.note("data·inclusion : %s, %s d'aide au numérique ; %s sans service d'aide au numérique %s",
		french.Count(len(structures), "structure lue", "structures lues"), french.Count(len(services), "service", "services"),
		french.Count(skipped, "structure", "structures"), french.Plural(skipped, "ignorée", "ignorées"))
	return out, nil
}

// diList reads every page of a list of the API.
func diList[T any](ctx context.Context, h *harvester, base *url.URL, what string, extra url.Values, header http.Header) ([]T, error) {
	var all []T
	for page := 1; page <= diMaxPages; page++ {
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
			return nil, err
		}
		var p diPage[T]
		var body io.Reader = resp.Body
		if h.limits.File > 0 { // 0 lifts the limit
			body = io.LimitReader(resp.Body, h.limits.File)
		}
		err = json.NewDecoder(body).Decode(&p)
		resp.Body.Close()
		if err != nil {
			return nil, failure.Errorf(failure.Invalid, "%s : réponse illisible de l'API data·inclusion (%s)", printable.String(u.String()), printable.String(err.Error()))
		}
		all = append(all, p.Items...)
		if len(p.Items) == 0 || page >= p.Pages {
			return all, nil
		}
	}
	return nil, failure.Errorf(failure.Invalid, "API data·inclusion : plus de %d pages de %s, lecture arrêtée", diMaxPages, what)
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

// diConvert writes, as a JSON array of the standard, the structures that
// offer digital help with those services; it tells how many it skipped.
func diConvert(structures []diStructure, services []diService, out io.Writer) (skipped int, err error) {
	byStructure := map[string][]diService{}
	for _, s := range services {
		if digitalServices(s.Thematiques) != nil {
			key := s.Source + "\x00" + s.StructureID
			byStructure[key] = append(byStructure[key], s)
		}
	}
	w := &jsonArray{w: out}
	for _, st := range structures {
		svcs := byStructure[st.Source+"\x00"+st.ID]
		if len(svcs) == 0 {
			skipped++
			continue
		}
		if err := w.add(diPlace(st, svcs)); err != nil {
			return skipped, err
		}
	}
	return skipped, w.close()
}
