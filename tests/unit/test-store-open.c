/* test-store-open.c — opening a store another process is using (src/store.c):
 * a lock held on the file while the header is read only delays the open,
 * and a migration another process applied meanwhile is not run twice. */
#include <glib.h>
#include <string.h>

#include "store-private.h"
#include "test-util.h"

typedef struct
{
  sqlite3 *holder; /* the other process's connection */
  const char *sql; /* what it runs before letting go */
} Holder;

static sqlite3 *
raw_open (const char *path)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  return db;
}

static void
raw_exec (sqlite3 *db, const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

/* Lets go after 300 ms: runs its SQL, then closes its connection. */
static gpointer
release_later (gpointer data)
{
  Holder *h = data;

  g_usleep (300 * 1000);
  if (h->sql)
    raw_exec (h->holder, h->sql);
  sqlite3_close (h->holder);
  return NULL;
}

static MposStore *
open_waiting (const char *path, Holder *holder, int64_t *waited_ms, GError **error)
{
  MposStoreOptions options = { FALSE, 5000 };
  g_autoptr (GThread) thread = g_thread_new ("holder", release_later, holder);
  int64_t started = g_get_monotonic_time ();
  MposStore *store = mpos_store_open (path, &options, error);

  *waited_ms = (g_get_monotonic_time () - started) / 1000;
  g_thread_join (g_steal_pointer (&thread));
  return store;
}

/* Another connection in exclusive locking mode keeps every reader out, even
 * from the header, until it closes (as the last connection does while it
 * checkpoints the WAL away). The open waits for it instead of refusing. */
static void
test_store_open_waits_for_a_lock_on_the_header (void)
{
  g_autoptr (TestStore) ts = test_store_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (MposStore) store = NULL;
  Holder holder = { NULL, NULL };
  int64_t waited_ms = 0;

  mpos_store_close (g_steal_pointer (&ts->store));
  holder.holder = raw_open (ts->path);
  raw_exec (holder.holder, "PRAGMA locking_mode = EXCLUSIVE");
  raw_exec (holder.holder, "BEGIN EXCLUSIVE; COMMIT");
  store = open_waiting (ts->path, &holder, &waited_ms, &error);
  g_test_message ("opened after %" G_GINT64_FORMAT " ms", waited_ms);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  g_assert_cmpint (waited_ms, >=, 250);
  g_assert_nonnull (mpos_store_get_identity (store, &error));
  g_assert_no_error (error);
}

/* Two programs open an older store at once: both read the old version, one
 * migrates under the write lock while the other waits for that lock. The
 * one that waited finds the migration done and does not run it again (it
 * would fail on what the migration already made). */
static void
test_store_open_skips_a_migration_applied_meanwhile (void)
{
  g_autoptr (TestStore) ts = test_store_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (MposStore) store = NULL;
  int version = mpos_store_schema_version ();
  g_autofree char *older = g_strdup_printf ("PRAGMA user_version = %d", version - 1);
  g_autofree char *migrated = g_strdup_printf ("PRAGMA user_version = %d; COMMIT", version);
  Holder holder = { NULL, migrated };
  int64_t waited_ms = 0;

  mpos_store_close (g_steal_pointer (&ts->store));
  holder.holder = raw_open (ts->path);
  /* The store as the last migration finds it: one version back… */
  raw_exec (holder.holder, older);
  /* …and another program migrating it, holding the write lock. */
  raw_exec (holder.holder, "BEGIN IMMEDIATE");
  store = open_waiting (ts->path, &holder, &waited_ms, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  g_assert_cmpint (waited_ms, >=, 250);
  g_assert_cmpint (test_query_int (store, "PRAGMA user_version"), ==, version);
  test_assert_consistent (store);
}

int
main (int argc, char **argv)
{
  test_pin_now (TEST_NOW_ISO);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/store-open/waits-for-a-lock-on-the-header",
                   test_store_open_waits_for_a_lock_on_the_header);
  g_test_add_func ("/store-open/skips-a-migration-applied-meanwhile",
                   test_store_open_skips_a_migration_applied_meanwhile);
  return g_test_run ();
}
