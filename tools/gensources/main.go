// Command gensources writes overlapping sources of generated places in the
// standard v1 CSV, with realistic duplicates, for the harvest benchmark:
//
//	go run ./tools/gensources -sources 5 -par-source 20000 -seed 1 -dossier DIR [-verite FICHIER]
//
// writes DIR/source-1.csv … DIR/source-5.csv and, with -verite, a CSV
// source,id,lieu saying which place of the generated universe each record
// describes.
package main

import (
	"flag"
	"fmt"
	"os"

	"maillage/internal/standard/standardtest"
)

func main() {
	sources := flag.Int("sources", 5, "nombre de sources")
	perSource := flag.Int("par-source", 20000, "nombre de lieux par source")
	seed := flag.Uint64("seed", 1, "graine")
	dir := flag.String("dossier", "", "dossier où écrire source-1.csv…")
	truth := flag.String("verite", "", "fichier CSV source,id,lieu à écrire (facultatif)")
	flag.Parse()
	if *dir == "" || flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "usage : gensources -sources N -par-source N -seed N -dossier DOSSIER [-verite FICHIER]")
		os.Exit(2)
	}
	s, err := standardtest.NewSources(standardtest.SourcesConfig{Sources: *sources, PerSource: *perSource, Seed: *seed})
	if err == nil {
		err = os.MkdirAll(*dir, 0o755)
	}
	if err == nil {
		err = s.WriteDir(*dir, *truth)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "gensources :", err)
		os.Exit(1)
	}
	fmt.Fprintf(os.Stderr, "%d sources × %d lieux : %d lieux distincts dans %d communes\n", *sources, *perSource, s.Places(), s.Communes())
}
