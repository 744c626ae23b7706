-- One pending claim per account and place: duplicates made before this
-- rule are refused (the oldest stays), and the rule holds from now on.
UPDATE revendications SET statut = 'refusee', decided_by = 'système', decided_at = created_at
WHERE statut = 'en_attente' AND id NOT IN (
    SELECT min(id) FROM revendications WHERE statut = 'en_attente' GROUP BY compte, lieu_id
);
CREATE UNIQUE INDEX revendications_en_attente ON revendications (compte, lieu_id) WHERE statut = 'en_attente';
