package main

import (
	"context"
	"flag"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"maillage/internal/failure"
	"maillage/internal/harvest"
	"maillage/internal/printable"
	"maillage/internal/store"
)

// sourcesModifier changes a declared source's priority, interval, address
// or share of records a harvest may withdraw; a new priority recomputes
// at once the places its records feed with another source's.
func sourcesModifier(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "sources modifier", "NOM [--priorite N] [--tous-les DURÉE] [--url URL] [--perte-max PART]",
		`Modifie une source déclarée. Une nouvelle priorité s'applique tout de suite : les lieux que
ses enregistrements alimentent avec ceux d'une autre source sont recalculés (la source de plus
haute priorité donne chaque champ), dans une seule transaction. Le changement est inscrit au
journal d'audit.`)
	dbURL := dbFlag(fs, e)
	var c store.SourceChange
	set := map[string]bool{}
	prio := fs.Int("priorite", 0, "nouvelle priorité de la source (la plus haute l'emporte quand les sources se contredisent)")
	var every time.Duration
	fs.Var(intervalValue{&every}, "tous-les", "`durée` entre deux moissons pendant « maillage serve » : 24h, 30m, 7j ; 0 : à la demande seulement")
	where := fs.String("url", "", "nouvelle adresse (https://…) ou fichier")
	loss := fs.String("perte-max", "", "part des enregistrements qu'une moisson peut retirer avant d'être refusée")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError{"sources modifier : indiquez le nom de la source"}
	}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	if set["priorite"] {
		if *prio < -harvest.MaxPriority || *prio > harvest.MaxPriority {
			return usageError{fmt.Sprintf("sources modifier --priorite : priorité %d hors limites : un entier entre -%d et %d est attendu", *prio, harvest.MaxPriority, harvest.MaxPriority)}
		}
		c.Priority = prio
	}
	if set["tous-les"] {
		c.Interval = &every
	}
	if set["perte-max"] {
		share, err := parseShare(*loss)
		if err != nil {
			return usageError{"sources modifier --perte-max : " + err.Error()}
		}
		c.MaxLoss = &share
	}
	if c.Empty() && !set["url"] {
		return usageError{"sources modifier : rien à modifier (--priorite, --tous-les, --url ou --perte-max)"}
	}
	if _, err := checkpointDir(e, *dbURL, ""); err != nil {
		return err
	}
	st, err := openStore(ctx, e, *dbURL)
	if err != nil {
		return err
	}
	defer st.Close()
	before, err := st.Source(ctx, pos[0])
	if err != nil {
		return err
	}
	if set["url"] {
		// The new address is checked as a declaration's would be.
		check := before
		check.URL = strings.TrimSpace(*where)
		if err := harvest.Check(&check); err != nil {
			if failure.CodeOf(err) == failure.Invalid {
				return usageError{"sources modifier --url : " + failure.MessageOf(err)}
			}
			return err
		}
		if check.URL, err = sourceLocation(check); err != nil {
			return err
		}
		c.URL = &check.URL
	}
	after, n, err := st.ChangeSource(ctx, pos[0], c, cliActor)
	if err != nil {
		return err
	}
	var changes []string
	if after.Priority != before.Priority {
		changes = append(changes, fmt.Sprintf("priorité %d → %d", before.Priority, after.Priority))
	}
	if after.Interval != before.Interval {
		changes = append(changes, fmt.Sprintf("fréquence %s → %s", harvest.FormatInterval(before.Interval), harvest.FormatInterval(after.Interval)))
	}
	if after.URL != before.URL {
		changes = append(changes, fmt.Sprintf("adresse %s → %s", printable.String(store.WithoutSecrets(before.URL)), printable.String(store.WithoutSecrets(after.URL))))
	}
	if after.MaxLoss != before.MaxLoss {
		changes = append(changes, fmt.Sprintf("perte maximale %s → %s", shareText(before.MaxLoss), shareText(after.MaxLoss)))
	}
	if len(changes) == 0 {
		changes = append(changes, "rien de changé")
	}
	fmt.Fprintf(e.stdout, "Source « %s » modifiée : %s.\n", printable.String(after.Name), strings.Join(changes, ", "))
	if after.Priority != before.Priority {
		fmt.Fprintln(e.stdout, countPlaces(n))
	}
	return checkpoint(ctx, e, st, *dbURL)
}

func countPlaces(n int) string {
	if n <= 1 {
		return fmt.Sprintf("%d lieu alimenté aussi par une autre source recalculé.", n)
	}
	return fmt.Sprintf("%d lieux alimentés aussi par une autre source recalculés.", n)
}

// shareText writes a share of records as a percentage (harvest.FormatShare).
func shareText(f float64) string { return harvest.FormatShare(f) }

// sourceLocation is where a source is fetched, as stored: a file by its
// absolute path (the server may run elsewhere), a URL or an id as given.
func sourceLocation(src store.Source) (string, error) {
	if (src.Type == store.SourceStandard || src.Type == store.SourceTableur) && !isURL(src.URL) {
		return filepath.Abs(src.URL)
	}
	return src.URL, nil
}
