package activity

import (
	"strings"

	"maillage/internal/failure"
	"maillage/internal/personaldata"
)

// Problem is one broken rule: the field (as the API and the exports name
// it), the value given, the rule's id (for the API and the command line),
// the explanation, and a French message for people that starts with the
// field's label as the forms show it: « Thématiques : « logement » : … ».
type Problem struct {
	Field       string
	Value       string
	Rule        string
	Explanation string
	Message     string
}

// NewProblem is the problem of a field: its message is the field's label,
// the value (when there is one) and the explanation.
func NewProblem(field, value, rule, explanation string) Problem {
	msg := Label(field) + " : "
	if value != "" {
		v := value
		if r := []rune(v); len(r) > 60 {
			v = string(r[:60]) + "…"
		}
		msg += "« " + v + " » : "
	}
	return Problem{Field: field, Value: value, Rule: rule, Explanation: explanation, Message: msg + explanation}
}

// Label is a field's label as the forms show it (the field itself when
// no form has it).
func Label(field string) string {
	if l, ok := fieldLabels[field]; ok {
		return l
	}
	return field
}

var fieldLabels = map[string]string{
	"type": "Type d'activité", "date": "Date", "duree": "Durée", "type_lieu": "Lieu de l'activité", "lieu": "Lieu d'activité du registre",
	"nom_lieu": "Nom du lieu", "commune": "Commune", "thematiques": "Thématiques", "precisions_demarche": "Nom de la démarche administrative",
	"materiel": "Matériel numérique utilisé", "tags": "Tags", "notes": "Notes", "autonomie": "Niveau d'autonomie du bénéficiaire",
	"oriente": "Le bénéficiaire a été orienté vers une autre structure", "structure_redirection": "Structure de redirection",
	"lieu_redirection": "Lieu du registre où il a été orienté", "orientation": "Numéro de l'orientation", "titre_atelier": "Nom de l'atelier",
	"niveau": "Niveau de l'atelier", "participants": "Participants", "deja_accompagne": "Déjà accompagnés", "genre": "Par genre",
	"tranche_age": "Par tranche d'âge", "statut_social": "Par statut", "commune_residence": "Commune de résidence",
	"utilisation_pass": "Utilisation du Pass numérique", "code_pass": "Code du pass", "id_cra": "ID CRA", "source": "Source",
	// Aggregates.
	"mois": "Mois", "individuels": "Accompagnements individuels", "ateliers": "Ateliers collectifs",
	"participants_ateliers": "Participants aux ateliers", "public": "Publics",
	// Coordination.
	"nom": "Nom", "echelon_territorial": "Échelon territorial", "territoire": "Département concerné", "type_animation": "Type d'animation",
	"type_animation_autre": "Autre type d'animation", "initiative": "Initiative", "thematiques_animation": "Thématiques de l'animation",
	"thematique_animation_autre": "Autre thématique", "mediateurs": "Médiateurs", "structures": "Structures", "autres_acteurs": "Autres acteurs",
	"type_evenement": "Type d'évènement", "type_evenement_autre": "Autre type d'évènement", "organisateurs": "Organisateurs",
	"organisateur_autre": "Autre organisateur", "nature_partenariat": "Nature du partenariat", "nature_partenariat_autre": "Autre nature",
	"structures_partenaires": "Structures partenaires",
}

func (p Problem) Error() string { return p.Message }

// Problems are the rules an entry breaks, in the order of its fields.
type Problems []Problem

func (ps Problems) Error() string {
	msgs := make([]string, len(ps))
	for i, p := range ps {
		msgs[i] = p.Message
	}
	return strings.Join(msgs, " ; ")
}

// Err is nil when there is no problem, or a failure.Invalid whose message
// lists them all and whose cause is ps (errors.As gives them back).
func (ps Problems) Err() error {
	if len(ps) == 0 {
		return nil
	}
	return failure.Wrap(failure.Invalid, ps, ps.Error())
}

// Field returns the first problem of a field, for a form to show beside it.
func (ps Problems) Field(name string) (Problem, bool) {
	for _, p := range ps {
		if p.Field == name {
			return p, true
		}
	}
	return Problem{}, false
}

// add records a problem.
func (ps *Problems) add(field, value, rule, explanation string) {
	*ps = append(*ps, NewProblem(field, value, rule, explanation))
}

// personal records a problem of a free text holding personal data, named
// by the field and the rule, the text itself left out (it is what must
// not be kept, nor written to a log).
func (ps *Problems) personal(field string, r personaldata.Rule) {
	*ps = append(*ps, NewProblem(field, "", string(r), r.Message()))
}
