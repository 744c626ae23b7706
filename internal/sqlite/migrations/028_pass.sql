-- The Pass numérique (issue 10): orders of carnets of passes, the events of
-- each pass, qualified places, redemptions, monthly statements and credit
-- notes. Money in integer cents; days are 'YYYY-MM-DD' (Europe/Paris),
-- instants RFC 3339 text as elsewhere. The invariants are the database's,
-- not only the code's (see /work/wt/CONTRACT10.md and storetest/pass*.go):
-- a redemption's foreign keys reach the pass (and its order and value),
-- the order's last day (CHECK jour <= dernier_jour), the order's services,
-- the (order, place) membership (an approved qualification inside the
-- perimeter) and its idempotency row; UNIQUE (pass) makes it once, ever.
CREATE TABLE pass_commandes (
    id INTEGER PRIMARY KEY,
    financeur INTEGER NOT NULL REFERENCES comptes (id),
    nb_carnets INTEGER NOT NULL CHECK (nb_carnets > 0),
    pass_par_carnet INTEGER NOT NULL CHECK (pass_par_carnet > 0),
    valeur_centimes INTEGER NOT NULL CHECK (valeur_centimes > 0),
    fin_validite TEXT NOT NULL CHECK (fin_validite = date(fin_validite)),
    tolerance_jours INTEGER NOT NULL CHECK (tolerance_jours >= 0),
    -- fin_validite + tolerance_jours: the last day a pass is accepted
    dernier_jour TEXT NOT NULL CHECK (dernier_jour = date(fin_validite, '+' || tolerance_jours || ' days')),
    perimetre TEXT NOT NULL,          -- as written (pass.FormatPerimeter); the zones below are the rule
    publics TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    UNIQUE (id, dernier_jour),
    UNIQUE (id, valeur_centimes)
);
CREATE INDEX pass_commandes_financeur ON pass_commandes (financeur);
CREATE TRIGGER pass_commandes_immuables BEFORE UPDATE ON pass_commandes BEGIN
    SELECT RAISE(ABORT, 'pass: une commande enregistrée ne change plus');
END;
CREATE TRIGGER pass_commandes_suppression BEFORE DELETE ON pass_commandes BEGIN
    SELECT RAISE(ABORT, 'pass: une commande enregistrée ne se supprime pas');
END;

CREATE TABLE pass_commande_services (
    commande INTEGER NOT NULL REFERENCES pass_commandes (id),
    service TEXT NOT NULL,
    PRIMARY KEY (commande, service)
);
CREATE TABLE pass_commande_zones (
    commande INTEGER NOT NULL REFERENCES pass_commandes (id),
    type TEXT NOT NULL CHECK (type IN ('departement', 'epci', 'commune')),
    code TEXT NOT NULL,
    PRIMARY KEY (commande, type, code)
);

CREATE TABLE pass_carnets (
    id INTEGER PRIMARY KEY,
    commande INTEGER NOT NULL REFERENCES pass_commandes (id),
    code TEXT NOT NULL UNIQUE,
    distributeur INTEGER REFERENCES comptes (id),
    attribue_at TEXT NOT NULL DEFAULT '',
    attribue_par TEXT NOT NULL DEFAULT '',
    remis_at TEXT NOT NULL DEFAULT '',
    remis_par TEXT NOT NULL DEFAULT '',
    tranche_age TEXT NOT NULL DEFAULT '' CHECK (tranche_age IN ('', 'moins-de-25', '25-44', '45-64', '65-74', '75-et-plus')),
    commune TEXT NOT NULL DEFAULT '',
    UNIQUE (id, commande),
    CHECK (remis_at = '' OR distributeur IS NOT NULL)
);
CREATE INDEX pass_carnets_commande ON pass_carnets (commande, id);
CREATE INDEX pass_carnets_distributeur ON pass_carnets (distributeur);

CREATE TABLE pass (
    id INTEGER PRIMARY KEY,
    commande INTEGER NOT NULL,
    carnet INTEGER NOT NULL,
    code TEXT NOT NULL UNIQUE,
    valeur_centimes INTEGER NOT NULL,
    etat TEXT NOT NULL CHECK (etat IN ('emis', 'injecte', 'utilise', 'bloque', 'credite')),
    FOREIGN KEY (carnet, commande) REFERENCES pass_carnets (id, commande),
    FOREIGN KEY (commande, valeur_centimes) REFERENCES pass_commandes (id, valeur_centimes),
    UNIQUE (id, commande, valeur_centimes)
);
CREATE INDEX pass_carnet ON pass (carnet);
CREATE INDEX pass_commande_etat ON pass (commande, etat);
-- A pass is issued emis and moves only along the circuit (pass.State.Next).
CREATE TRIGGER pass_emis BEFORE INSERT ON pass WHEN NEW.etat <> 'emis' BEGIN
    SELECT RAISE(ABORT, 'pass: un pass est émis dans l''état emis');
END;
CREATE TRIGGER pass_circuit BEFORE UPDATE ON pass WHEN NOT (
    (NEW.id = OLD.id AND NEW.commande = OLD.commande AND NEW.carnet = OLD.carnet AND NEW.code = OLD.code AND NEW.valeur_centimes = OLD.valeur_centimes)
    AND ((OLD.etat = 'emis' AND NEW.etat IN ('injecte', 'bloque', 'credite'))
      OR (OLD.etat = 'injecte' AND NEW.etat IN ('utilise', 'bloque', 'credite'))
      OR (OLD.etat = 'bloque' AND NEW.etat = 'credite'))
) BEGIN
    SELECT RAISE(ABORT, 'pass: changement d''état hors du circuit');
END;
CREATE TRIGGER pass_suppression BEFORE DELETE ON pass BEGIN
    SELECT RAISE(ABORT, 'pass: un pass ne se supprime pas');
END;

-- Append-only: the current state (pass.etat) is re-derived from them.
CREATE TABLE pass_evenements (
    id INTEGER PRIMARY KEY,
    pass INTEGER NOT NULL REFERENCES pass (id),
    type TEXT NOT NULL CHECK (type IN ('emis', 'injecte', 'utilise', 'bloque', 'credite')),
    actor TEXT NOT NULL,
    at TEXT NOT NULL,
    motif TEXT NOT NULL DEFAULT ''
);
CREATE INDEX pass_evenements_pass ON pass_evenements (pass, id);
CREATE TRIGGER pass_evenements_immuables BEFORE UPDATE ON pass_evenements BEGIN
    SELECT RAISE(ABORT, 'pass: les événements ne changent plus');
END;
CREATE TRIGGER pass_evenements_suppression BEFORE DELETE ON pass_evenements BEGIN
    SELECT RAISE(ABORT, 'pass: les événements ne se suppriment pas');
END;

-- One qualification per SIRET and per place (but refused ones); the
-- statuses are final once decided.
CREATE TABLE pass_qualifications (
    id INTEGER PRIMARY KEY,
    lieu_id TEXT NOT NULL,
    siret TEXT NOT NULL CHECK (length(siret) = 14 AND siret NOT GLOB '*[^0-9]*'),
    compte INTEGER NOT NULL REFERENCES comptes (id),
    iban TEXT NOT NULL,
    statut TEXT NOT NULL CHECK (statut IN ('en_attente', 'acceptee', 'refusee')),
    created_at TEXT NOT NULL,
    decided_by TEXT NOT NULL DEFAULT '',
    decided_at TEXT NOT NULL DEFAULT '',
    UNIQUE (id, lieu_id)
);
CREATE UNIQUE INDEX pass_qualifications_siret ON pass_qualifications (siret) WHERE statut <> 'refusee';
CREATE UNIQUE INDEX pass_qualifications_lieu ON pass_qualifications (lieu_id) WHERE statut <> 'refusee';
CREATE TRIGGER pass_qualifications_decision BEFORE UPDATE ON pass_qualifications WHEN NOT (
    OLD.statut = 'en_attente' AND NEW.id = OLD.id AND NEW.lieu_id = OLD.lieu_id AND NEW.siret = OLD.siret AND NEW.compte = OLD.compte
) BEGIN
    SELECT RAISE(ABORT, 'pass: une qualification décidée ne change plus');
END;

-- (order, place) pairs where the place may redeem the order's passes:
-- written when a qualification is approved (for the orders whose perimeter
-- holds the place) and when an order is recorded (for the qualified places
-- inside it). The trigger refuses a pair whose qualification is not
-- approved or whose place is outside the order's zones.
CREATE TABLE pass_commande_lieux (
    commande INTEGER NOT NULL REFERENCES pass_commandes (id),
    lieu_id TEXT NOT NULL,
    qualification INTEGER NOT NULL,
    PRIMARY KEY (commande, lieu_id),
    FOREIGN KEY (qualification, lieu_id) REFERENCES pass_qualifications (id, lieu_id)
);
CREATE INDEX pass_commande_lieux_lieu ON pass_commande_lieux (lieu_id);
CREATE TRIGGER pass_commande_lieux_qualifie BEFORE INSERT ON pass_commande_lieux
WHEN NOT EXISTS (SELECT 1 FROM pass_qualifications WHERE id = NEW.qualification AND statut = 'acceptee') BEGIN
    SELECT RAISE(ABORT, 'pass: lieu non qualifié');
END;
CREATE TRIGGER pass_commande_lieux_perimetre BEFORE INSERT ON pass_commande_lieux
WHEN NOT EXISTS (
    SELECT 1 FROM lieux l LEFT JOIN communes c ON c.code = l.code_insee
    JOIN pass_commande_zones z ON z.commande = NEW.commande AND (
        (z.type = 'commune' AND z.code = l.code_insee)
        OR (z.type = 'departement' AND z.code = COALESCE(c.departement, CASE WHEN substr(l.code_insee, 1, 2) IN ('97', '98') THEN substr(l.code_insee, 1, 3) ELSE substr(l.code_insee, 1, 2) END))
        OR (z.type = 'epci' AND z.code = c.epci))
    WHERE l.id = NEW.lieu_id AND l.code_insee <> ''
) BEGIN
    SELECT RAISE(ABORT, 'pass: lieu hors du périmètre de la commande');
END;
CREATE TRIGGER pass_commande_lieux_immuables BEFORE UPDATE ON pass_commande_lieux BEGIN
    SELECT RAISE(ABORT, 'pass: une habilitation ne change pas');
END;

-- The first answer to each (account, Idempotency-Key), replayed on a retry;
-- written in the transaction of the redemption (the redemption's deferred
-- foreign key requires it).
CREATE TABLE pass_idempotence (
    compte INTEGER NOT NULL,
    cle TEXT NOT NULL,
    empreinte TEXT NOT NULL,          -- sha256 of the request
    reponse TEXT NOT NULL,            -- JSON of the answer
    at TEXT NOT NULL,
    PRIMARY KEY (compte, cle)
);

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
    FOREIGN KEY (commande, lieu_id) REFERENCES pass_commande_lieux (commande, lieu_id),
    FOREIGN KEY (compte, cle) REFERENCES pass_idempotence (compte, cle) DEFERRABLE INITIALLY DEFERRED
);
-- A statement sums its place's redemptions of its month from this index.
CREATE INDEX pass_utilisations_lieu_jour ON pass_utilisations (lieu_id, jour, valeur_centimes);
CREATE INDEX pass_utilisations_jour ON pass_utilisations (jour, lieu_id, valeur_centimes);
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

-- A statement (relevé) pays a place for its redemptions of a month: all
-- of them, none other (a redemption is refused once its month's statement
-- exists), plus the corrections written for that month before it was
-- issued (a correction is a new line, never an edit). Its INSERT trigger
-- checks its total and count against them; afterwards nothing changes but
-- the payment, marked once.
CREATE TABLE pass_releves (
    id INTEGER PRIMARY KEY,
    lieu_id TEXT NOT NULL,
    mois TEXT NOT NULL CHECK (length(mois) = 7 AND date(mois || '-01') IS NOT NULL),
    total_centimes INTEGER NOT NULL,
    nb_pass INTEGER NOT NULL,
    emis_at TEXT NOT NULL,
    emis_par TEXT NOT NULL,
    paye_at TEXT NOT NULL DEFAULT '',
    paye_par TEXT NOT NULL DEFAULT '',
    virement TEXT NOT NULL DEFAULT '',
    UNIQUE (lieu_id, mois),
    CHECK ((paye_at = '') = (virement = ''))
);
CREATE INDEX pass_releves_mois ON pass_releves (mois);
CREATE TABLE pass_releve_corrections (
    id INTEGER PRIMARY KEY,
    lieu_id TEXT NOT NULL,
    mois TEXT NOT NULL CHECK (length(mois) = 7 AND date(mois || '-01') IS NOT NULL),
    corrige INTEGER REFERENCES pass_utilisations (id), -- the redemption it is about, if any
    montant_centimes INTEGER NOT NULL CHECK (montant_centimes <> 0),
    note TEXT NOT NULL CHECK (note <> ''),
    at TEXT NOT NULL,
    actor TEXT NOT NULL
);
CREATE INDEX pass_releve_corrections_releve ON pass_releve_corrections (lieu_id, mois);
CREATE TRIGGER pass_utilisations_releve BEFORE INSERT ON pass_utilisations
WHEN EXISTS (SELECT 1 FROM pass_releves WHERE lieu_id = NEW.lieu_id AND mois = substr(NEW.jour, 1, 7)) BEGIN
    SELECT RAISE(ABORT, 'pass: le relevé de ce mois est émis');
END;
CREATE TRIGGER pass_releve_corrections_avant BEFORE INSERT ON pass_releve_corrections
WHEN EXISTS (SELECT 1 FROM pass_releves WHERE lieu_id = NEW.lieu_id AND mois = NEW.mois) BEGIN
    SELECT RAISE(ABORT, 'pass: un relevé émis ne reçoit plus de lignes');
END;
CREATE TRIGGER pass_releve_corrections_immuables BEFORE UPDATE ON pass_releve_corrections BEGIN
    SELECT RAISE(ABORT, 'pass: une correction ne change plus');
END;
CREATE TRIGGER pass_releve_corrections_suppression BEFORE DELETE ON pass_releve_corrections BEGIN
    SELECT RAISE(ABORT, 'pass: une correction ne se supprime pas');
END;
CREATE TRIGGER pass_releves_total BEFORE INSERT ON pass_releves
WHEN NEW.paye_at <> ''
  OR NEW.nb_pass IS NOT (SELECT count(*) FROM pass_utilisations WHERE lieu_id = NEW.lieu_id AND jour BETWEEN NEW.mois || '-01' AND NEW.mois || '-31')
  OR NEW.total_centimes IS NOT (SELECT COALESCE(sum(valeur_centimes), 0) FROM pass_utilisations WHERE lieu_id = NEW.lieu_id AND jour BETWEEN NEW.mois || '-01' AND NEW.mois || '-31')
     + (SELECT COALESCE(sum(montant_centimes), 0) FROM pass_releve_corrections WHERE lieu_id = NEW.lieu_id AND mois = NEW.mois) BEGIN
    SELECT RAISE(ABORT, 'pass: le total du relevé n''est pas la somme de ses utilisations et corrections');
END;
CREATE TRIGGER pass_releves_paiement BEFORE UPDATE ON pass_releves WHEN NOT (
    OLD.paye_at = '' AND NEW.paye_at <> '' AND NEW.virement <> ''
    AND NEW.id = OLD.id AND NEW.lieu_id = OLD.lieu_id AND NEW.mois = OLD.mois AND NEW.total_centimes = OLD.total_centimes
    AND NEW.nb_pass = OLD.nb_pass AND NEW.emis_at = OLD.emis_at AND NEW.emis_par = OLD.emis_par
) BEGIN
    SELECT RAISE(ABORT, 'pass: un relevé émis ne change plus (sauf son paiement, une fois)');
END;
CREATE TRIGGER pass_releves_suppression BEFORE DELETE ON pass_releves BEGIN
    SELECT RAISE(ABORT, 'pass: un relevé ne se supprime pas');
END;

-- One credit note per order, for its passes unused at the end of validity.
CREATE TABLE pass_avoirs (
    id INTEGER PRIMARY KEY,
    commande INTEGER NOT NULL UNIQUE,
    valeur_centimes INTEGER NOT NULL,
    nb_pass INTEGER NOT NULL CHECK (nb_pass >= 0),
    montant_centimes INTEGER NOT NULL,
    emis_at TEXT NOT NULL,
    emis_par TEXT NOT NULL,
    CHECK (montant_centimes = nb_pass * valeur_centimes),
    FOREIGN KEY (commande, valeur_centimes) REFERENCES pass_commandes (id, valeur_centimes)
);
CREATE TRIGGER pass_avoirs_immuables BEFORE UPDATE ON pass_avoirs BEGIN
    SELECT RAISE(ABORT, 'pass: un avoir émis ne change plus');
END;
CREATE TRIGGER pass_avoirs_suppression BEFORE DELETE ON pass_avoirs BEGIN
    SELECT RAISE(ABORT, 'pass: un avoir ne se supprime pas');
END;
