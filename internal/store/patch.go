package store

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"maillage/internal/failure"
	"maillage/internal/place"
)

// PassField is the name Patch.Set gives the Pass numérique flag ("oui"/"non").
const PassField = "pass_numerique"

// Patch is a change of some fields of a place as a person made it: only
// the fields they changed, applied to the row as it is stored when the
// change is written (never a copy of the whole record).
type Patch struct {
	// Base is the version (Version) of the place the change was made
	// from: the patch fails with a failure.Conflict when the stored row
	// changed since. "" skips that check (proposals use From instead).
	Base string
	// Set holds the new values of the changed fields, by name, encoded as
	// in the standard's CSV (and PassField "oui"/"non").
	Set map[string]string
	// From holds the values the person saw for the fields of Set. A field
	// whose stored value is neither From nor Set was changed meanwhile by
	// someone else: the patch fails with a Conflict naming it
	// (ConflictsOf). nil skips that check.
	From map[string]string
	// DateMaj, when set, becomes the record's date_maj (an edit, or a
	// confirmation that the record is up to date).
	DateMaj time.Time
	// Origin marks the fields of Set as set by hand ("structure",
	// "coordination"); Actor is who did it, for the journal.
	Origin, Actor string
}

// Version is the version of a place as stored: the hash of its row. A
// form carries it so that a change made from it can tell whether the
// place changed since.
func Version(l *place.Lieu) string { return RowOf(l).Hash }

// Diff returns the fields that differ from before to after, for a Patch:
// what after sets and what before held. Lists are compared as sets (an
// order is not a change) and date_maj is left out (Patch.DateMaj).
func Diff(before, after *place.Lieu) (set, from map[string]string) {
	set, from = map[string]string{}, map[string]string{}
	for i := 1; i < place.NumFields; i++ {
		if i == place.FDateMaj || i == place.FSource {
			continue
		}
		b, a := before.Value(i), after.Value(i)
		if place.SameValue(i, b, a) {
			continue
		}
		set[place.FieldNames[i]], from[place.FieldNames[i]] = a, b
	}
	if before.PassNumerique != after.PassNumerique {
		set[PassField], from[PassField] = yesNo(after.PassNumerique), yesNo(before.PassNumerique)
	}
	return set, from
}

func yesNo(b bool) string {
	if b {
		return "oui"
	}
	return "non"
}

// FieldConflict is a field changed by someone else since a patch was made.
type FieldConflict struct {
	Field          string
	From, Now, Set string // what the person saw, what is stored, what they set
}

// Conflicts are the fields of a patch changed meanwhile; they are the cause
// of the patch's failure.Conflict (ConflictsOf finds them).
type Conflicts []FieldConflict

func (c Conflicts) Error() string {
	fields := make([]string, len(c))
	for i, f := range c {
		fields[i] = f.Field
	}
	return "champs modifiés entre-temps : " + strings.Join(fields, ", ")
}

// ConflictsOf returns the fields in conflict behind err, if any.
func ConflictsOf(err error) Conflicts {
	var c Conflicts
	errors.As(err, &c)
	return c
}

// ErrStale is the failure of a patch made from a version of the place that
// is no longer the stored one.
var ErrStale = failure.Errorf(failure.Conflict, "Cette fiche a été modifiée par quelqu'un d'autre depuis que vous l'avez ouverte : vos changements n'ont pas été enregistrés. Vérifiez-les ci-dessous, puis enregistrez à nouveau.")

// Apply applies a patch to the stored place cur (whose version is
// version) and returns the new place and the fields it changed, with their
// values before and after. It is the one place where a patch's rules
// live, for both engines: the Base and From checks, hand-set values
// dropping their source's original, hours set by hand being understood.
func (p *Patch) Apply(cur *place.Lieu, version string) (next place.Lieu, before, after map[string]string, err error) {
	if p.Base != "" && p.Base != version {
		return next, nil, nil, ErrStale
	}
	v := cur.Values()
	pass := cur.PassNumerique
	var conflicts Conflicts
	for name, val := range p.Set {
		now := yesNo(pass)
		i, isField := place.FieldIndex[name]
		if isField {
			now = v[i]
		} else if name != PassField {
			return next, nil, nil, failure.Errorf(failure.Invalid, "Champ inconnu : %q.", name)
		}
		if from, ok := p.From[name]; ok && p.From != nil && now != from && now != val && !(isField && place.SameValue(i, now, val)) {
			conflicts = append(conflicts, FieldConflict{Field: name, From: from, Now: now, Set: val})
			continue
		}
		if isField {
			v[i] = val
		} else {
			pass = val == "oui"
		}
	}
	if len(conflicts) > 0 {
		slices.SortFunc(conflicts, func(a, b FieldConflict) int { return strings.Compare(a.Field, b.Field) })
		return next, nil, nil, failure.Wrap(failure.Conflict, conflicts,
			fmt.Sprintf("La fiche a changé depuis cette proposition ; champs en conflit : %s.", strings.TrimPrefix(conflicts.Error(), "champs modifiés entre-temps : ")))
	}
	if !p.DateMaj.IsZero() {
		v[place.FDateMaj] = p.DateMaj.Format(place.DateLayout)
	}
	next, err = place.Decode(v)
	if err != nil {
		return next, nil, nil, failure.Wrap(failure.Invalid, err, "Valeur illisible dans la modification.")
	}
	next.ID, next.PassNumerique = cur.ID, pass
	next.Provenance = cur.Provenance
	if len(cur.Provenance.Original) > 0 {
		next.Provenance.Original = map[string]string{}
		for k, o := range cur.Provenance.Original {
			if _, set := p.Set[k]; !set {
				next.Provenance.Original[k] = o
			}
		}
	}
	if _, set := p.Set["horaires"]; set {
		next.Provenance.HoursInvalid = false // the form only accepts hours it understands
	}
	before, after = map[string]string{}, map[string]string{}
	old, nv := cur.Values(), next.Values()
	for i := 1; i < place.NumFields; i++ {
		if old[i] != nv[i] {
			before[place.FieldNames[i]], after[place.FieldNames[i]] = old[i], nv[i]
		}
	}
	if cur.PassNumerique != next.PassNumerique {
		before[PassField], after[PassField] = yesNo(cur.PassNumerique), yesNo(next.PassNumerique)
	}
	return next, before, after, nil
}
