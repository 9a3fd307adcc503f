/* test-report-summary.c — tests for the packed months of the report
 * summaries (src/report-summary-run.c, src/report-summary-pack.c) and the
 * member totals the member analysis reads (0038): what a year's analysis
 * reads from them equals what the rows (and the members) say, after
 * returns into a month already packed, a record added to a packed month,
 * a damaged pack and a rebuild. */
#include <glib.h>
#include <string.h>

#include "clock.h"
#include "core.h"
#include "integrity.h"
#include "report-summary-pack.h"
#include "sale.h"
#include "report-summary.h"
#include "store-maintenance.h"
#include "store-private.h"
#include "test-util.h"

#define NOVEMBER_FIRST "20261101"
#define DECEMBER_LAST "20261231"
/* The seven packed dimensions and the member dimension's to-date pack. */
#define PACKS_A_MONTH 8

/* ---- runs ------------------------------------------------------------------ */

static MposSummaryRun *
run_of (const char *const *keys, const gboolean *returns, const int64_t *nets, guint n)
{
  MposSummaryRun *run = mpos_summary_run_new ();

  for (guint i = 0; i < n; i++)
    {
      int64_t figures[MPOS_SUMMARY_N_FIGURES] = { 1, 0, nets[i], 0, 0, nets[i], 0, -nets[i] };
      g_assert_true (mpos_summary_run_append (run, keys[i], returns[i], figures));
    }
  return run;
}

/* A run reads back from its packed bytes as it was, and runs merge by key:
 * records count sales and returns apart, every figure sums. */
static void
test_summary_run_packs_and_merges (void)
{
  static const char *const keys_a[] = { "", "1000001", "1000002", "1000002", "1000010" };
  static const gboolean returns_a[] = { FALSE, FALSE, TRUE, FALSE, FALSE };
  static const int64_t nets_a[] = { 500, 700, -200, 900, G_MAXINT64 / 4 };
  static const char *const keys_b[] = { "1000002", "1000003", "1000010" };
  static const gboolean returns_b[] = { FALSE, FALSE, FALSE };
  static const int64_t nets_b[] = { 100, -3, G_MININT64 / 4 };
  int64_t figures[MPOS_SUMMARY_N_FIGURES] = { 0 };
  g_autoptr (MposSummaryRun) a = run_of (keys_a, returns_a, nets_a, 5);
  g_autoptr (MposSummaryRun) b = run_of (keys_b, returns_b, nets_b, 3);
  g_autoptr (GPtrArray) runs = g_ptr_array_new_with_free_func ((GDestroyNotify)mpos_summary_run_free);
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) rows = NULL;
  g_autoptr (GArray) returns = NULL;
  const guint8 *data;
  gsize size;
  MposSummaryRow r;

  /* out of order, or the same key and kind twice: refused */
  g_assert_false (mpos_summary_run_append (a, "1000009", FALSE, figures));
  g_assert_false (mpos_summary_run_append (a, "1000010", FALSE, figures));
  g_assert_false (mpos_summary_run_append (a, "1000010", TRUE, figures));
  data = mpos_summary_run_packed (a, &size);
  g_ptr_array_add (runs, mpos_summary_run_unpack (data, size, &error));
  g_assert_no_error (error);
  g_ptr_array_add (runs, g_steal_pointer (&b));
  rows = mpos_summary_runs_merge (runs, NULL);
  g_assert_cmpuint (rows->len, ==, 5);
  g_assert_cmpstr (g_array_index (rows, MposSummaryRow, 0).key, ==, "");
  r = mpos_summary_row_find (rows, "1000002");
  g_assert_cmpint (r.records, ==, 2);
  g_assert_cmpint (r.returns, ==, 1);
  g_assert_cmpint (r.net, ==, 800);
  g_assert_cmpint (r.change, ==, -800);
  r = mpos_summary_row_find (rows, "1000010");
  g_assert_cmpint (r.net, ==, G_MAXINT64 / 4 + G_MININT64 / 4);
  g_assert_cmpint (mpos_summary_row_find (rows, "1000003").net, ==, -3);
  returns = mpos_summary_runs_merge (runs, "return");
  g_assert_cmpuint (returns->len, ==, 1);
  g_assert_cmpint (g_array_index (returns, MposSummaryRow, 0).records, ==, 1);
  g_assert_cmpint (g_array_index (returns, MposSummaryRow, 0).net, ==, -200);
}

static void
assert_damaged (const guint8 *data, gsize size, const char *why)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MposSummaryRun) run = mpos_summary_run_unpack (data, size, &error);

  g_assert_null (run);
  g_assert_error (error, MPOS_STORE_ERROR, MPOS_STORE_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, why));
}

/* A damaged pack is refused, saying what is wrong, never read past. */
static void
test_summary_run_refuses_damage (void)
{
  static const char *const keys[] = { "1001", "1002" };
  static const gboolean returns[] = { FALSE, FALSE };
  static const int64_t nets[] = { 300, 400 };
  g_autoptr (MposSummaryRun) run = run_of (keys, returns, nets, 2);
  gsize size;
  const guint8 *data = mpos_summary_run_packed (run, &size);
  g_autofree guint8 *copy = g_memdup2 (data, size);
  static const guint8 nul_key[] = { 1, 0, 2, 'a', 0, 2, 2 };
  static const guint8 sharing[] = { 1, 3, 1, 'a', 2, 2 };
  static const guint8 long_number[] = { 1, 0, 1, 'a', 0x80, 0x80, 0x80, 0x80, 0x80,
                                        0x80, 0x80, 0x80, 0x80, 0x80, 0x01 };
  static const guint8 out_of_order[] = { 1, 0, 1, 'b', 2, 2, 0, 1, 'a', 2, 2 };

  assert_damaged (data, 0, "not version 1");
  copy[0] = 2;
  assert_damaged (copy, size, "not version 1");
  for (gsize cut = 2; cut < size; cut++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (MposSummaryRun) part = mpos_summary_run_unpack (data, cut, &error);
      if (part != NULL) /* cut between entries: the first entry alone */
        g_assert_cmpuint (part->count, ==, 1);
      else
        g_assert_error (error, MPOS_STORE_ERROR, MPOS_STORE_ERROR_CORRUPT);
    }
  assert_damaged (nul_key, sizeof nul_key, "a NUL in a key");
  assert_damaged (sharing, sizeof sharing, "sharing more");
  assert_damaged (long_number, sizeof long_number, "a number too l");
  assert_damaged (out_of_order, sizeof out_of_order, "keys out of order");
}

/* ---- packs in a store ------------------------------------------------------ */

static void
assert_rows_equal (GArray *a, GArray *b)
{
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    {
      const MposSummaryRow *x = &g_array_index (a, MposSummaryRow, i);
      const MposSummaryRow *y = &g_array_index (b, MposSummaryRow, i);
      g_assert_cmpstr (x->key, ==, y->key);
      g_assert_cmpint (x->records, ==, y->records);
      g_assert_cmpint (x->returns, ==, y->returns);
      g_assert_cmpint (x->quantity, ==, y->quantity);
      g_assert_cmpint (x->gross, ==, y->gross);
      g_assert_cmpint (x->discount, ==, y->discount);
      g_assert_cmpint (x->net, ==, y->net);
      g_assert_cmpint (x->tax, ==, y->tax);
      g_assert_cmpint (x->change, ==, y->change);
    }
}

static GArray *
read_rows (MposStore *store, const char *dimension)
{
  g_autoptr (GError) error = NULL;
  GArray *rows
      = mpos_report_summary_read (store, dimension, NOVEMBER_FIRST, DECEMBER_LAST, NULL, &error);

  g_assert_no_error (error);
  return rows;
}

static guint
pack (MposStore *store, const char *before_day)
{
  g_autoptr (GError) error = NULL;
  guint packed = 0;

  g_assert_true (mpos_report_summary_pack (store, before_day, &packed, &error));
  g_assert_no_error (error);
  return packed;
}

/* What the period reads with the packs equals what it reads without them
 * (the month rows), for every dimension kept by month. */
static void
assert_packs_read_as_rows (MposStore *store)
{
  static const char *const dimensions[]
      = { "total", "hour", "cashier", "member", "tender", "category", "product" };

  for (guint d = 0; d < G_N_ELEMENTS (dimensions); d++)
    {
      g_autoptr (GArray) packed = read_rows (store, dimensions[d]);
      g_autoptr (GArray) rows = NULL;
      test_exec (store, "SAVEPOINT unpacked; DELETE FROM sales_summary_packs");
      rows = read_rows (store, dimensions[d]);
      test_exec (store, "ROLLBACK TO unpacked; RELEASE unpacked");
      assert_rows_equal (packed, rows);
    }
}

/* Returns one of the sale's line 2. */
static void
return_one_of_line_2 (MposStore *store, const char *receipt_no, MposSaleResult *ret)
{
  g_autoptr (GArray) lines = test_return_request_new (2, 1);

  test_return_sale (store, receipt_no, lines, ret);
}

static int64_t
returns_in (GArray *rows)
{
  int64_t n = 0;

  for (guint i = 0; i < rows->len; i++)
    n += g_array_index (rows, MposSummaryRow, i).returns;
  return n;
}

/* November sold and packed, then a November sale returned in December: the
 * return is December's, the pack stays current, and November to December
 * reads the same from the packs as from the rows. */
static void
test_summary_packs_after_a_return_into_a_packed_month (void)
{
  g_autoptr (TestStore) ts = test_store_new_demo ();
  MposSaleResult sale = { 0 }, ret = { 0 };
  g_autoptr (GArray) members = NULL;

  test_commit_demo_sale (ts->store, &sale);
  test_commit_demo_sale (ts->store, &sale);
  test_pin_now ("2026-12-02T10:00:00+08:00");
  g_assert_cmpuint (pack (ts->store, "20261202"), ==, PACKS_A_MONTH);
  g_assert_cmpuint (pack (ts->store, "20261202"), ==, 0); /* current: not packed again */
  return_one_of_line_2 (ts->store, sale.receipt_no, &ret);
  test_commit_demo_sale (ts->store, &ret);
  g_assert_cmpuint (pack (ts->store, "20261202"), ==, 0); /* November did not change */
  g_assert_cmpint (test_query_int (ts->store, "SELECT count (*) FROM sales_summary_packs "
                                              "WHERE month = '202611'"),
                   ==, PACKS_A_MONTH);
  assert_packs_read_as_rows (ts->store);
  members = read_rows (ts->store, "member");
  g_assert_cmpint (returns_in (members), ==, 1);
  g_assert_cmpint (test_query_int (ts->store, "SELECT sum (net) FROM sales_summary WHERE "
                                              "dimension = 'total' AND length (period) = 8"),
                   ==, test_query_int (ts->store, "SELECT sum (total) FROM sales"));
  test_pin_now (TEST_NOW_ISO);
}

/* A record added to a packed month (a training store's clock set back) is
 * read at once: the pack's stamp no longer matches, the month rows answer,
 * and the next packing replaces it. */
static void
test_summary_stale_pack_is_not_read (void)
{
  g_autoptr (TestStore) ts = test_store_new_demo ();
  MposSaleResult sale = { 0 };
  g_autoptr (GArray) before = NULL, after = NULL;

  test_commit_demo_sale (ts->store, &sale);
  g_assert_cmpuint (pack (ts->store, "20261202"), ==, PACKS_A_MONTH);
  before = read_rows (ts->store, "product");
  test_commit_demo_sale (ts->store, &sale); /* November again */
  after = read_rows (ts->store, "product");
  g_assert_cmpuint (after->len, ==, before->len);
  for (guint i = 0; i < after->len; i++)
    g_assert_cmpint (g_array_index (after, MposSummaryRow, i).net, ==,
                     2 * g_array_index (before, MposSummaryRow, i).net);
  assert_packs_read_as_rows (ts->store);
  g_assert_cmpuint (pack (ts->store, "20261202"), ==, PACKS_A_MONTH);
  assert_packs_read_as_rows (ts->store);
}

/* A damaged pack is passed over with a warning: the rows answer. */
static void
test_summary_damaged_pack_reads_rows (void)
{
  g_autoptr (TestStore) ts = test_store_new_demo ();
  MposSaleResult sale = { 0 };
  g_autoptr (GArray) rows = NULL;

  test_commit_demo_sale (ts->store, &sale);
  pack (ts->store, "20261202");
  test_exec (ts->store, "UPDATE sales_summary_packs SET packed = x'0107' WHERE dimension = 'product'");
  g_test_expect_message ("mallpos-core", G_LOG_LEVEL_WARNING, "*damaged*product*202611*");
  rows = read_rows (ts->store, "product");
  g_test_assert_expected_messages ();
  g_assert_cmpuint (rows->len, ==, 7);
}

/* A rebuild drops the packs with the rows they came from and packs the
 * months again but the latest, as the new rows say. */
static void
test_summary_rebuild_repacks (void)
{
  g_autoptr (TestStore) ts = test_store_new_demo ();
  g_autoptr (GError) error = NULL;
  MposSaleResult sale = { 0 };

  test_commit_demo_sale (ts->store, &sale);
  test_pin_now ("2026-12-02T10:00:00+08:00");
  test_commit_demo_sale (ts->store, &sale);
  pack (ts->store, "20261202");
  /* a pack that went wrong with a matching stamp: only a rebuild mends it */
  test_exec (ts->store, "UPDATE sales_summary_packs SET packed = x'01' WHERE dimension = 'member'");
  g_assert_true (mpos_store_begin (ts->store, &error));
  g_assert_true (mpos_report_summary_rebuild (ts->store, &error));
  g_assert_no_error (error);
  g_assert_true (mpos_store_commit (ts->store, &error));
  g_assert_cmpint (test_query_int (ts->store, "SELECT count (*) FROM sales_summary_packs "
                                              "WHERE month = '202611'"),
                   ==, PACKS_A_MONTH);
  g_assert_cmpint (test_query_int (ts->store, "SELECT count (*) FROM sales_summary_packs "
                                              "WHERE month = '202612'"),
                   ==, 0);
  assert_packs_read_as_rows (ts->store);
  test_pin_now (TEST_NOW_ISO);
}

/* ---- the member dimension's to-date packs -------------------------------- */

static GArray *
read_members (MposStore *store, const char *from, const char *to)
{
  g_autoptr (GError) error = NULL;
  GArray *rows = mpos_report_summary_read (store, "member", from, to, NULL, &error);

  g_assert_no_error (error);
  return rows;
}

/* October to November of the members reads the same from the to-date packs
 * as from the month packs and from the rows. */
static void
assert_to_date_reads_as_months (MposStore *store)
{
  g_autoptr (GArray) to_date = read_members (store, "20261001", "20261130");
  g_autoptr (GArray) months = NULL, rows = NULL;

  test_exec (store, "SAVEPOINT unpacked; DELETE FROM sales_summary_packs "
                    "WHERE dimension = 'member:to-date'");
  months = read_members (store, "20261001", "20261130");
  test_exec (store, "DELETE FROM sales_summary_packs");
  rows = read_members (store, "20261001", "20261130");
  test_exec (store, "ROLLBACK TO unpacked; RELEASE unpacked");
  assert_rows_equal (to_date, months);
  assert_rows_equal (to_date, rows);
}

static guint
integrity_problems (MposStore *store, const char *mentioning)
{
  g_autoptr (GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GError) error = NULL;
  guint n = 0;

  g_assert_true (mpos_integrity_check (store, problems, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < problems->len; i++)
    n += strstr (problems->pdata[i], mentioning) != NULL;
  return n;
}

/* Packing October and November keeps each month's members to date too; a
 * stretch of months is read from two of them and equals its months; a
 * to-date pack that went wrong is read (so `check` must and does name it);
 * a record added to October makes October's and November's stale (the rows
 * answer) until packed again. */
static void
test_summary_member_to_date_packs (void)
{
  g_autoptr (TestStore) ts = test_store_new_demo ();
  MposSaleResult sale = { 0 }, ret = { 0 };
  g_autoptr (GArray) right = NULL, wrong = NULL;

  test_pin_now ("2026-10-10T10:00:00+08:00");
  test_commit_demo_sale (ts->store, &sale);
  test_pin_now (TEST_NOW_ISO);
  return_one_of_line_2 (ts->store, sale.receipt_no, &ret);
  test_commit_demo_sale (ts->store, &sale);
  test_pin_now ("2026-12-02T10:00:00+08:00");
  test_commit_demo_sale (ts->store, &sale);
  g_assert_cmpuint (pack (ts->store, "20261202"), ==, 2 * PACKS_A_MONTH);
  assert_to_date_reads_as_months (ts->store);
  g_assert_cmpuint (integrity_problems (ts->store, ""), ==, 0);

  right = read_members (ts->store, "20261001", "20261130");
  test_exec (ts->store, "UPDATE sales_summary_packs SET packed = (SELECT packed FROM "
                        "sales_summary_packs WHERE dimension = 'member' AND month = '202610') "
                        "WHERE dimension = 'member:to-date' AND month = '202611'");
  wrong = read_members (ts->store, "20261001", "20261130");
  g_assert_cmpint (returns_in (wrong), !=, returns_in (right));
  g_assert_cmpuint (integrity_problems (ts->store, "202611, dimension member:to-date, differ"),
                    ==, 1);
  test_exec (ts->store, "UPDATE sales_summary_packs SET packed = x'0107' "
                        "WHERE dimension = 'member:to-date' AND month = '202611'");
  g_assert_cmpuint (
      integrity_problems (ts->store, "202611, dimension member:to-date, cannot be read"), ==, 1);
  test_exec (ts->store, "DELETE FROM sales_summary_packs WHERE dimension = 'member:to-date'");
  g_assert_cmpuint (pack (ts->store, "20261202"), ==, 2);
  assert_to_date_reads_as_months (ts->store);

  /* a record added to October (as a return approved late would a month) */
  test_exec (ts->store, "UPDATE sales_summary SET records = records + 1, net = net + 100 "
                        "WHERE dimension IN ('total', 'member') AND period LIKE '202610%' "
                        "AND kind = 'sale'");
  assert_to_date_reads_as_months (ts->store);
  g_assert_cmpuint (pack (ts->store, "20261202"), ==, PACKS_A_MONTH + 1);
  assert_to_date_reads_as_months (ts->store);
  g_assert_cmpuint (integrity_problems (ts->store, ""), ==, 0);
  test_pin_now (TEST_NOW_ISO);
}

/* ---- catching up from the journal ------------------------------------------ */

/* The day's totals as kept equal the completed sales and returns. */
static void
assert_totals_match_sales (MposStore *store)
{
  g_assert_cmpint (test_query_int (store, "SELECT coalesce (sum (records), 0) FROM sales_summary "
                                          "WHERE dimension = 'total'"),
                   ==,
                   test_query_int (store, "SELECT count (*) FROM sales "
                                          "WHERE status = 'completed'"));
  g_assert_cmpint (test_query_int (store, "SELECT coalesce (sum (net), 0) FROM sales_summary "
                                          "WHERE dimension = 'total'"),
                   ==,
                   test_query_int (store, "SELECT coalesce (sum (total), 0) FROM sales "
                                          "WHERE status = 'completed'"));
}

static void
catch_up (MposStore *store)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (mpos_report_summary_catch_up (store, &error));
  g_assert_no_error (error);
}

/* A return without a receipt, waiting for a supervisor: its receipt number. */
static char *
pending_return (MposStore *store)
{
  g_autoptr (MposCart) cart = test_cart_new (store);
  g_autoptr (GError) error = NULL;
  MposSaleResult result = { 0 };

  test_cart_add_sku (cart, "100001", 2);
  g_assert_true (mpos_sale_return_without_receipt (cart, "无小票退货", NULL, &result, &error));
  g_assert_no_error (error);
  return g_strdup (result.receipt_no);
}

static void
approve (MposStore *store, const char *receipt_no)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (mpos_sale_approve_return (store, receipt_no, test_supervisor (store), &error));
  g_assert_no_error (error);
}

/* A sale's commit writes no summary row (its cost stays off the commit);
 * the next catch-up adds it, once, even when a second process (another
 * connection to the file) catches up too. A return waiting for approval
 * counts when approved, whether a catch-up ran in between or not. */
static void
test_summary_caught_up_from_the_journal (void)
{
  g_autoptr (TestStore) ts = test_store_new_demo ();
  g_autoptr (GError) error = NULL;
  MposStoreOptions options = { FALSE, 200 };
  g_autoptr (MposStore) other = NULL;
  g_autofree char *first = NULL, *second = NULL;
  MposSaleResult sale = { 0 };
  int64_t before = test_count_rows (ts->store, "sales_summary");

  test_commit_demo_sale (ts->store, &sale);
  g_assert_cmpint (test_count_rows (ts->store, "sales_summary"), ==, before);
  other = mpos_store_open (ts->path, &options, &error);
  g_assert_no_error (error);
  catch_up (other);
  catch_up (ts->store);
  catch_up (other);
  assert_totals_match_sales (ts->store);
  first = pending_return (ts->store);
  catch_up (ts->store);
  assert_totals_match_sales (ts->store); /* the pending return not yet counted */
  approve (ts->store, first);
  second = pending_return (ts->store);
  approve (ts->store, second);
  catch_up (other);
  catch_up (ts->store);
  assert_totals_match_sales (ts->store);
  g_assert_cmpint (test_query_int (ts->store, "SELECT sum (records) FROM sales_summary "
                                              "WHERE dimension = 'total' AND kind = 'return'"),
                   ==, 2);
}

static int64_t
summaries_through (MposStore *store)
{
  return test_query_int (store, "SELECT value FROM counters WHERE name = 'report_summary_through'");
}

static int64_t
journal_last (MposStore *store)
{
  return test_query_int (store, "SELECT max (seq) FROM journal");
}

static void
maintain (MposStore *store, MposMaintenance *done)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (mpos_store_maintain (store, done, &error));
  g_assert_no_error (error);
}

/* The sales summarised are exactly those of the journal up to the mark. */
static void
assert_summarised_through_mark (MposStore *store)
{
  g_assert_cmpint (test_query_int (store, "SELECT coalesce (sum (records), 0) FROM sales_summary "
                                          "WHERE dimension = 'total'"),
                   ==,
                   test_query_int (store, "SELECT count (*) FROM journal WHERE kind = 'sale' AND "
                                          "seq <= (SELECT value FROM counters "
                                          "WHERE name = 'report_summary_through')"));
}

/* The store's upkeep (the window's idle timer) catches the summaries up a
 * slice of MPOS_REPORT_SUMMARY_IDLE_SLICE journal entries at a time; with
 * another process in the middle of a write it gives way at once, without an
 * error; slice after slice it catches up fully, to the very rows one
 * catch-up of everything makes. */
static void
test_summary_idle_upkeep_catches_up_in_slices (void)
{
  g_autoptr (TestStore) ts = test_store_new_demo ();
  MposSaleResult sale = { 0 };
  MposMaintenance done;
  sqlite3 *other = NULL;
  int64_t start, started;

  catch_up (ts->store);
  start = summaries_through (ts->store);
  for (guint i = 0; i < MPOS_REPORT_SUMMARY_IDLE_SLICE * 3 / 2; i++)
    test_commit_demo_sale (ts->store, &sale);

  maintain (ts->store, &done);
  g_assert_false (done.busy);
  g_assert_cmpint (summaries_through (ts->store), ==, start + MPOS_REPORT_SUMMARY_IDLE_SLICE);
  assert_summarised_through_mark (ts->store);

  g_assert_cmpint (sqlite3_open (ts->path, &other), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (other, "BEGIN IMMEDIATE", NULL, NULL, NULL), ==, SQLITE_OK);
  started = g_get_monotonic_time ();
  maintain (ts->store, &done);
  g_assert_true (done.busy);
  /* The upkeep's short wait, not the store's 5 s busy timeout. */
  g_assert_cmpint (g_get_monotonic_time () - started, <, 2 * G_USEC_PER_SEC);
  g_assert_cmpint (summaries_through (ts->store), ==, start + MPOS_REPORT_SUMMARY_IDLE_SLICE);
  g_assert_cmpint (sqlite3_exec (other, "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (other);

  for (guint i = 0; i < 20 && summaries_through (ts->store) < journal_last (ts->store); i++)
    maintain (ts->store, &done);
  g_assert_cmpint (summaries_through (ts->store), ==, journal_last (ts->store));
  assert_totals_match_sales (ts->store);

  /* The same rows as one catch-up of every record (the rebuild). */
  test_exec (ts->store, "CREATE TEMP TABLE sliced AS SELECT * FROM sales_summary");
  test_exec (ts->store, "BEGIN IMMEDIATE");
  g_assert_true (mpos_report_summary_rebuild (ts->store, NULL));
  test_exec (ts->store, "COMMIT");
  g_assert_cmpint (test_query_int (ts->store, "SELECT count (*) FROM sales_summary"), ==,
                   test_query_int (ts->store, "SELECT count (*) FROM temp.sliced"));
  g_assert_cmpint (test_query_int (ts->store, "SELECT count (*) FROM (SELECT * FROM sales_summary "
                                              "EXCEPT SELECT * FROM temp.sliced)"),
                   ==, 0);
}

/* The window's upkeep timer runs the slices on every tick, not only when
 * a checkpoint or a stock fold is due: a few sales (nothing else due) are
 * caught up by the timer alone. */
static void
test_summary_upkeep_timer_catches_up_every_tick (void)
{
  g_autoptr (TestStore) ts = test_store_new_demo ();
  MposSaleResult sale = { 0 };
  gint64 give_up;
  guint timer;

  catch_up (ts->store);
  for (guint i = 0; i < 3; i++)
    test_commit_demo_sale (ts->store, &sale);
  g_assert_false (mpos_store_maintenance_due (ts->store));
  g_assert_cmpint (summaries_through (ts->store), <, journal_last (ts->store));
  timer = mpos_store_maintain_when_idle (ts->store, 10);
  give_up = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (summaries_through (ts->store) < journal_last (ts->store)
         && g_get_monotonic_time () < give_up)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (timer);
  g_assert_cmpint (summaries_through (ts->store), ==, journal_last (ts->store));
  assert_totals_match_sales (ts->store);
}

/* ---- a store from before the catch-up (0043) ------------------------------- */

/* Makes the store look as a 0042 build left it: the summaries kept in each
 * sale's commit (day rows caught up, and month rows beside them, the sum of
 * their days), no catch-up mark, November packed, schema version 42 (0044's
 * index not made yet). */
static void
turn_back_to_0042 (TestStore *ts)
{
  catch_up (ts->store);
  test_exec (ts->store,
             "INSERT INTO sales_summary (dimension, period, key, kind, records, quantity, gross, "
             "discount, rounding, net, tax, change) SELECT dimension, substr (period, 1, 6), key, "
             "kind, sum (records), sum (quantity), sum (gross), sum (discount), sum (rounding), "
             "sum (net), sum (tax), sum (change) FROM sales_summary "
             "GROUP BY dimension, substr (period, 1, 6), key, kind");
  test_exec (ts->store, "DELETE FROM counters WHERE name = 'report_summary_through'");
  test_exec (ts->store, "DELETE FROM sales_summary_packs WHERE dimension LIKE '%:to-date'");
  test_exec (ts->store, "DROP INDEX sales_pending");
  test_exec (ts->store, "PRAGMA user_version = 42");
}

/* A store with a November and a December of sales and returns, summarised
 * and packed by a 0042 build, opened by this one: 0043 drops the month
 * rows and starts the catch-up at the newest journal entry; every figure
 * still equals the sales, the packs read as the day rows, the store checks
 * clean, and a sale after the upgrade is summarised once. */
static void
test_summary_upgrade_from_0042 (void)
{
  g_autoptr (TestStore) ts = test_store_new_demo ();
  g_autoptr (GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GError) error = NULL;
  MposSaleResult sale = { 0 }, ret = { 0 };
  g_autoptr (GArray) members = NULL;

  test_commit_demo_sale (ts->store, &sale);
  test_commit_demo_sale (ts->store, &sale);
  test_pin_now ("2026-12-02T10:00:00+08:00");
  return_one_of_line_2 (ts->store, sale.receipt_no, &ret);
  test_commit_demo_sale (ts->store, &sale);
  g_assert_cmpuint (pack (ts->store, "20261202"), ==, PACKS_A_MONTH);
  turn_back_to_0042 (ts);
  g_assert_cmpint (test_query_int (ts->store, "SELECT count (*) FROM sales_summary "
                                              "WHERE length (period) = 6"),
                   >, 0);

  test_store_reopen (ts);
  g_assert_cmpint (test_query_int (ts->store, "PRAGMA user_version"), ==,
                   mpos_store_schema_version ());
  g_assert_cmpint (test_query_int (ts->store, "SELECT count (*) FROM sales_summary "
                                              "WHERE length (period) = 6"),
                   ==, 0);
  g_assert_cmpint (summaries_through (ts->store), ==, journal_last (ts->store));
  assert_totals_match_sales (ts->store);
  assert_packs_read_as_rows (ts->store);
  members = read_rows (ts->store, "member");
  g_assert_cmpint (returns_in (members), ==, 1);
  g_assert_true (mpos_integrity_check (ts->store, problems, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, 0);

  test_commit_demo_sale (ts->store, &sale);
  catch_up (ts->store);
  assert_totals_match_sales (ts->store);
  assert_packs_read_as_rows (ts->store);
  test_pin_now (TEST_NOW_ISO);
}

/* A month's pack, made of its day rows, reads as the month's sales say:
 * each product's net and quantity, each member's net. */
static void
test_summary_month_pack_equals_sales (void)
{
  g_autoptr (TestStore) ts = test_store_new_demo ();
  g_autoptr (GArray) products = NULL, members = NULL;
  MposSaleResult sale = { 0 };

  test_commit_demo_sale (ts->store, &sale);
  test_pin_now ("2026-11-30T21:00:00+08:00");
  test_commit_demo_sale (ts->store, &sale);
  test_pin_now ("2026-12-02T10:00:00+08:00");
  g_assert_cmpuint (pack (ts->store, "20261202"), ==, PACKS_A_MONTH);
  products = mpos_report_summary_read (ts->store, "product", "20261101", "20261130", NULL, NULL);
  members = mpos_report_summary_read (ts->store, "member", "20261101", "20261130", NULL, NULL);
  g_assert_cmpint (products->len, ==,
                   test_query_int (ts->store, "SELECT count (DISTINCT sku_id) FROM sale_lines"));
  for (guint i = 0; i < products->len; i++)
    {
      const MposSummaryRow *r = &g_array_index (products, MposSummaryRow, i);
      g_autofree char *net
          = g_strdup_printf ("SELECT sum (net) FROM sale_lines WHERE sku_id = %s", r->key);
      g_autofree char *qty = g_strdup_printf (
          "SELECT sum (CASE WHEN weighed THEN qty ELSE qty * 1000 END) FROM sale_lines "
          "WHERE sku_id = %s",
          r->key);
      g_assert_cmpint (r->net, ==, test_query_int (ts->store, net));
      g_assert_cmpint (r->quantity, ==, test_query_int (ts->store, qty));
    }
  g_assert_cmpuint (members->len, ==, 1);
  g_assert_cmpint (g_array_index (members, MposSummaryRow, 0).net, ==,
                   test_query_int (ts->store, "SELECT sum (total) FROM sales "
                                              "WHERE member_id IS NOT NULL"));
  g_assert_cmpint (g_array_index (members, MposSummaryRow, 0).records, ==, 2);
  test_pin_now (TEST_NOW_ISO);
}

/* A return waiting since November, approved in December after November was
 * packed, is November's: the pack is stale, the day rows answer until
 * the next packing makes it again. */
static void
test_summary_pack_rebuilt_after_a_late_return (void)
{
  g_autoptr (TestStore) ts = test_store_new_demo ();
  g_autofree char *late = NULL;
  MposSaleResult sale = { 0 };

  test_commit_demo_sale (ts->store, &sale);
  late = pending_return (ts->store);
  test_pin_now ("2026-12-02T10:00:00+08:00");
  g_assert_cmpuint (pack (ts->store, "20261202"), ==, PACKS_A_MONTH);
  approve (ts->store, late);
  assert_packs_read_as_rows (ts->store);
  {
    g_autoptr (GArray) totals = read_rows (ts->store, "total");
    g_assert_cmpint (returns_in (totals), ==, 1);
  }
  g_assert_cmpuint (pack (ts->store, "20261202"), ==, PACKS_A_MONTH);
  assert_packs_read_as_rows (ts->store);
  assert_totals_match_sales (ts->store);
  test_pin_now (TEST_NOW_ISO);
}

/* ---- member totals --------------------------------------------------------- */

static void
assert_member_totals (MposStore *store)
{
  g_assert_cmpint (
      test_query_int (store,
                      "SELECT count (*) FROM (SELECT level_code, count (*) AS n, "
                      "sum (points_available + points_pending) AS p, sum (sv_principal) AS s, "
                      "sum (sv_bonus) AS b FROM members GROUP BY level_code) AS m "
                      "FULL JOIN (SELECT * FROM member_level_totals WHERE members > 0) AS t "
                      "ON t.level_code = m.level_code WHERE t.members IS NOT m.n "
                      "OR t.points IS NOT m.p OR t.sv_principal IS NOT m.s OR t.sv_bonus IS NOT m.b"),
      ==, 0);
}

/* The members by level and their liabilities follow every change to a
 * member: sales earning points, a return, a level change, a new member
 * and a member removed. */
static void
test_summary_member_totals_follow_members (void)
{
  g_autoptr (TestStore) ts = test_store_new_demo ();
  MposSaleResult sale = { 0 }, ret = { 0 };

  assert_member_totals (ts->store);
  g_assert_cmpint (test_query_int (ts->store, "SELECT sum (members) FROM member_level_totals"),
                   >, 0);
  test_commit_demo_sale (ts->store, &sale);
  return_one_of_line_2 (ts->store, sale.receipt_no, &ret);
  assert_member_totals (ts->store);
  test_exec (ts->store, "UPDATE members SET level_code = (SELECT max (code) FROM member_levels), "
                        "sv_principal = sv_principal + 12345 WHERE id = (SELECT min (id) FROM members)");
  test_exec (ts->store, "INSERT INTO members (id, name, level_code, created_at, points_available, "
                        "sv_bonus) SELECT 990001, '新会员', min (code), 0, 70, 30 FROM member_levels");
  assert_member_totals (ts->store);
  test_exec (ts->store, "DELETE FROM members WHERE id = 990001");
  assert_member_totals (ts->store);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  test_pin_now (TEST_NOW_ISO);
  g_test_add_func ("/report-summary/run-packs-and-merges", test_summary_run_packs_and_merges);
  g_test_add_func ("/report-summary/run-refuses-damage", test_summary_run_refuses_damage);
  g_test_add_func ("/report-summary/packs-after-a-return-into-a-packed-month",
                   test_summary_packs_after_a_return_into_a_packed_month);
  g_test_add_func ("/report-summary/stale-pack-is-not-read", test_summary_stale_pack_is_not_read);
  g_test_add_func ("/report-summary/damaged-pack-reads-rows", test_summary_damaged_pack_reads_rows);
  g_test_add_func ("/report-summary/rebuild-repacks", test_summary_rebuild_repacks);
  g_test_add_func ("/report-summary/caught-up-from-the-journal",
                   test_summary_caught_up_from_the_journal);
  g_test_add_func ("/report-summary/idle-upkeep-catches-up-in-slices",
                   test_summary_idle_upkeep_catches_up_in_slices);
  g_test_add_func ("/report-summary/upkeep-timer-catches-up-every-tick",
                   test_summary_upkeep_timer_catches_up_every_tick);
  g_test_add_func ("/report-summary/member-to-date-packs", test_summary_member_to_date_packs);
  g_test_add_func ("/report-summary/upgrade-from-0042", test_summary_upgrade_from_0042);
  g_test_add_func ("/report-summary/month-pack-equals-sales", test_summary_month_pack_equals_sales);
  g_test_add_func ("/report-summary/pack-rebuilt-after-a-late-return",
                   test_summary_pack_rebuilt_after_a_late_return);
  g_test_add_func ("/report-summary/member-totals-follow-members",
                   test_summary_member_totals_follow_members);
  return g_test_run ();
}
