package accountsql

import (
	"strings"

	"maillage/internal/territory"
)

// The territory conditions every statistic shares (activities, monthly
// aggregates, orientations): Paris, Lyon and Marseille are chosen as
// communes (75056, 69123, 13055) while their places carry the code of
// their municipal arrondissement (75101 … 75120, 69381 … 69389, 13201 …
// 13216). A commune holds its arrondissements; an arrondissement only
// itself; an EPCI the arrondissements of its communes (territory.ParentSQL).

// communeIn is the condition "col is in the commune code", with its
// arguments.
func communeIn(col, code string) (string, []any) {
	codes := territory.CommuneCodes(code)
	args := make([]any, len(codes))
	for i, c := range codes {
		args[i] = c
	}
	if len(codes) == 1 {
		return col + " = ?", args
	}
	return col + " IN (" + strings.TrimSuffix(strings.Repeat("?, ", len(codes)), ", ") + ")", args
}

// communeInEPCI is the condition "the commune col (or the commune of its
// arrondissement) belongs to the EPCI code", with its argument.
func communeInEPCI(col, code string) (string, []any) {
	return "(" + col + " IN (SELECT code FROM communes WHERE epci = ?) OR " +
		territory.ParentSQL(col) + " IN (SELECT code FROM communes WHERE epci = ?))", []any{code, code}
}
