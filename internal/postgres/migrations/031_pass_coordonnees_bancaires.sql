-- The bank details of a Pass numérique qualification (issue 10): besides
-- the IBAN (028), the BIC and the account holder's name the structure
-- typed, to pay its statements. Shown masked on the pages (only the IBAN
-- is secret-ish; the BIC names a bank). Empty for the qualifications
-- recorded before, and for those approved from the command line without
-- bank details.
ALTER TABLE pass_qualifications ADD COLUMN bic TEXT NOT NULL DEFAULT '';
ALTER TABLE pass_qualifications ADD COLUMN titulaire TEXT NOT NULL DEFAULT '';
