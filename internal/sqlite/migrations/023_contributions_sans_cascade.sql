-- A place's claims and public reports outlive it (issue 8): a place
-- withdrawn (its last record gone) or absorbed by a merge left `lieux`, and
-- the foreign keys of 009 deleted its claims and reports with it. They now
-- stay: a merge moves them to the surviving place (but an account's second
-- pending claim of it, which stays about the absorbed id, a redirect); a
-- withdrawal leaves them about the withdrawn id, shown to the moderators as
-- about a withdrawn place. New claims and reports still need a published
-- place (checked when they are written). SQLite drops a foreign key by
-- rebuilding the table; the account's key of a claim stays.
CREATE TABLE revendications_sans_lieu (
    id INTEGER PRIMARY KEY,
    compte INTEGER NOT NULL REFERENCES comptes (id) ON DELETE CASCADE,
    lieu_id TEXT NOT NULL,
    statut TEXT NOT NULL,
    created_at TEXT NOT NULL,
    decided_by TEXT NOT NULL,
    decided_at TEXT NOT NULL
);
INSERT INTO revendications_sans_lieu SELECT id, compte, lieu_id, statut, created_at, decided_by, decided_at FROM revendications;
DROP TABLE revendications;
ALTER TABLE revendications_sans_lieu RENAME TO revendications;
CREATE UNIQUE INDEX revendications_en_attente ON revendications (compte, lieu_id) WHERE statut = 'en_attente';
CREATE INDEX revendications_lieu ON revendications (lieu_id);

CREATE TABLE signalements_sans_lieu (
    id INTEGER PRIMARY KEY,
    lieu_id TEXT NOT NULL,
    champ TEXT NOT NULL,
    message TEXT NOT NULL,
    contact TEXT NOT NULL,
    statut TEXT NOT NULL,
    created_at TEXT NOT NULL
);
INSERT INTO signalements_sans_lieu SELECT id, lieu_id, champ, message, contact, statut, created_at FROM signalements;
DROP TABLE signalements;
ALTER TABLE signalements_sans_lieu RENAME TO signalements;
CREATE INDEX signalements_lieu ON signalements (lieu_id);
