package standardtest

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"maillage/internal/place"
)

// SourcesConfig says what NewSources generates: Sources files of PerSource
// records each, reproducible for Seed.
type SourcesConfig struct {
	Sources   int
	PerSource int
	Seed      uint64
}

// MaxSources bounds SourcesConfig.Sources (a place's sources are a bit set).
const MaxSources = 64

// Sources is a synthetic registry and its description by several
// overlapping sources, as a hub meets it: a universe of places (about one
// per 2.5 records) in synthetic communes of Zipf-like sizes, each place
// described by 1 to 5 sources (2.5 on average), each source with its own
// ids, spellings, geocodes, phone formats, dates and services. The
// generator knows which place each record describes (WriteSource's truth).
type Sources struct {
	cfg      SourcesConfig
	communes []*sCommune
	sites    []*site
	bySource [][]*site
}

type sCommune struct {
	name, insee, slug string
	dep               *departement
	cps               []string
	lat, lon          float64
	radiusKm          float64
	size              int
	sites             []*site
	kinds             map[string]int
	names             map[string]bool
	town, epci        *operator
}

type operator struct {
	name, domain, phone, siren string
	network                    bool
	hq                         *site
	sites, nic                 int
	mail                       string // shared contact address, "" if none
}

type site struct {
	n          int // 1-based number in the universe: the truth's lieu
	kind       *sKind
	c          *sCommune
	op         *operator
	head       int    // index in kind.heads
	tail       string // the proper part of the name
	tailKind   int
	former     string // an older name some sources still use, or ""
	num        string // street number, "" for none
	street     int    // index in streetTypes
	streetName string
	complement string
	cp         string
	lat, lon   float64
	phone      string // ten digits, "" for none
	email, web string
	pivot      string // SIRET, RNA or ""
	hours      string
	services   []string
	publics    []string
	dispositif []string
	acces      []string
	accomp     []string
	frais      []string
	date       int // days since 2019-01-01 of the last real change
	itinerant  bool
	mask       uint64 // the sources that describe it
	visibility float64
}

const (
	tailNone = iota
	tailCommune
	tailPerson
	tailQuartier
	tailNamed // associations, tiers-lieux: the tail is the whole name
)

const (
	opTown = iota
	opEPCI
	opDept
	opAsso
)

type sKind struct {
	key         string
	heads       []string
	typ         []string // typ[0] is what most sources say
	big, small  int      // weights in large and small communes
	ops         [4]int   // weights of opTown, opEPCI, opDept, opAsso
	tails       [5]int   // weights of tailNone…tailNamed
	mailLocal   string
	resume      string
	visibility  float64 // how many sources tend to list it
	itinerant   bool
	unique      bool // one per commune (more as annexes in large ones)
	services    []string
	dispositifs []string
}

var sKinds = []*sKind{
	{key: "EPN", heads: []string{"Espace public numérique", "EPN", "Espace numérique", "Cyber-base"}, typ: []string{"EPN", "EPN|MUNI", "EPI"},
		big: 12, small: 12, ops: [4]int{5, 1, 0, 4}, tails: [5]int{0, 4, 3, 3, 0}, mailLocal: "epn", resume: "EPN", visibility: 0.6,
		services: []string{place.ServiceAcces, place.ServiceOutils, place.ServiceDemarches, place.ServiceSecurite}},
	{key: "BIB", heads: []string{"Médiathèque", "Bibliothèque", "Médiathèque municipale", "Bibliothèque municipale"}, typ: []string{"BIB", "BIB|MUNI"},
		big: 13, small: 20, ops: [4]int{8, 2, 0, 0}, tails: [5]int{0, 4, 6, 1, 0}, mailLocal: "mediatheque", resume: "BIB", visibility: 0.5,
		services: []string{place.ServiceAcces, place.ServiceOutils, place.ServiceLoisirs, place.ServiceComprehension}},
	{key: "CS", heads: []string{"Centre social", "Centre socioculturel", "Centre social et culturel"}, typ: []string{"CS", "CSC", "CS|ASSO"},
		big: 9, small: 2, ops: [4]int{3, 0, 0, 7}, tails: [5]int{0, 1, 5, 4, 0}, mailLocal: "centresocial", resume: "CS", visibility: 0.5,
		services: []string{place.ServiceDemarches, place.ServiceOutils, place.ServiceParentalite}},
	{key: "RFS", heads: []string{"France services", "Espace France services", "Maison France services", "MSAP", "Maison de services au public"}, typ: []string{"RFS", "RFS|MUNI", "MSAP"},
		big: 7, small: 18, ops: [4]int{4, 5, 0, 1}, tails: [5]int{0, 8, 0, 2, 0}, mailLocal: "franceservices", resume: "RFS", visibility: 1.0, unique: true,
		services: []string{place.ServiceDemarches, place.ServiceOutils, place.ServiceAcces}, dispositifs: []string{place.DispositifFranceServices, place.DispositifAidantsConnect}},
	{key: "TIERS", heads: []string{"Tiers-lieu", ""}, typ: []string{"TIERS_LIEUX", "TIERS_LIEUX|ASSO", "FABLAB|TIERS_LIEUX"},
		big: 6, small: 3, ops: [4]int{0, 0, 0, 1}, tails: [5]int{0, 0, 0, 0, 1}, mailLocal: "contact", resume: "TIERS", visibility: 0.3,
		services: []string{place.ServiceLoisirs, place.ServiceComprehension, place.ServiceAcces, place.ServiceInsertion}},
	{key: "MUNI", heads: []string{"Mairie", "Hôtel de ville"}, typ: []string{"MUNI"},
		big: 5, small: 25, ops: [4]int{1, 0, 0, 0}, tails: [5]int{0, 1, 0, 0, 0}, mailLocal: "accueil", resume: "MUNI", visibility: 0.5, unique: true,
		services: []string{place.ServiceDemarches, place.ServiceAcces}},
	{key: "CCAS", heads: []string{"CCAS", "Centre communal d'action sociale"}, typ: []string{"CCAS", "CCAS|MUNI"},
		big: 5, small: 6, ops: [4]int{1, 0, 0, 0}, tails: [5]int{0, 1, 0, 0, 0}, mailLocal: "ccas", resume: "CCAS", visibility: 0.4, unique: true,
		services: []string{place.ServiceDemarches, place.ServiceOutils}},
	{key: "MQ", heads: []string{"Maison de quartier", "Maison des habitants"}, typ: []string{"MQ", "MDH"},
		big: 5, small: 0, ops: [4]int{6, 0, 0, 4}, tails: [5]int{0, 0, 1, 5, 0}, mailLocal: "mdq", resume: "CS", visibility: 0.3,
		services: []string{place.ServiceOutils, place.ServiceDemarches, place.ServiceParentalite}},
	{key: "ASSO", heads: []string{"", "Association"}, typ: []string{"ASSO"},
		big: 16, small: 6, ops: [4]int{0, 0, 0, 1}, tails: [5]int{0, 0, 0, 0, 1}, mailLocal: "contact", resume: "ASSO", visibility: 0.3,
		services: []string{place.ServiceOutils, place.ServiceDemarches, place.ServiceAcquisition, place.ServiceSecurite}, dispositifs: []string{place.DispositifCNFS}},
	{key: "BUS", heads: []string{"Bus numérique", "Numéribus", "Bus connecté", "Bus France services"}, typ: []string{"ENM"},
		big: 2, small: 2, ops: [4]int{0, 3, 5, 2}, tails: [5]int{4, 6, 0, 0, 0}, mailLocal: "busnumerique", resume: "ENM", visibility: 0.6, itinerant: true,
		services: []string{place.ServiceDemarches, place.ServiceOutils}},
	{key: "ML", heads: []string{"Mission locale", "Mission locale pour l'emploi des jeunes"}, typ: []string{"ML"},
		big: 3, small: 1, ops: [4]int{0, 0, 0, 1}, tails: [5]int{0, 1, 0, 0, 0}, mailLocal: "accueil", resume: "ASSO", visibility: 0.4, unique: true,
		services: []string{place.ServiceInsertion, place.ServiceDemarches}},
	{key: "MJC", heads: []string{"MJC", "Maison des jeunes et de la culture"}, typ: []string{"MJC", "MJC|ASSO"},
		big: 4, small: 1, ops: [4]int{0, 0, 0, 1}, tails: [5]int{0, 2, 5, 0, 0}, mailLocal: "mjc", resume: "ASSO", visibility: 0.3,
		services: []string{place.ServiceLoisirs, place.ServiceComprehension, place.ServiceOutils}},
	{key: "FABLAB", heads: []string{"Fablab", "Fab Lab"}, typ: []string{"FABLAB", "FABLAB|ASSO"},
		big: 3, small: 1, ops: [4]int{0, 0, 0, 1}, tails: [5]int{0, 4, 0, 0, 3}, mailLocal: "fablab", resume: "TIERS", visibility: 0.3,
		services: []string{place.ServiceLoisirs, place.ServiceComprehension}},
	{key: "PIMMS", heads: []string{"PIMMS médiation", "Point information médiation multi services"}, typ: []string{"PIMMS"},
		big: 2, small: 0, ops: [4]int{0, 0, 0, 1}, tails: [5]int{0, 3, 0, 4, 0}, mailLocal: "pimms", resume: "RFS", visibility: 0.5,
		services: []string{place.ServiceDemarches, place.ServiceOutils}},
}

// NewSources builds the universe of places and which sources describe
// each; the records themselves are written by WriteSource.
func NewSources(cfg SourcesConfig) (*Sources, error) {
	if cfg.Sources < 1 || cfg.Sources > MaxSources {
		return nil, fmt.Errorf("nombre de sources hors de [1, %d] : %d", MaxSources, cfg.Sources)
	}
	if cfg.PerSource < 1 || cfg.PerSource > 2_000_000 {
		return nil, fmt.Errorf("nombre de lieux par source hors de [1, 2 000 000] : %d", cfg.PerSource)
	}
	r := rand.New(rand.NewPCG(cfg.Seed, 0x5eed5eed5eed5eed))
	s := &Sources{cfg: cfg}
	masks := drawMasks(r, cfg.Sources, cfg.PerSource)
	g := &universe{r: r, deps: map[*departement]*depState{}}
	s.communes = g.communes(len(masks))
	s.sites = g.sites(s.communes)
	// Well-known places (France services, médiathèques) are in more
	// sources: pair the most visible places with the largest sets.
	slices.SortStableFunc(masks, func(a, b uint64) int { return popcount(b) - popcount(a) })
	order := slices.Clone(s.sites)
	slices.SortStableFunc(order, func(a, b *site) int {
		switch {
		case a.visibility > b.visibility:
			return -1
		case a.visibility < b.visibility:
			return 1
		}
		return 0
	})
	for i, st := range order {
		st.mask = masks[i]
	}
	s.bySource = make([][]*site, cfg.Sources)
	for _, st := range s.sites {
		for i := 0; i < cfg.Sources; i++ {
			if st.mask&(1<<i) != 0 {
				s.bySource[i] = append(s.bySource[i], st)
			}
		}
	}
	return s, nil
}

// Places is the number of places of the universe (each described by at
// least one source).
func (s *Sources) Places() int { return len(s.sites) }

// Communes is the number of communes that hold at least one place.
func (s *Sources) Communes() int { return len(s.communes) }

func popcount(m uint64) int {
	n := 0
	for ; m != 0; m &= m - 1 {
		n++
	}
	return n
}

// drawMasks draws, place after place, how many sources describe it (1–5,
// mean ≈ 2.5) and which, weighted by what each source still has room for,
// until every source holds exactly perSource records.
func drawMasks(r *rand.Rand, sources, perSource int) []uint64 {
	room := make([]int, sources)
	for i := range room {
		room[i] = perSource
	}
	left := sources * perSource
	var masks []uint64
	cum := []float64{0.26, 0.56, 0.76, 0.90, 1}
	avail := make([]int, 0, sources)
	for left > 0 {
		u := r.Float64()
		k := 1
		for k < len(cum) && u >= cum[k-1] {
			k++
		}
		avail = avail[:0]
		total := 0
		for i, n := range room {
			if n > 0 {
				avail = append(avail, i)
				total += n
			}
		}
		k = min(k, len(avail))
		var m uint64
		for j := 0; j < k; j++ {
			x := r.IntN(total)
			for ai, i := range avail {
				if x < room[i] {
					m |= 1 << i
					total -= room[i]
					avail = slices.Delete(avail, ai, ai+1)
					break
				}
				x -= room[i]
			}
		}
		for i := 0; i < sources; i++ {
			if m&(1<<i) != 0 {
				room[i]--
				left--
			}
		}
		masks = append(masks, m)
	}
	r.Shuffle(len(masks), func(i, j int) { masks[i], masks[j] = masks[j], masks[i] })
	return masks
}

type depState struct {
	next  int
	names map[string]bool
	dept  *operator
	epcis []*operator
	assos []*operator // networks still open to new sites
}

type universe struct {
	r    *rand.Rand
	deps map[*departement]*depState
	nSit int
}

func (g *universe) dep(d *departement) *depState {
	ds := g.deps[d]
	if ds == nil {
		ds = &depState{names: map[string]bool{}}
		g.deps[d] = ds
	}
	return ds
}

// communeSizes splits places over about places/3 communes: every commune
// holds one, the rest is shared with Zipf-like weights chosen so that the
// largest holds about 2.5 % of all places.
func communeSizes(places int) []int {
	c := max(1, min(90_000, (places+1)/3))
	sizes := make([]int, c)
	for i := range sizes {
		sizes[i] = 1
	}
	extra := places - c
	if extra <= 0 {
		return sizes
	}
	// The share of the extras the largest commune gets, for weights r^-s.
	target := (0.025*float64(places) - 1) / float64(extra)
	share := func(s float64) float64 {
		sum := 0.0
		for k := 1; k <= c; k++ {
			sum += math.Pow(float64(k), -s)
		}
		return 1 / sum
	}
	s := 0.0
	if target > 1/float64(c) {
		lo, hi := 0.0, 4.0
		for it := 0; it < 40; it++ {
			mid := (lo + hi) / 2
			if share(mid) < target {
				lo = mid
			} else {
				hi = mid
			}
		}
		s = (lo + hi) / 2
	}
	w := make([]float64, c)
	sum := 0.0
	for k := range w {
		w[k] = math.Pow(float64(k+1), -s)
		sum += w[k]
	}
	// Largest remainder.
	type rem struct {
		k int
		f float64
	}
	rems := make([]rem, c)
	given := 0
	for k := range w {
		x := float64(extra) * w[k] / sum
		n := int(x)
		sizes[k] += n
		given += n
		rems[k] = rem{k, x - float64(n)}
	}
	slices.SortStableFunc(rems, func(a, b rem) int {
		switch {
		case a.f > b.f:
			return -1
		case a.f < b.f:
			return 1
		}
		return a.k - b.k
	})
	for i := 0; given < extra; i++ {
		sizes[rems[i%c].k]++
		given++
	}
	return sizes
}

func (g *universe) communes(places int) []*sCommune {
	sizes := communeSizes(places)
	out := make([]*sCommune, 0, len(sizes))
	for _, size := range sizes {
		c := &sCommune{size: size, kinds: map[string]int{}, names: map[string]bool{}}
		for {
			lat := minLat + g.r.Float64()*(maxLat-minLat)
			lon := minLon + g.r.Float64()*(maxLon-minLon)
			var best *departement
			bestKm := math.Inf(1)
			for _, d := range departements {
				if km := distanceKm(lat, lon, d.lat, d.lon); km < bestKm {
					best, bestKm = d, km
				}
			}
			if bestKm > 70 {
				continue // sea, or abroad
			}
			ds := g.dep(best)
			if ds.next >= 999 {
				continue
			}
			ds.next = min(999, ds.next+1+g.r.IntN(3))
			c.dep, c.lat, c.lon = best, lat, lon
			c.insee = best.code + fmt.Sprintf("%03d", ds.next)
			break
		}
		ds := g.dep(c.dep)
		for try := 0; ; try++ {
			c.name = communeName(g.r, c.dep.flavour)
			if try > 20 {
				c.name += "-sur-" + pick(g.r, rivers)
			}
			if !ds.names[c.name] {
				ds.names[c.name] = true
				break
			}
		}
		c.slug = slug(c.name)
		c.cps = postcodes(g.r, c.dep.code, size)
		c.radiusKm = 0.8 + 0.18*math.Sqrt(float64(size))
		out = append(out, c)
	}
	return out
}

func postcodes(r *rand.Rand, dep string, size int) []string {
	prefix := dep
	third := func() int { return r.IntN(10) }
	switch dep {
	case "2A":
		prefix, third = "20", func() int { return r.IntN(2) }
	case "2B":
		prefix, third = "20", func() int { return 2 + r.IntN(5) }
	}
	if size < 40 || prefix == "20" {
		return []string{fmt.Sprintf("%s%d%d0", prefix, third(), r.IntN(10))}
	}
	n := min(9, 1+size/150)
	cps := make([]string, n)
	for i := range cps {
		cps[i] = fmt.Sprintf("%s%d00", prefix, i)
	}
	return cps
}

func communeName(r *rand.Rand, flavour int) string {
	var name string
	x := r.IntN(100)
	switch {
	case x < 12:
		if r.IntN(4) == 0 {
			name = "Sainte-" + pick(r, saintes)
		} else {
			name = "Saint-" + pick(r, saints)
		}
	case flavour == flavourBreton && x < 55:
		name = pick(r, bretonPrefixes) + strings.ToLower(pick(r, roots)) + pick(r, endings[flavourBreton])
	default:
		root, end := pick(r, roots), pick(r, endings[flavour])
		if flavour != flavourGeneric && r.IntN(3) == 0 {
			end = pick(r, endings[flavourGeneric])
		}
		if strings.HasSuffix(root, "e") && strings.ContainsRune("aeiouyéè", []rune(end)[0]) {
			root = root[:len(root)-1]
		}
		name = root + end
	}
	switch y := r.IntN(100); {
	case y < 9 && !strings.HasPrefix(name, "Saint"):
		a := pick(r, articles[:3])
		if strings.ContainsRune("AEIOUYÉÈ", []rune(name)[0]) {
			a = "L'"
		}
		name = a + name
	case y < 19:
		name += "-sur-" + pick(r, rivers)
	case y < 23:
		name += "-en-" + pick(r, pays)
	case y < 25:
		name += "-les-Bains"
	case y < 27:
		name += "-le-Château"
	}
	return name
}

func distanceKm(lat1, lon1, lat2, lon2 float64) float64 {
	dy := (lat2 - lat1) * 111.32
	dx := (lon2 - lon1) * 111.32 * math.Cos((lat1+lat2)/2*math.Pi/180)
	return math.Hypot(dx, dy)
}

// offset moves a point by d metres in a random direction.
func offset(r *rand.Rand, lat, lon, d float64) (float64, float64) {
	b := r.Float64() * 2 * math.Pi
	return lat + d*math.Cos(b)/111320, lon + d*math.Sin(b)/(111320*math.Cos(lat*math.Pi/180))
}

func (g *universe) sites(communes []*sCommune) []*site {
	var all []*site
	for _, c := range communes {
		for j := 0; j < c.size; j++ {
			st := g.site(c)
			c.sites = append(c.sites, st)
			all = append(all, st)
		}
	}
	return all
}

func (g *universe) drawKind(c *sCommune) *sKind {
	r := g.r
	for try := 0; ; try++ {
		total := 0
		for _, k := range sKinds {
			total += g.weight(c, k)
		}
		x := r.IntN(total)
		var k *sKind
		for _, kk := range sKinds {
			if x < g.weight(c, kk) {
				k = kk
				break
			}
			x -= g.weight(c, kk)
		}
		if k.unique && c.kinds[k.key] > 0 && (c.size < 20 || r.IntN(4) > 0) && try < 20 {
			continue
		}
		if k.itinerant && len(c.sites) == 0 && try < 20 {
			continue // a bus is based at a fixed site
		}
		return k
	}
}

func (g *universe) weight(c *sCommune, k *sKind) int {
	if c.size <= 3 {
		return k.small
	}
	return k.big
}

func weighted(r *rand.Rand, w []int) int {
	total := 0
	for _, x := range w {
		total += x
	}
	x := r.IntN(total)
	for i, v := range w {
		if x < v {
			return i
		}
		x -= v
	}
	return len(w) - 1
}

func (g *universe) site(c *sCommune) *site {
	r := g.r
	g.nSit++
	k := g.drawKind(c)
	st := &site{n: g.nSit, kind: k, c: c, itinerant: k.itinerant}
	c.kinds[k.key]++
	st.visibility = k.visibility + r.Float64()*1.2
	st.op = g.operator(c, k, weighted(r, k.ops[:]))
	g.name(st)
	st.cp = pick(r, c.cps)
	g.address(st)
	g.contact(st)
	st.hours = ""
	if r.IntN(10) > 0 {
		st.hours = pick(r, hoursOSM)
	}
	st.services = subsetOf(r, k.services, 1+r.IntN(len(k.services)))
	if x := pick(r, place.Services.Values); r.IntN(4) == 0 && !slices.Contains(st.services, x) {
		st.services = append(st.services, x)
	}
	st.dispositif = subsetOf(r, k.dispositifs, r.IntN(len(k.dispositifs)+1))
	if r.IntN(3) == 0 {
		st.dispositif = append(st.dispositif, place.DispositifCNFS)
	}
	st.publics = subsetOf(r, place.Publics.Values, r.IntN(3))
	st.acces = subsetOf(r, place.ModalitesAcces.Values[:4], 1+r.IntN(2))
	st.accomp = subsetOf(r, place.ModalitesAccompagnement.Values, 1+r.IntN(2))
	st.frais = subsetOf(r, place.FraisACharge.Values[:2], 1)
	st.date = r.IntN(2800)
	if op := st.op; op.hq == nil {
		op.hq = st
	}
	st.op.sites++
	c.names[st.name()] = true
	return st
}

// name draws the head and tail of a place's name, unique in its commune.
func (g *universe) name(st *site) {
	r, k, c := g.r, st.kind, st.c
	for try := 0; ; try++ {
		st.head = 0
		if r.IntN(5) == 0 {
			st.head = r.IntN(len(k.heads))
		}
		if k.key == "RFS" && st.head >= 3 && r.IntN(2) == 0 {
			st.head = 0 // most sites are called France services by now
		}
		st.tailKind = weighted(r, k.tails[:])
		switch st.tailKind {
		case tailCommune:
			st.tail = c.name
		case tailPerson:
			st.tail = pick(r, people)
		case tailQuartier:
			st.tail = pick(r, quartiers)
		case tailNamed:
			switch k.key {
			case "ASSO":
				if st.op.network && st.op.sites > 0 {
					st.tail = st.op.name
					if r.IntN(2) == 0 {
						st.tail += " " + c.name
					} else {
						st.tail += " - " + pick(r, quartiers)
					}
				} else {
					st.tail = st.op.name
				}
			default:
				st.tail = pick(r, tiersLieux)
				if r.IntN(3) == 0 {
					st.tail += " numérique"
				}
			}
		case tailNone:
			st.tail = ""
		}
		if k.key == "MUNI" && c.kinds["MUNI"] > 1 {
			st.head, st.tailKind, st.tail = 0, tailQuartier, pick(r, quartiers)
		}
		if k.itinerant && st.tailKind == tailNone {
			st.tail = ""
		}
		if !c.names[st.name()] || try > 10 {
			if c.names[st.name()] {
				st.tail += " " + strconv.Itoa(st.n)
			}
			break
		}
	}
	if r.IntN(16) == 0 {
		// Renamed: some sources still say what it was called before.
		old := *st
		switch {
		case len(k.heads) > 1 && r.IntN(2) == 0:
			old.head = (st.head + 1 + r.IntN(len(k.heads)-1)) % len(k.heads)
		case st.tailKind == tailPerson || st.tailKind == tailQuartier:
			old.tail = pick(r, people)
		default:
			old.head = (st.head + 1) % len(k.heads)
			old.tailKind, old.tail = tailQuartier, pick(r, quartiers)
		}
		if n := old.name(); n != st.name() {
			st.former = n
		}
	}
}

// name is the place's name as most sources write it.
func (st *site) name() string { return st.nameWith(st.head, st.tailKind, st.tail) }

func (st *site) nameWith(head, tailKind int, tail string) string {
	h := st.kind.heads[head]
	if st.kind.key == "MUNI" && tailKind == tailQuartier {
		h = "Mairie annexe"
	}
	switch {
	case tail == "":
		if h == "" {
			return st.kind.heads[len(st.kind.heads)-1]
		}
		return h
	case h == "":
		return tail
	case tailKind == tailCommune:
		return h + " " + of(tail)
	}
	return h + " " + tail
}

// of is "de X" with French elision and contraction.
func of(name string) string {
	switch {
	case strings.HasPrefix(name, "Le "):
		return "du " + name[3:]
	case strings.HasPrefix(name, "Les "):
		return "des " + name[4:]
	case strings.HasPrefix(name, "L'"):
		return "de " + name
	}
	if first, _ := utf8.DecodeRuneInString(name); strings.ContainsRune("AEIOUYÉÈ", first) {
		return "d'" + name
	}
	return "de " + name
}

func (g *universe) operator(c *sCommune, k *sKind, which int) *operator {
	r := g.r
	ds := g.dep(c.dep)
	switch which {
	case opTown:
		if c.town == nil {
			domain := pick(r, []string{"ville-", "mairie-", ""}) + c.slug + ".fr"
			c.town = &operator{name: "Commune " + of(c.name), domain: domain, phone: g.phone(c, false),
				siren: sirenWith("21" + strings.NewReplacer("A", "0", "B", "0").Replace(c.insee) + strconv.Itoa(r.IntN(10))), nic: 10, network: true}
		}
		return c.town
	case opEPCI:
		if c.epci == nil {
			if len(ds.epcis) == 0 || r.IntN(6) == 0 {
				name := "Communauté de communes " + pick(r, []string{"du Pays ", "des ", "du Val ", "Cœur "}) + c.name
				if c.size > 30 {
					name = "Métropole " + c.name
				}
				ds.epcis = append(ds.epcis, &operator{name: name, domain: "cc-" + c.slug + ".fr", phone: g.phone(c, false),
					siren: sirenWith("200" + fmt.Sprintf("%05d", r.IntN(100000))), nic: 10, network: true})
			}
			c.epci = pick(r, ds.epcis)
		}
		return c.epci
	case opDept:
		if ds.dept == nil {
			code := strings.NewReplacer("A", "0", "B", "0").Replace(c.dep.code)
			ds.dept = &operator{name: "Conseil départemental (" + c.dep.code + ")", domain: "departement" + strings.ToLower(c.dep.code) + ".fr",
				phone: g.phone(c, false), siren: sirenWith("22" + code + "000" + strconv.Itoa(r.IntN(10))), nic: 10, network: true}
		}
		return ds.dept
	}
	// An association: most run one site; some networks run several in the département.
	if k.key == "ASSO" || k.key == "EPN" || k.key == "CS" || k.key == "PIMMS" {
		open := ds.assos[:0]
		for _, a := range ds.assos {
			if a.sites < 8 {
				open = append(open, a)
			}
		}
		ds.assos = open
		if len(open) > 0 && r.IntN(3) == 0 {
			return pick(r, open)
		}
	}
	name := pick(r, assoFirst) + " " + pick(r, assoSecond)
	switch k.key {
	case "TIERS", "FABLAB":
		name = pick(r, tiersLieux)
	case "ML":
		name = "Mission locale " + of(c.name)
	case "PIMMS":
		name = "PIMMS " + c.name
	}
	a := &operator{name: name, phone: g.phone(c, r.IntN(3) == 0), nic: 10}
	switch r.IntN(4) {
	case 0:
		a.domain = pick(r, []string{"orange.fr", "gmail.com", "laposte.net", "free.fr"})
		a.mail = slug(name) + "." + c.slug[:min(6, len(c.slug))] + "@" + a.domain
	default:
		a.domain = slug(name) + "-" + c.slug[:min(8, len(c.slug))] + pick(r, []string{".org", ".fr", ".asso.fr"})
		a.mail = "contact@" + a.domain
	}
	switch x := r.IntN(10); {
	case x < 6:
		a.siren = sirenWith(strconv.Itoa(3+r.IntN(6)) + fmt.Sprintf("%07d", r.IntN(10_000_000)))
	case x < 8:
		a.siren = "W" + fmt.Sprintf("%09d", r.Int64N(1_000_000_000))
	}
	if k.key == "ASSO" || k.key == "PIMMS" || (k.key == "EPN" || k.key == "CS") && r.IntN(3) == 0 {
		if r.IntN(4) == 0 {
			a.network = true
			ds.assos = append(ds.assos, a)
		}
	}
	return a
}

// sirenWith completes eight digits with their Luhn key.
func sirenWith(eight string) string {
	for d := byte('0'); d <= '9'; d++ {
		s := eight + string(d)
		if luhnValid(s) {
			return s
		}
	}
	panic("unreachable")
}

func luhnValid(s string) bool {
	sum := 0
	for i := 0; i < len(s); i++ {
		d := int(s[len(s)-1-i] - '0')
		if i%2 == 1 {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
	}
	return sum%10 == 0
}

// siretOf is the SIRET of an establishment of the operator: NIC then key.
func siretOf(siren string, nic int) string {
	base := siren + fmt.Sprintf("%04d", nic)
	for d := byte('0'); d <= '9'; d++ {
		if s := base + string(d); place.SiretValid(s) {
			return s
		}
	}
	panic("unreachable")
}

func (g *universe) phone(c *sCommune, mobile bool) string {
	r := g.r
	if mobile {
		return fmt.Sprintf("0%d%08d", 6+r.IntN(2), r.IntN(100_000_000))
	}
	return fmt.Sprintf("0%c%d%07d", '0'+c.dep.phone, 1+r.IntN(9), r.IntN(10_000_000))
}

func (g *universe) address(st *site) {
	r, c := g.r, st.c
	// A bus is based at a fixed site; some buildings host two services
	// of different organisations.
	var host *site
	if st.itinerant {
		if hq := st.op.hq; hq != nil && !hq.itinerant && hq.c == c {
			host = hq
		} else {
			host = fixedSite(r, c.sites, nil)
		}
	} else if len(c.sites) > 0 && r.IntN(18) == 0 {
		host = fixedSite(r, c.sites, st.op)
	}
	if host != nil {
		st.num, st.street, st.streetName, st.complement, st.cp = host.num, host.street, host.streetName, host.complement, host.cp
		st.lat, st.lon = host.lat, host.lon
		if !st.itinerant {
			st.lat, st.lon = offset(r, host.lat, host.lon, r.Float64()*8)
		}
		return
	}
	if r.IntN(12) > 0 {
		st.num = strconv.Itoa(1 + int(math.Abs(r.NormFloat64())*40))
		if r.IntN(20) == 0 {
			st.num += " bis"
		}
	}
	st.street = r.IntN(len(streetTypes))
	st.streetName = pick(r, streetNames)
	if st.num == "" && r.IntN(3) == 0 {
		st.street, st.streetName = 7, "de la Mairie" // "place de la Mairie", no number
	}
	if r.IntN(8) == 0 {
		st.complement = pick(r, complements)
	}
	d := c.radiusKm * 1000 * math.Sqrt(r.Float64())
	st.lat, st.lon = offset(r, c.lat, c.lon, d)
}

// fixedSite picks a fixed site of the list, not run by op (nil: any).
func fixedSite(r *rand.Rand, sites []*site, op *operator) *site {
	for try := 0; try < 8 && len(sites) > 0; try++ {
		s := pick(r, sites)
		if !s.itinerant && (op == nil || s.op != op) {
			return s
		}
	}
	return nil
}

func (g *universe) contact(st *site) {
	r, op, k := g.r, st.op, st.kind
	own := func() string { return g.phone(st.c, false) }
	switch x := r.IntN(20); {
	case x < 3:
		st.phone = ""
	case op.network && x < 12:
		st.phone = op.phone
	case !op.network && op.sites == 0:
		st.phone = op.phone
	default:
		st.phone = own()
	}
	switch x := r.IntN(10); {
	case x < 2:
	case op.mail != "" && (!op.network || x < 5):
		st.email = op.mail
	default:
		local := k.mailLocal
		if st.tailKind == tailPerson || st.tailKind == tailQuartier {
			local += "." + slug(st.tail)
		}
		if op.sites > 0 && op.mail != "" {
			local += "." + st.c.slug
		}
		if strings.Contains(op.domain, "orange.fr") || strings.Contains(op.domain, "gmail") || strings.Contains(op.domain, "laposte") || strings.Contains(op.domain, "free.fr") {
			st.email = op.mail
		} else {
			st.email = local + "@" + op.domain
		}
	}
	if r.IntN(10) < 7 {
		st.web = "https://www." + op.domain
		if strings.Contains(op.domain, "orange.fr") || strings.Contains(op.domain, "gmail") || strings.Contains(op.domain, "laposte") || strings.Contains(op.domain, "free.fr") {
			st.web = ""
		} else if op.network && r.IntN(2) == 0 {
			st.web += "/" + slug(st.name())
		}
	}
	switch {
	case op.siren == "" || r.IntN(10) == 0:
	case strings.HasPrefix(op.siren, "W"):
		st.pivot = op.siren
	case op.network && r.IntN(2) == 0:
		st.pivot = siretOf(op.siren, 10) // the head office's
	default:
		op.nic += 1 + r.IntN(30)
		st.pivot = siretOf(op.siren, op.nic)
	}
}

func subsetOf(r *rand.Rand, xs []string, n int) []string {
	if n <= 0 || len(xs) == 0 {
		return nil
	}
	perm := r.Perm(len(xs))
	out := make([]string, 0, n)
	for _, i := range perm[:min(n, len(xs))] {
		out = append(out, xs[i])
	}
	return out
}

// slug is a lower-case ASCII form: "Saint-Étienne d'Or" → "saint-etienne-d-or".
func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, c := range stripAccents(strings.ToLower(s)) {
		if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' {
			b.WriteRune(c)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}

var accents = strings.NewReplacer(
	"à", "a", "â", "a", "ä", "a", "ç", "c", "é", "e", "è", "e", "ê", "e", "ë", "e",
	"î", "i", "ï", "i", "ô", "o", "ö", "o", "ù", "u", "û", "u", "ü", "u", "ÿ", "y", "œ", "oe",
	"À", "A", "Â", "A", "Ç", "C", "É", "E", "È", "E", "Ê", "E", "Ë", "E", "Î", "I", "Ï", "I",
	"Ô", "O", "Ö", "O", "Ù", "U", "Û", "U", "Ü", "U", "Œ", "OE", "·", ".",
)

func stripAccents(s string) string { return accents.Replace(s) }

// WriteDir writes dir/source-1.csv … and, when truth is not "", the CSV
// source,id,lieu saying which place each record describes.
func (s *Sources) WriteDir(dir, truth string) (err error) {
	var tw *csv.Writer
	if truth != "" {
		f, err := os.Create(truth)
		if err != nil {
			return err
		}
		defer func() {
			if cerr := f.Close(); err == nil {
				err = cerr
			}
		}()
		bw := bufio.NewWriter(f)
		defer func() {
			if ferr := bw.Flush(); err == nil {
				err = ferr
			}
		}()
		tw = csv.NewWriter(bw)
		if err := tw.Write([]string{"source", "id", "lieu"}); err != nil {
			return err
		}
	}
	for i := 1; i <= s.cfg.Sources; i++ {
		f, err := os.Create(filepath.Join(dir, SourceFile(i)))
		if err != nil {
			return err
		}
		werr := s.WriteSource(f, i, tw)
		if cerr := f.Close(); werr == nil {
			werr = cerr
		}
		if werr != nil {
			return werr
		}
	}
	if tw != nil {
		tw.Flush()
		return tw.Error()
	}
	return nil
}

// SourceFile is the name of source i's file; the truth's source column is
// the name without ".csv".
func SourceFile(i int) string { return "source-" + strconv.Itoa(i) + ".csv" }

// PlaceID is the truth's name of the n-th place of the universe.
func PlaceID(n int) string { return "lieu-" + strconv.Itoa(n) }

// style is how one source writes its records.
type style struct {
	ids          int // 0 counter, 1 UUID-like, 2 numeric, 3 slug, 4 INSEE-counter
	label        string
	prefix       string
	upper        float64 // names and addresses in capitals
	noAccents    float64
	abbrev       float64 // "av.", "bd", "St"
	headSwap     float64 // « Médiathèque » ↔ « Bibliothèque », « MSAP » ↔ « France services »
	addCommune   float64 // « … de <commune> »
	stale        float64 // an older name when the place was renamed
	noNumber     float64
	noCoords     float64
	far          float64 // geocoded 300–900 m off
	centroid     float64 // geocoded at the commune's centre
	decimals     int
	comma        float64 // decimal comma
	phoneFormat  int
	noPhone      float64
	noMail       float64
	noWeb        float64
	placeholder  bool // unknown pivots written 00000000000000
	noPivot      float64
	spreadsheet  bool // leading zeros lost, dates dd/mm/yyyy
	hoursText    float64
	noHours      float64
	day          int // the source's extraction, days since 2019-01-01
	sortByCommun bool
}

func newStyle(r *rand.Rand, i int) style {
	st := style{
		ids:         (i - 1) % 5,
		label:       sourceLabels[(i-1)%len(sourceLabels)],
		prefix:      []string{"hub", "carto", "di", "coop", "tab", "od", "cd", "bib"}[(i-1)%8],
		upper:       0.02,
		noAccents:   0.03,
		abbrev:      0.1 + 0.4*r.Float64(),
		headSwap:    0.1 + 0.15*r.Float64(),
		addCommune:  0.05 + 0.25*r.Float64(),
		stale:       0.2 + 0.6*r.Float64(),
		noNumber:    0.03 + 0.07*r.Float64(),
		noCoords:    0.01 + 0.06*r.Float64(),
		far:         0.03 + 0.07*r.Float64(),
		centroid:    0.01 + 0.04*r.Float64(),
		decimals:    4 + r.IntN(4),
		phoneFormat: r.IntN(5),
		noPhone:     0.05 + 0.25*r.Float64(),
		noMail:      0.05 + 0.3*r.Float64(),
		noWeb:       0.1 + 0.4*r.Float64(),
		placeholder: r.IntN(2) == 0,
		noPivot:     0.05 + 0.5*r.Float64(),
		hoursText:   0.02 + 0.1*r.Float64(),
		noHours:     0.1 + 0.4*r.Float64(),
		day:         2200 + r.IntN(600),
	}
	if i > 5 {
		st.prefix += strconv.Itoa(i)
	}
	switch (i - 1) % 5 {
	case 1: // a national export in capitals
		st.upper, st.noAccents = 0.5, 0.3
	case 2:
		st.noAccents = 0.4
	case 4: // a hand-kept spreadsheet
		st.spreadsheet, st.comma, st.sortByCommun = true, 0.3, true
	}
	return st
}

// WriteSource writes source i (1-based) in the standard v1 CSV, and, when
// truth is not nil, one row "source-i,id,lieu" per record.
func (s *Sources) WriteSource(w io.Writer, i int, truth *csv.Writer) error {
	if i < 1 || i > s.cfg.Sources {
		return fmt.Errorf("source %d hors de [1, %d]", i, s.cfg.Sources)
	}
	r := rand.New(rand.NewPCG(s.cfg.Seed, 0x736f75726365+uint64(i)*0x9e3779b97f4a7c15))
	sty := newStyle(r, i)
	sites := slices.Clone(s.bySource[i-1])
	r.Shuffle(len(sites), func(a, b int) { sites[a], sites[b] = sites[b], sites[a] })
	recs := make([][place.NumFields]string, len(sites))
	for j, st := range sites {
		s.describe(r, &sty, st, &recs[j])
	}
	assignIDs(r, &sty, sites, recs)
	order := make([]int, len(recs))
	for j := range order {
		order[j] = j
	}
	if sty.sortByCommun {
		slices.SortStableFunc(order, func(a, b int) int {
			return strings.Compare(recs[a][place.FCodePostal]+recs[a][place.FNom], recs[b][place.FCodePostal]+recs[b][place.FNom])
		})
	}
	bw := bufio.NewWriterSize(w, 256<<10)
	cw := csv.NewWriter(bw)
	if err := cw.Write(place.FieldNames[:]); err != nil {
		return err
	}
	name := strings.TrimSuffix(SourceFile(i), ".csv")
	for _, j := range order {
		if err := cw.Write(recs[j][:]); err != nil {
			return err
		}
		if truth != nil {
			if err := truth.Write([]string{name, recs[j][place.FID], PlaceID(sites[j].n)}); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return bw.Flush()
}

func chance(r *rand.Rand, p float64) bool { return r.Float64() < p }

// describe writes what one source says of a place.
func (s *Sources) describe(r *rand.Rand, sty *style, st *site, rec *[place.NumFields]string) {
	k, c := st.kind, st.c
	upper := chance(r, sty.upper)
	noAccents := upper && chance(r, 0.6) || chance(r, sty.noAccents)
	text := func(v string) string {
		if noAccents {
			v = stripAccents(v)
		}
		if upper {
			v = strings.ToUpper(v)
		}
		return v
	}

	// Name.
	name := st.name()
	switch {
	case st.former != "" && chance(r, sty.stale):
		name = st.former
	case len(k.heads) > 1 && chance(r, sty.headSwap):
		name = st.nameWith(r.IntN(len(k.heads)), st.tailKind, st.tail)
	}
	switch {
	case st.tailKind == tailCommune && chance(r, 0.15):
		// « Mairie Montville », « France services - Montville »
		h := st.kind.heads[st.head]
		if h != "" {
			name = h + pick(r, []string{" ", " - "}) + c.name
		}
	case st.tailKind != tailCommune && chance(r, sty.addCommune):
		name += pick(r, []string{" " + of(c.name), " - " + c.name, " (" + c.name + ")", " à " + c.name})
	}
	if k.key == "ASSO" && !strings.HasPrefix(name, "Association") && chance(r, 0.1) {
		name = "Association " + name
	}
	if chance(r, sty.abbrev*0.2) {
		name = strings.Replace(name, "Saint-", "St-", 1)
	}
	if first, n := utf8.DecodeRuneInString(name); chance(r, 0.05) {
		name = strings.ToLower(string(first)) + name[n:]
	}
	rec[place.FNom] = text(name)

	// Where.
	commune := c.name
	if chance(r, sty.abbrev*0.3) {
		commune = strings.Replace(strings.Replace(commune, "Saint-", "St-", 1), "Sainte-", "Ste-", 1)
	}
	rec[place.FCommune] = text(commune)
	rec[place.FCodePostal] = st.cp
	if chance(r, 0.03) {
		rec[place.FCodePostal] = c.cps[0] // the commune's main postcode
	}
	rec[place.FCodeINSEE] = c.insee
	if sty.spreadsheet && strings.HasPrefix(c.insee, "0") {
		rec[place.FCodePostal] = strings.TrimPrefix(rec[place.FCodePostal], "0")
		rec[place.FCodeINSEE] = strings.TrimPrefix(c.insee, "0")
	}
	rec[place.FAdresse] = text(s.address(r, sty, st, rec))

	lat, lon := st.lat, st.lon
	switch x := r.Float64(); {
	case x < sty.noCoords:
		lat = math.NaN()
	case x < sty.noCoords+sty.centroid:
		lat, lon = c.lat, c.lon
	case x < sty.noCoords+sty.centroid+sty.far:
		lat, lon = offset(r, lat, lon, 300+600*r.Float64())
	case x < sty.noCoords+sty.centroid+sty.far+0.12:
		lat, lon = offset(r, lat, lon, 100+200*r.Float64())
	default:
		lat, lon = offset(r, lat, lon, math.Min(99, math.Abs(r.NormFloat64())*30))
	}
	if !math.IsNaN(lat) {
		rec[place.FLatitude] = strconv.FormatFloat(lat, 'f', sty.decimals, 64)
		rec[place.FLongitude] = strconv.FormatFloat(lon, 'f', sty.decimals, 64)
		if chance(r, sty.comma) {
			rec[place.FLatitude] = strings.Replace(rec[place.FLatitude], ".", ",", 1)
			rec[place.FLongitude] = strings.Replace(rec[place.FLongitude], ".", ",", 1)
		}
	}

	// Who.
	rec[place.FTypologie] = k.typ[0]
	switch {
	case k.key == "BUS" && strings.Contains(k.heads[st.head], "France services"):
		rec[place.FTypologie] = "RFS" // an itinerant France services
	case len(k.typ) > 1 && chance(r, 0.25):
		rec[place.FTypologie] = pick(r, k.typ[1:])
	}
	if st.phone != "" && !chance(r, sty.noPhone) {
		rec[place.FTelephone] = formatPhone(st.phone, sty.phoneFormat)
		if chance(r, 0.05) {
			rec[place.FTelephone] = formatPhone(st.phone, r.IntN(5))
		}
	}
	if st.email != "" && !chance(r, sty.noMail) {
		rec[place.FCourriels] = st.email
		if chance(r, 0.03) {
			rec[place.FCourriels] = strings.ToUpper(st.email[:1]) + st.email[1:]
		}
	}
	if st.web != "" && !chance(r, sty.noWeb) {
		web := st.web
		switch x := r.IntN(20); {
		case x == 0:
			web = strings.TrimPrefix(web, "https://")
		case x == 1:
			web = strings.Replace(web, "https://", "http://", 1)
		case x == 2:
			web += "/"
		}
		rec[place.FSiteWeb] = web
	}
	switch {
	case st.pivot != "" && !chance(r, sty.noPivot):
		rec[place.FPivot] = st.pivot
		if len(st.pivot) == 14 && chance(r, 0.05) {
			rec[place.FPivot] = st.pivot[:3] + " " + st.pivot[3:6] + " " + st.pivot[6:9] + " " + st.pivot[9:]
		}
	case sty.placeholder:
		rec[place.FPivot] = place.PivotPlaceholder
	}
	if st.op.network && chance(r, 0.3) {
		rec[place.FStructureParente] = st.op.name
	}

	// What and when.
	switch {
	case chance(r, sty.noHours):
	case chance(r, sty.hoursText):
		rec[place.FHoraires] = pick(r, hoursText)
	default:
		rec[place.FHoraires] = st.hours
	}
	if rs := resumes[k.resume]; len(rs) > 0 && chance(r, 0.6) {
		rec[place.FPresentationResume] = pick(r, rs)
	}
	rec[place.FSource] = sty.label
	switch {
	case st.itinerant:
		rec[place.FItinerance] = place.ItineranceItinerant
	case chance(r, 0.7):
		rec[place.FItinerance] = place.ItineranceFixe
	}
	day := max(0, min(sty.day, st.date+r.IntN(400)-100))
	if chance(r, 0.3) {
		day = max(0, sty.day-r.IntN(1500))
	}
	date := dayDate(day)
	if sty.spreadsheet && chance(r, 0.4) {
		date = date[8:10] + "/" + date[5:7] + "/" + date[:4]
	}
	rec[place.FDateMaj] = date
	services := slices.Clone(st.services)
	if len(services) > 1 && chance(r, 0.3) {
		services = services[:len(services)-1]
	}
	if chance(r, 0.15) {
		if x := pick(r, place.Services.Values); !slices.Contains(services, x) {
			services = append(services, x)
		}
	}
	rec[place.FServices] = strings.Join(services, "|")
	if chance(r, 0.7) {
		rec[place.FPublics] = strings.Join(st.publics, "|")
		rec[place.FModalitesAcces] = strings.Join(st.acces, "|")
		rec[place.FModalitesAccompagnement] = strings.Join(st.accomp, "|")
		rec[place.FFrais] = strings.Join(st.frais, "|")
	}
	if chance(r, 0.6) {
		rec[place.FDispositifs] = strings.Join(st.dispositif, "|")
	}
}

func (s *Sources) address(r *rand.Rand, sty *style, st *site, rec *[place.NumFields]string) string {
	typ := streetTypes[st.street]
	t := typ.full
	if chance(r, sty.abbrev) {
		t = typ.abbr
	}
	if chance(r, 0.1) {
		t = strings.ToUpper(t[:1]) + t[1:]
	}
	street := t + " " + st.streetName
	num := st.num
	if chance(r, sty.noNumber) {
		num = ""
	} else if strings.HasSuffix(num, " bis") && chance(r, 0.3) {
		num = strings.TrimSuffix(num, " bis") + pick(r, []string{"B", "bis", ""})
	}
	addr := street
	if num != "" {
		addr = num + pick(r, []string{" ", " ", " ", ", "}) + street
	}
	if st.complement != "" {
		switch x := r.IntN(10); {
		case x < 5:
			rec[place.FComplementAdresse] = st.complement
		case x < 7:
			addr = st.complement + ", " + addr
		}
	}
	return addr
}

func formatPhone(p string, f int) string {
	switch f {
	case 0:
		return p[:2] + " " + p[2:4] + " " + p[4:6] + " " + p[6:8] + " " + p[8:]
	case 1:
		return p
	case 2:
		return p[:2] + "." + p[2:4] + "." + p[4:6] + "." + p[6:8] + "." + p[8:]
	case 3:
		return "+33 " + p[1:2] + " " + p[2:4] + " " + p[4:6] + " " + p[6:8] + " " + p[8:]
	default:
		return "+33" + p[1:]
	}
}

// dayDate is the date n days after 2019-01-01, as AAAA-MM-JJ.
func dayDate(n int) string {
	y, d := 2019, n
	for {
		days := 365
		if y%4 == 0 {
			days = 366
		}
		if d < days {
			break
		}
		d -= days
		y++
	}
	mdays := []int{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}
	if y%4 == 0 {
		mdays[1] = 29
	}
	m := 0
	for d >= mdays[m] {
		d -= mdays[m]
		m++
	}
	return fmt.Sprintf("%04d-%02d-%02d", y, m+1, d+1)
}

// assignIDs gives every record the source's own id, unique in the file.
func assignIDs(r *rand.Rand, sty *style, sites []*site, recs [][place.NumFields]string) {
	seen := make(map[string]bool, len(recs))
	perm := r.Perm(len(recs))
	perInsee := map[string]int{}
	for j := range recs {
		var id string
		switch sty.ids {
		case 0:
			id = fmt.Sprintf("%s-%05d", sty.prefix, perm[j]+1)
		case 1:
			id = fmt.Sprintf("%08x-%04x-4%03x-%04x-%012x", r.Uint32(), r.IntN(1<<16), r.IntN(1<<12), 0x8000|r.IntN(1<<14), r.Int64N(1<<48))
		case 2:
			id = strconv.Itoa(100000 + perm[j]*7 + r.IntN(7))
		case 3:
			id = slug(recs[j][place.FNom])
			if c := sites[j].c.slug; !strings.Contains(id, c) {
				id += "-" + c
			}
		default:
			perInsee[sites[j].c.insee]++
			id = fmt.Sprintf("%s-%03d", sites[j].c.insee, perInsee[sites[j].c.insee])
		}
		base := id
		for n := 2; seen[id]; n++ {
			id = base + "-" + strconv.Itoa(n)
		}
		seen[id] = true
		recs[j][place.FID] = id
	}
}
