/* mpos-return-decision.c — a waiting return approved or rejected in a
 * worker thread (mpos-return-decision.h). */
#include "mpos-return-decision.h"

#include "core.h"
#include "sale.h"

#include <string.h>

typedef struct
{
  char *store_path;
  char *receipt_no;
  char *number;
  char *pin;
  char *reason; /* NULL: approve */
} Decision;

static void
decision_free (gpointer data)
{
  Decision *d = data;

  g_free (d->store_path);
  g_free (d->receipt_no);
  g_free (d->number);
  explicit_bzero (d->pin, strlen (d->pin)); /* never kept */
  g_free (d->pin);
  g_free (d->reason);
  g_free (d);
}

static void
run_decision (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  Decision *d = task_data;
  g_autoptr (GError) error = NULL;
  mpos_core_init ();
  g_autoptr (MposStore) store = mpos_store_open (d->store_path, NULL, &error);
  MposStaffCredential supervisor = { d->number, d->pin, NULL };
  gboolean ok
      = store != NULL
        && (d->reason
                ? mpos_sale_reject_return (store, d->receipt_no, &supervisor, d->reason, &error)
                : mpos_sale_approve_return (store, d->receipt_no, &supervisor, &error));

  if (!ok)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

void
mpos_return_decision_async (const char *store_path, const char *receipt_no,
                            const MposStaffCredential *supervisor, const char *reason,
                            GCancellable *cancellable, GAsyncReadyCallback callback,
                            gpointer user_data)
{
  g_autoptr (GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  Decision *d = g_new0 (Decision, 1);

  d->store_path = g_strdup (store_path);
  d->receipt_no = g_strdup (receipt_no);
  d->number = g_strdup (supervisor->number);
  d->pin = g_strdup (supervisor->pin ? supervisor->pin : "");
  d->reason = g_strdup (reason);
  g_task_set_task_data (task, d, decision_free);
  g_task_run_in_thread (task, run_decision);
}

gboolean
mpos_return_decision_finish (GAsyncResult *result, GError **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}
