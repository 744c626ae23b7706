// Command placeseval compares the places a harvest published with the
// truth of generated sources (tools/gensources -verite): every pair of
// records that share a published place is a merged pair, right when the
// truth puts both records in one place.
//
//	go run ./tools/placeseval -verite VERITE.csv -doublons DOUBLONS.csv [-source fichier-%d]
//
// DOUBLONS.csv is `maillage doublons --format csv` (columns source, id,
// lieu: the records of the merged places); a record of the truth that is
// not in it is taken as a place of its own. -source names the harvest's
// source of the truth's source-N (fmt's %d is N). It prints the merged
// pairs, the wrong ones, precision, recall, the places published and the
// places that hold two records of one source the truth says are two
// places.
package main

import (
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
)

type key struct{ source, id string }

func main() {
	truthFile := flag.String("verite", "", "vérité de tools/gensources (source,id,lieu)")
	dupFile := flag.String("doublons", "", "sortie de « maillage doublons --format csv »")
	sourceName := flag.String("source", "source-%d", "nom de la source N de la vérité dans la moisson")
	flag.Parse()
	if *truthFile == "" || *dupFile == "" || flag.NArg() > 0 {
		os.Stderr.WriteString("usage : placeseval -verite FICHIER -doublons FICHIER [-source fichier-%d]\n")
		os.Exit(2)
	}
	if err := run(*truthFile, *dupFile, *sourceName, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "placeseval :", err)
		os.Exit(1)
	}
}

// readCSV reads a CSV file with a header and returns its rows as maps of
// the named columns, in their order.
func readCSV(file string, cols ...string) ([][]string, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	head, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("%s : en-tête illisible : %w", file, err)
	}
	at := make([]int, len(cols))
	for i, c := range cols {
		at[i] = -1
		for j, h := range head {
			if strings.TrimPrefix(h, "\ufeff") == c {
				at[i] = j
			}
		}
		if at[i] < 0 {
			return nil, fmt.Errorf("%s : colonne « %s » absente de l'en-tête", file, c)
		}
	}
	var out [][]string
	for line := 2; ; line++ {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s, ligne %d : %w", file, line, err)
		}
		row := make([]string, len(cols))
		for i, j := range at {
			if j >= len(rec) {
				return nil, fmt.Errorf("%s, ligne %d : colonne « %s » manquante", file, line, cols[i])
			}
			row[i] = rec[j]
		}
		out = append(out, row)
	}
}

func run(truthFile, dupFile, sourceName string, w io.Writer) error {
	truthRows, err := readCSV(truthFile, "source", "id", "lieu")
	if err != nil {
		return err
	}
	truth := map[key]string{}
	for _, r := range truthRows {
		src := r[0]
		if n, ok := strings.CutPrefix(src, "source-"); ok {
			i, err := strconv.Atoi(n)
			if err != nil {
				return fmt.Errorf("%s : source « %s » : source-N attendu", truthFile, src)
			}
			src = fmt.Sprintf(sourceName, i)
		}
		truth[key{src, r[1]}] = r[2]
	}
	dupRows, err := readCSV(dupFile, "source", "id", "lieu")
	if err != nil {
		return err
	}
	published := map[string][]key{}
	seen := map[key]bool{}
	for _, r := range dupRows {
		k := key{r[0], r[1]}
		if _, ok := truth[k]; !ok {
			return fmt.Errorf("%s : l'enregistrement %s « %s » n'est pas dans la vérité (option -source ?)", dupFile, k.source, k.id)
		}
		published[r[2]] = append(published[r[2]], k)
		seen[k] = true
	}
	places := len(published)
	for k := range truth {
		if !seen[k] {
			places++
		}
	}
	var merged, wrong, oneSource int
	for _, recs := range published {
		twice := false
		for i := range recs {
			for j := i + 1; j < len(recs); j++ {
				merged++
				a, b := recs[i], recs[j]
				if truth[a] != truth[b] {
					wrong++
					if a.source == b.source {
						twice = true
					}
				}
			}
		}
		if twice {
			oneSource++
		}
	}
	byPlace := map[string]int{}
	for _, p := range truth {
		byPlace[p]++
	}
	truePairs := 0
	for _, n := range byPlace {
		truePairs += n * (n - 1) / 2
	}
	precision, recall := 1.0, 1.0
	if merged > 0 {
		precision = float64(merged-wrong) / float64(merged)
	}
	if truePairs > 0 {
		recall = float64(merged-wrong) / float64(truePairs)
	}
	fmt.Fprintf(w, "enregistrements %d, lieux vrais %d, paires vraies %d\n", len(truth), len(byPlace), truePairs)
	fmt.Fprintf(w, "paires fusionnées %d, fausses %d, précision %.4f, rappel %.4f\n", merged, wrong, precision, recall)
	fmt.Fprintf(w, "lieux publiés %d, dont %d avec deux enregistrements d'une source que la vérité sépare\n", places, oneSource)
	return nil
}
