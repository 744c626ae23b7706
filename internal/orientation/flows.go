package orientation

import (
	"cmp"
	"slices"
)

// PlaceFlow is what happened to the orientations sent to one place.
type PlaceFlow struct {
	LieuID  string
	LieuNom string
	// Sent: orientations to the place; Answered: those it answered
	// (whatever it said); Honoured: those where the person came.
	Sent, Answered, Honoured int
	// Redirected: those it sent on to another place; Impossible: those it
	// could not take; Expired: those it never answered in time.
	Redirected, Impossible, Expired int
	// Pending: sent and not answered yet, still within ExpireAfter.
	Pending int
	// Received: answered « reçue » and nothing since (the person has not
	// come yet, or the place has not said so).
	Received int
	// RedirectedIn: orientations other places sent on to this one
	// (Reorientee), wherever they were first sent. A place may have only
	// these (Sent 0).
	RedirectedIn int
}

// AnsweredShare is Answered / Sent (0 when none sent).
func (p PlaceFlow) AnsweredShare() float64 { return share(p.Answered, p.Sent) }

// HonouredShare is Honoured / Sent (0 when none sent).
func (p PlaceFlow) HonouredShare() float64 { return share(p.Honoured, p.Sent) }

// NeverAnswers reports whether the place answered none of the
// orientations it got, at least one of which expired.
func (p PlaceFlow) NeverAnswers() bool { return p.Answered == 0 && p.Expired > 0 }

// NeedFlow is how often a need found no place: orientations for it that
// ended impossible (by reason) or expired without an answer.
type NeedFlow struct {
	Need       string
	Sent       int
	Impossible int
	Expired    int
	Reasons    map[Reason]int
}

// Unmet is Impossible + Expired.
func (n NeedFlow) Unmet() int { return n.Impossible + n.Expired }

// Flows sums a set of orientations (a territory's over a period).
type Flows struct {
	Sent, Answered, Honoured, Redirected, Impossible, Expired, Pending int
	// Places, most orientations sent first (then most received from
	// other places, then by id).
	Places []PlaceFlow
	// Silent are the places that never answer (NeverAnswers), most
	// orientations first.
	Silent []PlaceFlow
	// Needs with at least one unmet orientation, most unmet first.
	Needs []NeedFlow
	// RedirectedIn: the orientations sent on to the places (the sum of
	// their RedirectedIn).
	RedirectedIn int
}

// AnsweredShare is Answered / Sent over all places.
func (f Flows) AnsweredShare() float64 { return share(f.Answered, f.Sent) }

// HonouredShare is Honoured / Sent over all places.
func (f Flows) HonouredShare() float64 { return share(f.Honoured, f.Sent) }

// SumFlows computes the flows of sent, the orientations to a set of
// places (a territory's over a period), and of redirected, the
// orientations sent on (Reorientee) to one of these places, wherever they
// were first sent: each counts in its target's RedirectedIn, and a target
// that got nothing directly gets a row of its own (Sent 0; its LieuNom
// empty, the orientation knows only its id). An orientation may be in
// both lists (sent within the set, and sent on within it).
func SumFlows(sent, redirected []Orientation) Flows {
	places := map[string]*PlaceFlow{}
	needs := map[string]*NeedFlow{}
	var f Flows
	placeOf := func(id, name string) *PlaceFlow {
		p := places[id]
		if p == nil {
			p = &PlaceFlow{LieuID: id}
			places[id] = p
		}
		if p.LieuNom == "" {
			p.LieuNom = name
		}
		return p
	}
	for _, o := range redirected {
		if o.Status != Reorientee || o.RedirectedTo == "" {
			continue
		}
		placeOf(o.RedirectedTo, "").RedirectedIn++
		f.RedirectedIn++
	}
	for _, o := range sent {
		p := placeOf(o.LieuID, o.LieuNom)
		n := needs[o.Need]
		if n == nil {
			n = &NeedFlow{Need: o.Need, Reasons: map[Reason]int{}}
			needs[o.Need] = n
		}
		p.Sent++
		n.Sent++
		f.Sent++
		if o.Status.Answered() {
			p.Answered++
			f.Answered++
		}
		switch o.Status {
		case Venue:
			p.Honoured++
			f.Honoured++
		case Reorientee:
			p.Redirected++
			f.Redirected++
		case Impossible:
			p.Impossible++
			f.Impossible++
			n.Impossible++
			n.Reasons[o.Reason]++
		case Expiree:
			p.Expired++
			f.Expired++
			n.Expired++
		case Envoyee:
			p.Pending++
			f.Pending++
		case Recue:
			p.Received++
		}
	}
	for _, p := range places {
		f.Places = append(f.Places, *p)
		if p.NeverAnswers() {
			f.Silent = append(f.Silent, *p)
		}
	}
	bySent := func(a, b PlaceFlow) int {
		return cmp.Or(cmp.Compare(b.Sent, a.Sent), cmp.Compare(b.RedirectedIn, a.RedirectedIn), cmp.Compare(a.LieuID, b.LieuID))
	}
	slices.SortFunc(f.Places, bySent)
	slices.SortFunc(f.Silent, bySent)
	for _, n := range needs {
		if n.Unmet() > 0 {
			f.Needs = append(f.Needs, *n)
		}
	}
	slices.SortFunc(f.Needs, func(a, b NeedFlow) int {
		return cmp.Or(cmp.Compare(b.Unmet(), a.Unmet()), cmp.Compare(a.Need, b.Need))
	})
	return f
}

func share(n, of int) float64 {
	if of == 0 {
		return 0
	}
	return float64(n) / float64(of)
}
