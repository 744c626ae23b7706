-- A registry from before the merge (issue 8) was moved to source records
-- by migration 012, and migration 022 marked every record compared: its
-- duplicates (a second source's copies published as SOURCE-id) were never
-- looked for. A registry that no merge run has ever left a trace in (no
-- pair of records scored, no place merged into another) has its current
-- records compared once, by the next merge run (an import, a harvest, the
-- schedule of `maillage serve`, or `maillage doublons --comparer`). A
-- registry that was compared keeps its tokens: it is not compared again
-- wholesale (`maillage doublons --comparer --tous` does it on demand).
UPDATE enregistrements SET a_comparer = 1
WHERE retire_at = '' AND a_comparer = 0
  AND NOT EXISTS (SELECT 1 FROM paires_doublons)
  AND NOT EXISTS (SELECT 1 FROM redirections);
