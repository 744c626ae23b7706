package access

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"maillage/internal/failure"
	"maillage/internal/french"
	"maillage/internal/printable"
	"maillage/internal/standard"
	"maillage/internal/territory"
)

// Candidate is a site where a new place could open, read from a file.
type Candidate struct {
	ID        string // the file's id, else the commune's INSEE code
	Nom       string
	CodeINSEE string
	Lat, Lon  float64
	// Approx is set when the file gave a commune but no position: the
	// site stands at the commune's centre.
	Approx bool
}

// Point is the candidate as Greedy takes it (Code is its ID).
func (c Candidate) Point() Demand { return Demand{Code: c.ID, Lat: c.Lat, Lon: c.Lon} }

// MaxCandidates bounds the rows of a candidates file.
const MaxCandidates = 100000

// Bounds of a candidates file (variables for the tests).
var (
	maxCandidates      = MaxCandidates
	maxCandidatesBytes = int64(MaxCandidatesBytes)
)

// MaxCandidatesBytes bounds the size of a candidates file: 100 000 rows
// of a few hundred bytes.
const MaxCandidatesBytes = 64 << 20

// Columns of a candidates file, compared without case or spaces.
var (
	candidateID   = []string{"id", "identifiant"}
	candidateName = []string{"nom", "name", "libelle"}
	candidateCode = []string{"code_insee", "insee", "codgeo", "code_commune"}
	candidateLat  = []string{"latitude", "lat", "y"}
	candidateLon  = []string{"longitude", "lon", "lng", "long", "x"}
)

// ReadCandidates reads candidate sites from a CSV file (UTF-8, or
// Windows-1252 when its first 64 KB are not UTF-8; comma or semicolon, a
// header): each row gives latitude and longitude (WGS84,
// a decimal point or comma), or the INSEE code of a commune of ref whose
// centre is then used; id and nom are optional. file names the file in
// the errors, which say the line, column, value and rule of each fault
// (ten at most).
func ReadCandidates(in io.Reader, file string, ref *territory.Referential) ([]Candidate, error) {
	lim := &limitedReader{r: in, left: maxCandidatesBytes}
	out, err := readCandidates(lim, file, ref)
	if lim.over {
		return nil, failure.Errorf(failure.Invalid, "%s : fichier de plus de %s : lecture arrêtée (un fichier de sites candidats en a %s au plus)",
			file, standard.FormatSize(maxCandidatesBytes), standard.FormatSize(maxCandidatesBytes))
	}
	return out, err
}

func readCandidates(in io.Reader, file string, ref *territory.Referential) ([]Candidate, error) {
	br := bufio.NewReaderSize(in, 64<<10)
	if b, _ := br.Peek(2); len(b) == 2 && (b[0] == 0xFF && b[1] == 0xFE || b[0] == 0xFE && b[1] == 0xFF || (b[0] == 0) != (b[1] == 0)) {
		// UTF-16, a spreadsheet's « texte Unicode », as the demand files
		// accept it: with a BOM, or without one (a NUL byte beside the
		// first character tells the byte order).
		order := unicode.LittleEndian
		if b[0] == 0xFE || b[0] == 0 {
			order = unicode.BigEndian
		}
		bom := unicode.ExpectBOM
		if b[0] == 0 || b[1] == 0 {
			bom = unicode.IgnoreBOM
		}
		br = bufio.NewReader(transform.NewReader(br, unicode.UTF16(order, bom).NewDecoder()))
	} else if bom, _ := br.Peek(3); bytes.Equal(bom, []byte{0xEF, 0xBB, 0xBF}) {
		br.Discard(3)
	} else if head, _ := br.Peek(64 << 10); !utf8.Valid(trimPartialRune(head)) {
		// Excel's CSV on Windows, as the demand files accept it: a first
		// 64 KB that is not UTF-8 is read as Windows-1252.
		br = bufio.NewReader(transform.NewReader(br, charmap.Windows1252.NewDecoder()))
	}
	first, err := br.Peek(4096)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return nil, failure.Wrap(failure.Invalid, err, fmt.Sprintf("%s : lecture impossible", file))
	}
	line, _, _ := bytes.Cut(first, []byte("\n"))
	r := csv.NewReader(br)
	r.Comma = ','
	if bytes.Count(line, []byte(";")) > bytes.Count(line, []byte(",")) {
		r.Comma = ';'
	}
	r.FieldsPerRecord = -1
	r.ReuseRecord = true
	rec, err := r.Read()
	if errors.Is(err, io.EOF) {
		return nil, failure.Errorf(failure.Invalid, "%s : fichier vide (attendu une ligne d'en-tête : id, nom, latitude, longitude ou code_insee)", file)
	}
	if err != nil {
		return nil, candidateCSVError(file, err)
	}
	header := append([]string(nil), rec...) // the reader reuses its record
	if !utf8.ValidString(strings.Join(header, "")) {
		return nil, failure.Errorf(failure.Invalid, "%s, ligne 1 : encodage : UTF-8 attendu", file)
	}
	col := func(names []string) int {
		for k, h := range header {
			h = strings.ToLower(strings.TrimSpace(h))
			for _, n := range names {
				if h == n {
					return k
				}
			}
		}
		return -1
	}
	cID, cName, cCode, cLat, cLon := col(candidateID), col(candidateName), col(candidateCode), col(candidateLat), col(candidateLon)
	if (cLat < 0) != (cLon < 0) {
		return nil, failure.Errorf(failure.Invalid, "%s, ligne 1 : colonnes latitude et longitude : l'une sans l'autre", file)
	}
	if cLat < 0 && cCode < 0 {
		return nil, failure.Errorf(failure.Invalid, "%s, ligne 1 : colonnes latitude et longitude, ou code_insee, attendues (en-tête : %s)", file, cutValue(strings.Join(header, ", ")))
	}
	var out []Candidate
	var faults []string
	fault := func(n int, column, value, rule string) {
		if len(faults) >= 10 {
			return
		}
		where := fmt.Sprintf("%s, ligne %d", file, n)
		if column != "" {
			where += fmt.Sprintf(", colonne « %s », valeur « %s »", column, cutValue(printable.String(value)))
		}
		faults = append(faults, where+" : "+rule)
	}
	ids := map[string]int{}
	for len(faults) < 10 {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			faults = append(faults, failure.MessageOf(candidateCSVError(file, err)))
			break
		}
		n, _ := r.FieldPos(0) // the line the record starts on
		if len(out) >= maxCandidates {
			return nil, failure.Errorf(failure.Invalid, "%s, ligne %d : plus de %s sites candidats : un fichier en a %s au plus",
				file, n, french.Number(maxCandidates), french.Number(maxCandidates))
		}
		get := func(k int) string {
			if k < 0 || k >= len(rec) {
				return ""
			}
			return strings.TrimSpace(rec[k])
		}
		if strings.Join(rec, "") == "" {
			continue
		}
		for _, v := range rec {
			if !utf8.ValidString(v) {
				fault(n, "", "", "encodage : UTF-8 attendu")
			}
		}
		c := Candidate{ID: get(cID), Nom: get(cName), CodeINSEE: get(cCode)}
		if column, value, rule := textFault(header, cID, c.ID, maxCandidateID, cName, c.Nom, maxCandidateName); rule != "" {
			fault(n, column, value, rule)
			continue
		}
		lat, lon := get(cLat), get(cLon)
		switch {
		case lat != "" || lon != "":
			var ok bool
			if c.Lat, ok = coordinate(lat, -90, 90); !ok {
				fault(n, header[cLat], lat, "latitude WGS84 attendue, en degrés décimaux de −90 à 90 (45.76 ou 45,76)")
				continue
			}
			if c.Lon, ok = coordinate(lon, -180, 180); !ok {
				fault(n, header[cLon], lon, "longitude WGS84 attendue, en degrés décimaux de −180 à 180 (4.83 ou 4,83)")
				continue
			}
			if !inFrance(c.Lat, c.Lon) {
				rule := "position hors de France (métropole et outre-mer)"
				if inFrance(c.Lon, c.Lat) {
					rule = "latitude et longitude inversées ? (la latitude de la France est de 41 à 51 en métropole)"
				}
				fault(n, header[cLat]+", "+header[cLon], lat+", "+lon, rule)
				continue
			}
		case c.CodeINSEE != "":
			cm, ok := ref.Commune(c.CodeINSEE)
			if !ok {
				fault(n, header[cCode], c.CodeINSEE, "commune inconnue du référentiel")
				continue
			}
			if cm.Centre == nil {
				fault(n, header[cCode], c.CodeINSEE, "centre de la commune inconnu : donnez latitude et longitude")
				continue
			}
			c.Lat, c.Lon, c.Approx = cm.Centre.Lat, cm.Centre.Lon, true
			if c.Nom == "" {
				c.Nom = cm.Nom
			}
		default:
			fault(n, "", "", "ni position (latitude, longitude) ni code_insee")
			continue
		}
		idColumn := ""
		if c.ID != "" {
			idColumn = header[cID]
		}
		if c.ID == "" && c.CodeINSEE != "" {
			c.ID, idColumn = c.CodeINSEE, header[cCode]
		}
		if c.ID == "" {
			c.ID = "ligne " + strconv.Itoa(n)
		}
		if first, dup := ids[c.ID]; dup {
			what := "identifiant"
			if idColumn != "" && cID < 0 {
				what = "code INSEE (l'identifiant du site, faute de colonne id)"
			}
			fault(n, idColumn, c.ID, fmt.Sprintf("%s déjà donné ligne %d", what, first))
			continue
		}
		ids[c.ID] = n
		out = append(out, c)
	}
	if len(faults) > 0 {
		more := ""
		if len(faults) >= 10 {
			more = "\n(arrêt après 10 erreurs)"
		}
		return nil, failure.Errorf(failure.Invalid, "%s%s", strings.Join(faults, "\n"), more)
	}
	return out, nil
}

// franceBoxes bound France's lands, metropolitan and overseas (south,
// west, north, east), with a margin: a candidate site outside them is a
// mistake (latitude and longitude swapped, a point at 0, 0).
var franceBoxes = [][4]float64{
	{41, -5.5, 51.5, 10},         // metropolitan France and Corsica
	{14, -63.5, 18.5, -60.5},     // Guadeloupe, Martinique, Saint-Martin, Saint-Barthélemy
	{1.5, -55, 6, -51},           // Guyane
	{-21.5, 55, -20.7, 56},       // La Réunion
	{-13.2, 44.8, -12.4, 45.5},   // Mayotte
	{46.6, -56.6, 47.2, -56},     // Saint-Pierre-et-Miquelon
	{-23, 163.5, -19.5, 168.5},   // Nouvelle-Calédonie
	{-28, -155, -7.5, -134},      // Polynésie française
	{-14.5, -178.5, -13, -176},   // Wallis-et-Futuna
	{-50, 39, -37, 78},           // Terres australes
	{10.2, -109.4, 10.4, -109.1}, // Clipperton
}

// inFrance tells whether a point lies in one of franceBoxes.
func inFrance(lat, lon float64) bool {
	for _, b := range franceBoxes {
		if lat >= b[0] && lat <= b[2] && lon >= b[1] && lon <= b[3] {
			return true
		}
	}
	return false
}

// coordinate reads a decimal degree within [lo, hi], with a point or a
// comma.
func coordinate(s string, lo, hi float64) (float64, bool) {
	v, err := strconv.ParseFloat(strings.Replace(s, ",", ".", 1), 64)
	if err != nil || !(v >= lo && v <= hi) {
		return 0, false
	}
	return v, true
}

func cutValue(s string) string {
	if len(s) > 60 {
		s = strings.ToValidUTF8(s[:60], "") + "…"
	}
	return s
}

// trimPartialRune drops a character cut at the end of a sample.
func trimPartialRune(b []byte) []byte {
	for i := 0; i < utf8.UTFMax && i < len(b); i++ {
		if utf8.Valid(b[:len(b)-i]) {
			return b[:len(b)-i]
		}
	}
	return b
}
