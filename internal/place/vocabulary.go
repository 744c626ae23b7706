package place

// The closed vocabularies of the Standard de données des lieux de médiation
// numérique (v1.0.x). Every value is spelled exactly as the schema's patterns
// spell it; where the schema and the ANCT library disagree, the alternative
// spelling is accepted as an alias (see aliases below) and normalised to the
// schema's spelling, so that what we publish validates.

// Service is a kind of support a place offers (field services).
type Service = string

const (
	ServiceDemarches     Service = "Aide aux démarches administratives"
	ServiceOutils        Service = "Maîtrise des outils numériques du quotidien"
	ServiceInsertion     Service = "Insertion professionnelle via le numérique"
	ServiceSecurite      Service = "Utilisation sécurisée du numérique"
	ServiceParentalite   Service = "Parentalité et éducation avec le numérique"
	ServiceLoisirs       Service = "Loisirs et créations numériques"
	ServiceComprehension Service = "Compréhension du monde numérique"
	ServiceAcces         Service = "Accès internet et matériel informatique"
	ServiceAcquisition   Service = "Acquisition de matériel informatique à prix solidaire"
)

// Public is an audience a place specifically addresses (publics_specifiquement_adresses).
type Public = string

const (
	PublicJeunes    Public = "Jeunes"
	PublicEtudiants Public = "Étudiants"
	PublicFamilles  Public = "Familles et/ou enfants"
	PublicSeniors   Public = "Seniors"
	PublicFemmes    Public = "Femmes"
)

// PriseEnCharge is a specific need a place can support (prise_en_charge_specifique).
type PriseEnCharge = string

const (
	PriseEnChargeSurdite            PriseEnCharge = "Surdité"
	PriseEnChargeHandicapsMoteurs   PriseEnCharge = "Handicaps moteurs"
	PriseEnChargeHandicapsMentaux   PriseEnCharge = "Handicaps mentaux"
	PriseEnChargeIllettrisme        PriseEnCharge = "Illettrisme"
	PriseEnChargeAnglais            PriseEnCharge = "Langues étrangères (anglais)"
	PriseEnChargeAutresLangues      PriseEnCharge = "Langues étrangères (autres)"
	PriseEnChargeDeficienceVisuelle PriseEnCharge = "Déficience visuelle"
)

// Frais is a cost condition (frais_a_charge).
type Frais = string

const (
	FraisGratuit              Frais = "Gratuit"
	FraisGratuitSousCondition Frais = "Gratuit sous condition"
	FraisPayant               Frais = "Payant"
)

// Itinerance says whether a place is fixed or itinerant.
type Itinerance = string

const (
	ItineranceItinerant Itinerance = "Itinérant"
	ItineranceFixe      Itinerance = "Fixe"
)

// Dispositif is a national programme (dispositif_programmes_nationaux).
type Dispositif = string

const (
	DispositifAidantsConnect Dispositif = "Aidants Connect"
	DispositifBNR            Dispositif = "Bibliothèques numérique de référence"
	DispositifPIX            Dispositif = "Certification PIX"
	DispositifCNFS           Dispositif = "Conseillers numériques"
	DispositifEmmausConnect  Dispositif = "Emmaüs Connect"
	DispositifFranceServices Dispositif = "France Services"
	DispositifGEN            Dispositif = "Grande école du numérique"
	DispositifCroixRouge     Dispositif = "La Croix Rouge"
	DispositifCAF            Dispositif = "Point d'accès numérique CAF"
	DispositifPromeneurs     Dispositif = "Promeneurs du net"
	DispositifRelaisEmmaus   Dispositif = "Relais numérique (Emmaüs Connect)"
)

// Label is a training or label obtained (formations_labels).
type Label = string

const (
	LabelMonEspaceSante    Label = "Formé à « Mon Espace Santé »"
	LabelDuplex            Label = "Formé à « DUPLEX » (illettrisme)"
	LabelArnia             Label = "Arnia/MedNum BFC (Bourgogne-Franche-Comté)"
	LabelCollectifReemploi Label = "Collectif ressources et acteurs réemploi (Normandie)"
	// LabelEtapesNumeriques is spelled as the schema pattern of v1.0.2 spells
	// it (no space before the parenthesis); the library's spaced form is an alias.
	LabelEtapesNumeriques Label = "Étapes numériques(La Poste)"
	LabelFabriques        Label = "Fabriques de Territoire"
	LabelEclaireurs       Label = "Les Éclaireurs du numérique (Drôme)"
	LabelMesPapiers       Label = "Mes Papiers (Métropole de Lyon)"
	LabelOrdi3            Label = "ORDI 3.0"
	LabelSudLabs          Label = "SUD LABS (PACA)"
)

// ModaliteAcces is a way to get access to a place (modalites_acces).
type ModaliteAcces = string

const (
	AccesSePresenter  ModaliteAcces = "Se présenter"
	AccesTelephoner   ModaliteAcces = "Téléphoner"
	AccesMail         ModaliteAcces = "Contacter par mail"
	AccesRDV          ModaliteAcces = "Prendre un RDV en ligne"
	AccesPasDePublic  ModaliteAcces = "Ce lieu n'accueille pas de public"
	AccesPrescription ModaliteAcces = "Envoyer un mail avec une fiche de prescription"
)

// ModaliteAccompagnement is a kind of accompaniment (modalites_accompagnement).
type ModaliteAccompagnement = string

const (
	AccompagnementAutonomie  ModaliteAccompagnement = "En autonomie"
	AccompagnementIndividuel ModaliteAccompagnement = "Accompagnement individuel"
	AccompagnementAtelier    ModaliteAccompagnement = "Dans un atelier collectif"
	AccompagnementDistance   ModaliteAccompagnement = "À distance"
)

// Vocabulary is a closed list of the standard.
type Vocabulary struct {
	Field  string
	Values []string
	// Aliases maps other spellings seen in real data or in the ANCT library
	// to the schema's value. Matching is also tolerant of case, accents,
	// apostrophes and a trailing " : explanation" (the long forms of the
	// schema's descriptions); see Vocabulary.Lookup.
	Aliases map[string]string
	index   map[string]string
}

// Lookup returns the schema's spelling of v. exact is false when v had to be
// normalised (an alias or a tolerant match); ok is false when v is not in the list.
func (voc *Vocabulary) Lookup(v string) (canonical string, exact, ok bool) {
	if c, found := voc.index[v]; found && c == v {
		return c, true, true
	}
	if c, found := voc.Aliases[v]; found {
		return c, false, true
	}
	k := FoldKey(v)
	if c, found := voc.index[k]; found {
		return c, false, true
	}
	// Long form "Value : explanation" of the schema's descriptions.
	if i := indexColon(v); i > 0 {
		if c, found := voc.index[FoldKey(v[:i])]; found {
			return c, false, true
		}
	}
	// Long form "Value (explanation)".
	if i := lastParen(v); i > 0 {
		if c, found := voc.index[FoldKey(v[:i])]; found {
			return c, false, true
		}
	}
	return "", false, false
}

// Contains reports whether v is spelled exactly as a value of the list.
func (voc *Vocabulary) Contains(v string) bool {
	c, ok := voc.index[v]
	return ok && c == v
}

func newVocabulary(field string, values []string, aliases map[string]string) *Vocabulary {
	voc := &Vocabulary{Field: field, Values: values, Aliases: aliases, index: map[string]string{}}
	for _, v := range values {
		voc.index[v] = v
		voc.index[FoldKey(v)] = v
	}
	for a, v := range aliases {
		voc.index[FoldKey(a)] = v
	}
	return voc
}

// The closed lists, by field name.
var (
	Services = newVocabulary("services", []string{
		ServiceDemarches, ServiceOutils, ServiceInsertion, ServiceSecurite, ServiceParentalite,
		ServiceLoisirs, ServiceComprehension, ServiceAcces, ServiceAcquisition,
	}, map[string]string{
		// The schema's description misspells it.
		"Comprehension du monde numérique": ServiceComprehension,
	})
	Publics = newVocabulary("publics_specifiquement_adresses", []string{
		PublicJeunes, PublicEtudiants, PublicFamilles, PublicSeniors, PublicFemmes,
	}, nil)
	PrisesEnCharge = newVocabulary("prise_en_charge_specifique", []string{
		PriseEnChargeSurdite, PriseEnChargeHandicapsMoteurs, PriseEnChargeHandicapsMentaux,
		PriseEnChargeIllettrisme, PriseEnChargeAnglais, PriseEnChargeAutresLangues,
		PriseEnChargeDeficienceVisuelle,
	}, nil)
	FraisACharge = newVocabulary("frais_a_charge", []string{
		FraisGratuit, FraisGratuitSousCondition, FraisPayant,
	}, nil)
	Itinerances = newVocabulary("itinerance", []string{ItineranceItinerant, ItineranceFixe}, nil)
	Dispositifs = newVocabulary("dispositif_programmes_nationaux", []string{
		DispositifAidantsConnect, DispositifBNR, DispositifPIX, DispositifCNFS,
		DispositifEmmausConnect, DispositifFranceServices, DispositifGEN, DispositifCroixRouge,
		DispositifCAF, DispositifPromeneurs, DispositifRelaisEmmaus,
	}, nil)
	FormationsLabels = newVocabulary("formations_labels", []string{
		LabelMonEspaceSante, LabelDuplex, LabelArnia, LabelCollectifReemploi,
		LabelEtapesNumeriques, LabelFabriques, LabelEclaireurs, LabelMesPapiers,
		LabelOrdi3, LabelSudLabs,
	}, map[string]string{
		// The ANCT library and the schema's description put a space here.
		"Étapes numériques (La Poste)": LabelEtapesNumeriques,
	})
	ModalitesAcces = newVocabulary("modalites_acces", []string{
		AccesSePresenter, AccesTelephoner, AccesMail, AccesRDV, AccesPasDePublic, AccesPrescription,
	}, map[string]string{
		// The national map's front end uses the typographic apostrophe.
		"Ce lieu n’accueille pas de public": AccesPasDePublic,
	})
	ModalitesAccompagnement = newVocabulary("modalites_accompagnement", []string{
		AccompagnementAutonomie, AccompagnementIndividuel, AccompagnementAtelier, AccompagnementDistance,
	}, map[string]string{
		"A distance": AccompagnementDistance,
	})
	Typologies = newVocabulary("typologie", typologyCodes(), map[string]string{
		// data·inclusion's legacy code for Pôle emploi, now France Travail.
		"PE":    "FT",
		"AUTRE": "Autre",
	})
)

// ClosedLists are the vocabularies whose values must be in the list to be
// published (typologie has no pattern in the schema: unknown codes are kept
// with a warning).
var ClosedLists = map[string]*Vocabulary{
	Services.Field:                Services,
	Publics.Field:                 Publics,
	PrisesEnCharge.Field:          PrisesEnCharge,
	FraisACharge.Field:            FraisACharge,
	Itinerances.Field:             Itinerances,
	Dispositifs.Field:             Dispositifs,
	FormationsLabels.Field:        FormationsLabels,
	ModalitesAcces.Field:          ModalitesAcces,
	ModalitesAccompagnement.Field: ModalitesAccompagnement,
}

// Typology is a data·inclusion structure type code with its French label.
type Typology struct {
	Code, Label string
}

// TypologyList is the list of typologie codes known to the ANCT library (2.3.0).
var TypologyList = []Typology{
	{"ACI", "Structures porteuses d’ateliers et chantiers d’insertion"},
	{"ACIPHC", "SIAE — Atelier chantier d’insertion premières heures en chantier"},
	{"AFPA", "Agence nationale pour la formation professionnelle des adultes"},
	{"AI", "Associations intermédiaires"},
	{"ASE", "Aide sociale à l’enfance"},
	{"ASSO", "Associations"},
	{"ASSO_CHOMEUR", "Associations de chômeurs"},
	{"Autre", "Autre"},
	{"AVIP", "Crèche à vocation d'insertion professionnelle"},
	{"BIB", "Bibliothèque / Médiathèque"},
	{"CAARUD", "Centre d'accueil et d'accompagnement à la réduction de risques pour usagers de drogues"},
	{"CADA", "Centres d’accueil de demandeurs d’asile"},
	{"CAF", "Caisses d’allocation familiale"},
	{"CAP_EMPLOI", "Cap Emploi"},
	{"CAVA", "Centres d’adaptation à la vie active"},
	{"CC", "Communautés de Commune"},
	{"CCAS", "Centres communaux d’action sociale"},
	{"CCONS", "Chambres consulaires"},
	{"CD", "Conseils Départementaux"},
	{"CDAS", "Centre départemental d'action sociale"},
	{"CFP", "Centre des finances publiques"},
	{"CHRS", "Centres d’hébergement et de réinsertion sociale"},
	{"CHU", "Centres d’hébergement d’urgence"},
	{"CIAS", "Centres intercommunaux d’action sociale"},
	{"CIDFF", "Centres d’information sur les droits des femmes et des familles"},
	{"CITMET", "Cité des métiers"},
	{"CMP", "Centre Médico Psychologique"},
	{"CMS", "Centre médico-social"},
	{"CPAM", "Caisse primaire d'assurance maladie"},
	{"CPH", "Centres provisoires d’hébergement"},
	{"CS", "Centre social"},
	{"CSAPA", "Centre de soins, d'accompagnement et de prévention en addictologie"},
	{"CSC", "Centre socioculturel"},
	{"DEETS", "Directions de l’Economie, de l’Emploi, du Travail et des Solidarités"},
	{"DEPT", "Services sociaux du Conseil départemental"},
	{"DIPLP", "Délégation interministérielle à la prévention et à la lutte contre la pauvreté"},
	{"E2C", "École de la deuxième chance"},
	{"EA", "Entreprise adaptée"},
	{"EATT", "Entreprise adaptée de travail temporaire"},
	{"EI", "Entreprises d’insertion"},
	{"EITI", "Entreprises d’insertion par le travail indépendant"},
	{"ENM", "Espace Numérique Mobile"},
	{"EPCI", "Intercommunalité"},
	{"EPI", "Espace Public Internet"},
	{"EPIDE", "Établissement pour l'insertion dans l'emploi"},
	{"EPN", "Espace public numérique"},
	{"ES", "Épicerie solidaire"},
	{"ESAT", "Établissements ou services d'aide par le travail"},
	{"ESS", "Entreprise de l'Économie Sociale et Solidaire"},
	{"ETTI", "Entreprises de travail temporaire d’insertion"},
	{"EVS", "Espace de vie sociale"},
	{"FABLAB", "Fablab"},
	{"FABRIQUE", "Fabrique"},
	{"FAIS", "Fédérations d’acteurs de l’insertion et de la solidarité"},
	{"FT", "France Travail"},
	{"GEIQ", "Groupements d’employeurs pour l’insertion et la qualification"},
	{"HUDA", "Hébergement d'urgence pour demandeurs d'asile"},
	{"LA_POSTE", "La Poste"},
	{"MDE", "Maison de l'emploi"},
	{"MDH", "Maison des Habitants"},
	{"MDEF", "Maison de l'emploi et de la formation"},
	{"MDPH", "Maison Départementale des Personnes Handicapées"},
	{"MDS", "Maison Départementale des Solidarités"},
	{"MJC", "Maison des jeunes et de la culture"},
	{"ML", "Mission Locale"},
	{"MQ", "Maison de quartier"},
	{"MSA", "Mutualité Sociale Agricole"},
	{"MSAP", "Maison de Services Au Public"},
	{"MUNI", "Municipalités"},
	{"OACAS", "Structures agréées Organisme d’accueil communautaire et d’activité solidaire"},
	{"ODC", "Organisation délégataire d'un CD"},
	{"OF", "Organisme de formations"},
	{"OIL", "Opérateur d'intermédiation locative"},
	{"OPCS", "Organisation porteuse de la clause sociale"},
	{"PAD", "Point d'Accès au Droit"},
	{"PENSION", "Pension de famille"},
	{"PI", "Point info"},
	{"PIJ_BIJ", "Points et bureaux information jeunesse"},
	{"PIMMS", "Point Information Médiation Multi Services"},
	{"PJJ", "Protection judiciaire de la jeunesse"},
	{"PLIE", "Plans locaux pour l’insertion et l’emploi"},
	{"PREF", "Préfecture, Sous-Préfecture"},
	{"PREVENTION", "Service ou club de prévention"},
	{"REG", "Région"},
	{"RELAIS_LECTURE", "Relais lecture"},
	{"RESSOURCERIE", "Ressourcerie"},
	{"RFS", "Réseau France Services"},
	{"RS_FJT", "Résidence sociale - Foyer de Jeunes Travailleurs"},
	{"SCP", "Services et clubs de prévention"},
	{"SPIP", "Services pénitentiaires d’insertion et de probation"},
	{"TIERS_LIEUX", "Tiers lieu & coworking"},
	{"UDAF", "Union Départementale d’Aide aux Familles"},
}

func typologyCodes() []string {
	codes := make([]string, len(TypologyList))
	for i, t := range TypologyList {
		codes[i] = t.Code
	}
	return codes
}
