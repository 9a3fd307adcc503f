/* training-mode.c — 练习模式: a store made for training, tests and demos.
 * Its receipts say so, `status` says so, every journal entry it sends is
 * marked so the centre never counts it as business, and it is the only kind
 * of store whose clock MALLPOS_NOW may pin (clock.c). A store becomes one
 * at `init --training`, before any business, and stays one: the schema
 * (0025-baseline.sql) refuses to clear the mark or to add it to a store
 * that has recorded anything. */
#include "clock.h"
#include "fail.h"
#include "store-private.h"

static MposSql SQL_IS_TRAINING
    = MPOS_SQL ("training-mode: is training", "SELECT count(*) FROM training_mode");
static MposSql SQL_MAKE_TRAINING = MPOS_SQL (
    "training-mode: make training", "INSERT INTO training_mode (id, since) VALUES (1, :now)");

gboolean
mpos_store_is_training (MposStore *store)
{
  return store->training;
}

/* A mark that cannot be read (a damaged store, which still opens to be
 * checked) counts as production: the real clock, nothing marked training. */
void
mpos_store_training_load (MposStore *store)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_IS_TRAINING, NULL);
  int64_t rows = 0;
  g_autofree char *store_code = NULL;

  if (stmt == NULL
      || !mpos_store_step_returning (store, stmt, "reading the training mark", &rows, NULL))
    rows = 0;
  store->training = rows > 0;
  /* A new store is noted once init has decided what it is (set_identity). */
  store_code = mpos_store_get_setting (store, "store_code");
  if (store_code != NULL)
    mpos_store_training_note (store);
}

void
mpos_store_training_note (MposStore *store)
{
  if (store->training || store->clock_noted)
    return;
  store->clock_noted = TRUE;
  mpos_clock_production_store_opened ();
}

void
mpos_store_training_forget (MposStore *store)
{
  if (store->clock_noted)
    mpos_clock_production_store_closed ();
  store->clock_noted = FALSE;
}

static gboolean
make_training (MposStore *store, gpointer data, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_MAKE_TRAINING, error);

  if (stmt == NULL)
    return FALSE;
  mpos_bind_int64 (stmt, ":now", *(const int64_t *) data);
  return mpos_store_step_done (store, stmt, "marking the store for training", error);
}

gboolean
mpos_store_make_training (MposStore *store, int64_t now, GError **error)
{
  if (store->training)
    return TRUE;
  if (store->clock_noted)
    return mpos_fail (error, MPOS_STORE_ERROR, MPOS_STORE_ERROR_CONSTRAINT,
                      "this store is a production store: only a new store can become a training "
                      "store (练习模式)");
  if (!mpos_store_transaction (store, make_training, &now, error))
    {
      g_prefix_error (error, "cannot make this a training store (练习模式): ");
      return FALSE;
    }
  store->training = TRUE;
  return TRUE;
}
