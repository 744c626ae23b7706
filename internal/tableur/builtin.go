package tableur

import (
	"embed"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"slices"
	"strings"

	"maillage/internal/failure"
)

// The built-in correspondences are the national lists hubs actually use,
// one YAML file each in builtin/, named after the list.
//
//go:embed builtin/*.yaml
var builtins embed.FS

// BuiltinNames returns the names of the built-in correspondences, sorted.
func BuiltinNames() []string {
	entries, err := builtins.ReadDir("builtin")
	if err != nil {
		panic("tableur: embedded correspondences: " + err.Error())
	}
	var names []string
	for _, e := range entries {
		names = append(names, strings.TrimSuffix(e.Name(), ".yaml"))
	}
	slices.Sort(names)
	return names
}

// Builtin returns a new copy of the built-in correspondence name; the
// error is a failure.NotFound naming the built-in ones.
func Builtin(name string) (*Correspondence, error) {
	if !slices.Contains(BuiltinNames(), name) {
		return nil, failure.Errorf(failure.NotFound, "correspondance intégrée inconnue « %s » ; correspondances intégrées : %s", name, strings.Join(BuiltinNames(), ", "))
	}
	data, err := builtins.ReadFile(path.Join("builtin", name+".yaml"))
	if err != nil {
		return nil, err
	}
	c, err := ParseCorrespondence(data, name+" (intégrée)")
	if err != nil {
		return nil, err
	}
	c.Name = name
	return c, nil
}

// Open returns the built-in correspondence named arg, or else reads the
// correspondence file at path arg: what « --correspondance NOM|FICHIER »
// takes.
func Open(arg string) (*Correspondence, error) {
	if slices.Contains(BuiltinNames(), arg) {
		return Builtin(arg)
	}
	f, err := os.Open(arg)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, failure.Errorf(failure.NotFound, "correspondance « %s » introuvable : ni une correspondance intégrée (%s), ni un fichier", arg, strings.Join(BuiltinNames(), ", "))
		}
		return nil, failure.Wrap(failure.Invalid, err, fmt.Sprintf("correspondance « %s » illisible", arg))
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxSpecSize+1))
	if err != nil {
		return nil, failure.Wrap(failure.Invalid, err, fmt.Sprintf("correspondance « %s » illisible", arg))
	}
	return ParseCorrespondence(data, arg)
}
