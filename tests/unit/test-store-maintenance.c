/* test-store-maintenance.c — upkeep out of the commit (src/store-maintenance.c):
 * a sale's commit neither checkpoints the WAL nor folds stock; the upkeep
 * does both later, exactly; it gives way to another process's writer; a
 * short-lived program pays it when it closes the store; the window's idle
 * timeout pays it on the main loop; and a WAL nobody looks after stays
 * bounded. */
#include <glib.h>
#include <glib/gstdio.h>

#include "stock.h"
#include "store-maintenance.h"
#include "store-private.h"
#include "test-util.h"

#define SALE_LINES 7 /* data/demo/sale.json */

/* The WAL header's checkpoint sequence number (bytes 12–15, big-endian):
 * SQLite adds one each time a writer restarts the WAL after a complete
 * checkpoint. Read from the file, so it tells whether a checkpoint ran
 * whoever ran it. */
static guint32
wal_restarts (const char *store_path)
{
  g_autofree char *wal = g_strconcat (store_path, "-wal", NULL);
  g_autofree char *bytes = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (wal, &bytes, &length, NULL));
  g_assert_cmpuint (length, >=, 16);
  return (guint32) (guint8) bytes[12] << 24 | (guint32) (guint8) bytes[13] << 16
         | (guint32) (guint8) bytes[14] << 8 | (guint8) bytes[15];
}

static int64_t
cached_stock_sum (MposStore *store)
{
  return test_query_int (store, "SELECT coalesce (sum (stock_qty), 0) FROM skus");
}

static int64_t
exact_stock (MposStore *store)
{
  return test_stock_of (store, "100001");
}

static void
sell (MposStore *store, guint sales)
{
  for (guint k = 0; k < sales; k++)
    {
      MposSaleResult result;

      test_commit_demo_sale (store, &result);
    }
}

/* Enough demo sales to pass both thresholds: the WAL past 1000 pages, the
 * stock past MPOS_STOCK_FOLD_EVERY movements. */
#define SALES_FOR_UPKEEP (MPOS_STOCK_FOLD_EVERY / SALE_LINES + 10)

static void
test_maintenance_sale_commit_leaves_checkpoint_and_fold_for_later (void)
{
  g_autoptr (TestStore) ts = test_store_new_demo ();
  g_autoptr (GError) error = NULL;
  MposMaintenance done;
  int64_t cached, stock_before;
  guint32 restarts;

  sell (ts->store, 1);
  restarts = wal_restarts (ts->path);
  cached = cached_stock_sum (ts->store);
  stock_before = exact_stock (ts->store);
  sell (ts->store, SALES_FOR_UPKEEP);

  /* No commit copied the WAL back or touched the SKU rows... */
  g_assert_cmpuint (wal_restarts (ts->path), ==, restarts);
  g_assert_cmpint (ts->store->wal_frames, >=, MPOS_STORE_WAL_CHECKPOINT_FRAMES);
  g_assert_cmpint (cached_stock_sum (ts->store), ==, cached);
  /* ...and stock read in between is exact all the same (2 of 100001 per sale). */
  g_assert_cmpint (exact_stock (ts->store), ==, stock_before - 2 * SALES_FOR_UPKEEP);
  g_assert_true (mpos_store_maintenance_due (ts->store));

  g_assert_true (mpos_store_maintain (ts->store, &done, &error));
  g_assert_no_error (error);
  g_assert_true (done.folded);
  g_assert_true (done.checkpointed);
  g_assert_true (done.wal_restartable);
  g_assert_false (done.busy);
  g_assert_cmpint (done.frames_in_wal, >=, MPOS_STORE_WAL_CHECKPOINT_FRAMES);
  g_assert_false (mpos_store_maintenance_due (ts->store));
  g_assert_cmpint (cached_stock_sum (ts->store), !=, cached);
  g_assert_cmpint (exact_stock (ts->store), ==, stock_before - 2 * SALES_FOR_UPKEEP);

  /* The next writer starts the WAL afresh. */
  sell (ts->store, 1);
  g_assert_cmpuint (wal_restarts (ts->path), ==, restarts + 1);
  g_assert_cmpint (ts->store->wal_frames, <, MPOS_STORE_WAL_CHECKPOINT_FRAMES);
  test_assert_consistent (ts->store);
}

/* Another process in the middle of a write: upkeep waits its short while,
 * says it was busy, leaves the movements pending (exact still), and does
 * the work once the store is free. */
static void
test_maintenance_gives_way_to_another_writer (void)
{
  g_autoptr (TestStore) ts = test_store_new_demo ();
  g_autoptr (GError) error = NULL;
  sqlite3 *other = NULL;
  MposMaintenance done;
  int64_t cached, started;

  sell (ts->store, SALES_FOR_UPKEEP);
  cached = cached_stock_sum (ts->store);
  g_assert_cmpint (sqlite3_open (ts->path, &other), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (other, "BEGIN IMMEDIATE", NULL, NULL, NULL), ==, SQLITE_OK);

  started = g_get_monotonic_time ();
  g_assert_true (mpos_store_maintain (ts->store, &done, &error));
  g_assert_no_error (error);
  g_assert_true (done.busy);
  g_assert_false (done.folded);
  /* The upkeep's wait, not the store's 5 s busy timeout. */
  g_assert_cmpint (g_get_monotonic_time () - started, <, 2 * G_USEC_PER_SEC);
  g_assert_cmpint (cached_stock_sum (ts->store), ==, cached);
  g_assert_true (mpos_store_maintenance_due (ts->store));

  g_assert_cmpint (sqlite3_exec (other, "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (other);
  g_assert_true (mpos_store_maintain (ts->store, &done, &error));
  g_assert_true (done.folded);
  g_assert_false (mpos_store_maintenance_due (ts->store));
  test_assert_consistent (ts->store);
}

/* mallposctl and other short-lived programs: the handle that sold pays its
 * upkeep when it is closed, after its action. */
static void
test_maintenance_closing_the_store_pays_it (void)
{
  g_autoptr (TestStore) ts = test_store_new_demo ();
  int64_t cached;

  sell (ts->store, SALES_FOR_UPKEEP);
  cached = cached_stock_sum (ts->store);
  test_store_reopen (ts);
  g_assert_cmpint (cached_stock_sum (ts->store), !=, cached);
  g_assert_false (mpos_store_maintenance_due (ts->store));
  test_assert_consistent (ts->store);
}

/* The window: a low-priority timeout on its main loop does the upkeep. */
static void
test_maintenance_idle_timeout_does_it_on_the_main_loop (void)
{
  g_autoptr (TestStore) ts = test_store_new_demo ();
  int64_t cached;
  guint source, ticks = 0;

  sell (ts->store, SALES_FOR_UPKEEP);
  cached = cached_stock_sum (ts->store);
  g_assert_true (mpos_store_maintenance_due (ts->store));
  source = mpos_store_maintain_when_idle (ts->store, 10);
  g_assert_cmpuint (source, !=, 0);
  while (mpos_store_maintenance_due (ts->store) && ticks++ < 100)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (source);
  g_assert_false (mpos_store_maintenance_due (ts->store));
  g_assert_cmpint (cached_stock_sum (ts->store), !=, cached);
  test_assert_consistent (ts->store);
}

/* A handle whose upkeep never runs still keeps the WAL bounded: the commit
 * that finds it past the backstop checkpoints, as SQLite would have. */
static void
test_maintenance_backstop_bounds_an_unattended_wal (void)
{
  g_autoptr (TestStore) ts = test_store_new ();
  guint32 restarts;

  test_exec (ts->store, "CREATE TABLE scratch (b BLOB)");
  restarts = wal_restarts (ts->path);
  /* Some 1,000 pages per transaction: 5 commits pass the backstop. */
  for (int k = 0; k < 8; k++)
    {
      g_autoptr (GError) error = NULL;

      g_assert_true (mpos_store_begin (ts->store, &error));
      test_exec (ts->store, "WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
                            "WHERE i < 1000) INSERT INTO scratch SELECT randomblob (800) FROM n");
      g_assert_true (mpos_store_commit (ts->store, &error));
      g_assert_cmpint (ts->store->wal_frames, <, MPOS_STORE_WAL_BACKSTOP_FRAMES + 2000);
    }
  g_assert_cmpuint (wal_restarts (ts->path), >, restarts);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  test_pin_now ("2026-11-23T10:00:00+08:00");
  g_test_add_func ("/maintenance/sale-commit-leaves-checkpoint-and-fold-for-later",
                   test_maintenance_sale_commit_leaves_checkpoint_and_fold_for_later);
  g_test_add_func ("/maintenance/gives-way-to-another-writer",
                   test_maintenance_gives_way_to_another_writer);
  g_test_add_func ("/maintenance/closing-the-store-pays-it",
                   test_maintenance_closing_the_store_pays_it);
  g_test_add_func ("/maintenance/idle-timeout-does-it-on-the-main-loop",
                   test_maintenance_idle_timeout_does_it_on_the_main_loop);
  g_test_add_func ("/maintenance/backstop-bounds-an-unattended-wal",
                   test_maintenance_backstop_bounds_an_unattended_wal);
  return g_test_run ();
}
