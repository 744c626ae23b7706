-- The follow-up of an orientation the place answered « reçue » (issue 11):
-- when it has stayed « reçue » for orientation.ReminderAfter since that
-- answer, the place gets one e-mail asking whether the person came, with a
-- new answer link (its hash in lien, emptied with the person's part after
-- the retention). One row, inserted by the instance that sends it (the
-- primary key decides), as orientation_rappels for the unanswered ones.
CREATE TABLE orientation_relances (
    orientation_id INTEGER PRIMARY KEY REFERENCES orientations (id),
    envoye_le TEXT NOT NULL,
    lien TEXT NOT NULL DEFAULT ''
);
