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
ALTER TABLE pass_qualifications DROP CONSTRAINT pass_qualifications_statut_check;
ALTER TABLE pass_qualifications ADD CONSTRAINT pass_qualifications_statut_check CHECK (statut IN ('en_attente', 'acceptee', 'refusee', 'retiree'));
ALTER TABLE pass_qualifications ADD COLUMN retrait_motif TEXT NOT NULL DEFAULT '';
ALTER TABLE pass_qualifications ADD COLUMN retire_par TEXT NOT NULL DEFAULT '';
ALTER TABLE pass_qualifications ADD COLUMN retire_at TEXT NOT NULL DEFAULT '';
ALTER TABLE pass_qualifications ADD CONSTRAINT pass_qualifications_retrait CHECK ((statut = 'retiree') = (retire_at <> ''));
ALTER TABLE pass_qualifications ADD CONSTRAINT pass_qualifications_retrait_motif CHECK (statut <> 'retiree' OR (retrait_motif <> '' AND retire_par <> ''));

DROP INDEX pass_qualifications_siret;
DROP INDEX pass_qualifications_lieu;
CREATE UNIQUE INDEX pass_qualifications_siret ON pass_qualifications (siret) WHERE statut IN ('en_attente', 'acceptee');
CREATE UNIQUE INDEX pass_qualifications_lieu ON pass_qualifications (lieu_id) WHERE statut IN ('en_attente', 'acceptee');
CREATE INDEX pass_qualifications_lieu_statut ON pass_qualifications (lieu_id, statut);

-- A pending one is decided once; an approved one may be withdrawn once,
-- with its reason; nothing else changes, nothing is deleted.
CREATE OR REPLACE FUNCTION pass_qualifications_decision() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' OR NOT ((NEW.id, NEW.lieu_id, NEW.siret, NEW.compte) = (OLD.id, OLD.lieu_id, OLD.siret, OLD.compte)
        AND ((OLD.statut = 'en_attente' AND NEW.statut IN ('acceptee', 'refusee') AND NEW.retire_at = '')
          OR (OLD.statut = 'acceptee' AND NEW.statut = 'retiree'
              AND (NEW.iban, NEW.bic, NEW.titulaire, NEW.created_at, NEW.decided_by, NEW.decided_at)
                = (OLD.iban, OLD.bic, OLD.titulaire, OLD.created_at, OLD.decided_by, OLD.decided_at)))) THEN
        RAISE EXCEPTION 'pass: une qualification décidée ne change plus (sauf son retrait, une fois)' USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END $$;

-- A redemption needs the place's approved qualification now.
CREATE FUNCTION pass_utilisations_qualifiee() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pass_qualifications WHERE lieu_id = NEW.lieu_id AND statut = 'acceptee') THEN
        RAISE EXCEPTION 'pass: lieu non qualifié' USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER pass_utilisations_qualifiee BEFORE INSERT ON pass_utilisations
    FOR EACH ROW EXECUTE FUNCTION pass_utilisations_qualifiee();
