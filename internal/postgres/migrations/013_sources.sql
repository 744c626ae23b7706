-- Declared sources and their harvests (issue 8, part 2). Migration 012
-- (part 1) creates the table of sources with its priority; the IF NOT
-- EXISTS lets this one stand alone until it lands.
CREATE TABLE IF NOT EXISTS sources (
    nom TEXT PRIMARY KEY,
    priorite INTEGER NOT NULL DEFAULT 0
);
-- type '' is a source named by imports only, never declared.
ALTER TABLE sources ADD COLUMN IF NOT EXISTS type TEXT NOT NULL DEFAULT '';
ALTER TABLE sources ADD COLUMN IF NOT EXISTS url TEXT NOT NULL DEFAULT '';
ALTER TABLE sources ADD COLUMN IF NOT EXISTS correspondance TEXT NOT NULL DEFAULT '';
ALTER TABLE sources ADD COLUMN IF NOT EXISTS intervalle_secondes INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sources ADD COLUMN IF NOT EXISTS perte_max DOUBLE PRECISION NOT NULL DEFAULT 0;
ALTER TABLE sources ADD COLUMN IF NOT EXISTS declaree_par TEXT NOT NULL DEFAULT '';
ALTER TABLE sources ADD COLUMN IF NOT EXISTS declaree_le TEXT NOT NULL DEFAULT '';
ALTER TABLE sources ADD COLUMN IF NOT EXISTS retiree_le TEXT NOT NULL DEFAULT '';

-- One row per harvest of a source. Times are store.TimeLayout text.
CREATE TABLE moissons (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    source TEXT NOT NULL,
    debut TEXT NOT NULL,
    fin TEXT NOT NULL DEFAULT '',
    statut TEXT NOT NULL,
    crees INTEGER NOT NULL DEFAULT 0,
    mis_a_jour INTEGER NOT NULL DEFAULT 0,
    inchanges INTEGER NOT NULL DEFAULT 0,
    retires INTEGER NOT NULL DEFAULT 0,
    rejetes INTEGER NOT NULL DEFAULT 0,
    avertissements INTEGER NOT NULL DEFAULT 0,
    erreur TEXT NOT NULL DEFAULT '',
    rapport TEXT NOT NULL DEFAULT '',
    etag TEXT NOT NULL DEFAULT '',
    last_modified TEXT NOT NULL DEFAULT '',
    empreinte TEXT NOT NULL DEFAULT ''
);
CREATE INDEX moissons_source ON moissons (source, id);

-- Leases: who may do a job (harvest a source) until when, across every
-- process of the database.
CREATE TABLE baux (
    nom TEXT PRIMARY KEY,
    detenteur TEXT NOT NULL,
    expire_le TEXT NOT NULL
);
