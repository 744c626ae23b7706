-- Per-account bearer tokens of the API (issue 10). Only the SHA-256 of a
-- token is kept (hash, as account.HashToken writes it): the token itself
-- is shown once, when it is created. last_used_at ('' never) is written at
-- most once a minute per token; a revoked token keeps its row, with
-- revoked_at, so that the journal's entries still name it. Times are
-- RFC 3339 text.
CREATE TABLE jetons_api (
    id INTEGER PRIMARY KEY,
    compte INTEGER NOT NULL REFERENCES comptes (id) ON DELETE CASCADE,
    hash TEXT NOT NULL UNIQUE CHECK (length(hash) = 64),
    nom TEXT NOT NULL,
    created_at TEXT NOT NULL,
    last_used_at TEXT NOT NULL DEFAULT '',
    revoked_at TEXT NOT NULL DEFAULT ''
);
CREATE INDEX jetons_api_compte ON jetons_api (compte);
