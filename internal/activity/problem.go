package activity

import (
	"strings"

	"maillage/internal/failure"
)

// Problem is one broken rule: the field (as the forms, the API and the
// exports name it), the value given, the rule's name and a French message
// that says all three.
type Problem struct {
	Field   string
	Value   string
	Rule    string
	Message string
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

// add records a problem: « champ » : « valeur » : explanation (règle rule).
func (ps *Problems) add(field, value, rule, explanation string) {
	v := value
	if r := []rune(v); len(r) > 60 {
		v = string(r[:60]) + "…"
	}
	*ps = append(*ps, Problem{Field: field, Value: value, Rule: rule,
		Message: "« " + field + " » : « " + v + " » : " + explanation + " (règle " + rule + ")"})
}
