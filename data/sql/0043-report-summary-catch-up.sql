-- 0043-report-summary-catch-up.sql — the report summaries (0029) are no
-- longer kept in a sale's own transaction: a report first catches them up
-- from the journal (src/report-summary.c), so a member sale's commit does
-- not pay for them. counters 'report_summary_through' is the journal seq
-- up to which every completed sale and return is in sales_summary; the
-- summaries a store holds now are whole, so it starts at the newest entry.
--
-- Only day rows are kept from now on: a month is read from its pack
-- (0038, built from the day rows once the month is over) or from its day
-- rows. The month rows go; the packs' stamps (the month's count of
-- records) are the same counted over its day rows, so the packs stay
-- current.
INSERT OR REPLACE INTO counters (name, value)
  SELECT 'report_summary_through', coalesce (max (seq), 0) FROM journal;

DELETE FROM sales_summary WHERE length (period) = 6;
