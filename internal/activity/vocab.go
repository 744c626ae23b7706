package activity

// Term is one value of a closed list: the API value, as the Coop de la
// médiation numérique writes it (stored and exchanged as is), and its French
// label (shown and read from the Coop's exports).
type Term struct {
	Value string
	Label string
}

// Vocabulary is a closed list of terms, in the Coop's order.
type Vocabulary []Term

// Has reports whether v is one of the list's API values.
func (vs Vocabulary) Has(v string) bool {
	for _, t := range vs {
		if t.Value == v {
			return true
		}
	}
	return false
}

// Label returns the French label of an API value ("" when unknown).
func (vs Vocabulary) Label(v string) string {
	for _, t := range vs {
		if t.Value == v {
			return t.Label
		}
	}
	return ""
}

// Values lists the API values, in order.
func (vs Vocabulary) Values() []string {
	out := make([]string, len(vs))
	for i, t := range vs {
		out[i] = t.Value
	}
	return out
}

// The Coop's vocabularies (coop-mediation-numerique @46aa33b: the Prisma
// enums' stored values and the forms' labels). Values are data: keep them
// verbatim so that hub and national figures stay comparable.

// Kinds: TypeActivite.
const (
	Individuel = "individuel"
	Collectif  = "collectif"
)

var Kinds = Vocabulary{
	{Individuel, "Accompagnement individuel"},
	{Collectif, "Atelier collectif"},
}

// PlaceTypes: TypeLieu (the « canaux d'accompagnement »).
const (
	LieuActivite = "lieu_activite"
	AutreLieu    = "autre"
	Domicile     = "domicile"
	ADistance    = "a_distance"
)

var PlaceTypes = Vocabulary{
	{LieuActivite, "Lieu d’activité"},
	{AutreLieu, "Autre lieu"},
	{Domicile, "À domicile"},
	{ADistance, "À distance"},
}

// AideDemarches is the general thematic that opens the administrative ones
// and the « Nom de la démarche administrative ».
const AideDemarches = "aide_aux_demarches_administratives"

// Thematics: the 19 general (non-administrative) thématiques.
var Thematics = Vocabulary{
	{"diagnostic_numerique", "Diagnostic numérique"},
	{"prendre_en_main_du_materiel", "Prendre en main du matériel"},
	{"maintenance_de_materiel", "Maintenance de matériel"},
	{"gere_ses_contenus_numeriques", "Gérer ses contenus numériques"},
	{"navigation_sur_internet", "Navigation sur internet"},
	{"email", "E-mail"},
	{"bureautique", "Bureautique"},
	{"reseaux_sociaux", "Réseaux sociaux communication"},
	{"sante", "Santé"},
	{"banque_et_achats_en_ligne", "Banque et achats en ligne"},
	{"entrepreneuriat", "Accompagner un professionnel"},
	{"insertion_professionnelle", "Insertion professionnelle"},
	{"securite_numerique", "Prévention en sécurité numérique"},
	{"parentalite", "Parentalité"},
	{"scolarite_et_numerique", "Scolarité et numérique"},
	{"creer_avec_le_numerique", "Créer avec le numérique"},
	{"culture_numerique", "Culture numérique"},
	{"intelligence_artificielle", "Intelligence artificielle (IA)"},
	{AideDemarches, "Aide aux démarches administratives"},
}

// AdminThematics: the 11 administrative thématiques, allowed only with
// AideDemarches.
var AdminThematics = Vocabulary{
	{"papiers_elections_citoyennete", "Papiers - Élections - Citoyenneté"},
	{"famille_scolarite", "Famille - Scolarité"},
	{"social_sante", "Social - Santé"},
	{"travail_formation", "Travail - Formation - Entreprise"},
	{"logement", "Logement"},
	{"transports_mobilite", "Transports - Mobilité"},
	{"argent_impots", "Argent - Impôts"},
	{"justice", "Justice"},
	{"etrangers_europe", "Étrangers - Europe"},
	{"loisirs_sports_culture", "Loisirs - Sports - Culture"},
	{"associations", "Associations"},
}

// AllThematics is the general then the administrative thématiques.
var AllThematics = append(append(Vocabulary{}, Thematics...), AdminThematics...)

// Equipment: Materiel.
var Equipment = Vocabulary{
	{"ordinateur", "Ordinateur"},
	{"telephone", "Téléphone"},
	{"tablette", "Tablette"},
	{"autre", "Autre"},
	{"aucun", "Pas de matériel"},
}

// Autonomy: Autonomie (individual accompaniments), 1 to 3 stars in order.
var Autonomy = Vocabulary{
	{"entierement_accompagne", "Avec guidage"},
	{"partiellement_autonome", "Autonome avec guidage en cas de besoin"},
	{"autonome", "Autonome"},
}

// Levels: NiveauAtelier (workshops), 1 to 3 stars in order.
var Levels = Vocabulary{
	{"debutant", "Débutant"},
	{"intermediaire", "Intermédiaire"},
	{"avance", "Avancé"},
}

// Redirections: StructureDeRedirection, the category of where a person
// was sent.
var Redirections = Vocabulary{
	{"administration", "Administration (mairie, préfecture…)"},
	{"mediation_numerique", "Autre structure de médiation numérique"},
	{"operateur_ou_organisme_en_charge", "Opérateur ou organisme en charge de la démarche administrative"},
	{"aide_sociale", "Structure d’aide sociale (maison des solidarités, centre social…)"},
	{"insertion_professionnelle", "Structure d’insertion professionnelle (France Travail, mission locale, chambre de commerce…)"},
	{"aide_aux_demarches_administratives", "Structure d’aide aux démarches administratives (France Services…)"},
	{"autre", "Autre"},
}

// NonCommunique is the « not said » value of the three public breakdowns.
const NonCommunique = "non_communique"

// Genders: Genre (the API's values).
var Genders = Vocabulary{
	{"masculin", "Masculin"},
	{"feminin", "Féminin"},
	{NonCommunique, "Non communiqué"},
}

// AgeBands: TrancheAge, youngest first (douze_dix_huit is 12 - 17 ans).
var AgeBands = Vocabulary{
	{"moins_de_douze", "Moins de 12 ans"},
	{"douze_dix_huit", "12 - 17 ans"},
	{"dix_huit_vingt_quatre", "18 - 24 ans"},
	{"vingt_cinq_trente_neuf", "25 - 39 ans"},
	{"quarante_cinquante_neuf", "40 - 59 ans"},
	{"soixante_soixante_neuf", "60 - 69 ans"},
	{"soixante_dix_plus", "70 ans et plus"},
	{NonCommunique, "Non communiqué"},
}

// Statuses: StatutSocial.
var Statuses = Vocabulary{
	{"scolarise", "Scolarisé"},
	{"sans_emploi", "Sans emploi"},
	{"en_emploi", "En emploi"},
	{"retraite", "Retraité"},
	{NonCommunique, "Non communiqué ou hétérogène"},
}

// TagScopes: the scope of a tag (TagScope): whose tag it is.
var TagScopes = Vocabulary{
	{"personnel", "Personnel"},
	{"equipe", "Équipe"},
	{"departemental", "Départemental"},
	{"national", "National"},
}

// DurationPresets are the form's durations, in minutes (or « Personnaliser »).
var DurationPresets = []int{15, 30, 45, 60, 90, 120}

// DurationRanges are the statistics' ranges of durations: [Min, Max) in
// minutes, Max 0 for no upper bound; Key is the Coop's.
var DurationRanges = []struct {
	Key      string
	Min, Max int
	Label    string
}{
	{"30", 0, 30, "Moins de 30 min"},
	{"60", 30, 60, "30 min à 1 h"},
	{"120", 60, 120, "1 h à 2 h"},
	{"more", 120, 0, "2 h et plus"},
}

// NotesWarning is the Coop's warning on every notes field.
const NotesWarning = "Il est interdit de stocker des informations sensibles (données de santé, mots de passe, etc)."

// Sources of a row: where a figure comes from, so that imported and local
// figures are never counted twice.
const (
	SourceSaisie     = "saisie"      // entered here, one form per activity
	SourceAgregat    = "agregat"     // a monthly aggregate entered here
	SourceImportCoop = "import_coop" // imported from a Coop export (keyed by the Coop's « ID CRA »)
	// SourceAPICoop: the statistics of the Coop's partner API v1, per
	// département and month (APIAggregate), never activities one by one.
	SourceAPICoop = "api_coop"
)

// Sources lists the sources with their French labels.
var Sources = Vocabulary{
	{SourceSaisie, "Saisie dans maillage"},
	{SourceAgregat, "Agrégat mensuel"},
	{SourceImportCoop, "Import de la Coop de la médiation numérique"},
	{SourceAPICoop, "API statistiques de la Coop de la médiation numérique"},
}

// Coordination activities (ActiviteCoordination).
const (
	Animation   = "animation"
	Evenement   = "evenement"
	Partenariat = "partenariat"
)

var CoordinationKinds = Vocabulary{
	{Animation, "Animation"},
	{Evenement, "Évènement"},
	{Partenariat, "Partenariat"},
}

// TerritorialLevels: EchelonTerritorial.
var TerritorialLevels = Vocabulary{
	{"communal", "Communal"},
	{"intercommunal", "Intercommunal"},
	{"departemental", "Départemental"},
	{"regional", "Régional"},
	{"national", "National"},
}

// AnimationTypes: TypeAnimation.
var AnimationTypes = Vocabulary{
	{"assemblee", "Assemblée / présentation officielle (Ex : conseil municipal, conseil communautaire, conseil départemental, CA d’association)"},
	{"comite", "Comité technique / de pilotage"},
	{"groupe_de_travail", "Groupe de travail"},
	{"echange", "Moment d’échange / aide / soutien"},
	{"reunion_coordination", "Réunion de coordination (coordinateurs, médiateurs et conseillers numériques, préfectures, Hubs...)"},
	{"webinaire", "Webinaire"},
	{"autre", "Autre"},
}

// Initiatives: Initiative.
var Initiatives = Vocabulary{
	{"initiative", "Intervention à mon initiative"},
	{"demande", "Réponse à un besoin/une problématique"},
}

// AnimationThematics: ThematiqueAnimation.
var AnimationThematics = Vocabulary{
	{"partage", "Échanges de bonnes pratiques / partage d’informations"},
	{"reseau", "Maillage territorial - faire réseau / créer du lien"},
	{"soutien", "Soutien technique et/ou organisationnel"},
	{"professionnel", "Projet / Parcours professionnel"},
	{"rh", "Soutien RH auprès des structures"},
	{"autre", "Autre thématique"},
}

// EventTypes: TypeEvenement.
var EventTypes = Vocabulary{
	{"grand_public", "Évènement grand public (Ex : Forums, salons, journées départementales, ateliers collectifs...)"},
	{"national", "Évènement national (Ex : NEC, ANCTour, etc...)"},
	{"inclusion_numerique", "Journée d’inclusion numérique (Ex : Séminaire, rencontre, intervention...)"},
	{"nec_local", "NEC local"},
	{"autre", "Autre"},
}

// Organisers: Organisateur (also the types of partner structures).
var Organisers = Vocabulary{
	{"ma_structure", "Ma structure (moi - même)"},
	{"commune", "Une commune"},
	{"epci", "Un EPCI"},
	{"departement", "Le département"},
	{"region", "La région"},
	{"association", "Une association"},
	{"entreprise", "Une entreprise"},
	{"hub", "Un Hub"},
	{"etat", "État (Préfecture, ANCT, Opérateur...)"},
	{"groupement", "Un groupement (Syndicat mixte, consortium...)"},
	{"autre", "Autre"},
}

// PartnershipNatures: NaturePartenariat.
var PartnershipNatures = Vocabulary{
	{"parcours_usager", "Conception de parcours usager"},
	{"subvention", "Recherche de subvention"},
	{"coordination_departementale", "Journée de coordination départementale"},
	{"rdv_elu", "Rendez-vous avec un·e élu·e"},
	{"autre", "Autre"},
}

// PartnerTypes: the types of partner structures (Organisers without « Ma structure »).
var PartnerTypes = Organisers[1:]
