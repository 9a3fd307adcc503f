/* store-maintenance.h — the store's upkeep that no sale waits for: copying
 * the WAL back into the database file (checkpoint) and folding pending
 * stock movements into the SKU rows (stock.h), and the modules' idle slices
 * (MposCounterHook.idle: the report summaries caught up from the journal a
 * hundred entries at a time, so a report at the end of the day finds little
 * left to catch up).
 *
 * Both used to run inside the committing call: SQLite's auto-checkpoint in
 * the COMMIT that took the WAL past 1000 pages, the fold right after the
 * sale that left 256 movements pending. One sale in some thirty paid a few
 * milliseconds for them (tests/bench/bench-commit.c prints the difference).
 * Now a commit only notes what is owed, and the owner of the store handle
 * pays it when nobody waits:
 *  - the window runs mpos_store_maintain from a low-priority timeout on its
 *    main loop (mpos_store_maintain_when_idle), so input comes first;
 *  - mallposctl and every other short-lived program pays it when it closes
 *    the handle after its action (mpos_store_close calls mpos_store_maintain
 *    when this handle committed something and upkeep is due).
 * A handle whose owner never gets round to it (a crash, a long import) is
 * kept in bounds by a backstop: a commit that finds the WAL past
 * MPOS_STORE_WAL_BACKSTOP_FRAMES checkpoints at once, as SQLite would have.
 * Upkeep is safe with any number of processes on the store: the checkpoint
 * is PASSIVE (it copies what no reader still needs and waits for no one),
 * the fold is a transaction of its own that reads the fold marker afresh,
 * and a store busy with another writer is left for the next time. */
#pragma once

#include "store.h"

G_BEGIN_DECLS

/* WAL pages (frames) after which a checkpoint is due: SQLite's default. */
#define MPOS_STORE_WAL_CHECKPOINT_FRAMES 1000
/* WAL pages after which a commit checkpoints itself (about 4 MiB at the
 * store's 1 KiB pages): only when upkeep has not run for some 120 sales.
 * Kept within one segment of SQLite's WAL index (4096 frames): every page
 * read searches each segment, so a WAL left to grow slows every lookup. */
#define MPOS_STORE_WAL_BACKSTOP_FRAMES 4000
/* How long upkeep waits for another process's write lock before it leaves
 * the work for next time (a sale waits up to the store's busy timeout). */
#define MPOS_STORE_MAINTENANCE_BUSY_MS 100

typedef struct
{
  gboolean checkpointed;   /* WAL pages were copied into the database */
  int frames_in_wal;       /* WAL pages before the checkpoint */
  gboolean wal_restartable; /* every page copied: the next writer starts the WAL afresh */
  gboolean folded;         /* pending stock movements were folded into the SKUs */
  gboolean busy;           /* another process held the store: some work left for later */
} MposMaintenance;

/* TRUE when this handle knows of upkeep owed (WAL pages past the threshold,
 * stock movements past MPOS_STOCK_FOLD_EVERY). Reads nothing from the
 * store: cheap enough for a timer to ask every second. */
gboolean mpos_store_maintenance_due (MposStore *store);

/* Does the upkeep that is due, now, on the calling thread (which must own
 * the handle). A store busy with another writer is not a failure: `done`
 * (may be NULL) says so and the work waits for the next call. FALSE with
 * *error only for what an operator must hear of (disk full, damage). */
gboolean mpos_store_maintain (MposStore *store, MposMaintenance *done, GError **error);

/* Attaches to the thread-default main context a G_PRIORITY_LOW timeout that
 * every interval_ms runs mpos_store_maintain (every tick: the idle slices
 * are due whenever the journal moved on); failures
 * are logged (g_warning, once until the failure changes) and retried next
 * time. Returns the source id:
 * remove it (g_source_remove) before closing the store. For the window,
 * whose main loop owns its store handle. */
guint mpos_store_maintain_when_idle (MposStore *store, guint interval_ms);

G_END_DECLS
