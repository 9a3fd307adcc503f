-- 9001-migration-on-baseline.sql — a migration as a release after the
-- baseline writes one, living only in test-store-baseline.c's process: a
-- new table filled from the store's own rows and a column added to one of
-- the baseline's tables. Its number is above any real migration's.
CREATE TABLE migration_on_baseline (
  id   INTEGER PRIMARY KEY,
  note TEXT NOT NULL
);
INSERT INTO migration_on_baseline (note) SELECT value FROM settings WHERE key = 'store_code';
ALTER TABLE member_levels ADD COLUMN test_note TEXT;
