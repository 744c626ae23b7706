-- Temporary closures a place announces (issue 11 §4): « fermé du … au … »
-- with a reason. The standard has no field for them: the exports in the
-- standard never carry them, the API and the pages do. Kept by the place's
-- published id, without a foreign key: a place a harvest unpublishes keeps
-- its closures for when it comes back under its id. Days are 'YYYY-MM-DD'
-- (Europe/Paris), both included; past closures are kept.
CREATE TABLE fermetures (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    lieu_id TEXT NOT NULL,
    du TEXT NOT NULL CHECK (du = date(du)),
    au TEXT NOT NULL CHECK (au = date(au)),
    motif TEXT NOT NULL CHECK (motif IN ('conges', 'travaux', 'autre')),
    precision TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    CHECK (du <= au)
);
CREATE INDEX fermetures_lieu ON fermetures (lieu_id, du);
