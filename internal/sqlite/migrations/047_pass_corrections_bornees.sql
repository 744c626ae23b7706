-- Corrections and statements bounded (review 10N round 2, MAJOR 4):
-- - a correction naming a redemption takes it back: negative, at most its
--   value, and once (one correction per redemption);
-- - a statement is never issued below zero.
-- Triggers rather than a unique index on corrige: a unique index would give
-- INSERT OR REPLACE a row to delete silently (see 044), and rows written
-- before this migration are left as they are (pass verifier reads them).
CREATE TRIGGER pass_releve_corrections_reprise BEFORE INSERT ON pass_releve_corrections
WHEN NEW.corrige IS NOT NULL AND (NEW.montant_centimes >= 0
    OR -NEW.montant_centimes > (SELECT valeur_centimes FROM pass_utilisations WHERE id = NEW.corrige)) BEGIN
    SELECT RAISE(ABORT, 'pass: une correction d''utilisation la reprend : montant négatif, au plus sa valeur');
END;
CREATE TRIGGER pass_releve_corrections_une BEFORE INSERT ON pass_releve_corrections
WHEN NEW.corrige IS NOT NULL AND EXISTS (SELECT 1 FROM pass_releve_corrections WHERE corrige = NEW.corrige) BEGIN
    SELECT RAISE(ABORT, 'pass: une utilisation se corrige une fois');
END;
CREATE TRIGGER pass_releves_positif BEFORE INSERT ON pass_releves
WHEN NEW.total_centimes < 0 BEGIN
    SELECT RAISE(ABORT, 'pass: un relevé n''est pas émis en dessous de zéro');
END;
