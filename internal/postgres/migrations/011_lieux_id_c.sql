-- Published ids compare byte by byte, as on SQLite and in every listing
-- (ORDER BY id COLLATE "C" before): the primary key then serves the
-- listing in id order, which PostgreSQL otherwise sorted whole (on disk
-- for 100 000 places) before sending its first row.
ALTER TABLE lieux ALTER COLUMN id TYPE TEXT COLLATE "C";
