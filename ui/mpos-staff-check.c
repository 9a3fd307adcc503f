/* mpos-staff-check.c — a staff credential checked in a worker thread
 * (mpos-staff-check.h). */
#include "core.h"
#include "mpos-staff-check.h"
#include "staff-card.h"

#include <string.h>

typedef struct
{
  char *store_path;
  char *number;
  char *pin;
  char *card;
} Check;

static void
wipe (char *secret)
{
  if (secret)
    memset (secret, 0, strlen (secret)); /* never kept */
  g_free (secret);
}

static void
check_free (gpointer data)
{
  Check *check = data;

  g_free (check->store_path);
  g_free (check->number);
  wipe (check->pin);
  wipe (check->card);
  g_free (check);
}

static void
staff_free (gpointer data)
{
  mpos_staff_free (data);
}

static void
run_check (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  Check *check = task_data;
  g_autoptr (GError) error = NULL;
  mpos_core_init ();
  g_autoptr (MposStore) store = mpos_store_open (check->store_path, NULL, &error);
  MposStaffCredential credential = { check->number, check->pin, check->card };
  MposStaff *staff = g_new0 (MposStaff, 1);

  if (store == NULL || !mpos_staff_sign_in (store, &credential, staff, &error))
    {
      mpos_staff_free (staff);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_pointer (task, staff, staff_free);
}

void
mpos_staff_check_async (const char *store_path, const MposStaffCredential *credential,
                        GCancellable *cancellable, GAsyncReadyCallback callback,
                        gpointer user_data)
{
  g_autoptr (GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  Check *check = g_new0 (Check, 1);

  check->store_path = g_strdup (store_path);
  check->number = g_strdup (credential->number);
  check->pin = g_strdup (credential->pin);
  check->card = g_strdup (credential->card);
  g_task_set_task_data (task, check, check_free);
  g_task_run_in_thread (task, run_check);
}

gboolean
mpos_staff_check_finish (GAsyncResult *result, MposStaff *staff_out, GError **error)
{
  g_autoptr (MposStaff) staff = g_task_propagate_pointer (G_TASK (result), error);

  if (staff == NULL)
    return FALSE;
  *staff_out = *staff;
  memset (staff, 0, sizeof *staff); /* moved out */
  return TRUE;
}
