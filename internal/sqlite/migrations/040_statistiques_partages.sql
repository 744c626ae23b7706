-- Public, shareable links to a territory's statistics (issue 11 §3),
-- opted into by a coordinator or an administrator. Only the hash of the
-- link's token is kept (the token is shown once). The period is a rule
-- applied when the page is read (the last 12 full months, the last
-- calendar year) or a fixed period. A revocation is a row of its own,
-- append-only: never changed nor deleted, and a share is never deleted.
CREATE TABLE statistiques_partages (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    hash TEXT NOT NULL UNIQUE,
    territoire_type TEXT NOT NULL CHECK (territoire_type IN ('commune', 'epci', 'departement')),
    territoire_code TEXT NOT NULL CHECK (territoire_code <> ''),
    regle TEXT NOT NULL CHECK (regle IN ('douze_derniers_mois', 'annee_civile_precedente', 'periode_fixe')),
    du TEXT NOT NULL DEFAULT '',
    au TEXT NOT NULL DEFAULT '',
    created_by INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    CHECK ((regle = 'periode_fixe') = (du <> '' AND au <> '')),
    CHECK (regle <> 'periode_fixe' OR (du = date(du) AND au = date(au) AND du <= au))
);
CREATE TABLE statistiques_partages_revocations (
    partage_id INTEGER PRIMARY KEY REFERENCES statistiques_partages (id),
    revoked_by INTEGER NOT NULL,
    revoked_at TEXT NOT NULL
);
CREATE TRIGGER statistiques_partages_fixes BEFORE UPDATE ON statistiques_partages BEGIN
    SELECT RAISE(ABORT, 'statistiques: un partage ne change pas (il se révoque)');
END;
CREATE TRIGGER statistiques_partages_gardes BEFORE DELETE ON statistiques_partages BEGIN
    SELECT RAISE(ABORT, 'statistiques: un partage ne se supprime pas (il se révoque)');
END;
CREATE TRIGGER statistiques_revocations_fixes BEFORE UPDATE ON statistiques_partages_revocations BEGIN
    SELECT RAISE(ABORT, 'statistiques: une révocation est définitive');
END;
CREATE TRIGGER statistiques_revocations_gardees BEFORE DELETE ON statistiques_partages_revocations BEGIN
    SELECT RAISE(ABORT, 'statistiques: une révocation est définitive');
END;
