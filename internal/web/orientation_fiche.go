package web

import (
	"html/template"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode/utf16"

	"maillage/internal/openinghours"
	"maillage/internal/orientation"
	"maillage/internal/place"
)

type orientationFichePage struct {
	Title string
	O     orientationView
	Lieu  *place.Lieu
	// Week is the place's usual week (regularWeek); Closures say its
	// temporary closures that have not ended, as the place's sheet does.
	Week     []weekRow
	Closures []string
	NeedText string
	Bring    string
	QR       template.HTML
	Online   string
	Back     string
	Today    string
	SMS      string
	SMSParts int
	SMSLink  template.URL
}

// bring says what to bring for a need, when it is known.
var bring = map[string]string{
	place.ServiceDemarches: "une pièce d'identité, vos identifiants (FranceConnect, impots.gouv, CAF, ameli…) si vous les avez, et les courriers de la démarche.",
	place.ServiceOutils:    "votre téléphone, votre tablette ou votre ordinateur si vous en avez un, chargé.",
	place.ServiceInsertion: "votre CV si vous en avez un, et vos identifiants France Travail.",
	place.ServiceSecurite:  "l'appareil (téléphone, ordinateur) qui vous pose souci, chargé.",
}

// maxSMS is how many SMS the text of a slip may take.
const maxSMS = 3

// orientationFiche is the slip handed to the person: the place, its
// address, hours, what to bring, the reference, a QR code of the place's
// page, printable on A4 and readable on a phone, and its text for an SMS.
func (s *Server) orientationFiche(w http.ResponseWriter, r *http.Request) {
	o, err := s.ownOrientation(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	now := s.cfg.Now()
	p := orientationFichePage{Title: "Votre orientation", O: s.orientationView(r, o), NeedText: serviceWords[o.Need], Bring: bring[o.Need],
		Back: SitePath("orientations", o.ID), Today: frenchDate(now)}
	if p.NeedText == "" {
		p.NeedText = o.Need
	}
	page := SitePath("lieux", o.LieuID)
	if l, ok := s.indexOf(r.Context()).Lieu(o.LieuID); ok {
		p.Lieu = l
		p.Week = regularWeek(l, now)
		p.Closures = closureNotices(l, now)
	}
	online, abs := s.absoluteURL(page)
	if abs {
		p.Online = online
		p.QR = qrSVG(online, "Code QR vers la page du lieu")
	}
	p.SMS = slipSMS(p.Lieu, o, p.Week, smsClosures(p.Lieu, now), online)
	p.SMSParts = smsParts(p.SMS)
	// %20, not +, between words: SMS applications do not read a query.
	p.SMSLink = template.URL("sms:?&body=" + strings.ReplaceAll(url.QueryEscape(p.SMS), "+", "%20"))
	s.render(w, r, http.StatusOK, "orientation_fiche.html", p)
}

// maxSMSClosures is how many closures the SMS text of a slip says.
const maxSMSClosures = 3

// smsClosures says the closures of l that have not ended on now's day, in
// short (« Fermé du 01/12 au 06/12, le 24/12. »), the first
// maxSMSClosures of them (« … et d'autres jours. » beyond); "" when none.
func smsClosures(l *place.Lieu, now time.Time) string {
	if l == nil {
		return ""
	}
	var parts []string
	more := ""
	for i, c := range place.Upcoming(l.Closures, today(now)) {
		if i == maxSMSClosures {
			more = " et d'autres jours"
			break
		}
		s := closureShort(c)
		if i > 0 {
			s = strings.TrimPrefix(s, "Fermé ")
		}
		parts = append(parts, s)
	}
	if len(parts) == 0 {
		return ""
	}
	return strings.Join(parts, ", ") + more + "."
}

// slipSMS writes the slip as plain text that holds in maxSMS SMS: the
// place, its address, its closures (smsClosures), then what fits of the
// need, its phone, the mode, its usual hours, what to bring, the
// reference and the address of its page (dropped in that order of least
// need: the need first, what to bring, the hours, the phone, the mode,
// the page's address).
func slipSMS(l *place.Lieu, o orientation.Orientation, week []weekRow, closures, online string) string {
	name, addr, phone, hours := o.LieuNom, "", "", ""
	if l != nil {
		name = l.Nom
		addr = strings.TrimSpace(l.Adresse + ", " + l.CodePostal + " " + l.Commune)
		if len(l.Telephone) > 0 {
			phone = "Tél. " + phoneText(l.Telephone[0]) + "."
		}
		hours = smsHours(week)
		if hours != "" && closures != "" {
			hours = "Horaires habituels" + strings.TrimPrefix(hours, "Horaires")
		}
	}
	mode := capitalize(o.Mode.Label()) + "."
	ref := ""
	if o.Reference != "" {
		ref = "Réf. " + o.Reference + "."
	}
	page := ""
	if strings.HasPrefix(online, "http") {
		page = online
	}
	head := "Orientation : " + name
	if addr != "" {
		head += ", " + addr
	}
	head += "."
	if closures != "" {
		head += " " + closures
	}
	// The need and what to bring, our own words, in the GSM alphabet: one
	// « ô » or « … » makes the whole text UCS-2, 70 characters an SMS.
	gsm := strings.NewReplacer("…", "...", "’", "'", "«", "\"", "»", "\"", "ô", "o", "ê", "e", "â", "a", "î", "i", "û", "u", "ç", "c", "ë", "e", "ï", "i", "œ", "oe")
	need := ""
	if w := serviceWords[o.Need]; w != "" {
		need = gsm.Replace("Pour : " + w + ".")
	}
	toBring := ""
	if b := bring[o.Need]; b != "" {
		toBring = gsm.Replace("A apporter : " + b)
	}
	parts := []string{head, need, phone, mode, hours, toBring, ref, page}
	for i := range parts { // no-break spaces (hours, closures) are not GSM
		parts[i] = openinghours.PlainSpaces(parts[i])
	}
	join := func() string {
		var kept []string
		for _, p := range parts {
			if p != "" {
				kept = append(kept, p)
			}
		}
		return strings.Join(kept, " ")
	}
	// Least needed first: the need (the person knows it), what to bring,
	// hours, phone, mode, page.
	for _, drop := range []int{1, 5, 4, 2, 3, 7} {
		if smsParts(join()) <= maxSMS {
			break
		}
		parts[drop] = ""
	}
	text := join()
	for smsParts(text) > maxSMS {
		r := []rune(text)
		text = string(r[:len(r)-2]) + "…"
	}
	return text
}

// smsHours writes the week's hours compactly, days that follow each other
// with the same hours as one range: « lun-ven 9 h-12 h, 14 h-17 h ; sam
// 9 h-12 h ».
func smsHours(week []weekRow) string {
	short := func(day string) string {
		if len([]rune(day)) > 3 {
			return string([]rune(day)[:3])
		}
		return day
	}
	var days []string
	for i := 0; i < len(week); i++ {
		d := week[i]
		if len(d.Spans) == 0 {
			continue
		}
		spans := strings.ReplaceAll(openinghours.PlainSpaces(strings.Join(d.Spans, ", ")), " – ", "-")
		j := i
		for j+1 < len(week) && len(week[j+1].Spans) > 0 && strings.Join(week[j+1].Spans, ", ") == strings.Join(d.Spans, ", ") {
			j++
		}
		day := short(d.Day)
		if j > i {
			day += "-" + short(week[j].Day)
		}
		days = append(days, day+" "+spans)
		i = j
	}
	if len(days) == 0 {
		return ""
	}
	return "Horaires : " + strings.Join(days, " ; ") + "."
}

// gsm7 are the characters of the GSM 03.38 basic alphabet; gsm7Ext those
// of its extension table, which take two.
const (
	gsm7    = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
	gsm7Ext = "^{}\\[~]|€\f"
)

// smsParts is how many SMS a text takes: 160 characters in one (153 per
// part beyond) in the GSM alphabet, 70 (67) in UCS-2 otherwise.
func smsParts(s string) int {
	units, single, part := 0, 160, 153
	gsm := true
	for _, r := range s {
		switch {
		case strings.ContainsRune(gsm7, r):
			units++
		case strings.ContainsRune(gsm7Ext, r):
			units += 2
		default:
			gsm = false
		}
	}
	if !gsm {
		units, single, part = len(utf16.Encode([]rune(s))), 70, 67
	}
	if units <= single {
		return 1
	}
	return (units + part - 1) / part
}
