package harvest

import "time"

// MinInterval is the shortest interval between two scheduled harvests of
// a source: the schedule looks every minute, and a remote service is not
// to be asked more often.
const MinInterval = 5 * time.Minute

// MaxPriority bounds a source's priority, both ways.
const MaxPriority = 1000
