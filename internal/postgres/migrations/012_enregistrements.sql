-- Source records and places (issue 8). A source record is what one
-- source said about a place, kept as read, keyed by (source, the source's
-- own id); a place (lieux, still the published registry) is computed from
-- its records and the fields people set by hand (internal/merge). Every
-- place of before becomes one place with one record: its import_source
-- and import_id, its values (hand edits included: what the source said
-- before them was not kept), seen last at its source's last import.

-- Sources and their priority (a name not listed has priority 0); the
-- harvest's migration 013 adds its other columns.
CREATE TABLE sources (
    nom TEXT PRIMARY KEY,
    priorite INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE enregistrements (
    source TEXT NOT NULL,                -- the source's name
    source_id TEXT NOT NULL,             -- the id the source gave the record
    lieu_id TEXT NOT NULL,               -- the place it belongs to (published or withdrawn)
    valeurs TEXT NOT NULL,               -- JSON array of the 32 fields as read, encoded as in the standard's CSV (coordinates apart)
    latitude DOUBLE PRECISION,
    longitude DOUBLE PRECISION,
    pass_numerique BOOLEAN NOT NULL DEFAULT FALSE,
    provenance TEXT NOT NULL DEFAULT '{}',  -- how the values were normalised (place.Provenance)
    diagnostics TEXT NOT NULL DEFAULT '',   -- the import's diagnostics of the record (JSON), if any
    hash TEXT NOT NULL,
    premier_vu TEXT NOT NULL,
    dernier_vu TEXT NOT NULL,
    retire_at TEXT NOT NULL DEFAULT '',     -- when the source stopped giving it ('' while it does)
    PRIMARY KEY (source, source_id)
);
CREATE INDEX enregistrements_lieu ON enregistrements (lieu_id);

-- A place absorbed by a merge answers with the surviving place, forever.
CREATE TABLE redirections (
    ancien_id TEXT COLLATE "C" PRIMARY KEY,
    lieu_id TEXT NOT NULL,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    motif TEXT NOT NULL DEFAULT ''
);
CREATE INDEX redirections_lieu ON redirections (lieu_id);

-- Places unpublished because no record or hand edit holds them up any
-- more: their id stays theirs, and they come back under it.
CREATE TABLE lieux_retires (
    id TEXT COLLATE "C" PRIMARY KEY,
    nom TEXT NOT NULL,
    valeurs TEXT NOT NULL,               -- JSON array of the 32 fields as last published
    created_at TEXT NOT NULL,            -- when the place was first published
    retire_at TEXT NOT NULL,
    motif TEXT NOT NULL
);

-- Field-level provenance, one table: a field set by hand (origine
-- "structure" or "coordination", actor the account) or given by a record
-- (origine "source", with the record's source and id). Rows of origine
-- "source" are written for places with several records; a place with
-- one record has every other field from it.
ALTER TABLE lieux_champs ADD COLUMN source TEXT NOT NULL DEFAULT '';
ALTER TABLE lieux_champs ADD COLUMN source_id TEXT NOT NULL DEFAULT '';

INSERT INTO enregistrements (source, source_id, lieu_id, valeurs, latitude, longitude, pass_numerique, provenance, hash, premier_vu, dernier_vu)
SELECT import_source, import_id, id, json_build_array(import_id, pivot, nom, commune, code_postal, code_insee, adresse, complement_adresse, '', '', typologie, telephone, courriels, site_web, horaires, presentation_resume, presentation_detail, source, itinerance, structure_parente, to_char(date_maj, 'YYYY-MM-DD'), services, publics_specifiquement_adresses, prise_en_charge_specifique, frais_a_charge, dispositif_programmes_nationaux, formations_labels, autres_formations_labels, modalites_acces, modalites_accompagnement, fiche_acces_libre, prise_rdv)::text, latitude, longitude, pass_numerique, provenance::text, hash, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"000Z"'),
    COALESCE((SELECT max(to_char(finished_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"000Z"')) FROM imports WHERE imports.source = lieux.import_source), to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"000Z"'))
FROM lieux;
