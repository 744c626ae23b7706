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
CREATE FUNCTION pass_commande_lignes_regle() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' OR EXISTS (SELECT 1 FROM pass_carnets WHERE commande = NEW.commande) THEN
        RAISE EXCEPTION 'pass: %', TG_ARGV[0] USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER pass_commande_zones_regle BEFORE INSERT OR UPDATE OR DELETE ON pass_commande_zones
    FOR EACH ROW EXECUTE FUNCTION pass_commande_lignes_regle('le périmètre d''une commande ne change plus');
CREATE TRIGGER pass_commande_zones_vidage BEFORE TRUNCATE ON pass_commande_zones
    FOR EACH STATEMENT EXECUTE FUNCTION pass_refuse('le périmètre d''une commande ne change plus');
CREATE TRIGGER pass_commande_services_regle BEFORE INSERT OR UPDATE OR DELETE ON pass_commande_services
    FOR EACH ROW EXECUTE FUNCTION pass_commande_lignes_regle('les services d''une commande ne changent plus');
CREATE TRIGGER pass_commande_services_vidage BEFORE TRUNCATE ON pass_commande_services
    FOR EACH STATEMENT EXECUTE FUNCTION pass_refuse('les services d''une commande ne changent plus');

CREATE FUNCTION pass_carnets_remise() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'pass: un carnet ne se supprime pas' USING ERRCODE = 'check_violation';
    END IF;
    IF NOT ((NEW.id, NEW.commande, NEW.code) = (OLD.id, OLD.commande, OLD.code)
        AND OLD.remis_at = ''
        AND (OLD.distributeur IS NULL OR NEW.distributeur IS NOT DISTINCT FROM OLD.distributeur)
        AND (NEW.remis_at <> '' OR (NEW.remis_par = '' AND NEW.tranche_age = '' AND NEW.commune = ''))
        AND (NEW.remis_at = '' OR NEW.remis_par <> '')) THEN
        RAISE EXCEPTION 'pass: un carnet remis ne change plus (ni son distributeur une fois attribué)' USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER pass_carnets_remise BEFORE UPDATE OR DELETE ON pass_carnets
    FOR EACH ROW EXECUTE FUNCTION pass_carnets_remise();
CREATE TRIGGER pass_carnets_vidage BEFORE TRUNCATE ON pass_carnets
    FOR EACH STATEMENT EXECUTE FUNCTION pass_refuse('un carnet ne se supprime pas');

CREATE FUNCTION pass_releve_corrections_objet() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pass_qualifications WHERE lieu_id = NEW.lieu_id AND statut IN ('acceptee', 'retiree')) THEN
        RAISE EXCEPTION 'pass: une correction porte sur un lieu qualifié' USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.corrige IS NOT NULL AND NOT EXISTS (SELECT 1 FROM pass_utilisations WHERE id = NEW.corrige AND lieu_id = NEW.lieu_id) THEN
        RAISE EXCEPTION 'pass: une correction porte sur une utilisation de son lieu' USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER pass_releve_corrections_objet BEFORE INSERT ON pass_releve_corrections
    FOR EACH ROW EXECUTE FUNCTION pass_releve_corrections_objet();
