-- Candidate pairs of source records scored by the deduplication (issue 8,
-- part 4). A pair is keyed by its two records (source and the id the source
-- gave), A before B, so that it survives merges and splits of places.
-- scores is the JSON of every component (dedup.Scores); bande is meme,
-- a_verifier or distincts; decision is '' (none yet), auto (merged by the
-- automatic run), confirmee, rejetee or separee (a person's, never
-- overwritten by a harvest). Times are store.TimeLayout text.
CREATE TABLE paires_doublons (
    source_a TEXT NOT NULL,
    id_a TEXT NOT NULL,
    source_b TEXT NOT NULL,
    id_b TEXT NOT NULL,
    scores TEXT NOT NULL,
    total DOUBLE PRECISION NOT NULL,
    bande TEXT NOT NULL,
    decision TEXT NOT NULL DEFAULT '',
    decide_par TEXT NOT NULL DEFAULT '',
    decide_le TEXT NOT NULL DEFAULT '',
    premier_vu TEXT NOT NULL,
    dernier_vu TEXT NOT NULL,
    PRIMARY KEY (source_a, id_a, source_b, id_b)
);
CREATE INDEX paires_doublons_b ON paires_doublons (source_b, id_b);
CREATE INDEX paires_doublons_bande ON paires_doublons (bande, decision);
