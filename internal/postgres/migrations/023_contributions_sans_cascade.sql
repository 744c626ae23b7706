-- A place's claims and public reports outlive it (issue 8): a place
-- withdrawn (its last record gone) or absorbed by a merge left `lieux`, and
-- the foreign keys of 009 deleted its claims and reports with it. They now
-- stay: a merge moves them to the surviving place (but an account's second
-- pending claim of it, which stays about the absorbed id, a redirect); a
-- withdrawal leaves them about the withdrawn id, shown to the moderators as
-- about a withdrawn place. New claims and reports still need a published
-- place (checked when they are written). The account's key of a claim stays.
ALTER TABLE revendications DROP CONSTRAINT IF EXISTS revendications_lieu_id_fkey;
ALTER TABLE signalements DROP CONSTRAINT IF EXISTS signalements_lieu_id_fkey;
CREATE INDEX revendications_lieu ON revendications (lieu_id);
