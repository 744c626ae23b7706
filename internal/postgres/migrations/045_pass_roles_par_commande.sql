-- Roles of the Pass numérique kept apart by the order and the carnet, not
-- only by the account's role now (review 10A2 major 7): the account that
-- ordered a pass's order (pass_commandes.financeur, who printed its codes)
-- or holds its carnet (pass_carnets.distributeur) never redeems it, even
-- once its role was changed and a place qualified for it. Same message as
-- migration 038's trigger (the store tells it as errRolesApart).
CREATE OR REPLACE FUNCTION pass_utilisations_roles() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM comptes WHERE id = NEW.compte AND role IN ('financeur', 'distributeur'))
        OR EXISTS (SELECT 1 FROM pass p JOIN pass_commandes c ON c.id = p.commande LEFT JOIN pass_carnets k ON k.id = p.carnet
            WHERE p.id = NEW.pass AND (c.financeur = NEW.compte OR k.distributeur = NEW.compte)) THEN
        RAISE EXCEPTION 'pass: un compte financeur ou distributeur n''utilise pas de pass' USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END $$;

-- 039's pass_utiliser, where only an approved qualification makes its
-- account act for the place (review 10A2 major 2): a withdrawn one's
-- account no longer does, even once another structure has the place
-- qualified again.
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
        AND NOT EXISTS (SELECT 1 FROM pass_qualifications q WHERE q.lieu_id = p_lieu AND q.compte = p_compte AND q.statut = 'acceptee') THEN
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
