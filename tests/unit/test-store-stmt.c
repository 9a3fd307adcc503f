/* test-store-stmt.c — tests for the statement helpers of src/store.c: a
 * named statement is prepared once per store, a statement still stepping is
 * not handed out again (that would silently restart the loop over it), and
 * a bind that fails (unknown parameter name, value too big) makes the step
 * fail instead of running the statement without it. */
#include <glib.h>

#include "store-private.h"
#include "test-util.h"

static MposSql SQL_THREE_ROWS
    = MPOS_SQL ("test: three rows", "SELECT column1 FROM (VALUES (1), (2), (3)) WHERE column1 > :above");
static MposSql SQL_ECHO = MPOS_SQL ("test: echo", "SELECT :text");

static void
test_stmt_is_prepared_once_per_store (void)
{
  g_autoptr (TestStore) a = test_store_new ();
  g_autoptr (TestStore) b = test_store_new ();
  g_autoptr (GError) error = NULL;
  sqlite3_stmt *first = mpos_store_stmt (a->store, &SQL_ECHO, &error);
  sqlite3_stmt *again = mpos_store_stmt (a->store, &SQL_ECHO, &error);
  sqlite3_stmt *other = mpos_store_stmt (b->store, &SQL_ECHO, &error);

  g_assert_no_error (error);
  g_assert_nonnull (first);
  g_assert_true (first == again);
  g_assert_true (other != first);
  g_assert_true (sqlite3_db_handle (other) == mpos_store_db (b->store));
  g_assert_cmpuint (SQL_ECHO.slot, >, 0);
}

/* What a helper called inside a loop over the same statement would do. */
static int64_t
count_rows_above (MposStore *store, int64_t above, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_THREE_ROWS, error);
  int64_t n = 0;

  if (stmt == NULL)
    return -1;
  mpos_bind_int64 (stmt, ":above", above);
  while (mpos_store_step (stmt) == SQLITE_ROW)
    n++;
  return n;
}

static void
test_stmt_still_stepping_is_not_handed_out_again (void)
{
  g_autoptr (TestStore) ts = test_store_new ();
  g_autoptr (GError) error = NULL;
  sqlite3_stmt *outer = mpos_store_stmt (ts->store, &SQL_THREE_ROWS, &error);
  int64_t inner;
  int outer_rows = 0;

  g_assert_nonnull (outer);
  mpos_bind_int64 (outer, ":above", 0);
  g_assert_cmpint (mpos_store_step (outer), ==, SQLITE_ROW);
  outer_rows++;

  /* Handed out again, the outer loop would be reset and start over at 1. */
  g_test_expect_message ("mallpos-core", G_LOG_LEVEL_CRITICAL,
                         "*test: three rows*still stepping*");
  inner = count_rows_above (ts->store, 1, &error);
  g_test_assert_expected_messages ();
  g_assert_cmpint (inner, ==, -1);
  g_assert_error (error, MPOS_STORE_ERROR, MPOS_STORE_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "test: three rows"));
  g_clear_error (&error);

  /* The outer loop goes on where it was. */
  g_assert_cmpint (sqlite3_column_int64 (outer, 0), ==, 1);
  while (mpos_store_step (outer) == SQLITE_ROW)
    outer_rows++;
  g_assert_cmpint (outer_rows, ==, 3);

  /* Finished, it is handed out again. */
  g_assert_cmpint (count_rows_above (ts->store, 1, &error), ==, 2);
  g_assert_no_error (error);
}

/* A lookup that reads one row and returns leaves nothing stepping. */
static int64_t
first_row_above (MposStore *store, int64_t above)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_THREE_ROWS, NULL);

  mpos_bind_int64 (stmt, ":above", above);
  return mpos_store_step (stmt) == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
}

static void
test_stmt_released_at_scope_end_is_handed_out_again (void)
{
  g_autoptr (TestStore) ts = test_store_new ();
  g_autoptr (GError) error = NULL;

  g_assert_cmpint (first_row_above (ts->store, 0), ==, 1);
  g_assert_cmpint (first_row_above (ts->store, 1), ==, 2);
  g_assert_cmpint (count_rows_above (ts->store, 0, &error), ==, 3);
  g_assert_no_error (error);
}

static void
test_bind_of_unknown_name_fails_the_step (void)
{
  g_autoptr (TestStore) ts = test_store_new ();
  g_autoptr (GError) error = NULL;
  sqlite3_stmt *stmt = mpos_store_stmt (ts->store, &SQL_THREE_ROWS, &error);

  g_assert_nonnull (stmt);
  g_test_expect_message ("mallpos-core", G_LOG_LEVEL_CRITICAL, "*no SQL parameter :below*");
  mpos_bind_int64 (stmt, ":below", 2);
  g_test_assert_expected_messages ();
  g_assert_false (mpos_store_step_done (ts->store, stmt, "testing", &error));
  g_assert_error (error, MPOS_STORE_ERROR, MPOS_STORE_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "binding :below failed"));
  g_clear_error (&error);

  /* Handed out again and bound right, it runs. */
  stmt = mpos_store_stmt (ts->store, &SQL_THREE_ROWS, &error);
  mpos_bind_int64 (stmt, ":above", 2);
  g_assert_cmpint (mpos_store_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int64 (stmt, 0), ==, 3);
  sqlite3_reset (stmt);
}

static void
test_bind_too_big_fails_the_step (void)
{
  g_autoptr (TestStore) ts = test_store_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *long_text = g_strnfill (1000, 'x');
  sqlite3_stmt *stmt;
  int64_t out = 0;

  sqlite3_limit (mpos_store_db (ts->store), SQLITE_LIMIT_LENGTH, 100);
  stmt = mpos_store_stmt (ts->store, &SQL_ECHO, &error);
  mpos_bind_text (stmt, ":text", long_text);
  g_assert_cmpint (mpos_store_step (stmt), ==, SQLITE_TOOBIG);
  g_assert_false (mpos_store_step_returning (ts->store, stmt, "echoing", &out, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "binding :text failed"));
  g_clear_error (&error);

  stmt = mpos_store_stmt (ts->store, &SQL_ECHO, &error);
  mpos_bind_text (stmt, ":text", "42");
  g_assert_true (mpos_store_step_returning (ts->store, stmt, "echoing", &out, &error));
  g_assert_no_error (error);
  g_assert_cmpint (out, ==, 42);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/store-stmt/is-prepared-once-per-store", test_stmt_is_prepared_once_per_store);
  g_test_add_func ("/store-stmt/still-stepping-is-not-handed-out-again",
                   test_stmt_still_stepping_is_not_handed_out_again);
  g_test_add_func ("/store-stmt/released-at-scope-end-is-handed-out-again",
                   test_stmt_released_at_scope_end_is_handed_out_again);
  g_test_add_func ("/store-stmt/bind-of-unknown-name-fails-the-step",
                   test_bind_of_unknown_name_fails_the_step);
  g_test_add_func ("/store-stmt/bind-too-big-fails-the-step", test_bind_too_big_fails_the_step);
  return g_test_run ();
}
