/* sync-agent.c — the sync thread (sync-agent.h). The thread opens and owns
 * its store (one MposStore per thread, store.h); the caller only flips
 * flags under a mutex. */
#include "core.h"
#include "sync-agent.h"
#include "clock.h"
#include "sync-client.h"

struct _MposSyncAgent
{
  GThread *thread;
  char *store_path;
  MposStore *store; /* opened and used by the sync thread only */
  int idle_seconds;
  GMutex lock;
  GCond wake;
  gboolean woken;
  gint stop;
  guint passes;
};

/* Seconds until the next pass: the backoff after a failure, else idle. */
static int64_t
wait_seconds (MposSyncAgent *agent, gboolean ok)
{
  g_auto (MposSyncStatus) status = { 0 };
  int64_t now = mpos_clock_now ();

  if (ok || !mpos_sync_status_load (agent->store, &status, NULL) || status.next_attempt <= now)
    return ok ? agent->idle_seconds : 1;
  return MIN (status.next_attempt - now, 3600);
}

static gpointer
run (gpointer data)
{
  MposSyncAgent *agent = data;
  MposStoreOptions options = { .create = FALSE };
  g_autoptr (GError) open_error = NULL;

  mpos_core_init ();
  agent->store = mpos_store_open (agent->store_path, &options, &open_error);
  if (agent->store == NULL)
    {
      g_warning ("sync: %s", open_error->message);
      return NULL;
    }
  while (!g_atomic_int_get (&agent->stop))
    {
      g_autoptr (GError) error = NULL;
      MposSyncReport report = { 0 };
      gboolean ok = mpos_sync_run (agent->store, &agent->stop, &report, &error);
      int64_t deadline;

      if (!ok)
        g_debug ("sync pass failed: %s", error->message);
      g_atomic_int_inc (&agent->passes);
      deadline = g_get_monotonic_time () + wait_seconds (agent, ok) * G_TIME_SPAN_SECOND;
      g_mutex_lock (&agent->lock);
      while (!agent->woken && !g_atomic_int_get (&agent->stop))
        if (!g_cond_wait_until (&agent->wake, &agent->lock, deadline))
          break;
      agent->woken = FALSE;
      g_mutex_unlock (&agent->lock);
    }
  g_clear_pointer (&agent->store, mpos_store_close);
  return NULL;
}

MposSyncAgent *
mpos_sync_agent_start (const char *store_path, int idle_seconds, GError **error)
{
  MposStoreOptions options = { .create = FALSE };
  mpos_core_init ();
  MposStore *store = mpos_store_open (store_path, &options, error);
  MposSyncAgent *agent;

  /* Opened here only to say now, to the caller, that the store is not
   * there or not a store; the thread opens its own. */
  if (store == NULL)
    return NULL;
  mpos_store_close (store);
  agent = g_new0 (MposSyncAgent, 1);
  agent->store_path = g_strdup (store_path);
  agent->idle_seconds = MAX (idle_seconds, 1);
  g_mutex_init (&agent->lock);
  g_cond_init (&agent->wake);
  agent->thread = g_thread_new ("mallpos-sync", run, agent);
  return agent;
}

void
mpos_sync_agent_wake (MposSyncAgent *agent)
{
  g_mutex_lock (&agent->lock);
  agent->woken = TRUE;
  g_cond_signal (&agent->wake);
  g_mutex_unlock (&agent->lock);
}

guint
mpos_sync_agent_passes (MposSyncAgent *agent)
{
  return (guint) g_atomic_int_get (&agent->passes);
}

void
mpos_sync_agent_stop (MposSyncAgent *agent)
{
  if (agent == NULL)
    return;
  g_atomic_int_set (&agent->stop, 1);
  mpos_sync_agent_wake (agent);
  g_thread_join (agent->thread);
  g_free (agent->store_path);
  g_mutex_clear (&agent->lock);
  g_cond_clear (&agent->wake);
  g_free (agent);
}
