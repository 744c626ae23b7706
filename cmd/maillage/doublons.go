package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"

	"maillage/internal/dedup"
	"maillage/internal/french"
	"maillage/internal/printable"
	"maillage/internal/standard"
	"maillage/internal/store"
)

func runDoublons(ctx context.Context, e *env, args []string) error {
	if len(args) > 0 && args[0] == "separer" {
		return doublonsSeparer(ctx, e, args[1:])
	}
	fs := newFlags(e, "doublons", "[--format text|csv|json] [--a-verifier] | --comparer [--tous] | separer SOURCE ID",
		`Liste les lieux fusionnés avec leurs enregistrements de source (un lieu publié tenu par
plusieurs sources), ou, avec --a-verifier, les paires d'enregistrements qui attendent la
décision d'un coordinateur, chaque signal expliqué.
  csv   une ligne par enregistrement d'un lieu fusionné : cluster_id (l'identifiant public du
        lieu qui réunit les enregistrements : stable d'une exécution et d'une moisson à
        l'autre tant que le lieu n'est pas lui-même fusionné dans un plus ancien), source (le
        nom de la source), id (l'identifiant que la source donne à l'enregistrement), lieu
        (l'identifiant publié du lieu), score et decision de la paire qui le rattache, nom,
        commune, paire_source et paire_id (l'autre enregistrement de cette paire),
        composantes (les signaux qui comptent : « Nom +4 (mêmes mots distinctifs) ; Adresse
        −1,5 (autres voies) ; … », puis « règle : … » si une règle a fixé la bande) ;
        avec --a-verifier, une ligne par paire
  json  le même contenu en tableau d'objets
  text  pour la lecture (par défaut)
La fusion s'exécute à la fin de chaque import et de chaque moisson ; --comparer la lance sur
les enregistrements qui l'attendent encore (une fusion interrompue ou en échec) ; avec --tous,
sur tous les enregistrements actuels (après un changement des seuils, ou sur un registre d'avant
la fusion : une mise à jour le compare une fois de lui-même).
« maillage doublons separer SOURCE ID » sépare un enregistrement du lieu où il a été fusionné
(maillage doublons separer -h).`)
	dbURL := dbFlag(fs, e)
	format := fs.String("format", "text", "format : text, csv ou json")
	review := fs.Bool("a-verifier", false, "liste les paires à vérifier au lieu des lieux fusionnés")
	compare := fs.Bool("comparer", false, "lance la fusion sur les enregistrements qui l'attendent encore")
	all := fs.Bool("tous", false, "avec --comparer : compare tous les enregistrements actuels, pas seulement ceux qui attendent")
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usageError{fmt.Sprintf("argument inattendu « %s »", printable.String(rest[0]))}
	}
	if *all && !*compare {
		return usageError{"--tous ne va qu'avec --comparer"}
	}
	switch *format {
	case "text", "csv", "json":
	default:
		return usageError{fmt.Sprintf("format « %s » inconnu : text, csv ou json", printable.String(*format))}
	}
	st, err := openStore(ctx, e, *dbURL)
	if err != nil {
		return err
	}
	defer st.Close()
	if *compare {
		if *all {
			n, err := st.MarkAllPending(ctx)
			if err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "%s à comparer.\n", french.Count(n, "enregistrement actuel", "enregistrements actuels"))
		}
		return runPendingMerge(ctx, e, st)
	}
	if *review {
		recs, pairs, err := waitingPairs(ctx, st)
		if err != nil {
			return err
		}
		items, err := dedup.ReviewQueue(recs, pairs)
		if err != nil {
			return err
		}
		return writeReview(e.stdout, *format, items)
	}
	recs, pairs, err := mergedRecords(ctx, st)
	if err != nil {
		return err
	}
	return writeClusters(e.stdout, *format, dedup.Clusters(recs, pairs), recs)
}

// waitingPairs reads the pairs waiting for a person and their records, by
// key (never every record of the registry).
func waitingPairs(ctx context.Context, st store.Store) ([]dedup.PlacedRecord, []store.DuplicatePair, error) {
	waiting, err := st.WaitingPairs(ctx)
	if err != nil || len(waiting) == 0 {
		return nil, nil, err
	}
	keys := make([]store.PairKey, len(waiting))
	var recKeys []store.RecordKey
	for i, w := range waiting {
		keys[i] = w.PairKey
		recKeys = append(recKeys, w.A, w.B)
	}
	pairs, err := st.DuplicatePairs(ctx, store.PairFilter{Keys: keys})
	if err != nil {
		return nil, nil, err
	}
	cur, err := st.CurrentRecordsByKeys(ctx, recKeys)
	return placedRecords(cur), pairs, err
}

// mergedRecords reads the records of the merged places and the pairs that
// involve them, by key.
func mergedRecords(ctx context.Context, st store.Store) ([]dedup.PlacedRecord, []store.DuplicatePair, error) {
	merged, err := st.MergedPlaces(ctx)
	if err != nil || len(merged) == 0 {
		return nil, nil, err
	}
	var keys []store.RecordKey
	for _, m := range merged {
		keys = append(keys, m.Records...)
	}
	cur, err := st.CurrentRecordsByKeys(ctx, keys)
	if err != nil {
		return nil, nil, err
	}
	pairs, err := st.DuplicatePairs(ctx, store.PairFilter{Records: keys})
	return placedRecords(cur), pairs, err
}

// placedRecords makes the store's current records the dedup's.
func placedRecords(cur []store.CurrentRecord) []dedup.PlacedRecord {
	out := make([]dedup.PlacedRecord, len(cur))
	for i := range cur {
		c := &cur[i]
		out[i] = dedup.PlacedRecord{
			Record: dedup.Record{Source: c.Source, Lieu: &c.Lieu},
			Place:  c.Place, PlaceName: c.PlaceName, PlaceCreated: c.PlaceCreated, PlaceOrder: c.PlaceOrder,
		}
	}
	return out
}

// score writes a pair's total in a machine-readable column (CSV): a
// number with a dot; people read dedup.Total.
func score(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) }

func writeClusters(w io.Writer, format string, cs []dedup.Cluster, recs []dedup.PlacedRecord) error {
	commune := map[store.RecordKey]string{}
	// Records are named by the ids their sources gave them, as written.
	raw := map[store.RecordKey]string{}
	for _, r := range recs {
		commune[r.Key()] = r.Lieu.Commune
		raw[r.Key()] = r.Lieu.RawID()
	}
	rawID := func(k store.RecordKey) string {
		if v, ok := raw[k]; ok {
			return v
		}
		return k.ID
	}
	// The explanation of each member's pair, as stored.
	explain := func(m dedup.Member) (dedup.Scores, error) {
		if !m.HasPair {
			return dedup.Scores{}, nil
		}
		s, err := dedup.ParseScores(m.Pair.Scores)
		if err != nil {
			return s, fmt.Errorf("explication illisible de la paire %s « %s » / %s « %s » : %w", m.Pair.A.Source, m.Pair.A.ID, m.Pair.B.Source, m.Pair.B.ID, err)
		}
		return s, nil
	}
	switch format {
	case "csv":
		cw := csv.NewWriter(w)
		if err := cw.Write([]string{"cluster_id", "source", "id", "lieu", "score", "decision", "nom", "commune",
			"paire_source", "paire_id", "composantes"}); err != nil {
			return err
		}
		for _, c := range cs {
			for _, m := range c.Members {
				sc, other, parts := "", store.RecordKey{}, ""
				if m.HasPair {
					sc, other = score(m.Score), m.Other()
					s, err := explain(m)
					if err != nil {
						return err
					}
					parts = s.Summary()
				}
				k := store.RecordKey{Source: m.Source, ID: m.ID}
				otherID := ""
				if m.HasPair {
					otherID = rawID(other)
				}
				if err := cw.Write(standard.SpreadsheetRow([]string{c.Place, m.Source, rawID(k), c.Place, sc, m.Decision, m.Name,
					commune[k], other.Source, otherID, parts})); err != nil {
					return err
				}
			}
		}
		cw.Flush()
		return cw.Error()
	case "json":
		type ref struct {
			Source string `json:"source"`
			ID     string `json:"id"`
		}
		type member struct {
			Source   string   `json:"source"`
			ID       string   `json:"id"`
			Nom      string   `json:"nom"`
			Score    *float64 `json:"score"`
			Decision string   `json:"decision"`
			// The pair that joins the record: its other record and the
			// components that weigh.
			Paire       *ref         `json:"paire,omitempty"`
			Composantes []dedup.Part `json:"composantes,omitempty"`
			Raison      string       `json:"raison,omitempty"`
		}
		type cluster struct {
			ClusterID       string   `json:"cluster_id"`
			Lieu            string   `json:"lieu"`
			Nom             string   `json:"nom"`
			Enregistrements []member `json:"enregistrements"`
		}
		out := make([]cluster, 0, len(cs))
		for _, c := range cs {
			v := cluster{ClusterID: c.Place, Lieu: c.Place, Nom: c.Name}
			for _, m := range c.Members {
				mm := member{Source: m.Source, ID: rawID(store.RecordKey{Source: m.Source, ID: m.ID}), Nom: m.Name, Decision: m.Decision}
				if m.HasPair {
					s := m.Score
					mm.Score = &s
					other := m.Other()
					mm.Paire = &ref{other.Source, rawID(other)}
					sc, err := explain(m)
					if err != nil {
						return err
					}
					mm.Composantes, mm.Raison = sc.Parts(), sc.Reason
				}
				v.Enregistrements = append(v.Enregistrements, mm)
			}
			out = append(out, v)
		}
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	if len(cs) == 0 {
		_, err := fmt.Fprintln(w, "Aucun lieu fusionné : chaque lieu publié vient d'un seul enregistrement.")
		return err
	}
	for _, c := range cs {
		fmt.Fprintf(w, "%d. %s « %s » — %s\n", c.Number, c.Place, printable.Text(c.Name), french.Count(len(c.Members), "enregistrement", "enregistrements"))
		for _, m := range c.Members {
			how := "rattaché à la main"
			if m.HasPair {
				how = "score " + dedup.Total(m.Score) + ", " + decisionLabel(m.Decision)
			}
			fmt.Fprintf(w, "   %s « %s » : « %s » (%s)\n", printable.Text(m.Source), printable.Text(rawID(store.RecordKey{Source: m.Source, ID: m.ID})), printable.Text(m.Name), how)
			if m.HasPair {
				sc, err := explain(m)
				if err != nil {
					return err
				}
				o := m.Other()
				fmt.Fprintf(w, "      avec %s « %s » : %s\n", printable.Text(o.Source), printable.Text(rawID(o)), printable.Text(sc.Summary()))
			}
		}
	}
	_, err := fmt.Fprintf(w, "%s.\n", french.Count(len(cs), "lieu fusionné", "lieux fusionnés"))
	return err
}

func decisionLabel(d string) string {
	switch d {
	case store.DecisionAuto:
		return "fusion automatique"
	case store.DecisionConfirmed:
		return "confirmée par un coordinateur"
	case store.DecisionRejected:
		return "rejetée par un coordinateur"
	case store.DecisionSplit:
		return "séparée par un coordinateur"
	}
	return "sans décision"
}

func writeReview(w io.Writer, format string, items []dedup.ReviewItem) error {
	// The explanation in the words of the page and of « doublons --format
	// csv »: « Nom +4 (mêmes mots distinctifs) ; … ».
	details := func(it dedup.ReviewItem) string { return it.Scores.Summary() }
	switch format {
	case "csv":
		cw := csv.NewWriter(w)
		if err := cw.Write([]string{"source_a", "id_a", "nom_a", "lieu_a", "source_b", "id_b", "nom_b", "lieu_b", "score", "bande", "details"}); err != nil {
			return err
		}
		for _, it := range items {
			if err := cw.Write(standard.SpreadsheetRow([]string{it.A.Source, it.A.Lieu.RawID(), it.A.Lieu.Nom, it.A.Place, it.B.Source, it.B.Lieu.RawID(), it.B.Lieu.Nom, it.B.Place,
				score(it.Total), it.Band, details(it)})); err != nil {
				return err
			}
		}
		cw.Flush()
		return cw.Error()
	case "json":
		type side struct {
			Source  string `json:"source"`
			ID      string `json:"id"`
			Nom     string `json:"nom"`
			Lieu    string `json:"lieu"`
			Adresse string `json:"adresse"`
			Commune string `json:"commune"`
		}
		type pair struct {
			A      side            `json:"a"`
			B      side            `json:"b"`
			Score  float64         `json:"score"`
			Bande  string          `json:"bande"`
			Scores json.RawMessage `json:"composantes"`
		}
		out := make([]pair, 0, len(items))
		for _, it := range items {
			mk := func(r *dedup.PlacedRecord) side {
				return side{r.Source, r.Lieu.RawID(), r.Lieu.Nom, r.Place, r.Lieu.Adresse, r.Lieu.Commune}
			}
			out = append(out, pair{A: mk(it.A), B: mk(it.B), Score: it.Total, Bande: it.Band, Scores: json.RawMessage(it.DuplicatePair.Scores)})
		}
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	if len(items) == 0 {
		_, err := fmt.Fprintln(w, "Aucune paire à vérifier.")
		return err
	}
	for i, it := range items {
		fmt.Fprintf(w, "%d. score %s\n", i+1, dedup.Total(it.Total))
		for _, r := range []*dedup.PlacedRecord{it.A, it.B} {
			fmt.Fprintf(w, "   %s « %s » (lieu %s) : « %s », %s, %s\n", printable.Text(r.Source), printable.Text(r.Lieu.RawID()), r.Place,
				printable.Text(r.Lieu.Nom), printable.Text(r.Lieu.Adresse), printable.Text(r.Lieu.Commune))
		}
		for _, c := range it.Scores.Components() {
			fmt.Fprintf(w, "   %s %s : %s\n", c.Label, dedup.Points(c.C.Points), c.C.Note)
		}
		if it.Scores.Reason != "" {
			fmt.Fprintf(w, "   → %s\n", it.Scores.Reason)
		}
	}
	_, err := fmt.Fprintf(w, "%s à vérifier.\n", french.Count(len(items), "paire", "paires"))
	return err
}
