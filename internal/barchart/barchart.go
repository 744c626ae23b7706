// Package barchart draws horizontal bar charts as SVG for server-rendered
// pages: every bar carries its label and its value as text (colour never
// carries meaning alone), the drawing names itself with a <title>, and it
// scales to the width of its container (a phone's too). A bar whose value
// is withheld (a public page's « < 5 ») is drawn as its text only.
package barchart

import (
	"fmt"
	"html/template"
	"strings"
)

// Bar is one bar: its label, its value and the text that says the value
// (« 1 234 », « < 5 »). Hidden bars draw no bar, their text only.
type Bar struct {
	Label  string
	Value  int
	Text   string
	Hidden bool
}

// Chart is a chart to draw: ID must be unique in the page (it names the
// title for assistive technologies).
type Chart struct {
	ID    string
	Title string
	Bars  []Bar
}

// Geometry, in user units of the viewBox (the drawing scales to its box).
// The text's size is relative to the viewBox's width: on a 390 px phone
// the chart is about 358 px wide (the page's 1rem margins), so 17 units
// read as 12.7 px, at least the 12 px a phone needs.
const (
	width     = 480
	fontSize  = 17
	margin    = 8
	rowHeight = 48  // a label line and a bar
	barHeight = 14  // the bar's thickness
	textRoom  = 100 // room kept right of the longest bar for its value
	labelMax  = 44  // characters of a label before it is shortened
)

// Colours: the bar's blue on white is 8.6:1 and the text's near-black
// 16:1, above WCAG 2.1 AA's 3:1 for graphics and 4.5:1 for text.
const (
	barColour  = "#1d4f91"
	textColour = "#1e1e1e"
	axisColour = "#595959"
)

// SVG draws c. With no bar, it draws the title and « Aucune donnée ».
func (c Chart) SVG() template.HTML {
	max := 0
	for _, b := range c.Bars {
		if !b.Hidden && b.Value > max {
			max = b.Value
		}
	}
	rows := len(c.Bars)
	if rows == 0 {
		rows = 1
	}
	height := margin*2 + rows*rowHeight
	var sb strings.Builder
	id := esc(c.ID)
	fmt.Fprintf(&sb, `<svg xmlns="http://www.w3.org/2000/svg" class="graphique" role="img" aria-labelledby="%s-titre" viewBox="0 0 %d %d" width="100%%" preserveAspectRatio="xMinYMin meet" font-family="sans-serif" font-size="%d">`, id, width, height, fontSize)
	fmt.Fprintf(&sb, `<title id="%s-titre">%s</title>`, id, esc(c.Title))
	if len(c.Bars) == 0 {
		fmt.Fprintf(&sb, `<text x="%d" y="%d" fill="%s">Aucune donnée</text></svg>`, margin, margin+rowHeight/2, textColour)
		return template.HTML(sb.String())
	}
	room := width - 2*margin - textRoom
	// The axis the bars start from.
	fmt.Fprintf(&sb, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="%s" stroke-width="1"/>`, margin, margin, margin, height-margin, axisColour)
	for i, b := range c.Bars {
		top := margin + i*rowHeight
		fmt.Fprintf(&sb, `<text x="%d" y="%d" fill="%s">%s</text>`, margin+4, top+fontSize+1, textColour, esc(short(b.Label)))
		barTop := top + fontSize + 9
		w := 0
		if !b.Hidden && max > 0 && b.Value > 0 {
			w = b.Value * room / max
			if w < 2 {
				w = 2 // a small value stays visible
			}
			fmt.Fprintf(&sb, `<rect x="%d" y="%d" width="%d" height="%d" fill="%s"/>`, margin, barTop, w, barHeight, barColour)
		}
		fmt.Fprintf(&sb, `<text x="%d" y="%d" fill="%s">%s</text>`, margin+w+6, barTop+barHeight, textColour, esc(b.Text))
	}
	sb.WriteString(`</svg>`)
	return template.HTML(sb.String())
}

// short cuts a label too long for a line (the table beside the chart
// keeps it whole).
func short(s string) string {
	r := []rune(s)
	if len(r) <= labelMax {
		return s
	}
	return string(r[:labelMax-1]) + "…"
}

func esc(s string) string { return template.HTMLEscapeString(s) }
