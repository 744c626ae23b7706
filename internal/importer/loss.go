package importer

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"maillage/internal/french"
	"maillage/internal/printable"
)

// LossError is returned when an import with Options.Withdraw would
// withdraw a larger share of the source's records than Options.MaxLoss
// allows: nothing of the file is applied (a truncated export is likelier
// than a mass closure).
type LossError struct {
	Source  string
	File    string
	Absent  int     // the source's current records missing from the file
	Total   int     // the source's current records before the import
	MaxLoss float64 // the share allowed (0.3 for 30 %)
}

// Share is the share of the source's records that would be withdrawn.
func (e *LossError) Share() float64 {
	if e.Total == 0 {
		return 0
	}
	return float64(e.Absent) / float64(e.Total)
}

func (e *LossError) Error() string {
	return fmt.Sprintf("%s : la source « %s » perdrait %s sur %s (%s, plus que les %s permis) : import annulé, le registre n'a pas changé (un export tronqué est plus probable qu'une fermeture en masse) ; si cette perte est voulue, relancez avec « maillage moissonner %s --perte-max %d%% »",
		printable.String(e.File), printable.String(e.Source),
		french.Count(e.Absent, "enregistrement", "enregistrements"), french.Count(e.Total, "enregistrement", "enregistrements"),
		percent(e.Share()), percent(e.MaxLoss), shellWord(printable.String(e.Source)), int(math.Ceil(e.Share()*100-1e-9)))
}

// shellWord quotes s for a shell when it holds more than letters, digits
// and . _ -.
func shellWord(s string) string {
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("._-", r)) {
			return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
		}
	}
	return s
}

// percent writes a share the French way: "33,3 %".
func percent(f float64) string {
	s := strconv.FormatFloat(f*100, 'f', 1, 64)
	s = strings.TrimSuffix(s, ".0")
	return strings.Replace(s, ".", ",", 1) + "\u00a0%"
}

// checkLoss tells whether withdrawing absent of total records stays
// within maxLoss (0: no limit).
func checkLoss(source, file string, absent, total int, maxLoss float64) error {
	if maxLoss <= 0 || total == 0 || absent == 0 {
		return nil
	}
	if float64(absent) > maxLoss*float64(total) {
		return &LossError{Source: source, File: file, Absent: absent, Total: total, MaxLoss: maxLoss}
	}
	return nil
}
