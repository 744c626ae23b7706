package harvest

import (
	"maillage/internal/printable"
	"maillage/internal/store"
)

// Address is the address a harvest of src reads: the source's own, or,
// for a Coop or data·inclusion source declared without one, the API
// configured in opt (the national API by default). Reports, lists and
// pages show it, so that a source never shows an empty address.
func Address(src store.Source, opt Options) string {
	if src.URL != "" {
		return src.URL
	}
	base, _ := serviceBase(src.Type, opt)
	return base
}

// shown is an address as messages, reports and logs show it: without
// its secrets (store.WithoutSecrets), printable. Every message of a
// harvest that names an address goes through it.
func shown(addr string) string { return printable.String(store.WithoutSecrets(addr)) }
