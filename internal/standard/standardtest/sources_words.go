package standardtest

// The words the generator of overlapping sources builds its synthetic France
// from: départements (approximate centres, phone zones), parts of commune
// names, streets, quartiers, people places are named after. Written for the
// generator; no real list is read or copied.

// departement is a metropolitan département: its INSEE prefix, an
// approximate centre, the first digit of its landline numbers and the
// flavour of its commune names.
type departement struct {
	code     string
	lat, lon float64
	phone    byte // 1 Île-de-France, 2 north-west, 3 north-east, 4 south-east, 5 south-west
	flavour  int
}

const (
	flavourGeneric = iota
	flavourBreton
	flavourAlsace
	flavourNord
	flavourOc // south-west
	flavourSud
)

var departements = []*departement{
	{code: "01", lat: 46.10, lon: 5.35, phone: 4}, {code: "02", lat: 49.55, lon: 3.60, phone: 3},
	{code: "03", lat: 46.40, lon: 3.20, phone: 4}, {code: "04", lat: 44.10, lon: 6.25, phone: 4, flavour: flavourSud},
	{code: "05", lat: 44.65, lon: 6.25, phone: 4}, {code: "06", lat: 43.95, lon: 7.15, phone: 4, flavour: flavourSud},
	{code: "07", lat: 44.75, lon: 4.40, phone: 4}, {code: "08", lat: 49.60, lon: 4.65, phone: 3},
	{code: "09", lat: 42.95, lon: 1.50, phone: 5, flavour: flavourOc}, {code: "10", lat: 48.30, lon: 4.10, phone: 3},
	{code: "11", lat: 43.10, lon: 2.40, phone: 4, flavour: flavourSud}, {code: "12", lat: 44.30, lon: 2.65, phone: 5, flavour: flavourOc},
	{code: "13", lat: 43.50, lon: 5.10, phone: 4, flavour: flavourSud}, {code: "14", lat: 49.10, lon: -0.35, phone: 2},
	{code: "15", lat: 45.05, lon: 2.65, phone: 4}, {code: "16", lat: 45.70, lon: 0.20, phone: 5, flavour: flavourOc},
	{code: "17", lat: 45.75, lon: -0.70, phone: 5}, {code: "18", lat: 47.05, lon: 2.50, phone: 2},
	{code: "19", lat: 45.35, lon: 1.90, phone: 5, flavour: flavourOc}, {code: "21", lat: 47.40, lon: 4.75, phone: 3},
	{code: "22", lat: 48.45, lon: -2.85, phone: 2, flavour: flavourBreton}, {code: "23", lat: 46.10, lon: 2.00, phone: 5},
	{code: "24", lat: 45.10, lon: 0.75, phone: 5, flavour: flavourOc}, {code: "25", lat: 47.15, lon: 6.35, phone: 3},
	{code: "26", lat: 44.70, lon: 5.15, phone: 4, flavour: flavourSud}, {code: "27", lat: 49.10, lon: 1.00, phone: 2},
	{code: "28", lat: 48.40, lon: 1.35, phone: 2}, {code: "29", lat: 48.25, lon: -4.10, phone: 2, flavour: flavourBreton},
	{code: "2A", lat: 41.85, lon: 8.95, phone: 4, flavour: flavourSud}, {code: "2B", lat: 42.40, lon: 9.20, phone: 4, flavour: flavourSud},
	{code: "30", lat: 44.00, lon: 4.20, phone: 4, flavour: flavourSud}, {code: "31", lat: 43.35, lon: 1.20, phone: 5, flavour: flavourOc},
	{code: "32", lat: 43.70, lon: 0.45, phone: 5, flavour: flavourOc}, {code: "33", lat: 44.85, lon: -0.60, phone: 5, flavour: flavourOc},
	{code: "34", lat: 43.60, lon: 3.45, phone: 4, flavour: flavourSud}, {code: "35", lat: 48.15, lon: -1.65, phone: 2, flavour: flavourBreton},
	{code: "36", lat: 46.80, lon: 1.60, phone: 2}, {code: "37", lat: 47.25, lon: 0.70, phone: 2},
	{code: "38", lat: 45.25, lon: 5.60, phone: 4}, {code: "39", lat: 46.75, lon: 5.70, phone: 3},
	{code: "40", lat: 43.95, lon: -0.75, phone: 5, flavour: flavourOc}, {code: "41", lat: 47.60, lon: 1.40, phone: 2},
	{code: "42", lat: 45.75, lon: 4.15, phone: 4}, {code: "43", lat: 45.10, lon: 3.80, phone: 4},
	{code: "44", lat: 47.35, lon: -1.70, phone: 2}, {code: "45", lat: 47.90, lon: 2.30, phone: 2},
	{code: "46", lat: 44.60, lon: 1.60, phone: 5, flavour: flavourOc}, {code: "47", lat: 44.35, lon: 0.45, phone: 5, flavour: flavourOc},
	{code: "48", lat: 44.50, lon: 3.50, phone: 4, flavour: flavourSud}, {code: "49", lat: 47.40, lon: -0.55, phone: 2},
	{code: "50", lat: 49.10, lon: -1.30, phone: 2}, {code: "51", lat: 48.95, lon: 4.20, phone: 3},
	{code: "52", lat: 48.10, lon: 5.20, phone: 3}, {code: "53", lat: 48.15, lon: -0.65, phone: 2},
	{code: "54", lat: 48.80, lon: 6.10, phone: 3}, {code: "55", lat: 49.00, lon: 5.40, phone: 3},
	{code: "56", lat: 47.85, lon: -2.80, phone: 2, flavour: flavourBreton}, {code: "57", lat: 49.05, lon: 6.60, phone: 3, flavour: flavourAlsace},
	{code: "58", lat: 47.10, lon: 3.50, phone: 3}, {code: "59", lat: 50.45, lon: 3.20, phone: 3, flavour: flavourNord},
	{code: "60", lat: 49.40, lon: 2.40, phone: 3}, {code: "61", lat: 48.60, lon: 0.10, phone: 2},
	{code: "62", lat: 50.50, lon: 2.30, phone: 3, flavour: flavourNord}, {code: "63", lat: 45.70, lon: 3.15, phone: 4},
	{code: "64", lat: 43.25, lon: -0.75, phone: 5, flavour: flavourOc}, {code: "65", lat: 43.05, lon: 0.15, phone: 5, flavour: flavourOc},
	{code: "66", lat: 42.60, lon: 2.50, phone: 4, flavour: flavourSud}, {code: "67", lat: 48.65, lon: 7.55, phone: 3, flavour: flavourAlsace},
	{code: "68", lat: 47.85, lon: 7.25, phone: 3, flavour: flavourAlsace}, {code: "69", lat: 45.85, lon: 4.65, phone: 4},
	{code: "70", lat: 47.65, lon: 6.10, phone: 3}, {code: "71", lat: 46.65, lon: 4.55, phone: 3},
	{code: "72", lat: 48.00, lon: 0.20, phone: 2}, {code: "73", lat: 45.50, lon: 6.40, phone: 4},
	{code: "74", lat: 46.05, lon: 6.40, phone: 4}, {code: "75", lat: 48.86, lon: 2.35, phone: 1},
	{code: "76", lat: 49.65, lon: 1.00, phone: 2}, {code: "77", lat: 48.60, lon: 2.95, phone: 1},
	{code: "78", lat: 48.80, lon: 1.85, phone: 1}, {code: "79", lat: 46.55, lon: -0.30, phone: 5},
	{code: "80", lat: 49.95, lon: 2.30, phone: 3, flavour: flavourNord}, {code: "81", lat: 43.80, lon: 2.15, phone: 5, flavour: flavourOc},
	{code: "82", lat: 44.05, lon: 1.30, phone: 5, flavour: flavourOc}, {code: "83", lat: 43.45, lon: 6.20, phone: 4, flavour: flavourSud},
	{code: "84", lat: 44.00, lon: 5.15, phone: 4, flavour: flavourSud}, {code: "85", lat: 46.65, lon: -1.30, phone: 2},
	{code: "86", lat: 46.55, lon: 0.45, phone: 5}, {code: "87", lat: 45.90, lon: 1.25, phone: 5, flavour: flavourOc},
	{code: "88", lat: 48.20, lon: 6.35, phone: 3}, {code: "89", lat: 47.85, lon: 3.55, phone: 3},
	{code: "90", lat: 47.65, lon: 6.90, phone: 3}, {code: "91", lat: 48.50, lon: 2.25, phone: 1},
	{code: "92", lat: 48.85, lon: 2.25, phone: 1}, {code: "93", lat: 48.92, lon: 2.48, phone: 1},
	{code: "94", lat: 48.78, lon: 2.47, phone: 1}, {code: "95", lat: 49.08, lon: 2.15, phone: 1},
}

// Metropolitan France's bounding box.
const (
	minLat, maxLat = 41.35, 51.10
	minLon, maxLon = -4.80, 9.60
)

// Parts of commune names, by flavour: a root and an ending, or a whole.
var (
	roots = []string{
		"Mont", "Beau", "Roche", "Châtel", "Fontaine", "Val", "Bois", "Mar", "Pont", "Ver",
		"Bel", "Cler", "Aub", "Sau", "Cas", "Mor", "Lav", "Bour", "Tour", "Bri", "Chaum",
		"Mer", "Ros", "Vil", "Cour", "Bon", "Quin", "Pra", "Lu", "Sen", "Gour", "Char",
		"Bar", "Mon", "Neu", "Ant", "Cham", "Lor", "Ger", "Val", "Mal", "Dam", "Sain",
		"Ham", "Bre", "Cor", "Fon", "Lis", "Ouz", "Mou", "Pel", "Rom", "Tor", "Vau",
	}
	endings = map[int][]string{
		flavourGeneric: {"ville", "court", "y", "ay", "igny", "eux", "ières", "on", "champ", "mont", "ange", "euil", "ois", "ens", "ette", "ieu", "bourg", "fort", "val", "et", "oy", "ac"},
		flavourBreton:  {"ven", "ec", "az", "ern", "oc", "an", "ar", "el", "or", "ic"},
		flavourAlsace:  {"heim", "willer", "ange", "bach", "hof", "stein", "weiler", "ingen", "dorf", "hausen"},
		flavourNord:    {"ghem", "ecques", "court", "zeele", "becque", "hem", "inghem", "ies", "ain", "elle"},
		flavourOc:      {"ac", "an", "os", "ès", "at", "ous", "agnac", "ignan", "ens", "ade", "eilh"},
		flavourSud:     {"argues", "ols", "ière", "as", "anne", "ègue", "ane", "ette", "enc", "ières", "olles"},
	}
	bretonPrefixes = []string{"Ker", "Plou", "Lan", "Tré", "Lo", "Pen", "Gui", "Locmaria", "Plé", "Ploër"}
	saints         = []string{"Martin", "Jean", "Pierre", "Germain", "Laurent", "Étienne", "Denis", "Julien", "Hilaire", "Georges", "Médard", "Rémy", "Aubin", "Cyr", "Genis", "Just", "Paul", "Vincent", "André", "Sauveur", "Amand", "Brice", "Ouen", "Loup"}
	saintes        = []string{"Marie", "Foy", "Geneviève", "Croix", "Hélène", "Anne", "Colombe", "Eulalie", "Radegonde", "Marguerite"}
	rivers         = []string{"Loire", "Seine", "Marne", "Saône", "Rhône", "Meuse", "Garonne", "Oise", "Mer", "Vienne", "Lot", "Dordogne", "Indre", "Cher", "Aisne", "Sarthe", "Yonne", "Allier", "Orne", "Vire", "Tarn", "Aude", "Moselle", "Somme", "Eure"}
	pays           = []string{"Bresse", "Vexin", "Velay", "Auge", "Champagne", "Brie", "Argonne", "Forez", "Royans", "Barrois", "Caux", "Retz", "Othe", "Bugey", "Valois", "Hurepoix", "Santerre"}
	articles       = []string{"Le ", "La ", "Les ", "L'"}
)

// Streets: types with their usual abbreviation, and names.
var (
	streetTypes = []struct{ full, abbr string }{
		{"rue", "r."}, {"rue", "r."}, {"rue", "r."}, {"rue", "r."}, {"avenue", "av."}, {"avenue", "av."},
		{"boulevard", "bd"}, {"place", "pl."}, {"place", "pl."}, {"chemin", "ch."}, {"allée", "all."},
		{"impasse", "imp."}, {"route", "rte"}, {"quai", "quai"}, {"cours", "crs"}, {"square", "sq."},
	}
	streetNames = []string{
		"de la République", "Jean Jaurès", "Victor Hugo", "de la Gare", "des Écoles", "du Général de Gaulle",
		"de la Mairie", "Pasteur", "de l'Église", "du 8 Mai 1945", "du 11 Novembre", "Gambetta", "Carnot",
		"du Maréchal Foch", "de la Libération", "des Tilleuls", "du Stade", "de la Poste", "Nationale",
		"du Moulin", "des Lilas", "du Château", "Émile Zola", "de Verdun", "Jules Ferry", "Anatole France",
		"de Paris", "du Commerce", "des Acacias", "Saint-Martin", "Principale", "du Lavoir", "des Jardins",
		"Jean Moulin", "Louis Pasteur", "Georges Clemenceau", "de la Fontaine", "des Peupliers", "du Marché",
		"de l'Hôtel de Ville", "Aristide Briand", "Paul Bert", "du Docteur Schweitzer", "des Fleurs",
		"de la Paix", "du Port", "des Remparts", "de Bretagne", "des Vignes", "du Pré", "de la Forge",
		"Léon Blum", "Danton", "Voltaire", "Jean-Jacques Rousseau", "des Martyrs de la Résistance",
		"de la Croix Blanche", "du Four", "des Sports", "de la Source", "des Cerisiers", "Marcel Pagnol",
		"Henri Barbusse", "Roger Salengro", "du Colonel Fabien", "Pierre Curie", "de Lattre de Tassigny",
		"Frédéric Mistral", "du Presbytère", "des Prés", "du Parc", "de l'Abbaye", "des Mésanges",
	}
	complements = []string{
		"Bâtiment B", "1er étage", "Rez-de-chaussée", "Centre commercial Les Arcades", "Résidence Les Tilleuls",
		"Espace Simone Veil", "Pôle social", "Maison des services", "Entrée par la cour", "2e étage, porte 12",
		"Galerie marchande", "Cité administrative", "Local associatif", "Porte A",
	}
	quartiers = []string{
		"Centre", "Les Tilleuls", "Bellevue", "La Source", "Les Chênes", "Beaulieu", "Saint-Jean", "La Gare",
		"Le Bourg", "Le Val Fleuri", "Les Acacias", "La Roseraie", "Les Provinces", "Le Haut-Pré", "Les Glycines",
		"La Plaine", "Les Trois Cités", "Le Moulin", "Les Buissonnets", "Bel-Air", "Les Coteaux", "La Butte",
		"Le Mail", "Les Côtes", "Champ Fleuri", "La Croix", "Les Sablons", "Le Clos", "Grand Ouest", "Les Pins",
		"Montplaisir", "La Justice", "Les Hameaux", "Sud", "Nord", "Les Aubiers", "La Forêt", "Les Vallons",
	}
	people = []string{
		"Jules Verne", "Victor Hugo", "Louise Michel", "Jean Moulin", "Simone Veil", "Marie Curie",
		"Jacques Prévert", "Albert Camus", "George Sand", "Jean Jaurès", "Aimé Césaire", "Françoise Dolto",
		"Colette", "Émile Zola", "Jean de La Fontaine", "Marguerite Yourcenar", "Antoine de Saint-Exupéry",
		"Elsa Triolet", "Nelson Mandela", "Paul Éluard", "Boris Vian", "Romain Rolland", "Léo Lagrange",
		"Pierre Mendès France", "Rosa Parks", "Olympe de Gouges", "Jean Macé", "Condorcet", "Gérard Philipe",
		"Louis Aragon", "Alexandre Dumas", "Jean Rostand", "Marcel Pagnol", "Lucie Aubrac", "Joséphine Baker",
		"Gisèle Halimi", "Hubertine Auclert", "Jean Giono", "René Char", "Max-Pol Fouchet", "Nelson Paillou",
		"Germaine Tillion", "Jean Zay", "Pablo Picasso", "Anne Frank", "Charles Perrault", "Marie Marvingt",
		"Pierre et Marie Curie", "Jacques Brel", "Georges Brassens", "Édith Piaf", "Jean Vilar",
	}
	// Association and tiers-lieu names: a first word and a second.
	assoFirst  = []string{"Les Amis du", "Passerelle", "Clic", "Lien", "Connexions", "Fil", "Entraide", "Réseau", "Atelier", "Relais", "Pixel", "Octet", "Trait d'union", "Coup de pouce", "Cap", "Espace"}
	assoSecond = []string{"Numérique", "Solidaire", "& Partage", "Citoyen", "pour Tous", "Connecté", "Informatique", "Multimédia", "Digital", "Accès", "Seniors", "Jeunesse"}
	tiersLieux = []string{"La Ruche", "Le Hangar", "La Fabrique", "L'Atelier", "La Grange", "Le Quai", "La Filature", "Le Local", "La Coopérative", "L'Usine", "La Scierie", "Le Garage", "La Manufacture", "Le Relais"}
	// Source names as they appear in the source column.
	sourceLabels = []string{"Hub numérique (export)", "Cartographie nationale", "data·inclusion", "Coop de la médiation numérique", "Tableur du réseau départemental", "Portail open data régional", "Conseil départemental", "Réseau des médiathèques"}
)

var hoursOSM = []string{
	"Mo-Fr 09:00-12:00,14:00-18:00", "Mo-Fr 09:00-12:00,14:00-17:30; Sa 09:00-12:00; PH off",
	"Tu-Sa 10:00-18:00", "Mo,We,Fr 14:00-18:00", "Mo-Fr 08:30-12:30,13:30-17:00; PH off",
	"Tu 09:00-12:00; Th 14:00-17:00", "Mo-Th 09:00-17:00; Fr 09:00-12:00", "We 14:00-18:00; Sa 10:00-12:00",
	"Tu,Th 14:00-18:00; We 10:00-12:00,14:00-18:00; Sa 10:00-17:00", "Mo-Fr 09:00-12:30,13:30-17:00",
	"Mo 14:00-17:00; Tu-Fr 09:00-12:00,14:00-17:00", "Th 09:00-12:00",
}

// hoursText are opening hours as people write them (not OSM: a warning).
var hoursText = []string{"lundi au vendredi 9h-12h", "Du lundi au vendredi de 9h à 12h et de 14h à 17h", "mardi et jeudi après-midi", "sur rendez-vous"}

var resumes = map[string][]string{
	"EPN":   {"Accès libre aux ordinateurs, ateliers d'initiation et accompagnement individuel aux démarches en ligne.", "Espace équipé d'ordinateurs et d'une connexion internet, avec un animateur numérique."},
	"BIB":   {"La médiathèque propose des postes informatiques en accès libre et des ateliers numériques pour tous.", "Ateliers numériques, prêt de tablettes et permanences d'un conseiller numérique."},
	"CS":    {"Le centre social accompagne les habitants dans leurs démarches en ligne, sur rendez-vous ou en accès libre.", "Ateliers collectifs et accompagnement individuel au numérique pour les familles et les seniors."},
	"RFS":   {"Un guichet unique pour vos démarches administratives : CAF, impôts, retraite, santé, emploi.", "Les agents France services vous accompagnent dans vos démarches du quotidien."},
	"MUNI":  {"Accueil de la mairie : aide aux démarches en ligne et poste informatique en libre service.", ""},
	"CCAS":  {"Accompagnement des personnes âgées et des publics fragiles aux démarches numériques.", ""},
	"ASSO":  {"Notre association propose des ateliers d'initiation au numérique et une aide aux démarches.", "Bénévoles et médiateurs numériques accompagnent chacun à son rythme."},
	"TIERS": {"Tiers-lieu associatif : espace de travail partagé, fablab et ateliers numériques ouverts à tous.", "Un lieu ouvert pour apprendre, créer et travailler ensemble autour du numérique."},
	"ENM":   {"Le bus numérique sillonne les communes du territoire pour des permanences d'aide au numérique.", "Un espace numérique itinérant qui vient à vous : ateliers et aide aux démarches."},
}
