package main

import (
	"errors"
	"flag"
	"fmt"

	"maillage/internal/standard"
)

// sizeValue is a size flag: "256Mo", "64Ko", "0" for no limit.
type sizeValue struct{ n *int64 }

func (v sizeValue) String() string {
	if v.n == nil || *v.n == 0 {
		return "0"
	}
	return standard.FormatSize(*v.n)
}

func (v sizeValue) Set(s string) error {
	n, err := standard.ParseSize(s)
	if err != nil {
		return err
	}
	*v.n = n
	return nil
}

// limitFlags adds the options bounding what reading one file may cost.
func limitFlags(fs *flag.FlagSet) *standard.Limits {
	lim := standard.DefaultLimits
	fs.Var(sizeValue{&lim.File}, "limite-fichier", "`taille` maximale d'un fichier lu, après décompression, par exemple 512Mo (0 : sans limite)")
	fs.Var(sizeValue{&lim.Record}, "limite-enregistrement", "`taille` maximale d'un lieu : une ligne CSV, un élément JSON")
	fs.Var(sizeValue{&lim.Field}, "limite-valeur", "`taille` maximale d'une valeur (les plus longues rejettent leur lieu)")
	return &lim
}

// limitHint adds to an error caused by a limit the option that sets it.
func limitHint(err error) error {
	var le *standard.LimitError
	if !errors.As(err, &le) {
		return err
	}
	opt := map[string]string{"fichier": "--limite-fichier", "enregistrement": "--limite-enregistrement", "champ": "--limite-valeur"}[le.What]
	return fmt.Errorf("%w (limite réglable avec %s)", err, opt)
}
