-- 0029-report-summaries.sql — what the reports read instead of the sales
-- (src/report-summary.c), and the Z reports.
--
-- sales_summary: one row per (dimension, period, key, kind), updated in the
-- transaction of every completed sale or return (and of a return's
-- approval), so a Z report or an analysis over a year reads a few thousand
-- rows, never the year's sales. period is a business day ('20261207') or,
-- for the dimensions an analysis reads over long periods, also its month
-- ('202612'); kind 'sale' or 'return' (a return's figures are negative, as
-- on the record). Dimensions and keys:
--   total     ''             every figure of the records (records = count)
--   hour      '09'           the local hour the record was made
--   cashier   cashier id     records, net
--   member    member id, '' for none
--   tender    'cash' …       records = tenders, net = their amount
--   category  category id    records = lines, quantity (thousandths), gross,
--   product   sku id         discount, net, tax
--   tax       rate in bp     net, tax
--   discount  'member', 'promotion', 'coupon', 'manual'  discount
--   points    'earned', 'burned'  quantity = points
-- A migrated store's summaries are rebuilt from its sales (migration_step).
CREATE TABLE sales_summary (
  dimension TEXT NOT NULL,
  period    TEXT NOT NULL,
  key       TEXT NOT NULL,
  kind      TEXT NOT NULL CHECK (kind = 'sale' OR kind = 'return'),
  records   INTEGER NOT NULL DEFAULT 0,
  quantity  INTEGER NOT NULL DEFAULT 0,
  gross     INTEGER NOT NULL DEFAULT 0,
  discount  INTEGER NOT NULL DEFAULT 0,
  rounding  INTEGER NOT NULL DEFAULT 0,
  net       INTEGER NOT NULL DEFAULT 0,
  tax       INTEGER NOT NULL DEFAULT 0,
  change    INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (dimension, period, key, kind)
) WITHOUT ROWID;

-- A Z report closes its business day once; its document (the JSON of
-- mpos_report_to_json) is kept so a reprint shows the first figures.
CREATE TABLE z_reports (
  number       INTEGER PRIMARY KEY CHECK (number > 0),
  business_day TEXT NOT NULL UNIQUE,
  made_at      INTEGER NOT NULL,
  made_by      TEXT,
  document     TEXT NOT NULL
);

-- The day figures a report reads from ledgers written outside sales.
CREATE INDEX points_ledger_expired ON points_ledger (created_at) WHERE kind = 'expire';
CREATE INDEX coupon_events_at ON coupon_events (created_at);
CREATE INDEX gift_card_ledger_at ON gift_card_ledger (created_at);
CREATE INDEX members_created ON members (created_at);
