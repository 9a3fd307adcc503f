/* mpos-member-pin-check.c — the member's payment PIN checked in a worker
 * thread (mpos-member-pin-check.h). */
#include "mpos-member-pin-check.h"

#include "core.h"
#include "loyalty.h"
#include "member-proof.h"
#include "stored-value.h"

#include <string.h>

typedef struct
{
  char *store_path;
  int64_t member_id;
  char *pin;
  MposPinCheckFor for_what;
  int64_t amount;
  int64_t now;
} Check;

static void
check_free (gpointer data)
{
  Check *check = data;

  g_free (check->store_path);
  memset (check->pin, 0, strlen (check->pin)); /* never kept */
  g_free (check->pin);
  g_free (check);
}

static void
tender_free (gpointer tender)
{
  mpos_tender_free (tender);
}

/* What the PIN is for, built on the worker's own store: FALSE with the
 * refusal; for a proof alone, TRUE and no tender. */
static gboolean
check_on (MposStore *store, const Check *check, MposTender **tender, GError **error)
{
  MposSpendProof spend = { .pin = check->pin };
  MposMemberProof proof = { .payment_pin = check->pin };

  switch (check->for_what)
    {
    case MPOS_PIN_CHECK_PROOF:
      return mpos_member_proof_check (store, check->member_id, &proof, MPOS_ACTION_MEMBER_PIN_RESET,
                                      NULL, error);
    case MPOS_PIN_CHECK_STORED_VALUE:
      *tender = mpos_stored_value_tender_new_proven (store, check->member_id, check->amount, &spend,
                                                     check->now, error);
      return *tender != NULL;
    case MPOS_PIN_CHECK_POINTS:
      *tender = mpos_points_tender_new_proven (store, check->member_id, check->amount, &spend,
                                               check->now, error);
      return *tender != NULL;
    }
  g_return_val_if_reached (FALSE);
}

static void
run_check (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  const Check *check = task_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (MposStore) store = NULL;
  MposTender *tender = NULL;

  mpos_core_init ();
  store = mpos_store_open (check->store_path, NULL, &error);
  if (store == NULL || !check_on (store, check, &tender, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, tender, tender_free);
}

void
mpos_member_pin_check_async (GObject *source, const char *store_path, int64_t member_id,
                             const char *pin, MposPinCheckFor for_what, int64_t amount, int64_t now,
                             GCancellable *cancellable, GAsyncReadyCallback callback,
                             gpointer user_data)
{
  g_autoptr (GTask) task = g_task_new (source, cancellable, callback, user_data);
  Check *check = g_new0 (Check, 1);

  check->store_path = g_strdup (store_path);
  check->member_id = member_id;
  check->pin = g_strdup (pin ? pin : "");
  check->for_what = for_what;
  check->amount = amount;
  check->now = now;
  g_task_set_task_data (task, check, check_free);
  g_task_run_in_thread (task, run_check);
}

gboolean
mpos_member_pin_check_finish (GAsyncResult *result, MposTender **tender, GError **error)
{
  GError *refused = NULL;
  MposTender *built = g_task_propagate_pointer (G_TASK (result), &refused);

  if (refused != NULL)
    {
      g_propagate_error (error, refused);
      return FALSE;
    }
  if (tender != NULL)
    *tender = built;
  else
    g_clear_pointer (&built, mpos_tender_free);
  return TRUE;
}

int64_t
mpos_member_pin_check_member (GAsyncResult *result)
{
  const Check *check = g_task_get_task_data (G_TASK (result));

  return check->member_id;
}
