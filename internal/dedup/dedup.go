// Package dedup finds the source records that describe the same place: it
// normalises names, addresses and contacts, forms candidate pairs by blocking,
// scores every pair component by component and puts it in one of three bands
// (same place, to review, distinct).
package dedup

import "maillage/internal/place"

// Record is one source record as the matcher sees it: what a source said
// about one place.
type Record struct {
	// Source is the name of the source in maillage (the sources table), not
	// the standard's free-text field "source", which is in Lieu.Source.
	Source string
	// Lieu holds the record's fields; Lieu.ID is the id the source gave.
	Lieu *place.Lieu
}

// Band is the decision on a pair of records.
type Band int

// The three bands, from the weakest to the strongest evidence.
const (
	// Distinct: two different places.
	Distinct Band = iota
	// Review: perhaps the same place; a coordinator decides.
	Review
	// Same: the same place, merged automatically.
	Same
)

// String returns the band's name in French, as the CLI and pages show it.
func (b Band) String() string {
	switch b {
	case Same:
		return "même lieu"
	case Review:
		return "à vérifier"
	case Distinct:
		return "distincts"
	}
	return "bande inconnue"
}

// Code returns the band's stable identifier, as stored and exported
// ("meme", "a_verifier", "distincts").
func (b Band) Code() string {
	switch b {
	case Same:
		return "meme"
	case Review:
		return "a_verifier"
	case Distinct:
		return "distincts"
	}
	return ""
}

// MatchFunc decides on one pair of records. Any matcher measured by the
// labelled benchmark has this signature: the automatic band is Same; Review
// and Distinct are both "not merged automatically".
type MatchFunc func(a, b Record) Band
