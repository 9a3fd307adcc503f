/* test-integrity.c — tests for src/integrity.c: a clean store passes, and
 * each kind of tampering done straight in SQL (as a broken tool, a bad
 * restore or a hand edit would) is reported with a sentence that names the
 * record and the numbers that disagree. */
#include <glib.h>
#include <stdarg.h>
#include <string.h>

#include "cart-json.h"
#include "cart.h"
#include "clock.h"
#include "integrity.h"
#include "sale.h"
#include "store-private.h"
#include "test-util.h"

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

static void assert_problems (MposStore *store, ...) G_GNUC_NULL_TERMINATED;

/* Asserts `check` reports exactly the problem sentences given (NULL-terminated),
 * each once; assert_problems (store, NULL) for a clean store. */
static void
assert_problems (MposStore *store, ...)
{
  g_autoptr (GPtrArray) problems = test_check (store);
  const char *expected;
  guint count = 0;
  va_list args;

  va_start (args, store);
  while ((expected = va_arg (args, const char *)) != NULL)
    {
      assert_reported (problems, expected);
      count++;
    }
  va_end (args);
  g_assert_cmpuint (problems->len, ==, count);
}

/* ---- clean stores pass ---------------------------------------------------------- */

static void
test_integrity_clean_stores_pass (void)
{
  g_autoptr (TestStore) empty = test_store_new ();
  g_autoptr (TestStore) ts = test_store_new_demo ();
  g_autoptr (GArray) lines = test_return_request_new (2, 1);
  MposSaleResult sale, ret;

  assert_problems (empty->store, NULL);
  /* the demo catalog as imported: every stock figure matches its movements */
  assert_problems (ts->store, NULL);
  /* with a sale and a partial return */
  test_commit_demo_sale (ts->store, &sale);
  test_return_sale (ts->store, sale.receipt_no, lines, &ret);
  assert_problems (ts->store, NULL);
  test_assert_consistent (ts->store);
}

/* ---- each tampering is reported -------------------------------------------------- */

static void
test_integrity_stock_not_matching_movements (void)
{
  g_autoptr (TestStore) ts = test_store_new_demo ();
  g_autofree char *expected = NULL;
  int64_t last;

  /* 100001 was imported with 320 pieces */
  g_assert_cmpint (test_stock_of (ts->store, "100001"), ==, 320);
  test_exec (ts->store, "UPDATE skus SET stock_qty = 325 WHERE code = '100001'");
  assert_problems (ts->store, "stock of SKU 100001 is 325 but its folded movements add up to 320", NULL);

  /* a movement lost instead: the weighed apples, 58000 g */
  test_exec (ts->store, "UPDATE skus SET stock_qty = 320 WHERE code = '100001'");
  test_exec (ts->store, "DELETE FROM stock_movements WHERE sku_id = "
                        "(SELECT id FROM skus WHERE code = '100237')");
  assert_problems (ts->store, "stock of SKU 100237 is 58000 but its folded movements add up to 0", NULL);

  /* the fold marker past the last movement would hide movements written later */
  test_exec (ts->store, "INSERT INTO stock_movements (sku_id, qty, reason, created_at) "
                        "SELECT id, 58000, 'adjust', 0 FROM skus WHERE code = '100237'");
  test_exec (ts->store, "UPDATE skus SET stock_qty = 58000 WHERE code = '100237'");
  last = test_query_int (ts->store, "SELECT max (id) FROM stock_movements");
  test_exec (ts->store, "UPDATE counters SET value = (SELECT max (id) + 5 FROM stock_movements) "
                        "WHERE name = 'stock_folded_through'");
  expected = g_strdup_printf ("stock is marked folded through movement %" G_GINT64_FORMAT
                              " but the last movement is %" G_GINT64_FORMAT,
                              last + 5, last);
  assert_problems (ts->store, expected, NULL);
}

/* The demo sale, committed whole (the store checks clean), then its row
 * changed behind the core's back by `sql`: returns the problem its row
 * chain reports for `field`, which `check` must list with the others. */
static char *
demo_sale_tampered (TestStore *ts, const char *sql, const char *field)
{
  MposSaleResult sale;

  test_commit_demo_sale (ts->store, &sale);
  test_assert_consistent (ts->store);
  test_exec (ts->store, sql);
  return test_chain_changed (ts->store, "sales", sale.sale_id, "sale S001-T01-20261123-0001",
                             field);
}

static void
test_integrity_sale_total_changed (void)
{
  g_autoptr (TestStore) ts = test_store_new_demo ();
  /* someone makes the sale 1.00 cheaper in the header only */
  g_autofree char *changed = demo_sale_tampered (
      ts, "UPDATE sales SET total = total - 100 WHERE receipt_no = 'S001-T01-20261123-0001'",
      "field total");

  assert_problems (ts->store, changed,
                   "sale S001-T01-20261123-0001: total 15155 fen but its lines add up "
                   "to 15255 fen (subtotal/lines gross 18230/18230)",
                   /* and the payments no longer match the total either */
                   "sale S001-T01-20261123-0001: tendered 20000 fen, payments add up to "
                   "20000 fen, total plus change (and points deduction) is 19900 fen",
                   NULL);
}

static void
test_integrity_line_adjustment_deleted (void)
{
  g_autoptr (TestStore) ts = test_store_new_demo ();
  g_autofree char *changed = NULL;
  MposSaleResult sale;

  test_commit_demo_sale (ts->store, &sale);
  /* line 2 (beer 18.00) has the level discount −0.90 and the free bottle −5.70;
   * losing the promotion step leaves net 11.40 unexplained against 17.10 */
  g_assert_cmpint (test_query_int (ts->store, "SELECT amount FROM line_adjustments "
                                              "WHERE line_no = 2 AND kind = 'promotion'"),
                   ==, -570);
  /* lines are a JSON document on the sale's row (0014), written once */
  test_exec (ts->store, "DROP TRIGGER sales_lines_written_once");
  test_exec (ts->store, "UPDATE sales SET lines = json_remove (lines, (SELECT '$[1][12][' || "
                        "(seq - 1) || ']' FROM line_adjustments WHERE line_no = 2 "
                        "AND kind = 'promotion'))");
  changed = test_chain_changed (ts->store, "sales", sale.sale_id, "sale S001-T01-20261123-0001",
                                "field lines");
  assert_problems (ts->store, changed,
                   "sale S001-T01-20261123-0001 line 2: net 1140 fen but gross plus "
                   "adjustments is 1710 fen",
                   NULL);
}

static void
test_integrity_journal_entry_deleted (void)
{
  g_autoptr (TestStore) ts = test_store_new_demo ();
  MposSaleResult sale;

  for (int i = 0; i < 3; i++)
    {
      test_commit_demo_sale (ts->store, &sale);
      g_assert_cmpint (sale.journal_seq, ==, i + 1);
    }
  test_assert_consistent (ts->store);
  /* the middle entry goes missing: its sale is unsynced and the sequence has a gap */
  test_exec (ts->store, "DELETE FROM journal WHERE seq = 2");
  assert_problems (ts->store, "S001-T01-20261123-0002 (sale) has no sync journal entry",
                   "the sync journal has gaps: 2 entries between 1 and 3", NULL);
}

/* The unique index (0019) refuses a reused journal id; a store edited
 * around it (the index dropped) is still caught by the check. */
static void
test_integrity_journal_id_reused (void)
{
  g_autoptr (TestStore) ts = test_store_new_demo ();
  g_autofree char *id = NULL;
  g_autofree char *expected = NULL;
  MposSaleResult sale;

  test_commit_demo_sale (ts->store, &sale);
  test_commit_demo_sale (ts->store, &sale);
  id = test_query_text (ts->store, "SELECT id FROM journal WHERE seq = 1");
  test_exec (ts->store, "DROP INDEX journal_id");
  test_exec (ts->store, "UPDATE journal SET id = (SELECT id FROM journal WHERE seq = 1) "
                        "WHERE seq = 2");
  expected = g_strdup_printf ("journal id %s is used 2 times (entries 1, 2)", id);
  assert_problems (ts->store, expected, NULL);
}

static void
test_integrity_last_journal_entry_deleted (void)
{
  g_autoptr (TestStore) ts = test_store_new_demo ();
  MposSaleResult sale;

  test_commit_demo_sale (ts->store, &sale);
  test_commit_demo_sale (ts->store, &sale);
  /* no gap shows when the newest entry is lost, but its sale is still caught */
  test_exec (ts->store, "DELETE FROM journal WHERE seq = 2");
  assert_problems (ts->store, "S001-T01-20261123-0002 (sale) has no sync journal entry", NULL);
}

static void
test_integrity_tender_changed (void)
{
  g_autoptr (TestStore) ts = test_store_new_demo ();
  /* the demo sale's one tender, [seq, type, amount, …] on the sale row (0012) */
  g_autofree char *changed = demo_sale_tampered (
      ts, "UPDATE sales SET tenders = json_set (tenders, '$[0][2]', 10000)", "field tenders");

  assert_problems (ts->store, changed,
                   "sale S001-T01-20261123-0001: tendered 20000 fen, payments add up to "
                   "10000 fen, total plus change (and points deduction) is 20000 fen",
                   /* the drawer took the cash the sale said before */
                   "S001-T01-20261123-0001 took 5255 fen of cash (less change) but the "
                   "drawer's ledger has 15255 fen for it",
                   NULL);
}

static void
test_integrity_return_beyond_sale (void)
{
  g_autoptr (TestStore) ts = test_store_new_demo ();
  g_autofree char *changed = NULL;
  MposSaleResult sale, ret;

  test_commit_demo_sale (ts->store, &sale);
  test_return_sale (ts->store, sale.receipt_no, NULL, &ret);
  test_assert_consistent (ts->store);
  /* the return of line 2 (3 beers) edited to 4 */
  test_exec (ts->store, "DROP TRIGGER sales_lines_written_once");
  test_exec (ts->store, "UPDATE sales SET lines = json_set (lines, (SELECT '$[' || (l.key) || "
                        "'][5]' FROM json_each (sales.lines) l WHERE l.value ->> 11 = 2), 4) "
                        "WHERE kind = 'return'");
  changed = test_chain_changed (ts->store, "sales", ret.sale_id, "return S001-T01-20261123-0002",
                                "field lines");
  assert_problems (ts->store, changed,
                   "sale S001-T01-20261123-0001 line 2: sold 3 but 4 were returned "
                   "(or refunded beyond what was paid)",
                   NULL);
}

static void
test_integrity_dangling_reference (void)
{
  g_autoptr (TestStore) ts = test_store_new_demo ();
  g_autoptr (GPtrArray) problems = NULL;
  MposSaleResult sale;
  gboolean found = FALSE;

  test_commit_demo_sale (ts->store, &sale);
  /* only possible with foreign keys switched off, as by a careless tool */
  test_exec (ts->store, "PRAGMA foreign_keys = OFF");
  test_exec (ts->store, "UPDATE stock_movements SET sku_id = 999999 WHERE id = 1");
  test_exec (ts->store, "PRAGMA foreign_keys = ON");
  problems = test_check (ts->store);
  for (guint i = 0; i < problems->len; i++)
    if (strcmp (g_ptr_array_index (problems, i),
                "row 1 of stock_movements points at a missing skus")
        == 0)
      found = TRUE;
  g_assert_true (found);
}

/* A sale's lines are a document on its row (0014): written once, and each
 * line's SKU is checked as the line table's foreign key did. */
static void
test_integrity_sale_lines_written_once (void)
{
  g_autoptr (TestStore) ts = test_store_new_demo ();
  g_autoptr (GError) error = NULL;
  g_autofree char *changed = NULL;
  MposSaleResult sale;

  test_commit_demo_sale (ts->store, &sale);
  g_assert_false (mpos_store_exec (ts->store, "UPDATE sales SET lines = '[]'", &error));
  g_assert_nonnull (strstr (error->message, "never change"));
  test_exec (ts->store, "DROP TRIGGER sales_lines_written_once");
  test_exec (ts->store, "UPDATE sales SET lines = json_set (lines, '$[0][1]', 999999)");
  changed = test_chain_changed (ts->store, "sales", sale.sale_id, "sale S001-T01-20261123-0001",
                                "field lines");
  assert_problems (ts->store, "sale S001-T01-20261123-0001 line 1: SKU 999999 does not exist",
                   changed, NULL);
}

/* A ledger row's sale is its action (0015): sales' rows are found by action. */
static void
test_integrity_ledger_sale_not_its_action (void)
{
  g_autoptr (TestStore) ts = test_store_new_demo ();
  g_autofree char *expected = NULL;
  MposSaleResult first, second;

  test_commit_demo_sale (ts->store, &first);
  test_commit_demo_sale (ts->store, &second);
  /* an entry of the second sale claiming the first */
  test_exec (ts->store, "INSERT INTO points_ledger (member_id, kind, action_id, sale_id, created_at) "
                        "SELECT min (id), 'unfreeze', (SELECT ref_id FROM journal WHERE seq = 2), "
                        "(SELECT ref_id FROM journal WHERE seq = 1), 0 FROM members");
  expected = g_strdup_printf ("points ledger row 1 names sale %s but belongs to action %s",
                              first.sale_id, second.sale_id);
  /* written around MallPOS, the row has no hash chain link either */
  assert_problems (ts->store, expected,
                   "points ledger row 1 has no hash chain link: its key or its link was "
                   "damaged, or it was written by another program; restore the store from a "
                   "backup",
                   NULL);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  test_pin_now (TEST_NOW_ISO);

  g_test_add_func ("/integrity/clean-stores-pass", test_integrity_clean_stores_pass);
  g_test_add_func ("/integrity/stock-not-matching-movements-reported",
                   test_integrity_stock_not_matching_movements);
  g_test_add_func ("/integrity/sale-total-changed-reported", test_integrity_sale_total_changed);
  g_test_add_func ("/integrity/line-adjustment-deleted-reported",
                   test_integrity_line_adjustment_deleted);
  g_test_add_func ("/integrity/journal-entry-deleted-reported",
                   test_integrity_journal_entry_deleted);
  g_test_add_func ("/integrity/journal-id-reused-reported", test_integrity_journal_id_reused);
  g_test_add_func ("/integrity/last-journal-entry-deleted-reported",
                   test_integrity_last_journal_entry_deleted);
  g_test_add_func ("/integrity/tender-changed-reported", test_integrity_tender_changed);
  g_test_add_func ("/integrity/return-beyond-sale-reported", test_integrity_return_beyond_sale);
  g_test_add_func ("/integrity/dangling-reference-reported", test_integrity_dangling_reference);
  g_test_add_func ("/integrity/sale-lines-written-once", test_integrity_sale_lines_written_once);
  g_test_add_func ("/integrity/ledger-sale-not-its-action",
                   test_integrity_ledger_sale_not_its_action);

  return g_test_run ();
}
