package main

import (
	"errors"
	"io/fs"
	"os"

	"maillage/internal/printable"
	"maillage/internal/store"
)

// checkSourceFile refuses a source declared with a local file that is not
// there (or not a file): a typing error would only show at its first
// harvest.
func checkSourceFile(src store.Source) error {
	if (src.Type != store.SourceStandard && src.Type != store.SourceTableur) || isURL(src.URL) {
		return nil
	}
	info, err := os.Stat(src.URL)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return usageError{"sources ajouter : le fichier « " + printable.String(src.URL) + " » (--url) est introuvable"}
	case err != nil:
		return usageError{"sources ajouter : le fichier « " + printable.String(src.URL) + " » (--url) est illisible : " + printable.String(err.Error())}
	case info.IsDir():
		return usageError{"sources ajouter : « " + printable.String(src.URL) + " » (--url) est un dossier, pas un fichier"}
	}
	return nil
}
