package web

import (
	"net/http"
	"strings"

	"maillage/internal/account"
)

// route is one URL of maillage and who may use it.
type route struct {
	pattern string
	access  account.Access
	handler http.HandlerFunc
}

// routeTable declares every URL of maillage, with its access rule. The
// authorization test walks this table: a route cannot exist without a rule.
func (s *Server) routeTable() []route {
	return []route{
		// Pages
		{"GET /{$}", account.Public, s.accueil},
		{"GET /recherche", account.Public, s.recherche},
		{"GET /lieux/{id}", account.Public, s.lieu},
		{"POST /lieux/{id}/signaler", account.Public, s.lieuSignaler},
		{"GET /lieux/{id}/fiche", account.Public, s.lieuFiche},
		{"GET /orientation", account.Public, s.orientation},
		{"GET /fiche", account.Public, s.fiche},
		{"GET /guides", account.Public, s.guides},
		{"GET /integrer", account.Public, s.integrer},
		{"GET /embed/recherche", account.Public, s.embedRecherche},
		{"GET /donnees", account.Public, s.donnees},
		{"GET /diagnostic", account.Public, s.diagnostic},
		{"GET /diagnostic/france", account.Public, s.diagnosticFrance},
		{"GET /diagnostic/{type}/{code}", account.Public, s.diagnosticTerritoire},
		{"GET /carte/couches/{fichier}", account.Public, s.carteCouche},
		// Open data
		{"GET /donnees/lieux.csv", account.Public, s.download("csv")},
		{"GET /donnees/lieux.json", account.Public, s.download("json")},
		{"GET /donnees/lieux.geojson", account.Public, s.download("geojson")},
		{"GET /catalogue.jsonld", account.Public, s.catalogue},
		{"GET /catalogue.rdf", account.Public, s.catalogueRDF},
		// API
		{"GET /api/v1/lieux", account.Public, s.apiLieux},
		{"GET /api/v1/lieux.geojson", account.Public, s.apiLieuxGeoJSON},
		{"GET /api/v1/lieux/{id}", account.Public, s.apiLieu},
		{"GET /api/v1/lieux/changements", account.Public, s.apiLieuxChangements},
		{"GET /api/v1/clusters", account.Public, s.apiClusters},
		{"GET /api/v1/facettes", account.Public, s.apiFacettes},
		{"GET /api/v1/openapi.json", account.Public, s.apiOpenAPI},
		{"GET /api/v1/diagnostic/france", account.Public, s.apiDiagnostic},
		{"GET /api/v1/diagnostic/france.csv", account.Public, s.apiDiagnostic},
		{"GET /api/v1/diagnostic/france.json", account.Public, s.apiDiagnostic},
		{"GET /api/v1/diagnostic/france/implanter", account.Public, s.apiDiagnosticImplanter},
		{"GET /api/v1/diagnostic/france/implanter.csv", account.Public, s.apiDiagnosticImplanter},
		{"GET /api/v1/diagnostic/france/implanter.json", account.Public, s.apiDiagnosticImplanter},
		{"GET /api/v1/diagnostic/{type}/{code}", account.Public, s.apiDiagnostic},
		{"GET /api/v1/diagnostic/{type}/{code}/implanter", account.Public, s.apiDiagnosticImplanter},
		{"GET /api/v1/diagnostic/{type}/{code}/implanter.csv", account.Public, s.apiDiagnosticImplanter},
		{"GET /api/v1/diagnostic/{type}/{code}/implanter.json", account.Public, s.apiDiagnosticImplanter},
		// API of an account, authenticated by its API token (never by
		// the session cookie).
		{"GET /api/v1/compte", account.Bearer, s.apiCompte},
		// The Pass numérique's API (api_pass*.go): who reads or redeems
		// which pass is the handler's rule (403 otherwise).
		{"GET /api/v1/pass/{code}", account.Bearer, s.apiPass},
		{"POST /api/v1/pass/{code}/utilisation", account.Bearer, s.apiPassUtilisation},
		// Orientations through the API (api_orientations.go): an
		// account's own only (another's: 403).
		{"GET /api/v1/orientations", account.Bearer, s.apiOrientations},
		{"POST /api/v1/orientations", account.Bearer, s.apiOrientationsCreer},
		{"GET /api/v1/orientations/{n}", account.Bearer, s.apiOrientation},
		// The activities' API (api_activites.go): an account's own
		// activities (a coordinator's territory's, an administrator's all).
		{"GET /api/v1/activites", account.Bearer, s.apiActivites},
		{"POST /api/v1/activites", account.Bearer, s.apiActivitesCreer},
		{"GET /api/v1/activites/{n}", account.Bearer, s.apiActivite},
		// The statistics' API (api_statistiques.go): a territory's or a
		// place's, with the pages' rules (the handler's 403); a public
		// link's, for anyone holding it.
		{"GET /api/v1/statistiques", account.Bearer, s.apiStatistiques},
		{"GET /api/v1/statistiques/public/{jeton}", account.Public, s.apiStatistiquesPublic},
		{"GET /api/", account.Public, s.apiOtherMethod},
		{"/api/", account.Public, s.apiOtherMethod},
		// Sign-in
		{"GET /connexion", account.Public, s.connexion},
		{"POST /connexion", account.Public, s.connexionDemande},
		{"GET /connexion/lien", account.Public, s.connexionLien},
		{"POST /connexion/lien", account.Public, s.connexionLienValider},
		{"POST /connexion/mot-de-passe", account.Public, s.connexionMotDePasse},
		{"POST /deconnexion", account.SignedIn, s.deconnexion},
		{"GET /espace/securite", account.Moderators, s.espaceSecurite},
		{"POST /espace/securite", account.Moderators, s.espaceSecuriteEnvoi},
		{"POST /espace/supprimer", account.SignedIn, s.espaceSupprimer},
		{"POST /espace/jetons", account.SignedIn, s.espaceJetonsCreer},
		{"POST /espace/jetons/{n}/revoquer", account.SignedIn, s.espaceJetonRevoquer},
		// Contributions
		{"GET /espace", account.SignedIn, s.espace},
		{"POST /lieux/{id}/revendiquer", account.SignedIn, s.lieuRevendiquer},
		{"GET /lieux/{id}/modifier", account.SignedIn, s.lieuModifier},
		{"POST /lieux/{id}/modifier", account.SignedIn, s.lieuModifierEnvoi},
		{"POST /lieux/{id}/confirmer", account.SignedIn, s.lieuConfirmer},
		// Temporary closures: whoever may edit the place and publish (the
		// handler's rule: its structure, its territory's coordinators, the
		// administrators).
		{"GET /lieux/{id}/fermetures", account.SignedIn, s.lieuFermetures},
		{"POST /lieux/{id}/fermetures", account.SignedIn, s.lieuFermeturesAnnonce},
		{"POST /lieux/{id}/fermetures/{n}/retirer", account.SignedIn, s.lieuFermetureRetirer},
		{"POST /lieux/{id}/reprendre", account.Moderators, s.lieuReprendre},
		{"GET /lieux/{id}/historique", account.Moderators, s.lieuHistorique},
		{"GET /lieux/{id}/reunir", account.Moderators, s.lieuReunir},
		{"POST /lieux/{id}/reunir", account.Moderators, s.lieuReunirEnvoi},
		{"GET /contribuer/nouveau-lieu", account.SignedIn, s.contribuerNouveau},
		{"POST /contribuer/nouveau-lieu", account.SignedIn, s.contribuerNouveauEnvoi},
		// Moderation and administration
		{"GET /moderation", account.Moderators, s.moderation},
		{"GET /moderation/fraicheur", account.Moderators, s.moderationFraicheur},
		{"POST /moderation/revendications/{n}", account.Moderators, s.moderationRevendication},
		{"POST /moderation/propositions/{n}", account.Moderators, s.moderationProposition},
		{"POST /moderation/signalements/{n}", account.Moderators, s.moderationSignalement},
		{"GET /sources", account.Moderators, s.sources},
		{"GET /sources/{nom}", account.Moderators, s.source},
		{"POST /sources", account.Admins, s.sourcesDeclare},
		{"POST /sources/{nom}/supprimer", account.Admins, s.sourceRemove},
		{"POST /sources/{nom}/priorite", account.Admins, s.sourcePriority},
		// A source has no territory (its places may be anywhere, and a
		// harvest may withdraw any of them): only administrators harvest
		// one now.
		{"POST /sources/{nom}/moissonner", account.Admins, s.sourceHarvestNow},
		{"GET /moderation/doublons", account.Moderators, s.moderationDoublons},
		{"POST /moderation/doublons/decision", account.Moderators, s.moderationDoublonsDecision},
		{"POST /moderation/doublons/separer", account.Moderators, s.moderationDoublonsSeparer},
		{"GET /moderation/doublons/fait", account.Moderators, s.moderationDoublonsFait},
		{"POST /moderation/doublons/annuler", account.Moderators, s.moderationDoublonsAnnuler},
		{"GET /admin/comptes", account.Admins, s.adminComptes},
		{"POST /admin/comptes", account.Admins, s.adminComptesCreer},
		{"POST /admin/comptes/{n}", account.Admins, s.adminComptesModifier},
		{"POST /admin/comptes/{n}/supprimer", account.Admins, s.adminComptesSupprimer},
		{"POST /admin/sessions/{n}/revoquer", account.Admins, s.adminSessionRevoquer},
		// Pass numérique (pass10a): orders, their carnets printed and
		// assigned, carnets handed to bénéficiaires. Which order or carnet
		// an account sees is the handler's rule (a financeur its own
		// orders, a distributeur its own carnets).
		// Activity reports (activites*.go, activite.go): an account's own
		// activities and the aggregates of the places it acts for; the
		// coordination activities are the moderators'. Editing another's
		// entry is the handler's 403 (an administrator edits any); an
		// activity the account may not read is a 404, as a missing one; a
		// coordinator deletes its territory's entered here, paid by no
		// Pass (activites_acces.go; the store checks it again), and its
		// territory's monthly aggregates by the same rule. An aggregate or
		// a coordination activity the account may not read is a 404 too,
		// as a missing one (activites_acces_saisies.go).
		{"GET /activites", account.SignedIn, s.activites},
		{"GET /activites/nouvelle", account.SignedIn, s.activiteNouvelle},
		{"POST /activites", account.SignedIn, s.activiteCreer},
		{"GET /activites/saisies/{n}", account.SignedIn, s.activite},
		{"POST /activites/saisies/{n}", account.SignedIn, s.activiteModifier},
		{"GET /activites/saisies/{n}/supprimer", account.SignedIn, s.activiteSupprimerConfirmer},
		{"POST /activites/saisies/{n}/supprimer", account.SignedIn, s.activiteSupprimer},
		{"GET /activites/agregats/nouveau", account.SignedIn, s.agregatNouveau},
		{"POST /activites/agregats", account.SignedIn, s.agregatCreer},
		{"GET /activites/agregats/{n}", account.SignedIn, s.agregat},
		{"POST /activites/agregats/{n}", account.SignedIn, s.agregatModifier},
		{"GET /activites/agregats/{n}/supprimer", account.SignedIn, s.agregatSupprimerConfirmer},
		{"POST /activites/agregats/{n}/supprimer", account.SignedIn, s.agregatSupprimer},
		{"GET /activites/coordination/nouvelle", account.Moderators, s.coordinationNouvelle},
		{"POST /activites/coordination", account.Moderators, s.coordinationCreer},
		{"GET /activites/coordination/{n}", account.Moderators, s.coordination},
		{"POST /activites/coordination/{n}", account.Moderators, s.coordinationModifier},
		{"GET /activites/coordination/{n}/supprimer", account.Moderators, s.coordinationSupprimerConfirmer},
		{"POST /activites/coordination/{n}/supprimer", account.Moderators, s.coordinationSupprimer},
		{"GET /pass/commandes", account.SignedIn, s.passCommandes},
		{"POST /pass/commandes", account.Admins, s.passCommandesCreer},
		{"GET /pass/commandes/{n}", account.SignedIn, s.passCommande},
		{"POST /pass/commandes/{n}/attribuer", account.Admins, s.passCommandeAttribuer},
		{"GET /pass/commandes/{n}/impression", account.SignedIn, s.passImpression},
		{"GET /pass/carnets", account.SignedIn, s.passCarnets},
		{"POST /pass/carnets/remettre", account.SignedIn, s.passCarnetsRemettre},
		// Qualification: a place's structure (an approved claim) asks, a
		// coordinator of its territory or an administrator decides.
		{"GET /lieux/{id}/pass", account.SignedIn, s.lieuPass},
		{"POST /lieux/{id}/pass", account.SignedIn, s.lieuPassDemande},
		{"GET /pass/qualifications", account.Moderators, s.passQualifications},
		{"POST /pass/qualifications/{n}", account.Moderators, s.passQualificationDecision},
		{"GET /pass/qualifications/{n}/retirer", account.Moderators, s.passQualificationRetirer},
		{"POST /pass/qualifications/{n}/retirer", account.Moderators, s.passQualificationRetrait},
		// Pass numérique: the counter, statements, credit notes, reminders
		// and dashboards (the handlers check what each account may see).
		{"GET /pass/utiliser", account.SignedIn, s.passUtiliser},
		{"POST /pass/utiliser", account.SignedIn, s.passUtiliserEnvoi},
		{"GET /pass/releves", account.SignedIn, s.passReleves},
		{"GET /pass/releves.csv", account.SignedIn, s.passRelevesCSV},
		{"POST /pass/releves", account.Admins, s.passRelevesEmettre},
		{"POST /pass/releves/corrections", account.Admins, s.passRelevesCorriger},
		{"GET /pass/releves/{n}", account.SignedIn, s.passReleve},
		{"GET /pass/releves/{n}/lignes.csv", account.SignedIn, s.passReleveCSV},
		{"POST /pass/releves/{n}/payer", account.Admins, s.passRelevePayer},
		{"POST /pass/releves/{n}/iban", account.Admins, s.passReleveIBAN},
		{"GET /pass/avoirs", account.SignedIn, s.passAvoirs},
		{"POST /pass/avoirs", account.Admins, s.passAvoirsEtablir},
		{"GET /pass/commandes/{n}/avoir", account.SignedIn, s.passCommandeAvoir},
		{"GET /pass/tableaux", account.SignedIn, s.passTableaux},
		{"GET /pass/tableaux.csv", account.SignedIn, s.passTableauxCSV},
		// Orientations (issue 11 §1, orient11): any account orients a
		// person to a place and reads only its own orientations (another's
		// is refused, 403: the handler's rule); the place answers
		// without an account, through the link of its e-mail (the token is
		// the only credential); the coordinators read the flows of their
		// territory, never an orientation one by one.
		{"GET /lieux/{id}/orienter", account.SignedIn, s.lieuOrienter},
		{"POST /lieux/{id}/orienter", account.SignedIn, s.lieuOrienterEnvoi},
		{"GET /orientations/{n}", account.SignedIn, s.orientationSuivi},
		{"GET /orientations/{n}/fiche", account.SignedIn, s.orientationFiche},
		{"GET /orientations/reponse", account.Public, s.orientationsReponse},
		{"POST /orientations/reponse", account.Public, s.orientationsReponseEnvoi},
		{"GET /orientations/flux", account.Moderators, s.orientationsFlux},
		// The annual evaluation report (evaluation.go): a coordinator's
		// territory, any for an administrator.
		{"GET /evaluation", account.Moderators, s.evaluation},
		// Statistics (issue 11 §3, statistiques*.go): the chooser for any
		// account; a place's for those acting for it, the coordinators of
		// its territory and the administrators (the handler's 403); a
		// territory's for the administrators and its coordinators (the
		// handler's 403 for another territory); the hub's perimeter for
		// the moderators.
		{"GET /statistiques", account.SignedIn, s.statistiques},
		{"GET /statistiques/perimetre", account.Moderators, s.statistiquesPerimetre},
		{"GET /statistiques/{type}/{code}", account.Moderators, s.statistiquesTerritoire},
		{"GET /lieux/{id}/statistiques", account.SignedIn, s.lieuStatistiques},
		{"GET /statistiques/structure/{siret}", account.SignedIn, s.statistiquesStructure},
		// Public links to a territory's statistics: published and revoked
		// by whoever reads the territory's (the handler's 403); read by
		// anyone holding the link (its token is the only credential).
		{"POST /statistiques/{type}/{code}/partages", account.Moderators, s.statistiquesPartager},
		{"POST /statistiques/partages/{n}/revoquer", account.Moderators, s.statistiquesPartageRevoquer},
		{"GET /statistiques/public/{jeton}", account.Public, s.statistiquesPublic},
		// Operations and assets
		{"GET /healthz", account.Public, s.healthz},
		{"GET /static/", account.Public, http.StripPrefix("/static", s.staticHandler()).ServeHTTP},
		{"/", account.Public, s.notFound},
	}
}

// routes builds the router from the table. Forms are protected against
// cross-site requests (withOriginCheck), but for the routes of access
// account.Bearer: they authenticate by the Authorization header alone,
// never by a cookie, and a browser does not add that header to a request
// another site makes it send, so a cross-site request cannot act for
// anyone there; a program calling the API from a page of another origin
// (a counter's web app) sends an Origin, or « null », or none at all, and
// must not be refused for it.
func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	for _, rt := range s.routeTable() {
		h := rt.handler
		if accepted, ok := apiParams[rt.pattern]; ok {
			h = onlyParams(accepted, h)
		}
		guarded := s.guard(rt.access, h)
		if rt.access != account.Bearer {
			guarded = s.withOriginCheck(guarded)
		}
		mux.Handle(rt.pattern, guarded)
	}
	return mux
}

// isEmbed reports whether a path may be framed by other sites.
func isEmbed(path string) bool { return strings.HasPrefix(path, "/embed/") }
