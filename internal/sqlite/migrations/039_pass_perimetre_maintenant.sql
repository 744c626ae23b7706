-- The perimeter of a Pass numérique order is judged on the place's commune
-- at redemption time (review fix10p, major 1). Until 038, the (order,
-- place) pairs of pass_commande_lieux were written when a qualification was
-- approved or an order recorded, and a redemption only checked its pair: a
-- place whose commune changed afterwards (moved from the Rhône to Paris by
-- a contribution) kept redeeming the Rhône order's passes. The pairs are
-- dropped; the rule is now the place's commune in lieux, now:
-- - pass_lieux_territoire tells, for each place with a commune, its
--   commune, the commune its municipal arrondissement belongs to (Paris
--   75101–75120 → 75056, Lyon 69381–69389 → 69123, Marseille 13201–13216
--   → 13055; the commune itself otherwise), its département and EPCI (the
--   referential's, else the parent commune's; the département from the code
--   when no referential is loaded);
-- - a redemption row is refused unless its place is inside one of its
--   order's zones (pass_commande_zones) now: the trigger
--   pass_utilisations_perimetre, which the store's redemption reads alike
--   (accountsql sqlRedeemInside).
-- SQLite drops a foreign key by rebuilding the table: the redemptions are
-- kept aside, the table dropped and created again without its foreign key
-- to pass_commande_lieux, the rows put back with their ids (the foreign
-- keys that reach them, from pass_releve_corrections and activites, are
-- deferred meanwhile and checked at commit), and its indexes and triggers
-- (028, 037, 038) created again.
CREATE VIEW pass_lieux_territoire AS
SELECT l.id AS lieu_id, l.code_insee AS commune, l.parent AS commune_parente,
    COALESCE(NULLIF(c.departement, ''), NULLIF(pc.departement, ''),
        CASE WHEN substr(l.code_insee, 1, 2) IN ('97', '98') THEN substr(l.code_insee, 1, 3) ELSE substr(l.code_insee, 1, 2) END) AS departement,
    COALESCE(NULLIF(c.epci, ''), NULLIF(pc.epci, ''), '') AS epci
FROM (SELECT id, code_insee, CASE
        WHEN code_insee GLOB '751[0-1][0-9]' AND code_insee <> '75100' THEN '75056'
        WHEN code_insee = '75120' THEN '75056'
        WHEN code_insee GLOB '6938[1-9]' THEN '69123'
        WHEN code_insee GLOB '1320[1-9]' OR code_insee GLOB '1321[0-6]' THEN '13055'
        ELSE code_insee END AS parent
      FROM lieux WHERE code_insee <> '') l
LEFT JOIN communes c ON c.code = l.code_insee
LEFT JOIN communes pc ON pc.code = l.parent;

PRAGMA defer_foreign_keys = ON;
CREATE TABLE pass_utilisations_038 AS SELECT * FROM pass_utilisations;
DROP TABLE pass_utilisations;
CREATE TABLE pass_utilisations (
    id INTEGER PRIMARY KEY,
    pass INTEGER NOT NULL UNIQUE,
    commande INTEGER NOT NULL,
    valeur_centimes INTEGER NOT NULL,
    lieu_id TEXT NOT NULL,
    service TEXT NOT NULL,
    jour TEXT NOT NULL CHECK (jour = date(jour)),
    dernier_jour TEXT NOT NULL,
    at TEXT NOT NULL,
    compte INTEGER NOT NULL,
    cle TEXT NOT NULL,
    CHECK (jour <= dernier_jour),
    FOREIGN KEY (pass, commande, valeur_centimes) REFERENCES pass (id, commande, valeur_centimes),
    FOREIGN KEY (commande, dernier_jour) REFERENCES pass_commandes (id, dernier_jour),
    FOREIGN KEY (commande, service) REFERENCES pass_commande_services (commande, service),
    FOREIGN KEY (compte, cle) REFERENCES pass_idempotence (compte, cle) DEFERRABLE INITIALLY DEFERRED
);
INSERT INTO pass_utilisations (id, pass, commande, valeur_centimes, lieu_id, service, jour, dernier_jour, at, compte, cle)
    SELECT id, pass, commande, valeur_centimes, lieu_id, service, jour, dernier_jour, at, compte, cle FROM pass_utilisations_038 ORDER BY id;
DROP TABLE pass_utilisations_038;
DROP TABLE pass_commande_lieux;

CREATE INDEX pass_utilisations_lieu_jour ON pass_utilisations (lieu_id, jour, valeur_centimes);
CREATE INDEX pass_utilisations_jour ON pass_utilisations (jour, lieu_id, valeur_centimes);
-- 028's rules.
CREATE TRIGGER pass_utilisations_injecte BEFORE INSERT ON pass_utilisations
WHEN NOT EXISTS (SELECT 1 FROM pass WHERE id = NEW.pass AND etat = 'injecte') BEGIN
    SELECT RAISE(ABORT, 'pass: seul un pass remis à un bénéficiaire s''utilise');
END;
CREATE TRIGGER pass_utilisations_immuables BEFORE UPDATE ON pass_utilisations BEGIN
    SELECT RAISE(ABORT, 'pass: une utilisation ne change plus');
END;
CREATE TRIGGER pass_utilisations_suppression BEFORE DELETE ON pass_utilisations BEGIN
    SELECT RAISE(ABORT, 'pass: une utilisation ne se supprime pas');
END;
CREATE TRIGGER pass_utilisations_releve BEFORE INSERT ON pass_utilisations
WHEN EXISTS (SELECT 1 FROM pass_releves WHERE lieu_id = NEW.lieu_id AND mois = substr(NEW.jour, 1, 7)) BEGIN
    SELECT RAISE(ABORT, 'pass: le relevé de ce mois est émis');
END;
-- 037's: the place's approved qualification now.
CREATE TRIGGER pass_utilisations_qualifiee BEFORE INSERT ON pass_utilisations
WHEN NOT EXISTS (SELECT 1 FROM pass_qualifications WHERE lieu_id = NEW.lieu_id AND statut = 'acceptee') BEGIN
    SELECT RAISE(ABORT, 'pass: lieu non qualifié');
END;
-- 038's: roles kept apart.
CREATE TRIGGER pass_utilisations_roles BEFORE INSERT ON pass_utilisations
WHEN EXISTS (SELECT 1 FROM comptes WHERE id = NEW.compte AND role IN ('financeur', 'distributeur')) BEGIN
    SELECT RAISE(ABORT, 'pass: un compte financeur ou distributeur n''utilise pas de pass');
END;
-- The place inside its order's perimeter now.
CREATE TRIGGER pass_utilisations_perimetre BEFORE INSERT ON pass_utilisations
WHEN NOT EXISTS (
    SELECT 1 FROM pass_lieux_territoire t JOIN pass_commande_zones z ON z.commande = NEW.commande
        AND ((z.type = 'commune' AND z.code IN (t.commune, t.commune_parente))
          OR (z.type = 'departement' AND z.code = t.departement)
          OR (z.type = 'epci' AND z.code = t.epci))
    WHERE t.lieu_id = NEW.lieu_id
) BEGIN
    SELECT RAISE(ABORT, 'pass: lieu hors du périmètre de la commande');
END;
