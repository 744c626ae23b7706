-- Claims and proposals still pending from accounts deleted before deleting
-- an account withdrew them (accountsql.DeleteUser does it since).
UPDATE revendications SET statut = 'retiree', decided_by = 'système'
    WHERE statut = 'en_attente' AND compte IN (SELECT id FROM comptes WHERE deleted_at <> '');
UPDATE propositions SET statut = 'retiree', decided_by = 'système'
    WHERE statut = 'en_attente' AND compte IN (SELECT id FROM comptes WHERE deleted_at <> '');
