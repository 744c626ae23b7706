-- The Pass numérique's ledger against TRUNCATE and idempotency rewrites
-- (review 10A round 2, MAJOR 4 and 6):
-- - row-level BEFORE DELETE triggers do not fire on TRUNCATE: every ledger
--   table refuses it by a statement-level trigger (042 did three of them);
-- - an idempotency row is the first answer given to a request, replayed on
--   every retry of it: once written it neither changes nor goes away.
CREATE TRIGGER pass_commandes_vidage BEFORE TRUNCATE ON pass_commandes
    FOR EACH STATEMENT EXECUTE FUNCTION pass_refuse('une commande enregistrée ne se supprime pas');
CREATE TRIGGER pass_vidage BEFORE TRUNCATE ON pass
    FOR EACH STATEMENT EXECUTE FUNCTION pass_refuse('un pass ne se supprime pas');
CREATE TRIGGER pass_evenements_vidage BEFORE TRUNCATE ON pass_evenements
    FOR EACH STATEMENT EXECUTE FUNCTION pass_refuse('les événements ne se suppriment pas');
CREATE TRIGGER pass_qualifications_vidage BEFORE TRUNCATE ON pass_qualifications
    FOR EACH STATEMENT EXECUTE FUNCTION pass_refuse('une qualification ne se supprime pas');
CREATE TRIGGER pass_utilisations_vidage BEFORE TRUNCATE ON pass_utilisations
    FOR EACH STATEMENT EXECUTE FUNCTION pass_refuse('une utilisation ne se supprime pas');
CREATE TRIGGER pass_releves_vidage BEFORE TRUNCATE ON pass_releves
    FOR EACH STATEMENT EXECUTE FUNCTION pass_refuse('un relevé ne se supprime pas');
CREATE TRIGGER pass_releve_corrections_vidage BEFORE TRUNCATE ON pass_releve_corrections
    FOR EACH STATEMENT EXECUTE FUNCTION pass_refuse('une correction ne se supprime pas');
CREATE TRIGGER pass_avoirs_vidage BEFORE TRUNCATE ON pass_avoirs
    FOR EACH STATEMENT EXECUTE FUNCTION pass_refuse('un avoir ne se supprime pas');
CREATE TRIGGER pass_idempotence_immuable BEFORE UPDATE OR DELETE ON pass_idempotence
    FOR EACH ROW EXECUTE FUNCTION pass_refuse('la première réponse à une requête ne change plus');
CREATE TRIGGER pass_idempotence_vidage BEFORE TRUNCATE ON pass_idempotence
    FOR EACH STATEMENT EXECUTE FUNCTION pass_refuse('la première réponse à une requête ne change plus');
