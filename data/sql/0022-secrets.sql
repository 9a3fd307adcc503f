-- 0022-secrets.sql — training stores (练习模式).
--
-- training_mode: one row in a training store (练习模式), none in a production
-- store. `mallposctl init --training` writes it into a new store, before any
-- business; nothing ever removes or changes it, and no store that has
-- journalled anything can become one: a production store cannot be turned
-- into one to replay its clock (MALLPOS_NOW is honoured only here,
-- src/clock.c), and a training store's sales can never pass for business.
CREATE TABLE training_mode (
  id    INTEGER PRIMARY KEY CHECK (id = 1),
  since INTEGER NOT NULL
);
CREATE TRIGGER training_mode_no_update BEFORE UPDATE ON training_mode
BEGIN
  SELECT RAISE (ABORT, 'a training store stays a training store');
END;
CREATE TRIGGER training_mode_no_delete BEFORE DELETE ON training_mode
BEGIN
  SELECT RAISE (ABORT, 'a training store stays a training store');
END;
CREATE TRIGGER training_mode_only_new BEFORE INSERT ON training_mode
WHEN EXISTS (SELECT 1 FROM journal)
BEGIN
  SELECT RAISE (ABORT, 'only a new store can become a training store');
END;
