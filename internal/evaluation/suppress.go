package evaluation

import (
	"sort"
	"strconv"
	"strings"
)

// Threshold is the smallest count a public page shows: a count under it
// is shown « < 5 » so that no person can be recognised.
const Threshold = 5

// Suppressed is « < 5 », what a public page shows for a small count.
const Suppressed = "< 5"

// Masked is « masqué », what a public page shows for a count hidden for
// another reason than being small: to protect a small one (secondary
// suppression), or with its whole breakdown. It says nothing of the
// count's size: a hidden 60 never reads « < 5 ».
const Masked = "masqué"

// Why a public page withholds a count (the API's "motif").
const (
	// ReasonSmall: the count is under Threshold (« < 5 »).
	ReasonSmall = "petit_effectif"
	// ReasonSecondary: a count of Threshold or more, hidden so that a
	// small count of its breakdown cannot be recomputed by difference
	// (« masqué »).
	ReasonSecondary = "secret_secondaire"
	// ReasonBreakdown: a breakdown whose small counts no choice of hidden
	// cells protects (4 and 4 of 8) is withheld whole, every cell
	// « masqué » whatever its size (« répartition masquée »).
	ReasonBreakdown = "repartition_masquee"
)

// PublicLine is one figure of a public page: its value as text, or
// Suppressed or Masked with the Reason.
type PublicLine struct {
	Indicator string
	Value     string
	Hidden    bool
	Reason    string // "" when shown, else ReasonSmall, ReasonSecondary, ReasonBreakdown
}

// groups lists the partitions among Lines' indicators: the prefix of the
// cells, and the indicator holding their total ("" when there is none on
// the page, but one might be derived from other lines: canal:* adds up to
// activites_individuelles + ateliers, for one). Thematics, equipment and
// tags are no partition (an accompaniment counts under each of its
// thematics, equipment and tags).
// A group marked free has a sum that is on no line and derives from none
// (how many orientations or coordination activities there were, how many
// individual accompaniments recorded one by one said an autonomy, is not
// on the page): a hidden cell of it cannot be recomputed by difference, so
// it needs no complementary suppression.
var groups = []struct {
	total string
	cells []string // prefixes (ending in ":") or whole indicators
	free  bool
}{
	{"accompagnements", []string{"activites_individuelles", "participants_ateliers"}, false},
	{"accompagnements", []string{"source:"}, false},
	{"accompagnements", []string{"genre:"}, false},
	{"accompagnements", []string{"tranche_age:"}, false},
	{"accompagnements", []string{"statut:"}, false},
	{"accompagnements", []string{"commune_residence:"}, false},
	{"accompagnements", []string{"lieu:", "hors_lieu_du_registre"}, false},
	{"reorientes", []string{"redirection:"}, false},
	{"", []string{"canal:"}, false},
	{"", []string{"duree:"}, false},
	{"", []string{"orientation:"}, true},
	{"", []string{"coordination:"}, true},
	{"", []string{"autonomie:"}, true},
}

// identities are the linear relations among a page's lines that Compute
// makes hold and a reader may know: each lists its members (indicators, or
// prefixes ending in ":"), some adding up to the others. Beyond the
// partitions of groups, they link lines across breakdowns: the channels
// and the durations of sessions each add up to activites_individuelles +
// ateliers (exactly when no aggregate nor Coop API figure counts; taken as
// exact always, which only hides more), so a hidden
// activites_individuelles would come back as Σ canal − ateliers.
var identities = [][]string{
	{"accompagnements", "activites_individuelles", "participants_ateliers"},
	{"accompagnements", "source:"},
	{"accompagnements", "genre:"},
	{"accompagnements", "tranche_age:"},
	{"accompagnements", "statut:"},
	{"accompagnements", "commune_residence:"},
	{"accompagnements", "lieu:", "hors_lieu_du_registre"},
	{"reorientes", "redirection:"},
	{"activites_individuelles", "ateliers", "canal:"},
	{"activites_individuelles", "ateliers", "duree:"},
}

// keepRank orders the shown members of an identity for hiding: the
// breakdowns' cells first, then the headline counts, the totals last, so
// that a page keeps its totals whenever something else protects.
func keepRank(ind string) int {
	switch ind {
	case "accompagnements", "reorientes":
		return 2
	case "activites_individuelles", "ateliers", "participants_ateliers":
		return 1
	}
	return 0
}

// PublicLines are the lines a public page may show before Public withholds
// small counts: Lines without the personal and team tags (their names are
// one médiateur's or one team's words, never meant for the public); the
// départemental and national tags stay.
func (s Stats) PublicLines() []Line {
	var out []Line
	for _, l := range s.Lines() {
		if strings.HasPrefix(l.Indicator, "tag:personnel:") || strings.HasPrefix(l.Indicator, "tag:equipe:") {
			continue
		}
		out = append(out, l)
	}
	return out
}

func inGroup(ind string, cells []string) bool {
	for _, c := range cells {
		if ind == c || strings.HasSuffix(c, ":") && strings.HasPrefix(ind, c) {
			return true
		}
	}
	return false
}

// Public withholds the small counts of lines for a public page, breakdown
// by breakdown:
//   - every count under Threshold is hidden (« < 5 », ReasonSmall);
//   - in each partition (groups), more cells are hidden, smallest first,
//     until no hidden count can be recomputed by difference from its total
//     (shown, or derived from other lines), even by a reader who knows that
//     « < 5 » is 0 to 4 and « masqué » at least 5: a partition never has
//     exactly one hidden cell, and its hidden cells add up to at least
//     Threshold (or to zero: nobody to recognise), without all being 4
//     (« masqué », ReasonSecondary);
//   - a partition that hiding every cell does not protect (4 and 4 of 8:
//     their sum pins both) is withheld whole: every cell « masqué »
//     (ReasonBreakdown), so that the reader no longer knows which are
//     small, and the sum, the only thing left, pins none of two cells or
//     more. Its total and every other breakdown stay.
//
// A partition whose total is itself under Threshold (3 people redirected)
// hides its cells « < 5 »: every one is under 5 then, and that is all a
// reader learns. The page is never blanked: the headline counts
// (accompagnements, activites_individuelles, ateliers,
// participants_ateliers) are hidden only when under Threshold, or (the
// two cells of accompagnements) to protect one another.
//   - across breakdowns (identities: the channels and durations add up to
//     activites_individuelles + ateliers), no identity keeps exactly one
//     hidden count other than 0, so that no hidden count is recomputed
//     exactly from shown lines, whatever identities a reader combines;
//   - duree_minutes is hidden when the sessions it adds up are fewer
//     than Threshold or their count is hidden.
//
// orientation:, coordination: and autonomie: have no sum on the page
// (free): their small cells are hidden, nothing more.
func Public(lines []Line) []PublicLine { return public(lines, -1) }

// PublicFigures are the lines of a public page (PublicLines), small counts
// withheld by Public, the minutes judged by the number of sessions they
// add up (Stats.Sessions).
func (s Stats) PublicFigures() []PublicLine { return public(s.PublicLines(), s.Sessions) }

// public is Public; sessions is the number of sessions duree_minutes adds
// up, or -1 when unknown (judged by activites_individuelles + ateliers).
func public(lines []Line, sessions int) []PublicLine {
	reason := map[string]string{}
	value := map[string]int{}
	for _, l := range lines {
		value[l.Indicator] = l.Value
		if l.Value < Threshold {
			reason[l.Indicator] = ReasonSmall
		}
	}
	masked := make([]bool, len(groups))
	for changed := true; changed; {
		changed = false
		for gi, g := range groups {
			if g.free || masked[gi] {
				continue
			}
			var shown, hid []string
			for _, l := range lines {
				if !inGroup(l.Indicator, g.cells) {
					continue
				}
				if reason[l.Indicator] != "" {
					hid = append(hid, l.Indicator)
				} else {
					shown = append(shown, l.Indicator)
				}
			}
			sort.SliceStable(shown, func(i, j int) bool { return value[shown[i]] < value[shown[j]] })
			for len(hid) > 0 && len(shown) > 0 && !safe(hid, value) {
				reason[shown[0]] = ReasonSecondary
				hid = append(hid, shown[0])
				shown = shown[1:]
				changed = true
			}
			if len(hid) == 0 || safe(hid, value) || groupTotal(g.total, g.cells, value) < Threshold {
				continue
			}
			// Every cell hidden and still pinned by their sum (4 + 4
			// of 8): the breakdown is withheld whole.
			masked[gi] = true
			for _, h := range hid {
				reason[h] = ReasonBreakdown
			}
			changed = true
		}
		// Across breakdowns: an identity holding exactly one hidden
		// count (hidden zeros aside: a reader may guess them) gives it
		// back from the shown ones; hide a second, smallest first,
		// totals last.
		for _, id := range identities {
			var shown []string
			hidden := 0
			for _, l := range lines {
				switch {
				case !inGroup(l.Indicator, id):
				case reason[l.Indicator] == "":
					shown = append(shown, l.Indicator)
				case l.Value != 0:
					hidden++
				}
			}
			if hidden != 1 || len(shown) == 0 {
				continue
			}
			sort.SliceStable(shown, func(i, j int) bool {
				if ri, rj := keepRank(shown[i]), keepRank(shown[j]); ri != rj {
					return ri < rj
				}
				return value[shown[i]] < value[shown[j]]
			})
			reason[shown[0]] = ReasonSecondary
			changed = true
		}
	}
	// The minutes add up the sessions recorded one by one: shown, they
	// would tell one session's length when there are few, or divide by a
	// hidden count. Hidden when that count is (or may be) under Threshold
	// or when a count of sessions is hidden.
	if _, ok := value["duree_minutes"]; ok && reason["duree_minutes"] == "" {
		if reason["activites_individuelles"] != "" || reason["ateliers"] != "" ||
			value["activites_individuelles"]+value["ateliers"] < Threshold || sessions >= 0 && sessions < Threshold {
			reason["duree_minutes"] = ReasonSecondary
		}
	}
	out := make([]PublicLine, 0, len(lines))
	for _, l := range lines {
		p := PublicLine{Indicator: l.Indicator, Value: strconv.Itoa(l.Value), Reason: reason[l.Indicator]}
		switch p.Reason {
		case ReasonSmall:
			p.Value, p.Hidden = Suppressed, true
		case ReasonSecondary, ReasonBreakdown:
			p.Value, p.Hidden = Masked, true
		}
		out = append(out, p)
	}
	return out
}

// safe: hidden cells whose sum, once known, pins none of them.
func safe(hid []string, value map[string]int) bool {
	sum, allSmallMax := 0, true
	for _, h := range hid {
		sum += value[h]
		if value[h] != Threshold-1 {
			allSmallMax = false
		}
	}
	if sum == 0 {
		return true
	}
	return len(hid) >= 2 && sum >= Threshold && !allSmallMax
}

// groupTotal is the value of a partition's total: its total line, or for
// canal: and duree: (no line of their own) the activities they count.
func groupTotal(total string, cells []string, value map[string]int) int {
	if total != "" {
		return value[total]
	}
	if len(cells) == 1 && (cells[0] == "canal:" || cells[0] == "duree:") {
		return value["activites_individuelles"] + value["ateliers"]
	}
	return Threshold // unknown: judged as a large one
}
