-- Orientations know their place's commune and région (issue 11 §3), so
-- that the statistics and the annual report of a commune or a région
-- select the orientations to places in it, as those of a département or
-- an EPCI do. Like the département and the EPCI, they are the place's when
-- it was oriented to (CreateOrientation reads them from lieux and the
-- referential); the rows already there take their place's commune now and
-- its région (the commune's in the referential, else its département's),
-- '' when unknown.
ALTER TABLE orientations ADD COLUMN lieu_commune TEXT NOT NULL DEFAULT '';
ALTER TABLE orientations ADD COLUMN region TEXT NOT NULL DEFAULT '';
UPDATE orientations SET lieu_commune = COALESCE((SELECT l.code_insee FROM lieux l WHERE l.id = orientations.lieu_id), '');
UPDATE orientations SET region = COALESCE(
    (SELECT NULLIF(c.region, '') FROM communes c WHERE c.code = orientations.lieu_commune),
    (SELECT NULLIF(d.region, '') FROM departements d WHERE d.code = orientations.departement),
    '');
CREATE INDEX orientations_lieu_commune ON orientations (lieu_commune, cree_le);
CREATE INDEX orientations_region ON orientations (region, cree_le);
