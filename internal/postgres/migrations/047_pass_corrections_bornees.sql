-- Corrections and statements bounded (review 10N round 2, MAJOR 4):
-- - a correction naming a redemption takes it back: negative, at most its
--   value, and once (one correction per redemption);
-- - a statement is never issued below zero (NOT VALID: rows written before
--   this migration are left as they are; pass verifier reads them).
-- A trigger rather than a unique index on corrige, as on SQLite, so that a
-- database holding a redemption corrected twice before still migrates: it
-- locks the redemption's row, so that two transactions correcting it at
-- once are decided one after the other (read committed: the second one's
-- next statement sees the first one's row).
CREATE FUNCTION pass_releve_corrections_reprise() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    valeur BIGINT;
BEGIN
    IF NEW.corrige IS NULL THEN
        RETURN NEW;
    END IF;
    SELECT valeur_centimes INTO valeur FROM pass_utilisations WHERE id = NEW.corrige FOR UPDATE;
    IF NEW.montant_centimes >= 0 OR -NEW.montant_centimes > valeur THEN
        RAISE EXCEPTION 'pass: une correction d''utilisation la reprend : montant négatif, au plus sa valeur' USING ERRCODE = 'check_violation';
    END IF;
    IF EXISTS (SELECT 1 FROM pass_releve_corrections WHERE corrige = NEW.corrige) THEN
        RAISE EXCEPTION 'pass: une utilisation se corrige une fois' USING ERRCODE = 'unique_violation';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER pass_releve_corrections_reprise BEFORE INSERT ON pass_releve_corrections
    FOR EACH ROW EXECUTE FUNCTION pass_releve_corrections_reprise();
ALTER TABLE pass_releves ADD CONSTRAINT pass_releves_positif CHECK (total_centimes >= 0) NOT VALID;
