-- The order in which places were created: of two places merged, the one
-- created first survives (its id stays, the other redirects). created_at
-- cannot tell two places a transaction created at one instant (a merge
-- run creates many), and the tie went to the smaller id. ordre_creation
-- is a number every new place takes after every other (published or
-- withdrawn: a place published again keeps its own). Existing places are
-- numbered in created_at then id order.
ALTER TABLE lieux ADD COLUMN ordre_creation INTEGER NOT NULL DEFAULT 0;
ALTER TABLE lieux_retires ADD COLUMN ordre_creation INTEGER NOT NULL DEFAULT 0;

CREATE TEMP TABLE ordre_027 AS
SELECT id, row_number() OVER (ORDER BY created_at, id) AS n
FROM (SELECT id, created_at FROM lieux UNION ALL SELECT id, created_at FROM lieux_retires);

-- Numbering is not a change of the places: the changes feed does not see it.
DROP TRIGGER lieux_changes_update;
UPDATE lieux SET ordre_creation = (SELECT n FROM ordre_027 o WHERE o.id = lieux.id);
CREATE TRIGGER lieux_changes_update AFTER UPDATE ON lieux BEGIN
    INSERT INTO lieux_changes (lieu_id, kind) VALUES (OLD.id, CASE WHEN NEW.id = OLD.id THEN 'u' ELSE 'd' END);
    INSERT INTO lieux_changes (lieu_id, kind) SELECT NEW.id, 'c' WHERE NEW.id <> OLD.id;
END;
UPDATE lieux_retires SET ordre_creation = (SELECT n FROM ordre_027 o WHERE o.id = lieux_retires.id);
DROP TABLE ordre_027;

CREATE INDEX lieux_ordre_creation ON lieux (ordre_creation);
