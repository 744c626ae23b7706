-- The Pass numérique's ledger against REPLACE and idempotency rewrites
-- (review 10A round 2, MAJOR 1 and 6).
-- SQLite's REPLACE conflict resolution (INSERT OR REPLACE, REPLACE INTO,
-- UPDATE OR REPLACE) deletes the conflicting row without firing its DELETE
-- triggers unless PRAGMA recursive_triggers is on: every connection of the
-- store turns it on (sqlite.Open), and here, for a session that does not
-- (the sqlite3 shell), an INSERT naming the id of an existing ledger row is
-- refused before its conflict is resolved. The store never writes an id by
-- hand. (A REPLACE on another unique key, from such a session, is left to
-- `pass verifier`.)
-- An idempotency row is the first answer given to a request, replayed on
-- every retry of it: once written it neither changes nor goes away.

CREATE TRIGGER pass_commandes_remplacement BEFORE INSERT ON pass_commandes
WHEN EXISTS (SELECT 1 FROM pass_commandes WHERE id = NEW.id) BEGIN
    SELECT RAISE(ABORT, 'pass: une commande enregistrée ne se remplace pas');
END;
CREATE TRIGGER pass_carnets_remplacement BEFORE INSERT ON pass_carnets
WHEN EXISTS (SELECT 1 FROM pass_carnets WHERE id = NEW.id) BEGIN
    SELECT RAISE(ABORT, 'pass: un carnet ne se remplace pas');
END;
CREATE TRIGGER pass_remplacement BEFORE INSERT ON pass
WHEN EXISTS (SELECT 1 FROM pass WHERE id = NEW.id) BEGIN
    SELECT RAISE(ABORT, 'pass: un pass ne se remplace pas');
END;
CREATE TRIGGER pass_evenements_remplacement BEFORE INSERT ON pass_evenements
WHEN EXISTS (SELECT 1 FROM pass_evenements WHERE id = NEW.id) BEGIN
    SELECT RAISE(ABORT, 'pass: un événement ne se remplace pas');
END;
CREATE TRIGGER pass_qualifications_remplacement BEFORE INSERT ON pass_qualifications
WHEN EXISTS (SELECT 1 FROM pass_qualifications WHERE id = NEW.id) BEGIN
    SELECT RAISE(ABORT, 'pass: une qualification ne se remplace pas');
END;
CREATE TRIGGER pass_utilisations_remplacement BEFORE INSERT ON pass_utilisations
WHEN EXISTS (SELECT 1 FROM pass_utilisations WHERE id = NEW.id) BEGIN
    SELECT RAISE(ABORT, 'pass: une utilisation ne se remplace pas');
END;
CREATE TRIGGER pass_releves_remplacement BEFORE INSERT ON pass_releves
WHEN EXISTS (SELECT 1 FROM pass_releves WHERE id = NEW.id) BEGIN
    SELECT RAISE(ABORT, 'pass: un relevé ne se remplace pas');
END;
CREATE TRIGGER pass_releve_corrections_remplacement BEFORE INSERT ON pass_releve_corrections
WHEN EXISTS (SELECT 1 FROM pass_releve_corrections WHERE id = NEW.id) BEGIN
    SELECT RAISE(ABORT, 'pass: une correction ne se remplace pas');
END;
CREATE TRIGGER pass_avoirs_remplacement BEFORE INSERT ON pass_avoirs
WHEN EXISTS (SELECT 1 FROM pass_avoirs WHERE id = NEW.id) BEGIN
    SELECT RAISE(ABORT, 'pass: un avoir ne se remplace pas');
END;
CREATE TRIGGER pass_idempotence_immuable BEFORE UPDATE ON pass_idempotence BEGIN
    SELECT RAISE(ABORT, 'pass: la première réponse à une requête ne change plus');
END;
CREATE TRIGGER pass_idempotence_suppression BEFORE DELETE ON pass_idempotence BEGIN
    SELECT RAISE(ABORT, 'pass: la première réponse à une requête ne change plus');
END;
