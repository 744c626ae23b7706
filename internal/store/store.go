// Package store is the storage contract of maillage: one interface per
// aggregate (places, territories, accounts and sessions, contributions, the
// audit journal), which its adapters (sqlite, postgres) implement and prove
// with the shared suite in storetest. Errors a person may see are
// failure.Error values with a French message.
package store

// Store is the whole storage: every aggregate, and Close.
type Store interface {
	Places
	Records
	Territories
	Users
	Sessions
	APITokens
	Throttles
	Contributions
	Journal
	ChangeLog
	Sources
	Duplicates
	DuplicatesQueue
	WithdrawnPlaces
	PlaceSources
	SourceRemovals
	Geocodings
	Demand
	CompareAll
	HandEditNews
	OrphanedPlaces
	Undos
	Pass
	Orientations
	Activities
	Closures
	StatsShares
	PersonalData
	Close() error
}
