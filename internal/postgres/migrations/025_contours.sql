-- The communes' contours (issue 9), the layer 'contours' of couches (its
-- vintage and source there): one row per INSEE code, replaced whole in one
-- transaction on import, like the zones of the QPV and IRIS layers but
-- keyed by commune (the outlines of EPCI, départements and régions are
-- derived from them when the referential is loaded). Kept apart from
-- zones so that the QPV and IRIS stay as they are.
CREATE TABLE contours (
    couche TEXT NOT NULL REFERENCES couches (nom) ON DELETE CASCADE, -- 'contours'
    code TEXT NOT NULL,              -- INSEE code of the commune
    nom TEXT NOT NULL,               -- its name, as the file gave it
    geometrie BYTEA NOT NULL,        -- territory.EncodePolygons, outer rings counter-clockwise
    PRIMARY KEY (couche, code)
);
