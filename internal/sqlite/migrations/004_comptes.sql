-- People, their rights and contributions, and the audit journal. Times are
-- RFC 3339 text, the same in both engines (see internal/accountsql).
CREATE TABLE comptes (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    nom TEXT NOT NULL,
    structure TEXT NOT NULL,
    role TEXT NOT NULL,
    territoires TEXT NOT NULL,        -- "departement:31|epci:243100518"
    mot_de_passe TEXT NOT NULL,       -- argon2id, or empty
    totp TEXT NOT NULL,               -- TOTP secret, or empty
    created_at TEXT NOT NULL,
    deleted_at TEXT NOT NULL DEFAULT ''
);
CREATE TABLE jetons_connexion (
    hash TEXT PRIMARY KEY,            -- sha256 of the link's token
    email TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used INTEGER NOT NULL
);
CREATE TABLE sessions (
    hash TEXT PRIMARY KEY,            -- sha256 of the cookie's token
    compte INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    revoked INTEGER NOT NULL
);
CREATE INDEX sessions_compte ON sessions (compte);
CREATE TABLE revendications (
    id INTEGER PRIMARY KEY,
    compte INTEGER NOT NULL,
    lieu_id TEXT NOT NULL,
    statut TEXT NOT NULL,
    created_at TEXT NOT NULL,
    decided_by TEXT NOT NULL,
    decided_at TEXT NOT NULL
);
CREATE TABLE propositions (
    id INTEGER PRIMARY KEY,
    lieu_id TEXT NOT NULL,
    compte INTEGER NOT NULL,
    valeurs TEXT NOT NULL,            -- JSON of the standard's fields
    statut TEXT NOT NULL,
    created_at TEXT NOT NULL,
    decided_by TEXT NOT NULL
);
CREATE TABLE lieux_champs (
    lieu_id TEXT NOT NULL,
    champ TEXT NOT NULL,
    origine TEXT NOT NULL,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    PRIMARY KEY (lieu_id, champ)
);
CREATE TABLE audit (
    seq INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    kind TEXT NOT NULL,
    object_id TEXT NOT NULL,
    before TEXT NOT NULL,
    after TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX audit_objet ON audit (kind, object_id);
