package main

import (
	"fmt"
	"math"
	"regexp"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// fsSource is the maillage source name of the France Services list.
const fsSource = "france-services"

// fsDate is the list's date.
const fsDate = "2023-07-07"

// renderFS writes a site as the France Services list gives it, converted to
// the standard field by field without changing a value.
func renderFS(r *fsRow) record {
	f := map[string]string{
		"id":                              r.ID,
		"nom":                             r.Nom,
		"commune":                         r.Commune,
		"code_postal":                     r.CP,
		"code_insee":                      r.INSEE,
		"adresse":                         r.Adresse,
		"complement_adresse":              r.Complement,
		"latitude":                        r.LatS,
		"longitude":                       r.LonS,
		"telephone":                       r.Tel,
		"courriels":                       r.Mail,
		"horaires":                        osmHours(r.Hours),
		"typologie":                       "RFS",
		"dispositif_programmes_nationaux": "France Services",
		"services":                        "Aide aux démarches administratives",
		"source":                          "ANCT",
		"structure_parente":               r.Groupe,
		"date_maj":                        fsDate,
	}
	if r.mobile() {
		f["itinerance"] = "Itinérant"
	} else {
		f["itinerance"] = "Fixe"
	}
	return record{Source: fsSource, Fields: clean(f)}
}

func clean(f map[string]string) map[string]string {
	for k, v := range f {
		if v == "" {
			delete(f, k)
		}
	}
	return f
}

var dayNames = [6]string{"Mo", "Tu", "We", "Th", "Fr", "Sa"}

// osmHours turns the list's per-day hours ("09:00 - 12:00 / 13:30 - 17:00")
// into OSM opening_hours, days with the same hours grouped.
func osmHours(days [6]string) string {
	var spans []string
	conv := make([]string, 6)
	for i, d := range days {
		var parts []string
		for _, p := range strings.Split(d, "/") {
			p = strings.ReplaceAll(strings.TrimSpace(p), " ", "")
			if len(p) == 11 && p[5] == '-' {
				parts = append(parts, p)
			}
		}
		conv[i] = strings.Join(parts, ",")
	}
	for i := 0; i < 6; {
		j := i
		for j+1 < 6 && conv[j+1] == conv[i] {
			j++
		}
		if conv[i] != "" {
			days := dayNames[i]
			if j > i {
				days += "-" + dayNames[j]
			}
			spans = append(spans, days+" "+conv[i])
		}
		i = j + 1
	}
	return strings.Join(spans, "; ")
}

// hub is a second source: a regional hub, a département or the national
// data·inclusion, with the date of its export.
type hub struct {
	Name, Label string
}

var regionHubs = map[string]hub{
	"84": {"hinaura", "Hinaura"},
	"76": {"rhinocc", "RhinOcc"},
	"27": {"mednum-bfc", "MedNum BFC"},
	"11": {"francil-in", "Francil'in"},
	"93": {"hub-sud", "Hub du Sud"},
	"52": {"hub-pays-de-la-loire", "Pôle numérique Pays de la Loire"},
	"53": {"hub-bretagne", "Hub Bretagne"},
	"28": {"hub-normandie", "Hub Normandie"},
	"44": {"hub-grand-est", "Hub Grand Est"},
	"32": {"hub-hauts-de-france", "Hub Hauts-de-France"},
	"24": {"hub-centre", "Hub Centre-Val de Loire"},
	"75": {"hub-nouvelle-aquitaine", "Hub Nouvelle-Aquitaine"},
	"94": {"hub-corse", "Hub Corse"},
}

// otherSource picks the second source that describes a site a year later.
func (g *gen) otherSource(r *fsRow) hub {
	x := g.rng.Float64()
	switch {
	case x < 0.15:
		return hub{"data-inclusion", "data·inclusion"}
	case x < 0.25:
		return hub{"cd" + strings.ToLower(r.Dep), "Conseil départemental"}
	}
	if h, ok := regionHubs[g.regions[r.Dep]]; ok {
		return h
	}
	return hub{"hub-outre-mer", "Hub Outre-mer"}
}

func (g *gen) newID(src string) string {
	g.counter[src]++
	return fmt.Sprintf("%s-%04d", src, g.counter[src])
}

// change is what a variant did to a record: the note's parts, and the
// fields it changed (a later removal of fields leaves those alone).
type change struct {
	parts   []string
	touched map[string]bool
}

func (c *change) add(format string, args ...any) {
	c.parts = append(c.parts, fmt.Sprintf(format, args...))
}

func (c *change) touch(fields ...string) {
	if c.touched == nil {
		c.touched = map[string]bool{}
	}
	for _, f := range fields {
		c.touched[f] = true
	}
}

// variant writes a site as another source gives it a year later: its own
// id, phone format, date, vocabulary choices. Perturbations are applied on
// top by the caller.
func (g *gen) variant(r *fsRow, h hub) (record, *change) {
	ch := &change{}
	f := map[string]string{
		"id":                 g.newID(h.Name),
		"nom":                r.Nom,
		"commune":            r.Commune,
		"code_postal":        r.CP,
		"code_insee":         r.INSEE,
		"adresse":            r.Adresse,
		"complement_adresse": r.Complement,
		"latitude":           coord(r.Lat, 6),
		"longitude":          coord(r.Lon, 6),
		"telephone":          g.phoneFormat(r.Tel),
		"courriels":          r.Mail,
		"source":             h.Label,
		"date_maj":           fmt.Sprintf("2024-%02d-%02d", 3+g.rng.IntN(8), 1+g.rng.IntN(28)),
		"services":           "Aide aux démarches administratives|Accès internet et matériel informatique",
	}
	if g.chance(0.6) {
		days := r.Hours
		if g.chance(0.25) {
			// A year later the hours have changed a little.
			days = g.changeHours(days)
			ch.add("horaires modifiés")
		}
		f["horaires"] = osmHours(days)
	}
	if r.Typo != "" {
		if g.chance(0.6) {
			f["typologie"] = r.Typo
		}
		f["services"] = "Accès internet et matériel informatique|Maîtrise des outils numériques du quotidien"
		return record{Source: h.Name, Fields: g.variantTail(r, f)}, ch
	}
	switch x := g.rng.Float64(); {
	case x < 0.4:
		f["typologie"] = "RFS"
	case x < 0.55:
		if r.itinerant() {
			f["typologie"] = "RFS"
		} else {
			f["typologie"] = pick(g, []string{"RFS|MUNI", "RFS|CC", "RFS|CS"})
		}
	}
	if g.chance(0.7) {
		f["dispositif_programmes_nationaux"] = "France Services"
	}
	return record{Source: h.Name, Fields: g.variantTail(r, f)}, ch
}

func (g *gen) variantTail(r *fsRow, f map[string]string) map[string]string {
	if r.itinerant() {
		f["itinerance"] = "Itinérant"
	} else if g.chance(0.5) {
		f["itinerance"] = "Fixe"
	}
	if g.chance(0.3) {
		f["complement_adresse"] = ""
	}
	if g.chance(0.3) {
		f["commune"] = communeVariant(r.Commune, g)
	}
	return f
}

// changeHours closes a day, or moves the morning's opening by half an hour.
func (g *gen) changeHours(days [6]string) [6]string {
	var open []int
	for i, d := range days {
		if d != "" {
			open = append(open, i)
		}
	}
	if len(open) == 0 {
		return days
	}
	i := pick(g, open)
	if len(open) > 2 && g.chance(0.5) {
		days[i] = ""
		return days
	}
	for _, from := range []string{"08:30", "09:00", "08:00", "09:30", "10:00"} {
		if strings.HasPrefix(days[i], from) {
			to := map[string]string{"08:30": "09:00", "09:00": "08:30", "08:00": "08:30", "09:30": "09:00", "10:00": "09:30"}[from]
			days[i] = to + days[i][len(from):]
			return days
		}
	}
	days[i] = ""
	return days
}

// phoneFormat writes a phone number as spreadsheets do.
func (g *gen) phoneFormat(tel string) string {
	d := digits(tel)
	if len(d) != 10 {
		return tel
	}
	switch g.rng.IntN(5) {
	case 0:
		return tel
	case 1:
		return d
	case 2:
		return d[0:2] + "." + d[2:4] + "." + d[4:6] + "." + d[6:8] + "." + d[8:10]
	case 3:
		return "+33" + d[1:]
	default:
		return "+33 " + d[1:2] + " " + d[2:4] + " " + d[4:6] + " " + d[6:8] + " " + d[8:10]
	}
}

func digits(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func communeVariant(c string, g *gen) string {
	switch g.rng.IntN(3) {
	case 0:
		return strings.ToUpper(c)
	case 1:
		return stripAccents(c)
	default:
		s := strings.ReplaceAll(c, "Saint-", "St-")
		s = strings.ReplaceAll(s, "Sainte-", "Ste-")
		return strings.ReplaceAll(s, "-", " ")
	}
}

func stripAccents(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// fsPrefix matches the "France services" part of a name and what links it to
// the place's own name.
var fsPrefix = regexp.MustCompile(`(?i)^(bus )?france services?\s*(?:-\s*)?(de la |de l'|de l’|de |d'|d’|du |des )?`)

// placeName returns the part of a France Services name that names the place
// ("Valserhône" in "France services de Valserhône"), and whether the name has
// the usual form.
func placeName(nom string) (string, bool) {
	m := fsPrefix.FindStringSubmatchIndex(nom)
	if m == nil {
		return nom, false
	}
	rest := strings.TrimSpace(nom[m[1]:])
	if m[4] >= 0 {
		rest = nom[m[4]:m[5]] + rest
	}
	if rest == "" {
		return nom, false
	}
	return rest, true
}

// rename gives a site one of the names other sources use for it.
func (g *gen) rename(r *fsRow, f map[string]string, ch *change) {
	if len(r.Aliases) > 0 {
		var other []string
		for _, a := range r.Aliases {
			if a != f["nom"] {
				other = append(other, a)
			}
		}
		f["nom"] = pick(g, other)
		ch.add("nom « %s »", f["nom"])
		return
	}
	rest, ok := placeName(r.Nom)
	if !ok {
		f["nom"] = strings.ToUpper(r.Nom[:1]) + r.Nom[1:] + " (France Services)"
		ch.add("nom complété « %s »", f["nom"])
		return
	}
	if b := buildingName(r.Complement); b != "" && !r.itinerant() && !ch.touched["telephone"] && !ch.touched["courriels"] && g.chance(0.5) {
		// Sources often name a place after its building; the contacts
		// stay those of the list, or a person could not tell.
		f["nom"] = pick(g, []string{b, b + " – France Services", b + " (" + r.Commune + ")"})
		ch.touch("telephone", "courriels", "nom-bâtiment")
		ch.add("nommé d'après son bâtiment « %s »", f["nom"])
		return
	}
	bare := rest
	if r.itinerant() {
		for _, p := range []string{"Itinérante ", "itinérante ", "Itinérant ", "itinérant ", "mobile ", "Mobile "} {
			bare = strings.TrimPrefix(bare, p)
		}
	}
	for _, p := range []string{"de la ", "de l'", "de l’", "de ", "d'", "d’", "du ", "des "} {
		bare = strings.TrimPrefix(bare, p)
	}
	de := "de " + bare
	if strings.HasPrefix(rest, "d") && rest != bare {
		de = rest
	} else if startsWithVowel(bare) {
		de = "d'" + bare
	}
	var forms []string
	if r.itinerant() {
		forms = []string{
			"France services itinérante " + de,
			"Bus France Services " + bare,
			"BUS FRANCE SERVICES " + strings.ToUpper(stripAccents(bare)),
			"France Services mobile " + de,
			"Espace France Services itinérant " + de,
		}
	} else {
		forms = []string{
			"Maison France Services " + de,
			"France Services " + bare,
			"Espace France Services " + de,
			"MSAP " + de,
			"Maison de services au public " + de,
			"FRANCE SERVICES " + strings.ToUpper(stripAccents(bare)),
			"France services - " + bare,
			bare + " - France Services",
			"Maison France Services (MFS) " + de,
			"Espace France services " + bare,
		}
	}
	f["nom"] = pick(g, forms)
	if strings.HasPrefix(f["nom"], "MSAP") || strings.HasPrefix(f["nom"], "Maison de services au public") {
		// A record from before the MSAP were relabelled (2020–2022).
		f["date_maj"] = fmt.Sprintf("20%02d-%02d-%02d", 19+g.rng.IntN(2), 1+g.rng.IntN(12), 1+g.rng.IntN(28))
		ch.add("ancien nom « %s », fiche de %s", f["nom"], f["date_maj"][:4])
		return
	}
	ch.add("nom « %s »", f["nom"])
}

// ofPlace writes "de X", or "d'X" before a vowel.
func ofPlace(x string) string {
	switch {
	case strings.HasPrefix(x, "Le "):
		return "du " + x[len("Le "):]
	case strings.HasPrefix(x, "Les "):
		return "des " + x[len("Les "):]
	case strings.HasPrefix(x, "La ") || strings.HasPrefix(x, "L'") || strings.HasPrefix(x, "L’"):
		return "de " + x
	case startsWithVowel(x):
		return "d'" + x
	}
	return "de " + x
}

// buildingName returns the complement of address when it names a building
// that houses public services and nothing else that a directory would list
// ("Espace Boudeville", "Maison des services", "Cité administrative"), else
// "". Mairies, médiathèques, centres sociaux, maisons des associations… are
// left out: a record named after them may be that other place.
func buildingName(c string) string {
	c = strings.TrimSpace(c)
	low := strings.ToLower(c)
	if len(c) < 8 || strings.ContainsAny(c, "0123456789") {
		return ""
	}
	for _, w := range []string{"espace ", "maison de services", "maison des services", "maison du citoyen", "maison des citoyens",
		"maison de l’état", "maison de l'état", "maison des communes", "pôle de service", "pôle des services", "pôle multi-services", "cité administrative"} {
		if strings.HasPrefix(low, w) {
			return c
		}
	}
	return ""
}

func startsWithVowel(s string) bool {
	if s == "" {
		return false
	}
	c := strings.ToLower(stripAccents(s[:min(len(s), 2)]))
	return strings.ContainsAny(c[:1], "aeiouyh")
}

// abbreviations of street words, as sources write them.
var abbreviations = []struct{ long, short string }{
	{"Rue ", "R. "}, {"rue ", "r. "}, {"Avenue ", "Av. "}, {"avenue ", "av "}, {"Boulevard ", "Bd "},
	{"boulevard ", "bd "}, {"Place ", "Pl. "}, {"place ", "pl "}, {"Chemin ", "Ch. "}, {"chemin ", "chem. "},
	{"Impasse ", "Imp. "}, {"Allée ", "All. "}, {"allée ", "all. "}, {"Route ", "Rte "}, {"route ", "rte "},
	{"Saint-", "St-"}, {"Saint ", "St "}, {"Sainte-", "Ste-"}, {"Général ", "Gal "}, {"Maréchal ", "Mal "},
	{"Docteur ", "Dr "}, {"Square ", "Sq. "}, {"Faubourg ", "Fg "}, {"Quai ", "Q. "}, {"Président ", "Pdt "},
}

var houseNumber = regexp.MustCompile(`^\s*(\d+)(\s*(?:-\s*\d+|bis|ter|[A-D]\b))?\s*,?\s*`)

// readdress writes the site's address another way; it returns false when no
// rewriting applies.
func (g *gen) readdress(r *fsRow, f map[string]string, ch *change) bool {
	a := r.Adresse
	low := strings.ToLower(r.Adresse + " " + r.Complement + " " + r.Nom)
	type option struct {
		name string
		do   func() string
	}
	var opts []option
	abbreviated := a
	for _, ab := range abbreviations {
		abbreviated = strings.Replace(abbreviated, ab.long, ab.short, 1)
	}
	if abbreviated != a {
		opts = append(opts, option{"abréviations", func() string { return abbreviated }})
	}
	opts = append(opts, option{"majuscules sans accents", func() string { return strings.ToUpper(stripAccents(a)) }})
	if m := houseNumber.FindStringSubmatchIndex(a); m != nil && m[1] < len(a) {
		rest := a[m[1]:]
		opts = append(opts, option{"sans numéro", func() string { return rest }})
		if m[4] >= 0 {
			num := a[m[2]:m[3]]
			opts = append(opts, option{"numéro simplifié", func() string { return num + " " + rest }})
		} else {
			num := a[m[2]:m[3]]
			opts = append(opts, option{"numéro suivi d'une virgule", func() string { return num + ", " + strings.ToLower(rest[:1]) + rest[1:] }})
		}
	}
	if strings.Contains(low, "mairie") || strings.Contains(low, "hôtel de ville") {
		opts = append(opts, option{"place de la mairie", func() string {
			return pick(g, []string{"Place de la Mairie", "Mairie", "Hôtel de ville", "Mairie, " + a})
		}})
	}
	if r.Complement != "" && !strings.HasPrefix(strings.ToUpper(r.Complement), "BP") && !strings.HasPrefix(strings.ToUpper(r.Complement), "CS ") {
		opts = append(opts, option{"complément dans l'adresse", func() string {
			f["complement_adresse"] = ""
			return r.Complement + ", " + a
		}})
	}
	if !houseNumber.MatchString(a) && g.centres[r.INSEE].Name != "" {
		opts = append(opts, option{"bourg", func() string { return pick(g, []string{"Le Bourg", "Bourg", "Centre bourg"}) }})
	}
	opts = append(opts, option{"code postal et commune dans l'adresse", func() string { return a + " " + r.CP + " " + r.Commune }})
	o := pick(g, opts)
	f["adresse"] = o.do()
	ch.touch("adresse")
	ch.add("adresse « %s » (%s)", f["adresse"], o.name)
	return true
}

// move shifts the site's position as another geocoder places it: 100 to
// 900 m off, or at the centre of the commune.
func (g *gen) move(r *fsRow, f map[string]string, ch *change, allowCentre bool) {
	if c, ok := g.centres[r.INSEE]; ok && allowCentre && g.chance(0.2) {
		d := haversine(r.Lat, r.Lon, c.Lat, c.Lon)
		if d > 100 && d < 6000 {
			f["latitude"], f["longitude"] = coord(c.Lat, 5), coord(c.Lon, 5)
			ch.touch("latitude", "longitude")
			ch.add("géocodé au centre de la commune, à %.0f m", d)
			return
		}
	}
	var d float64
	switch x := g.rng.Float64(); {
	case x < 0.4:
		d = 100 + 200*g.rng.Float64()
	case x < 0.75:
		d = 300 + 300*g.rng.Float64()
	default:
		d = 600 + 300*g.rng.Float64()
	}
	lat, lon := offset(r.Lat, r.Lon, d, 2*math.Pi*g.rng.Float64())
	f["latitude"], f["longitude"] = coord(lat, 6), coord(lon, 6)
	ch.touch("latitude", "longitude")
	ch.add("position décalée de %.0f m", d)
}

// newPhone makes a plausible other number of the same area.
func (g *gen) newPhone(r *fsRow) string {
	d := digits(r.Tel)
	prefix := g.areaPrefix[r.Dep]
	if len(d) == 10 && ((d[1] >= '1' && d[1] <= '5') || d[:2] == "09") {
		prefix = d[:2]
	}
	if prefix == "" {
		prefix = "09"
	}
	if g.chance(0.3) {
		prefix = pick(g, []string{"06", "07"})
	}
	return fmt.Sprintf("%s %02d %02d %02d %02d", prefix, g.rng.IntN(100), g.rng.IntN(100), g.rng.IntN(100), g.rng.IntN(100))
}

// slug writes a commune name as e-mail addresses do.
func slug(s string) string {
	s = strings.ToLower(stripAccents(s))
	var b strings.Builder
	dash := false
	for _, r := range s {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}

// newMail makes the other address a site often has: the national
// france-services.gouv.fr one or a local one.
func (g *gen) newMail(r *fsRow) string {
	if r.AltMail != "" {
		return r.AltMail
	}
	s := slug(r.Commune)
	if strings.HasSuffix(r.Mail, "@france-services.gouv.fr") {
		return pick(g, []string{"franceservices@" + s + ".fr", "mfs." + s + "@orange.fr", "accueil.franceservices@" + s + ".fr"})
	}
	return s + "@france-services.gouv.fr"
}

// recontact changes the phone, the e-mail or both.
func (g *gen) recontact(r *fsRow, f map[string]string, ch *change) {
	if ch.touched["nom-bâtiment"] {
		return
	}
	ch.touch("telephone", "courriels")
	switch g.rng.IntN(3) {
	case 0:
		f["telephone"] = g.newPhone(r)
		ch.add("nouveau téléphone %s", f["telephone"])
	case 1:
		f["courriels"] = g.newMail(r)
		ch.add("autre courriel %s", f["courriels"])
	default:
		f["telephone"] = g.newPhone(r)
		f["courriels"] = g.newMail(r)
		ch.add("nouveaux téléphone %s et courriel %s", f["telephone"], f["courriels"])
	}
}

// strip removes fields the other source does not have.
func (g *gen) strip(f map[string]string, ch *change) {
	groups := [][]string{{"latitude", "longitude"}, {"telephone"}, {"courriels"}, {"horaires"}, {"complement_adresse", "typologie", "dispositif_programmes_nationaux"}}
	n := 1 + g.rng.IntN(3)
	var gone []string
	for _, i := range g.rng.Perm(len(groups))[:n] {
		for _, k := range groups[i] {
			if f[k] != "" && !ch.touched[k] {
				delete(f, k)
				gone = append(gone, k)
			}
		}
	}
	if len(gone) == 0 {
		for _, k := range []string{"horaires", "complement_adresse", "typologie", "telephone", "courriels"} {
			if f[k] != "" && !ch.touched[k] {
				delete(f, k)
				gone = append(gone, k)
				break
			}
		}
	}
	if len(gone) == 0 {
		return
	}
	ch.add("sans %s", strings.Join(gone, ", "))
}
