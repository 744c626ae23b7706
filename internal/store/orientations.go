package store

import (
	"context"
	"time"

	"maillage/internal/account"
	"maillage/internal/orientation"
)

// Orientations are the orientations of people to places and their
// follow-up (internal/orientation). The place answers through links
// whose SHA-256 hashes only are stored (account.HashToken); each link is
// single-use and lives orientation.LinkLifetime. Failures people may see
// are failure.Error values in French.
type Orientations interface {
	// CreateOrientation validates o (orientation.Validate), checks that
	// its place exists (failure.NotFound) and its prescriber is a live
	// account, and records it as envoyee with its first event and the
	// answer link whose hash is given, in one transaction. The place's
	// name, département, EPCI, commune and région are read from the
	// registry and the referential then (those of o are ignored). It returns o with its ID, status and dates.
	CreateOrientation(ctx context.Context, o orientation.Orientation, linkHash string) (orientation.Orientation, error)
	// Orientation reads one orientation with its events, oldest first;
	// failure.NotFound when there is none.
	Orientation(ctx context.Context, id int64) (orientation.Orientation, error)
	// OrientationByLink reads the orientation a link answers, with its
	// events: failure.NotFound for an unknown link, failure.Conflict for
	// a link already used, failure.Gone for an expired link or an
	// expired orientation.
	OrientationByLink(ctx context.Context, linkHash string) (orientation.Orientation, error)
	// AnswerOrientation records a place's answer through a link, in one
	// transaction: the link is checked as OrientationByLink does, the
	// answer validated against the orientation's status (failure.Invalid,
	// or failure.Conflict when it no longer changes; a Reorientee
	// answer's place must exist and differ: failure.Invalid), the event written, the status set, and every
	// unused link of the orientation consumed; when the answer leaves the
	// orientation open (orientation.Recue) and nextLinkHash is not empty,
	// that new link is stored for the next answer. Of two concurrent uses
	// of one link, one answers and the other gets failure.Conflict.
	AnswerOrientation(ctx context.Context, linkHash string, a orientation.Answer, nextLinkHash string) (orientation.Orientation, error)
	// ListOrientations lists orientations, newest first, without their
	// events.
	ListOrientations(ctx context.Context, f OrientationFilter) ([]orientation.Orientation, error)

	// OrientationsToRemind lists the orientations still envoyee, created
	// at or before sentBefore, whose reminder was not claimed.
	OrientationsToRemind(ctx context.Context, sentBefore time.Time) ([]orientation.Orientation, error)
	// ClaimOrientationReminder records that an orientation's reminder is
	// being sent, at at, with a new answer link (its hash): true for the
	// one caller that records it, false when it was before or the
	// orientation is no longer envoyee (read with its row locked, as for
	// the follow-up; the table's primary key decides, so that two
	// instances on one database never both send it).
	ClaimOrientationReminder(ctx context.Context, id int64, linkHash string, at time.Time) (bool, error)
	// ReleaseOrientationReminder forgets a claimed reminder whose sending
	// failed, and its link, so that a later tick sends it again.
	ReleaseOrientationReminder(ctx context.Context, id int64) error
	// OrientationsToFollowUp lists the orientations still recue, not
	// anonymised, whose « reçue » answer (their last event) was after
	// receivedAfter and at or before receivedBefore, and whose follow-up
	// was not claimed. The lower bound keeps old answers out: a first
	// start (no follow-up recorded yet) or a long outage does not ask
	// about every orientation received in the last two years.
	OrientationsToFollowUp(ctx context.Context, receivedAfter, receivedBefore time.Time) ([]orientation.Orientation, error)
	// ClaimOrientationFollowUp records that the follow-up of an orientation
	// answered « reçue » (asking whether the person came) is being sent,
	// at at, with a new answer link (its hash): true for the one caller
	// that records it, false when it was before or the orientation is no
	// longer recue or was anonymised, read in the claim's transaction with
	// the orientation's row locked, so that an answer racing the claim
	// either comes first (no claim) or after it (and ends its link); the
	// table's primary key decides between callers, as for the reminder.
	ClaimOrientationFollowUp(ctx context.Context, id int64, linkHash string, at time.Time) (bool, error)
	// ReleaseOrientationFollowUp forgets a claimed follow-up whose sending
	// failed, and its link, so that a later tick sends it again.
	ReleaseOrientationFollowUp(ctx context.Context, id int64) error
	// ExpireOrientations sets expiree the orientations still envoyee
	// created at or before sentBefore (an event each); it returns how many.
	ExpireOrientations(ctx context.Context, sentBefore time.Time) (int, error)
	// AnonymizeOrientations drops what was said of the person (reference,
	// message, age band, commune, the answers' free texts) and the links
	// (ended; the reminder's and follow-up's rows forget theirs)
	// of the orientations created at or before createdBefore and not yet
	// anonymised; need, places, mode, statuses and dates are kept, so
	// that counts hold. It returns how many it anonymised.
	AnonymizeOrientations(ctx context.Context, createdBefore time.Time) (int, error)
}

// OrientationFilter selects orientations. With neither Prescriber, All
// nor Territories, none is selected.
type OrientationFilter struct {
	// Prescriber: only this account's.
	Prescriber int64
	// Territories: only those to places of these territories (a
	// coordinator's départements and EPCI; the statistics' communes and
	// régions too, the place's when it was oriented to); All: every one
	// (an administrator's).
	Territories []account.Territory
	All         bool
	// Status: only those in this status ("" : any), with the selection
	// above (the coordinators' flows read the re-orientations of every
	// place, to count those sent on to their territory's places).
	Status orientation.Status
	// Since and Until bound the creation (zero: unbounded; Until excluded).
	Since, Until time.Time
	// Limit bounds the count (0: no bound).
	Limit int
}
