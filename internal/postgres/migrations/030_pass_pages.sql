-- The Pass numérique's pages (issue 10). The financeur's text printed on
-- every pass of an order's carnets (empty for the orders recorded before:
-- their carnets print without one); an order stays immutable once recorded
-- (028's trigger), so the text is given with the order.
-- The reminders sent before the end of an order's validity: one row per
-- order and step, inserted by the instance that sends it, so that two
-- instances on one database never send the same reminder twice.
ALTER TABLE pass_commandes ADD COLUMN texte_imprime TEXT NOT NULL DEFAULT '';

CREATE TABLE pass_rappels (
    commande_id BIGINT NOT NULL REFERENCES pass_commandes (id),
    etape TEXT NOT NULL CHECK (etape <> ''),
    envoye_le TEXT NOT NULL,          -- RFC 3339
    PRIMARY KEY (commande_id, etape)
);
