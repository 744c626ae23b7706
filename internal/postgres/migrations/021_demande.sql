-- The demand side of the diagnostic (issue 9, part 2): an imported
-- fragility index and a table of indicators, each replaced whole by its
-- next import (maillage demande import). demande_jeux says what is loaded:
-- nature 'indice' or 'indicateurs', niveau 'commune' or 'iris', the
-- millésime and file given, description the composite and the
-- people-at-risk spec of the indicators (JSON), unites the units read,
-- importe_le store.TimeLayout text.
CREATE TABLE demande_jeux (
    nature TEXT PRIMARY KEY,
    niveau TEXT NOT NULL,
    millesime TEXT NOT NULL DEFAULT '',
    fichier TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    unites INTEGER NOT NULL DEFAULT 0,
    importe_le TEXT NOT NULL
);

-- The index as published: a score per commune or IRIS, and the
-- population that weighs it when units are put together (NULL when the
-- file gave none).
CREATE TABLE demande_indice (
    code TEXT PRIMARY KEY,
    score DOUBLE PRECISION NOT NULL,
    population DOUBLE PRECISION
);

-- Each indicator of each unit as a numerator and a denominator (a rate
-- with its base population is stored as rate × base and base), so that
-- any grouping of units is computed from sums. A value left unknown in
-- the file has no row.
CREATE TABLE demande_indicateurs (
    code TEXT NOT NULL,
    cle TEXT NOT NULL,
    numerateur DOUBLE PRECISION NOT NULL,
    denominateur DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (code, cle)
);
