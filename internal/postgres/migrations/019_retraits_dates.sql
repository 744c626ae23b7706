-- The time of the registry's last change counts the places unpublished
-- (withdrawn, or merged into another: store.LastRemovalSQL), read with
-- the revision every 250 ms by every server: their latest time is read
-- from an index, not by scanning the tables.
CREATE INDEX lieux_retires_retire_at ON lieux_retires (retire_at);
CREATE INDEX redirections_at ON redirections (at);
