// Command genlieux writes a CSV of generated places of the standard, for
// benchmarks: genlieux -n 100000 > lieux.csv
package main

import (
	"flag"
	"fmt"
	"os"

	"maillage/internal/standard/standardtest"
)

func main() {
	n := flag.Int("n", 100000, "nombre de lieux")
	seed := flag.Uint64("seed", 1, "graine")
	flag.Parse()
	if err := standardtest.WriteCSV(os.Stdout, *n, *seed); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
