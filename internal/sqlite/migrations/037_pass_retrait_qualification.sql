-- Withdrawing a Pass numérique qualification (issue 10): a coordinator of
-- the place's territory or an administrator withdraws an approved
-- qualification, with a reason. Its status becomes retiree, once and for
-- good (the only change of a decided qualification: acceptee → retiree,
-- with who, when and why), so that:
-- - a redemption for the place is refused by the database itself unless
--   the place has an approved qualification now (the (order, place) pairs
--   written while it was qualified stay: its past redemptions hold them);
-- - a new request for the place or the SIRET is possible again (the
--   unique indexes count pending and approved ones only);
-- - past redemptions and statements do not change.
-- SQLite changes a CHECK by rebuilding the table: its rows are kept aside,
-- the table dropped and created again under its name, the rows put back.
-- The foreign key of pass_commande_lieux is deferred meanwhile (the drop
-- leaves its rows without their qualification until they are back, which
-- the commit checks); the triggers that name pass_qualifications reach the
-- new table.
PRAGMA defer_foreign_keys = ON;
CREATE TABLE pass_qualifications_028 AS SELECT * FROM pass_qualifications;
DROP TABLE pass_qualifications;
CREATE TABLE pass_qualifications (
    id INTEGER PRIMARY KEY,
    lieu_id TEXT NOT NULL,
    siret TEXT NOT NULL CHECK (length(siret) = 14 AND siret NOT GLOB '*[^0-9]*'),
    compte INTEGER NOT NULL REFERENCES comptes (id),
    iban TEXT NOT NULL,
    statut TEXT NOT NULL CHECK (statut IN ('en_attente', 'acceptee', 'refusee', 'retiree')),
    created_at TEXT NOT NULL,
    decided_by TEXT NOT NULL DEFAULT '',
    decided_at TEXT NOT NULL DEFAULT '',
    bic TEXT NOT NULL DEFAULT '',
    titulaire TEXT NOT NULL DEFAULT '',
    retrait_motif TEXT NOT NULL DEFAULT '',
    retire_par TEXT NOT NULL DEFAULT '',
    retire_at TEXT NOT NULL DEFAULT '',
    UNIQUE (id, lieu_id),
    CHECK ((statut = 'retiree') = (retire_at <> '')),
    CHECK (statut <> 'retiree' OR (retrait_motif <> '' AND retire_par <> ''))
);
INSERT INTO pass_qualifications (id, lieu_id, siret, compte, iban, statut, created_at, decided_by, decided_at, bic, titulaire)
    SELECT id, lieu_id, siret, compte, iban, statut, created_at, decided_by, decided_at, bic, titulaire FROM pass_qualifications_028 ORDER BY id;
DROP TABLE pass_qualifications_028;

CREATE UNIQUE INDEX pass_qualifications_siret ON pass_qualifications (siret) WHERE statut IN ('en_attente', 'acceptee');
CREATE UNIQUE INDEX pass_qualifications_lieu ON pass_qualifications (lieu_id) WHERE statut IN ('en_attente', 'acceptee');
CREATE INDEX pass_qualifications_lieu_statut ON pass_qualifications (lieu_id, statut);
-- A pending one is decided once; an approved one may be withdrawn once,
-- with its reason; nothing else changes, nothing is deleted.
CREATE TRIGGER pass_qualifications_decision BEFORE UPDATE ON pass_qualifications WHEN NOT (
    NEW.id = OLD.id AND NEW.lieu_id = OLD.lieu_id AND NEW.siret = OLD.siret AND NEW.compte = OLD.compte
    AND ((OLD.statut = 'en_attente' AND NEW.statut IN ('acceptee', 'refusee') AND NEW.retire_at = '')
      OR (OLD.statut = 'acceptee' AND NEW.statut = 'retiree' AND NEW.iban = OLD.iban AND NEW.bic = OLD.bic AND NEW.titulaire = OLD.titulaire
          AND NEW.created_at = OLD.created_at AND NEW.decided_by = OLD.decided_by AND NEW.decided_at = OLD.decided_at))
) BEGIN
    SELECT RAISE(ABORT, 'pass: une qualification décidée ne change plus (sauf son retrait, une fois)');
END;
CREATE TRIGGER pass_qualifications_suppression BEFORE DELETE ON pass_qualifications BEGIN
    SELECT RAISE(ABORT, 'pass: une qualification ne se supprime pas');
END;
-- 036's revision, on the new table.
CREATE TRIGGER pass_qualifications_revision_insert AFTER INSERT ON pass_qualifications BEGIN
    UPDATE revisions SET value = value + 1 WHERE name = 'pass_qualifications';
END;
CREATE TRIGGER pass_qualifications_revision_update AFTER UPDATE ON pass_qualifications BEGIN
    UPDATE revisions SET value = value + 1 WHERE name = 'pass_qualifications';
END;

-- A redemption needs the place's approved qualification now.
CREATE TRIGGER pass_utilisations_qualifiee BEFORE INSERT ON pass_utilisations
WHEN NOT EXISTS (SELECT 1 FROM pass_qualifications WHERE lieu_id = NEW.lieu_id AND statut = 'acceptee') BEGIN
    SELECT RAISE(ABORT, 'pass: lieu non qualifié');
END;
