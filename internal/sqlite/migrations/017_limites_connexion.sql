-- Sign-in limits (account.Throttle), shared by every instance on the
-- database: the spacing of e-mails to an address, password attempts on an
-- account or from a known browser. Times are RFC 3339 text.
CREATE TABLE limites_connexion (
    cle TEXT PRIMARY KEY,             -- "courriel:ada@hub.fr", "mot-de-passe:ada@hub.fr"…
    n INTEGER NOT NULL,
    depuis TEXT NOT NULL,
    dernier TEXT NOT NULL,
    jusqu_a TEXT NOT NULL
);
-- Browsers where an account signed in: their password attempts are counted
-- apart, so that others' failures do not slow their owner down.
CREATE TABLE appareils_connus (
    hash TEXT PRIMARY KEY,            -- sha256 of the cookie's token
    compte INTEGER NOT NULL REFERENCES comptes (id) ON DELETE CASCADE,
    expires_at TEXT NOT NULL
);
CREATE INDEX appareils_connus_compte ON appareils_connus (compte);
