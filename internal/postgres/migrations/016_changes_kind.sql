-- What each change of the log was: 'c' a place appeared (an insert, or the
-- new id of a row whose id changed), 'u' it changed, 'd' it disappeared
-- (a delete, or the old id of a row whose id changed). The changes feed
-- (/api/v1/lieux/changements) tells created places from updated ones by
-- it. Changes logged before this migration count as updates.
ALTER TABLE lieux_changes ADD COLUMN kind TEXT NOT NULL DEFAULT 'u';

-- As in 010, with the kind: the lock first, then the numbers.
CREATE OR REPLACE FUNCTION lieux_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(727010, TG_RELID::integer);
    IF TG_OP = 'UPDATE' THEN
        INSERT INTO lieux_changes (seq, lieu_id, kind) VALUES (nextval('lieux_changes_seq'), OLD.id,
            CASE WHEN NEW.id = OLD.id THEN 'u' ELSE 'd' END);
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO lieux_changes (seq, lieu_id, kind) VALUES (nextval('lieux_changes_seq'), OLD.id, 'd');
    END IF;
    IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.id <> OLD.id) THEN
        INSERT INTO lieux_changes (seq, lieu_id, kind) VALUES (nextval('lieux_changes_seq'), NEW.id, 'c');
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END $$;
