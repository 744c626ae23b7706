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

// PublicLine is one figure of a public page: its value as text, or
// Suppressed.
type PublicLine struct {
	Indicator string
	Value     string
	Hidden    bool
}

// groups lists the partitions among Lines' indicators: the prefix of the
// cells, and the indicator holding their total ("" when there is none on
// the page, but one might be derived from other lines: canal:* adds up to
// activites_individuelles + ateliers, for one). Thematics are no partition
// (an accompaniment counts under each of its thematics).
// A group marked free has a sum that is on no line and derives from none
// (how many orientations or coordination activities there were is not on
// the page): a hidden cell of it cannot be recomputed by difference, so it
// needs no complementary suppression, and a lone small cell (one
// orientation) does not hide the page.
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
}

func inGroup(ind string, cells []string) bool {
	for _, c := range cells {
		if ind == c || strings.HasSuffix(c, ":") && strings.HasPrefix(ind, c) {
			return true
		}
	}
	return false
}

// Public suppresses the small counts of lines for a public page: every
// count under Threshold is hidden, and, in each partition (groups), more
// cells are hidden until no hidden count can be recomputed by difference
// from its total (shown, or derived from other lines): a partition never
// has exactly one hidden cell, and its hidden cells add up to at least
// Threshold (or to zero: nobody to recognise), without all being 4.
// When hiding every cell of a partition is not enough (4 and 4 of 8), every
// count of the page is hidden: too few to show any. It repeats until
// nothing changes.
// Limit: a partition without a total line (canal:, duree:) is made safe
// against its own sum only; orientation: and coordination: have no sum on
// the page (free): their small cells are hidden, nothing more.
func Public(lines []Line) []PublicLine {
	hidden := map[string]bool{}
	value := map[string]int{}
	for _, l := range lines {
		value[l.Indicator] = l.Value
		if l.Value < Threshold {
			hidden[l.Indicator] = true
		}
	}
	all := false
	for changed := true; changed && !all; {
		changed = false
		for _, g := range groups {
			if g.free {
				continue
			}
			var shown, hid []string
			for _, l := range lines {
				if !inGroup(l.Indicator, g.cells) {
					continue
				}
				if hidden[l.Indicator] {
					hid = append(hid, l.Indicator)
				} else {
					shown = append(shown, l.Indicator)
				}
			}
			sort.SliceStable(shown, func(i, j int) bool { return value[shown[i]] < value[shown[j]] })
			for len(hid) > 0 && len(shown) > 0 && !safe(hid, value) {
				hidden[shown[0]] = true
				hid = append(hid, shown[0])
				shown = shown[1:]
				changed = true
			}
			if len(hid) > 0 && !safe(hid, value) && groupTotal(g.total, g.cells, value) < Threshold {
				// The total is itself under 5 (hidden): every cell is,
				// and what a reader learns of them (under 5 each, their
				// sum under 5) the « < 5 » already says.
				continue
			}
			if len(hid) > 0 && !safe(hid, value) {
				// Every cell hidden and still pinned by their sum (4 + 4
				// of 8): hiding the total would not do, since other
				// lines bound it (8 for « source:saisie », a thematic's
				// 8, …); the page is too small to show any count.
				all = true
				break
			}
		}
	}
	out := make([]PublicLine, 0, len(lines))
	for _, l := range lines {
		p := PublicLine{Indicator: l.Indicator, Value: strconv.Itoa(l.Value)}
		if all || hidden[l.Indicator] {
			p.Value, p.Hidden = Suppressed, true
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
