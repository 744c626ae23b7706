package web

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"maillage/internal/standard"
	"maillage/internal/territory"
)

// maxLayerZoom is the most detailed drawing of a layer: a pixel is then
// under 2.4 m and contours have nothing more to show. A map zoomed further
// gets that drawing (the same answer, cached once).
const maxLayerZoom = 16

// maxLayerViewPixels is the widest box a layer is drawn for, in pixels at
// its zoom: a large screen and the half-view margins the map fetches
// around it.
const maxLayerViewPixels = 8192

var (
	// maxLayerBytes bounds one answer (before gzip): a phone's view
	// weighs some KB, a département at zoom 12 some hundreds.
	maxLayerBytes = 2 << 20
	// maxLayerCacheBytes bounds the answers kept in memory.
	maxLayerCacheBytes = 32 << 20
)

// errLayerTooLarge is an answer that grew past maxLayerBytes.
var errLayerTooLarge = errors.New("réponse trop grande")

// layerSpan is the widest side, in degrees, of a box a layer is drawn for
// at a zoom (256-pixel tiles: 360° over 256·2^zoom pixels).
func layerSpan(zoom int) float64 {
	return maxLayerViewPixels * 360 / (256 * math.Exp2(float64(zoom)))
}

// degrees writes an angle the French way, two decimals at most: 0,18°.
func degrees(v float64) string {
	s := strconv.FormatFloat(math.Round(v*100)/100, 'f', -1, 64)
	return strings.Replace(s, ".", ",", 1) + "°"
}

// checkLayerView refuses a box wider than a screen at the zoom (the
// drawing's zoom, at most maxLayerZoom).
func checkLayerView(raw string, b territory.BBox, zoom int) *ParamError {
	span := layerSpan(min(zoom, maxLayerZoom))
	w, h := b.East-b.West, b.North-b.South
	if w <= span && h <= span {
		return nil
	}
	return &ParamError{Param: "bbox", Value: raw, Message: fmt.Sprintf("zone de %s × %s trop grande pour le zoom %d : %s de côté au plus (un écran et ses marges) : réduisez la zone",
		degrees(w), degrees(h), zoom, degrees(span))}
}

// tooLargeLayer is the answer to a view whose contours pass maxLayerBytes.
func tooLargeLayer(raw string) *ParamError {
	size := standard.FormatSize(int64(maxLayerBytes))
	return &ParamError{Param: "bbox", Value: raw, Message: fmt.Sprintf("plus de %s de contours dans cette zone à ce zoom (%s au plus par réponse) : zoomez ou réduisez la zone", size, size)}
}

// put keeps an answer, the oldest ones leaving to stay within
// maxLayerCacheBytes and maxLayerBodies (the caller holds c.mu).
func (c *layerCache) put(req string, body []byte) {
	if len(body) > maxLayerCacheBytes {
		return
	}
	if old, ok := c.bodies[req]; ok {
		c.bytes -= len(old)
		delete(c.bodies, req)
		c.order = removeString(c.order, req)
	}
	for len(c.order) > 0 && (c.bytes+len(body) > maxLayerCacheBytes || len(c.bodies) >= maxLayerBodies) {
		oldest := c.order[0]
		c.order = c.order[1:]
		c.bytes -= len(c.bodies[oldest])
		delete(c.bodies, oldest)
	}
	c.bodies[req] = body
	c.bytes += len(body)
	c.order = append(c.order, req)
}

func removeString(list []string, s string) []string {
	for i, v := range list {
		if v == s {
			return append(list[:i:i], list[i+1:]...)
		}
	}
	return list
}
