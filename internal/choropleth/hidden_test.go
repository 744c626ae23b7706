package choropleth

import (
	"bytes"
	"encoding/xml"
	"io"
	"testing"
)

// The units' shapes carry a title for the mouse, which no keyboard
// reaches: they are hidden from assistive technologies, the map being
// one image (role img, its title and description) whose values are in the
// table beside it.
func TestRenderShapesHidden(t *testing.T) {
	for name, m := range maps() {
		d := Render(m)
		dec := xml.NewDecoder(bytes.NewReader([]byte(d.SVG)))
		var hidden []bool // per open element: hidden by it or an ancestor
		shapes := 0
		for {
			tok, err := dec.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("%s: not XML: %v", name, err)
			}
			switch e := tok.(type) {
			case xml.StartElement:
				h := len(hidden) > 0 && hidden[len(hidden)-1]
				for _, a := range e.Attr {
					if a.Name.Local == "aria-hidden" && a.Value == "true" {
						h = true
					}
				}
				hidden = append(hidden, h)
				if e.Name.Local == "title" && len(hidden) > 2 && !h {
					t.Errorf("%s: a title inside the drawing is not hidden", name)
				}
				if e.Name.Local == "path" {
					shapes++
				}
			case xml.EndElement:
				hidden = hidden[:len(hidden)-1]
			}
		}
		if shapes == 0 && !d.Symbols && len(m.Units) > 0 {
			t.Errorf("%s: nothing drawn", name)
		}
	}
}
