-- A proposal keeps the values it was made from (JSON, for the fields it
-- changes), so that accepting it applies only its own changes.
ALTER TABLE propositions ADD COLUMN base TEXT NOT NULL DEFAULT '';
