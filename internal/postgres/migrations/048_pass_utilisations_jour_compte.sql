-- A redemption row bound to its own instant and to who may redeem (review
-- 10A round 2, MAJOR 5), on every path (the store, a person at the prompt):
-- - its day is the Paris day of its instant `at` (UTC RFC 3339 text);
-- - its instant is not before its order was recorded nor before its
--   pass's carnet was handed;
-- - its account acts for the place, as the store judges it: an approved
--   qualification of that account for the place, or its accepted claim of
--   the place; or it is an administrator's (the command line's AnyLieu).
CREATE FUNCTION pass_utilisations_jour_compte() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT (NEW.at ~ '^\d{4}-\d{2}-\d{2}T\d{2}:'
            AND NEW.jour = to_char(NEW.at::timestamptz AT TIME ZONE 'Europe/Paris', 'YYYY-MM-DD')
            AND NEW.at COLLATE "C" >= COALESCE((SELECT created_at FROM pass_commandes WHERE id = NEW.commande), '9')
            AND NEW.at COLLATE "C" >= COALESCE((SELECT k.remis_at FROM pass p JOIN pass_carnets k ON k.id = p.carnet WHERE p.id = NEW.pass), '9')) THEN
        RAISE EXCEPTION 'pass: une utilisation est du jour (Paris) de son instant, après la commande et la remise de son carnet' USING ERRCODE = 'check_violation';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pass_qualifications WHERE lieu_id = NEW.lieu_id AND compte = NEW.compte AND statut = 'acceptee')
       AND NOT EXISTS (SELECT 1 FROM revendications WHERE lieu_id = NEW.lieu_id AND compte = NEW.compte AND statut = 'acceptee')
       AND NOT EXISTS (SELECT 1 FROM comptes WHERE id = NEW.compte AND role = 'administrateur') THEN
        RAISE EXCEPTION 'pass: le compte d''une utilisation agit pour son lieu' USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER pass_utilisations_jour_compte BEFORE INSERT ON pass_utilisations
    FOR EACH ROW EXECUTE FUNCTION pass_utilisations_jour_compte();
