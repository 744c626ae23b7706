-- What each change of the log was: 'c' a place appeared (an insert, or the
-- new id of a row whose id changed), 'u' it changed, 'd' it disappeared
-- (a delete, or the old id of a row whose id changed). The changes feed
-- (/api/v1/lieux/changements) tells created places from updated ones by
-- it. Changes logged before this migration count as updates.
ALTER TABLE lieux_changes ADD COLUMN kind TEXT NOT NULL DEFAULT 'u';

DROP TRIGGER lieux_changes_insert;
DROP TRIGGER lieux_changes_update;
DROP TRIGGER lieux_changes_delete;
CREATE TRIGGER lieux_changes_insert AFTER INSERT ON lieux BEGIN
    INSERT INTO lieux_changes (lieu_id, kind) VALUES (NEW.id, 'c');
END;
CREATE TRIGGER lieux_changes_update AFTER UPDATE ON lieux BEGIN
    INSERT INTO lieux_changes (lieu_id, kind) VALUES (OLD.id, CASE WHEN NEW.id = OLD.id THEN 'u' ELSE 'd' END);
    INSERT INTO lieux_changes (lieu_id, kind) SELECT NEW.id, 'c' WHERE NEW.id <> OLD.id;
END;
CREATE TRIGGER lieux_changes_delete AFTER DELETE ON lieux BEGIN
    INSERT INTO lieux_changes (lieu_id, kind) VALUES (OLD.id, 'd');
END;
