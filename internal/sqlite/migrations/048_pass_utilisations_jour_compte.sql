-- A redemption row bound to its own instant and to who may redeem (review
-- 10A round 2, MAJOR 5), on every path (the store, a person at the prompt):
-- - its day is the Paris day of its instant `at` (UTC RFC 3339 text):
--   SQLite has no time zones, so the day must be that of at + 1 hour
--   (winter) or at + 2 hours (summer), which never refuses the store's
--   rows and leaves one hour a day ambiguous; PostgreSQL says it exactly;
-- - its instant is not before its order was recorded nor before its
--   pass's carnet was handed;
-- - its account acts for the place, as the store judges it: an approved
--   qualification of that account for the place, or its accepted claim of
--   the place; or it is an administrator's (the command line's AnyLieu).
CREATE TRIGGER pass_utilisations_jour BEFORE INSERT ON pass_utilisations
WHEN NOT (NEW.at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:*'
          AND NEW.jour IN (date(NEW.at, '+1 hour'), date(NEW.at, '+2 hours'))
          AND NEW.at >= COALESCE((SELECT created_at FROM pass_commandes WHERE id = NEW.commande), '9')
          AND NEW.at >= COALESCE((SELECT k.remis_at FROM pass p JOIN pass_carnets k ON k.id = p.carnet WHERE p.id = NEW.pass), '9')) BEGIN
    SELECT RAISE(ABORT, 'pass: une utilisation est du jour (Paris) de son instant, après la commande et la remise de son carnet');
END;
CREATE TRIGGER pass_utilisations_compte BEFORE INSERT ON pass_utilisations
WHEN NOT EXISTS (SELECT 1 FROM pass_qualifications WHERE lieu_id = NEW.lieu_id AND compte = NEW.compte AND statut = 'acceptee')
 AND NOT EXISTS (SELECT 1 FROM revendications WHERE lieu_id = NEW.lieu_id AND compte = NEW.compte AND statut = 'acceptee')
 AND NOT EXISTS (SELECT 1 FROM comptes WHERE id = NEW.compte AND role = 'administrateur') BEGIN
    SELECT RAISE(ABORT, 'pass: le compte d''une utilisation agit pour son lieu');
END;
