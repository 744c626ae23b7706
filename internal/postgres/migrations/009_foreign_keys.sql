-- The links the schema always implied, now enforced: a field's origin,
-- a claim and a public report belong to a place; a session, a claim and a
-- proposal to an account. Rows that point nowhere (none are written by
-- maillage) are dropped first.
DELETE FROM lieux_champs WHERE lieu_id NOT IN (SELECT id FROM lieux);
DELETE FROM sessions WHERE compte NOT IN (SELECT id FROM comptes);
DELETE FROM revendications WHERE compte NOT IN (SELECT id FROM comptes) OR lieu_id NOT IN (SELECT id FROM lieux);
DELETE FROM propositions WHERE compte NOT IN (SELECT id FROM comptes);
DELETE FROM signalements WHERE lieu_id NOT IN (SELECT id FROM lieux);
ALTER TABLE lieux_champs ADD FOREIGN KEY (lieu_id) REFERENCES lieux (id) ON DELETE CASCADE;
ALTER TABLE sessions ADD FOREIGN KEY (compte) REFERENCES comptes (id) ON DELETE CASCADE;
ALTER TABLE revendications ADD FOREIGN KEY (compte) REFERENCES comptes (id) ON DELETE CASCADE;
ALTER TABLE revendications ADD FOREIGN KEY (lieu_id) REFERENCES lieux (id) ON DELETE CASCADE;
ALTER TABLE propositions ADD FOREIGN KEY (compte) REFERENCES comptes (id) ON DELETE CASCADE;
ALTER TABLE signalements ADD FOREIGN KEY (lieu_id) REFERENCES lieux (id) ON DELETE CASCADE;
