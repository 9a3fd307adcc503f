/* store.h — the terminal's SQLite store: opening (WAL, synchronous=FULL,
 * foreign keys, busy timeout), forward-only migrations compiled in as
 * resources, identity settings, damage detection and the error codes every
 * caller acts on.
 *
 * Threads and processes. An MposStore is one SQLite connection opened
 * without SQLite's per-connection mutex: use it from one thread at a time
 * (one MposStore per thread: a sync thread opens its own). Any
 * number of processes and threads may open the same store file at once.
 * WAL mode lets readers go on while one writer writes; writers take turns.
 * Under contention a call waits, never longer than the busy timeout
 * (MposStoreOptions.busy_timeout_ms, default 5 s), and fails with
 * MPOS_STORE_ERROR_BUSY only if the lock is still held then:
 *  - mpos_store_open waits for the file's header (another process's
 *    last-connection checkpoint, WAL recovery) and, when it migrates, for
 *    the write lock;
 *  - every write (a sale, return, top-up, import, identity change) takes
 *    the write lock when it begins (BEGIN IMMEDIATE) and waits there for the
 *    writer before it, usually a few milliseconds (one durable commit); it
 *    never fails half-way for a lock it could not upgrade to;
 *  - reads (lookups, receipts, reports, `check`) do not wait for writers,
 *    only, rarely, for a WAL recovery or checkpoint-reset of a few ms.
 * A lock let go within the timeout therefore only delays the caller. */
#pragma once

#include <glib.h>
#include <stdint.h>
#include "barcode.h"

G_BEGIN_DECLS

#define MPOS_STORE_ERROR (mpos_store_error_quark ())
GQuark mpos_store_error_quark (void);

typedef enum
{
  MPOS_STORE_ERROR_NOT_FOUND,     /* no store file at that path */
  MPOS_STORE_ERROR_NOT_A_STORE,   /* not SQLite, or SQLite but not a MallPOS store */
  MPOS_STORE_ERROR_TOO_NEW,       /* schema newer than this program knows */
  MPOS_STORE_ERROR_NOT_INITIALISED, /* no store/terminal identity yet */
  MPOS_STORE_ERROR_BUSY,          /* locked by another process past the busy timeout */
  MPOS_STORE_ERROR_FULL,          /* disk (or quota) full */
  MPOS_STORE_ERROR_READONLY,
  MPOS_STORE_ERROR_CORRUPT,
  MPOS_STORE_ERROR_IO,
  MPOS_STORE_ERROR_CONSTRAINT,    /* a constraint the caller should have checked */
  MPOS_STORE_ERROR_FAILED,
  MPOS_STORE_ERROR_IDENTITY_IN_USE, /* store/terminal codes already on records */
  MPOS_STORE_ERROR_DAMAGED,       /* the file is damaged (or was, until `check` passes):
                                     nothing is written; restore from a backup */
  MPOS_STORE_ERROR_EXPOSED,       /* other users can read the file, or it is a link where a
                                     store is to be made: refused, with the fix */
} MposStoreError;

typedef struct _MposStore MposStore;

typedef struct
{
  gboolean create;      /* create the file and the schema if missing */
  int busy_timeout_ms;  /* 0: default (5000) */
} MposStoreOptions;

/* The schema version this program writes and understands. */
int mpos_store_schema_version (void);

MposStore *mpos_store_open (const char *path, const MposStoreOptions *options, GError **error);
void mpos_store_close (MposStore *store);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MposStore, mpos_store_close)

const char *mpos_store_path (MposStore *store);

/* Damage. Every open checks that the file holds whole pages and every page
 * its header counts (cheap); when that fails SQLite's quick_check decides. Damage found then, or met later by any
 * operation (corruption, an I/O error), is marked beside the store
 * (<store>-damaged) for every process: writes then fail with
 * MPOS_STORE_ERROR_DAMAGED before they begin. A damaged store still opens,
 * so it can be checked and what is left read.
 *
 * mpos_store_verify: runs SQLite's quick_check on every page now (a terminal
 * starting up: seconds on a 1,000,000-SKU store, see tests/bench/bench-damage.c),
 * marks what it finds, and answers as mpos_store_sellable.
 * mpos_store_sellable: TRUE, or FALSE with DAMAGED and what was found (every
 * write transaction asks).
 * mpos_store_damage: what was found (a new string), or NULL.
 * mpos_store_clear_damage: removes the mark; only `check` (the integrity
 * check) calls it, when the store passes every check. */
gboolean mpos_store_verify (MposStore *store, GError **error);
gboolean mpos_store_sellable (MposStore *store, GError **error);
char *mpos_store_damage (MposStore *store);
gboolean mpos_store_clear_damage (MposStore *store, GError **error);

/* 练习模式 (training-mode.c): whether this is a training store, whose
 * receipts say so, whose journal entries the centre never counts, and whose
 * clock MALLPOS_NOW may pin. mpos_store_make_training marks a new store
 * (nothing recorded yet) for good; nothing clears the mark. */
gboolean mpos_store_is_training (MposStore *store);
gboolean mpos_store_make_training (MposStore *store, int64_t now, GError **error);

/* Store identity, set once by `mallposctl init`. */
typedef struct
{
  char *store_code;    /* "S001" */
  char *terminal_code; /* "T01" */
  char *time_zone;     /* IANA name, "Asia/Shanghai" */
  char *store_name;
  char *store_address;
  char *receipt_footer;
  int business_day_cutoff_hour; /* 0..23: sales before it belong to the previous day */
  int64_t cash_rounding_step;   /* 0: none; 10: to 0.1 yuan */
  MposScaleLayout scale_layout; /* how the store's scales print labels */
  char **member_discount_excludes; /* category paths with no member level discount (tobacco) */
} MposStoreIdentity;

void mpos_store_identity_clear (MposStoreIdentity *identity);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (MposStoreIdentity, mpos_store_identity_clear)

gboolean mpos_store_set_identity (MposStore *store, const MposStoreIdentity *identity,
                                  GError **error);
/* Fails with NOT_INITIALISED when `init` never ran. The store keeps the
 * returned struct; it is valid until the next set_identity or close. */
const MposStoreIdentity *mpos_store_get_identity (MposStore *store, GError **error);

/* Business day ("20261123") of a UTC time in the store's zone with its cut-off. */
char *mpos_store_business_day (MposStore *store, int64_t utc_seconds);
/* Local wall-clock time "2026-11-23 14:05:09" in the store's zone. */
char *mpos_store_local_time (MposStore *store, int64_t utc_seconds);

G_END_DECLS
