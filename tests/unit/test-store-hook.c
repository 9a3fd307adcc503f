/* test-store-hook.c — tests for the registry the store runs for the modules
 * above it (src/store-hook.c, src/core.c): a store refuses to open before
 * mpos_core_init, a counter hook sees a sale inside the sale's own
 * transaction, and a hook that refuses rolls the whole sale back (no sale
 * row, no drawer movement, no summary, no journal entry). This program
 * registers a hook of its own before mpos_core_init, as an owner would. */
#include <glib.h>
#include <string.h>

#include "clock.h"
#include "core.h"
#include "store-private.h"
#include "report-summary.h"
#include "test-util.h"

static struct
{
  gboolean refuse;
  guint sales_seen;
  int64_t rows_seen; /* sales rows visible to the hook, on the action's connection */
  char receipt_no[64];
} hook_state;

static gboolean
test_hook_committing (MposStore *store, const MposCounterAction *action, GError **error)
{
  if (action->kind != MPOS_COUNTER_SALE)
    return TRUE;
  hook_state.sales_seen++;
  hook_state.rows_seen
      = test_query_int (store, "SELECT count(*) FROM sales WHERE status = 'completed'");
  g_strlcpy (hook_state.receipt_no, action->receipt_no, sizeof hook_state.receipt_no);
  if (hook_state.refuse)
    {
      g_set_error (error, MPOS_STORE_ERROR, MPOS_STORE_ERROR_FAILED, "refused by the test hook");
      return FALSE;
    }
  return TRUE;
}

static void
test_store_hook_open_refused_before_core_init (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *dir = test_make_temp_dir ();
      g_autofree char *path = g_build_filename (dir, "store.db", NULL);
      MposStoreOptions options = { .create = TRUE };
      MposStore *store;

      g_log_set_always_fatal (G_LOG_FATAL_MASK); /* the critical is what we check */
      store = mpos_store_open (path, &options, &error);
      g_assert_null (store);
      g_assert_error (error, MPOS_STORE_ERROR, MPOS_STORE_ERROR_FAILED);
      g_assert_nonnull (strstr (error->message, "mpos_core_init"));
      g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
      test_remove_dir (dir);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr ("*before mpos_core_init ()*");
}

static void
test_store_hook_sees_the_sale_in_its_transaction (void)
{
  g_autoptr (TestStore) ts = test_store_new_demo ();
  MposSaleResult result;

  memset (&hook_state, 0, sizeof hook_state);
  test_commit_demo_sale (ts->store, &result);
  g_assert_cmpuint (hook_state.sales_seen, ==, 1);
  /* The hook ran after the sale's row was written, before its commit. */
  g_assert_cmpint (hook_state.rows_seen, ==, 1);
  g_assert_cmpstr (hook_state.receipt_no, ==, result.receipt_no);
  /* The owners registered by mpos_core_init ran too: the drawer and the summaries. */
  g_assert_cmpint (test_query_int (ts->store, "SELECT count(*) FROM cash_movements WHERE kind = 'sale'"),
                   ==, 1);
  g_assert_true (mpos_report_summary_catch_up (ts->store, NULL)); /* from the journal */
  g_assert_cmpint (test_count_rows (ts->store, "sales_summary"), >, 0);
}

static void
test_store_hook_refusal_rolls_back_the_sale (void)
{
  g_autoptr (TestStore) ts = test_store_new_demo ();
  g_autoptr (MposCart) cart = test_cart_new_demo (ts->store, mpos_clock_now ());
  g_autoptr (GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  MposSaleResult result;

  memset (&hook_state, 0, sizeof hook_state);
  before = test_snapshot (ts->store, "sales", "cash_movements", "sales_summary", "journal",
                          "audit", NULL);
  hook_state.refuse = TRUE;
  g_assert_false (mpos_sale_commit (cart, &result, &error));
  g_assert_error (error, MPOS_STORE_ERROR, MPOS_STORE_ERROR_FAILED);
  g_assert_cmpuint (hook_state.sales_seen, ==, 1);
  after = test_snapshot (ts->store, "sales", "cash_movements", "sales_summary", "journal",
                         "audit", NULL);
  g_assert_cmpstr (after, ==, before);
}

int
main (int argc, char **argv)
{
  static const MposCounterHook hook = { "test", NULL, test_hook_committing, NULL };

  g_test_init (&argc, &argv, NULL);
  if (!g_test_subprocess ())
    mpos_store_register_counter_hook (&hook);
  g_test_add_func ("/store-hook/open-refused-before-core-init",
                   test_store_hook_open_refused_before_core_init);
  g_test_add_func ("/store-hook/sees-the-sale-in-its-transaction",
                   test_store_hook_sees_the_sale_in_its_transaction);
  g_test_add_func ("/store-hook/refusal-rolls-back-the-sale",
                   test_store_hook_refusal_rolls_back_the_sale);
  return g_test_run ();
}
