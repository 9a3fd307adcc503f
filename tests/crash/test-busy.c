/* test-busy.c — a store locked by another process: while a raw connection
 * holds the write lock (BEGIN EXCLUSIVE), `mallposctl sale` with
 * MALLPOS_BUSY_TIMEOUT_MS=200 gives up after about that long with exit 5 and
 * says the store is locked, selling nothing; once the lock is released the
 * same sale goes through, and a lock released within the timeout only
 * delays the sale. */
#include "crash-util.h"
#include "test-util.h"

#include <string.h>

#define CTL_EXIT_STORE 5

typedef struct
{
  char *dir;
  char *store_path;
  char *sale_path;
  sqlite3 *holder; /* the other process's connection */
} Busy;

static void
busy_setup (Busy *b, gconstpointer data)
{
  b->store_path = crash_demo_store (&b->dir);
  b->sale_path = crash_demo_path ("sale.json");
  g_assert_cmpint (sqlite3_open (b->store_path, &b->holder), ==, SQLITE_OK);
}

static void
busy_teardown (Busy *b, gconstpointer data)
{
  sqlite3_close (b->holder);
  test_remove_dir (b->dir);
  g_free (b->dir);
  g_free (b->store_path);
  g_free (b->sale_path);
}

static int
sell (Busy *b, const char *timeout_ms, char **out, char **err, gint64 *elapsed_us)
{
  g_autoptr (GSubprocessLauncher) launcher = crash_launcher (
      b->store_path, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  gint64 start = g_get_monotonic_time ();
  int status;

  g_subprocess_launcher_setenv (launcher, "MALLPOS_BUSY_TIMEOUT_MS", timeout_ms, TRUE);
  status = crash_run_ctl (launcher, b->sale_path, out, err, "sale", NULL);
  *elapsed_us = g_get_monotonic_time () - start;
  return status;
}

static void
test_locked_store_fails_then_sells (Busy *b, gconstpointer data)
{
  g_autofree char *out = NULL, *err = NULL, *out2 = NULL, *err2 = NULL;
  gint64 elapsed = 0;
  int status;

  test_db_exec (b->holder, "BEGIN EXCLUSIVE");
  status = sell (b, "200", &out, &err, &elapsed);
  g_test_message ("locked: exit %d after %" G_GINT64_FORMAT " us: %s", status, elapsed, err);
  g_assert_cmpint (status, ==, CTL_EXIT_STORE);
  g_assert_nonnull (strstr (err, "locked"));
  g_assert_nonnull (strstr (err, "another process"));
  g_assert_cmpstr (out, ==, "");
  /* It waited for the busy timeout it was given, not the 5 s default. */
  g_assert_cmpint (elapsed, >=, 150 * 1000);
  g_assert_cmpint (elapsed, <, 4000 * 1000);
  test_db_exec (b->holder, "ROLLBACK");
  g_assert_cmpint (test_db_int (b->holder, "SELECT count(*) FROM sales"), ==, 0);
  g_assert_cmpint (test_db_int (b->holder, "SELECT count(*) FROM journal WHERE kind NOT IN ('staff_add', 'shift_open')"), ==, 0);

  status = sell (b, "200", &out2, &err2, &elapsed);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out2, "S001-T01-20261123-0001"));
  g_assert_nonnull (strstr (out2, "152.55"));
  g_assert_cmpint (test_db_int (b->holder, "SELECT count(*) FROM sales"), ==, 1);
}

/* The holder lets go after 300 ms; the sale waits (timeout 5 s) and sells. */
static gpointer
release_later (gpointer data)
{
  Busy *b = data;

  g_usleep (300 * 1000);
  test_db_exec (b->holder, "COMMIT");
  return NULL;
}

static void
test_lock_released_in_time_only_delays (Busy *b, gconstpointer data)
{
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr (GThread) thread = NULL;
  gint64 elapsed = 0;
  int status;

  test_db_exec (b->holder, "BEGIN EXCLUSIVE");
  thread = g_thread_new ("release", release_later, b);
  status = sell (b, "5000", &out, &err, &elapsed);
  g_thread_join (g_steal_pointer (&thread));
  g_test_message ("exit %d after %" G_GINT64_FORMAT " us", status, elapsed);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpint (elapsed, >=, 250 * 1000);
  g_assert_nonnull (strstr (out, "152.55"));
  g_assert_cmpint (test_db_int (b->holder, "SELECT count(*) FROM sales"), ==, 1);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/busy/locked-store-fails-with-5-then-sells", Busy, NULL, busy_setup,
              test_locked_store_fails_then_sells, busy_teardown);
  g_test_add ("/busy/lock-released-in-time-only-delays", Busy, NULL, busy_setup,
              test_lock_released_in_time_only_delays, busy_teardown);
  return g_test_run ();
}
