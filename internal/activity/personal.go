package activity

import (
	"slices"

	"maillage/internal/personaldata"
)

// Stored rows may hold what Validate refuses today: rows written before
// the detector of personal data (internal/personaldata), by older
// imports, or straight into the database. PersonalData finds them with
// Validate itself (the same fields, rules and exceptions as the write
// paths), ErasePersonalData blanks them.

// PersonalRule reports whether a problem's rule is the detector's: a kind
// of personal data (personaldata.Rules) or an invisible character.
func PersonalRule(rule string) bool {
	return rule == personaldata.InvisibleRule || slices.Contains(personaldata.Rules, personaldata.Rule(rule))
}

// personalOnly keeps the problems of ps that the detector raises on the
// free texts erase knows, without their value (the text itself, never
// repeated).
func personalOnly[T any](ps Problems, erase func(string) func(*T)) Problems {
	var out Problems
	seen := map[[2]string]bool{}
	for _, p := range ps {
		key := [2]string{p.Field, p.Rule}
		if erase(p.Field) != nil && PersonalRule(p.Rule) && !seen[key] {
			seen[key] = true
			out = append(out, NewProblem(p.Field, "", p.Rule, p.Explanation))
		}
	}
	return out
}

// PersonalData returns what Validate refuses in a's free texts for
// personal data or invisible characters (one problem per field and rule,
// without the text). The ID CRA, an identifier and no free text, is left
// out: an import refuses it.
func (a Activity) PersonalData() Problems {
	return personalOnly(a.Validate(""), activityEraser)
}

// ErasePersonalData blanks the free texts PersonalData finds (a tag list
// loses the tags refused alone, all of them when their list still is)
// and returns what it found.
func (a *Activity) ErasePersonalData() Problems {
	ps := a.PersonalData()
	for _, p := range ps {
		activityEraser(p.Field)(a)
	}
	return ps
}

// activityEraser blanks a free text of an activity (nil: the field is
// not one).
func activityEraser(field string) func(*Activity) {
	switch field {
	case "precisions_demarche":
		return func(a *Activity) { a.Demarche = "" }
	case "notes":
		return func(a *Activity) { a.Notes = "" }
	case "titre_atelier":
		return func(a *Activity) { a.Title = "" }
	case "nom_lieu":
		return func(a *Activity) { a.PlaceName = "" }
	case "tags":
		return func(a *Activity) {
			a.Tags = dropRefused(a.Tags, func(t Tag) bool {
				b := *a
				b.Tags = []Tag{t}
				return hasField(b.PersonalData(), "tags")
			})
			if hasField(a.PersonalData(), "tags") {
				a.Tags = nil
			}
		}
	}
	return nil
}

// PersonalData is Activity.PersonalData for a coordination activity
// (whose texts name partners: the civility rule does not apply).
func (c Coordination) PersonalData() Problems {
	return personalOnly(c.Validate(""), coordinationEraser)
}

// ErasePersonalData is Activity.ErasePersonalData for a coordination
// activity: a partner whose name is refused is dropped.
func (c *Coordination) ErasePersonalData() Problems {
	ps := c.PersonalData()
	for _, p := range ps {
		coordinationEraser(p.Field)(c)
	}
	return ps
}

// coordinationEraser blanks a free text of a coordination activity
// (nil: the field is not one).
func coordinationEraser(field string) func(*Coordination) {
	var text func(c *Coordination) *string
	switch field {
	case "nom":
		text = func(c *Coordination) *string { return &c.Name }
	case "notes":
		text = func(c *Coordination) *string { return &c.Notes }
	case "type_animation_autre":
		text = func(c *Coordination) *string { return &c.AnimationTypeOther }
	case "thematique_animation_autre":
		text = func(c *Coordination) *string { return &c.AnimationThematicOther }
	case "type_evenement_autre":
		text = func(c *Coordination) *string { return &c.EventTypeOther }
	case "organisateur_autre":
		text = func(c *Coordination) *string { return &c.OrganiserOther }
	case "nature_partenariat_autre":
		text = func(c *Coordination) *string { return &c.NatureOther }
	case "tags":
		return func(c *Coordination) {
			c.Tags = dropRefused(c.Tags, func(t Tag) bool {
				d := *c
				d.Tags = []Tag{t}
				return hasField(d.PersonalData(), "tags")
			})
			if hasField(c.PersonalData(), "tags") {
				c.Tags = nil
			}
		}
	case "structures_partenaires":
		return func(c *Coordination) {
			c.Partners = dropRefused(c.Partners, func(p Partner) bool {
				d := *c
				d.Partners = []Partner{p}
				return hasField(d.PersonalData(), "structures_partenaires")
			})
		}
	default:
		return nil
	}
	return func(c *Coordination) { *text(c) = "" }
}

func dropRefused[T any](items []T, refused func(T) bool) []T {
	var kept []T
	for _, it := range items {
		if !refused(it) {
			kept = append(kept, it)
		}
	}
	return kept
}

func hasField(ps Problems, field string) bool {
	_, ok := ps.Field(field)
	return ok
}
