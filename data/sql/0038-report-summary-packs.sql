-- 0038-report-summary-packs.sql — what keeps a year's analyses fast: a
-- month's summaries packed in one blob
-- (src/report-summary-pack.c), so an analysis over a year reads twelve
-- blobs per dimension instead of every key's month rows (a hundred
-- thousand a month for the members).
--
-- One row per monthly dimension (0029) and month that is over; packed is
-- the month's rows of that dimension, both kinds, in key order, in the
-- format of src/report-summary-run.h. stamp is the month's count of
-- records (sales and returns, sales_summary's 'total' month rows) when it
-- was packed: the pack is read only while that count is unchanged, so it
-- is a cache the rows can always replace. The migration step packs the
-- months before the latest one summarised; afterwards an analysis packs
-- a month once it is over.
CREATE TABLE sales_summary_packs (
  dimension TEXT NOT NULL,
  month     TEXT NOT NULL CHECK (length (month) = 6),
  stamp     INTEGER NOT NULL CHECK (stamp >= 0),
  packed    BLOB NOT NULL,
  UNIQUE (dimension, month)
);

-- The members by level with their liabilities (points held, stored value
-- principal and bonus), kept by the triggers below on every change to a
-- member, so the member analysis reads a few rows instead of every member
-- (5,000,000 at a large mall). Liabilities = the sums of these rows.
CREATE TABLE member_level_totals (
  level_code   TEXT PRIMARY KEY,
  members      INTEGER NOT NULL DEFAULT 0,
  points       INTEGER NOT NULL DEFAULT 0,
  sv_principal INTEGER NOT NULL DEFAULT 0,
  sv_bonus     INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;

INSERT INTO member_level_totals (level_code, members, points, sv_principal, sv_bonus)
  SELECT level_code, count (*), sum (points_available + points_pending), sum (sv_principal),
         sum (sv_bonus)
  FROM members GROUP BY level_code;

CREATE TRIGGER member_level_totals_insert AFTER INSERT ON members
BEGIN
  INSERT INTO member_level_totals (level_code, members, points, sv_principal, sv_bonus)
  VALUES (NEW.level_code, 1, NEW.points_available + NEW.points_pending, NEW.sv_principal,
          NEW.sv_bonus)
  ON CONFLICT (level_code) DO UPDATE SET members = members + 1,
    points = points + excluded.points, sv_principal = sv_principal + excluded.sv_principal,
    sv_bonus = sv_bonus + excluded.sv_bonus;
END;

CREATE TRIGGER member_level_totals_delete AFTER DELETE ON members
BEGIN
  UPDATE member_level_totals SET members = members - 1,
    points = points - (OLD.points_available + OLD.points_pending),
    sv_principal = sv_principal - OLD.sv_principal, sv_bonus = sv_bonus - OLD.sv_bonus
  WHERE level_code = OLD.level_code;
END;

CREATE TRIGGER member_level_totals_update
AFTER UPDATE OF level_code, points_available, points_pending, sv_principal, sv_bonus ON members
BEGIN
  UPDATE member_level_totals SET members = members - 1,
    points = points - (OLD.points_available + OLD.points_pending),
    sv_principal = sv_principal - OLD.sv_principal, sv_bonus = sv_bonus - OLD.sv_bonus
  WHERE level_code = OLD.level_code;
  INSERT INTO member_level_totals (level_code, members, points, sv_principal, sv_bonus)
  VALUES (NEW.level_code, 1, NEW.points_available + NEW.points_pending, NEW.sv_principal,
          NEW.sv_bonus)
  ON CONFLICT (level_code) DO UPDATE SET members = members + 1,
    points = points + excluded.points, sv_principal = sv_principal + excluded.sv_principal,
    sv_bonus = sv_bonus + excluded.sv_bonus;
END;
