-- The records a merge run has still to compare: a token raised by every
-- write of a record by an import (1 for a new record), put back to 0 by
-- the merge run that compared the record, in the transaction of its
-- merges. A run that fails or is interrupted leaves its records pending:
-- the next run, whatever it was started by, takes them.
ALTER TABLE enregistrements ADD COLUMN a_comparer INTEGER NOT NULL DEFAULT 1;
UPDATE enregistrements SET a_comparer = 0;
CREATE INDEX enregistrements_a_comparer ON enregistrements (a_comparer) WHERE a_comparer <> 0;
