-- The perimeter of a Pass numérique order is judged on the place's commune
-- at redemption time (review fix10p, major 1). Until 038, the (order,
-- place) pairs of pass_commande_lieux were written when a qualification was
-- approved or an order recorded, and a redemption only checked its pair: a
-- place whose commune changed afterwards (moved from the Rhône to Paris by
-- a contribution) kept redeeming the Rhône order's passes. The pairs are
-- dropped (with the foreign key of pass_utilisations that reached them);
-- the rule is now the place's commune in lieux, now:
-- - pass_lieux_territoire tells, for each place with a commune, its
--   commune, the commune its municipal arrondissement belongs to (Paris
--   75101–75120 → 75056, Lyon 69381–69389 → 69123, Marseille 13201–13216
--   → 13055; the commune itself otherwise), its département and EPCI (the
--   referential's, else the parent commune's; the département from the code
--   when no referential is loaded);
-- - pass_dans_perimetre(order, place) says whether the place is inside one
--   of the order's zones (pass_commande_zones) now; the trigger
--   pass_utilisations_perimetre refuses a redemption row otherwise, and
--   pass_utiliser judges with it (the store's redemption on SQLite reads
--   alike: accountsql sqlRedeemInside).
CREATE VIEW pass_lieux_territoire AS
SELECT l.id AS lieu_id, l.code_insee AS commune, l.parent AS commune_parente,
    COALESCE(NULLIF(c.departement, ''), NULLIF(pc.departement, ''),
        CASE WHEN substr(l.code_insee, 1, 2) IN ('97', '98') THEN substr(l.code_insee, 1, 3) ELSE substr(l.code_insee, 1, 2) END) AS departement,
    COALESCE(NULLIF(c.epci, ''), NULLIF(pc.epci, ''), '') AS epci
FROM (SELECT id, code_insee, CASE
        WHEN code_insee ~ '^751(0[1-9]|1[0-9]|20)$' THEN '75056'
        WHEN code_insee ~ '^6938[1-9]$' THEN '69123'
        WHEN code_insee ~ '^132(0[1-9]|1[0-6])$' THEN '13055'
        ELSE code_insee END AS parent
      FROM lieux WHERE code_insee <> '') l
LEFT JOIN communes c ON c.code = l.code_insee
LEFT JOIN communes pc ON pc.code = l.parent;

CREATE FUNCTION pass_dans_perimetre(p_commande BIGINT, p_lieu TEXT) RETURNS BOOLEAN LANGUAGE sql STABLE AS $$
    SELECT EXISTS (
        SELECT 1 FROM pass_lieux_territoire t JOIN pass_commande_zones z ON z.commande = p_commande
            AND ((z.type = 'commune' AND z.code IN (t.commune, t.commune_parente))
              OR (z.type = 'departement' AND z.code = t.departement)
              OR (z.type = 'epci' AND z.code = t.epci))
        WHERE t.lieu_id = p_lieu)
$$;

DROP TABLE pass_commande_lieux CASCADE;
DROP FUNCTION pass_commande_lieux_regle();

CREATE FUNCTION pass_utilisations_perimetre() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT pass_dans_perimetre(NEW.commande, NEW.lieu_id) THEN
        RAISE EXCEPTION 'pass: lieu hors du périmètre de la commande' USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER pass_utilisations_perimetre BEFORE INSERT ON pass_utilisations
    FOR EACH ROW EXECUTE FUNCTION pass_utilisations_perimetre();

-- 034's pass_utiliser, the perimeter judged now.
CREATE OR REPLACE FUNCTION pass_utiliser(
    p_compte BIGINT, p_cle TEXT, p_empreinte TEXT, p_montre TEXT, p_code TEXT, p_lieu TEXT, p_service TEXT,
    p_tout_lieu BOOLEAN, p_jour TEXT, p_at TEXT, p_actor TEXT,
    OUT issue TEXT, OUT empreinte_donnee TEXT, OUT reponse_donnee TEXT,
    OUT id_pass BIGINT, OUT id_commande BIGINT, OUT id_carnet BIGINT, OUT valeur BIGINT, OUT etat_pass TEXT,
    OUT qualifie BOOLEAN, OUT dans_perimetre BOOLEAN, OUT id_utilisation BIGINT)
LANGUAGE plpgsql AS $$
DECLARE
    v_dernier_jour TEXT;
BEGIN
    qualifie := false;
    dans_perimetre := false;
    SELECT i.empreinte, i.reponse INTO empreinte_donnee, reponse_donnee
        FROM pass_idempotence i WHERE i.compte = p_compte AND i.cle = p_cle;
    IF FOUND THEN
        issue := 'rejoue';
        RETURN;
    END IF;
    IF NOT p_tout_lieu
        AND NOT EXISTS (SELECT 1 FROM revendications r WHERE r.lieu_id = p_lieu AND r.compte = p_compte AND r.statut = 'acceptee')
        AND NOT EXISTS (SELECT 1 FROM pass_qualifications q WHERE q.lieu_id = p_lieu AND q.compte = p_compte AND q.statut <> 'refusee') THEN
        issue := 'non_habilite';
        RETURN;
    END IF;
    issue := 'refus';
    IF p_code = '' THEN
        RETURN;
    END IF;
    SELECT p.id, p.commande, p.carnet, p.valeur_centimes, p.etat INTO id_pass, id_commande, id_carnet, valeur, etat_pass
        FROM pass p WHERE p.code = p_code FOR UPDATE;
    IF NOT FOUND THEN
        RETURN;
    END IF;
    qualifie := EXISTS (SELECT 1 FROM pass_qualifications q WHERE q.lieu_id = p_lieu AND q.statut = 'acceptee');
    dans_perimetre := pass_dans_perimetre(id_commande, p_lieu);
    SELECT c.dernier_jour INTO v_dernier_jour FROM pass_commandes c WHERE c.id = id_commande;
    IF NOT (etat_pass = 'injecte' AND p_jour COLLATE "C" <= v_dernier_jour COLLATE "C" AND qualifie AND dans_perimetre
        AND EXISTS (SELECT 1 FROM pass_commande_services s WHERE s.commande = id_commande AND s.service = p_service)) THEN
        RETURN;
    END IF;
    INSERT INTO pass_utilisations (pass, commande, valeur_centimes, lieu_id, service, jour, dernier_jour, at, compte, cle)
        VALUES (id_pass, id_commande, valeur, p_lieu, p_service, p_jour, v_dernier_jour, p_at, p_compte, p_cle)
        RETURNING id INTO id_utilisation;
    UPDATE pass SET etat = 'utilise' WHERE id = id_pass;
    INSERT INTO pass_evenements (pass, type, actor, at) VALUES (id_pass, 'utilise', p_actor, p_at);
    -- The answer as store.RedeemResult's JSON (the replay decodes it).
    INSERT INTO pass_idempotence (compte, cle, empreinte, reponse, at) VALUES (p_compte, p_cle, p_empreinte,
        json_build_object('code', p_montre, 'utilisation', json_build_object('id', id_utilisation, 'pass', id_pass,
            'code', p_code, 'commande', id_commande, 'lieu', p_lieu, 'service', p_service, 'jour', p_jour,
            'horodatage', p_at, 'compte', p_compte, 'valeur_centimes', valeur))::text, p_at);
    issue := 'utilise';
END $$;
