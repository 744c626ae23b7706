package place

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
