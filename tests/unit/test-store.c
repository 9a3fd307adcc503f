/* test-store.c — tests for src/store.c and src/store-identity.c: creating,
 * reopening and refusing files that are no store of ours (random bytes, other
 * programs' databases, newer schemas), a lock held by another connection, a
 * full disk in the middle of an import or a sale, identity validation, the
 * business day with its cut-off hour, and the settings/counters tables. */
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "core.h"
#include "cart.h"
#include "catalog-import.h"
#include "catalog.h"
#include "clock.h"
#include "sale.h"
#include "store-private.h"
#include "test-util.h"

#define MPOS_APPLICATION_ID 0x4D504F53 /* 'MPOS', as src/store.c writes it */

/* ---- helpers ------------------------------------------------------------- */

static MposStore *
open_store (const char *path, gboolean create, GError **error)
{
  MposStoreOptions options = { create, 200 };

  mpos_core_init ();
  return mpos_store_open (path, &options, error);
}

/* Opening `path`, with or without create, is refused as no store of ours,
 * with a message that names the file and says `why`. */
static void
assert_not_a_store (const char *path, const char *why)
{
  for (int create = 0; create <= 1; create++)
    {
      g_autoptr (GError) error = NULL;
      MposStore *store = open_store (path, create, &error);

      g_assert_null (store);
      g_assert_error (error, MPOS_STORE_ERROR, MPOS_STORE_ERROR_NOT_A_STORE);
      g_assert_nonnull (strstr (error->message, why));
      g_assert_nonnull (strstr (error->message, path));
    }
}

static int64_t
utc (int year, int month, int day, int hour, int minute, int second)
{
  g_autoptr (GDateTime) time = g_date_time_new_utc (year, month, day, hour, minute, second);

  return g_date_time_to_unix (time);
}

static void
assert_identity_is_test_default (MposStore *store)
{
  g_autoptr (GError) error = NULL;
  const MposStoreIdentity *identity = mpos_store_get_identity (store, &error);

  g_assert_no_error (error);
  g_assert_nonnull (identity);
  g_assert_cmpstr (identity->store_code, ==, "S001");
  g_assert_cmpstr (identity->terminal_code, ==, "T01");
  g_assert_cmpstr (identity->time_zone, ==, "Asia/Shanghai");
  g_assert_cmpstr (identity->store_name, ==, "惠民会员超市");
  g_assert_cmpint (identity->business_day_cutoff_hour, ==, 4);
}

static MposStoreIdentity
valid_identity (void)
{
  MposStoreIdentity identity = { 0 };

  identity.store_code = "S002";
  identity.terminal_code = "T09";
  identity.time_zone = "Asia/Shanghai";
  identity.store_name = "惠民会员超市(人民路店)";
  identity.store_address = "人民路1号";
  identity.receipt_footer = "谢谢惠顾\n欢迎再次光临";
  identity.business_day_cutoff_hour = 5;
  identity.cash_rounding_step = 10;
  return identity;
}

/* Pins the database at its present size, so the next write that needs a new
 * page fails with SQLITE_FULL as on a full disk. */
static void
fill_disk (MposStore *store)
{
  g_autofree char *pragma = NULL;

  test_exec (store, "VACUUM"); /* no free pages left to reuse */
  g_assert_cmpint (test_query_int (store, "PRAGMA freelist_count"), ==, 0);
  pragma = g_strdup_printf ("PRAGMA max_page_count = %" G_GINT64_FORMAT,
                            test_query_int (store, "PRAGMA page_count"));
  test_exec (store, pragma);
  g_assert_cmpint (test_query_int (store, "PRAGMA max_page_count"), ==,
                   test_query_int (store, "PRAGMA page_count"));
}

/* Allows `pages` more pages than the database has now. */
static void
limit_disk (MposStore *store, int64_t pages)
{
  g_autofree char *pragma = g_strdup_printf ("PRAGMA max_page_count = %" G_GINT64_FORMAT,
                                             test_query_int (store, "PRAGMA page_count") + pages);

  test_exec (store, pragma);
}

static void
free_disk (MposStore *store)
{
  test_exec (store, "PRAGMA max_page_count = 1073741823");
}

/* ---- create / open / reopen ---------------------------------------------- */

static void
test_store_create_then_reopen_keeps_schema_and_identity (void)
{
  g_autofree char *dir = test_make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "store.db", NULL);
  g_autoptr (GError) error = NULL;
  MposStoreIdentity identity = valid_identity ();
  MposStore *store;

  g_assert_cmpint (mpos_store_schema_version (), >=, 1);
  store = open_store (path, TRUE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpstr (mpos_store_path (store), ==, path);
  g_assert_cmpint (test_query_int (store, "PRAGMA user_version"), ==, mpos_store_schema_version ());
  g_assert_cmpint (test_query_int (store, "PRAGMA application_id"), ==, MPOS_APPLICATION_ID);
  g_assert_cmpint (test_query_int (store, "SELECT count(*) FROM sqlite_schema WHERE name = 'skus'"),
                   ==, 1);
  /* A fresh store has no identity until `init` gives it one. */
  g_assert_null (mpos_store_get_identity (store, &error));
  g_assert_error (error, MPOS_STORE_ERROR, MPOS_STORE_ERROR_NOT_INITIALISED);
  g_clear_error (&error);
  g_assert_true (mpos_store_set_identity (store, &identity, &error));
  g_assert_no_error (error);
  mpos_store_close (store);

  /* Reopen without create: same schema, nothing migrated twice, identity kept. */
  store = open_store (path, FALSE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  g_assert_cmpint (test_query_int (store, "PRAGMA user_version"), ==, mpos_store_schema_version ());
  {
    const MposStoreIdentity *read = mpos_store_get_identity (store, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (read->store_code, ==, "S002");
    g_assert_cmpstr (read->terminal_code, ==, "T09");
    g_assert_cmpstr (read->time_zone, ==, "Asia/Shanghai");
    g_assert_cmpstr (read->store_name, ==, "惠民会员超市(人民路店)");
    g_assert_cmpstr (read->store_address, ==, "人民路1号");
    g_assert_cmpstr (read->receipt_footer, ==, "谢谢惠顾\n欢迎再次光临");
    g_assert_cmpint (read->business_day_cutoff_hour, ==, 5);
    g_assert_cmpint (read->cash_rounding_step, ==, 10);
    /* No layout given: the default scale layout is stored. */
    g_assert_cmpuint (read->scale_layout.item_digits, ==, 5);
    g_assert_cmpuint (read->scale_layout.value_digits, ==, 5);
    g_assert_cmpint (read->scale_layout.value_kind, ==, MPOS_SCALE_VALUE_WEIGHT);
  }
  mpos_store_close (store);

  /* Opening an existing store with create set changes nothing either. */
  store = open_store (path, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (mpos_store_get_identity (store, &error)->store_code, ==, "S002");
  g_assert_no_error (error);
  mpos_store_close (store);
  test_remove_dir (dir);
}

static void
test_store_connection_is_durable_wal_with_foreign_keys (void)
{
  g_autoptr (TestStore) ts = test_store_new ();
  g_autofree char *mode = test_query_text (ts->store, "PRAGMA journal_mode");

  g_assert_cmpstr (mode, ==, "wal");
  g_assert_cmpint (test_query_int (ts->store, "PRAGMA synchronous"), ==, 2); /* FULL */
  g_assert_cmpint (test_query_int (ts->store, "PRAGMA foreign_keys"), ==, 1);

  /* The settings survive a reopen and the connection is set up again. */
  test_store_reopen (ts);
  g_clear_pointer (&mode, g_free);
  mode = test_query_text (ts->store, "PRAGMA journal_mode");
  g_assert_cmpstr (mode, ==, "wal");
  g_assert_cmpint (test_query_int (ts->store, "PRAGMA synchronous"), ==, 2);
  g_assert_cmpint (test_query_int (ts->store, "PRAGMA foreign_keys"), ==, 1);
  assert_identity_is_test_default (ts->store);
}

static void
test_store_missing_file_without_create_is_not_found (void)
{
  g_autofree char *dir = test_make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "nowhere.db", NULL);
  g_autoptr (GError) error = NULL;
  MposStore *store = open_store (path, FALSE, &error);

  g_assert_null (store);
  g_assert_error (error, MPOS_STORE_ERROR, MPOS_STORE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, path));
  /* Looking must not create the file. */
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  test_remove_dir (dir);
}

static void
test_store_refuses_random_bytes_and_leaves_them_untouched (void)
{
  g_autofree char *dir = test_make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "photo.jpg", NULL);
  g_autoptr (GRand) rand = g_rand_new_with_seed (20261123);
  g_autoptr (GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gsize length = 8192, after_length = 0;

  before = g_malloc (length);
  for (gsize i = 0; i < length; i++)
    before[i] = (char)g_rand_int_range (rand, 0, 256);
  g_assert_cmpint (memcmp (before, "SQLite format 3", 15), !=, 0);
  g_file_set_contents (path, before, (gssize)length, &error);
  g_assert_no_error (error);

  assert_not_a_store (path, "not a MallPOS store");
  after = test_file_contents (path, &after_length);
  g_assert_cmpmem (after, after_length, before, length);
  test_remove_dir (dir);
}

static void
test_store_refuses_other_programs_database_and_leaves_it_untouched (void)
{
  g_autofree char *dir = test_make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "other.db", NULL);
  g_autofree char *mode = NULL;
  sqlite3 *db = test_db_open (path);

  test_db_exec (db, "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT);"
                "INSERT INTO notes (text) VALUES ('keep me');");
  sqlite3_close (db);

  assert_not_a_store (path, "another program");

  /* Not migrated, not switched to WAL, its data intact. */
  db = test_db_open (path);
  g_assert_cmpint (test_db_int (db, "SELECT count(*) FROM sqlite_schema"), ==, 1);
  g_assert_cmpint (test_db_int (db, "SELECT count(*) FROM notes WHERE text = 'keep me'"), ==, 1);
  g_assert_cmpint (test_db_int (db, "PRAGMA user_version"), ==, 0);
  g_assert_cmpint (test_db_int (db, "PRAGMA application_id"), ==, 0);
  mode = test_db_text (db, "PRAGMA journal_mode");
  g_assert_cmpstr (mode, ==, "delete");
  sqlite3_close (db);
  test_remove_dir (dir);
}

static void
test_store_refuses_newer_schema (void)
{
  g_autoptr (TestStore) ts = test_store_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *pragma = NULL;
  g_autofree char *newer = NULL;
  int version = mpos_store_schema_version () + 1;
  MposStore *store;
  sqlite3 *db;

  g_clear_pointer (&ts->store, mpos_store_close);
  db = test_db_open (ts->path);
  pragma = g_strdup_printf ("PRAGMA user_version = %d", version);
  test_db_exec (db, pragma);
  sqlite3_close (db);

  store = open_store (ts->path, FALSE, &error);
  g_assert_null (store);
  g_assert_error (error, MPOS_STORE_ERROR, MPOS_STORE_ERROR_TOO_NEW);
  newer = g_strdup_printf ("version %d", version);
  g_assert_nonnull (strstr (error->message, newer));
  g_assert_nonnull (strstr (error->message, "update MallPOS"));
  g_clear_error (&error);

  /* Nothing was done to the newer store: a newer program can still open it. */
  db = test_db_open (ts->path);
  g_assert_cmpint (test_db_int (db, "PRAGMA user_version"), ==, version);
  g_assert_cmpint (test_db_int (db, "SELECT count(*) FROM settings WHERE key = 'store_code'"), ==,
                   1);
  sqlite3_close (db);
}

static void
test_store_empty_file_is_initialised_only_with_create (void)
{
  g_autofree char *dir = test_make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "empty.db", NULL);
  g_autoptr (GError) error = NULL;
  MposStore *store;

  g_file_set_contents (path, "", 0, &error);
  g_assert_no_error (error);
  store = open_store (path, FALSE, &error);
  g_assert_null (store);
  g_assert_error (error, MPOS_STORE_ERROR, MPOS_STORE_ERROR_NOT_INITIALISED);
  g_clear_error (&error);

  store = open_store (path, TRUE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  g_assert_cmpint (test_query_int (store, "PRAGMA user_version"), ==, mpos_store_schema_version ());
  mpos_store_close (store);
  test_remove_dir (dir);
}

/* ---- another process holds the lock -------------------------------------- */

static void
test_store_write_while_locked_is_busy_and_changes_nothing (void)
{
  g_autoptr (TestStore) ts = test_store_new ();
  g_autoptr (GError) error = NULL;
  g_auto (MposImportReport) report = { 0 };
  MposStoreIdentity identity = valid_identity ();
  sqlite3 *other = test_db_open (ts->path);
  g_autofree char *name = NULL;
  gsize length = 0;
  g_autofree char *catalog = test_demo_file ("catalog.csv", &length);
  int64_t started, waited_ms;

  test_db_exec (other, "PRAGMA busy_timeout = 0");
  test_db_exec (other, "BEGIN EXCLUSIVE");
  test_db_exec (other, "UPDATE settings SET value = 'uncommitted' WHERE key = 'store_name'");

  /* A write gives up after the store's short busy timeout, with BUSY. */
  started = g_get_monotonic_time ();
  g_assert_false (mpos_store_set_identity (ts->store, &identity, &error));
  waited_ms = (g_get_monotonic_time () - started) / 1000;
  g_assert_error (error, MPOS_STORE_ERROR, MPOS_STORE_ERROR_BUSY);
  g_assert_nonnull (strstr (error->message, "locked by another process"));
  g_assert_cmpint (waited_ms, >=, 150);
  g_assert_cmpint (waited_ms, <, 3000);
  g_clear_error (&error);

  mpos_import_report_init (&report);
  g_assert_false (mpos_import_csv (ts->store, MPOS_IMPORT_CATALOG, catalog, length,
                                   MPOS_IMPORT_ALL_OR_NOTHING, &report, &error));
  g_assert_error (error, MPOS_STORE_ERROR, MPOS_STORE_ERROR_BUSY);
  g_clear_error (&error);

  /* Readers are not blocked (WAL) and see only committed data. */
  name = mpos_store_get_setting (ts->store, "store_name");
  g_assert_cmpstr (name, ==, "惠民会员超市");
  g_assert_cmpint (mpos_catalog_sku_count (ts->store), ==, 0);
  assert_identity_is_test_default (ts->store);

  test_db_exec (other, "ROLLBACK");
  sqlite3_close (other);

  /* The store is as it was, and the same writes now go through. */
  g_assert_cmpint (mpos_catalog_sku_count (ts->store), ==, 0);
  g_clear_pointer (&name, g_free);
  name = mpos_store_get_setting (ts->store, "store_name");
  g_assert_cmpstr (name, ==, "惠民会员超市");
  g_assert_true (mpos_store_set_identity (ts->store, &identity, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (mpos_store_get_identity (ts->store, &error)->store_code, ==, "S002");
  test_assert_consistent (ts->store);
}

/* ---- disk full ----------------------------------------------------------- */

static void
test_store_full_disk_during_import_saves_nothing_and_retry_works (void)
{
  g_autoptr (TestStore) ts = test_store_new ();
  g_autoptr (GError) error = NULL;
  g_auto (MposImportReport) report = { 0 };
  gsize length = 0;
  g_autofree char *catalog = test_demo_file ("catalog.csv", &length);

  fill_disk (ts->store);
  mpos_import_report_init (&report);
  g_assert_false (mpos_import_csv (ts->store, MPOS_IMPORT_CATALOG, catalog, length,
                                   MPOS_IMPORT_ALL_OR_NOTHING, &report, &error));
  g_assert_error (error, MPOS_STORE_ERROR, MPOS_STORE_ERROR_FULL);
  g_assert_nonnull (strstr (error->message, "disk is full"));
  g_clear_error (&error);
  /* The report does not claim rows that were not saved. */
  g_assert_cmpuint (report.rows_imported, ==, 0);

  free_disk (ts->store);
  g_assert_cmpint (mpos_catalog_sku_count (ts->store), ==, 0);
  g_assert_cmpint (test_count_rows (ts->store, "categories"), ==, 0);
  g_assert_cmpint (test_count_rows (ts->store, "prices"), ==, 0);
  g_assert_cmpint (test_count_rows (ts->store, "stock_movements"), ==, 0);
  g_assert_cmpint (test_count_rows (ts->store, "sku_search"), ==, 0);
  test_assert_consistent (ts->store);

  test_import_demo_catalog (ts->store, NULL);
  g_assert_cmpint (mpos_catalog_sku_count (ts->store), ==, 256);
  test_assert_consistent (ts->store);

  /* It also survives a reopen. */
  test_store_reopen (ts);
  g_assert_cmpint (mpos_catalog_sku_count (ts->store), ==, 256);
}

/* The disk fills up at every point of the import in turn: each attempt
 * either saves the whole file or nothing at all. */
static void
test_store_full_disk_at_any_point_of_import_saves_all_or_nothing (void)
{
  g_autoptr (TestStore) ts = test_store_new ();
  gsize length = 0;
  g_autofree char *catalog = test_demo_file ("catalog.csv", &length);
  guint failures = 0;
  int64_t pages;

  fill_disk (ts->store);
  for (pages = 0; pages < 1000; pages++)
    {
      g_autoptr (GError) error = NULL;
      g_auto (MposImportReport) report = { 0 };
      gboolean ok;

      limit_disk (ts->store, pages);
      mpos_import_report_init (&report);
      ok = mpos_import_csv (ts->store, MPOS_IMPORT_CATALOG, catalog, length,
                            MPOS_IMPORT_ALL_OR_NOTHING, &report, &error);
      free_disk (ts->store);
      if (ok)
        break;
      failures++;
      g_assert_error (error, MPOS_STORE_ERROR, MPOS_STORE_ERROR_FULL);
      g_assert_cmpuint (report.rows_imported, ==, 0);
      g_assert_cmpint (mpos_catalog_sku_count (ts->store), ==, 0);
      g_assert_cmpint (test_count_rows (ts->store, "categories"), ==, 0);
      g_assert_cmpint (test_count_rows (ts->store, "prices"), ==, 0);
      g_assert_cmpint (test_count_rows (ts->store, "sku_search"), ==, 0);
      test_assert_consistent (ts->store);
      fill_disk (ts->store);
    }
  g_test_message ("the import failed %u time(s) before it fitted in %" G_GINT64_FORMAT
                  " more pages",
                  failures, pages);
  g_assert_cmpuint (failures, >=, 20);
  g_assert_cmpint (mpos_catalog_sku_count (ts->store), ==, 256);
  g_assert_cmpint (test_count_rows (ts->store, "sku_search"), ==, 256);
  test_assert_consistent (ts->store);
}

static MposCart *
big_cash_cart (MposStore *store)
{
  MposCart *cart = test_cart_new (store);

  /* 120 lines: the sale's lines alone need more than one new page. */
  for (int i = 1; i <= 120; i++)
    {
      char sku[16];

      g_snprintf (sku, sizeof sku, "%d", 100000 + i);
      test_cart_add_sku (cart, sku, 2);
    }
  test_cart_pay (cart, MPOS_TENDER_CASH, mpos_cart_total (cart) + 1000, NULL);
  return cart;
}

static void
test_store_full_disk_during_sale_saves_nothing_and_retry_works (void)
{
  g_autoptr (TestStore) ts = test_store_new_demo ();
  g_autoptr (GError) error = NULL;
  g_autoptr (MposCart) cart = big_cash_cart (ts->store);
  g_autoptr (MposSku) noodles = NULL;
  MposSaleResult result;
  int64_t audit_before = test_count_rows (ts->store, "audit");
  int64_t movements_before = test_count_rows (ts->store, "stock_movements");

  fill_disk (ts->store);
  g_assert_false (mpos_sale_commit (cart, &result, &error));
  g_assert_error (error, MPOS_STORE_ERROR, MPOS_STORE_ERROR_FULL);
  g_assert_nonnull (strstr (error->message, "disk is full"));
  g_clear_error (&error);

  free_disk (ts->store);
  g_assert_cmpint (test_count_rows (ts->store, "sales"), ==, 0);
  g_assert_cmpint (test_count_rows (ts->store, "sale_lines"), ==, 0);
  g_assert_cmpint (test_count_rows (ts->store, "tenders"), ==, 0);
  g_assert_cmpint (test_count_rows (ts->store, "journal"), ==, 0);
  g_assert_cmpint (test_count_rows (ts->store, "audit"), ==, audit_before);
  g_assert_cmpint (test_count_rows (ts->store, "stock_movements"), ==, movements_before);
  g_assert_cmpint (test_query_int (ts->store, "SELECT count(*) FROM counters WHERE value > 0 "
                                              "AND name <> 'stock_folded_through'"), ==,
                   0);
  noodles = mpos_catalog_find_sku (ts->store, "100001", &error);
  g_assert_no_error (error);
  g_assert_cmpint (test_sku_stock (ts->store, noodles), ==, 320);
  test_assert_consistent (ts->store);

  /* The same cart commits once there is room, as the day's first receipt. */
  g_assert_true (mpos_sale_commit (cart, &result, &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_suffix (result.receipt_no, "-0001"));
  g_assert_cmpint (result.journal_seq, ==, 1);
  g_assert_cmpint (test_count_rows (ts->store, "sales"), ==, 1);
  g_assert_cmpint (test_count_rows (ts->store, "sale_lines"), ==, 120);
  g_clear_pointer (&noodles, mpos_sku_free);
  noodles = mpos_catalog_find_sku (ts->store, "100001", &error);
  g_assert_no_error (error);
  g_assert_cmpint (test_sku_stock (ts->store, noodles), ==, 318);
  test_assert_consistent (ts->store);
}

/* The same sale with one more page of room each time: every attempt that
 * fails stores nothing, takes no receipt number and moves no stock. */
static void
test_store_full_disk_at_any_point_of_sale_saves_all_or_nothing (void)
{
  g_autoptr (TestStore) ts = test_store_new_demo ();
  g_autoptr (MposCart) cart = big_cash_cart (ts->store);
  g_autoptr (MposSku) noodles = NULL;
  g_autoptr (GError) error = NULL;
  int64_t audit_before = test_count_rows (ts->store, "audit");
  guint failures = 0;
  int64_t pages;

  fill_disk (ts->store);
  for (pages = 0; pages < 100; pages++)
    {
      MposSaleResult result;
      gboolean ok;

      limit_disk (ts->store, pages);
      ok = mpos_sale_commit (cart, &result, &error);
      free_disk (ts->store);
      if (ok)
        {
          g_assert_true (g_str_has_suffix (result.receipt_no, "-0001"));
          g_assert_cmpint (result.journal_seq, ==, 1);
          break;
        }
      failures++;
      g_assert_error (error, MPOS_STORE_ERROR, MPOS_STORE_ERROR_FULL);
      g_clear_error (&error);
      g_assert_cmpint (test_count_rows (ts->store, "sales"), ==, 0);
      g_assert_cmpint (test_count_rows (ts->store, "sale_lines"), ==, 0);
      g_assert_cmpint (test_count_rows (ts->store, "line_adjustments"), ==, 0);
      g_assert_cmpint (test_count_rows (ts->store, "journal"), ==, 0);
      g_assert_cmpint (test_query_int (ts->store, "SELECT count(*) FROM counters WHERE value > 0 AND name <> "
                                                  "'stock_folded_through'"), ==,
                   0);
      g_assert_cmpint (test_count_rows (ts->store, "audit"), ==, audit_before);
      test_assert_consistent (ts->store);
      fill_disk (ts->store);
    }
  g_test_message ("the sale failed %u time(s) before it fitted in %" G_GINT64_FORMAT " more pages",
                  failures, pages);
  g_assert_cmpuint (failures, >, 0);
  g_assert_cmpint (test_count_rows (ts->store, "sales"), ==, 1);
  g_assert_cmpint (test_count_rows (ts->store, "journal"), ==, 1);
  noodles = mpos_catalog_find_sku (ts->store, "100001", &error);
  g_assert_no_error (error);
  g_assert_cmpint (test_sku_stock (ts->store, noodles), ==, 318);
  test_assert_consistent (ts->store);
}

/* ---- identity ------------------------------------------------------------ */

static void
assert_identity_refused (MposStore *store, const MposStoreIdentity *identity, const char *needle)
{
  g_autoptr (GError) error = NULL;

  g_assert_false (mpos_store_set_identity (store, identity, &error));
  g_assert_error (error, MPOS_STORE_ERROR, MPOS_STORE_ERROR_CONSTRAINT);
  if (needle)
    g_assert_nonnull (strstr (error->message, needle));
  /* The identity in force is untouched. */
  assert_identity_is_test_default (store);
}

static void
test_store_identity_refuses_bad_codes (void)
{
  g_autoptr (TestStore) ts = test_store_new ();
  const char *bad[] = { "", "S 001", "S-001", "店001", "S0010000000000001", "S001\n" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      MposStoreIdentity identity = valid_identity ();

      identity.store_code = (char *)bad[i];
      assert_identity_refused (ts->store, &identity, "codes");
      identity = valid_identity ();
      identity.terminal_code = (char *)bad[i];
      assert_identity_refused (ts->store, &identity, "codes");
    }
  {
    MposStoreIdentity identity = valid_identity ();

    identity.store_code = NULL;
    assert_identity_refused (ts->store, &identity, "codes");
  }
  {
    /* 16 letters or digits is the longest accepted. */
    g_autoptr (GError) error = NULL;
    MposStoreIdentity identity = valid_identity ();

    identity.store_code = "S001000000000001";
    g_assert_true (mpos_store_set_identity (ts->store, &identity, &error));
    g_assert_no_error (error);
    g_assert_cmpstr (mpos_store_get_identity (ts->store, &error)->store_code, ==,
                     "S001000000000001");
  }
}

static void
test_store_identity_refuses_unknown_time_zone (void)
{
  g_autoptr (TestStore) ts = test_store_new ();
  const char *bad[] = { "Mars/Olympus", "Asia/Shanghia", "", "asia/shanghai", " Asia/Shanghai" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      MposStoreIdentity identity = valid_identity ();

      identity.time_zone = (char *)bad[i];
      assert_identity_refused (ts->store, &identity, "time zone");
    }
  {
    MposStoreIdentity identity = valid_identity ();

    identity.time_zone = NULL;
    assert_identity_refused (ts->store, &identity, "time zone");
  }
}

static void
test_store_identity_refuses_cutoff_24_and_odd_rounding (void)
{
  g_autoptr (TestStore) ts = test_store_new ();
  g_autoptr (GError) error = NULL;
  const int bad_hours[] = { 24, 25, -1 };
  const int64_t bad_steps[] = { 1, 5, 50, -10, 1000 };
  MposStoreIdentity identity = valid_identity ();

  for (guint i = 0; i < G_N_ELEMENTS (bad_hours); i++)
    {
      identity = valid_identity ();
      identity.business_day_cutoff_hour = bad_hours[i];
      assert_identity_refused (ts->store, &identity, "cut-off hour");
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad_steps); i++)
    {
      identity = valid_identity ();
      identity.cash_rounding_step = bad_steps[i];
      assert_identity_refused (ts->store, &identity, "rounding");
    }

  /* The edges that are allowed. */
  identity = valid_identity ();
  identity.business_day_cutoff_hour = 23;
  identity.cash_rounding_step = 100;
  g_assert_true (mpos_store_set_identity (ts->store, &identity, &error));
  g_assert_no_error (error);
  g_assert_cmpint (mpos_store_get_identity (ts->store, &error)->business_day_cutoff_hour, ==, 23);
  g_assert_cmpint (mpos_store_get_identity (ts->store, &error)->cash_rounding_step, ==, 100);
  identity.business_day_cutoff_hour = 0;
  identity.cash_rounding_step = 0;
  g_assert_true (mpos_store_set_identity (ts->store, &identity, &error));
  g_assert_no_error (error);
  g_assert_cmpint (mpos_store_get_identity (ts->store, &error)->business_day_cutoff_hour, ==, 0);
}

static void
test_store_identity_refuses_invalid_scale_layout (void)
{
  g_autoptr (TestStore) ts = test_store_new ();
  g_autoptr (GError) error = NULL;
  MposStoreIdentity identity = valid_identity ();

  /* 2 + 5 + 6 + 1 digits do not make an EAN-13. */
  mpos_scale_layout_init_default (&identity.scale_layout);
  identity.scale_layout.value_digits = 6;
  g_assert_false (mpos_store_set_identity (ts->store, &identity, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  assert_identity_is_test_default (ts->store);

  /* A valid custom layout round-trips through the store. */
  g_assert_true (mpos_scale_layout_parse ("28-28/5/4/price/check", &identity.scale_layout, &error));
  g_assert_no_error (error);
  g_assert_true (mpos_store_set_identity (ts->store, &identity, &error));
  g_assert_no_error (error);
  test_store_reopen (ts);
  {
    const MposStoreIdentity *read = mpos_store_get_identity (ts->store, &error);

    g_assert_no_error (error);
    g_assert_cmpint (read->scale_layout.prefix_min, ==, '8');
    g_assert_cmpint (read->scale_layout.prefix_max, ==, '8');
    g_assert_cmpuint (read->scale_layout.value_digits, ==, 4);
    g_assert_true (read->scale_layout.value_check_digit);
    g_assert_cmpint (read->scale_layout.value_kind, ==, MPOS_SCALE_VALUE_PRICE);
  }
}

/* ---- business day -------------------------------------------------------- */

static void
assert_day (MposStore *store, int64_t utc_seconds, const char *expected)
{
  g_autofree char *day = mpos_store_business_day (store, utc_seconds);

  g_assert_cmpstr (day, ==, expected);
}

static void
test_store_business_day_before_cutoff_is_previous_day (void)
{
  g_autoptr (TestStore) ts = test_store_new (); /* Asia/Shanghai (+08:00), cut-off 04:00 */
  g_autofree char *local = NULL;

  /* 02:00 Shanghai on 23 Nov is 18:00 UTC on 22 Nov: still the 22nd's trading. */
  assert_day (ts->store, utc (2026, 11, 22, 18, 0, 0), "20261122");
  local = mpos_store_local_time (ts->store, utc (2026, 11, 22, 18, 0, 0));
  g_assert_cmpstr (local, ==, "2026-11-23 02:00:00");
  /* 03:59:59 local is the last second of the 22nd; 04:00:00 opens the 23rd. */
  assert_day (ts->store, utc (2026, 11, 22, 19, 59, 59), "20261122");
  assert_day (ts->store, utc (2026, 11, 22, 20, 0, 0), "20261123");
  /* 23:59 local is still the 23rd; so is 00:30 on the 24th. */
  assert_day (ts->store, utc (2026, 11, 23, 15, 59, 0), "20261123");
  assert_day (ts->store, utc (2026, 11, 23, 16, 30, 0), "20261123");
  /* The morning after New Year's Eve belongs to the old year. */
  assert_day (ts->store, utc (2026, 12, 31, 17, 0, 0), "20261231");
  assert_day (ts->store, utc (2026, 12, 31, 20, 0, 0), "20270101");
  /* 1 March 01:00 in a non-leap year is 28 February's business. */
  assert_day (ts->store, utc (2027, 2, 28, 17, 0, 0), "20270228");
}

static void
test_store_business_day_follows_zone_and_cutoff (void)
{
  g_autoptr (TestStore) ts = test_store_new ();
  g_autoptr (GError) error = NULL;
  MposStoreIdentity identity = valid_identity ();
  g_autofree char *local = NULL;
  int64_t t = utc (2026, 11, 22, 18, 0, 0); /* 02:00 in Shanghai */

  identity.business_day_cutoff_hour = 0;
  g_assert_true (mpos_store_set_identity (ts->store, &identity, &error));
  g_assert_no_error (error);
  assert_day (ts->store, t, "20261123");

  /* The same instant in a store in London (UTC in November) is the 22nd's evening. */
  identity.time_zone = "Europe/London";
  identity.business_day_cutoff_hour = 4;
  g_assert_true (mpos_store_set_identity (ts->store, &identity, &error));
  g_assert_no_error (error);
  assert_day (ts->store, t, "20261122");
  local = mpos_store_local_time (ts->store, t);
  g_assert_cmpstr (local, ==, "2026-11-22 18:00:00");

  /* The zone and cut-off are read back from the store after a reopen. */
  test_store_reopen (ts);
  assert_day (ts->store, utc (2026, 11, 23, 3, 30, 0), "20261122");
  assert_day (ts->store, utc (2026, 11, 23, 4, 0, 0), "20261123");
}

/* ---- settings and counters ----------------------------------------------- */

static void
test_store_settings_overwrite_and_survive_reopen (void)
{
  g_autoptr (TestStore) ts = test_store_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *value = NULL;

  g_assert_null (mpos_store_get_setting (ts->store, "no_such_key"));
  g_assert_true (mpos_store_put_setting (ts->store, "printer", "usb:0416:5011", &error));
  g_assert_no_error (error);
  g_assert_true (mpos_store_put_setting (ts->store, "printer", "tcp:192.168.1.50:9100", &error));
  g_assert_no_error (error);
  g_assert_true (mpos_store_put_setting (ts->store, "empty", NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (
      test_query_int (ts->store, "SELECT count(*) FROM settings WHERE key = 'printer'"), ==, 1);

  test_store_reopen (ts);
  value = mpos_store_get_setting (ts->store, "printer");
  g_assert_cmpstr (value, ==, "tcp:192.168.1.50:9100");
  g_clear_pointer (&value, g_free);
  value = mpos_store_get_setting (ts->store, "empty");
  g_assert_cmpstr (value, ==, "");
}

static int64_t
next_counter (MposStore *store, const char *name)
{
  g_autoptr (GError) error = NULL;
  int64_t value = -1;

  g_assert_true (mpos_store_begin (store, &error));
  g_assert_true (mpos_store_next_counter (store, name, &value, &error));
  g_assert_true (mpos_store_commit (store, &error));
  g_assert_no_error (error);
  return value;
}

static void
test_store_counters_count_from_one_per_name (void)
{
  g_autoptr (TestStore) ts = test_store_new ();
  g_autoptr (GError) error = NULL;
  int64_t value = -1;

  g_assert_cmpint (next_counter (ts->store, "receipt:20261123"), ==, 1);
  g_assert_cmpint (next_counter (ts->store, "receipt:20261123"), ==, 2);
  g_assert_cmpint (next_counter (ts->store, "receipt:20261124"), ==, 1);
  g_assert_cmpint (next_counter (ts->store, "receipt:20261123"), ==, 3);

  /* A number taken in a transaction that is rolled back is given out again. */
  g_assert_true (mpos_store_begin (ts->store, &error));
  g_assert_true (mpos_store_next_counter (ts->store, "receipt:20261123", &value, &error));
  g_assert_no_error (error);
  g_assert_cmpint (value, ==, 4);
  mpos_store_rollback (ts->store);
  g_assert_cmpint (next_counter (ts->store, "receipt:20261123"), ==, 4);

  test_store_reopen (ts);
  g_assert_cmpint (next_counter (ts->store, "receipt:20261123"), ==, 5);
  g_assert_cmpint (next_counter (ts->store, "receipt:20261124"), ==, 2);
}

/* The centre applies each journal entry once by its global id: two entries
 * with one id are refused by the store (0019), not sent and lost. */
static void
test_store_journal_global_id_is_unique (void)
{
  g_autoptr (TestStore) ts = test_store_new_demo ();
  MposSaleResult result;
  int rc;

  test_commit_demo_sale (ts->store, &result);
  g_assert_cmpint (test_query_int (ts->store, "SELECT count(*) FROM journal"), >, 0);
  rc = sqlite3_exec (mpos_store_db (ts->store),
                     "INSERT INTO journal (seq, id, kind, ref_id, created_at) "
                     "SELECT seq + 1000, id, kind, ref_id, created_at FROM journal LIMIT 1",
                     NULL, NULL, NULL);
  g_assert_cmpint (rc & 0xff, ==, SQLITE_CONSTRAINT);
  g_assert_cmpint (test_query_int (ts->store, "SELECT count(*) FROM sqlite_schema WHERE "
                                              "type = 'index' AND name = 'journal_id'"),
                   ==, 1);
}

/* No table's CHECK makes SQLite build a throw-away b-tree for every insert
 * (an IN list of more than two values does; 0009, 0010 spell them with OR). */
static void
test_store_checks_build_no_ephemeral_tables (void)
{
  g_autoptr (TestStore) ts = test_store_new ();
  sqlite3 *db = mpos_store_db (ts->store);
  sqlite3_stmt *tables = NULL;
  guint checked = 0;

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT name FROM sqlite_schema WHERE type = 'table' "
                                           "AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE 'CREATE "
                                           "VIRTUAL%' AND name NOT LIKE 'sku_search_%'",
                                       -1, &tables, NULL),
                   ==, SQLITE_OK);
  while (sqlite3_step (tables) == SQLITE_ROW)
    {
      const char *table = (const char *) sqlite3_column_text (tables, 0);
      g_autofree char *sql = g_strdup_printf ("EXPLAIN INSERT INTO \"%s\" DEFAULT VALUES", table);
      sqlite3_stmt *plan = NULL;

      g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &plan, NULL), ==, SQLITE_OK);
      while (sqlite3_step (plan) == SQLITE_ROW)
        if (g_strcmp0 ((const char *) sqlite3_column_text (plan, 1), "OpenEphemeral") == 0)
          g_error ("inserting into %s builds an ephemeral table (a CHECK with IN?)", table);
      sqlite3_finalize (plan);
      checked++;
    }
  sqlite3_finalize (tables);
  g_assert_cmpuint (checked, >, 30);
}

/* One MposStore per thread: a store used from a thread that did not open it
 * is a programmer error the core names at once (a g_critical, fatal in
 * tests), not a connection two threads race on. A thread that opens its
 * own handle on the same file is fine. */
static gpointer
read_a_setting (gpointer store)
{
  return mpos_store_get_setting (store, "store_code");
}

static gpointer
open_own_and_read (gpointer path)
{
  g_autoptr (GError) error = NULL;
  mpos_core_init ();
  g_autoptr (MposStore) store = mpos_store_open (path, NULL, &error);

  g_assert_no_error (error);
  return GINT_TO_POINTER (mpos_store_get_identity (store, NULL) != NULL);
}

static void
test_store_used_from_another_thread_is_a_critical (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr (TestStore) ts = test_store_new ();

      g_free (g_thread_join (g_thread_new ("not-the-owner", read_a_setting, ts->store)));
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*used from a thread that did not open it*one MposStore per thread*");
}

static void
test_store_opened_by_each_thread_is_quiet (void)
{
  g_autoptr (TestStore) ts = test_store_new ();
  g_autoptr (GThread) thread = g_thread_new ("own-store", open_own_and_read, ts->path);

  g_assert_true (GPOINTER_TO_INT (g_thread_join (g_steal_pointer (&thread))));
  g_assert_nonnull (mpos_store_get_identity (ts->store, NULL));
}

int
main (int argc, char **argv)
{
  /* Prices and promotions are decided by a pinned "now". */
  test_pin_now (TEST_NOW_ISO);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/store/create-then-reopen-keeps-schema-and-identity",
                   test_store_create_then_reopen_keeps_schema_and_identity);
  g_test_add_func ("/store/connection-is-durable-wal-with-foreign-keys",
                   test_store_connection_is_durable_wal_with_foreign_keys);
  g_test_add_func ("/store/missing-file-without-create-is-not-found",
                   test_store_missing_file_without_create_is_not_found);
  g_test_add_func ("/store/refuses-random-bytes-and-leaves-them-untouched",
                   test_store_refuses_random_bytes_and_leaves_them_untouched);
  g_test_add_func ("/store/refuses-other-programs-database-and-leaves-it-untouched",
                   test_store_refuses_other_programs_database_and_leaves_it_untouched);
  g_test_add_func ("/store/refuses-newer-schema", test_store_refuses_newer_schema);
  g_test_add_func ("/store/journal-global-id-is-unique", test_store_journal_global_id_is_unique);
  g_test_add_func ("/store/empty-file-is-initialised-only-with-create",
                   test_store_empty_file_is_initialised_only_with_create);
  g_test_add_func ("/store/write-while-locked-is-busy-and-changes-nothing",
                   test_store_write_while_locked_is_busy_and_changes_nothing);
  g_test_add_func ("/store/full-disk-during-import-saves-nothing-and-retry-works",
                   test_store_full_disk_during_import_saves_nothing_and_retry_works);
  g_test_add_func ("/store/full-disk-during-sale-saves-nothing-and-retry-works",
                   test_store_full_disk_during_sale_saves_nothing_and_retry_works);
  g_test_add_func ("/store/full-disk-at-any-point-of-import-saves-all-or-nothing",
                   test_store_full_disk_at_any_point_of_import_saves_all_or_nothing);
  g_test_add_func ("/store/full-disk-at-any-point-of-sale-saves-all-or-nothing",
                   test_store_full_disk_at_any_point_of_sale_saves_all_or_nothing);
  g_test_add_func ("/store/identity/refuses-bad-codes", test_store_identity_refuses_bad_codes);
  g_test_add_func ("/store/identity/refuses-unknown-time-zone",
                   test_store_identity_refuses_unknown_time_zone);
  g_test_add_func ("/store/identity/refuses-cutoff-24-and-odd-rounding",
                   test_store_identity_refuses_cutoff_24_and_odd_rounding);
  g_test_add_func ("/store/identity/refuses-invalid-scale-layout",
                   test_store_identity_refuses_invalid_scale_layout);
  g_test_add_func ("/store/business-day/before-cutoff-is-previous-day",
                   test_store_business_day_before_cutoff_is_previous_day);
  g_test_add_func ("/store/business-day/follows-zone-and-cutoff",
                   test_store_business_day_follows_zone_and_cutoff);
  g_test_add_func ("/store/settings/overwrite-and-survive-reopen",
                   test_store_settings_overwrite_and_survive_reopen);
  g_test_add_func ("/store/checks/build-no-ephemeral-tables",
                   test_store_checks_build_no_ephemeral_tables);
  g_test_add_func ("/store/threads/used-from-another-thread-is-a-critical",
                   test_store_used_from_another_thread_is_a_critical);
  g_test_add_func ("/store/threads/opened-by-each-thread-is-quiet",
                   test_store_opened_by_each_thread_is_quiet);
  g_test_add_func ("/store/counters/count-from-one-per-name",
                   test_store_counters_count_from_one_per_name);

  return g_test_run ();
}
