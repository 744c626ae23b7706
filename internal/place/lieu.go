// Package place holds a lieu de médiation numérique as the national standard
// describes it: its 32 fields, the closed vocabularies, and the rules that
// validate and normalise a record read from outside.
package place

import (
	"strconv"
	"strings"
	"time"
)

// Lieu is one place of médiation numérique, in the fields of the standard v1.0.x.
// Multi-valued fields are lists; a field left empty by its source is the zero value.
type Lieu struct {
	ID                            string
	Pivot                         string // SIRET, RNA…; "" when the source left it unknown
	Nom                           string
	Commune                       string
	CodePostal                    string
	CodeINSEE                     string
	Adresse                       string
	ComplementAdresse             string
	Coordinates                   *Point
	Typologie                     []string
	Telephone                     []string
	Courriels                     []string
	SiteWeb                       []string
	Horaires                      string // OSM opening_hours, kept as written
	PresentationResume            string
	PresentationDetail            string
	Source                        string
	Itinerance                    []string
	StructureParente              string
	DateMaj                       time.Time // a date (midnight UTC)
	Services                      []string
	PublicsSpecifiquementAdresses []string
	PriseEnChargeSpecifique       []string
	FraisACharge                  []string
	DispositifProgrammesNationaux []string
	FormationsLabels              []string
	AutresFormationsLabels        []string
	ModalitesAcces                []string
	ModalitesAccompagnement       []string
	FicheAccesLibre               string
	PriseRDV                      string

	// PassNumerique records that the place's source (or its structure, by
	// hand) declares that it accepts the Pass numérique: a declaration,
	// not the hub's qualification (which alone makes the directory say
	// « Accepte le Pass numérique »). The standard v1 has no field for it;
	// v0.1 said it in conditions_acces ("Accepte le Pass numérique") or
	// with the APTIC label.
	PassNumerique bool
	// Closures are the temporary closures the place announced (closure.go),
	// kept beside its fields: the stores read them apart (store.Closures),
	// and whoever needs them (the index, the pages, the API) attaches them.
	Closures []Closure
	// Provenance keeps what the source wrote for every field that was
	// normalised, converted or dropped.
	Provenance Provenance
}

// Point is a WGS84 position.
type Point struct {
	Lat, Lon float64
}

// Provenance says where a record's values came from.
type Provenance struct {
	// Version of the standard the source was written in ("0.1" or "1.0").
	Version string `json:"version,omitempty"`
	// Original maps a source field name to the value as the source wrote it,
	// for every field whose value was changed or dropped.
	Original map[string]string `json:"original,omitempty"`
	// HoursInvalid is set when horaires could not be understood: the place's
	// hours are then unknown (never "closed").
	HoursInvalid bool `json:"horaires_invalides,omitempty"`
	// Geocoding is set when the coordinates were found by geocoding the
	// address (the source gave none, or gave a point far from the
	// commune); the source's values are then in Original.
	Geocoding *Geocoding `json:"geocodage,omitempty"`
}

// Geocoding says how a record's coordinates were geocoded.
type Geocoding struct {
	Label   string    `json:"libelle"` // the address the geocoder found
	Score   float64   `json:"score"`
	Type    string    `json:"type"`    // housenumber, street, locality, municipality
	Service string    `json:"service"` // the geocoder's address
	At      time.Time `json:"date"`    // when the geocoder answered
	// Reason is GeocodedMissing or GeocodedFar.
	Reason string `json:"motif"`
	// CodeINSEE is the commune taken from the answer, for a record that
	// gave none (nor a postcode and commune that designate one).
	CodeINSEE string `json:"code_insee,omitempty"`
}

// Why a record's coordinates were geocoded.
const (
	GeocodedMissing = "coordonnees-absentes"
	GeocodedFar     = "coordonnees-hors-commune"
)

// ConfirmAfter is the age at which a structure is asked to confirm its
// record: six months without an update.
const ConfirmAfter = 6 * 30 * 24 * time.Hour

// NeedsConfirmation reports whether the record is old enough that its
// structure should confirm or update it.
func (l *Lieu) NeedsConfirmation(now time.Time) bool {
	return !l.DateMaj.IsZero() && l.DateMaj.Before(now.Add(-ConfirmAfter))
}

// PivotPlaceholder is how the national tools write a pivot the source left unknown.
const PivotPlaceholder = "00000000000000"

// DateLayout is the layout of date_maj.
const DateLayout = "2006-01-02"

// Field names of the standard v1.0.x, in schema order.
const (
	FID = iota
	FPivot
	FNom
	FCommune
	FCodePostal
	FCodeINSEE
	FAdresse
	FComplementAdresse
	FLatitude
	FLongitude
	FTypologie
	FTelephone
	FCourriels
	FSiteWeb
	FHoraires
	FPresentationResume
	FPresentationDetail
	FSource
	FItinerance
	FStructureParente
	FDateMaj
	FServices
	FPublics
	FPriseEnCharge
	FFrais
	FDispositifs
	FFormationsLabels
	FAutresFormationsLabels
	FModalitesAcces
	FModalitesAccompagnement
	FFicheAccesLibre
	FPriseRDV
	NumFields
)

// FieldNames are the 32 columns of the standard v1.0.1, in schema order.
var FieldNames = [NumFields]string{
	"id", "pivot", "nom", "commune", "code_postal", "code_insee", "adresse",
	"complement_adresse", "latitude", "longitude", "typologie", "telephone",
	"courriels", "site_web", "horaires", "presentation_resume", "presentation_detail",
	"source", "itinerance", "structure_parente", "date_maj", "services",
	"publics_specifiquement_adresses", "prise_en_charge_specifique", "frais_a_charge",
	"dispositif_programmes_nationaux", "formations_labels", "autres_formations_labels",
	"modalites_acces", "modalites_accompagnement", "fiche_acces_libre", "prise_rdv",
}

// FieldIndex maps a v1 field name to its position.
var FieldIndex = func() map[string]int {
	m := make(map[string]int, NumFields)
	for i, n := range FieldNames {
		m[n] = i
	}
	return m
}()

// Required reports whether the standard v1.0.1 requires field i.
func Required(i int) bool {
	switch i {
	case FID, FPivot, FNom, FCommune, FCodePostal, FAdresse, FDateMaj:
		return true
	}
	return false
}

// Multi reports whether field i holds a list of values separated by "|".
func Multi(i int) bool {
	switch i {
	case FTypologie, FTelephone, FCourriels, FSiteWeb, FItinerance, FServices, FPublics,
		FPriseEnCharge, FFrais, FDispositifs, FFormationsLabels, FAutresFormationsLabels,
		FModalitesAcces, FModalitesAccompagnement:
		return true
	}
	return false
}

// ListSeparator separates the values of a multi-valued field in v1.0.x.
const ListSeparator = "|"

// List returns the values of multi-valued field i (nil for other fields).
func (l *Lieu) List(i int) []string {
	if p := l.list(i); p != nil {
		return *p
	}
	return nil
}

func (l *Lieu) list(i int) *[]string {
	switch i {
	case FTypologie:
		return &l.Typologie
	case FTelephone:
		return &l.Telephone
	case FCourriels:
		return &l.Courriels
	case FSiteWeb:
		return &l.SiteWeb
	case FItinerance:
		return &l.Itinerance
	case FServices:
		return &l.Services
	case FPublics:
		return &l.PublicsSpecifiquementAdresses
	case FPriseEnCharge:
		return &l.PriseEnChargeSpecifique
	case FFrais:
		return &l.FraisACharge
	case FDispositifs:
		return &l.DispositifProgrammesNationaux
	case FFormationsLabels:
		return &l.FormationsLabels
	case FAutresFormationsLabels:
		return &l.AutresFormationsLabels
	case FModalitesAcces:
		return &l.ModalitesAcces
	case FModalitesAccompagnement:
		return &l.ModalitesAccompagnement
	}
	return nil
}

func (l *Lieu) text(i int) *string {
	switch i {
	case FID:
		return &l.ID
	case FPivot:
		return &l.Pivot
	case FNom:
		return &l.Nom
	case FCommune:
		return &l.Commune
	case FCodePostal:
		return &l.CodePostal
	case FCodeINSEE:
		return &l.CodeINSEE
	case FAdresse:
		return &l.Adresse
	case FComplementAdresse:
		return &l.ComplementAdresse
	case FHoraires:
		return &l.Horaires
	case FPresentationResume:
		return &l.PresentationResume
	case FPresentationDetail:
		return &l.PresentationDetail
	case FSource:
		return &l.Source
	case FStructureParente:
		return &l.StructureParente
	case FFicheAccesLibre:
		return &l.FicheAccesLibre
	case FPriseRDV:
		return &l.PriseRDV
	}
	return nil
}

// Values returns the record's 32 fields encoded as the standard's CSV encodes
// them: lists joined with "|", coordinates in shortest decimal form, date_maj
// as YYYY-MM-DD, an unknown pivot as 00000000000000.
func (l *Lieu) Values() [NumFields]string {
	var v [NumFields]string
	for i := 0; i < NumFields; i++ {
		v[i] = l.Value(i)
	}
	return v
}

// Value returns field i encoded as in Values.
func (l *Lieu) Value(i int) string {
	switch i {
	case FPivot:
		if l.Pivot == "" {
			return PivotPlaceholder
		}
		return l.Pivot
	case FLatitude:
		if l.Coordinates == nil {
			return ""
		}
		return FormatFloat(l.Coordinates.Lat)
	case FLongitude:
		if l.Coordinates == nil {
			return ""
		}
		return FormatFloat(l.Coordinates.Lon)
	case FDateMaj:
		if l.DateMaj.IsZero() {
			return ""
		}
		return l.DateMaj.Format(DateLayout)
	}
	if p := l.text(i); p != nil {
		return *p
	}
	return strings.Join(*l.list(i), ListSeparator)
}

// FormatFloat writes a coordinate in its shortest exact decimal form.
func FormatFloat(f float64) string {
	return strconv.FormatFloat(f, 'f', -1, 64)
}

// Decode rebuilds a record from values encoded as Values encodes them. It is
// meant for values this program wrote (the store); outside input goes
// through Parser.Parse, which validates and reports.
func Decode(v [NumFields]string) (Lieu, error) {
	var l Lieu
	for i := 0; i < NumFields; i++ {
		s := v[i]
		switch i {
		case FPivot:
			if s != PivotPlaceholder {
				l.Pivot = s
			}
		case FLatitude, FLongitude:
			if s == "" {
				continue
			}
			f, err := strconv.ParseFloat(s, 64)
			if err != nil {
				return l, err
			}
			if l.Coordinates == nil {
				l.Coordinates = &Point{}
			}
			if i == FLatitude {
				l.Coordinates.Lat = f
			} else {
				l.Coordinates.Lon = f
			}
		case FDateMaj:
			if s == "" {
				continue
			}
			d, err := time.Parse(DateLayout, s)
			if err != nil {
				return l, err
			}
			l.DateMaj = d
		default:
			if p := l.text(i); p != nil {
				*p = s
			} else if s != "" {
				*l.list(i) = strings.Split(s, ListSeparator)
			}
		}
	}
	return l, nil
}

// Departement returns the code of the place's département ("31", "2A", "974"),
// from code_insee, else from code_postal; "" when neither is known.
func (l *Lieu) Departement() string {
	if d := DepartementOfINSEE(l.CodeINSEE); d != "" {
		return d
	}
	return DepartementOfPostcode(l.CodePostal)
}

// DepartementOfINSEE returns the département of a commune's INSEE code.
func DepartementOfINSEE(code string) string {
	if len(code) != 5 {
		return ""
	}
	if strings.HasPrefix(code, "97") || strings.HasPrefix(code, "98") {
		return code[:3]
	}
	return code[:2]
}

// DepartementOfPostcode returns the département a postcode belongs to. Corsica
// (20xxx) is split as La Poste splits it: 200xx and 201xx in 2A, the rest in 2B.
func DepartementOfPostcode(cp string) string {
	if len(cp) != 5 {
		return ""
	}
	switch {
	case strings.HasPrefix(cp, "97") || strings.HasPrefix(cp, "98"):
		return cp[:3]
	case strings.HasPrefix(cp, "20"):
		if cp[2] == '0' || cp[2] == '1' {
			return "2A"
		}
		return "2B"
	}
	return cp[:2]
}
