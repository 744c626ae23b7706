-- The rest of the Pass numérique's ledger made append-only by the database
-- (review fix10p 4 and 7), like its other tables since 028:
-- - an order's zones and services (its perimeter and what it pays for) are
--   written with the order, before its carnets, and never change: no
--   update, no deletion, no new one once the order has carnets;
-- - a carnet's code and order never change; its distributeur, once set,
--   neither (assigned again to the same is allowed); its handing (remis_at,
--   remis_par, the age band and commune given then) is written once, and
--   after it nothing of the carnet changes; a carnet is never deleted;
-- - a statement's correction is about a place the Pass numérique pays (one
--   with an approved or withdrawn qualification) and, when it names a
--   redemption, one of that place.
CREATE TRIGGER pass_commande_zones_immuables BEFORE UPDATE ON pass_commande_zones BEGIN
    SELECT RAISE(ABORT, 'pass: le périmètre d''une commande ne change plus');
END;
CREATE TRIGGER pass_commande_zones_suppression BEFORE DELETE ON pass_commande_zones BEGIN
    SELECT RAISE(ABORT, 'pass: le périmètre d''une commande ne change plus');
END;
CREATE TRIGGER pass_commande_zones_ajout BEFORE INSERT ON pass_commande_zones
WHEN EXISTS (SELECT 1 FROM pass_carnets WHERE commande = NEW.commande) BEGIN
    SELECT RAISE(ABORT, 'pass: le périmètre d''une commande ne change plus');
END;
CREATE TRIGGER pass_commande_services_immuables BEFORE UPDATE ON pass_commande_services BEGIN
    SELECT RAISE(ABORT, 'pass: les services d''une commande ne changent plus');
END;
CREATE TRIGGER pass_commande_services_suppression BEFORE DELETE ON pass_commande_services BEGIN
    SELECT RAISE(ABORT, 'pass: les services d''une commande ne changent plus');
END;
CREATE TRIGGER pass_commande_services_ajout BEFORE INSERT ON pass_commande_services
WHEN EXISTS (SELECT 1 FROM pass_carnets WHERE commande = NEW.commande) BEGIN
    SELECT RAISE(ABORT, 'pass: les services d''une commande ne changent plus');
END;

CREATE TRIGGER pass_carnets_remise BEFORE UPDATE ON pass_carnets WHEN NOT (
    NEW.id = OLD.id AND NEW.commande = OLD.commande AND NEW.code = OLD.code
    AND OLD.remis_at = ''
    AND (OLD.distributeur IS NULL OR NEW.distributeur IS OLD.distributeur)
    AND (NEW.remis_at <> '' OR (NEW.remis_par = '' AND NEW.tranche_age = '' AND NEW.commune = ''))
    AND (NEW.remis_at = '' OR NEW.remis_par <> '')
) BEGIN
    SELECT RAISE(ABORT, 'pass: un carnet remis ne change plus (ni son distributeur une fois attribué)');
END;
CREATE TRIGGER pass_carnets_suppression BEFORE DELETE ON pass_carnets BEGIN
    SELECT RAISE(ABORT, 'pass: un carnet ne se supprime pas');
END;

CREATE TRIGGER pass_releve_corrections_lieu BEFORE INSERT ON pass_releve_corrections
WHEN NOT EXISTS (SELECT 1 FROM pass_qualifications WHERE lieu_id = NEW.lieu_id AND statut IN ('acceptee', 'retiree')) BEGIN
    SELECT RAISE(ABORT, 'pass: une correction porte sur un lieu qualifié');
END;
CREATE TRIGGER pass_releve_corrections_utilisation BEFORE INSERT ON pass_releve_corrections
WHEN NEW.corrige IS NOT NULL AND NOT EXISTS (SELECT 1 FROM pass_utilisations WHERE id = NEW.corrige AND lieu_id = NEW.lieu_id) BEGIN
    SELECT RAISE(ABORT, 'pass: une correction porte sur une utilisation de son lieu');
END;
