package main

import (
	"flag"

	"maillage/internal/harvest"
)

// privateAddressesFlag is --moisson-adresses-privees, by default from
// MAILLAGE_MOISSON_ADRESSES_PRIVEES=1: harvests may then connect to the
// loopback and private addresses (never to link-local ones, where clouds
// serve a machine's metadata).
func privateAddressesFlag(fs *flag.FlagSet, e *env) *bool {
	return fs.Bool("moisson-adresses-privees", e.getenv(harvest.EnvPrivateAddresses) == "1",
		"autorise les moissons à lire des adresses de bouclage ou privées (127.0.0.1, 10.0.0.0/8, 192.168.0.0/16…) : une source sur le réseau interne du hub ; "+
			"les adresses lien-local (169.254.0.0/16, métadonnées des hébergeurs cloud) restent refusées ("+harvest.EnvPrivateAddresses+"=1)")
}

// privateURLsFlag is --moisson-adresses-privees for the commands that read
// a URL given to them (import, validate): the harvests' rule applies to
// them too.
func privateURLsFlag(fs *flag.FlagSet, e *env) *bool {
	return fs.Bool("moisson-adresses-privees", e.getenv(harvest.EnvPrivateAddresses) == "1",
		"autorise la lecture d'URL sur des adresses de bouclage ou privées (127.0.0.1, 10.0.0.0/8, 192.168.0.0/16…), comme pour les moissons ; "+
			"les adresses lien-local (169.254.0.0/16, métadonnées des hébergeurs cloud) restent refusées ("+harvest.EnvPrivateAddresses+"=1)")
}
