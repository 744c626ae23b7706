package web

import (
	"strconv"
	"time"

	"maillage/internal/openinghours"
	"maillage/internal/place"
	"maillage/internal/standard"
)

// Temporary closures as the pages say them (place.Closure).

// closureView is a closure for display.
type closureView struct {
	ID                 int64
	From, To           string // « 24 décembre 2026 »
	FromDay, ToDay     string // 2026-12-24, for <time datetime>
	Reason, Text       string
	Current, Past      bool
	Sentence           string // « Fermé du 24 décembre 2026 au 2 janvier 2027 inclus (congés) »
	ReopensText        string // « Réouverture le 3 janvier 2027 » when current
	AnnouncedAt, ByWho string
}

func viewOfClosure(l *place.Lieu, c place.Closure, day time.Time) closureView {
	v := closureView{ID: c.ID, From: frenchDate(c.From), To: frenchDate(c.To),
		FromDay: place.FormatClosureDay(c.From), ToDay: place.FormatClosureDay(c.To),
		Reason: place.ClosureReasonLabel(c.Reason), Text: c.Text,
		Current: c.Covers(day), Past: c.To.Before(day), AnnouncedAt: frenchDate(c.At)}
	v.Sentence = closureSentence(c)
	if v.Current {
		v.ReopensText = "Réouverture le " + reopeningText(l, place.ReopensOn(l.Closures, day))
	}
	return v
}

// closureSentence says a closure in one sentence.
func closureSentence(c place.Closure) string {
	s := "Fermé du " + frenchDate(c.From) + " au " + frenchDate(c.To) + " inclus"
	if c.From.Equal(c.To) {
		s = "Fermé le " + frenchDate(c.From)
	}
	why := place.ClosureReasonLabel(c.Reason)
	if c.Reason == place.ClosureOther {
		why = c.Text
	} else if c.Text != "" {
		why += " : " + c.Text
	}
	return s + " (" + why + ")"
}

// closureNotice says a closure in one sentence with when the place opens
// again after it, by its hours (« Fermé du 1er décembre 2026 au 6
// décembre 2026 inclus (travaux) — rouvre le 7 décembre 2026 à 9 h »):
// the printable sheets and the orientation slip say closures so.
func closureNotice(l *place.Lieu, c place.Closure) string {
	return closureSentence(c) + reopensText(l, place.ReopensOn(l.Closures, c.From))
}

// closureShort says a closure for an SMS: « Fermé du 01/12 au 06/12 »,
// « Fermé le 24/12 ».
func closureShort(c place.Closure) string {
	if c.From.Equal(c.To) {
		return "Fermé le " + c.From.Format("02/01")
	}
	return "Fermé du " + c.From.Format("02/01") + " au " + c.To.Format("02/01")
}

// reopensText says when a place whose closures end the day before reopen
// opens again by its hours: « — rouvre le 7 décembre 2026 à 9 h », « —
// rouvre le 7 décembre 2026 » when it is open at midnight, "" when its
// hours do not say.
func reopensText(l *place.Lieu, reopen time.Time) string {
	if _, _, known := reopening(l, reopen); !known {
		return ""
	}
	return " — rouvre le " + reopeningText(l, reopen)
}

// reopening is when a place whose closures end the day before reopen opens
// again: by its hours, the first opening from that day on (atHour) or the
// day itself when it is open at midnight; the day itself, known false,
// when its hours do not say. Every page and sheet that says a reopening
// asks it here, so the banner and the box of a place's page never differ.
func reopening(l *place.Lieu, reopen time.Time) (when time.Time, atHour, known bool) {
	if l.Horaires == "" || l.Provenance.HoursInvalid {
		return reopen, false, false
	}
	h, err := openinghours.Parse(l.Horaires)
	if err != nil {
		return reopen, false, false
	}
	start := time.Date(reopen.Year(), reopen.Month(), reopen.Day(), 0, 0, 0, 0, openinghours.Paris)
	if h.At(start, l.Departement()).Open {
		return reopen, false, true
	}
	if when, ok := nextOpening(l, h, start); ok {
		return when, true, true
	}
	return reopen, false, false
}

// reopeningText says reopening's answer: « 8 décembre 2026 à 10 h », or
// the day alone when the place is open at midnight or its hours do not say.
func reopeningText(l *place.Lieu, reopen time.Time) string {
	when, atHour, _ := reopening(l, reopen)
	if atHour {
		return frenchDate(when) + " à " + hourText(minuteOf(when))
	}
	return frenchDate(when)
}

// closedStatus is the status of a place a closure c covers today: closed,
// until when, and when its hours open it again after.
func closedStatus(l *place.Lieu, c place.Closure, now time.Time) openStatus {
	reopen := place.ReopensOn(l.Closures, today(now))
	txt := "Fermé temporairement (" + place.ClosureReasonLabel(c.Reason) + ") jusqu'au " + frenchDate(reopen.AddDate(0, 0, -1)) + " inclus"
	return openStatus{Known: true, Closed: true, Text: txt + reopensText(l, reopen)}
}

func minuteOf(t time.Time) int {
	p := t.In(openinghours.Paris)
	return p.Hour()*60 + p.Minute()
}

// nextOpening is when a place closed at from opens next by its hours,
// skipping the days its closures cover.
func nextOpening(l *place.Lieu, h *openinghours.Hours, from time.Time) (time.Time, bool) {
	dept := l.Departement()
	for range 50 {
		when, st, ok := h.Next(from, dept)
		if !ok {
			return when, false
		}
		if !st.Open {
			// Turns unknown, or closes (from was open): look after.
			from = when
			continue
		}
		day := today(when)
		if _, closed := place.ClosedOn(l.Closures, day); !closed {
			return when, true
		}
		reopen := place.ReopensOn(l.Closures, day)
		from = time.Date(reopen.Year(), reopen.Month(), reopen.Day(), 0, 0, 0, 0, openinghours.Paris)
		if h.At(from, dept).Open {
			return from, true
		}
	}
	return time.Time{}, false
}

// appendPlace appends a place as the API gives it on day: its record in
// the standard, as the open-data files publish it (its horaires close the
// days of its closures that have not ended: standard.WithClosures), its
// fraicheur, ferme_actuellement and fermetures.
func appendPlace(b []byte, l *place.Lieu, day time.Time) []byte {
	return appendClosures(appendFreshness(standard.AppendRecordJSON(b, standard.WithClosures(l, day)), l, day), l, day)
}

// appendClosures appends to a place's JSON object what the API says of its
// temporary closures on day: ferme_actuellement (one covers the day) and
// fermetures (those that have not ended, in the order they begin). Past
// closures are kept, for the place's page of closures, not given here.
func appendClosures(b []byte, l *place.Lieu, day time.Time) []byte {
	b = b[:len(b)-1]
	_, closed := place.ClosedOn(l.Closures, day)
	b = append(b, `,"ferme_actuellement":`...)
	b = strconv.AppendBool(b, closed)
	b = append(b, `,"fermetures":[`...)
	for i, c := range place.Upcoming(l.Closures, day) {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"du":"`...)
		b = append(b, place.FormatClosureDay(c.From)...)
		b = append(b, `","au":"`...)
		b = append(b, place.FormatClosureDay(c.To)...)
		b = append(b, `","motif":`...)
		b = standard.AppendJSONString(b, c.Reason)
		if c.Text != "" {
			b = append(b, `,"precision":`...)
			b = standard.AppendJSONString(b, c.Text)
		}
		b = append(b, '}')
	}
	return append(b, "]}"...)
}
