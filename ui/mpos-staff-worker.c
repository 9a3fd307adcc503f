/* mpos-staff-worker.c — a core call with a staff credential in a worker
 * thread (mpos-staff-worker.h). */
#include "mpos-staff-worker.h"

#include "core.h"

#include <string.h>

typedef struct
{
  char *store_path;
  gboolean has_credential;
  char *number;
  char *pin;
  char *card;
  MposStaffCall call;
  gpointer call_data;
  GDestroyNotify call_data_free;
  GDestroyNotify result_free;
} Work;

static void
wipe_free (char *secret)
{
  if (secret)
    explicit_bzero (secret, strlen (secret)); /* never kept */
  g_free (secret);
}

static void
work_free (gpointer data)
{
  Work *w = data;

  g_free (w->store_path);
  g_free (w->number);
  wipe_free (w->pin);
  wipe_free (w->card);
  if (w->call_data_free)
    w->call_data_free (w->call_data);
  g_free (w);
}

static void
run_work (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  Work *w = task_data;
  g_autoptr (GError) error = NULL;
  mpos_core_init ();
  g_autoptr (MposStore) store = mpos_store_open (w->store_path, NULL, &error);
  MposStaffCredential credential = { w->number, w->pin, w->card };
  gpointer result = store == NULL ? NULL
                                  : w->call (store, w->has_credential ? &credential : NULL,
                                             w->call_data, &error);

  if (result == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, result, w->result_free);
}

void
mpos_staff_worker_async (const char *store_path, const MposStaffCredential *credential,
                         MposStaffCall call, gpointer call_data, GDestroyNotify call_data_free,
                         GDestroyNotify result_free, GCancellable *cancellable,
                         GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr (GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  Work *w = g_new0 (Work, 1);

  w->store_path = g_strdup (store_path);
  w->has_credential = credential != NULL;
  if (credential)
    {
      w->number = g_strdup (credential->number);
      w->pin = g_strdup (credential->pin);
      w->card = g_strdup (credential->card);
    }
  w->call = call;
  w->call_data = call_data;
  w->call_data_free = call_data_free;
  w->result_free = result_free;
  g_task_set_task_data (task, w, work_free);
  g_task_run_in_thread (task, run_work);
}

gpointer
mpos_staff_worker_finish (GAsyncResult *result, GError **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

MposStaff *
mpos_staff_worker_staff_new (void)
{
  return g_new0 (MposStaff, 1);
}

void
mpos_staff_worker_staff_free (gpointer staff)
{
  mpos_staff_free (staff);
}

gboolean
mpos_staff_worker_finish_staff (GAsyncResult *result, MposStaff *staff_out, GError **error)
{
  g_autoptr (MposStaff) staff = mpos_staff_worker_finish (result, error);

  if (staff == NULL)
    return FALSE;
  *staff_out = *staff;
  memset (staff, 0, sizeof *staff); /* moved out */
  return TRUE;
}
