/* mpos-staff-check.c — a staff credential checked in a worker thread
 * (mpos-staff-check.h), through mpos-staff-worker.h. */
#include "mpos-staff-check.h"

#include "mpos-staff-worker.h"
#include "staff-card.h"

static gpointer
sign_in (MposStore *store, const MposStaffCredential *credential, gpointer data, GError **error)
{
  g_autoptr (MposStaff) staff = mpos_staff_worker_staff_new ();

  if (!mpos_staff_sign_in (store, credential, staff, error))
    return NULL;
  return g_steal_pointer (&staff);
}

void
mpos_staff_check_async (const char *store_path, const MposStaffCredential *credential,
                        GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  mpos_staff_worker_async (store_path, credential, sign_in, NULL, NULL,
                           mpos_staff_worker_staff_free, cancellable, callback, user_data);
}

gboolean
mpos_staff_check_finish (GAsyncResult *result, MposStaff *staff_out, GError **error)
{
  return mpos_staff_worker_finish_staff (result, staff_out, error);
}
