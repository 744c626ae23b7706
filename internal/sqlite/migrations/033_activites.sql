-- Activity reports (issue 11 §2): what the network does, with the
-- vocabularies of the Coop de la médiation numérique verbatim (their API
-- values; internal/activity checks them, and these CHECKs the invariants a
-- statistic relies on). No beneficiary identity has a column: a public is
-- counts by gender, age band and social status (each adding up to the
-- participants) and, optionally, by commune of residence.
-- Every activity keeps its source: 'saisie' (entered here) or
-- 'import_coop' (imported from a Coop export, with its run, its file and
-- the Coop's « ID CRA », unique: a re-import replaces, never adds).
-- Monthly aggregates (one per place and month) hold what was not recorded
-- one by one; statistics add them. Dates are YYYY-MM-DD text, months
-- YYYY-MM, times RFC 3339 text.
CREATE TABLE activite_imports (
    id INTEGER PRIMARY KEY,
    fichier TEXT NOT NULL,
    format TEXT NOT NULL,
    acteur TEXT NOT NULL,
    created_at TEXT NOT NULL,
    lignes INTEGER NOT NULL DEFAULT 0,
    creees INTEGER NOT NULL DEFAULT 0,
    remplacees INTEGER NOT NULL DEFAULT 0,
    inchangees INTEGER NOT NULL DEFAULT 0,
    rejetees INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE activites (
    id INTEGER PRIMARY KEY,
    type TEXT NOT NULL CHECK (type IN ('individuel', 'collectif')),
    date TEXT NOT NULL CHECK (length(date) = 10),
    duree INTEGER NOT NULL CHECK (duree BETWEEN 1 AND 1439),
    type_lieu TEXT NOT NULL CHECK (type_lieu IN ('lieu_activite', 'autre', 'domicile', 'a_distance')),
    lieu_id TEXT NOT NULL DEFAULT '',
    nom_lieu TEXT NOT NULL DEFAULT '',  -- an imported place's name, when no registry place matched
    commune TEXT NOT NULL DEFAULT '',
    departement TEXT NOT NULL DEFAULT '',
    precisions_demarche TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    autonomie TEXT NOT NULL DEFAULT '',
    oriente INTEGER NOT NULL DEFAULT 0 CHECK (oriente IN (0, 1)),
    structure_redirection TEXT NOT NULL DEFAULT '',
    lieu_redirection TEXT NOT NULL DEFAULT '',
    orientation INTEGER,                     -- an orientation (issue 11 §1), NULL when none
    titre_atelier TEXT NOT NULL DEFAULT '',
    niveau TEXT NOT NULL DEFAULT '',
    participants INTEGER NOT NULL CHECK (participants BETWEEN 1 AND 10000),
    deja_accompagne INTEGER NOT NULL DEFAULT 0,
    genre_masculin INTEGER NOT NULL DEFAULT 0 CHECK (genre_masculin >= 0),
    genre_feminin INTEGER NOT NULL DEFAULT 0 CHECK (genre_feminin >= 0),
    genre_non_communique INTEGER NOT NULL DEFAULT 0 CHECK (genre_non_communique >= 0),
    tranche_moins_de_douze INTEGER NOT NULL DEFAULT 0 CHECK (tranche_moins_de_douze >= 0),
    tranche_douze_dix_huit INTEGER NOT NULL DEFAULT 0 CHECK (tranche_douze_dix_huit >= 0),
    tranche_dix_huit_vingt_quatre INTEGER NOT NULL DEFAULT 0 CHECK (tranche_dix_huit_vingt_quatre >= 0),
    tranche_vingt_cinq_trente_neuf INTEGER NOT NULL DEFAULT 0 CHECK (tranche_vingt_cinq_trente_neuf >= 0),
    tranche_quarante_cinquante_neuf INTEGER NOT NULL DEFAULT 0 CHECK (tranche_quarante_cinquante_neuf >= 0),
    tranche_soixante_soixante_neuf INTEGER NOT NULL DEFAULT 0 CHECK (tranche_soixante_soixante_neuf >= 0),
    tranche_soixante_dix_plus INTEGER NOT NULL DEFAULT 0 CHECK (tranche_soixante_dix_plus >= 0),
    tranche_non_communique INTEGER NOT NULL DEFAULT 0 CHECK (tranche_non_communique >= 0),
    statut_scolarise INTEGER NOT NULL DEFAULT 0 CHECK (statut_scolarise >= 0),
    statut_sans_emploi INTEGER NOT NULL DEFAULT 0 CHECK (statut_sans_emploi >= 0),
    statut_en_emploi INTEGER NOT NULL DEFAULT 0 CHECK (statut_en_emploi >= 0),
    statut_retraite INTEGER NOT NULL DEFAULT 0 CHECK (statut_retraite >= 0),
    statut_non_communique INTEGER NOT NULL DEFAULT 0 CHECK (statut_non_communique >= 0),
    utilisation_pass INTEGER REFERENCES pass_utilisations (id),
    source TEXT NOT NULL CHECK (source IN ('saisie', 'import_coop')),
    import_id INTEGER REFERENCES activite_imports (id),
    fichier_source TEXT NOT NULL DEFAULT '',
    id_coop TEXT NOT NULL DEFAULT '',
    compte INTEGER REFERENCES comptes (id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CHECK (genre_masculin + genre_feminin + genre_non_communique = participants),
    CHECK (tranche_moins_de_douze + tranche_douze_dix_huit + tranche_dix_huit_vingt_quatre + tranche_vingt_cinq_trente_neuf + tranche_quarante_cinquante_neuf + tranche_soixante_soixante_neuf + tranche_soixante_dix_plus + tranche_non_communique = participants),
    CHECK (statut_scolarise + statut_sans_emploi + statut_en_emploi + statut_retraite + statut_non_communique = participants),
    CHECK (deja_accompagne BETWEEN 0 AND participants),
    CHECK ((source = 'import_coop') = (id_coop <> '')),
    CHECK (type = 'collectif' OR participants = 1),
    CHECK (type_lieu = 'lieu_activite' OR lieu_id = ''),
    CHECK (type_lieu <> 'lieu_activite' OR lieu_id <> '' OR source = 'import_coop')
);
CREATE UNIQUE INDEX activites_id_coop ON activites (id_coop) WHERE id_coop <> '';
CREATE UNIQUE INDEX activites_utilisation_pass ON activites (utilisation_pass) WHERE utilisation_pass IS NOT NULL;
CREATE INDEX activites_date ON activites (date);
CREATE INDEX activites_compte ON activites (compte, date);
CREATE INDEX activites_lieu ON activites (lieu_id, date);
CREATE INDEX activites_departement ON activites (departement, date);

CREATE TABLE activite_thematiques (
    activite INTEGER NOT NULL REFERENCES activites (id) ON DELETE CASCADE,
    thematique TEXT NOT NULL,
    PRIMARY KEY (activite, thematique)
);
CREATE INDEX activite_thematiques_thematique ON activite_thematiques (thematique);

CREATE TABLE activite_materiels (
    activite INTEGER NOT NULL REFERENCES activites (id) ON DELETE CASCADE,
    materiel TEXT NOT NULL,
    PRIMARY KEY (activite, materiel)
);

CREATE TABLE activite_tags (
    activite INTEGER NOT NULL REFERENCES activites (id) ON DELETE CASCADE,
    portee TEXT NOT NULL CHECK (portee IN ('personnel', 'equipe', 'departemental', 'national')),
    nom TEXT NOT NULL CHECK (nom <> ''),
    PRIMARY KEY (activite, portee, nom)
);

CREATE TABLE activite_residences (
    activite INTEGER NOT NULL REFERENCES activites (id) ON DELETE CASCADE,
    commune TEXT NOT NULL,
    nombre INTEGER NOT NULL CHECK (nombre >= 1),
    PRIMARY KEY (activite, commune)
);

CREATE TABLE activite_agregats (
    id INTEGER PRIMARY KEY,
    lieu_id TEXT NOT NULL CHECK (lieu_id <> ''),
    mois TEXT NOT NULL CHECK (length(mois) = 7),
    commune TEXT NOT NULL DEFAULT '',
    departement TEXT NOT NULL DEFAULT '',
    individuels INTEGER NOT NULL CHECK (individuels >= 0),
    ateliers INTEGER NOT NULL CHECK (ateliers >= 0),
    participants_ateliers INTEGER NOT NULL,
    participants INTEGER NOT NULL,
    deja_accompagne INTEGER NOT NULL DEFAULT 0,
    genre_masculin INTEGER NOT NULL DEFAULT 0 CHECK (genre_masculin >= 0),
    genre_feminin INTEGER NOT NULL DEFAULT 0 CHECK (genre_feminin >= 0),
    genre_non_communique INTEGER NOT NULL DEFAULT 0 CHECK (genre_non_communique >= 0),
    tranche_moins_de_douze INTEGER NOT NULL DEFAULT 0 CHECK (tranche_moins_de_douze >= 0),
    tranche_douze_dix_huit INTEGER NOT NULL DEFAULT 0 CHECK (tranche_douze_dix_huit >= 0),
    tranche_dix_huit_vingt_quatre INTEGER NOT NULL DEFAULT 0 CHECK (tranche_dix_huit_vingt_quatre >= 0),
    tranche_vingt_cinq_trente_neuf INTEGER NOT NULL DEFAULT 0 CHECK (tranche_vingt_cinq_trente_neuf >= 0),
    tranche_quarante_cinquante_neuf INTEGER NOT NULL DEFAULT 0 CHECK (tranche_quarante_cinquante_neuf >= 0),
    tranche_soixante_soixante_neuf INTEGER NOT NULL DEFAULT 0 CHECK (tranche_soixante_soixante_neuf >= 0),
    tranche_soixante_dix_plus INTEGER NOT NULL DEFAULT 0 CHECK (tranche_soixante_dix_plus >= 0),
    tranche_non_communique INTEGER NOT NULL DEFAULT 0 CHECK (tranche_non_communique >= 0),
    statut_scolarise INTEGER NOT NULL DEFAULT 0 CHECK (statut_scolarise >= 0),
    statut_sans_emploi INTEGER NOT NULL DEFAULT 0 CHECK (statut_sans_emploi >= 0),
    statut_en_emploi INTEGER NOT NULL DEFAULT 0 CHECK (statut_en_emploi >= 0),
    statut_retraite INTEGER NOT NULL DEFAULT 0 CHECK (statut_retraite >= 0),
    statut_non_communique INTEGER NOT NULL DEFAULT 0 CHECK (statut_non_communique >= 0),
    compte INTEGER REFERENCES comptes (id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CHECK (genre_masculin + genre_feminin + genre_non_communique = participants),
    CHECK (tranche_moins_de_douze + tranche_douze_dix_huit + tranche_dix_huit_vingt_quatre + tranche_vingt_cinq_trente_neuf + tranche_quarante_cinquante_neuf + tranche_soixante_soixante_neuf + tranche_soixante_dix_plus + tranche_non_communique = participants),
    CHECK (statut_scolarise + statut_sans_emploi + statut_en_emploi + statut_retraite + statut_non_communique = participants),
    CHECK (deja_accompagne BETWEEN 0 AND participants),
    CHECK (participants_ateliers >= ateliers),
    CHECK (participants = individuels + participants_ateliers AND participants >= 1),
    UNIQUE (lieu_id, mois)
);
CREATE INDEX activite_agregats_mois ON activite_agregats (mois);
CREATE INDEX activite_agregats_departement ON activite_agregats (departement, mois);

CREATE TABLE activite_agregat_thematiques (
    agregat INTEGER NOT NULL REFERENCES activite_agregats (id) ON DELETE CASCADE,
    thematique TEXT NOT NULL,
    nombre INTEGER NOT NULL CHECK (nombre >= 1),
    PRIMARY KEY (agregat, thematique)
);

-- The hub's coordination activities (the Coop's ActiviteCoordination).
-- Multi-valued fields (thématiques d'animation, organisateurs, natures,
-- partenaires as type + nom, tags as portée + nom) are rows of
-- activite_coordination_valeurs.
CREATE TABLE activites_coordination (
    id INTEGER PRIMARY KEY,
    type TEXT NOT NULL CHECK (type IN ('animation', 'evenement', 'partenariat')),
    date TEXT NOT NULL CHECK (length(date) = 10),
    duree INTEGER NOT NULL DEFAULT 0 CHECK (duree >= 0),
    nom TEXT NOT NULL DEFAULT '',
    echelon_territorial TEXT NOT NULL CHECK (echelon_territorial IN ('communal', 'intercommunal', 'departemental', 'regional', 'national')),
    territoire TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    mediateurs INTEGER NOT NULL DEFAULT 0 CHECK (mediateurs >= 0),
    structures INTEGER NOT NULL DEFAULT 0 CHECK (structures >= 0),
    autres_acteurs INTEGER NOT NULL DEFAULT 0 CHECK (autres_acteurs >= 0),
    type_animation TEXT NOT NULL DEFAULT '',
    type_animation_autre TEXT NOT NULL DEFAULT '',
    initiative TEXT NOT NULL DEFAULT '',
    thematique_animation_autre TEXT NOT NULL DEFAULT '',
    participants INTEGER NOT NULL DEFAULT 0 CHECK (participants >= 0),
    type_evenement TEXT NOT NULL DEFAULT '',
    type_evenement_autre TEXT NOT NULL DEFAULT '',
    organisateur_autre TEXT NOT NULL DEFAULT '',
    nature_partenariat_autre TEXT NOT NULL DEFAULT '',
    compte INTEGER REFERENCES comptes (id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX activites_coordination_date ON activites_coordination (date);
CREATE INDEX activites_coordination_compte ON activites_coordination (compte, date);

CREATE TABLE activite_coordination_valeurs (
    activite INTEGER NOT NULL REFERENCES activites_coordination (id) ON DELETE CASCADE,
    champ TEXT NOT NULL CHECK (champ IN ('thematique_animation', 'organisateur', 'nature_partenariat', 'partenaire', 'tag')),
    valeur TEXT NOT NULL,
    nom TEXT NOT NULL DEFAULT '',
    rang INTEGER NOT NULL,
    PRIMARY KEY (activite, champ, valeur, nom)
);
