-- Correction requests from the public ("Signaler une erreur").
CREATE TABLE signalements (
    id INTEGER PRIMARY KEY,
    lieu_id TEXT NOT NULL,
    champ TEXT NOT NULL,
    message TEXT NOT NULL,
    contact TEXT NOT NULL,
    statut TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX signalements_lieu ON signalements (lieu_id);
