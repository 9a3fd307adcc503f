-- 0002-training.sql — an entry written by a training store (练习模式, issue
-- 15): kept and answered exactly once like any other, marked so that no
-- business figure (sales, reports) ever counts it.
ALTER TABLE entries ADD COLUMN training boolean NOT NULL DEFAULT false;
