package place

import "strings"

// RawID is the record's id as its source wrote it: ID is the id cleaned
// (spaces around it, control and invisible characters dropped, characters
// reserved in addresses replaced), by which maillage matches and keys the
// record; the value as written is kept in the provenance when it differs.
func (l *Lieu) RawID() string {
	if v, ok := l.Provenance.Original[FieldNames[FID]]; ok && v != "" {
		return v
	}
	return l.ID
}

// CleanID is the id maillage keys a record by whose source wrote raw (as
// the parser cleans it: spaces around it removed, then SafeID); ok is false
// for an id that cannot be one.
func CleanID(raw string) (id string, ok bool) {
	return SafeID(strings.TrimSpace(raw))
}
