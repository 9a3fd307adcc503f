/* mpos-staff-approval.c — a supervisor's approval checked in a worker
 * thread (mpos-staff-approval.h), through mpos-staff-worker.h. */
#include "mpos-staff-approval.h"

#include "mpos-staff-worker.h"

typedef struct
{
  MposStaffAction action;
  char *actor;
  char *audit_action;
  char *ref;
} Approval;

static void
approval_free (gpointer data)
{
  Approval *a = data;

  g_free (a->actor);
  g_free (a->audit_action);
  g_free (a->ref);
  g_free (a);
}

static gpointer
approve (MposStore *store, const MposStaffCredential *credential, gpointer data, GError **error)
{
  Approval *a = data;
  g_autoptr (MposStaff) approver = mpos_staff_worker_staff_new ();
  gboolean ok = a->audit_action
                    ? mpos_staff_authorize (store, credential, a->action, a->actor, a->audit_action,
                                            a->ref, approver, error)
                    : mpos_staff_approve (store, credential, a->action, a->ref, approver, error);

  return ok ? g_steal_pointer (&approver) : NULL;
}

void
mpos_staff_approval_async (const char *store_path, const MposStaffCredential *credential,
                           MposStaffAction action, const char *actor, const char *audit_action,
                           const char *ref, GCancellable *cancellable, GAsyncReadyCallback callback,
                           gpointer user_data)
{
  Approval *a = g_new0 (Approval, 1);

  a->action = action;
  a->actor = g_strdup (actor);
  a->audit_action = g_strdup (audit_action);
  a->ref = g_strdup (ref);
  mpos_staff_worker_async (store_path, credential, approve, a, approval_free,
                           mpos_staff_worker_staff_free, cancellable, callback, user_data);
}

gboolean
mpos_staff_approval_finish (GAsyncResult *result, MposStaff *approver_out, GError **error)
{
  return mpos_staff_worker_finish_staff (result, approver_out, error);
}
