-- The change log: every write of a place, whatever the path (imports,
-- edits, moderation, code yet to come), appends the place's id in the same
-- transaction. SQLite has one writer at a time, so the numbers follow the
-- commit order. Instances read it to follow the registry.
CREATE TABLE lieux_changes (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    lieu_id TEXT NOT NULL
);
-- Revisions that are counters: "territoires" is bumped by every change of
-- the referential; "lieux_elagues" is the last change pruned from the log.
CREATE TABLE revisions (
    name TEXT PRIMARY KEY,
    value INTEGER NOT NULL
);
INSERT INTO revisions (name, value) VALUES ('territoires', 0), ('lieux_elagues', 0);

CREATE TRIGGER lieux_changes_insert AFTER INSERT ON lieux BEGIN
    INSERT INTO lieux_changes (lieu_id) VALUES (NEW.id);
END;
CREATE TRIGGER lieux_changes_update AFTER UPDATE ON lieux BEGIN
    INSERT INTO lieux_changes (lieu_id) VALUES (OLD.id);
    INSERT INTO lieux_changes (lieu_id) SELECT NEW.id WHERE NEW.id <> OLD.id;
END;
CREATE TRIGGER lieux_changes_delete AFTER DELETE ON lieux BEGIN
    INSERT INTO lieux_changes (lieu_id) VALUES (OLD.id);
END;

CREATE TRIGGER regions_insert AFTER INSERT ON regions BEGIN UPDATE revisions SET value = value + 1 WHERE name = 'territoires'; END;
CREATE TRIGGER regions_update AFTER UPDATE ON regions BEGIN UPDATE revisions SET value = value + 1 WHERE name = 'territoires'; END;
CREATE TRIGGER regions_delete AFTER DELETE ON regions BEGIN UPDATE revisions SET value = value + 1 WHERE name = 'territoires'; END;
CREATE TRIGGER departements_insert AFTER INSERT ON departements BEGIN UPDATE revisions SET value = value + 1 WHERE name = 'territoires'; END;
CREATE TRIGGER departements_update AFTER UPDATE ON departements BEGIN UPDATE revisions SET value = value + 1 WHERE name = 'territoires'; END;
CREATE TRIGGER departements_delete AFTER DELETE ON departements BEGIN UPDATE revisions SET value = value + 1 WHERE name = 'territoires'; END;
CREATE TRIGGER epci_insert AFTER INSERT ON epci BEGIN UPDATE revisions SET value = value + 1 WHERE name = 'territoires'; END;
CREATE TRIGGER epci_update AFTER UPDATE ON epci BEGIN UPDATE revisions SET value = value + 1 WHERE name = 'territoires'; END;
CREATE TRIGGER epci_delete AFTER DELETE ON epci BEGIN UPDATE revisions SET value = value + 1 WHERE name = 'territoires'; END;
CREATE TRIGGER communes_insert AFTER INSERT ON communes BEGIN UPDATE revisions SET value = value + 1 WHERE name = 'territoires'; END;
CREATE TRIGGER communes_update AFTER UPDATE ON communes BEGIN UPDATE revisions SET value = value + 1 WHERE name = 'territoires'; END;
CREATE TRIGGER communes_delete AFTER DELETE ON communes BEGIN UPDATE revisions SET value = value + 1 WHERE name = 'territoires'; END;
