-- The last TOTP step used by each account: a code is accepted once.
ALTER TABLE comptes ADD COLUMN totp_dernier_pas BIGINT NOT NULL DEFAULT 0;
