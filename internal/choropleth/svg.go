package choropleth

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"maillage/internal/territory"
)

// Unit is one area of the map.
type Unit struct {
	Code, Name string
	Value      float64             // NaN (or an infinity): no data
	Polygons   []territory.Polygon // its contour; nil when not loaded
	Centre     *territory.Point    // where its symbol goes without contour
	Weight     float64             // the area of its symbol without contour (its population)
}

// Map is what to draw.
type Map struct {
	ID      string // prefix of the SVG's ids, unique in the page ("carte" when empty)
	Title   string // the SVG's <title>
	Desc    string // the start of its <desc>; the classes are added
	Measure string // what the values are, for the legend ("lieux pour 10 000 habitants")
	// Noun names the units in the legend's counts, singular and plural
	// ("département", "départements"); "unité" when empty.
	Noun    [2]string
	Format  func(float64) string // how a value is written; plain decimal when nil
	Classes int                  // how many classes are wanted (MaxClasses when 0 or more)
	Units   []Unit
}

// Drawing is a map drawn.
type Drawing struct {
	SVG      string         // the markup, every text escaped
	Classes  []Class        // from the lowest values up
	ClassOf  map[string]int // each unit's class by code; 0: no data
	Symbols  bool           // drawn without contours: squares at the units' centres
	Missing  int            // units without a value
	Unplaced []string       // codes of the units with neither contour nor centre, not drawn
}

// SymbolsNote says how a map without contours is drawn.
const SymbolsNote = "Carte schématique : les contours ne sont pas chargés ; chaque carré est placé au centre de l'unité et sa surface est proportionnelle à sa population."

// Sizes of the drawing, in SVG units.
const (
	width      = 600.0
	margin     = 10.0
	maxHeight  = 620.0
	insetSize  = 110.0
	legendRow  = 34.0
	fontSize   = 22.0
	minLabelPx = 22.0 // a unit smaller than this on both sides gets no number
	farKm      = 900.0
)

// patterns draw the classes from the lowest values up: hatching of
// growing density (spacing of the lines, then a second direction), on a
// tint that only adds to them. The no-data pattern is dots.
var patterns = []struct {
	tint    string
	spacing float64 // between the lines; 0: none
	cross   bool
	stroke  float64
}{
	{"#ffffff", 0, false, 0},
	{"#f3f1ea", 9, false, 1},
	{"#e4ded0", 6, false, 1.3},
	{"#cfc6b2", 6, true, 1.3},
	{"#a89c84", 4, true, 1.6},
}

// Render draws the map.
func Render(m Map) Drawing {
	id := m.ID
	if id == "" {
		id = "carte"
	}
	n := m.Classes
	if n <= 0 || n > MaxClasses {
		n = MaxClasses
	}
	format := m.Format
	if format == nil {
		format = func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
	}
	one, many := m.Noun[0], m.Noun[1]
	if one == "" {
		one, many = "unité", "unités"
	}
	values := make([]float64, len(m.Units))
	for i, u := range m.Units {
		values[i] = u.Value
	}
	bounds := Quantiles(values, n)
	d := Drawing{ClassOf: make(map[string]int, len(m.Units))}
	d.Classes = make([]Class, len(bounds))
	for i := range d.Classes {
		d.Classes[i] = Class{N: i + 1, Min: math.Inf(1), Max: math.Inf(-1)}
	}
	// Patterns spread over the classes there are: two classes are the
	// lightest and the densest.
	patternOf := func(c int) int {
		if c == 0 {
			return -1
		}
		if len(bounds) == 1 {
			return 0
		}
		return int(math.Round(float64(c-1) * float64(len(patterns)-1) / float64(len(bounds)-1)))
	}
	for _, u := range m.Units {
		c := classOf(u.Value, bounds)
		d.ClassOf[u.Code] = c
		if c == 0 {
			d.Missing++
			continue
		}
		k := &d.Classes[c-1]
		k.Min, k.Max = math.Min(k.Min, u.Value), math.Max(k.Max, u.Value)
		k.Count++
	}

	// Where each unit is, and whether any has a contour.
	shapes := make([]shape, 0, len(m.Units))
	for i, u := range m.Units {
		s := shape{unit: i, class: d.ClassOf[u.Code]}
		switch {
		case len(u.Polygons) > 0:
			s.polygons = u.Polygons
			s.box = polygonsBox(u.Polygons)
			s.at = labelPoint(u.Polygons, s.box)
		case u.Centre != nil:
			s.at = *u.Centre
			s.box = geoBox{u.Centre.Lat, u.Centre.Lon, u.Centre.Lat, u.Centre.Lon}
			d.Symbols = true
		default:
			d.Unplaced = append(d.Unplaced, u.Code)
			continue
		}
		shapes = append(shapes, s)
	}
	if d.Symbols {
		// One way of drawing for the whole map: squares for every unit.
		for i := range shapes {
			if u := m.Units[shapes[i].unit]; u.Centre != nil {
				shapes[i].polygons = nil
				shapes[i].at = *u.Centre
				shapes[i].box = geoBox{u.Centre.Lat, u.Centre.Lon, u.Centre.Lat, u.Centre.Lon}
			}
		}
	}
	main, insets := splitFar(shapes)

	var b strings.Builder
	// The frames: the main map, then a row of insets for the far units.
	mainFrame := frameFor(main, margin, margin, width-2*margin, maxHeight)
	top := margin
	if mainFrame != nil {
		top = mainFrame.y + mainFrame.h + margin
	}
	var insetFrames []*frame
	x := margin
	for _, group := range insets {
		if x+insetSize > width-margin {
			x = margin
			top += insetSize + 2*margin
		}
		f := frameFor(group, x+4, top+4, insetSize-8, insetSize-8)
		f.inset = true
		f.ox, f.oy = x, top
		insetFrames = append(insetFrames, f)
		x += insetSize + margin
	}
	if len(insetFrames) > 0 {
		top += insetSize + 2*margin
	}
	noteHeight := 0.0
	if d.Symbols {
		noteHeight = float64(len(wrap(SymbolsNote, 52)))*23 + 12
	}
	legendHead := wrap(legendTitle(m.Measure), 44)
	legendRows := len(d.Classes) + len(legendHead)
	if d.Missing > 0 {
		legendRows++
	}
	height := top + noteHeight + float64(legendRows)*legendRow + margin

	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" class="choroplethe" viewBox="0 0 %s %s" role="img" aria-labelledby="%s-titre %s-desc" font-family="sans-serif" font-size="%s">`+"\n",
		num(width), num(height), id, id, num(fontSize))
	fmt.Fprintf(&b, "<title id=\"%s-titre\">%s</title>\n", id, esc(m.Title))
	fmt.Fprintf(&b, "<desc id=\"%s-desc\">%s</desc>\n", id, esc(describe(m, d, format, one, many)))
	b.WriteString("<defs>\n")
	for i := range patterns {
		writePattern(&b, id, i)
	}
	fmt.Fprintf(&b, `<pattern id="%s-motif-nd" width="8" height="8" patternUnits="userSpaceOnUse"><rect width="8" height="8" fill="#ffffff"/><circle cx="4" cy="4" r="1.2" fill="#000000"/></pattern>`+"\n", id)
	b.WriteString("</defs>\n")

	fill := func(c int) string {
		if p := patternOf(c); p >= 0 {
			return fmt.Sprintf("url(#%s-motif-%d)", id, p+1)
		}
		return fmt.Sprintf("url(#%s-motif-nd)", id)
	}
	symbolMax := 0.0
	for _, s := range shapes {
		symbolMax = math.Max(symbolMax, m.Units[s.unit].Weight)
	}
	for _, f := range append([]*frame{mainFrame}, insetFrames...) {
		if f == nil {
			continue
		}
		if f.inset {
			fmt.Fprintf(&b, `<rect x="%s" y="%s" width="%s" height="%s" fill="none" stroke="#000000" stroke-width="1" stroke-dasharray="4 3"/>`+"\n",
				num(f.ox), num(f.oy), num(insetSize), num(insetSize))
		}
		// The shapes and their titles (for the mouse) are hidden from
		// assistive technologies: the map is one image, described, and
		// the table beside it holds every value.
		b.WriteString(`<g aria-hidden="true">` + "\n")
		// Squares: the largest first, so that the small ones stay seen.
		order := append([]shape(nil), f.shapes...)
		if d.Symbols {
			sort.SliceStable(order, func(i, j int) bool { return m.Units[order[i].unit].Weight > m.Units[order[j].unit].Weight })
		}
		side := symbolSide(f, len(f.shapes))
		var labels []label
		for _, s := range order {
			u := m.Units[s.unit]
			var w, h float64
			if s.polygons != nil {
				fmt.Fprintf(&b, `<path d="%s" fill="%s" fill-rule="evenodd" stroke="#000000" stroke-width="0.8" stroke-linejoin="round"><title>%s</title></path>`+"\n",
					f.path(s.polygons), fill(s.class), esc(unitTitle(u, s.class, format)))
				x0, y0 := f.project(s.box.north, s.box.west)
				x1, y1 := f.project(s.box.south, s.box.east)
				w, h = x1-x0, y1-y0
			} else {
				a := side
				if symbolMax > 0 && u.Weight >= 0 {
					a = math.Max(6, side*math.Sqrt(u.Weight/symbolMax))
				}
				cx, cy := f.project(s.at.Lat, s.at.Lon)
				fmt.Fprintf(&b, `<rect x="%s" y="%s" width="%s" height="%s" fill="%s" stroke="#000000" stroke-width="1"><title>%s</title></rect>`+"\n",
					num(cx-a/2), num(cy-a/2), num(a), num(a), fill(s.class), esc(unitTitle(u, s.class, format)))
				w, h = a, a
			}
			if w >= minLabelPx && h >= minLabelPx && s.class > 0 {
				cx, cy := f.project(s.at.Lat, s.at.Lon)
				labels = append(labels, label{cx, cy, math.Min(w, h), classText(s.class)})
			}
		}
		writeLabels(&b, labels)
		b.WriteString("</g>\n")
		if f.inset {
			fmt.Fprintf(&b, `<text x="%s" y="%s" font-size="12">%s</text>`+"\n", num(f.ox+3), num(f.oy+insetSize+13), esc(insetName(m.Units, f.shapes)))
		}
	}

	// The note and the legend.
	y := top
	if d.Symbols {
		for i, line := range wrap(SymbolsNote, 52) {
			fmt.Fprintf(&b, `<text x="%s" y="%s" font-style="italic" font-size="19">%s</text>`+"\n", num(margin), num(y+22+float64(i)*23), esc(line))
		}
		y += noteHeight
	}
	for _, line := range legendHead {
		fmt.Fprintf(&b, `<text x="%s" y="%s" font-weight="bold">%s</text>`+"\n", num(margin), num(y+24), esc(line))
		y += legendRow
	}
	for _, c := range d.Classes {
		writeSwatch(&b, margin, y, fill(c.N), classText(c.N))
		fmt.Fprintf(&b, `<text x="%s" y="%s">%s</text>`+"\n", num(margin+60), num(y+22), esc(classLine(c, format, one, many)))
		y += legendRow
	}
	if d.Missing > 0 {
		writeSwatch(&b, margin, y, fill(0), "")
		fmt.Fprintf(&b, `<text x="%s" y="%s">%s</text>`+"\n", num(margin+60), num(y+22), esc("Sans donnée : "+countOf(d.Missing, one, many)))
	}
	b.WriteString("</svg>\n")
	d.SVG = b.String()
	return d
}

func writePattern(b *strings.Builder, id string, i int) {
	p := patterns[i]
	size := p.spacing
	if size == 0 {
		size = 8
	}
	fmt.Fprintf(b, `<pattern id="%s-motif-%d" width="%s" height="%s" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="%s" height="%s" fill="%s"/>`,
		id, i+1, num(size), num(size), num(size), num(size), p.tint)
	if p.spacing > 0 {
		fmt.Fprintf(b, `<line x1="0" y1="0" x2="0" y2="%s" stroke="#000000" stroke-width="%s"/>`, num(size), num(p.stroke))
		if p.cross {
			fmt.Fprintf(b, `<line x1="0" y1="0" x2="%s" y2="0" stroke="#000000" stroke-width="%s"/>`, num(size), num(p.stroke))
		}
	}
	b.WriteString("</pattern>\n")
}

// label is a class number to write on a unit of a given size.
type label struct {
	x, y, size float64
	text       string
}

// writeLabels writes the class numbers, the largest units' first, leaving
// out those that would cover one already written (a dense map keeps a
// readable number on its larger units; every unit's class is in its title
// and in the table beside the map).
func writeLabels(b *strings.Builder, labels []label) {
	sort.SliceStable(labels, func(i, j int) bool { return labels[i].size > labels[j].size })
	var placed []label
	for _, l := range labels {
		free := true
		for _, p := range placed {
			if math.Hypot(l.x-p.x, l.y-p.y) < 2*labelRadius+1 {
				free = false
				break
			}
		}
		if free {
			placed = append(placed, l)
			writeLabel(b, l.x, l.y, l.text)
		}
	}
}

// labelRadius is the radius of the disc a class number is written in.
const labelRadius = 10.0

// writeLabel writes a class number in a white disc, readable on any hatching.
func writeLabel(b *strings.Builder, x, y float64, text string) {
	if text == "" {
		return
	}
	fmt.Fprintf(b, `<circle cx="%s" cy="%s" r="%s" fill="#ffffff" stroke="#000000" stroke-width="0.8"/><text x="%s" y="%s" text-anchor="middle" font-size="14" font-weight="bold">%s</text>`+"\n",
		num(x), num(y), num(labelRadius), num(x), num(y+5), esc(text))
}

func writeSwatch(b *strings.Builder, x, y float64, fill, text string) {
	fmt.Fprintf(b, `<rect x="%s" y="%s" width="48" height="28" fill="%s" stroke="#000000" stroke-width="1"/>`+"\n", num(x), num(y+2), fill)
	writeLabel(b, x+24, y+16, text)
}

func classText(c int) string {
	if c == 0 {
		return ""
	}
	return strconv.Itoa(c)
}

func countOf(n int, one, many string) string {
	if n > 1 {
		return strconv.Itoa(n) + " " + many
	}
	return strconv.Itoa(n) + " " + one
}

func legendTitle(measure string) string {
	if measure == "" {
		return "Classes d'effectifs égaux (quantiles)"
	}
	return measure + " — classes d'effectifs égaux (quantiles)"
}

func classLine(c Class, format func(float64) string, one, many string) string {
	if c.Min == c.Max {
		return fmt.Sprintf("Classe %d : %s (%s)", c.N, format(c.Min), countOf(c.Count, one, many))
	}
	return fmt.Sprintf("Classe %d : de %s à %s (%s)", c.N, format(c.Min), format(c.Max), countOf(c.Count, one, many))
}

func unitTitle(u Unit, class int, format func(float64) string) string {
	if class == 0 {
		return u.Name + " : sans donnée"
	}
	return fmt.Sprintf("%s : %s (classe %d)", u.Name, format(u.Value), class)
}

// describe is the <desc>: the map's own words, how it is drawn and its classes.
func describe(m Map, d Drawing, format func(float64) string, one, many string) string {
	var parts []string
	if m.Desc != "" {
		parts = append(parts, strings.TrimSuffix(m.Desc, ".")+".")
	}
	if d.Symbols {
		parts = append(parts, SymbolsNote)
	}
	switch len(d.Classes) {
	case 0:
		parts = append(parts, "Aucune valeur à représenter.")
	case 1:
		parts = append(parts, "Une seule classe (toutes les valeurs ensemble), hachures et numéro de classe sur chaque unité :")
	default:
		parts = append(parts, fmt.Sprintf("%d classes d'effectifs égaux, hachures de plus en plus denses et numéro de classe sur chaque unité :", len(d.Classes)))
		var cl []string
		for _, c := range d.Classes {
			cl = append(cl, classLine(c, format, one, many))
		}
		parts = append(parts, strings.Join(cl, " ; ")+".")
	}
	if d.Missing > 0 {
		parts = append(parts, "Sans donnée (points) : "+countOf(d.Missing, one, many)+".")
	}
	return strings.Join(parts, " ")
}

// insetNameMax is how many characters an inset's name takes under its
// frame without running into the next one (its units' full names are in
// their titles).
const insetNameMax = 17

func insetName(units []Unit, shapes []shape) string {
	name := []rune(units[shapes[0].unit].Name)
	more := ""
	if len(shapes) > 1 {
		more = " +" + strconv.Itoa(len(shapes)-1)
	}
	if room := insetNameMax - len([]rune(more)); len(name) > room {
		name = append(name[:room-1], '…')
	}
	return string(name) + more
}

// wrap cuts a sentence into lines of at most n characters.
func wrap(s string, n int) []string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(s) {
		if line != "" && len([]rune(line))+1+len([]rune(w)) > n {
			lines = append(lines, line)
			line = ""
		}
		if line != "" {
			line += " "
		}
		line += w
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}

var escaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&#39;")

func esc(s string) string { return escaper.Replace(s) }

// num writes a coordinate with at most one decimal.
func num(v float64) string {
	return strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64)
}
