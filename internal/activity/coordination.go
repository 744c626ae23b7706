package activity

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"maillage/internal/personaldata"
)

// MaxCoordinationDuration bounds a coordination activity's duration (a week, in minutes).
const MaxCoordinationDuration = 7 * 24 * 60

// Partner is a partner structure of a partnership: its type (PartnerTypes)
// and its name.
type Partner struct {
	Type string
	Name string
}

// Coordination is one of the hub's coordination activities, on the Coop's
// coordination model (ActiviteCoordination): an animation, an event or a
// partnership, with its territorial level.
type Coordination struct {
	ID       int64
	Kind     string // CoordinationKinds
	Date     string // YYYY-MM-DD
	Duration int    // minutes, 0 when not said
	Name     string // nom
	Level    string // TerritorialLevels (échelon territorial)
	// Territory is the département code the activity concerns ("" for a
	// regional or national one): the coordinator's statistics filter on it.
	Territory string
	Notes     string
	Tags      []Tag

	// Animation.
	Mediateurs, Structures, OtherActors int
	AnimationType                       string // AnimationTypes
	AnimationTypeOther                  string // when AnimationType is autre
	Initiative                          string // Initiatives
	AnimationThematics                  []string
	AnimationThematicOther              string // when autre is among them

	// Événement.
	Participants   int
	EventType      string // EventTypes
	EventTypeOther string
	Organisers     []string // Organisers
	OrganiserOther string

	// Partenariat.
	Natures     []string // PartnershipNatures
	NatureOther string
	Partners    []Partner

	Account          int64
	Created, Updated time.Time
}

// Normalize trims texts and drops list duplicates.
func (c *Coordination) Normalize() {
	for _, s := range []*string{&c.Kind, &c.Date, &c.Name, &c.Level, &c.Territory, &c.Notes, &c.AnimationType, &c.AnimationTypeOther,
		&c.Initiative, &c.AnimationThematicOther, &c.EventType, &c.EventTypeOther, &c.OrganiserOther, &c.NatureOther} {
		*s = strings.TrimSpace(*s)
	}
	c.Territory = strings.ToUpper(c.Territory)
	c.AnimationThematics = dedupe(c.AnimationThematics)
	c.Organisers = dedupe(c.Organisers)
	c.Natures = dedupe(c.Natures)
	var ps []Partner
	for _, p := range c.Partners {
		p.Type, p.Name = strings.TrimSpace(p.Type), strings.TrimSpace(p.Name)
		if p.Type != "" || p.Name != "" {
			ps = append(ps, p)
		}
	}
	c.Partners = ps
	a := Activity{Tags: c.Tags}
	a.Normalize()
	c.Tags = a.Tags
}

// Validate checks a coordination activity (normalized first); today
// bounds the date ("" to skip).
func (c *Coordination) Validate(today string) Problems {
	var ps Problems
	if !CoordinationKinds.Has(c.Kind) {
		ps.add("type", c.Kind, "type-inconnu", "le type est animation, evenement ou partenariat")
	}
	checkDate(&ps, "date", c.Date, today)
	if c.Duration < 0 || c.Duration > MaxCoordinationDuration {
		ps.add("duree", strconv.Itoa(c.Duration), "duree-bornes", fmt.Sprintf("la durée est en minutes, de 0 (non dite) à %d", MaxCoordinationDuration))
	}
	year := recordYear(c.Date)
	checkText(&ps, "nom", c.Name, MaxText)
	checkPersonalAmong(&ps, "nom", c.Name, year, personaldata.PartnerRules)
	if !TerritorialLevels.Has(c.Level) {
		ps.add("echelon_territorial", c.Level, "valeur-inconnue", "l'échelon territorial est "+strings.Join(TerritorialLevels.Values(), ", "))
	}
	if c.Territory != "" && !departementRE.MatchString(c.Territory) {
		ps.add("territoire", c.Territory, "code-departement", "un code de département (01 à 95, 2A, 2B, 971 à 989)")
	}
	checkText(&ps, "notes", c.Notes, MaxNotes)
	checkPersonalAmong(&ps, "notes", c.Notes, year, personaldata.PartnerRules)
	checkTags(&ps, c.Tags, year)
	counts := []struct {
		field string
		n     int
	}{{"mediateurs", c.Mediateurs}, {"structures", c.Structures}, {"autres_acteurs", c.OtherActors}, {"participants", c.Participants}}
	for _, n := range counts {
		if n.n < 0 || n.n > MaxAggregate {
			ps.add(n.field, strconv.Itoa(n.n), "nombre-bornes", fmt.Sprintf("un nombre de 0 à %d", MaxAggregate))
		}
	}
	animation := c.Mediateurs != 0 || c.Structures != 0 || c.OtherActors != 0 || c.AnimationType != "" || c.AnimationTypeOther != "" ||
		c.Initiative != "" || len(c.AnimationThematics) > 0 || c.AnimationThematicOther != ""
	event := c.Participants != 0 || c.EventType != "" || c.EventTypeOther != "" || len(c.Organisers) > 0 || c.OrganiserOther != ""
	partnership := len(c.Natures) > 0 || c.NatureOther != "" || len(c.Partners) > 0
	other := func(field, value, rule, why string) { ps.add(field, value, rule, why) }
	switch c.Kind {
	case Animation:
		if event || partnership {
			other("type", c.Kind, "champs-du-type", "une animation n'a ni champs d'évènement ni champs de partenariat")
		}
		if !AnimationTypes.Has(c.AnimationType) {
			ps.add("type_animation", c.AnimationType, "valeur-inconnue", "le type d'animation est "+strings.Join(AnimationTypes.Values(), ", "))
		}
		checkAutre(&ps, "type_animation_autre", c.AnimationType == "autre", c.AnimationTypeOther, year)
		if !Initiatives.Has(c.Initiative) {
			ps.add("initiative", c.Initiative, "valeur-inconnue", "l'initiative est initiative ou demande")
		}
		if len(c.AnimationThematics) == 0 {
			ps.add("thematiques_animation", "", "thematique-obligatoire", "au moins une thématique d'animation")
		}
		checkList(&ps, "thematiques_animation", c.AnimationThematics, AnimationThematics)
		checkAutre(&ps, "thematique_animation_autre", has(c.AnimationThematics, "autre"), c.AnimationThematicOther, year)
	case Evenement:
		if animation || partnership {
			other("type", c.Kind, "champs-du-type", "un évènement n'a ni champs d'animation ni champs de partenariat")
		}
		if !EventTypes.Has(c.EventType) {
			ps.add("type_evenement", c.EventType, "valeur-inconnue", "le type d'évènement est "+strings.Join(EventTypes.Values(), ", "))
		}
		checkAutre(&ps, "type_evenement_autre", c.EventType == "autre", c.EventTypeOther, year)
		if len(c.Organisers) == 0 {
			ps.add("organisateurs", "", "organisateur-obligatoire", "au moins un organisateur")
		}
		checkList(&ps, "organisateurs", c.Organisers, Organisers)
		checkAutre(&ps, "organisateur_autre", has(c.Organisers, "autre"), c.OrganiserOther, year)
	case Partenariat:
		if animation || event {
			other("type", c.Kind, "champs-du-type", "un partenariat n'a ni champs d'animation ni champs d'évènement")
		}
		if len(c.Natures) == 0 {
			ps.add("nature_partenariat", "", "nature-obligatoire", "au moins une nature de partenariat")
		}
		checkList(&ps, "nature_partenariat", c.Natures, PartnershipNatures)
		checkAutre(&ps, "nature_partenariat_autre", has(c.Natures, "autre"), c.NatureOther, year)
		for _, p := range c.Partners {
			if !PartnerTypes.Has(p.Type) {
				ps.add("structures_partenaires", p.Type, "valeur-inconnue", "le type d'un partenaire est "+strings.Join(PartnerTypes.Values(), ", "))
			}
			if p.Name == "" {
				ps.add("structures_partenaires", "", "nom-obligatoire", "un partenaire a un nom")
			}
			checkText(&ps, "structures_partenaires", p.Name, MaxText)
			checkPersonalAmong(&ps, "structures_partenaires", p.Name, year, personaldata.PartnerRules)
		}
	}
	return ps
}

// checkAutre: the « autre » text is given with « autre » only, bounded,
// and names no one.
func checkAutre(ps *Problems, field string, autre bool, text string, year int) {
	if !autre && text != "" {
		ps.add(field, text, "autre-sans-autre", "ce texte ne se donne qu'avec la valeur « autre »")
	}
	checkText(ps, field, text, MaxText)
	checkPersonalAmong(ps, field, text, year, personaldata.PartnerRules)
}

func has(vs []string, v string) bool {
	for _, x := range vs {
		if x == v {
			return true
		}
	}
	return false
}
