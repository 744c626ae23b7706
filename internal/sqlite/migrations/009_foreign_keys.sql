-- The links the schema always implied, now enforced: a field's origin,
-- a claim and a public report belong to a place; a session, a claim and a
-- proposal to an account. SQLite adds a foreign key by rebuilding the
-- table; rows that point nowhere (none are written by maillage) are dropped.
CREATE TABLE lieux_champs_fk (
    lieu_id TEXT NOT NULL REFERENCES lieux (id) ON DELETE CASCADE,
    champ TEXT NOT NULL,
    origine TEXT NOT NULL,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    PRIMARY KEY (lieu_id, champ)
);
INSERT INTO lieux_champs_fk SELECT lieu_id, champ, origine, at, actor FROM lieux_champs WHERE lieu_id IN (SELECT id FROM lieux);
DROP TABLE lieux_champs;
ALTER TABLE lieux_champs_fk RENAME TO lieux_champs;

CREATE TABLE sessions_fk (
    hash TEXT PRIMARY KEY,
    compte INTEGER NOT NULL REFERENCES comptes (id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    revoked INTEGER NOT NULL
);
INSERT INTO sessions_fk SELECT hash, compte, created_at, last_seen_at, revoked FROM sessions WHERE compte IN (SELECT id FROM comptes);
DROP TABLE sessions;
ALTER TABLE sessions_fk RENAME TO sessions;
CREATE INDEX sessions_compte ON sessions (compte);

CREATE TABLE revendications_fk (
    id INTEGER PRIMARY KEY,
    compte INTEGER NOT NULL REFERENCES comptes (id) ON DELETE CASCADE,
    lieu_id TEXT NOT NULL REFERENCES lieux (id) ON DELETE CASCADE,
    statut TEXT NOT NULL,
    created_at TEXT NOT NULL,
    decided_by TEXT NOT NULL,
    decided_at TEXT NOT NULL
);
INSERT INTO revendications_fk SELECT id, compte, lieu_id, statut, created_at, decided_by, decided_at FROM revendications
WHERE compte IN (SELECT id FROM comptes) AND lieu_id IN (SELECT id FROM lieux);
DROP TABLE revendications;
ALTER TABLE revendications_fk RENAME TO revendications;
CREATE UNIQUE INDEX revendications_en_attente ON revendications (compte, lieu_id) WHERE statut = 'en_attente';

CREATE TABLE propositions_fk (
    id INTEGER PRIMARY KEY,
    lieu_id TEXT NOT NULL,            -- '' for a new place
    compte INTEGER NOT NULL REFERENCES comptes (id) ON DELETE CASCADE,
    valeurs TEXT NOT NULL,
    statut TEXT NOT NULL,
    created_at TEXT NOT NULL,
    decided_by TEXT NOT NULL,
    base TEXT NOT NULL DEFAULT ''
);
INSERT INTO propositions_fk SELECT id, lieu_id, compte, valeurs, statut, created_at, decided_by, base FROM propositions WHERE compte IN (SELECT id FROM comptes);
DROP TABLE propositions;
ALTER TABLE propositions_fk RENAME TO propositions;

CREATE TABLE signalements_fk (
    id INTEGER PRIMARY KEY,
    lieu_id TEXT NOT NULL REFERENCES lieux (id) ON DELETE CASCADE,
    champ TEXT NOT NULL,
    message TEXT NOT NULL,
    contact TEXT NOT NULL,
    statut TEXT NOT NULL,
    created_at TEXT NOT NULL
);
INSERT INTO signalements_fk SELECT id, lieu_id, champ, message, contact, statut, created_at FROM signalements WHERE lieu_id IN (SELECT id FROM lieux);
DROP TABLE signalements;
ALTER TABLE signalements_fk RENAME TO signalements;
CREATE INDEX signalements_lieu ON signalements (lieu_id);
