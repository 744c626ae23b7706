package main

import "strings"

// globalFlags reads the options the general help gives for every command
// (--db) when they come before the command (« maillage --db X sources
// liste »): the value then stands for MAILLAGE_DATABASE_URL, which every
// command's --db defaults to, and an option after the command still wins.
func globalFlags(args []string, getenv func(string) string) ([]string, func(string) string, error) {
	db, set := "", false
	for len(args) > 0 && strings.HasPrefix(args[0], "-") && !isHelp(args[0]) {
		name, value, hasValue := strings.Cut(strings.TrimLeft(args[0], "-"), "=")
		if name != "db" {
			return nil, nil, usageError{"option « " + args[0] + " » inconnue avant la commande : seule --db s'écrit avant (maillage --db URL COMMANDE) ; les autres options suivent la commande"}
		}
		if !hasValue {
			if len(args) < 2 {
				return nil, nil, usageError{"--db demande une valeur : sqlite:CHEMIN ou postgres://…"}
			}
			value, args = args[1], args[1:]
		}
		db, set, args = value, true, args[1:]
	}
	if !set {
		return args, getenv, nil
	}
	return args, func(k string) string {
		if k == "MAILLAGE_DATABASE_URL" {
			return db
		}
		return getenv(k)
	}, nil
}
