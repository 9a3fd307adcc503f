/* mpos-return-decision.c — a waiting return approved or rejected in a
 * worker thread (mpos-return-decision.h), through mpos-staff-worker.h. */
#include "mpos-return-decision.h"

#include "mpos-staff-worker.h"
#include "sale.h"

typedef struct
{
  char *receipt_no;
  char *reason; /* NULL: approve */
} Decision;

static void
decision_free (gpointer data)
{
  Decision *d = data;

  g_free (d->receipt_no);
  g_free (d->reason);
  g_free (d);
}

static gpointer
decide (MposStore *store, const MposStaffCredential *supervisor, gpointer data, GError **error)
{
  Decision *d = data;
  gboolean ok = d->reason
                    ? mpos_sale_reject_return (store, d->receipt_no, supervisor, d->reason, error)
                    : mpos_sale_approve_return (store, d->receipt_no, supervisor, error);

  return ok ? GINT_TO_POINTER (TRUE) : NULL;
}

void
mpos_return_decision_async (const char *store_path, const char *receipt_no,
                            const MposStaffCredential *supervisor, const char *reason,
                            GCancellable *cancellable, GAsyncReadyCallback callback,
                            gpointer user_data)
{
  Decision *d = g_new0 (Decision, 1);

  d->receipt_no = g_strdup (receipt_no);
  d->reason = g_strdup (reason);
  mpos_staff_worker_async (store_path, supervisor, decide, d, decision_free, NULL, cancellable,
                           callback, user_data);
}

gboolean
mpos_return_decision_finish (GAsyncResult *result, GError **error)
{
  return mpos_staff_worker_finish (result, error) != NULL;
}
