/* test-integrity.c — tests for src/integrity.c: a clean store passes, and
 * each kind of tampering done straight in SQL (as a broken tool, a bad
 * restore or a hand edit would) is reported with a sentence that names the
 * record and the numbers that disagree. */
#include <glib.h>
#include <string.h>

#include "cart-json.h"
#include "cart.h"
#include "clock.h"
#include "integrity.h"
#include "sale.h"
#include "store-private.h"
#include "test-util.h"

#define NOW_TEXT "2026-11-23T10:00:00+08:00"

static GPtrArray *
check (MposStore *store)
{
  g_autoptr (GError) error = NULL;
  GPtrArray *problems = g_ptr_array_new_with_free_func (g_free);

  g_assert_true (mpos_integrity_check (store, problems, &error));
  g_assert_no_error (error);
  return problems;
}

/* Asserts exactly one problem sentence equals `expected`. */
static void
assert_reported (GPtrArray *problems, const char *expected)
{
  guint found = 0;

  for (guint i = 0; i < problems->len; i++)
    if (g_strcmp0 (g_ptr_array_index (problems, i), expected) == 0)
      found++;
  if (found != 1)
    {
      for (guint i = 0; i < problems->len; i++)
        g_printerr ("integrity: %s\n", (const char *) g_ptr_array_index (problems, i));
      g_error ("expected the problem “%s” once, found it %u times", expected, found);
    }
}

static void
tamper (MposStore *store, const char *sql)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (mpos_store_exec (store, sql, &error));
  g_assert_no_error (error);
}

static int64_t
query_int (MposStore *store, const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  int64_t value;

  g_assert_cmpint (sqlite3_prepare_v2 (mpos_store_db (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

/* Commits the demo sale (7 lines, 152.55, cash 200.00) and returns its receipt number. */
static void
commit_demo_sale (MposStore *store, MposSaleResult *result)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MposCart) cart = NULL;
  g_autofree char *doc = NULL;
  gsize length = 0;

  doc = test_demo_file ("sale.json", &length);
  cart = mpos_cart_from_json (store, doc, length, mpos_clock_now (), &error);
  g_assert_no_error (error);
  g_assert_true (mpos_sale_commit (cart, result, &error));
  g_assert_no_error (error);
}

/* ---- clean stores pass ---------------------------------------------------------- */

static void
test_integrity_clean_stores_pass (void)
{
  g_autoptr (TestStore) empty = test_store_new ();
  g_autoptr (TestStore) ts = test_store_new_demo ();
  g_autoptr (GPtrArray) problems = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) lines = g_array_new (FALSE, TRUE, sizeof (MposReturnRequest));
  MposReturnRequest req = { 2, 1 };
  MposSaleResult sale, ret;

  problems = check (empty->store);
  g_assert_cmpuint (problems->len, ==, 0);
  g_clear_pointer (&problems, g_ptr_array_unref);
  /* the demo catalog as imported: every stock figure matches its movements */
  problems = check (ts->store);
  g_assert_cmpuint (problems->len, ==, 0);
  g_clear_pointer (&problems, g_ptr_array_unref);
  /* with a sale and a partial return */
  commit_demo_sale (ts->store, &sale);
  g_array_append_val (lines, req);
  g_assert_true (mpos_sale_return (ts->store, sale.receipt_no, lines, "1001", NULL, &ret, &error));
  g_assert_no_error (error);
  problems = check (ts->store);
  g_assert_cmpuint (problems->len, ==, 0);
  test_assert_consistent (ts->store);
}

/* ---- each tampering is reported -------------------------------------------------- */

static void
test_integrity_stock_not_matching_movements (void)
{
  g_autoptr (TestStore) ts = test_store_new_demo ();
  g_autoptr (GPtrArray) problems = NULL;

  /* 100001 was imported with 320 pieces */
  g_assert_cmpint (query_int (ts->store, "SELECT stock_qty FROM skus WHERE code = '100001'"), ==,
                   320);
  tamper (ts->store, "UPDATE skus SET stock_qty = 325 WHERE code = '100001'");
  problems = check (ts->store);
  g_assert_cmpuint (problems->len, ==, 1);
  assert_reported (problems, "stock of SKU 100001 is 325 but its movements add up to 320");
  g_clear_pointer (&problems, g_ptr_array_unref);

  /* a movement lost instead: the weighed apples, 58000 g */
  tamper (ts->store, "UPDATE skus SET stock_qty = 320 WHERE code = '100001'");
  tamper (ts->store, "DELETE FROM stock_movements WHERE sku_id = "
                     "(SELECT id FROM skus WHERE code = '100237')");
  problems = check (ts->store);
  g_assert_cmpuint (problems->len, ==, 1);
  assert_reported (problems, "stock of SKU 100237 is 58000 but its movements add up to 0");
}

static void
test_integrity_sale_total_changed (void)
{
  g_autoptr (TestStore) ts = test_store_new_demo ();
  g_autoptr (GPtrArray) problems = NULL;
  MposSaleResult sale;

  commit_demo_sale (ts->store, &sale);
  test_assert_consistent (ts->store);
  /* someone makes the sale 1.00 cheaper in the header only */
  tamper (ts->store, "UPDATE sales SET total = total - 100 WHERE receipt_no = "
                     "'S001-T01-20261123-0001'");
  problems = check (ts->store);
  assert_reported (problems, "sale S001-T01-20261123-0001: total 15155 fen but its lines add up "
                             "to 15255 fen (subtotal/lines gross 18230/18230)");
  /* and the payments no longer match the total either */
  assert_reported (problems, "sale S001-T01-20261123-0001: tendered 20000 fen, payments add up to "
                             "20000 fen, total plus change is 19900 fen");
  g_assert_cmpuint (problems->len, ==, 2);
}

static void
test_integrity_line_adjustment_deleted (void)
{
  g_autoptr (TestStore) ts = test_store_new_demo ();
  g_autoptr (GPtrArray) problems = NULL;
  MposSaleResult sale;

  commit_demo_sale (ts->store, &sale);
  /* line 2 (beer 18.00) has the level discount −0.90 and the free bottle −5.70;
   * losing the promotion step leaves net 11.40 unexplained against 17.10 */
  g_assert_cmpint (query_int (ts->store, "SELECT amount FROM line_adjustments "
                                         "WHERE line_no = 2 AND kind = 'promotion'"),
                   ==, -570);
  tamper (ts->store, "DELETE FROM line_adjustments WHERE line_no = 2 AND kind = 'promotion'");
  problems = check (ts->store);
  g_assert_cmpuint (problems->len, ==, 1);
  assert_reported (problems, "sale S001-T01-20261123-0001 line 2: net 1140 fen but gross plus "
                             "adjustments is 1710 fen");
}

static void
test_integrity_journal_entry_deleted (void)
{
  g_autoptr (TestStore) ts = test_store_new_demo ();
  g_autoptr (GPtrArray) problems = NULL;
  MposSaleResult sale;

  for (int i = 0; i < 3; i++)
    {
      commit_demo_sale (ts->store, &sale);
      g_assert_cmpint (sale.journal_seq, ==, i + 1);
    }
  test_assert_consistent (ts->store);
  /* the middle entry goes missing: its sale is unsynced and the sequence has a gap */
  tamper (ts->store, "DELETE FROM journal WHERE seq = 2");
  problems = check (ts->store);
  assert_reported (problems, "S001-T01-20261123-0002 (sale) has no sync journal entry");
  assert_reported (problems, "the sync journal has gaps: 2 entries between 1 and 3");
  g_assert_cmpuint (problems->len, ==, 2);
}

static void
test_integrity_last_journal_entry_deleted (void)
{
  g_autoptr (TestStore) ts = test_store_new_demo ();
  g_autoptr (GPtrArray) problems = NULL;
  MposSaleResult sale;

  commit_demo_sale (ts->store, &sale);
  commit_demo_sale (ts->store, &sale);
  /* no gap shows when the newest entry is lost, but its sale is still caught */
  tamper (ts->store, "DELETE FROM journal WHERE seq = 2");
  problems = check (ts->store);
  g_assert_cmpuint (problems->len, ==, 1);
  assert_reported (problems, "S001-T01-20261123-0002 (sale) has no sync journal entry");
}

static void
test_integrity_tender_changed (void)
{
  g_autoptr (TestStore) ts = test_store_new_demo ();
  g_autoptr (GPtrArray) problems = NULL;
  MposSaleResult sale;

  commit_demo_sale (ts->store, &sale);
  tamper (ts->store, "UPDATE tenders SET amount = 10000");
  problems = check (ts->store);
  g_assert_cmpuint (problems->len, ==, 1);
  assert_reported (problems, "sale S001-T01-20261123-0001: tendered 20000 fen, payments add up to "
                             "10000 fen, total plus change is 20000 fen");
}

static void
test_integrity_return_beyond_sale (void)
{
  g_autoptr (TestStore) ts = test_store_new_demo ();
  g_autoptr (GPtrArray) problems = NULL;
  g_autoptr (GError) error = NULL;
  MposSaleResult sale, ret;

  commit_demo_sale (ts->store, &sale);
  g_assert_true (mpos_sale_return (ts->store, sale.receipt_no, NULL, "1001", NULL, &ret, &error));
  g_assert_no_error (error);
  test_assert_consistent (ts->store);
  /* the return of line 2 (3 beers) edited to 4 */
  tamper (ts->store, "UPDATE sale_lines SET qty = 4 WHERE original_line_no = 2");
  problems = check (ts->store);
  g_assert_cmpuint (problems->len, ==, 1);
  assert_reported (problems, "sale S001-T01-20261123-0001 line 2: sold 3 but 4 were returned "
                             "(or refunded beyond what was paid)");
}

static void
test_integrity_dangling_reference (void)
{
  g_autoptr (TestStore) ts = test_store_new_demo ();
  g_autoptr (GPtrArray) problems = NULL;
  MposSaleResult sale;
  gboolean found = FALSE;

  commit_demo_sale (ts->store, &sale);
  /* only possible with foreign keys switched off, as by a careless tool */
  tamper (ts->store, "PRAGMA foreign_keys = OFF");
  tamper (ts->store, "UPDATE stock_movements SET sku_id = 999999 WHERE id = 1");
  tamper (ts->store, "PRAGMA foreign_keys = ON");
  problems = check (ts->store);
  for (guint i = 0; i < problems->len; i++)
    if (strcmp (g_ptr_array_index (problems, i),
                "row 1 of stock_movements points at a missing skus")
        == 0)
      found = TRUE;
  g_assert_true (found);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_setenv ("MALLPOS_NOW", NOW_TEXT, TRUE);

  g_test_add_func ("/integrity/clean-stores-pass", test_integrity_clean_stores_pass);
  g_test_add_func ("/integrity/stock-not-matching-movements-reported",
                   test_integrity_stock_not_matching_movements);
  g_test_add_func ("/integrity/sale-total-changed-reported", test_integrity_sale_total_changed);
  g_test_add_func ("/integrity/line-adjustment-deleted-reported",
                   test_integrity_line_adjustment_deleted);
  g_test_add_func ("/integrity/journal-entry-deleted-reported",
                   test_integrity_journal_entry_deleted);
  g_test_add_func ("/integrity/last-journal-entry-deleted-reported",
                   test_integrity_last_journal_entry_deleted);
  g_test_add_func ("/integrity/tender-changed-reported", test_integrity_tender_changed);
  g_test_add_func ("/integrity/return-beyond-sale-reported", test_integrity_return_beyond_sale);
  g_test_add_func ("/integrity/dangling-reference-reported", test_integrity_dangling_reference);

  return g_test_run ();
}
