/* store-maintenance.c — WAL checkpoints, the stock fold and the modules' idle
 * slices (the report summaries' catch-up), paid when nobody
 * waits instead of inside a commit (store-maintenance.h says who calls what). */
#include "store-maintenance.h"

#include "stock.h"
#include "store-private.h"

#include <string.h>

/* The WAL hook: SQLite calls it after every commit of this connection with
 * the WAL's page count. Installing it replaces SQLite's auto-checkpoint,
 * which would otherwise copy the WAL back inside the committing call. */
int
mpos_store_note_wal (void *data, sqlite3 *db, const char *schema, int frames_in_wal)
{
  MposStore *store = data;

  store->wal_frames = frames_in_wal;
  store->owes_upkeep = TRUE;
  if (frames_in_wal >= MPOS_STORE_WAL_BACKSTOP_FRAMES)
    {
      g_debug ("WAL at %d pages and no upkeep ran: checkpointing in the commit", frames_in_wal);
      sqlite3_wal_checkpoint_v2 (db, schema, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
    }
  return SQLITE_OK;
}

void
mpos_store_maintenance_init (MposStore *store)
{
  sqlite3_wal_hook (mpos_store_db (store), mpos_store_note_wal, store);
}

gboolean
mpos_store_maintenance_due (MposStore *store)
{
  g_return_val_if_fail (store != NULL, FALSE);

  return store->wal_frames >= MPOS_STORE_WAL_CHECKPOINT_FRAMES || mpos_stock_fold_due (store);
}

static gboolean
is_busy (const GError *error)
{
  return g_error_matches (error, MPOS_STORE_ERROR, MPOS_STORE_ERROR_BUSY);
}

/* PASSIVE: copies the pages no reader still needs, waits for nobody. */
static gboolean
checkpoint (MposStore *store, MposMaintenance *done, GError **error)
{
  int in_wal = 0, copied = 0;
  int rc = sqlite3_wal_checkpoint_v2 (mpos_store_db (store), NULL, SQLITE_CHECKPOINT_PASSIVE,
                                      &in_wal, &copied);

  if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
    {
      done->busy = TRUE;
      return TRUE;
    }
  if (rc != SQLITE_OK)
    return mpos_store_fail (store, rc, "copying the WAL into the store (checkpoint)", error);
  done->checkpointed = copied > 0;
  done->frames_in_wal = in_wal;
  done->wal_restartable = in_wal == copied;
  if (done->wal_restartable)
    store->wal_frames = 0;
  return TRUE;
}

/* Work another process's write lock holds up is left for the next call. */
static gboolean
give_way_if_busy (MposMaintenance *done, GError *local, GError **error)
{
  if (!is_busy (local))
    {
      g_propagate_error (error, local);
      return FALSE;
    }
  g_error_free (local);
  done->busy = TRUE;
  return TRUE;
}

static gboolean
fold_stock (MposStore *store, MposMaintenance *done, GError **error)
{
  GError *local = NULL;

  if (mpos_stock_fold_if_due (store, &done->folded, &local))
    return TRUE;
  return give_way_if_busy (done, local, error);
}

/* The modules' bounded slices (the report summaries' catch-up): not when
 * the fold already found another writer in the store. */
static gboolean
run_idle_slices (MposStore *store, MposMaintenance *done, GError **error)
{
  GError *local = NULL;

  if (done->busy || mpos_store_counter_idle (store, &local))
    return TRUE;
  return give_way_if_busy (done, local, error);
}

gboolean
mpos_store_maintain (MposStore *store, MposMaintenance *done, GError **error)
{
  MposMaintenance ignored;
  gboolean ok;

  g_return_val_if_fail (store != NULL, FALSE);

  done = done ? done : &ignored;
  memset (done, 0, sizeof *done);
  /* Upkeep gives way to a writer in another process rather than queue for it. */
  sqlite3_busy_timeout (mpos_store_db (store), MPOS_STORE_MAINTENANCE_BUSY_MS);
  /* Fold and slices first: their commits add pages the checkpoint then copies too. */
  ok = fold_stock (store, done, error) && run_idle_slices (store, done, error)
       && (store->wal_frames < MPOS_STORE_WAL_CHECKPOINT_FRAMES || checkpoint (store, done, error));
  sqlite3_busy_timeout (mpos_store_db (store), store->busy_timeout_ms);
  if (ok && !done->busy)
    store->owes_upkeep = FALSE;
  return ok;
}

/* mpos_store_close: a short-lived program's handle pays what it owes on its
 * way out; nothing a caller can act on then, so failures are only traced. */
void
mpos_store_maintain_on_close (MposStore *store)
{
  g_autoptr (GError) error = NULL;

  if (!store->owes_upkeep || !mpos_store_maintenance_due (store))
    return;
  if (!mpos_store_maintain (store, NULL, &error))
    g_debug ("store upkeep left for the next program: %s", error->message);
}

typedef struct
{
  MposStore *store;
  char *last_failure; /* said once, not every tick, until it changes or clears */
} IdleUpkeep;

static void
idle_upkeep_free (gpointer data)
{
  IdleUpkeep *upkeep = data;

  g_free (upkeep->last_failure);
  g_free (upkeep);
}

static gboolean
maintain_tick (gpointer data)
{
  IdleUpkeep *upkeep = data;
  g_autoptr (GError) error = NULL;

  /* Every tick, due or not: the idle slices keep the report summaries
   * caught up during the day (one read when there is nothing to do). */
  if (mpos_store_maintain (upkeep->store, NULL, &error))
    g_clear_pointer (&upkeep->last_failure, g_free);
  else if (g_strcmp0 (upkeep->last_failure, error->message) != 0)
    {
      g_warning ("store upkeep (checkpoint, stock fold, summaries) failed, tried again later: %s",
                 error->message);
      g_free (upkeep->last_failure);
      upkeep->last_failure = g_strdup (error->message);
    }
  return G_SOURCE_CONTINUE;
}

guint
mpos_store_maintain_when_idle (MposStore *store, guint interval_ms)
{
  g_autoptr (GSource) source = g_timeout_source_new (interval_ms);
  IdleUpkeep *upkeep = NULL;

  g_return_val_if_fail (store != NULL, 0);

  upkeep = g_new0 (IdleUpkeep, 1);
  upkeep->store = store;
  g_source_set_priority (source, G_PRIORITY_LOW);
  g_source_set_callback (source, maintain_tick, upkeep, idle_upkeep_free);
  g_source_set_static_name (source, "mallpos store upkeep");
  return g_source_attach (source, g_main_context_get_thread_default ());
}
