-- Migration 011 is PostgreSQL's (ids compared byte by byte, COLLATE "C",
-- for paged reads in id order). SQLite already compares text byte by byte:
-- nothing to do; the file keeps both engines' numbers alike.
SELECT 1;
