-- What the place's records said about a field when a person set it by
-- hand (a JSON array of values; '' when unknown, for the edits made
-- before): a record replaces the edit only if it says something else.
ALTER TABLE lieux_champs ADD COLUMN dit_sources TEXT NOT NULL DEFAULT '';
