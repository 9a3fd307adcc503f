/* test-writers.c — several processes on one store, nobody killed: three
 * `mallposctl sale` loops, a loop topping up and adjusting the points of the
 * member those sales are for, and `mallposctl check` runs, all at once with
 * the default busy timeout. A lock another process lets go of within the
 * timeout may only delay a command, never refuse it: every run must succeed
 * (zero "store locked" refusals), every sale that printed its receipt number
 * is stored exactly once, receipt numbers have no gap, and `check` passes at
 * the end. */
#include "crash-util.h"
#include "test-util.h"

#include <string.h>

#define SALE_LOOPS 3
#define SALES_PER_LOOP 20
#define MEMBER_ROUNDS 12 /* each a top-up and a points adjustment */
#define CHECK_RUNS 10
#define MEMBER "8800000000017" /* the member of data/demo/sale.json */

typedef struct
{
  char *dir;
  char *store_path;
  char *sale_path;
  GMutex lock;
  GPtrArray *failures; /* "mallposctl <verb>: exit N: <stderr>" */
  guint busy_refusals;
  GHashTable *receipts; /* receipt numbers the sale loops printed */
} Writers;

typedef struct
{
  Writers *w;
  guint loop;
} Loop;

static const char *
receipt_no_in (const char *out)
{
  return strstr (out, "S001-T01-");
}

/* Runs one mallposctl command; a failure is kept to be reported at the end
 * (asserting in a loop thread would hide what the other loops met). */
static gboolean G_GNUC_NULL_TERMINATED
run (Writers *w, const char *stdin_path, char **out, const char *first_arg, ...)
{
  g_autoptr (GSubprocessLauncher) launcher = crash_launcher (
      w->store_path, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr (GPtrArray) args = NULL;
  g_autofree char *err = NULL;
  va_list list;
  int status;

  va_start (list, first_arg);
  args = crash_args_va (first_arg, list);
  va_end (list);
  status = crash_run_ctlv (launcher, stdin_path, out, &err, (const char *const *) args->pdata);
  if (status == 0)
    return TRUE;
  g_mutex_lock (&w->lock);
  if (status == 5 && err && strstr (err, "locked"))
    w->busy_refusals++;
  g_ptr_array_add (w->failures, g_strdup_printf ("mallposctl %s: exit %d: %s", first_arg, status,
                                                 err ? err : ""));
  g_mutex_unlock (&w->lock);
  return FALSE;
}

static gpointer
sale_loop (gpointer data)
{
  Loop *l = data;

  for (guint i = 0; i < SALES_PER_LOOP; i++)
    {
      g_autofree char *out = NULL;
      const char *receipt_no;

      if (!run (l->w, l->w->sale_path, &out, "sale", NULL))
        continue;
      receipt_no = receipt_no_in (out);
      g_assert_nonnull (receipt_no);
      g_mutex_lock (&l->w->lock);
      /* "S001-T01-20261123-0001": the receipt number is 22 characters. */
      if (!g_hash_table_add (l->w->receipts, g_strndup (receipt_no, 22)))
        g_ptr_array_add (l->w->failures,
                         g_strdup_printf ("two sales printed receipt number %.22s\n", receipt_no));
      g_mutex_unlock (&l->w->lock);
    }
  return NULL;
}

static gpointer
member_loop (gpointer data)
{
  Loop *l = data;

  for (guint i = 0; i < MEMBER_ROUNDS; i++)
    {
      g_autofree char *out = NULL, *out2 = NULL;

      run (l->w, NULL, &out, "stored-value", "top-up", MEMBER, "--amount", "100.00", NULL);
      run (l->w, NULL, &out2, "points", "adjust", MEMBER, "--points", "10", "--reason",
           "goodwill", "--supervisor", "9001", NULL);
    }
  return NULL;
}

static gpointer
check_loop (gpointer data)
{
  Loop *l = data;

  for (guint i = 0; i < CHECK_RUNS; i++)
    {
      g_autofree char *out = NULL;

      run (l->w, NULL, &out, "check", NULL);
    }
  return NULL;
}

static void
writers_setup (Writers *w)
{
  g_autofree char *rules = crash_demo_path ("loyalty-rules.json");
  g_autofree char *out = NULL;

  w->store_path = crash_demo_store (&w->dir);
  w->sale_path = crash_demo_path ("sale.json");
  g_mutex_init (&w->lock);
  w->failures = g_ptr_array_new_with_free_func (g_free);
  w->receipts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  /* Top-ups and points need the loyalty rules. */
  g_assert_true (run (w, NULL, &out, "import", "loyalty-rules", rules, NULL));
}

static void
writers_teardown (Writers *w)
{
  test_remove_dir (w->dir);
  g_free (w->dir);
  g_free (w->store_path);
  g_free (w->sale_path);
  g_mutex_clear (&w->lock);
  g_ptr_array_unref (w->failures);
  g_hash_table_unref (w->receipts);
}

/* Every printed receipt number is stored once, and they run 0001…N. */
static void
assert_sales_whole (Writers *w, sqlite3 *db)
{
  const gint64 sales = SALE_LOOPS * SALES_PER_LOOP;
  GHashTableIter iter;
  gpointer key;

  g_assert_cmpint (test_db_int (db, "SELECT count(*) FROM sales"), ==, sales);
  g_assert_cmpint (g_hash_table_size (w->receipts), ==, sales);
  g_hash_table_iter_init (&iter, w->receipts);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      g_autofree char *sql
          = g_strdup_printf ("SELECT count(*) FROM sales WHERE receipt_no = '%s'", (char *) key);
      g_assert_cmpint (test_db_int (db, sql), ==, 1);
    }
  g_assert_cmpint (test_db_int (db, "SELECT count(DISTINCT receipt_no) FROM sales"), ==, sales);
  g_assert_cmpint (test_db_int (db, "SELECT max(CAST(substr(receipt_no, -4) AS INTEGER)) "
                                      "FROM sales"), ==, sales);
  g_assert_cmpint (test_db_int (db, "SELECT count(*) FROM journal WHERE kind = 'sale'"), ==,
                   sales);
}

static void
assert_member_whole (sqlite3 *db)
{
  g_assert_cmpint (test_db_int (db, "SELECT count(*) FROM sv_top_ups"), ==, MEMBER_ROUNDS);
  g_assert_cmpint (test_db_int (db, "SELECT count(*) FROM sv_top_ups WHERE principal = 10000"),
                   ==, MEMBER_ROUNDS);
  g_assert_cmpint (test_db_int (db, "SELECT count(*) FROM points_ledger WHERE kind = 'adjust' "
                                      "AND available = 10"), ==, MEMBER_ROUNDS);
}

static void
test_writers_without_kills_are_never_refused (void)
{
  Writers w = { 0 };
  Loop loops[SALE_LOOPS + 2];
  GThread *threads[SALE_LOOPS + 2];
  g_autofree char *out = NULL;
  sqlite3 *db = NULL;
  gint64 start;

  writers_setup (&w);
  start = g_get_monotonic_time ();
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    {
      loops[i] = (Loop) { &w, i };
      threads[i] = g_thread_new ("loop", i < SALE_LOOPS ? sale_loop
                                         : i == SALE_LOOPS ? member_loop : check_loop,
                                 &loops[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_thread_join (threads[i]);
  g_print ("# %d sales, %d top-ups, %d points adjustments and %d checks at once took %.1f s; "
           "%u runs failed, %u of them refused as locked\n",
           SALE_LOOPS * SALES_PER_LOOP, MEMBER_ROUNDS, MEMBER_ROUNDS, CHECK_RUNS,
           (double) (g_get_monotonic_time () - start) / G_USEC_PER_SEC, w.failures->len,
           w.busy_refusals);
  for (guint i = 0; i < w.failures->len; i++)
    g_printerr ("FAILED: %s", (const char *) w.failures->pdata[i]);
  g_assert_cmpuint (w.busy_refusals, ==, 0);
  g_assert_cmpuint (w.failures->len, ==, 0);

  g_assert_cmpint (sqlite3_open_v2 (w.store_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  assert_sales_whole (&w, db);
  assert_member_whole (db);
  sqlite3_close (db);
  g_assert_true (run (&w, NULL, &out, "check", NULL));
  g_assert_nonnull (strstr (out, "consistent"));
  writers_teardown (&w);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/crash/writers-without-kills-are-never-refused",
                   test_writers_without_kills_are_never_refused);
  return g_test_run ();
}
