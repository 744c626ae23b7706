-- A redemption of the Pass numérique in one round trip (issue 10): the
-- store calls pass_utiliser once per redemption instead of running its ~11
-- statements one by one, each waiting for the server (PostgreSQL reached
-- about 550 redemptions/s that way; the target is 1 000/s). The function
-- writes nothing the tables of 028 would not accept from those statements:
-- their constraints and triggers still check every row it inserts (one
-- redemption per pass, a qualified place inside the order's perimeter, an
-- allowed service, the last day, a handed pass, its idempotency row).
--
-- What it does, in the order of accountsql.Redeem:
--   1. the answer already given to (p_compte, p_cle): issue 'rejoue', with
--      its request's fingerprint and the answer (the caller compares the
--      fingerprint, then replays or refuses the reused key);
--   2. unless p_tout_lieu (an administrator), the account must act for the
--      place (an approved claim, or its qualification not refused): issue
--      'non_habilite' otherwise;
--   3. the pass of canonical code p_code ('' for a code that is not one),
--      locked (FOR UPDATE: a second redemption waits, then sees it used),
--      whether the place is qualified and inside the order's perimeter;
--   4. when pass.Check would accept it (handed, p_jour not after the
--      order's last day, qualified, inside, an allowed service), the
--      redemption, the pass's state, its event and the idempotency row with
--      the answer (the JSON of store.RedeemResult): issue 'utilise';
--      otherwise nothing is written: issue 'refus', and the caller judges
--      the attempt with pass.Check (its reason, its message) and records
--      the refusal's answer itself.
CREATE FUNCTION pass_utiliser(
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
    dans_perimetre := EXISTS (SELECT 1 FROM pass_commande_lieux cl WHERE cl.commande = id_commande AND cl.lieu_id = p_lieu);
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
