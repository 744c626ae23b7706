package main

import (
	"fmt"
	"os"
	"path/filepath"

	"maillage/internal/place"
	"maillage/internal/standard"
)

// examplePair adds the one place the standard's two valid examples share:
// the fictional « Anonymal » of v0.1.1 (2022) and of v1.0.2 (2024), the older
// one read and converted by maillage's reader.
func (g *gen) examplePair(dir string) error {
	old, err := readExample(filepath.Join(dir, "exemple-valide-v0.1.1.csv"))
	if err != nil {
		return err
	}
	cur, err := readExample(filepath.Join(dir, "exemple-valide-v1.0.2-main.csv"))
	if err != nil {
		return err
	}
	note := fmt.Sprintf("Réel (exemples valides du standard) : le lieu fictif « %s » de l'exemple v0.1.1 (%s), converti par le lecteur de maillage, et de l'exemple v1.0.2 (%s) : même id, même adresse, les listes et vocabulaires ont changé de version.", cur["nom"], old["date_maj"], cur["date_maj"])
	g.add(&pair{ID: "same_reformatted/exemples-standard", Label: "same", Category: "same_reformatted", Origin: "real", Note: note,
		A: record{Source: "exemple-standard-v0.1.1", Fields: old}, B: record{Source: "exemple-standard-v1.0.2", Fields: cur}})
	return nil
}

func readExample(path string) (map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r, err := standard.NewReader(f, path)
	if err != nil {
		return nil, err
	}
	it, err := r.Next()
	if err != nil {
		return nil, fmt.Errorf("%s : %v", path, err)
	}
	if it.Err != "" {
		return nil, fmt.Errorf("%s : %s", path, it.Err)
	}
	m := map[string]string{}
	for i, v := range it.Raw.Values {
		m[place.FieldNames[i]] = v
	}
	return clean(m), nil
}
