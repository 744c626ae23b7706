-- Orientations (issue 11 §1): a prescriber (any account) sends a person to
-- a place of the registry for a need; the place answers through single-use
-- links sent to its published e-mail, stored hashed (SHA-256 hex). Nothing
-- names the person: at most an age band, a commune (INSEE) and a free
-- reference, emptied with the message and the answers' free texts after
-- the retention period (anonymisee_le). The place's name, département and
-- EPCI are those of when it was oriented to (the coordinators' territory).
-- Instants are RFC 3339 text as elsewhere.
CREATE TABLE orientations (
    id INTEGER PRIMARY KEY,
    prescripteur INTEGER NOT NULL REFERENCES comptes (id),
    besoin TEXT NOT NULL CHECK (besoin <> ''),
    lieu_id TEXT NOT NULL CHECK (lieu_id <> ''),
    lieu_nom TEXT NOT NULL DEFAULT '',
    departement TEXT NOT NULL DEFAULT '',
    epci TEXT NOT NULL DEFAULT '',
    modalite TEXT NOT NULL CHECK (modalite IN ('rendez-vous', 'sans-rendez-vous')),
    message TEXT NOT NULL DEFAULT '',
    tranche_age TEXT NOT NULL DEFAULT '' CHECK (tranche_age IN ('', 'moins-de-25', '25-44', '45-64', '65-74', '75-et-plus')),
    commune TEXT NOT NULL DEFAULT '',
    reference TEXT NOT NULL DEFAULT '' CHECK (length(reference) <= 60),
    statut TEXT NOT NULL CHECK (statut IN ('envoyee', 'recue', 'venue', 'reorientee', 'impossible', 'expiree')),
    reorientee_vers TEXT NOT NULL DEFAULT '',
    motif TEXT NOT NULL DEFAULT '' CHECK (motif IN ('', 'complet', 'hors-services', 'hors-secteur', 'ferme', 'pas-venue', 'autre')),
    detail TEXT NOT NULL DEFAULT '',
    cree_le TEXT NOT NULL,
    maj_le TEXT NOT NULL,
    anonymisee_le TEXT NOT NULL DEFAULT ''
);
CREATE INDEX orientations_prescripteur ON orientations (prescripteur, id);
CREATE INDEX orientations_statut ON orientations (statut, cree_le);
CREATE INDEX orientations_departement ON orientations (departement, cree_le);
CREATE INDEX orientations_epci ON orientations (epci, cree_le);
CREATE INDEX orientations_anonymiser ON orientations (anonymisee_le, cree_le);

CREATE TABLE orientation_evenements (
    id INTEGER PRIMARY KEY,
    orientation_id INTEGER NOT NULL REFERENCES orientations (id),
    statut TEXT NOT NULL CHECK (statut IN ('envoyee', 'recue', 'venue', 'reorientee', 'impossible', 'expiree')),
    le TEXT NOT NULL,
    lieu_id TEXT NOT NULL DEFAULT '',  -- reorientee: the place the person was sent on to
    motif TEXT NOT NULL DEFAULT '',
    detail TEXT NOT NULL DEFAULT '',
    par TEXT NOT NULL                  -- compte:N, lien or système
);
CREATE INDEX orientation_evenements_orientation ON orientation_evenements (orientation_id, id);

-- Answer links: single-use (utilise_le), until expire_le.
CREATE TABLE orientation_liens (
    empreinte TEXT PRIMARY KEY CHECK (length(empreinte) = 64),
    orientation_id INTEGER NOT NULL REFERENCES orientations (id),
    cree_le TEXT NOT NULL,
    expire_le TEXT NOT NULL,
    utilise_le TEXT NOT NULL DEFAULT ''
);
CREATE INDEX orientation_liens_orientation ON orientation_liens (orientation_id);

-- The reminder of an unanswered orientation: one row, inserted by the
-- instance that sends it (the primary key decides), with its link.
CREATE TABLE orientation_rappels (
    orientation_id INTEGER PRIMARY KEY REFERENCES orientations (id),
    envoye_le TEXT NOT NULL,
    lien TEXT NOT NULL DEFAULT ''
);
