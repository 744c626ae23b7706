-- The statistics of the Coop's partner API v1 (issue 11 §2), one row per
-- département and calendar month: the Coop's own totals and breakdowns
-- (detail: JSON of the breakdowns by our API values), with their vintage
-- (recupere_at, the import run). A new import of the same département and
-- month replaces its row. Statistics count a row in place of the
-- activities imported from Coop exports of that département and month
-- (the same accompaniments, one by one), never on top of them.
CREATE TABLE coop_api_agregats (
    id INTEGER PRIMARY KEY,
    departement TEXT NOT NULL CHECK (length(departement) BETWEEN 2 AND 3),
    mois TEXT NOT NULL CHECK (length(mois) = 7 AND substr(mois, 5, 1) = '-'),
    recupere_at TEXT NOT NULL,
    import_id INTEGER NOT NULL REFERENCES activite_imports (id),
    activites INTEGER NOT NULL CHECK (activites >= 0),
    individuels INTEGER NOT NULL CHECK (individuels >= 0),
    collectifs INTEGER NOT NULL CHECK (collectifs >= 0),
    participants_collectifs INTEGER NOT NULL CHECK (participants_collectifs >= 0),
    accompagnements INTEGER NOT NULL CHECK (accompagnements >= 0),
    beneficiaires INTEGER NOT NULL CHECK (beneficiaires >= 0),
    detail TEXT NOT NULL,
    UNIQUE (departement, mois),
    CHECK (individuels + collectifs = activites),
    CHECK (individuels + participants_collectifs = accompagnements)
);
CREATE INDEX coop_api_agregats_mois ON coop_api_agregats (mois);
