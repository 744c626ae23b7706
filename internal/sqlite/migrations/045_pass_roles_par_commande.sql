-- Roles of the Pass numérique kept apart by the order and the carnet, not
-- only by the account's role now (review 10A2 major 7): the account that
-- ordered a pass's order (pass_commandes.financeur, who printed its codes)
-- or holds its carnet (pass_carnets.distributeur) never redeems it, even
-- once its role was changed and a place qualified for it. Same message as
-- migration 038's trigger (the store tells it as errRolesApart).
CREATE TRIGGER pass_utilisations_roles_pass BEFORE INSERT ON pass_utilisations
WHEN EXISTS (SELECT 1 FROM pass p JOIN pass_commandes c ON c.id = p.commande LEFT JOIN pass_carnets k ON k.id = p.carnet
    WHERE p.id = NEW.pass AND (c.financeur = NEW.compte OR k.distributeur = NEW.compte)) BEGIN
    SELECT RAISE(ABORT, 'pass: un compte financeur ou distributeur n''utilise pas de pass');
END;
