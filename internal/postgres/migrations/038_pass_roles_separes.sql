-- Roles of the Pass numérique kept apart (review 10A major 3): an account
-- that orders passes (financeur, who prints every code of its orders) or
-- hands them (distributeur) never redeems one, whatever place it acts for.
-- The database refuses the redemption itself, on every path (page, API,
-- command line, pass_utiliser), even if the account's role changed after
-- its claim or qualification was accepted.
CREATE FUNCTION pass_utilisations_roles() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM comptes WHERE id = NEW.compte AND role IN ('financeur', 'distributeur')) THEN
        RAISE EXCEPTION 'pass: un compte financeur ou distributeur n''utilise pas de pass' USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER pass_utilisations_roles BEFORE INSERT ON pass_utilisations
    FOR EACH ROW EXECUTE FUNCTION pass_utilisations_roles();
