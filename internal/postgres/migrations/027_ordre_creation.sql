-- The order in which places were created: of two places merged, the one
-- created first survives (its id stays, the other redirects). created_at
-- cannot tell two places a transaction created at one instant (a merge
-- run creates many), and the tie went to the smaller id. ordre_creation
-- is a number every new place takes after every other (published or
-- withdrawn: a place published again keeps its own). Existing places are
-- numbered in created_at then id order.
ALTER TABLE lieux ADD COLUMN ordre_creation BIGINT NOT NULL DEFAULT 0;
ALTER TABLE lieux_retires ADD COLUMN ordre_creation BIGINT NOT NULL DEFAULT 0;

CREATE TEMP TABLE ordre_027 ON COMMIT DROP AS
SELECT id, row_number() OVER (ORDER BY created_at, id) AS n
FROM (SELECT id, created_at FROM lieux
      UNION ALL SELECT id, COALESCE(NULLIF(created_at, '')::timestamptz, '-infinity') FROM lieux_retires) AS a;

-- Numbering is not a change of the places: the changes feed does not see it.
ALTER TABLE lieux DISABLE TRIGGER lieux_changes;
UPDATE lieux l SET ordre_creation = o.n FROM ordre_027 o WHERE o.id = l.id;
ALTER TABLE lieux ENABLE TRIGGER lieux_changes;
UPDATE lieux_retires l SET ordre_creation = o.n FROM ordre_027 o WHERE o.id = l.id;

CREATE INDEX lieux_ordre_creation ON lieux (ordre_creation);
