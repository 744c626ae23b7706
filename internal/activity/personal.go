package activity

import (
	"slices"
	"strings"

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

// ErasePersonalData purges the free texts PersonalData finds. A text
// refused for invisible characters is first cleaned of them (CleanText:
// a soft hyphen, a zero width joiner, a BOM hold nothing personal, the
// rest of the text is kept), then every text is judged again: what is
// still refused, a kind of personal data (or one the cleaning revealed,
// « 06\u200d12 34 56 78 »), is blanked (a tag list loses the tags
// refused alone, all of them when their list still is). It returns the
// problems of the cleaned texts and those of the blanked ones.
func (a *Activity) ErasePersonalData() (cleaned, erased Problems) {
	return erase(a, (*Activity).PersonalData, activityCleaner, activityEraser)
}

// erase is ErasePersonalData for a record r: clean what has invisible
// characters, then blank what is still refused.
func erase[T any](r *T, find func(*T) Problems, cleaner, eraser func(string) func(*T)) (cleaned, erased Problems) {
	for _, p := range find(r) {
		if p.Rule == personaldata.InvisibleRule {
			cleaner(p.Field)(r)
			cleaned = append(cleaned, p)
		}
	}
	erased = find(r)
	for _, p := range erased {
		eraser(p.Field)(r)
	}
	return cleaned, erased
}

// CleanText removes a free text's invisible characters
// (personaldata.Clean), line breaks and tabs kept where Validate allows
// them (notes), a space elsewhere.
func CleanText(field, s string) string {
	return personaldata.Clean(s, field == "notes")
}

// cleanNames cleans the names of items (tags, partners): an item left
// without a name, or the same as one before it, is dropped.
func cleanNames[T comparable](field string, items []T, name func(*T) *string) []T {
	var kept []T
	for _, it := range items {
		*name(&it) = strings.TrimSpace(CleanText(field, *name(&it)))
		if *name(&it) != "" && !slices.Contains(kept, it) {
			kept = append(kept, it)
		}
	}
	return kept
}

// activityCleaner cleans a free text of an activity of its invisible
// characters (field as activityEraser's).
func activityCleaner(field string) func(*Activity) {
	var text func(a *Activity) *string
	switch field {
	case "precisions_demarche":
		text = func(a *Activity) *string { return &a.Demarche }
	case "notes":
		text = func(a *Activity) *string { return &a.Notes }
	case "titre_atelier":
		text = func(a *Activity) *string { return &a.Title }
	case "nom_lieu":
		text = func(a *Activity) *string { return &a.PlaceName }
	case "tags":
		return func(a *Activity) { a.Tags = cleanNames(field, a.Tags, func(t *Tag) *string { return &t.Name }) }
	default:
		return func(*Activity) {}
	}
	return func(a *Activity) { *text(a) = CleanText(field, *text(a)) }
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
func (c *Coordination) ErasePersonalData() (cleaned, erased Problems) {
	return erase(c, (*Coordination).PersonalData, coordinationCleaner, coordinationEraser)
}

// coordinationCleaner cleans a free text of a coordination activity of
// its invisible characters.
func coordinationCleaner(field string) func(*Coordination) {
	switch field {
	case "tags":
		return func(c *Coordination) { c.Tags = cleanNames(field, c.Tags, func(t *Tag) *string { return &t.Name }) }
	case "structures_partenaires":
		return func(c *Coordination) {
			c.Partners = cleanNames(field, c.Partners, func(p *Partner) *string { return &p.Name })
		}
	}
	text := coordinationText(field)
	if text == nil {
		return func(*Coordination) {}
	}
	return func(c *Coordination) { *text(c) = CleanText(field, *text(c)) }
}

// coordinationText is a one-text field of a coordination activity (nil:
// the field is not one).
func coordinationText(field string) func(c *Coordination) *string {
	switch field {
	case "nom":
		return func(c *Coordination) *string { return &c.Name }
	case "notes":
		return func(c *Coordination) *string { return &c.Notes }
	case "type_animation_autre":
		return func(c *Coordination) *string { return &c.AnimationTypeOther }
	case "thematique_animation_autre":
		return func(c *Coordination) *string { return &c.AnimationThematicOther }
	case "type_evenement_autre":
		return func(c *Coordination) *string { return &c.EventTypeOther }
	case "organisateur_autre":
		return func(c *Coordination) *string { return &c.OrganiserOther }
	case "nature_partenariat_autre":
		return func(c *Coordination) *string { return &c.NatureOther }
	}
	return nil
}

// coordinationEraser blanks a free text of a coordination activity
// (nil: the field is not one).
func coordinationEraser(field string) func(*Coordination) {
	switch field {
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
	}
	text := coordinationText(field)
	if text == nil {
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
