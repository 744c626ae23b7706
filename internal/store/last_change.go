package store

import "time"

// LastRemovalSQL is a scalar subquery (portable SQL, both engines) of when
// a place was last unpublished (withdrawn, or merged into another): its
// time as stored text, NULL when none. A removal changes the registry as
// much as a write: the time of its last change (Stats.LastChange,
// Revision.LastChange) is the later of the two.
const LastRemovalSQL = `(SELECT max(t) FROM (SELECT max(retire_at) AS t FROM lieux_retires UNION ALL SELECT max(at) AS t FROM redirections) AS removals)`

// LaterOf returns the later of t and the stored time removal ("" for none).
func LaterOf(t time.Time, removal string) time.Time {
	if r := ParseTime(removal); r.After(t) {
		return r
	}
	return t
}
