-- The layers of the territory beside the communes (issue 9): the QPV and
-- IRIS contours, and the vintage of every part of the referential
-- (couche 'communes' for the communes and their population). A layer is
-- replaced whole, in one transaction, on import; every change of a layer
-- rewrites its row of couches, which bumps the referential's revision.
CREATE TABLE couches (
    nom TEXT PRIMARY KEY,            -- 'communes', 'qpv', 'iris'
    millesime TEXT NOT NULL,         -- '2024' for the QPV of the décret 2023-1314
    source TEXT NOT NULL,            -- the file or URL it was imported from
    importee_le TEXT NOT NULL        -- store.TimeLayout
);
CREATE TABLE zones (
    couche TEXT NOT NULL REFERENCES couches (nom) ON DELETE CASCADE,
    code TEXT NOT NULL,
    nom TEXT NOT NULL,
    type TEXT NOT NULL,              -- IRIS: H, A, D or Z
    communes TEXT NOT NULL,          -- INSEE codes separated by "|"
    geometrie BLOB NOT NULL,         -- territory.EncodePolygons
    PRIMARY KEY (couche, code)
);
CREATE TRIGGER couches_insert AFTER INSERT ON couches BEGIN UPDATE revisions SET value = value + 1 WHERE name = 'territoires'; END;
CREATE TRIGGER couches_update AFTER UPDATE ON couches BEGIN UPDATE revisions SET value = value + 1 WHERE name = 'territoires'; END;
CREATE TRIGGER couches_delete AFTER DELETE ON couches BEGIN UPDATE revisions SET value = value + 1 WHERE name = 'territoires'; END;
