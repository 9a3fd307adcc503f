/* test-store-wal-batch.c — the VFS shim that writes a transaction's WAL
 * frames in one call (src/store-wal-batch.c): what it writes is what SQLite
 * would have written, visible to other connections as soon as the commit
 * returns, in every synchronous mode, and a write that fails leaves the
 * database as it was. */
#include <glib.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <sys/resource.h>

#include "store-private.h"
#include "test-util.h"

typedef struct
{
  char *dir;
  char *path;
  sqlite3 *batched; /* through the shim */
  sqlite3 *plain;   /* SQLite's default VFS, another connection to the same file */
} Pair;

static int64_t
query_int (sqlite3 *db, const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  int64_t value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

static Pair *
pair_open (const char *synchronous)
{
  Pair *p = g_new0 (Pair, 1);
  g_autofree char *pragmas = g_strdup_printf (
      "PRAGMA journal_mode = WAL; PRAGMA synchronous = %s; "
      "CREATE TABLE t (id INTEGER PRIMARY KEY, payload BLOB NOT NULL);",
      synchronous);

  g_assert_nonnull (mpos_store_wal_batch_vfs ());
  p->dir = test_make_temp_dir ();
  p->path = g_build_filename (p->dir, "batch.db", NULL);
  g_assert_cmpint (sqlite3_open_v2 (p->path, &p->batched,
                                    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                                    mpos_store_wal_batch_vfs ()),
                   ==, SQLITE_OK);
  test_db_exec (p->batched, pragmas);
  g_assert_cmpint (sqlite3_open_v2 (p->path, &p->plain, SQLITE_OPEN_READWRITE, NULL), ==,
                   SQLITE_OK);
  return p;
}

static void
pair_close (Pair *p)
{
  sqlite3_close (p->plain);
  sqlite3_close (p->batched);
  test_remove_dir (p->dir);
  g_free (p->path);
  g_free (p->dir);
  g_free (p);
}

/* Inserts `rows` rows of `size` random bytes in one transaction. */
static int
insert_rows (sqlite3 *db, int rows, int size)
{
  g_autofree char *sql = g_strdup_printf (
      "WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %d) "
      "INSERT INTO t (payload) SELECT randomblob (%d) FROM n",
      rows, size);

  return sqlite3_exec (db, sql, NULL, NULL, NULL);
}

static void
assert_visible_to_the_other_connection (const char *synchronous)
{
  Pair *p = pair_open (synchronous);

  for (int k = 1; k <= 20; k++)
    {
      g_assert_cmpint (insert_rows (p->batched, k, 3000), ==, SQLITE_OK);
      /* The other connection reads the WAL itself: the frames must be there. */
      g_assert_cmpint (query_int (p->plain, "SELECT count(*) FROM t"), ==, k * (k + 1) / 2);
    }
  g_assert_cmpint (query_int (p->plain, "SELECT count(*) FROM pragma_quick_check "
                                        "WHERE quick_check <> 'ok'"),
                   ==, 0);
  pair_close (p);
}

static void
test_wal_batch_commit_visible_at_once_synchronous_full (void)
{
  assert_visible_to_the_other_connection ("FULL");
}

/* NORMAL does not sync at commit: the commit frame alone must flush. */
static void
test_wal_batch_commit_visible_at_once_synchronous_normal (void)
{
  assert_visible_to_the_other_connection ("NORMAL");
}

/* More than the shim's buffer and the unix VFS's per-write limit in one
 * transaction, then a checkpoint through the plain connection. */
static void
test_wal_batch_large_transaction_is_whole (void)
{
  Pair *p = pair_open ("FULL");

  g_assert_cmpint (insert_rows (p->batched, 1500, 2000), ==, SQLITE_OK);
  g_assert_cmpint (query_int (p->plain, "SELECT count(*) FROM t"), ==, 1500);
  g_assert_cmpint (query_int (p->plain, "SELECT sum(length(payload)) FROM t"), ==, 1500 * 2000);
  test_db_exec (p->plain, "PRAGMA wal_checkpoint(TRUNCATE)");
  g_assert_cmpint (query_int (p->batched, "SELECT count(*) FROM t"), ==, 1500);
  pair_close (p);
}

/* The file size limit makes the WAL write fail the way a full disk does: the
 * commit reports it, nothing of the transaction is visible, and once there
 * is room the same transaction commits. */
static void
test_wal_batch_failed_write_commits_nothing (void)
{
  Pair *p = pair_open ("FULL");
  struct rlimit saved, limited;
  int rc;

  g_assert_cmpint (insert_rows (p->batched, 10, 1000), ==, SQLITE_OK);
  g_assert_cmpint (getrlimit (RLIMIT_FSIZE, &saved), ==, 0);
  signal (SIGXFSZ, SIG_IGN);
  limited = saved;
  limited.rlim_cur = 256 * 1024;
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limited), ==, 0);
  rc = insert_rows (p->batched, 400, 2000);
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &saved), ==, 0);
  signal (SIGXFSZ, SIG_DFL);

  g_assert_cmpint (rc & 0xff, ==, SQLITE_IOERR);
  g_assert_cmpint (query_int (p->plain, "SELECT count(*) FROM t"), ==, 10);
  g_assert_cmpint (query_int (p->batched, "SELECT count(*) FROM t"), ==, 10);
  g_assert_cmpint (insert_rows (p->batched, 400, 2000), ==, SQLITE_OK);
  g_assert_cmpint (query_int (p->plain, "SELECT count(*) FROM t"), ==, 410);
  pair_close (p);
}

/* A reopened database recovers from the WAL the shim wrote. */
static void
test_wal_batch_wal_recovers_after_reopen (void)
{
  Pair *p = pair_open ("FULL");
  sqlite3 *again = NULL;

  test_db_exec (p->batched, "PRAGMA wal_autocheckpoint = 0");
  g_assert_cmpint (insert_rows (p->batched, 300, 500), ==, SQLITE_OK);
  /* Copy the database and its WAL as a crash would leave them. */
  {
    g_autofree char *copy = g_build_filename (p->dir, "copy.db", NULL);
    g_autofree char *copy_wal = g_strconcat (copy, "-wal", NULL);
    g_autofree char *wal = g_strconcat (p->path, "-wal", NULL);
    g_autofree char *bytes = NULL;
    gsize length;

    g_assert_true (g_file_get_contents (p->path, &bytes, &length, NULL));
    g_assert_true (g_file_set_contents (copy, bytes, (gssize) length, NULL));
    g_clear_pointer (&bytes, g_free);
    g_assert_true (g_file_get_contents (wal, &bytes, &length, NULL));
    g_assert_true (g_file_set_contents (copy_wal, bytes, (gssize) length, NULL));
    g_assert_cmpint (sqlite3_open_v2 (copy, &again, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  }
  g_assert_cmpint (query_int (again, "SELECT count(*) FROM t"), ==, 300);
  sqlite3_close (again);
  pair_close (p);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/wal-batch/commit-visible-at-once-synchronous-full",
                   test_wal_batch_commit_visible_at_once_synchronous_full);
  g_test_add_func ("/wal-batch/commit-visible-at-once-synchronous-normal",
                   test_wal_batch_commit_visible_at_once_synchronous_normal);
  g_test_add_func ("/wal-batch/large-transaction-is-whole", test_wal_batch_large_transaction_is_whole);
  g_test_add_func ("/wal-batch/failed-write-commits-nothing",
                   test_wal_batch_failed_write_commits_nothing);
  g_test_add_func ("/wal-batch/wal-recovers-after-reopen", test_wal_batch_wal_recovers_after_reopen);
  return g_test_run ();
}
