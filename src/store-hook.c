/* store-hook.c — the registry of migration steps and counter hooks
 * (store-private.h). Written once, before any store opens, by mpos_core_init
 * in one thread under g_once; only read afterwards, so no lock. */
#include "store-private.h"

#define MAX_STEPS 16
#define MAX_HOOKS 8

typedef struct
{
  int number;
  MposMigrationStep step;
} Step;

static Step steps[MAX_STEPS];
static guint n_steps;
static const MposCounterHook *hooks[MAX_HOOKS];
static guint n_hooks;
static gint sealed;

void
mpos_store_register_migration_step (int number, MposMigrationStep step)
{
  g_return_if_fail (!g_atomic_int_get (&sealed) && n_steps < MAX_STEPS && step != NULL);
  for (guint i = 0; i < n_steps; i++)
    g_return_if_fail (steps[i].number != number);
  steps[n_steps++] = (Step){ number, step };
}

void
mpos_store_register_counter_hook (const MposCounterHook *hook)
{
  g_return_if_fail (!g_atomic_int_get (&sealed) && n_hooks < MAX_HOOKS && hook != NULL);
  hooks[n_hooks++] = hook;
}

void
mpos_store_hooks_seal (void)
{
  g_atomic_int_set (&sealed, TRUE);
}

gboolean
mpos_store_hooks_sealed (void)
{
  return g_atomic_int_get (&sealed);
}

gboolean
mpos_store_counter_check (MposStore *store, MposCounterKind kind, GError **error)
{
  for (guint i = 0; i < n_hooks; i++)
    if (hooks[i]->check != NULL && !hooks[i]->check (store, kind, error))
      return FALSE;
  return TRUE;
}

gboolean
mpos_store_counter_committing (MposStore *store, const MposCounterAction *action, GError **error)
{
  for (guint i = 0; i < n_hooks; i++)
    if (hooks[i]->committing != NULL && !hooks[i]->committing (store, action, error))
      return FALSE;
  return TRUE;
}

gboolean
mpos_store_counter_idle (MposStore *store, GError **error)
{
  for (guint i = 0; i < n_hooks; i++)
    if (hooks[i]->idle != NULL && !hooks[i]->idle (store, error))
      return FALSE;
  return TRUE;
}

gboolean
mpos_store_run_migration_step (MposStore *store, int number, GError **error)
{
  for (guint i = 0; i < n_steps; i++)
    if (steps[i].number == number)
      return steps[i].step (store, error);
  return TRUE;
}
