/* store-private.h — what only the core's own modules use of the store: the
 * connection, named statement descriptors prepared once per store, binding
 * their named parameters with every failure reported, and the one
 * transaction each business action runs in. UI, CLI, drivers and sync never
 * include this: the core is the only owner of the database. */
#pragma once

#include <sqlite3.h>
#include "money.h"
#include "store.h"

G_BEGIN_DECLS

struct _MposStore
{
  sqlite3 *db;
  char *path;
  GPtrArray *statements; /* sqlite3_stmt* by MposSql slot (NULL: not prepared yet) */
  MposStoreIdentity identity;
  gboolean identity_loaded;
  GTimeZone *time_zone;
  GHashTable *parsed_settings; /* setting key → ParsedSetting (store-identity.c) */
  int64_t stock_last_recorded;  /* last movement this handle wrote (stock.c) */
  int64_t stock_folded_seen;    /* fold marker as last read or written here, 0: unknown */
  int wal_frames;               /* WAL pages after this handle's last commit (store-maintenance.c) */
  gboolean owes_upkeep;         /* committed since its last upkeep */
  int busy_timeout_ms;
  gboolean ours;                /* the file's header says MallPOS (store-damage.c) */
  char *damage_mark;            /* <path>-damaged */
  char *damage;                 /* damage this handle met, or NULL */
  GThread *owner;               /* the thread that opened it: the only one that may use it */
  gboolean training;            /* 练习模式 (training-mode.c) */
  gboolean clock_noted;         /* counted as an open production store (clock.c) */
  guint8 *memory_key;           /* an in-memory store's key (member-qr-secret.c), never a file */
};

/* Whether the calling thread is the one that opened the store; when not, a
 * g_critical names the store (one MposStore per thread: see store.h). A
 * pointer comparison, so every statement and transaction can ask. Builds
 * with G_DISABLE_CHECKS skip it. */
#ifndef G_DISABLE_CHECKS
#define MPOS_STORE_CHECK_THREAD(store) mpos_store_check_thread (store)
#else
#define MPOS_STORE_CHECK_THREAD(store) ((void) 0)
#endif
void mpos_store_check_thread (MposStore *store);

sqlite3 *mpos_store_db (MposStore *store);

/* A statement the core runs, named once where it is written:
 *   static MposSql SQL_FIND = MPOS_SQL ("gift-card: find", "SELECT … WHERE serial = :serial");
 * Its slot is assigned on first use (the same in every store), and each store
 * prepares it once. The name says what failed in messages. Never const: the
 * slot is written once, under a lock. */
typedef struct
{
  const char *name;
  const char *sql;
  gsize slot; /* 0 until first use, then an index into every store's statements */
} MposSql;

#define MPOS_SQL(name, sql) { (name), (sql), 0 }

/* The store's prepared statement for `sql`, reset and its bindings cleared.
 * Owned by the store. Handing out a statement that is still stepping (a loop
 * over it not finished, nor reset) is a bug that would silently restart the
 * outer loop: it is refused with a critical warning and an error. */
sqlite3_stmt *mpos_store_stmt (MposStore *store, MposSql *sql, GError **error);

/* A caller is done with a statement when it stepped it to SQLITE_DONE or
 * reset it. `g_autoptr (MposStmt) stmt = mpos_store_stmt (…)` resets it when
 * the variable goes out of scope (a lookup that read one row and returned). */
typedef sqlite3_stmt MposStmt;
void mpos_store_stmt_release (MposStmt *stmt);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MposStmt, mpos_store_stmt_release)

/* sqlite3_step, except that a statement one of whose binds failed (an
 * unknown parameter name, out of memory, a value too big) is not run: the
 * bind's error code comes back, and mpos_store_fail says which bind. */
int mpos_store_step (sqlite3_stmt *stmt);

/* The VFS every store connection opens with (store-wal-batch.c): the default
 * VFS with a transaction's WAL frames written in one call. NULL if SQLite
 * refused to register it, which leaves SQLite's default. */
const char *mpos_store_wal_batch_vfs (void);

/* store-maintenance.c: the WAL hook every store connection gets at open
 * (a program that sets its own hook, a benchmark, calls this one from it),
 * and the upkeep mpos_store_close pays for a handle that wrote. */
int mpos_store_note_wal (void *store, sqlite3 *db, const char *schema, int frames_in_wal);
void mpos_store_maintenance_init (MposStore *store);
void mpos_store_maintain_on_close (MposStore *store);

/* BEGIN IMMEDIATE: the write lock is taken up front so a busy store fails here,
 * before any work, rather than at COMMIT. */
gboolean mpos_store_begin (MposStore *store, GError **error);
gboolean mpos_store_commit (MposStore *store, GError **error);
void mpos_store_rollback (MposStore *store);

/* The body of a write transaction: FALSE with *error set refuses. */
typedef gboolean (*MposStoreBody) (MposStore *store, gpointer data, GError **error);

/* Runs body inside one IMMEDIATE transaction; rolls back when it fails. */
gboolean mpos_store_transaction (MposStore *store, MposStoreBody body, gpointer data,
                                 GError **error);

/* The same, except that a refusal in `answer_domain` commits what the body
 * wrote before refusing (a wrong PIN counts towards the lock) and is then
 * returned; any other failure rolls back. */
gboolean mpos_store_transaction_keeping_refusal (MposStore *store, GQuark answer_domain,
                                                 MposStoreBody body, gpointer data,
                                                 GError **error);

/* A read transaction around a few lookups (a scan: SKU, list and member
 * price), so they read one snapshot and take the WAL read lock once instead
 * of once per statement. Does nothing inside another transaction; returns
 * whether it began one, to pass to mpos_store_read_end. */
gboolean mpos_store_read_begin (MposStore *store);
void mpos_store_read_end (MposStore *store, gboolean began);

/* Sets *error from the connection's last SQLite error, with `what` (what we
 * were doing) in front of the message. Always returns FALSE. */
gboolean mpos_store_fail (MposStore *store, int rc, const char *what, GError **error);

/* Execute a statement to completion that returns no rows (or ignores them). */
gboolean mpos_store_step_done (MposStore *store, sqlite3_stmt *stmt, const char *what,
                               GError **error);

/* Steps an INSERT … RETURNING (or any one-row statement) to completion:
 * *out gets column 0 of the first row, and the write only counts once
 * SQLite says it is done (a trigger can still fail after the row came back). */
gboolean mpos_store_step_returning (MposStore *store, sqlite3_stmt *stmt, const char *what,
                                    int64_t *out, GError **error);

/* A read model made from the statement's current row. */
typedef gpointer (*MposRowRead) (sqlite3_stmt *stmt);
/* The MposRowRead of a one-text-column query: column 0 as a new string. */
gpointer mpos_row_first_text (sqlite3_stmt *stmt);

/* Steps a bound query to its end, adding what `read` makes of each row to
 * `into`, and resets it; FALSE with an error saying `what` failed. */
gboolean mpos_store_read_rows (MposStore *store, sqlite3_stmt *stmt, MposRowRead read,
                               GPtrArray *into, const char *what, GError **error);
/* Steps a bound query once and resets it: *row gets what `read` makes of
 * its first row, NULL when there is none; FALSE when the step failed. */
gboolean mpos_store_read_row (MposStore *store, sqlite3_stmt *stmt, MposRowRead read,
                              gpointer *row, const char *what, GError **error);
/* A record read from a row column by column, described once: field i of
 * the table takes column i (MPOS_FIELD_SKIP: a column the record does not
 * keep). The same table frees and copies the record's texts, so a record's
 * reader, free and copy cannot disagree about which fields are owned. */
typedef enum
{
  MPOS_FIELD_SKIP,
  MPOS_FIELD_TEXT,  /* char *, NULL for SQL NULL */
  MPOS_FIELD_INT64, /* int64_t (money, points, ids, times) */
} MposFieldKind;

typedef struct
{
  MposFieldKind kind;
  gsize offset; /* G_STRUCT_OFFSET of the field */
} MposRecordField;

#define MPOS_TEXT_FIELD(Type, field) { MPOS_FIELD_TEXT, G_STRUCT_OFFSET (Type, field) }
#define MPOS_INT64_FIELD(Type, field) { MPOS_FIELD_INT64, G_STRUCT_OFFSET (Type, field) }
#define MPOS_SKIPPED_FIELD { MPOS_FIELD_SKIP, 0 }

/* A record type: its size and its fields, one a column. */
typedef struct
{
  gsize size;
  const MposRecordField *fields;
  guint n_fields;
} MposRecordType;

/* Fills `record` from the statement's current row. */
void mpos_store_read_into (sqlite3_stmt *stmt, gpointer record, const MposRecordField *fields,
                           guint n_fields);
/* A new record of `type` from the statement's current row (an MposRowRead's body). */
gpointer mpos_record_from_row (const MposRecordType *type, sqlite3_stmt *stmt);
/* The record and its texts freed; NULL is ignored. */
void mpos_record_free (const MposRecordType *type, gpointer record);
/* A copy with copies of the texts. */
gpointer mpos_record_copy (const MposRecordType *type, gconstpointer record);

/* One optional text value: steps a bound query once and resets it; *text
 * gets column 0 of its first row (to free), NULL when there is no row or
 * the value is NULL; FALSE when the step failed. */
gboolean mpos_store_read_text (MposStore *store, sqlite3_stmt *stmt, char **text, const char *what,
                               GError **error);
/* *value gets column 0 of the first row and is left as it was when there
 * is none; *found (may be NULL) says whether there was one. */
gboolean mpos_store_read_int64 (MposStore *store, sqlite3_stmt *stmt, int64_t *value,
                                gboolean *found, const char *what, GError **error);
/* Whether the query has a row at all. */
gboolean mpos_store_read_exists (MposStore *store, sqlite3_stmt *stmt, gboolean *exists,
                                 const char *what, GError **error);

/* Column text as a new string: NULL for SQL NULL (or "" with _or_empty). */
char *mpos_column_text (sqlite3_stmt *stmt, int column);
char *mpos_column_text_or_empty (sqlite3_stmt *stmt, int column);

/* Named-parameter binding: ":name". A bind that fails is not ignored: the
 * statement is marked, and stepping it (mpos_store_step, _step_done,
 * _step_returning) fails with what went wrong until it is handed out again.
 * A missing name is a programmer error and also warns (g_critical). */
void mpos_bind_text (sqlite3_stmt *stmt, const char *name, const char *value);
void mpos_bind_int64 (sqlite3_stmt *stmt, const char *name, int64_t value);
void mpos_bind_null (sqlite3_stmt *stmt, const char *name);
void mpos_bind_blob (sqlite3_stmt *stmt, const char *name, const void *data, int length);
void mpos_bind_value (sqlite3_stmt *stmt, const char *name, const sqlite3_value *value);
/* Text, or NULL when value is NULL or empty. */
void mpos_bind_optional_text (sqlite3_stmt *stmt, const char *name, const char *value);
/* The value, or NULL when it is 0 (none). */
void mpos_bind_optional_int64 (sqlite3_stmt *stmt, const char *name, int64_t value);
/* By position (1-based), for statements with ? parameters. */
void mpos_bind_int64_at (sqlite3_stmt *stmt, int index, int64_t value);
void mpos_bind_text_at (sqlite3_stmt *stmt, int index, const char *value);

/* Settings key/value in the settings table (inside or outside a transaction). */
char *mpos_store_get_setting (MposStore *store, const char *key);
gboolean mpos_store_put_setting (MposStore *store, const char *key, const char *value,
                                 GError **error);

/* Why the stored text of an identity setting (store_code, time_zone, the
 * day cut-off, cash rounding, scale_layout, …) cannot be used, or NULL when
 * it can or the key is not the identity's. */
char *mpos_store_identity_setting_problem (const char *key, const char *value);

/* A value parsed from a setting, kept with the text it came from, so a
 * setting read by every sale (the loyalty rules) is parsed again only when
 * its text changed, whoever changed it. _lookup returns the value parsed from
 * exactly `text`, or NULL; _keep takes ownership of `value`. */
gpointer mpos_store_parsed_setting_lookup (MposStore *store, const char *key, const char *text);
void mpos_store_parsed_setting_keep (MposStore *store, const char *key, const char *text,
                                     gpointer value, GDestroyNotify destroy);

/* Next value of a named counter (e.g. a receipt number per day), starting at 1.
 * Must run inside a transaction. */
gboolean mpos_store_next_counter (MposStore *store, const char *name, int64_t *out,
                                  GError **error);

/* ---- damage (store-damage.c) ---- */

/* Whether the store's file starts with a MallPOS store's SQLite header
 * (read from the file itself, before SQLite parses anything). */
gboolean mpos_store_file_is_ours (MposStore *store);
/* Before SQLite opens `path` (store-file.c): with `create`, refuses a
 * symbolic link and makes a missing file 0600; always refuses a file other
 * users can read (MPOS_STORE_ERROR_EXPOSED, naming the chmod that fixes it). */
/* Reads the training mark at open and tells the clock what this store is. */
void mpos_store_training_load (MposStore *store);
/* Counts this store as an open production store for the clock (once; not a
 * training store), and stops counting it at close. */
void mpos_store_training_note (MposStore *store);
void mpos_store_training_forget (MposStore *store);
gboolean mpos_store_file_prepare (const char *path, gboolean create, GError **error);
char *mpos_store_damage_mark_path (const char *store_path);
/* At open: the cheap checks of the file, and SQLite's quick_check when one
 * fails or `quick_check` asks for it; damage found is marked, not returned.
 * FALSE only when the checks could not run. */
gboolean mpos_store_probe_damage (MposStore *store, gboolean quick_check, GError **error);
/* Marks the store damaged for this handle and, through the mark file, for
 * every process; `reason` says what was found. Keeps an earlier mark. */
void mpos_store_mark_damaged (MposStore *store, const char *reason);
/* After `check`: SQLite's own first finding (NULL: none) marks the store
 * damaged; a store with no `problems` at all loses its mark; a mark that
 * stays is added to the problems. */
gboolean mpos_store_damage_after_check (MposStore *store, GPtrArray *problems,
                                        const char *sqlite_finding, GError **error);
/* When the store is marked damaged, turns *error (what stopped an operation
 * that only reads) into DAMAGED, saying what the mark says. */
void mpos_store_damage_explain (MposStore *store, GError **error);
/* SQLite's quick_check; its findings are appended to `problems`. */
gboolean mpos_store_quick_check (MposStore *store, GPtrArray *problems, GError **error);

/* Run arbitrary SQL (tests and fault injection only, e.g. PRAGMA max_page_count). */
gboolean mpos_store_exec (MposStore *store, const char *sql, GError **error);

/* ---- what the store runs for the modules above it (store-hook.c) ----
 * so that it never includes them: the migration steps their owners register
 * (what SQL cannot do in a migration's transaction: seal the QR secrets,
 * rebuild the day summaries) and the hooks every counter action runs inside
 * its own transaction (the drawer's ledger, the day summaries). Owners
 * register once per process, all through mpos_core_init (core.h); a store
 * refuses to open before that, so no program sells without its hooks. */

/* What a migration needs done that its SQL cannot do, in its transaction. */
typedef gboolean (*MposMigrationStep) (MposStore *store, GError **error);

/* Runs `step` right after migration `number`'s SQL. One step per number. */
void mpos_store_register_migration_step (int number, MposMigrationStep step);

/* A counter action: each has a receipt number and may move cash. */
typedef enum
{
  MPOS_COUNTER_SALE,          /* a sale or a return, whole: id is sales.id */
  MPOS_COUNTER_TOP_UP,        /* a stored-value top-up; cash: paid in cash */
  MPOS_COUNTER_TOP_UP_REFUND, /* a top-up refunded; cash: refunded in cash */
  MPOS_COUNTER_EXCHANGE,      /* a points exchange (cash +) or its cancellation (cash −) */
} MposCounterKind;

typedef struct
{
  MposCounterKind kind;
  const char *id;         /* the action's record */
  const char *receipt_no; /* its receipt number */
  MposMoney cash;         /* top-ups, exchanges: the cash through the drawer (sales: 0, the
                           * owners read the sale's row) */
  const char *actor;
  int64_t now;
} MposCounterAction;

/* What a module keeps up to date with every counter action. */
typedef struct
{
  const char *owner; /* the module, for messages: "shift" */
  /* Before a sale settles, so the cashier is told before payment (NULL: none). */
  gboolean (*check) (MposStore *store, MposCounterKind kind, GError **error);
  /* Inside the action's transaction, its records written: refusing rolls the
   * whole action back (NULL: none). */
  gboolean (*committing) (MposStore *store, const MposCounterAction *action, GError **error);
  /* A bounded slice of the module's deferred work, run by the store's upkeep
   * (mpos_store_maintain) under its short busy timeout: a store busy with
   * another writer fails with MPOS_STORE_ERROR_BUSY and the upkeep leaves
   * the work for its next call (NULL: none). */
  gboolean (*idle) (MposStore *store, GError **error);
} MposCounterHook;

/* Adds `hook` (static storage); hooks run in the order registered. */
void mpos_store_register_counter_hook (const MposCounterHook *hook);

/* Called once every owner has registered (mpos_core_init). */
void mpos_store_hooks_seal (void);
gboolean mpos_store_hooks_sealed (void);

/* For the actions: run every hook's check / committing. */
gboolean mpos_store_counter_check (MposStore *store, MposCounterKind kind, GError **error);
gboolean mpos_store_counter_committing (MposStore *store, const MposCounterAction *action,
                                        GError **error);
/* For the upkeep (store-maintenance.c): every hook's idle slice, in order;
 * stops at the first failure (a busy store too). */
gboolean mpos_store_counter_idle (MposStore *store, GError **error);

/* For the migration runner (store.c): the step registered for `number`, if any. */
gboolean mpos_store_run_migration_step (MposStore *store, int number, GError **error);

G_END_DECLS
