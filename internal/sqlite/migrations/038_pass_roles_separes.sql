-- Roles of the Pass numérique kept apart (review 10A major 3): an account
-- that orders passes (financeur, who prints every code of its orders) or
-- hands them (distributeur) never redeems one, whatever place it acts for.
-- The database refuses the redemption itself, on every path (page, API,
-- command line), even if the account's role changed after its claim or
-- qualification was accepted.
CREATE TRIGGER pass_utilisations_roles BEFORE INSERT ON pass_utilisations
WHEN EXISTS (SELECT 1 FROM comptes WHERE id = NEW.compte AND role IN ('financeur', 'distributeur')) BEGIN
    SELECT RAISE(ABORT, 'pass: un compte financeur ou distributeur n''utilise pas de pass');
END;
