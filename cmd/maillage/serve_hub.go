package main

import (
	"flag"
	"log/slog"
	"strings"

	"maillage/internal/printable"
	"maillage/internal/store"
	"maillage/internal/web"
)

// hubFlags are serve's options that say who publishes the registry: they
// name the open-data files and fill the catalogue.
type hubFlags struct {
	nom, siret, territoire, contact, licence *string
	perimetre                                *string
}

func addHubFlags(fs *flag.FlagSet, e *env) *hubFlags {
	return &hubFlags{
		nom: fs.String("hub-nom", e.getenv("MAILLAGE_HUB_NOM"), "nom du hub, éditeur des données ouvertes (MAILLAGE_HUB_NOM) ; par défaut « "+web.DefaultHubNom+" »"),
		siret: fs.String("hub-siret", e.getenv("MAILLAGE_HUB_SIRET"),
			"SIRET (14 chiffres) ou, à défaut, RNA (W suivi de 9 caractères) du hub : il nomme les fichiers de données ouvertes "+
				"AAAA-MM-JJ_SIRET_lieux-de-mediation-numerique_TERRITOIRE.csv (MAILLAGE_HUB_SIRET) ; sans lui, 00000000000000"),
		territoire: fs.String("hub-territoire", e.getenv("MAILLAGE_HUB_TERRITOIRE"), "territoire couvert par les données, par exemple « Bordeaux Métropole » (MAILLAGE_HUB_TERRITOIRE) ; par défaut « "+web.DefaultHubTerritoire+" »"),
		contact:    fs.String("hub-contact", e.getenv("MAILLAGE_HUB_CONTACT"), "contact du jeu de données : adresse électronique, ou adresse https://… d'une page de contact (MAILLAGE_HUB_CONTACT)"),
		perimetre: fs.String("hub-perimetre", e.getenv("MAILLAGE_HUB_PERIMETRE"),
			"territoires du hub, le périmètre entier de ses statistiques : departement:81,departement:12, epci:SIREN, commune:INSEE (MAILLAGE_HUB_PERIMETRE) ; par défaut toute la France"),
		licence: fs.String("hub-licence", e.getenv("MAILLAGE_HUB_LICENCE"), "adresse de la licence des données (MAILLAGE_HUB_LICENCE) ; par défaut la Licence Ouverte 2.0 "+web.LicenceOuverte),
	}
}

// perimeter reads --hub-perimetre (none: everywhere).
func (f *hubFlags) perimeter() ([]store.TerritoryRef, error) {
	refs, ok := store.ParseTerritoryRefs(*f.perimetre)
	if !ok {
		return nil, usageError{"serve : --hub-perimetre « " + printable.String(*f.perimetre) + " » : s'écrit departement:CODE, epci:SIREN ou commune:INSEE, séparés par des virgules"}
	}
	return refs, nil
}

// hub checks the identity given and says at start what was left out.
func (f *hubFlags) hub(log *slog.Logger) (web.Hub, error) {
	h, missing, err := web.CheckHub(web.Hub{Nom: *f.nom, Identifiant: *f.siret, Territoire: *f.territoire, Contact: *f.contact, Licence: *f.licence})
	if err != nil {
		return h, err
	}
	if len(missing) > 0 {
		log.Warn("identité du hub incomplète (--hub-nom, --hub-siret, --hub-territoire, --hub-contact) : les fichiers de données ouvertes "+
			"et le catalogue prennent des valeurs par défaut", "manquent", strings.Join(missing, ", "), "nom", h.Nom, "territoire", h.Territoire)
	}
	return h, nil
}
