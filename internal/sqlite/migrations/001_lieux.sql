-- The registry of places: the 32 fields of the standard v1.0.x, encoded as
-- in its CSV, plus the import that brought each record and its provenance.
CREATE TABLE lieux (
    id TEXT PRIMARY KEY,                 -- the id the record is published under
    import_source TEXT NOT NULL,         -- the source it was imported from
    import_id TEXT NOT NULL,             -- the id that source gave it
    hash TEXT NOT NULL,
    pivot TEXT NOT NULL,
    nom TEXT NOT NULL,
    commune TEXT NOT NULL,
    code_postal TEXT NOT NULL,
    code_insee TEXT NOT NULL,
    adresse TEXT NOT NULL,
    complement_adresse TEXT NOT NULL,
    latitude REAL,
    longitude REAL,
    typologie TEXT NOT NULL,
    telephone TEXT NOT NULL,
    courriels TEXT NOT NULL,
    site_web TEXT NOT NULL,
    horaires TEXT NOT NULL,
    presentation_resume TEXT NOT NULL,
    presentation_detail TEXT NOT NULL,
    source TEXT NOT NULL,
    itinerance TEXT NOT NULL,
    structure_parente TEXT NOT NULL,
    date_maj TEXT NOT NULL,
    services TEXT NOT NULL,
    publics_specifiquement_adresses TEXT NOT NULL,
    prise_en_charge_specifique TEXT NOT NULL,
    frais_a_charge TEXT NOT NULL,
    dispositif_programmes_nationaux TEXT NOT NULL,
    formations_labels TEXT NOT NULL,
    autres_formations_labels TEXT NOT NULL,
    modalites_acces TEXT NOT NULL,
    modalites_accompagnement TEXT NOT NULL,
    fiche_acces_libre TEXT NOT NULL,
    prise_rdv TEXT NOT NULL,
    pass_numerique INTEGER NOT NULL DEFAULT 0,
    provenance TEXT NOT NULL DEFAULT '{}',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (import_source, import_id)
);
CREATE INDEX lieux_code_insee ON lieux (code_insee);
CREATE INDEX lieux_code_postal ON lieux (code_postal);
CREATE INDEX lieux_updated_at ON lieux (updated_at);

-- One line per import run.
CREATE TABLE imports (
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL,
    file TEXT NOT NULL,
    finished_at TEXT NOT NULL,
    created INTEGER NOT NULL,
    updated INTEGER NOT NULL,
    unchanged INTEGER NOT NULL,
    rejected INTEGER NOT NULL
);
