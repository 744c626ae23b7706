-- The administrative divisions (from @etalab/decoupage-administratif) and
-- the centres of communes (geo.api.gouv.fr), replaced as a whole on import.
CREATE TABLE regions (
    code TEXT PRIMARY KEY,
    nom TEXT NOT NULL
);
CREATE TABLE departements (
    code TEXT PRIMARY KEY,
    nom TEXT NOT NULL,
    region TEXT NOT NULL
);
CREATE TABLE epci (
    code TEXT PRIMARY KEY,
    nom TEXT NOT NULL,
    type TEXT NOT NULL,
    population INTEGER NOT NULL
);
CREATE TABLE communes (
    code TEXT PRIMARY KEY,
    nom TEXT NOT NULL,
    departement TEXT NOT NULL,
    region TEXT NOT NULL,
    epci TEXT NOT NULL,
    codes_postaux TEXT NOT NULL,      -- separated by "|"
    population INTEGER NOT NULL,
    latitude DOUBLE PRECISION,
    longitude DOUBLE PRECISION
);
CREATE INDEX communes_departement ON communes (departement);
CREATE INDEX communes_epci ON communes (epci);
