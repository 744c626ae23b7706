package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"maillage/internal/french"
	"maillage/internal/store"
	"maillage/internal/territory"
)

// contoursCoverage says how the communes' contours just loaded match the
// referential: the communes without a contour (whose EPCI, département
// and région outlines will have a gap) and the codes the referential does
// not know (an older or newer découpage).
func contoursCoverage(ctx context.Context, st store.Territories, l *territory.Layer, out io.Writer) error {
	ref, err := st.Territories(ctx)
	if err != nil {
		return err
	}
	if ref.Empty() {
		fmt.Fprintln(out, "Référentiel des communes absent : chargez-le (maillage territoires import) pour dessiner les EPCI, départements et régions.")
		return nil
	}
	have := map[string]bool{}
	unknown := 0
	var examples []string
	for _, z := range l.Zones {
		have[z.Code] = true
		if _, ok := ref.Commune(z.Code); !ok {
			unknown++
			if len(examples) < 5 {
				examples = append(examples, z.Code)
			}
		}
	}
	missing := 0
	var missed []string
	for _, c := range ref.Communes {
		// Paris, Lyon and Marseille are drawn whole or by arrondissement:
		// they count once.
		if have[c.Code] || territory.ParentOf(c.Code) != "" || anyContour(have, ref.Arrondissements(c.Code)) {
			continue
		}
		missing++
		if len(missed) < 5 {
			missed = append(missed, c.Code)
		}
	}
	if missing > 0 {
		fmt.Fprintf(out, "Attention : %s du référentiel sans contour (%s…) : les EPCI, départements et régions qui les comptent auront un trou.\n",
			french.Count(missing, "commune", "communes"), strings.Join(missed, ", "))
	}
	if unknown > 0 {
		fmt.Fprintf(out, "Attention : %s du référentiel (%s…) : millésimes différents ? Ces contours sont gardés mais ne comptent dans aucun EPCI.\n",
			french.Count(unknown, "code inconnu", "codes inconnus"), strings.Join(examples, ", "))
	}
	return nil
}

func anyContour(have map[string]bool, cs []*territory.Commune) bool {
	for _, c := range cs {
		if have[c.Code] {
			return true
		}
	}
	return false
}
