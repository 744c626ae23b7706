package main

import (
	"flag"

	"maillage/internal/harvest"
)

// tokensElsewhereFlag is --jetons-autres-adresses, by default from
// MAILLAGE_MOISSON_JETONS_AUTRES_ADRESSES=1: the harvests may send the
// Coop's key and data·inclusion's token to a source's declared address on
// another server than the configured API's.
func tokensElsewhereFlag(fs *flag.FlagSet, e *env) *bool {
	return fs.Bool("jetons-autres-adresses", e.getenv(harvest.EnvTokensElsewhere) == "1",
		"autorise l'envoi de la clé de la Coop et du jeton data·inclusion à l'adresse déclarée d'une source sur un autre serveur que celui de l'API configurée "+
			"(MAILLAGE_COOP_URL, MAILLAGE_DATA_INCLUSION_URL, ou les API nationales) ; sans elle, une telle moisson échoue sans rien envoyer ("+harvest.EnvTokensElsewhere+"=1)")
}
