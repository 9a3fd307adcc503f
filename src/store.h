/* store.h — the terminal's SQLite store: opening (WAL, synchronous=FULL,
 * foreign keys, busy timeout), forward-only migrations compiled in as
 * resources, identity settings, damage detection and the error codes every
 * caller acts on.
 *
 * THE THREADING AND ASYNC CONTRACT of the core (docs/design.md says the same
 * for the window and the sync client):
 *
 * One MposStore per thread. An MposStore is one SQLite connection opened
 * without SQLite's per-connection mutex, with its own cached statements and
 * parsed settings: only the thread that opened it may use it, and it is
 * closed there too. A call from another thread is a programmer error that
 * the core names with a g_critical (a pointer comparison on every statement
 * and transaction). A worker (a GTask thread, the sync thread) opens its own
 * MposStore on the same path, uses it, and closes it before it returns; no
 * core object that holds a store (a cart, a sale record) crosses threads.
 * Any number of processes and threads may open the same store file at once.
 *
 * What blocks, and for how long (every core call is synchronous):
 *  - the busy timeout: a write waits for the writer before it, at most
 *    MposStoreOptions.busy_timeout_ms (default 5 s), then fails with
 *    MPOS_STORE_ERROR_BUSY having written nothing. mpos_store_open waits
 *    the same for a header lock (another process's checkpoint, WAL
 *    recovery) and, when it migrates, for the write lock. Reads do not wait
 *    for writers, only, rarely, for a recovery or checkpoint of a few ms;
 *  - fsync: every write transaction (a sale, return, top-up, identity
 *    change) commits durably: one or two fsyncs, a few ms on an SSD, tens
 *    of ms on a slow card; a checkpoint folded into a commit adds to it;
 *  - lookups (scan → priced line, member by card/phone/QR): tens of µs;
 *  - mpos_store_open: ms, plus any migration (seconds on a large old store);
 *  - mpos_store_verify (quick_check): seconds on a 1,000,000-SKU store;
 *    the integrity check (`check`) longer;
 *  - imports (catalog, prices, members, coupons, gift cards): one
 *    transaction, up to a minute for 1,000,000 rows, holding the write lock
 *    all along (sales of other processes wait, then fail BUSY);
 *  - reports and the points expiry run: a scan of their tables, up to seconds.
 * A window's main loop may call lookups, cart changes, a sale's commit, a
 * top-up, a return and receipt reads directly (ms at worst, the busy
 * timeout in the rare case another process holds the lock). It runs off the
 * main loop, in a GTask with its own MposStore: opening (and migrating),
 * verify and check, every import, reports over more than a day, the expiry
 * run, backups, and anything that talks to a device or the network (card
 * and mobile payments and devices are _async/_finish themselves: payment.h,
 * drivers/device.h). Results come back on the main context; the window then
 * reads what changed through its own store.
 *
 * Processes. WAL mode lets readers go on while one writer writes; writers
 * take turns. Every write takes the write lock when it begins (BEGIN
 * IMMEDIATE) and checks what it depends on inside the transaction, so it
 * never fails half-way for a lock it could not upgrade to. A lock let go
 * within the timeout only delays the caller. */
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
  MPOS_STORE_ERROR_TOO_OLD,       /* schema older than the baseline (a development build's):
                                     cannot be upgraded, make a new store */
} MposStoreError;

typedef struct _MposStore MposStore;

typedef struct
{
  gboolean create;      /* create the file and the schema if missing */
  int busy_timeout_ms;  /* 0: default (5000) */
} MposStoreOptions;

/* The schema version this program writes and understands. */
int mpos_store_schema_version (void);

/* A program calls mpos_core_init () (core.h) first: it registers the
 * migration steps and counter hooks of the modules above the store, and a
 * store opened before it is refused (MPOS_STORE_ERROR_FAILED). */
MposStore *mpos_store_open (const char *path, const MposStoreOptions *options, GError **error);
void mpos_store_close (MposStore *store);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MposStore, mpos_store_close)

const char *mpos_store_path (MposStore *store);
/* $MALLPOS_STORE, else ~/.local/share/mallpos/store.db: the store a
 * program uses when none is named. Newly allocated. */
char *mpos_store_default_path (void);

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
