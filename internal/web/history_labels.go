package web

import "maillage/internal/store"

// actionLabels say each kind of journal entry in French, for the history
// of a place.
var actionLabels = map[string]string{
	"lieu.cree":                "Lieu créé",
	"lieu.modifie":             "Fiche modifiée",
	"lieu.confirme":            "Informations confirmées à jour",
	"proposition.deposee":      "Proposition de modification déposée",
	"proposition.refusee":      "Proposition de modification refusée",
	"revendication.en_attente": "Demande de gestion du lieu en attente",
	"revendication.acceptee":   "Demande de gestion du lieu acceptée",
	"revendication.refusee":    "Demande de gestion du lieu refusée",
	"signalement.traite":       "Signalement d'erreur traité",
	"import.termine":           "Import terminé",
	"compte.cree":              "Compte créé",
	"compte.modifie":           "Compte modifié",
	"compte.supprime":          "Compte supprimé",
	"session.revoquee":         "Session fermée",
	"lieu.fusionne":            "Lieu fusionné avec un autre (qui y renvoie)",
	"lieu.absorbe":             "Lieu réuni à un autre (son adresse y renvoie)",
	"lieu.separe":              "Enregistrement séparé de ce lieu",
	"lieu.separation_annulee":  "Séparation annulée : l'enregistrement a rejoint ce lieu",
	"paire.rejet_annule":       "Décision « lieux distincts » annulée : la paire est de nouveau à vérifier",
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
