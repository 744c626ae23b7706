-- The change log: every write of a place, whatever the path (imports,
-- edits, moderation, code yet to come), appends the place's id in the same
-- transaction. Instances read it to follow the registry.
CREATE SEQUENCE lieux_changes_seq;
CREATE TABLE lieux_changes (
    seq BIGINT PRIMARY KEY,
    lieu_id TEXT NOT NULL
);
-- Revisions that are counters: "territoires" is bumped by every change of
-- the referential; "lieux_elagues" is the last change pruned from the log.
CREATE TABLE revisions (
    name TEXT PRIMARY KEY,
    value BIGINT NOT NULL
);
INSERT INTO revisions (name, value) VALUES ('territoires', 0), ('lieux_elagues', 0);

-- A reader that sees change n must already see every change before it.
-- Sequence numbers are handed out at nextval, not at commit: two writers
-- could commit 11 before 10, and a reader at 11 would skip 10 forever. So
-- a writer of places first takes a lock held until its transaction ends
-- (keyed by this schema's lieux table), before its first row lock on lieux
-- and its first number: writers of places take turns (imports already do),
-- and numbers follow the commit order.
CREATE FUNCTION lieux_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(727010, TG_RELID::integer);
    IF TG_OP <> 'INSERT' THEN
        INSERT INTO lieux_changes (seq, lieu_id) VALUES (nextval('lieux_changes_seq'), OLD.id);
    END IF;
    IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.id <> OLD.id) THEN
        INSERT INTO lieux_changes (seq, lieu_id) VALUES (nextval('lieux_changes_seq'), NEW.id);
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER lieux_changes BEFORE INSERT OR UPDATE OR DELETE ON lieux
    FOR EACH ROW EXECUTE FUNCTION lieux_changed();

CREATE FUNCTION territoires_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE revisions SET value = value + 1 WHERE name = 'territoires';
    RETURN NULL;
END $$;
CREATE TRIGGER regions_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON regions
    FOR EACH STATEMENT EXECUTE FUNCTION territoires_changed();
CREATE TRIGGER departements_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON departements
    FOR EACH STATEMENT EXECUTE FUNCTION territoires_changed();
CREATE TRIGGER epci_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON epci
    FOR EACH STATEMENT EXECUTE FUNCTION territoires_changed();
CREATE TRIGGER communes_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON communes
    FOR EACH STATEMENT EXECUTE FUNCTION territoires_changed();
