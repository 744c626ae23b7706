-- A revision of the Pass numérique's qualifications (issue 10): bumped by
-- every request, decision or withdrawal, whatever the path (the pages,
-- maillage pass qualifier), in its transaction. Every server reads it with
-- the registry's revision (store.Revision.Qualifications) and reads the
-- qualified places again when it moved, so that the directory's « Accepte
-- le Pass numérique » and its filter pass=1 follow a decision taken on
-- another instance or from the command line at once, never by a clock.
INSERT INTO revisions (name, value) VALUES ('pass_qualifications', 0);
CREATE FUNCTION pass_qualifications_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE revisions SET value = value + 1 WHERE name = 'pass_qualifications';
    RETURN NULL;
END $$;
CREATE TRIGGER pass_qualifications_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON pass_qualifications
    FOR EACH STATEMENT EXECUTE FUNCTION pass_qualifications_changed();
