/* mpos-staff-approval.c — a supervisor's approval checked in a worker
 * thread (mpos-staff-approval.h). */
#include "mpos-staff-approval.h"

#include <string.h>

typedef struct
{
  char *store_path;
  char *number;
  char *pin;
  char *card;
  gboolean has_credential;
  MposStaffAction action;
  char *actor;
  char *audit_action;
  char *ref;
} Approval;

static void
wipe_free (char *secret)
{
  if (secret)
    memset (secret, 0, strlen (secret)); /* never kept */
  g_free (secret);
}

static void
approval_free (gpointer data)
{
  Approval *a = data;

  g_free (a->store_path);
  g_free (a->number);
  wipe_free (a->pin);
  wipe_free (a->card);
  g_free (a->actor);
  g_free (a->audit_action);
  g_free (a->ref);
  g_free (a);
}

static void
staff_free (gpointer data)
{
  mpos_staff_free (data);
}

static void
run_approval (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  Approval *a = task_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (MposStore) store = mpos_store_open (a->store_path, NULL, &error);
  MposStaffCredential credential = { a->number, a->pin, a->card };
  const MposStaffCredential *given = a->has_credential ? &credential : NULL;
  MposStaff *approver = g_new0 (MposStaff, 1);
  gboolean ok = store != NULL
                && (a->audit_action
                        ? mpos_staff_authorize (store, given, a->action, a->actor, a->audit_action,
                                                a->ref, approver, &error)
                        : mpos_staff_approve (store, given, a->action, a->ref, approver, &error));

  if (!ok)
    {
      mpos_staff_free (approver);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_pointer (task, approver, staff_free);
}

void
mpos_staff_approval_async (const char *store_path, const MposStaffCredential *credential,
                           MposStaffAction action, const char *actor, const char *audit_action,
                           const char *ref, GCancellable *cancellable,
                           GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr (GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  Approval *a = g_new0 (Approval, 1);

  a->store_path = g_strdup (store_path);
  a->has_credential = credential != NULL;
  if (credential)
    {
      a->number = g_strdup (credential->number);
      a->pin = g_strdup (credential->pin);
      a->card = g_strdup (credential->card);
    }
  a->action = action;
  a->actor = g_strdup (actor);
  a->audit_action = g_strdup (audit_action);
  a->ref = g_strdup (ref);
  g_task_set_task_data (task, a, approval_free);
  g_task_run_in_thread (task, run_approval);
}

gboolean
mpos_staff_approval_finish (GAsyncResult *result, MposStaff *approver_out, GError **error)
{
  g_autoptr (MposStaff) approver = g_task_propagate_pointer (G_TASK (result), error);

  if (approver == NULL)
    return FALSE;
  *approver_out = *approver;
  memset (approver, 0, sizeof *approver); /* moved out */
  return TRUE;
}
