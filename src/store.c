/* store.c — opening, migrating and guarding the terminal's SQLite store.
 * Every failure SQLite can report is mapped once, here, to an MposStoreError
 * with a message an operator can act on. */
#include "store-private.h"

#include <gio/gio.h>
#include <sodium.h>
#include <string.h>

#define MPOS_APPLICATION_ID 0x4D504F53 /* 'MPOS' */
#define SQL_RESOURCE_DIR "/org/mallpos/sql/"

/* clang-format off */
G_DEFINE_QUARK (mpos-store-error-quark, mpos_store_error)
/* clang-format on */

static int
store_error_code_for (int rc)
{
  switch (rc & 0xff)
    {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return MPOS_STORE_ERROR_BUSY;
    case SQLITE_FULL:
      return MPOS_STORE_ERROR_FULL;
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_CANTOPEN:
      return MPOS_STORE_ERROR_READONLY;
    case SQLITE_NOTADB:
      return MPOS_STORE_ERROR_NOT_A_STORE;
    case SQLITE_CORRUPT:
      return MPOS_STORE_ERROR_CORRUPT;
    case SQLITE_IOERR:
      return MPOS_STORE_ERROR_IO;
    case SQLITE_CONSTRAINT:
      return MPOS_STORE_ERROR_CONSTRAINT;
    default:
      return MPOS_STORE_ERROR_FAILED;
    }
}

static const char *
store_error_hint (int code)
{
  switch (code)
    {
    case MPOS_STORE_ERROR_BUSY:
      return "the store is locked by another process; try again when it has finished";
    case MPOS_STORE_ERROR_FULL:
      return "the disk is full; free space and try again (nothing was saved)";
    case MPOS_STORE_ERROR_READONLY:
      return "the store cannot be written; check the file's permissions";
    case MPOS_STORE_ERROR_NOT_A_STORE:
      return "the file is not a MallPOS store";
    case MPOS_STORE_ERROR_CORRUPT:
      return "the store is damaged; restore it from a backup";
    case MPOS_STORE_ERROR_IO:
      return "the disk reported an I/O error";
    case MPOS_STORE_ERROR_DAMAGED:
      return "the store is damaged: nothing more is sold on it; restore it from its latest "
             "backup (or, once this terminal syncs, from the centre's copy)";
    default:
      return NULL;
    }
}

/* ---- bind failures ---------------------------------------------------------
 * A statement whose bind failed is kept here until it is handed out again,
 * and mpos_store_step refuses to run it. Per thread: a store (and its
 * statements) is used by one thread at a time. A handful is plenty: a failed
 * bind ends its action at the next step. */
typedef struct
{
  sqlite3_stmt *stmt;
  int rc;
  char detail[200];
} BindFailure;

#define MAX_BIND_FAILURES 8
static _Thread_local BindFailure bind_failures[MAX_BIND_FAILURES];
static _Thread_local guint n_bind_failures;
static _Thread_local const BindFailure *refused; /* the failure the last refused step met */

static BindFailure *
bind_failure_of (sqlite3_stmt *stmt)
{
  for (guint i = 0; i < n_bind_failures; i++)
    if (bind_failures[i].stmt == stmt)
      return &bind_failures[i];
  return NULL;
}

static void
bind_failure_forget (sqlite3_stmt *stmt)
{
  BindFailure *f = n_bind_failures > 0 ? bind_failure_of (stmt) : NULL;

  if (f == NULL)
    return;
  refused = NULL;
  *f = bind_failures[--n_bind_failures];
}

/* Keeps the first failure of a statement (the one that explains the rest). */
static void
bind_failed (sqlite3_stmt *stmt, int rc, const char *what)
{
  BindFailure *f = bind_failure_of (stmt);

  if (f != NULL)
    return;
  if (n_bind_failures == MAX_BIND_FAILURES)
    bind_failure_forget (bind_failures[0].stmt);
  f = &bind_failures[n_bind_failures++];
  f->stmt = stmt;
  f->rc = rc;
  g_snprintf (f->detail, sizeof f->detail, "binding %s failed: %s", what, sqlite3_errstr (rc));
}

/* What SQLite says when pages are damaged or cannot be read (an allocation
 * failure reported as an I/O error is neither). */
static gboolean
is_damage (int rc)
{
  return (rc & 0xff) == SQLITE_CORRUPT || (rc & 0xff) == SQLITE_NOTADB
         || ((rc & 0xff) == SQLITE_IOERR && rc != SQLITE_IOERR_NOMEM);
}

gboolean
mpos_store_fail (MposStore *store, int rc, const char *what, GError **error)
{
  int code = store_error_code_for (rc);
  const char *hint = NULL;
  const char *detail = store && store->db ? sqlite3_errmsg (store->db) : sqlite3_errstr (rc);

  /* A step refused for a failed bind: say which bind, not SQLite's last word. */
  if (refused != NULL && refused->rc == rc)
    detail = refused->detail;
  refused = NULL;

  /* Met on a MallPOS store, damage stops every later write, here and in
   * every other process, until `check` clears it (store-damage.c). */
  if (store != NULL && store->ours && is_damage (rc))
    {
      g_autofree char *reason = g_strdup_printf ("%s: %s", what, detail);
      mpos_store_mark_damaged (store, reason);
      code = MPOS_STORE_ERROR_DAMAGED;
    }
  hint = code == MPOS_STORE_ERROR_DAMAGED && (rc & 0xff) == SQLITE_IOERR
             ? "the disk failed under the store, which may be damaged: nothing more is sold "
               "on it until `mallposctl check` finds no damage (if it finds some, restore the "
               "store from its latest backup)"
             : store_error_hint (code);
  if (hint != NULL)
    g_set_error (error, MPOS_STORE_ERROR, code, "%s: %s (%s)", what, hint, detail);
  else
    g_set_error (error, MPOS_STORE_ERROR, code, "%s: %s", what, detail);
  return FALSE;
}

sqlite3 *
mpos_store_db (MposStore *store)
{
  MPOS_STORE_CHECK_THREAD (store);
  return store->db;
}

void
mpos_store_check_thread (MposStore *store)
{
  if (G_LIKELY (store->owner == g_thread_self ()))
    return;
  g_critical ("store %s used from a thread that did not open it; "
              "open one MposStore per thread (see store.h)",
              store->path);
}

char *
mpos_store_default_path (void)
{
  const char *env = g_getenv ("MALLPOS_STORE");

  if (env && *env)
    return g_strdup (env);
  return g_build_filename (g_get_user_data_dir (), "mallpos", "store.db", NULL);
}

const char *
mpos_store_path (MposStore *store)
{
  return store->path;
}

/* Slots are handed out once per process, in the order statements are
 * first used; slot 0 means "not assigned yet". */
static gsize
sql_slot (MposSql *sql)
{
  static gsize next_slot = 1;

  if (g_once_init_enter (&sql->slot))
    g_once_init_leave (&sql->slot, g_atomic_pointer_add (&next_slot, 1));
  return sql->slot;
}

int
mpos_store_step (sqlite3_stmt *stmt)
{
  if (G_UNLIKELY (n_bind_failures > 0))
    {
      const BindFailure *f = bind_failure_of (stmt);
      if (f != NULL)
        {
          refused = f;
          return f->rc;
        }
    }
  return sqlite3_step (stmt);
}

sqlite3_stmt *
mpos_store_stmt (MposStore *store, MposSql *sql, GError **error)
{
  gsize slot = sql_slot (sql);
  sqlite3_stmt *stmt = slot < store->statements->len ? store->statements->pdata[slot] : NULL;
  int rc;

  MPOS_STORE_CHECK_THREAD (store);
  if (stmt != NULL)
    {
      if (G_UNLIKELY (sqlite3_stmt_busy (stmt)))
        {
          g_critical ("statement “%s” handed out again while it is still stepping", sql->name);
          g_set_error (error, MPOS_STORE_ERROR, MPOS_STORE_ERROR_FAILED,
                       "statement “%s” is already in use by an unfinished loop (a bug in "
                       "MallPOS: nothing was written; report it with this message)",
                       sql->name);
          return NULL;
        }
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      bind_failure_forget (stmt);
      return stmt;
    }
  rc = sqlite3_prepare_v3 (store->db, sql->sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      g_autofree char *what = g_strdup_printf ("preparing statement “%s”", sql->name);
      mpos_store_fail (store, rc, what, error);
      return NULL;
    }
  if (slot >= store->statements->len)
    g_ptr_array_set_size (store->statements, (guint) slot + 1);
  store->statements->pdata[slot] = stmt;
  return stmt;
}

void
mpos_store_stmt_release (MposStmt *stmt)
{
  if (stmt != NULL)
    sqlite3_reset (stmt);
}

gboolean
mpos_store_step_done (MposStore *store, sqlite3_stmt *stmt, const char *what, GError **error)
{
  int rc;

  while ((rc = mpos_store_step (stmt)) == SQLITE_ROW)
    ;
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return mpos_store_fail (store, rc, what, error);
  return TRUE;
}

gboolean
mpos_store_step_returning (MposStore *store, sqlite3_stmt *stmt, const char *what, int64_t *out,
                           GError **error)
{
  int rc = mpos_store_step (stmt);

  if (rc == SQLITE_ROW)
    {
      *out = sqlite3_column_int64 (stmt, 0);
      while ((rc = mpos_store_step (stmt)) == SQLITE_ROW)
        ;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return mpos_store_fail (store, rc, what, error);
  return TRUE;
}

char *
mpos_column_text (sqlite3_stmt *stmt, int column)
{
  const unsigned char *text = sqlite3_column_text (stmt, column);

  return text ? g_strdup ((const char *) text) : NULL;
}

char *
mpos_column_text_or_empty (sqlite3_stmt *stmt, int column)
{
  char *text = mpos_column_text (stmt, column);

  return text ? text : g_strdup ("");
}

/* Statements are bound parameter after parameter in the order they appear,
 * so the one after the last bound is tried first: a lookup by name compares
 * the name with every parameter's (some 10% of a sale's instructions). */
static _Thread_local sqlite3_stmt *last_stmt;
static _Thread_local int last_index;

static int
param_index (sqlite3_stmt *stmt, const char *name)
{
  int index = stmt == last_stmt ? last_index + 1 : 1;
  const char *guess = index <= sqlite3_bind_parameter_count (stmt)
                          ? sqlite3_bind_parameter_name (stmt, index)
                          : NULL;

  if (guess == NULL || strcmp (guess, name) != 0)
    index = sqlite3_bind_parameter_index (stmt, name);
  last_stmt = stmt;
  last_index = index;

  if (index == 0)
    g_critical ("no SQL parameter %s in: %s", name, sqlite3_sql (stmt));
  return index;
}

/* Every bind ends here: SQLITE_RANGE (no such parameter), SQLITE_NOMEM,
 * SQLITE_TOOBIG or SQLITE_MISUSE (the statement is running) marks it. */
static void
bound (sqlite3_stmt *stmt, int rc, const char *name)
{
  if (G_UNLIKELY (rc != SQLITE_OK))
    bind_failed (stmt, rc, name);
}

static void
bound_at (sqlite3_stmt *stmt, int rc, int index)
{
  if (G_UNLIKELY (rc != SQLITE_OK))
    {
      char what[32];
      g_snprintf (what, sizeof what, "parameter %d", index);
      bind_failed (stmt, rc, what);
    }
}

void
mpos_bind_text (sqlite3_stmt *stmt, const char *name, const char *value)
{
  int index = param_index (stmt, name);

  if (value == NULL)
    bound (stmt, sqlite3_bind_null (stmt, index), name);
  else
    bound (stmt, sqlite3_bind_text (stmt, index, value, -1, SQLITE_TRANSIENT), name);
}

void
mpos_bind_int64 (sqlite3_stmt *stmt, const char *name, int64_t value)
{
  bound (stmt, sqlite3_bind_int64 (stmt, param_index (stmt, name), value), name);
}

void
mpos_bind_blob (sqlite3_stmt *stmt, const char *name, const void *data, int length)
{
  bound (stmt, sqlite3_bind_blob (stmt, param_index (stmt, name), data, length, SQLITE_TRANSIENT),
         name);
}

void
mpos_bind_value (sqlite3_stmt *stmt, const char *name, const sqlite3_value *value)
{
  bound (stmt, sqlite3_bind_value (stmt, param_index (stmt, name), value), name);
}

void
mpos_bind_optional_text (sqlite3_stmt *stmt, const char *name, const char *value)
{
  if (value && *value)
    mpos_bind_text (stmt, name, value);
  else
    mpos_bind_null (stmt, name);
}

void
mpos_bind_optional_int64 (sqlite3_stmt *stmt, const char *name, int64_t value)
{
  if (value != 0)
    mpos_bind_int64 (stmt, name, value);
  else
    mpos_bind_null (stmt, name);
}

void
mpos_bind_null (sqlite3_stmt *stmt, const char *name)
{
  bound (stmt, sqlite3_bind_null (stmt, param_index (stmt, name)), name);
}

void
mpos_bind_int64_at (sqlite3_stmt *stmt, int index, int64_t value)
{
  bound_at (stmt, sqlite3_bind_int64 (stmt, index, value), index);
}

void
mpos_bind_text_at (sqlite3_stmt *stmt, int index, const char *value)
{
  bound_at (stmt, sqlite3_bind_text (stmt, index, value, -1, SQLITE_TRANSIENT), index);
}

gboolean
mpos_store_exec (MposStore *store, const char *sql, GError **error)
{
  int rc = sqlite3_exec (store->db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    return mpos_store_fail (store, rc, "running SQL", error);
  return TRUE;
}

gboolean
mpos_store_begin (MposStore *store, GError **error)
{
  int rc;

  MPOS_STORE_CHECK_THREAD (store);
  if (!mpos_store_sellable (store, error))
    return FALSE;
  rc = sqlite3_exec (store->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    return mpos_store_fail (store, rc, "starting a transaction", error);
  return TRUE;
}

gboolean
mpos_store_commit (MposStore *store, GError **error)
{
  int rc = sqlite3_exec (store->db, "COMMIT", NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      mpos_store_fail (store, rc, "saving", error);
      mpos_store_rollback (store);
      return FALSE;
    }
  return TRUE;
}

void
mpos_store_rollback (MposStore *store)
{
  if (!sqlite3_get_autocommit (store->db))
    sqlite3_exec (store->db, "ROLLBACK", NULL, NULL, NULL);
}

gboolean
mpos_store_transaction (MposStore *store, MposStoreBody body, gpointer data, GError **error)
{
  if (!mpos_store_begin (store, error))
    return FALSE;
  if (!body (store, data, error))
    {
      mpos_store_rollback (store);
      return FALSE;
    }
  return mpos_store_commit (store, error);
}

gboolean
mpos_store_transaction_keeping_refusal (MposStore *store, GQuark answer_domain,
                                        MposStoreBody body, gpointer data, GError **error)
{
  GError *answer = NULL;

  if (!mpos_store_begin (store, error))
    return FALSE;
  if (!body (store, data, &answer) && answer->domain != answer_domain)
    {
      mpos_store_rollback (store);
      g_propagate_error (error, answer);
      return FALSE;
    }
  if (!mpos_store_commit (store, error))
    {
      g_clear_error (&answer);
      return FALSE;
    }
  if (answer != NULL)
    {
      g_propagate_error (error, answer);
      return FALSE;
    }
  return TRUE;
}

static MposSql SQL_READ_BEGIN = MPOS_SQL ("store: begin a read", "BEGIN DEFERRED");
static MposSql SQL_READ_END = MPOS_SQL ("store: end a read", "COMMIT");

gboolean
mpos_store_read_begin (MposStore *store)
{
  sqlite3_stmt *stmt;

  if (!sqlite3_get_autocommit (store->db))
    return FALSE;
  stmt = mpos_store_stmt (store, &SQL_READ_BEGIN, NULL);
  if (stmt == NULL)
    return FALSE;
  /* Failing to begin only costs speed: each lookup then runs on its own. */
  return mpos_store_step_done (store, stmt, "starting a read", NULL);
}

void
mpos_store_read_end (MposStore *store, gboolean began)
{
  sqlite3_stmt *stmt;

  if (!began || sqlite3_get_autocommit (store->db))
    return;
  stmt = mpos_store_stmt (store, &SQL_READ_END, NULL);
  if (stmt == NULL || !mpos_store_step_done (store, stmt, "ending a read", NULL))
    mpos_store_rollback (store);
}

/* ---- migrations ---------------------------------------------------------- */

static int
migration_number (const char *name)
{
  if (!g_ascii_isdigit (name[0]) || !g_str_has_suffix (name, ".sql"))
    return -1;
  return (int) g_ascii_strtoll (name, NULL, 10);
}

static gint
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

/* Generated by glib-compile-resources (data/meson.build). Referencing it keeps
 * the resource in a static link, where its constructor alone would be dropped. */
GResource *mpos_sql_get_resource (void);

/* Migration file names in order; the last one's number is the schema version. */
static char **
migration_names (void)
{
  char **names;

  g_return_val_if_fail (mpos_sql_get_resource () != NULL, NULL);
  names = g_resources_enumerate_children (SQL_RESOURCE_DIR, 0, NULL);
  guint n = names ? g_strv_length (names) : 0;

  if (names != NULL)
    qsort (names, n, sizeof (char *), (int (*) (const void *, const void *)) compare_names);
  return names;
}

int
mpos_store_schema_version (void)
{
  g_auto (GStrv) names = migration_names ();
  int version = 0;

  for (guint i = 0; names && names[i]; i++)
    version = MAX (version, migration_number (names[i]));
  return version;
}

/* The lowest migration number: the baseline (0025-baseline.sql), which
 * creates the schema of its version directly. A store below it was made
 * by a development build before the baseline and cannot be upgraded. */
static int
baseline_version (void)
{
  g_auto (GStrv) names = migration_names ();
  int version = 0;

  for (guint i = 0; names && names[i]; i++)
    if (migration_number (names[i]) > 0)
      version = version == 0 ? migration_number (names[i])
                             : MIN (version, migration_number (names[i]));
  return version;
}

static gboolean pragma_int (MposStore *store, const char *pragma, int *out, GError **error);

/* Another process opening the same old store may have applied this
 * migration since the version was read: it is read again under the write
 * lock, and a migration already there is not run twice. What a migration
 * needs done that SQL cannot do, in its transaction, is a step registered by
 * the module that owns it (store-private.h: 0027's QR secrets sealed by
 * member-qr-secret.c, 0029's summaries rebuilt by report-summary.c); a
 * migration that rewrites a hash-chained table reseals it in such a step
 * (mpos_row_chain_seal_table). The baseline holds no chained rows. */
static gboolean
apply_migration (MposStore *store, const char *name, int number, GError **error)
{
  g_autofree char *path = g_strconcat (SQL_RESOURCE_DIR, name, NULL);
  g_autoptr (GBytes) sql = g_resources_lookup_data (path, 0, error);
  g_autofree char *text = NULL;
  g_autofree char *pragma = NULL;
  int version = 0;
  gsize size;

  if (sql == NULL)
    return FALSE;
  text = g_strndup (g_bytes_get_data (sql, &size), g_bytes_get_size (sql));
  pragma = g_strdup_printf ("PRAGMA user_version = %d; PRAGMA application_id = %d;", number,
                            MPOS_APPLICATION_ID);
  if (!mpos_store_begin (store, error))
    return FALSE;
  if (!pragma_int (store, "PRAGMA user_version", &version, error))
    {
      mpos_store_rollback (store);
      return FALSE;
    }
  if (version >= number)
    return mpos_store_commit (store, error);
  if (!mpos_store_exec (store, text, error) || !mpos_store_run_migration_step (store, number, error)
      || !mpos_store_exec (store, pragma, error))
    {
      g_prefix_error (error, "migration %s: ", name);
      mpos_store_rollback (store);
      return FALSE;
    }
  return mpos_store_commit (store, error);
}

static gboolean
migrate (MposStore *store, int from_version, GError **error)
{
  g_auto (GStrv) names = migration_names ();

  for (guint i = 0; names && names[i]; i++)
    {
      int number = migration_number (names[i]);
      if (number <= from_version)
        continue;
      g_debug ("applying migration %s", names[i]);
      if (!apply_migration (store, names[i], number, error))
        return FALSE;
    }
  return TRUE;
}

/* ---- open ---------------------------------------------------------------- */

static gboolean
pragma_int (MposStore *store, const char *pragma, int *out, GError **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (store->db, pragma, -1, &stmt, NULL);

  if (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      *out = sqlite3_column_int (stmt, 0);
      rc = SQLITE_OK;
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_OK)
    return mpos_store_fail (store, rc, "reading the store header", error);
  return TRUE;
}

static gboolean
store_has_tables (MposStore *store, gboolean *out, GError **error)
{
  int count = 0;

  if (!pragma_int (store, "SELECT count(*) FROM sqlite_schema", &count, error))
    return FALSE;
  *out = count > 0;
  return TRUE;
}

/* Decides what the file is: a MallPOS store of a version we know, an empty
 * file we may initialise, or something to refuse. Returns the version. */
static gboolean
check_header (MposStore *store, gboolean create, int *version, GError **error)
{
  int application_id = 0;
  gboolean has_tables = FALSE;

  if (!pragma_int (store, "PRAGMA application_id", &application_id, error)
      || !pragma_int (store, "PRAGMA user_version", version, error)
      || !store_has_tables (store, &has_tables, error))
    {
      /* Say which file: random bytes fail here, as SQLITE_NOTADB. */
      g_prefix_error (error, "%s: ", store->path);
      return FALSE;
    }
  if (application_id == 0 && *version == 0 && !has_tables)
    {
      if (create)
        return TRUE;
      g_set_error (error, MPOS_STORE_ERROR, MPOS_STORE_ERROR_NOT_INITIALISED,
                   "%s is an empty database, not a MallPOS store; run `mallposctl init` first",
                   store->path);
      return FALSE;
    }
  if (application_id != MPOS_APPLICATION_ID)
    {
      g_set_error (error, MPOS_STORE_ERROR, MPOS_STORE_ERROR_NOT_A_STORE,
                   "%s is an SQLite database of another program, not a MallPOS store",
                   store->path);
      return FALSE;
    }
  if (*version > 0 && *version < baseline_version ())
    {
      g_set_error (error, MPOS_STORE_ERROR, MPOS_STORE_ERROR_TOO_OLD,
                   "%s has schema version %d, from a development build older than the "
                   "baseline schema %d, and cannot be upgraded; make a new store with "
                   "`mallposctl init` and import the catalog and members again",
                   store->path, *version, baseline_version ());
      return FALSE;
    }
  if (*version > mpos_store_schema_version ())
    {
      g_set_error (error, MPOS_STORE_ERROR, MPOS_STORE_ERROR_TOO_NEW,
                   "%s has schema version %d, newer than this program knows (%d); "
                   "update MallPOS before using this store",
                   store->path, *version, mpos_store_schema_version ());
      return FALSE;
    }
  return TRUE;
}

static gboolean
configure_connection (MposStore *store, GError **error)
{
  if (!mpos_store_exec (store, "PRAGMA journal_mode = WAL", error)
      || !mpos_store_exec (store, "PRAGMA synchronous = FULL", error)
      || !mpos_store_exec (store, "PRAGMA foreign_keys = ON", error))
    {
      g_prefix_error (error, "opening %s: ", store->path);
      return FALSE;
    }
  return TRUE;
}

static void
finalize_statement (gpointer stmt)
{
  if (stmt != NULL)
    bind_failure_forget (stmt);
  sqlite3_finalize (stmt);
}

static MposStore *
store_new (const char *path)
{
  MposStore *store = g_new0 (MposStore, 1);

  store->path = g_strdup (path);
  store->owner = g_thread_self ();
  store->damage_mark = mpos_store_damage_mark_path (path);
  store->statements = g_ptr_array_new_with_free_func (finalize_statement);
  return store;
}

/* SQLite's page cache starts each cache with one bulk allocation of 20
 * pages (~87 KiB). Every statement that checks a CHECK (x IN (a, b, c))
 * builds a throw-away b-tree with its own cache, and glibc hands a block that
 * size back to the kernel when it is freed: two brk() calls and twenty page
 * faults per statement, some 200 µs per member sale. Without the bulk
 * allocation pages come one by one from the allocator's free lists.
 * SQLite's allocation statistics are turned off too: they take a global mutex
 * around every allocation (some 10% of a sale's instructions) and nothing
 * reads them. Must run before SQLite initialises; if the host program has
 * already initialised it, its own configuration stands. */
static gpointer
configure_sqlite (gpointer unused)
{
  int rc = sqlite3_config (SQLITE_CONFIG_PAGECACHE, NULL, 0, 0);

  (void) unused;
  if (rc == SQLITE_OK)
    rc = sqlite3_config (SQLITE_CONFIG_MEMSTATUS, 0);
  if (rc != SQLITE_OK)
    g_debug ("SQLite was initialised before the first store opened; page cache left as it is");
  return NULL;
}

/* The busy timeout is set before anything is read: even the header is read
 * under a lock another process may hold for a moment (a commit, the last
 * connection's checkpoint), and a lock let go within the timeout must only
 * delay the caller. */
static gboolean
open_connection (MposStore *store, gboolean create, int busy_timeout_ms, GError **error)
{
  static GOnce configured = G_ONCE_INIT;

  /* A store's connection is used by one thread at a time (MposStore is not
   * shared between threads), so SQLite need not lock it on every call. */
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (create ? SQLITE_OPEN_CREATE : 0);
  int rc;

  if (!create && !g_file_test (store->path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, MPOS_STORE_ERROR, MPOS_STORE_ERROR_NOT_FOUND,
                   "no store at %s; create one with `mallposctl init`", store->path);
      return FALSE;
    }
  if (!mpos_store_file_prepare (store->path, create, error))
    return FALSE;
  g_once (&configured, configure_sqlite, NULL);
  rc = sqlite3_open_v2 (store->path, &store->db, flags, mpos_store_wal_batch_vfs ());
  if (rc != SQLITE_OK)
    {
      mpos_store_fail (store, rc, "opening the store", error);
      g_prefix_error (error, "%s: ", store->path);
      return FALSE;
    }
  store->busy_timeout_ms = busy_timeout_ms > 0 ? busy_timeout_ms : 5000;
  sqlite3_busy_timeout (store->db, store->busy_timeout_ms);
  sqlite3_extended_result_codes (store->db, 1);
  return TRUE;
}

/* A sale touches some fifty b-tree pages (sale, lines, tenders, ledgers and
 * their indexes), each written whole to the WAL and synced: with 1 KiB
 * pages a durable sale writes about 70 KiB instead of about 190 KiB, which
 * made its commit some 20% faster (tests/bench/bench-commit.c). Set on a new
 * store only: SQLite fixes the page size when the first table is made. */
#define NEW_STORE_PAGE_SIZE "1024"

MposStore *
mpos_store_open (const char *path, const MposStoreOptions *options, GError **error)
{
  g_autoptr (MposStore) store = store_new (path);
  gboolean create = options && options->create;
  int version = 0;

  g_return_val_if_fail (path != NULL, NULL);

  /* Without its owners' migration steps and counter hooks a store would
   * migrate or sell half: a program calls mpos_core_init () first. */
  if (!mpos_store_hooks_sealed ())
    {
      g_critical ("mpos_store_open (%s) before mpos_core_init ()", path);
      g_set_error (error, MPOS_STORE_ERROR, MPOS_STORE_ERROR_FAILED,
                   "%s: the program opened a store before mpos_core_init ()", path);
      return NULL;
    }
  if (!open_connection (store, create, options ? options->busy_timeout_ms : 0, error))
    return NULL;
  /* Read from the file itself, so damage SQLite meets reading the header is marked too. */
  store->ours = mpos_store_file_is_ours (store);
  if (!check_header (store, create, &version, error))
    return NULL;
  store->ours = version > 0;
  if (!mpos_store_probe_damage (store, FALSE, error)
      || (version == 0
          && !mpos_store_exec (store, "PRAGMA page_size = " NEW_STORE_PAGE_SIZE, error))
      || !configure_connection (store, error)
      || !migrate (store, version, error))
    return NULL;
  mpos_store_maintenance_init (store);
  mpos_store_training_load (store);
  return g_steal_pointer (&store);
}

void
mpos_store_close (MposStore *store)
{
  if (store == NULL)
    return;
  if (store->db)
    mpos_store_maintain_on_close (store);
  mpos_store_training_forget (store);
  g_ptr_array_unref (store->statements);
  g_clear_pointer (&store->parsed_settings, g_hash_table_destroy);
  if (store->db)
    sqlite3_close (store->db);
  mpos_store_identity_clear (&store->identity);
  g_clear_pointer (&store->time_zone, g_time_zone_unref);
  g_free (store->damage_mark);
  g_clear_pointer (&store->memory_key, sodium_free); /* member-qr-secret.c made it */
  g_free (store->damage);
  g_free (store->path);
  g_free (store);
}
