package place

import "math"

// Lambert-93 (RGF93, EPSG:2154), the French official projection, from
// IGN's published algorithms for the Lambert conformal conic projection
// (notes NT/G 71 and NT/G 87): ALG0001 (isometric latitude), ALG0002 (its
// inverse), ALG0003 (projection), ALG0004 (inverse projection), ALG0054
// (the constants of a secant projection). RGF93 and WGS84 agree to
// within a metre: no datum shift is needed.

// lcc is a Lambert conformal conic projection by IGN's constants: the
// ellipsoid's eccentricity e, the cone's n and c, the longitude of the
// central meridian lambdaC (radians) and the pole's coordinates xs, ys.
type lcc struct {
	e, n, c, lambdaC, xs, ys float64
}

// isometricLatitude is ALG0001.
func isometricLatitude(phi, e float64) float64 {
	es := e * math.Sin(phi)
	return math.Log(math.Tan(math.Pi/4+phi/2) * math.Pow((1-es)/(1+es), e/2))
}

// latitudeFromIsometric is ALG0002: iterated until it moves by less than
// 1e-12 radian (some 6 µm).
func latitudeFromIsometric(l, e float64) float64 {
	phi := 2*math.Atan(math.Exp(l)) - math.Pi/2
	for range 20 {
		es := e * math.Sin(phi)
		next := 2*math.Atan(math.Pow((1+es)/(1-es), e/2)*math.Exp(l)) - math.Pi/2
		if math.Abs(next-phi) < 1e-12 {
			return next
		}
		phi = next
	}
	return phi
}

// secantLCC is ALG0054: the constants of a projection whose parallels
// phi1 and phi2 keep their length, with origin (lambda0, phi0) at (x0,
// y0), on the ellipsoid of semi-major axis a and eccentricity e.
func secantLCC(a, e, lambda0, phi0, phi1, phi2, x0, y0 float64) lcc {
	normal := func(phi float64) float64 { return a / math.Sqrt(1-e*e*math.Sin(phi)*math.Sin(phi)) }
	l1, l2 := isometricLatitude(phi1, e), isometricLatitude(phi2, e)
	n := math.Log(normal(phi2)*math.Cos(phi2)/(normal(phi1)*math.Cos(phi1))) / (l1 - l2)
	c := normal(phi1) * math.Cos(phi1) / n * math.Exp(n*l1)
	return lcc{e: e, n: n, c: c, lambdaC: lambda0, xs: x0, ys: y0 + c*math.Exp(-n*isometricLatitude(phi0, e))}
}

// inverse is ALG0004: the longitude and latitude (radians) of (x, y).
func (p lcc) inverse(x, y float64) (lambda, phi float64) {
	dx, dy := x-p.xs, y-p.ys
	r := math.Hypot(dx, dy)
	gamma := math.Atan(dx / -dy)
	lambda = p.lambdaC + gamma/p.n
	return lambda, latitudeFromIsometric(-1/p.n*math.Log(math.Abs(r/p.c)), p.e)
}

// forward is ALG0003: the coordinates of (lambda, phi) in radians.
func (p lcc) forward(lambda, phi float64) (x, y float64) {
	r := p.c * math.Exp(-p.n*isometricLatitude(phi, p.e))
	g := p.n * (lambda - p.lambdaC)
	return p.xs + r*math.Sin(g), p.ys - r*math.Cos(g)
}

const deg = math.Pi / 180

// lambert93 is defined on GRS80 (a = 6 378 137 m, f = 1/298.257222101),
// with parallels 44° N and 49° N, origin 46°30' N 3° E at (700 000 m,
// 6 600 000 m).
var lambert93 = func() lcc {
	f := 1 / 298.257222101
	return secantLCC(6378137, math.Sqrt(2*f-f*f), 3*deg, 46.5*deg, 44*deg, 49*deg, 700000, 6600000)
}()

// Lambert93ToWGS84 returns the latitude and longitude, in degrees, of a
// point given in Lambert-93 metres (x easting, y northing).
func Lambert93ToWGS84(x, y float64) (lat, lon float64) {
	lambda, phi := lambert93.inverse(x, y)
	return phi / deg, lambda / deg
}

// The ranges of Lambert-93 coordinates on metropolitan France and Corsica
// (a margin around 100 000–1 250 000 and 6 040 000–7 120 000): values
// no latitude or longitude can take.
const (
	lambert93MinX, lambert93MaxX = 100000, 1300000
	lambert93MinY, lambert93MaxY = 6000000, 7200000
)

// looksLambert93 reports whether two numbers given as a latitude and a
// longitude are Lambert-93 coordinates, in either order, and returns them
// as x and y.
func looksLambert93(a, b float64) (x, y float64, ok bool) {
	isX := func(v float64) bool { return v >= lambert93MinX && v <= lambert93MaxX }
	isY := func(v float64) bool { return v >= lambert93MinY && v <= lambert93MaxY }
	switch {
	case isX(b) && isY(a):
		return b, a, true
	case isX(a) && isY(b):
		return a, b, true
	}
	return 0, 0, false
}

// lambert93 converts the coordinates a record gave in Lambert-93 (lat and
// lon as written, x and y as read), with a normalisation; the source's
// values are kept in the provenance.
func (ps *parseState) lambert93(lat, lon string, x, y float64) *Point {
	ps.keep(FLatitude, ps.raw.Values[FLatitude])
	ps.keep(FLongitude, ps.raw.Values[FLongitude])
	la, lo := Lambert93ToWGS84(x, y)
	// Six decimals: some 10 cm, more than the source's metre.
	la, lo = math.Round(la*1e6)/1e6, math.Round(lo*1e6)/1e6
	ps.add(Info, FLatitude, lat+", "+lon, RuleLambert93, "coordonnées en Lambert-93 (x "+FormatFloat(x)+", y "+FormatFloat(y)+
		" mètres) converties en WGS84 : latitude "+FormatFloat(la)+", longitude "+FormatFloat(lo))
	return &Point{Lat: la, Lon: lo}
}
