package territory

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// coordParser reads the coordinates of a Polygon or a MultiPolygon
// straight from their JSON, position by position: no array of arrays is
// built for them, the layer's and the feature's bounds are checked as it
// goes, and an error names the exact position ([0][12][1]), its value and
// the rule broken.
type coordParser struct {
	b     []byte
	i     int
	field string // "geometry.coordinates"
	lim   *Limits
	total *int // positions of the layer so far
	rings int  // rings of the feature so far
	n     int  // positions of the feature so far
	// crossings receives the rings that cross themselves (kept): where
	// (the field and index) and what.
	crossings func(field, what string)
}

// coordError is a fault of the coordinates, at a path.
type coordError struct {
	field, value, rule string
}

func (e *coordError) Error() string {
	if e.value == "" {
		return fmt.Sprintf("champ %s : %s", e.field, e.rule)
	}
	return fmt.Sprintf("champ %s : valeur %s : %s", e.field, e.value, e.rule)
}

func (p *coordParser) path(idx ...int) string {
	var b strings.Builder
	b.WriteString(p.field)
	for _, i := range idx {
		fmt.Fprintf(&b, "[%d]", i)
	}
	return b.String()
}

func (p *coordParser) space() {
	for p.i < len(p.b) {
		switch p.b[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

// token is the JSON value at i, cut, for messages.
func (p *coordParser) token() string {
	j := p.i
	for j < len(p.b) && j-p.i < 40 && !strings.ContainsRune(",]} \t\r\n", rune(p.b[j])) {
		j++
	}
	if j == p.i {
		if p.i < len(p.b) {
			return string(p.b[p.i])
		}
		return "vide"
	}
	return string(p.b[p.i:j])
}

// array walks a JSON array at i: each calls elem for every element,
// with its index.
func (p *coordParser) array(idx []int, expected string, elem func(k int) error) error {
	p.space()
	if p.i >= len(p.b) || p.b[p.i] != '[' {
		return &coordError{p.path(idx...), shortRaw([]byte(p.token())), expected}
	}
	p.i++
	p.space()
	if p.i < len(p.b) && p.b[p.i] == ']' {
		p.i++
		return nil
	}
	for k := 0; ; k++ {
		if err := elem(k); err != nil {
			return err
		}
		p.space()
		if p.i >= len(p.b) {
			return &coordError{p.path(idx...), "", "tableau jamais refermé"}
		}
		switch p.b[p.i] {
		case ',':
			p.i++
		case ']':
			p.i++
			return nil
		default:
			return &coordError{p.path(idx...), shortRaw([]byte(p.token())), "« , » ou « ] » attendu"}
		}
	}
}

// number reads a JSON number; what names it in the rule ("une longitude").
func (p *coordParser) number(idx []int) (float64, error) {
	p.space()
	j := p.i
	for j < len(p.b) && strings.IndexByte("+-0123456789.eE", p.b[j]) >= 0 {
		j++
	}
	tok := string(p.b[p.i:j])
	if tok == "" {
		return 0, &coordError{p.path(idx...), shortRaw([]byte(p.token())), "un nombre est attendu (une position est [longitude, latitude])"}
	}
	v, err := strconv.ParseFloat(tok, 64)
	var ne *strconv.NumError
	if errors.As(err, &ne) && errors.Is(ne.Err, strconv.ErrRange) && math.IsInf(v, 0) {
		axis := "une longitude finie de -180 à 180"
		if idx[len(idx)-1] == 1 {
			axis = "une latitude finie de -90 à 90"
		}
		return 0, &coordError{p.path(idx...), shortRaw([]byte(tok)), "nombre hors des limites des nombres : " + axis + " est attendue"}
	}
	if err != nil {
		return 0, &coordError{p.path(idx...), shortRaw([]byte(tok)), "un nombre est attendu (une position est [longitude, latitude])"}
	}
	p.i = j
	return v, nil
}

// position reads [longitude, latitude] (an altitude after is ignored).
func (p *coordParser) position(idx []int) (Point, error) {
	var xy [2]float64
	count := 0
	start := p.i
	err := p.array(idx, "une position [longitude, latitude] est attendue", func(k int) error {
		v, err := p.number(append(idx, k))
		if err != nil {
			return err
		}
		if k < 2 {
			xy[k] = v
		}
		count++
		return nil
	})
	if err != nil {
		return Point{}, err
	}
	if count < 2 {
		return Point{}, &coordError{p.path(idx...), shortRaw(p.b[start:p.i]), "une position est [longitude, latitude]"}
	}
	lon, lat := xy[0], xy[1]
	if !validPoint(lat, lon) {
		if math.Abs(lon) > 1000 || math.Abs(lat) > 1000 {
			if math.Abs(lon) < 1e8 && math.Abs(lat) < 1e8 {
				return Point{}, &coordError{p.path(idx...), fmt.Sprintf("[%g, %g]", lon, lat),
					"hors des bornes WGS84 (longitude de -180 à 180, latitude de -90 à 90) ; le fichier est-il en Lambert 93 ? prenez sa version WGS84"}
			}
		}
		if lon < -180 || lon > 180 {
			return Point{}, &coordError{p.path(append(idx, 0)...), strconv.FormatFloat(lon, 'g', -1, 64), "une longitude de -180 à 180 est attendue"}
		}
		return Point{}, &coordError{p.path(append(idx, 1)...), strconv.FormatFloat(lat, 'g', -1, 64), "une latitude de -90 à 90 est attendue"}
	}
	return Point{Lat: math.Round(lat*coordScale) / coordScale, Lon: math.Round(lon*coordScale) / coordScale}, nil
}

// ring reads and checks a ring.
func (p *coordParser) ring(idx []int) (Ring, error) {
	p.rings++
	if p.rings > p.lim.Rings {
		return nil, &coordError{p.path(idx...), "", fmt.Sprintf("plus de %s anneaux : un objet en a %s au plus", countLabel(p.lim.Rings), countLabel(p.lim.Rings))}
	}
	var r Ring
	err := p.array(idx, "un anneau [[longitude, latitude], …] est attendu", func(k int) error {
		p.n++
		*p.total++
		if p.n > p.lim.FeaturePoints {
			return &coordError{p.path(idx...), "", fmt.Sprintf("plus de %s positions : un objet en a %s au plus", countLabel(p.lim.FeaturePoints), countLabel(p.lim.FeaturePoints))}
		}
		if *p.total > p.lim.Points {
			return &coordError{p.path(idx...), "", fmt.Sprintf("plus de %s positions dans la couche : une couche en a %s au plus (--limite-points)", countLabel(p.lim.Points), countLabel(p.lim.Points))}
		}
		v, err := p.position(append(idx, k))
		if err != nil {
			return err
		}
		r = append(r, v)
		return nil
	})
	if err != nil {
		return nil, err
	}
	rule, crossing := checkRing(r)
	if rule == flatRing {
		if p.crossings != nil {
			p.crossings(p.path(idx...), crossing)
		}
		return nil, nil
	}
	if rule != "" {
		return nil, &coordError{p.path(idx...), "", rule}
	}
	if crossing != "" && p.crossings != nil {
		p.crossings(p.path(idx...), crossing)
	}
	return r, nil
}

// polygon reads the rings of a polygon.
func (p *coordParser) polygon(idx []int) (Polygon, error) {
	var out Polygon
	var outerFlat bool
	rings := 0
	err := p.array(idx, "un polygone [[[longitude, latitude], …], …] est attendu", func(k int) error {
		r, err := p.ring(append(idx, k))
		if err != nil {
			return err
		}
		switch {
		case r == nil && k == 0:
			outerFlat = true // the polygon is dropped; its holes are read for their syntax
		case r != nil && !outerFlat:
			out = append(out, r)
		}
		rings++
		return nil
	})
	if err != nil {
		return nil, err
	}
	if rings == 0 {
		return nil, &coordError{p.path(idx...), "[]", "un polygone a au moins un anneau"}
	}
	if outerFlat {
		return nil, nil
	}
	return out, nil
}

// parseCoordinates reads the coordinates of a Polygon (multi false) or a
// MultiPolygon; nothing may follow them.
func parseCoordinates(raw []byte, multi bool, lim *Limits, total *int, crossings func(field, what string)) ([]Polygon, error) {
	return parseCoordinatesOf(raw, multi, "", lim, total, crossings)
}

// parseCoordinatesOf is parseCoordinates naming the coordinates' field in
// errors ("" for geometry.coordinates; g in the gazetteer's layout).
func parseCoordinatesOf(raw []byte, multi bool, field string, lim *Limits, total *int, crossings func(field, what string)) ([]Polygon, error) {
	if field == "" {
		field = "geometry.coordinates"
	}
	p := &coordParser{b: raw, field: field, lim: lim, total: total, crossings: crossings}
	var out []Polygon
	read := 0
	var err error
	if multi {
		err = p.array(nil, "un tableau de polygones [[[[longitude, latitude], …], …], …] est attendu", func(k int) error {
			q, err := p.polygon([]int{k})
			if err != nil {
				return err
			}
			read++
			if q != nil {
				out = append(out, q)
			}
			return nil
		})
		if err == nil && read == 0 {
			err = &coordError{p.field, "[]", "au moins un polygone est attendu"}
		}
	} else {
		var q Polygon
		if q, err = p.polygon(nil); err == nil && q != nil {
			out = []Polygon{q}
		}
	}
	if err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, &coordError{p.field, "", "aucun polygone de surface non nulle : une zone a au moins un anneau de 3 sommets distincts"}
	}
	p.space()
	if p.i != len(p.b) {
		return nil, &coordError{p.field, shortRaw(p.b[p.i:]), "rien n'est attendu après les coordonnées"}
	}
	return out, nil
}
