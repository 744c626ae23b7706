package territory

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"maillage/internal/failure"
)

// The property names a layer's GeoJSON may use, first found wins (case
// ignored): the ANCT's QPV 2024 contours (code_qp, lib_qp, insee_com), the
// IGN/INSEE IRIS contours (CODE_IRIS, NOM_IRIS, TYP_IRIS, INSEE_COM) and
// the newer IRIS GE (code_iris, nom_iris, type_iris, code_insee).
var layerProps = map[string]struct{ code, nom, communes, typ []string }{
	LayerQPV: {
		code:     []string{"code_qp", "code_quartier", "code"},
		nom:      []string{"lib_qp", "nom_qp", "nom_quartier", "nom", "libelle"},
		communes: []string{"insee_com", "code_insee", "insee", "communes"},
	},
	LayerIRIS: {
		code:     []string{"code_iris", "code"},
		nom:      []string{"nom_iris", "lib_iris", "nom", "libelle"},
		communes: []string{"insee_com", "code_insee", "depcom", "insee"},
		typ:      []string{"typ_iris", "type_iris", "type", "typ"},
	},
	// etalab's communes-*.geojson (code, nom), the IGN's ADMIN EXPRESS
	// (INSEE_COM, NOM), the INSEE's and OpenDataSoft's (codgeo, libgeo;
	// com_code, com_name).
	LayerContours: {
		code: []string{"code", "insee", "insee_com", "code_insee", "codgeo", "com_code", "code_commune", "codecommune", "depcom"},
		nom:  []string{"nom", "nom_com", "libgeo", "libelle", "com_name", "nom_commune"},
	},
}

var (
	inseeCode = regexp.MustCompile(`^[0-9][0-9AB][0-9]{3}$`)
	irisCode  = regexp.MustCompile(`^[0-9][0-9AB][0-9]{7}$`)
	zoneCode  = regexp.MustCompile(`^[A-Za-z0-9_-]{1,20}$`)
)

// coordScale is the precision coordinates are kept at (1e-7 degree, about
// a centimetre), so that what is stored reads back the same.
const coordScale = 1e7

// ReadLayer reads a layer of zones (kind LayerQPV, LayerIRIS or
// LayerContours: the communes' contours, by INSEE code) from a
// GeoJSON FeatureCollection in WGS84 longitude/latitude, gzipped or not,
// feature by feature (a national IRIS file is large), within
// DefaultLimits. Features with the same code are one zone (the ANCT cuts
// a QPV that spans communes into one feature per commune). Every ring is
// checked (closed, 3 distinct vertices, finite WGS84 coordinates, not
// crossing itself). name is the file or URL, for messages: an error names
// it, the feature (from 1, and its code), the field, the value and the
// rule broken.
func ReadLayer(name, kind string, in io.Reader) (*Layer, error) {
	return ReadLayerLimits(name, kind, in, DefaultLimits)
}

// ReadLayerLimits is ReadLayer within other bounds (zero fields: the
// defaults).
func ReadLayerLimits(name, kind string, in io.Reader, lim Limits) (*Layer, error) {
	props, ok := layerProps[kind]
	if !ok {
		return nil, failure.Errorf(failure.Invalid, "couche inconnue : %q (qpv, iris ou contours)", kind)
	}
	lim = lim.withDefaults()
	raw := &layerMeter{r: in, limit: lim.File, what: "fichier"}
	br := bufio.NewReaderSize(raw, 64<<10)
	rd := &layerReader{name: name, kind: kind, props: props, byCode: map[string]int{}, lim: lim}
	var r io.Reader = br
	if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			if le, ok := asLimit(err); ok {
				return nil, rd.limitMessage(le)
			}
			return nil, failure.Wrap(failure.Invalid, err, name+" : fichier gzip illisible")
		}
		defer zr.Close()
		r = zr
	}
	rd.meter = &layerMeter{r: r, limit: lim.Decompressed, what: "decompresse", feature: lim.Feature}
	rd.dec = json.NewDecoder(newLayerText(rd.meter))
	l, err := rd.read()
	if err != nil {
		return nil, err
	}
	return l, nil
}

type layerReader struct {
	name, kind string
	props      struct{ code, nom, communes, typ []string }
	dec        *json.Decoder
	meter      *layerMeter
	lim        Limits
	coords     string // the field of a feature's coordinates, for messages: "" for "geometry.coordinates", or "g" in the gazetteer's layout
	n          int    // features read
	points     int    // positions read
	key        string // the property the first code was read from
	zones      []Zone
	byCode     map[string]int
	crossings  int      // rings crossing themselves, kept
	warnings   []string // the first of them, named
}

// maxLayerWarnings is how many crossing rings a layer names (it counts
// them all).
const maxLayerWarnings = 10

type geoFeature struct {
	Type       string         `json:"type"`
	Properties map[string]any `json:"properties"`
	Geometry   *struct {
		Type        string          `json:"type"`
		Coordinates json.RawMessage `json:"coordinates"`
	} `json:"geometry"`
}

func (rd *layerReader) fail(format string, args ...any) error {
	return failure.Errorf(failure.Invalid, "%s : %s", rd.name, fmt.Sprintf(format, args...))
}

// syntax explains a JSON decoding error.
func (rd *layerReader) syntax(err error) error {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	var nu *notUTF8
	if le, ok := asLimit(err); ok {
		return rd.limitMessage(le)
	}
	var u16 *isUTF16
	switch {
	case errors.As(err, &u16):
		return rd.fail("%v", u16)
	case errors.As(err, &nu):
		return rd.fail("objet %d : %v", rd.n+1, nu)
	case errors.As(err, &se):
		return rd.fail("JSON illisible (objet %d) : %s : un fichier GeoJSON est attendu", rd.n+1, syntaxWords(se))
	case errors.As(err, &te):
		return rd.fail("objet %d : champ %s : valeur de type %s, type attendu %s", rd.n+1, te.Field, te.Value, te.Type)
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return rd.fail("fichier tronqué (après %d objets) : un fichier GeoJSON complet est attendu", rd.n)
	}
	return failure.Wrap(failure.Invalid, err, rd.name+" : lecture impossible")
}

func (rd *layerReader) read() (*Layer, error) {
	if err := rd.delim('{', "le fichier doit être un objet GeoJSON FeatureCollection"); err != nil {
		return nil, err
	}
	sawFeatures := false
	for rd.dec.More() {
		tok, err := rd.dec.Token()
		if err != nil {
			return nil, rd.syntax(err)
		}
		key, _ := tok.(string)
		switch key {
		case "type":
			var t any
			if err := rd.dec.Decode(&t); err != nil {
				return nil, rd.syntax(err)
			}
			if t != "FeatureCollection" {
				return nil, rd.fail("champ type : valeur %s : « FeatureCollection » attendu", short(t))
			}
		case "crs":
			var c struct {
				Properties struct {
					Name string `json:"name"`
				} `json:"properties"`
			}
			if err := rd.dec.Decode(&c); err != nil {
				return nil, rd.syntax(err)
			}
			if n := c.Properties.Name; n != "" && !strings.Contains(n, "CRS84") && !strings.HasSuffix(n, ":4326") {
				return nil, rd.fail("champ crs.properties.name : valeur %q : coordonnées WGS84 longitude/latitude attendues (EPSG:4326 ou CRS84) ; prenez la version WGS84 du fichier", n)
			}
		case "features":
			sawFeatures = true
			if err := rd.features(); err != nil {
				return nil, err
			}
		case gazetteerKeys[LayerQPV], gazetteerKeys[LayerIRIS]:
			sawFeatures = true
			if err := rd.gazetteer(key); err != nil {
				return nil, err
			}
		default:
			var skip json.RawMessage
			if err := rd.dec.Decode(&skip); err != nil {
				return nil, rd.syntax(err)
			}
		}
	}
	if _, err := rd.dec.Token(); err != nil {
		return nil, rd.syntax(err)
	}
	// Nothing may follow: two files put end to end would load the first
	// one's zones only.
	if tok, err := rd.dec.Token(); err != io.EOF {
		if err != nil {
			return nil, rd.fail("texte après la fin de la FeatureCollection : un seul objet GeoJSON par fichier")
		}
		return nil, rd.fail("texte après la fin de la FeatureCollection (lu : %s) : un seul objet GeoJSON par fichier (deux fichiers mis bout à bout ?)", short(tok))
	}
	if !sawFeatures || len(rd.zones) == 0 {
		return nil, rd.fail("aucun objet (champ features vide ou absent) : une FeatureCollection de polygones est attendue")
	}
	return &Layer{Kind: rd.kind, Zones: rd.zones, CodeKey: rd.key, Crossings: rd.crossings, Warnings: rd.warnings}, nil
}

func (rd *layerReader) delim(want json.Delim, rule string) error {
	tok, err := rd.dec.Token()
	if err != nil {
		return rd.syntax(err)
	}
	if d, ok := tok.(json.Delim); !ok || d != want {
		return rd.fail("%s (lu : %s)", rule, short(tok))
	}
	return nil
}

func (rd *layerReader) features() error {
	if err := rd.delim('[', "champ features : un tableau d'objets est attendu"); err != nil {
		return err
	}
	for rd.dec.More() {
		var f geoFeature
		rd.meter.startFeature()
		if err := rd.dec.Decode(&f); err != nil {
			return rd.syntax(err)
		}
		rd.n++
		if err := rd.feature(&f); err != nil {
			return err
		}
	}
	_, err := rd.dec.Token()
	if err != nil {
		return rd.syntax(err)
	}
	return nil
}

func (rd *layerReader) feature(f *geoFeature) error {
	code, key := prop(f.Properties, rd.props.code)
	if code == "" {
		return rd.fail("objet %d : champ %s : valeur vide : le code de la zone est obligatoire", rd.n, strings.Join(rd.props.code, " / "))
	}
	valid, rule := zoneCode, "lettres et chiffres, 20 au plus"
	switch rd.kind {
	case LayerIRIS:
		valid, rule = irisCode, "9 chiffres (code de la commune puis 4 chiffres)"
	case LayerContours:
		// A number loses its leading zero (1053 is 01053).
		if len(code) < 5 && isDigits(code) {
			code = strings.Repeat("0", 5-len(code)) + code
		}
		code = strings.ToUpper(code)
		valid, rule = inseeCode, "code INSEE de commune attendu (5 caractères : 69123, 2A004)"
	}
	if !valid.MatchString(code) {
		return rd.fail("objet %d : champ %s : valeur %q : %s", rd.n, key, code, rule)
	}
	if rd.key == "" {
		rd.key = key
	}
	where := fmt.Sprintf("objet %d (%s)", rd.n, code)
	nom, nkey := prop(f.Properties, rd.props.nom)
	if n := utf8.RuneCountInString(nom); n > MaxZoneName {
		return rd.fail("%s : champ %s : %d caractères : un nom en a %d au plus", where, nkey, n, MaxZoneName)
	}
	typ, _ := prop(f.Properties, rd.props.typ)
	communes, ckey, err := communesProp(f.Properties, rd.props.communes)
	if err != nil {
		return rd.fail("%s : champ %s : %v : code INSEE de commune attendu (5 caractères)", where, ckey, err)
	}
	if len(communes) == 0 && rd.kind == LayerIRIS {
		communes = []string{code[:5]}
	}
	if f.Geometry == nil {
		return rd.fail("%s : champ geometry : valeur null : un Polygon ou un MultiPolygon est attendu", where)
	}
	var polys []Polygon
	switch f.Geometry.Type {
	case "Polygon", "MultiPolygon":
		var err error
		polys, err = parseCoordinatesOf(f.Geometry.Coordinates, f.Geometry.Type == "MultiPolygon", rd.coords, &rd.lim, &rd.points, func(field, what string) {
			rd.crossings++
			if len(rd.warnings) < maxLayerWarnings {
				rd.warnings = append(rd.warnings, fmt.Sprintf("%s : champ %s : %s", where, field, what))
			}
		})
		if err != nil {
			return rd.fail("%s : %v", where, err)
		}
	default:
		return rd.fail("%s : champ geometry.type : valeur %q : Polygon ou MultiPolygon attendu", where, f.Geometry.Type)
	}
	if rd.kind == LayerContours {
		orient(polys)
	}
	if i, ok := rd.byCode[code]; ok {
		z := &rd.zones[i]
		z.Polygons = append(z.Polygons, polys...)
		for _, c := range communes {
			if !slices.Contains(z.Communes, c) {
				z.Communes = append(z.Communes, c)
			}
		}
		if z.Nom == "" {
			z.Nom = nom
		}
		return nil
	}
	rd.byCode[code] = len(rd.zones)
	rd.zones = append(rd.zones, Zone{Code: code, Nom: nom, Type: typ, Communes: communes, Polygons: polys})
	return nil
}

// MaxZoneName bounds the name of a zone, in characters.
const MaxZoneName = 300

// prop returns the first non-empty of the named properties (case
// ignored), as a string, and the key it was found under.
func prop(props map[string]any, names []string) (string, string) {
	for _, n := range names {
		for k, v := range props {
			if !strings.EqualFold(k, n) {
				continue
			}
			if s := scalar(v); s != "" {
				return s, k
			}
		}
	}
	return "", ""
}

func scalar(v any) string {
	switch v := v.(type) {
	case string:
		return strings.TrimSpace(v)
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	return ""
}

// communesProp reads INSEE codes: one, several separated by commas, or an
// array; numbers lose their leading zero (1053 is 01053).
func communesProp(props map[string]any, names []string) ([]string, string, error) {
	for _, n := range names {
		for k, v := range props {
			if !strings.EqualFold(k, n) || v == nil {
				continue
			}
			var raw []string
			switch v := v.(type) {
			case []any:
				for _, e := range v {
					raw = append(raw, scalar(e))
				}
			default:
				raw = strings.Split(scalar(v), ",")
			}
			var out []string
			for _, c := range raw {
				c = strings.ToUpper(strings.TrimSpace(c))
				if c == "" {
					continue
				}
				if len(c) < 5 && isDigits(c) {
					c = strings.Repeat("0", 5-len(c)) + c
				}
				if !inseeCode.MatchString(c) {
					return nil, k, fmt.Errorf("valeur %q", c)
				}
				if !slices.Contains(out, c) {
					out = append(out, c)
				}
			}
			return out, k, nil
		}
	}
	if len(names) == 0 {
		return nil, "", nil
	}
	return nil, names[0], nil
}

func short(v any) string {
	if d, ok := v.(json.Delim); ok { // a rune: « 91 » otherwise
		return "« " + d.String() + " »"
	}
	s := fmt.Sprintf("%v", v)
	if b, err := json.Marshal(v); err == nil {
		s = string(b)
	}
	return shortRaw([]byte(s))
}

func shortRaw(b []byte) string {
	s := string(b)
	if r := []rune(s); len(r) > 60 {
		s = string(r[:60]) + "…"
	}
	if s == "" {
		return "vide"
	}
	return s
}
