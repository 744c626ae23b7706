package web

import "maillage/internal/store"

// actionLabels say each kind of journal entry in French, for the history
// of a place: every action the stores write (TestEveryActionHasALabel).
var actionLabels = map[string]string{
	"lieu.cree":                    "Lieu créé",
	"lieu.modifie":                 "Fiche modifiée",
	"lieu.confirme":                "Informations confirmées à jour",
	"lieu.fusionne":                "Lieu fusionné avec un autre (qui y renvoie)",
	"lieu.absorbe":                 "Lieu réuni à un autre (son adresse y renvoie)",
	"lieu.separe":                  "Enregistrement séparé de ce lieu",
	"lieu.retire":                  "Lieu dépublié",
	"lieu.republie":                "Lieu publié de nouveau",
	"lieu.sources_retirees":        "Plus aucune source ne le décrit : gardé pour ses modifications à la main",
	"lieu.valeur_source_reprise":   "Valeur de la source reprise à la place d'une modification à la main",
	"proposition.deposee":          "Proposition de modification déposée",
	"proposition.acceptee":         "Proposition de modification acceptée",
	"proposition.refusee":          "Proposition de modification refusée",
	"proposition.retiree":          "Proposition de modification retirée (compte supprimé)",
	"revendication.en_attente":     "Demande de gestion du lieu en attente",
	"revendication.acceptee":       "Demande de gestion du lieu acceptée",
	"revendication.refusee":        "Demande de gestion du lieu refusée",
	"revendication.retiree":        "Demande de gestion du lieu retirée (compte supprimé)",
	"signalement.traite":           "Signalement d'erreur traité",
	"import.termine":               "Import terminé",
	"compte.cree":                  "Compte créé",
	"compte.modifie":               "Compte modifié",
	"compte.supprime":              "Compte supprimé",
	"compte.identifiants_modifies": "Identifiants de connexion modifiés",
	"session.revoquee":             "Session fermée",
	store.ActionSourceDeclared:     "Source déclarée",
	store.ActionSourceChanged:      "Source modifiée",
	store.ActionSourceRemoved:      "Source supprimée",
	store.ActionSourceHarvestAsked: "Moisson demandée",
	"lieu.separation_annulee":      "Séparation annulée : l'enregistrement a rejoint ce lieu",
	"paire.rejet_annule":           "Décision « lieux distincts » annulée : la paire est de nouveau à vérifier",
	store.ActionClosureAdded:       "Fermeture temporaire annoncée",
	store.ActionStatsShareCreated:  "Lien public de statistiques créé",
	store.ActionStatsShareRevoked:  "Lien public de statistiques révoqué",
	store.ActionClosureRemoved:     "Fermeture temporaire retirée",
}

// actionLabel says an entry's action in French; an unknown one as is.
func actionLabel(action string) string {
	if l, ok := actionLabels[action]; ok {
		return l
	}
	return action
}

// detailKeys name the data of an entry; statusLabels its statuses.
var (
	detailKeys = map[string]string{
		"revendications_retirees": "revendications retirées",
		"propositions_retirees":   "propositions retirées",
		"compte":                  "compte",
		"statut":                  "statut",
		"revendication":           "demande",
		"proposition":             "proposition",
		"signalement":             "signalement",
		"fichier":                 "fichier",
		"crees":                   "créés",
		"mis_a_jour":              "mis à jour",
		"inchanges":               "inchangés",
		"rejetes":                 "rejetés",
		"motif":                   "motif",
		"fermeture":               "fermeture",
		"du":                      "du",
		"au":                      "au",
		"precision":               "précision",
		"absorbe":                 "lieu réuni",
		"survivant":               "réuni au lieu",
		"nouveau_lieu":            "nouveau lieu",
		"separe_de":               "séparé du lieu",
		"id_source":               "enregistrement",
		"lieu_reuni":              "lieu réuni",
		"rejetee_par":             "rejetée par",
		"source_a":                "source A",
		"id_a":                    "enregistrement A",
		"source_b":                "source B",
		"id_b":                    "enregistrement B",
		"score":                   "score",
		"enregistrements":         "enregistrements",
		"nouveau":                 "nouveau lieu",
		"source":                  "source",
		"garde_le_lieu":           "garde le lieu",
		"redirection_retiree":     "ancienne adresse reprise",
		"champ":                   "champ",
		"valeur":                  "valeur",
		"modifie_par":             "modifié par",
		"garde_par":               "gardé par",
		"nom":                     "nom",
		"autres_sessions_fermees": "autres sessions fermées",
	}
	statusLabels = map[string]string{
		"retiree":            "retirée (compte supprimé)",
		store.StatusPending:  "en attente",
		store.StatusApproved: "acceptée",
		store.StatusRefused:  "refusée",
	}
)

// numbered are the data that hold the number of a request.
var numbered = map[string]bool{"revendication": true, "proposition": true, "signalement": true}

func detailKey(k string) string {
	if l, ok := detailKeys[k]; ok {
		return l
	}
	return k
}
