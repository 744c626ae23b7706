-- A statement and a credit note come after what they account for (review
-- 10A round 2, MAJOR 8 and 9), judged on the row's own creation instant
-- (emis_at, UTC RFC 3339 text, written from the transaction's one clock):
-- - a statement of a month is issued once that month is over in Paris,
--   for a place the Pass numérique pays (approved or withdrawn);
-- - a credit note once its order's last day is over in Paris, at the
--   order's value, counting exactly the order's credited passes.
-- "Over in Paris" is taken as emis_at >= the last day at 22:00 UTC: Paris
-- is UTC+2 in summer, UTC+1 in winter, so this never refuses the store's
-- own rows and lets through at most one winter hour early, the simplest
-- sound rule SQLite can say without time zones. A forged emis_at is left to
-- the journal; these rules stop the store's and a person's ordinary rows.
CREATE TRIGGER pass_releves_mois_fini BEFORE INSERT ON pass_releves
WHEN NOT (NEW.emis_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:*'
          AND NEW.emis_at >= date(NEW.mois || '-01', '+1 month', '-1 day') || 'T22') BEGIN
    SELECT RAISE(ABORT, 'pass: un relevé s''émet une fois son mois fini');
END;
CREATE TRIGGER pass_releves_lieu BEFORE INSERT ON pass_releves
WHEN NOT EXISTS (SELECT 1 FROM pass_qualifications WHERE lieu_id = NEW.lieu_id AND statut IN ('acceptee', 'retiree')) BEGIN
    SELECT RAISE(ABORT, 'pass: un relevé est celui d''un lieu qualifié');
END;
CREATE TRIGGER pass_avoirs_fin BEFORE INSERT ON pass_avoirs
WHEN NOT (NEW.emis_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:*'
          AND EXISTS (SELECT 1 FROM pass_commandes c WHERE c.id = NEW.commande AND c.valeur_centimes = NEW.valeur_centimes
                      AND NEW.emis_at >= c.dernier_jour || 'T22')
          AND NEW.nb_pass = (SELECT count(*) FROM pass WHERE commande = NEW.commande AND etat = 'credite')) BEGIN
    SELECT RAISE(ABORT, 'pass: un avoir s''émet après le dernier jour de sa commande, à sa valeur, pour ses pass crédités');
END;
