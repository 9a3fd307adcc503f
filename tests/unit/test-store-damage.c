/* test-store-damage.c — tests for src/store-damage.c: a store whose last page
 * was cut short refuses to sell and writes nothing; corruption or an I/O
 * error met in the middle of a sale marks the store for every process until
 * `check` passes; quick_check at start-up finds what the cheap checks cannot;
 * a healthy store is never flagged. */
#include <glib.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "core.h"
#include "clock.h"
#include "integrity.h"
#include "store-private.h"
#include "test-util.h"

static MposStore *
open_store (const char *path, GError **error)
{
  MposStoreOptions options = { FALSE, 200 };

  mpos_core_init ();
  return mpos_store_open (path, &options, error);
}

/* The next program opens the store file: the open itself succeeds (it is
 * what comes after that meets the damage). */
static void
reopen_store (TestStore *ts)
{
  g_autoptr (GError) error = NULL;

  ts->store = open_store (ts->path, &error);
  g_assert_no_error (error);
}

static char *
mark_path (TestStore *ts)
{
  return g_strconcat (ts->path, "-damaged", NULL);
}

/* The store file and its WAL as bytes: equal before and after proves
 * nothing was written. */
static char *
bytes_digest (const char *path)
{
  g_autofree char *data = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &data, &length, NULL))
    return g_strdup ("none");
  return g_compute_checksum_for_data (G_CHECKSUM_MD5, (guchar *) data, length);
}

static char *
file_state (const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *main_digest = bytes_digest (path);
  g_autofree char *wal_digest = bytes_digest (wal);

  return g_strdup_printf ("%s wal %s", main_digest, wal_digest);
}

static goffset
file_size (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return st.st_size;
}

/* A demo store with three sales, closed (its WAL checkpointed away), and a
 * copy of it as the backup. */
static TestStore *
store_with_sales (char **backup)
{
  TestStore *ts = test_store_new_demo ();
  MposSaleResult result;
  g_autofree char *data = NULL;
  gsize length = 0;

  for (int i = 0; i < 3; i++)
    test_commit_demo_sale (ts->store, &result);
  g_clear_pointer (&ts->store, mpos_store_close);
  *backup = g_strconcat (ts->path, ".backup", NULL);
  data = test_file_contents (ts->path, &length);
  g_assert_true (g_file_set_contents (*backup, data, (gssize) length, NULL));
  return ts;
}

static void
restore_backup (TestStore *ts, const char *backup)
{
  g_autofree char *data = NULL;
  gsize length = 0;

  data = test_file_contents (backup, &length);
  g_assert_true (g_file_set_contents (ts->path, data, (gssize) length, NULL));
}

/* Sells the demo sale on a fresh cart: TRUE, or FALSE with *error. */
static gboolean
try_sale (MposStore *store, GError **error)
{
  g_autoptr (MposCart) cart = test_cart_new_demo (store, mpos_clock_now ());
  MposSaleResult result;

  return mpos_sale_commit (cart, &result, error);
}

static void
assert_refused_damaged (MposStore *store, const char *why)
{
  g_autoptr (GError) error = NULL;

  g_assert_false (try_sale (store, &error));
  g_assert_error (error, MPOS_STORE_ERROR, MPOS_STORE_ERROR_DAMAGED);
  g_test_message ("refused: %s", error->message);
  g_assert_nonnull (strstr (error->message, "damaged"));
  g_assert_nonnull (strstr (error->message, "backup"));
  if (why)
    g_assert_nonnull (strstr (error->message, why));
}

/* `check` on the restored store passes, removes the mark, and sales resume. */
static void
assert_check_resumes_selling (TestStore *ts)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (MposStore) store = open_store (ts->path, &error);
  g_autofree char *mark = mark_path (ts);

  g_assert_no_error (error);
  g_assert_true (g_file_test (mark, G_FILE_TEST_EXISTS));
  g_assert_true (mpos_integrity_check (store, problems, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_false (g_file_test (mark, G_FILE_TEST_EXISTS));
  g_assert_true (try_sale (store, &error));
  g_assert_no_error (error);
}

/* What IT does: the backup goes back in place, then `check`. */
static void
restore_and_check (TestStore *ts, const char *backup)
{
  restore_backup (ts, backup);
  assert_check_resumes_selling (ts);
  g_unlink (backup);
}

static void
test_store_damage_healthy_store_is_not_flagged (void)
{
  g_autofree char *backup = NULL;
  g_autoptr (TestStore) ts = store_with_sales (&backup);
  g_autoptr (GError) error = NULL;
  g_autofree char *mark = mark_path (ts);
  MposStore *other;

  reopen_store (ts);
  /* A second connection keeps the WAL: the file lags behind it, as it does
   * while a window runs. */
  other = open_store (ts->path, &error);
  g_assert_no_error (error);
  for (int i = 0; i < 5; i++)
    g_assert_true (try_sale (ts->store, &error));
  test_store_reopen (ts);
  g_assert_true (mpos_store_sellable (ts->store, &error));
  g_assert_true (mpos_store_verify (ts->store, &error));
  g_assert_no_error (error);
  g_assert_null (mpos_store_damage (ts->store));
  g_assert_true (try_sale (other, &error));
  g_assert_no_error (error);
  mpos_store_close (other);
  g_assert_false (g_file_test (mark, G_FILE_TEST_EXISTS));
  g_assert_cmpint (test_count_rows (ts->store, "sales"), ==, 9);
  test_assert_consistent (ts->store);
  g_unlink (backup);
}

/* The issue as reported: the last page cut short by 100 bytes. */
static void
test_store_damage_cut_last_page_refuses_sale_and_writes_nothing (void)
{
  g_autofree char *backup = NULL;
  g_autoptr (TestStore) ts = store_with_sales (&backup);
  g_autoptr (GError) error = NULL;
  g_autofree char *mark = mark_path (ts);
  g_autofree char *before = NULL, *after = NULL;

  g_assert_cmpint (truncate (ts->path, file_size (ts->path) - 100), ==, 0);
  before = file_state (ts->path);

  reopen_store (ts); /* it opens, to be checked and read */
  g_assert_false (mpos_store_sellable (ts->store, &error));
  g_assert_error (error, MPOS_STORE_ERROR, MPOS_STORE_ERROR_DAMAGED);
  g_assert_nonnull (strstr (error->message, "cut off"));
  g_clear_error (&error);
  assert_refused_damaged (ts->store, "cut off");
  g_clear_pointer (&ts->store, mpos_store_close);
  after = file_state (ts->path);
  g_assert_cmpstr (after, ==, before);
  g_assert_true (g_file_test (mark, G_FILE_TEST_EXISTS));

  /* Another program opening it later refuses too. */
  reopen_store (ts);
  assert_refused_damaged (ts->store, "cut off");
  g_clear_pointer (&ts->store, mpos_store_close);

  restore_and_check (ts, backup);
}

/* A whole page cut off: SQLite refuses the header; the open fails as DAMAGED. */
static void
test_store_damage_cut_whole_page_refuses_open (void)
{
  g_autofree char *backup = NULL;
  g_autoptr (TestStore) ts = store_with_sales (&backup);
  g_autoptr (GError) error = NULL;
  g_autofree char *mark = mark_path (ts);

  g_assert_cmpint (truncate (ts->path, file_size (ts->path) - 1024), ==, 0);
  g_assert_null (open_store (ts->path, &error));
  g_assert_error (error, MPOS_STORE_ERROR, MPOS_STORE_ERROR_DAMAGED);
  g_assert_nonnull (strstr (error->message, "backup"));
  g_assert_true (g_file_test (mark, G_FILE_TEST_EXISTS));
  restore_and_check (ts, backup);
}

/* Overwrites page `page` (1-based) of the closed store with a pattern. */
static void
garble_page (TestStore *ts, int64_t page)
{
  g_autofree char *data = NULL;
  gsize length = 0;

  data = test_file_contents (ts->path, &length);
  g_assert_cmpint ((gsize) page * 1024, <=, length);
  memset (data + (page - 1) * 1024, 0x5a, 1024);
  g_assert_true (g_file_set_contents (ts->path, data, (gssize) length, NULL));
}

static int64_t
root_page_of (TestStore *ts, const char *table)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *sql
      = g_strdup_printf ("SELECT rootpage FROM sqlite_schema WHERE name = '%s'", table);
  g_autoptr (MposStore) store = open_store (ts->path, &error);

  g_assert_no_error (error);
  return test_query_int (store, sql);
}

/* A page the sale writes to is damaged but the file's size is right: the
 * open finds nothing, the sale meets the corruption, refuses, and marks the
 * store for every later process. */
static void
test_store_damage_corruption_mid_sale_marks_damage (void)
{
  g_autofree char *backup = NULL;
  g_autoptr (TestStore) ts = store_with_sales (&backup);
  g_autoptr (GError) error = NULL;
  g_autofree char *mark = mark_path (ts);

  garble_page (ts, root_page_of (ts, "journal"));
  reopen_store (ts);
  g_assert_true (mpos_store_sellable (ts->store, &error));
  g_assert_false (g_file_test (mark, G_FILE_TEST_EXISTS));

  assert_refused_damaged (ts->store, NULL);
  g_assert_true (g_file_test (mark, G_FILE_TEST_EXISTS));
  g_clear_pointer (&ts->store, mpos_store_close);
  /* The next program refuses any write before it touches a page. */
  reopen_store (ts);
  g_assert_false (mpos_store_begin (ts->store, &error));
  g_assert_error (error, MPOS_STORE_ERROR, MPOS_STORE_ERROR_DAMAGED);
  g_assert_nonnull (strstr (error->message, "malformed"));
  g_clear_pointer (&ts->store, mpos_store_close);

  restore_and_check (ts, backup);
}

/* SQLite's quick_check at start-up finds a damaged page (gift cards) that neither
 * the cheap checks nor a sale would touch. */
static void
test_store_damage_verify_at_start_finds_what_open_cannot (void)
{
  g_autofree char *backup = NULL;
  g_autoptr (TestStore) ts = store_with_sales (&backup);
  g_autoptr (GError) error = NULL;

  garble_page (ts, root_page_of (ts, "gift_cards"));
  reopen_store (ts);
  g_assert_true (mpos_store_sellable (ts->store, &error));
  g_assert_false (mpos_store_verify (ts->store, &error));
  g_assert_error (error, MPOS_STORE_ERROR, MPOS_STORE_ERROR_DAMAGED);
  g_clear_error (&error);
  assert_refused_damaged (ts->store, NULL);
  g_clear_pointer (&ts->store, mpos_store_close);
  restore_and_check (ts, backup);
}

/* A write the disk refuses (here: the file size limit, EFBIG) is an I/O
 * error: the sale stores nothing and selling stops until `check` passes. */
static void
test_store_damage_io_error_stops_selling_until_check (void)
{
  g_autofree char *backup = NULL;
  g_autoptr (TestStore) ts = store_with_sales (&backup);
  g_autoptr (GError) error = NULL;
  g_autofree char *mark = mark_path (ts);
  struct rlimit saved, limited;
  gboolean sold;

  reopen_store (ts);
  g_assert_cmpint (getrlimit (RLIMIT_FSIZE, &saved), ==, 0);
  signal (SIGXFSZ, SIG_IGN);
  limited = saved;
  limited.rlim_cur = 4096; /* the WAL cannot grow past its header */
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limited), ==, 0);
  sold = try_sale (ts->store, &error);
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &saved), ==, 0);
  signal (SIGXFSZ, SIG_DFL);

  g_assert_false (sold);
  g_assert_error (error, MPOS_STORE_ERROR, MPOS_STORE_ERROR_DAMAGED);
  g_assert_nonnull (strstr (error->message, "disk failed"));
  g_clear_error (&error);
  g_assert_true (g_file_test (mark, G_FILE_TEST_EXISTS));
  g_assert_cmpint (test_count_rows (ts->store, "sales"), ==, 3);
  assert_refused_damaged (ts->store, NULL);
  g_clear_pointer (&ts->store, mpos_store_close);
  /* The store itself is whole: check passes and selling resumes. */
  assert_check_resumes_selling (ts);
  g_unlink (backup);
}

int
main (int argc, char **argv)
{
  test_pin_now (TEST_NOW_ISO);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/store-damage/healthy-store-is-not-flagged",
                   test_store_damage_healthy_store_is_not_flagged);
  g_test_add_func ("/store-damage/cut-last-page-refuses-sale-and-writes-nothing",
                   test_store_damage_cut_last_page_refuses_sale_and_writes_nothing);
  g_test_add_func ("/store-damage/cut-whole-page-refuses-open",
                   test_store_damage_cut_whole_page_refuses_open);
  g_test_add_func ("/store-damage/corruption-mid-sale-marks-damage",
                   test_store_damage_corruption_mid_sale_marks_damage);
  g_test_add_func ("/store-damage/verify-at-start-finds-what-open-cannot",
                   test_store_damage_verify_at_start_finds_what_open_cannot);
  g_test_add_func ("/store-damage/io-error-stops-selling-until-check",
                   test_store_damage_io_error_stops_selling_until_check);
  return g_test_run ();
}
