/* receipt-printer.c — MposReceiptPrinter: jobs run in a worker thread
 * (status, bytes in chunks, status), their outcome and the status events are
 * handled back on the caller's main context. Held and unknown jobs stay in a
 * table by id until they are reprinted or the cashier discards them. */
#include "receipt-printer.h"

#include "escpos.h"

struct _MposReceiptPrinter
{
  MposDevice parent_instance;

  MposPrinterProfile *profile;
  const MposPrinterPortFuncs *funcs;
  gpointer port;
  GMutex port_lock; /* one worker at a time talks to the port */
  gboolean port_open;

  GHashTable *jobs; /* id → MposPrintJob*, main context only */
  guint next_job_id;
  guint busy;
  MposPrinterStatus status;
  gboolean status_known;
};

G_DEFINE_FINAL_TYPE (MposReceiptPrinter, mpos_receipt_printer, MPOS_TYPE_DEVICE)

/* GTask source tags (data pointers: ISO C has no function-to-void* cast). */
static char print_tag[] = "print";
static char reprint_tag[] = "reprint";
static char status_tag[] = "status";
static char kick_tag[] = "kick";

typedef enum
{
  WORK_PRINT,
  WORK_KICK,
  WORK_STATUS,
} WorkKind;

/* One trip to the worker thread and back. */
typedef struct
{
  WorkKind kind;
  guint job_id;
  GBytes *data;
  GCancellable *cancellable;
  /* filled by the worker */
  gboolean queried;  /* a status query was attempted (after the work, or before if it stopped) */
  gboolean answered; /* … and answered */
  MposPrinterStatus status;
  gsize sent;
  MposPrintJobState outcome;
  int error_code;
  char *reason;
} Work;

static void
work_free (gpointer data)
{
  Work *work = data;

  g_clear_pointer (&work->data, g_bytes_unref);
  g_clear_object (&work->cancellable);
  g_free (work->reason);
  g_free (work);
}

static void
job_free (gpointer data)
{
  MposPrintJob *job = data;

  g_free (job->label);
  g_free (job->reason);
  g_clear_pointer (&job->data, g_bytes_unref);
  g_free (job);
}

/* ---- the port -------------------------------------------------------------------- */

static gboolean
port_write (MposReceiptPrinter *self, const guint8 *data, gsize length, GError **error)
{
  return self->funcs->write (self->port, data, length, self->profile->write_timeout_ms, error);
}

/* One DLE EOT n and its one-byte answer. */
static gboolean
query_one (MposReceiptPrinter *self, MposPrinterStatusKind kind, MposPrinterStatus *status,
           GError **error)
{
  guint8 request[3], answer = 0;
  guint timeout = self->profile->status_timeout_ms;
  gssize n;

  mpos_printer_status_request (kind, request);
  if (!self->funcs->write (self->port, request, sizeof request, timeout, error))
    return FALSE;
  n = self->funcs->read (self->port, &answer, 1, timeout, error);
  if (n < 0)
    return FALSE;
  if (n == 0)
    {
      g_set_error (error, MPOS_DEVICE_ERROR, MPOS_DEVICE_ERROR_TIMEOUT,
                   "no answer to the status request DLE EOT %d within %u ms (is it switched on "
                   "and connected?)",
                   (int)kind, timeout);
      return FALSE;
    }
  return mpos_printer_status_decode (status, kind, answer, error);
}

/* The full picture: printer, offline cause, paper sensor, and the error cause
 * when there is one. */
static gboolean
query_status (MposReceiptPrinter *self, MposPrinterStatus *status, GError **error)
{
  MposPrinterStatus fresh = { 0 };

  if (!query_one (self, MPOS_PRINTER_STATUS_PRINTER, &fresh, error)
      || !query_one (self, MPOS_PRINTER_STATUS_OFFLINE, &fresh, error)
      || !query_one (self, MPOS_PRINTER_STATUS_PAPER, &fresh, error))
    return FALSE;
  if (fresh.error && !query_one (self, MPOS_PRINTER_STATUS_ERROR, &fresh, error))
    return FALSE;
  *status = fresh;
  return TRUE;
}

/* ---- the worker -------------------------------------------------------------------- */

static void work_set (Work *work, MposPrintJobState outcome, int code, const char *format, ...)
    G_GNUC_PRINTF (4, 5);

static void
work_set (Work *work, MposPrintJobState outcome, int code, const char *format, ...)
{
  va_list args;

  work->outcome = outcome;
  work->error_code = code;
  g_free (work->reason);
  va_start (args, format);
  work->reason = g_strdup_vprintf (format, args);
  va_end (args);
}

static gboolean
worker_query (MposReceiptPrinter *self, Work *work, GError **error)
{
  work->queried = TRUE;
  work->answered = query_status (self, &work->status, error);
  return work->answered;
}

/* The job in chunks, so a cancel or a dead line stops it between two. */
static gboolean
send_chunks (MposReceiptPrinter *self, Work *work, GError **error)
{
  gsize length = 0;
  const guint8 *data = g_bytes_get_data (work->data, &length);
  gsize chunk = MAX (self->profile->write_chunk, 64u);

  work->sent = 0;
  while (work->sent < length)
    {
      gsize n = MIN (chunk, length - work->sent);

      if (g_cancellable_set_error_if_cancelled (work->cancellable, error))
        return FALSE;
      if (!port_write (self, data + work->sent, n, error))
        return FALSE;
      work->sent += n;
    }
  return TRUE;
}

static gboolean
check_ready_before (MposReceiptPrinter *self, Work *work)
{
  g_autoptr (GError) error = NULL;
  const char *why = NULL;

  if (!self->profile->status)
    return TRUE;
  if (!worker_query (self, work, &error))
    {
      work_set (work, MPOS_PRINT_JOB_HELD, error->code, "no status before printing: %s",
                error->message);
      return FALSE;
    }
  if (!mpos_printer_status_is_ready (&work->status, &why))
    {
      work_set (work, MPOS_PRINT_JOB_HELD, MPOS_DEVICE_ERROR_OFFLINE, "%s", why);
      return FALSE;
    }
  return TRUE;
}

static void
check_after (MposReceiptPrinter *self, Work *work)
{
  g_autoptr (GError) error = NULL;
  const char *why = NULL;

  if (!self->profile->status)
    {
      work->outcome = MPOS_PRINT_JOB_DONE;
      return;
    }
  if (!worker_query (self, work, &error))
    work_set (work, MPOS_PRINT_JOB_UNKNOWN, error->code,
              "sent completely, but the printer gave no status afterwards (%s): check the paper "
              "before reprinting",
              error->message);
  else if (!mpos_printer_status_is_ready (&work->status, &why))
    work_set (work, MPOS_PRINT_JOB_HELD, MPOS_DEVICE_ERROR_OFFLINE,
              "%s while printing: the receipt may be incomplete", why);
  else
    work->outcome = MPOS_PRINT_JOB_DONE;
}

static void
run_print (MposReceiptPrinter *self, Work *work)
{
  g_autoptr (GError) error = NULL;
  gsize length = g_bytes_get_size (work->data);

  if (!check_ready_before (self, work))
    return;
  if (!send_chunks (self, work, &error))
    {
      work_set (work, MPOS_PRINT_JOB_HELD,
                error->domain == MPOS_DEVICE_ERROR ? error->code : MPOS_DEVICE_ERROR_FAILED,
                "stopped after %" G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT " bytes: %s", work->sent,
                length, error->message);
      /* Learn why (paper out?) for the status events; its own failure changes nothing. */
      if (self->profile->status)
        worker_query (self, work, NULL);
      return;
    }
  check_after (self, work);
}

static void
run_kick (MposReceiptPrinter *self, Work *work)
{
  g_autoptr (GError) error = NULL;

  if (!send_chunks (self, work, &error))
    {
      work_set (work, MPOS_PRINT_JOB_HELD, MPOS_DEVICE_ERROR_OFFLINE,
                "the cash drawer was not opened: %s", error->message);
      return;
    }
  work->outcome = MPOS_PRINT_JOB_DONE;
  if (self->profile->drawer_status)
    worker_query (self, work, NULL);
}

static void
run_status (MposReceiptPrinter *self, Work *work)
{
  g_autoptr (GError) error = NULL;

  if (!worker_query (self, work, &error))
    {
      work_set (work, MPOS_PRINT_JOB_HELD, error->code, "%s", error->message);
      return;
    }
  work->outcome = MPOS_PRINT_JOB_DONE;
}

static void
worker (GTask *task, gpointer source, gpointer task_data, GCancellable *unused)
{
  MposReceiptPrinter *self = source;
  Work *work = task_data;

  g_mutex_lock (&self->port_lock);
  if (!self->port_open)
    work_set (work, MPOS_PRINT_JOB_HELD, MPOS_DEVICE_ERROR_STATE, "not claimed");
  else if (work->kind == WORK_PRINT)
    run_print (self, work);
  else if (work->kind == WORK_KICK)
    run_kick (self, work);
  else
    run_status (self, work);
  g_mutex_unlock (&self->port_lock);
  g_task_return_boolean (task, TRUE);
}

/* ---- back on the main context: status events -------------------------------------- */

static MposDeviceStatus
paper_state (const MposPrinterStatus *status)
{
  if (status->paper_out)
    return MPOS_DEVICE_STATUS_PAPER_OUT;
  return status->paper_near_end ? MPOS_DEVICE_STATUS_PAPER_NEAR_END : MPOS_DEVICE_STATUS_PAPER_OK;
}

static gboolean
drawer_open (MposReceiptPrinter *self, const MposPrinterStatus *status)
{
  return status->drawer_pin3_high == self->profile->drawer_open_high;
}

/* Emits what changed since the last status (everything the first time). */
static void
apply_status (MposReceiptPrinter *self, const MposPrinterStatus *now)
{
  MposDevice *device = MPOS_DEVICE (self);
  const MposPrinterStatus *was = self->status_known ? &self->status : NULL;

  if (was == NULL || was->online != now->online)
    mpos_device_emit_status (device,
                             now->online ? MPOS_DEVICE_STATUS_ONLINE : MPOS_DEVICE_STATUS_OFFLINE);
  if (was == NULL || paper_state (was) != paper_state (now))
    mpos_device_emit_status (device, paper_state (now));
  if (was == NULL || was->cover_open != now->cover_open)
    mpos_device_emit_status (device, now->cover_open ? MPOS_DEVICE_STATUS_COVER_OPEN
                                                     : MPOS_DEVICE_STATUS_COVER_CLOSED);
  if (self->profile->drawer_status
      && (was == NULL || drawer_open (self, was) != drawer_open (self, now)))
    mpos_device_emit_status (device, drawer_open (self, now) ? MPOS_DEVICE_STATUS_DRAWER_OPEN
                                                             : MPOS_DEVICE_STATUS_DRAWER_CLOSED);
  self->status = *now;
  self->status_known = TRUE;
}

/* A printer that does not answer is offline, whatever it said before. */
static void
apply_no_answer (MposReceiptPrinter *self)
{
  MposPrinterStatus now = self->status;

  if (!self->status_known || self->status.online)
    {
      now.online = FALSE;
      apply_status (self, &now);
    }
}

static void
update_state (MposReceiptPrinter *self)
{
  MposDeviceState state = MPOS_DEVICE_STATE_IDLE;

  if (self->busy > 0)
    state = MPOS_DEVICE_STATE_BUSY;
  else if (self->status_known && !mpos_printer_status_is_ready (&self->status, NULL))
    state = MPOS_DEVICE_STATE_ERROR;
  if (mpos_device_get_state (MPOS_DEVICE (self)) != MPOS_DEVICE_STATE_CLOSED)
    mpos_device_set_state (MPOS_DEVICE (self), state);
}

/* ---- back on the main context: outcomes ---------------------------------------------- */

static void
finish_print (MposReceiptPrinter *self, Work *work, GTask *outer)
{
  MposPrintJob *job = g_hash_table_lookup (self->jobs, GUINT_TO_POINTER (work->job_id));
  GError *error = NULL;

  job->sent = work->sent;
  job->state = work->outcome;
  g_task_set_task_data (outer, GINT_TO_POINTER (work->outcome), NULL);
  if (work->outcome == MPOS_PRINT_JOB_DONE)
    {
      g_hash_table_remove (self->jobs, GUINT_TO_POINTER (work->job_id));
      mpos_device_emit_output_complete (MPOS_DEVICE (self), work->job_id);
      g_task_return_boolean (outer, TRUE);
      return;
    }
  g_free (job->reason);
  job->reason = g_strdup (work->reason);
  if (work->outcome == MPOS_PRINT_JOB_HELD)
    mpos_device_set_error (MPOS_DEVICE (self), &error, work->error_code,
                           "job %u (%s) held: %s; reprint it when the printer is ready", job->id,
                           job->label, work->reason);
  else
    mpos_device_set_error (MPOS_DEVICE (self), &error, work->error_code, "job %u (%s) %s", job->id,
                           job->label, work->reason);
  mpos_device_emit_error (MPOS_DEVICE (self), error);
  g_task_return_error (outer, error);
}

static void
finish_other (MposReceiptPrinter *self, Work *work, GTask *outer)
{
  GError *error = NULL;

  if (work->outcome == MPOS_PRINT_JOB_DONE)
    {
      g_task_return_boolean (outer, TRUE);
      return;
    }
  mpos_device_set_error (MPOS_DEVICE (self), &error, work->error_code, "%s", work->reason);
  g_task_return_error (outer, error);
}

static void
work_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  MposReceiptPrinter *self = MPOS_RECEIPT_PRINTER (source);
  g_autoptr (GTask) outer = user_data;
  Work *work = g_task_get_task_data (G_TASK (result));

  if (work->queried && work->answered)
    apply_status (self, &work->status);
  else if (work->queried)
    apply_no_answer (self);
  self->busy--;
  update_state (self);
  if (work->kind == WORK_PRINT)
    finish_print (self, work, outer);
  else
    finish_other (self, work, outer);
}

/* Runs `work` in a worker thread; `outer` completes on this main context. */
static void
start_work (MposReceiptPrinter *self, Work *work, GTask *outer)
{
  GTask *inner = g_task_new (self, NULL, work_done, outer);

  g_task_set_check_cancellable (outer, FALSE); /* the outcome of a sent job must be told */
  g_task_set_task_data (inner, work, work_free);
  self->busy++;
  update_state (self);
  g_task_run_in_thread (inner, worker);
  g_object_unref (inner);
}

static Work *
work_new (WorkKind kind, GBytes *data, GCancellable *cancellable)
{
  Work *work = g_new0 (Work, 1);

  work->kind = kind;
  work->data = data != NULL ? g_bytes_ref (data) : NULL;
  work->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  return work;
}

static gboolean
require_enabled (MposReceiptPrinter *self, GError **error)
{
  if (mpos_device_get_enabled (MPOS_DEVICE (self)))
    return TRUE;
  mpos_device_set_error (MPOS_DEVICE (self), error, MPOS_DEVICE_ERROR_STATE,
                         "open, claim and enable it before printing");
  return FALSE;
}

/* ---- print jobs ------------------------------------------------------------------------- */

guint
mpos_receipt_printer_print_async (MposReceiptPrinter *self, GBytes *data, const char *label,
                                  GCancellable *cancellable, GAsyncReadyCallback callback,
                                  gpointer user_data)
{
  g_autoptr (GTask) outer = NULL;
  GError *error = NULL;
  MposPrintJob *job;
  Work *work;

  g_return_val_if_fail (MPOS_IS_RECEIPT_PRINTER (self), 0);
  g_return_val_if_fail (data != NULL, 0);

  outer = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (outer, print_tag);
  if (!require_enabled (self, &error))
    {
      g_task_return_error (outer, error);
      return 0;
    }
  job = g_new0 (MposPrintJob, 1);
  job->id = ++self->next_job_id;
  job->state = MPOS_PRINT_JOB_PRINTING;
  job->label = g_strdup (label != NULL ? label : "print job");
  job->data = g_bytes_ref (data);
  g_hash_table_insert (self->jobs, GUINT_TO_POINTER (job->id), job);
  work = work_new (WORK_PRINT, data, cancellable);
  work->job_id = job->id;
  start_work (self, work, g_steal_pointer (&outer));
  return job->id;
}

static gboolean
finish_job (MposReceiptPrinter *self, GAsyncResult *result, MposPrintJobState *state,
            GError **error)
{
  gpointer data;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  data = g_task_get_task_data (G_TASK (result));
  if (state != NULL)
    *state = data != NULL ? (MposPrintJobState)GPOINTER_TO_INT (data) : MPOS_PRINT_JOB_HELD;
  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
mpos_receipt_printer_print_finish (MposReceiptPrinter *self, GAsyncResult *result,
                                   MposPrintJobState *state, GError **error)
{
  return finish_job (self, result, state, error);
}

void
mpos_receipt_printer_reprint_async (MposReceiptPrinter *self, guint job_id,
                                    GCancellable *cancellable, GAsyncReadyCallback callback,
                                    gpointer user_data)
{
  g_autoptr (GTask) outer = g_task_new (self, cancellable, callback, user_data);
  MposPrintJob *job = g_hash_table_lookup (self->jobs, GUINT_TO_POINTER (job_id));
  GError *error = NULL;
  Work *work;

  g_task_set_source_tag (outer, reprint_tag);
  if (!require_enabled (self, &error))
    {
      g_task_return_error (outer, error);
      return;
    }
  if (job == NULL || job->state == MPOS_PRINT_JOB_PRINTING)
    {
      mpos_device_set_error (MPOS_DEVICE (self), &error, MPOS_DEVICE_ERROR_STATE,
                             job ? "job %u is printing now" : "there is no held job %u", job_id);
      g_task_return_error (outer, error);
      return;
    }
  job->state = MPOS_PRINT_JOB_PRINTING;
  work = work_new (WORK_PRINT, job->data, cancellable);
  work->job_id = job_id;
  start_work (self, work, g_steal_pointer (&outer));
}

gboolean
mpos_receipt_printer_reprint_finish (MposReceiptPrinter *self, GAsyncResult *result,
                                     MposPrintJobState *state, GError **error)
{
  return finish_job (self, result, state, error);
}

const MposPrintJob *
mpos_receipt_printer_get_job (MposReceiptPrinter *self, guint job_id)
{
  g_return_val_if_fail (MPOS_IS_RECEIPT_PRINTER (self), NULL);
  return g_hash_table_lookup (self->jobs, GUINT_TO_POINTER (job_id));
}

static gint
compare_ids (gconstpointer a, gconstpointer b)
{
  guint x = *(const guint *)a, y = *(const guint *)b;

  return x < y ? -1 : x > y;
}

GArray *
mpos_receipt_printer_list_jobs (MposReceiptPrinter *self)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (guint));
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, self->jobs);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      guint id = GPOINTER_TO_UINT (key);

      g_array_append_val (ids, id);
    }
  g_array_sort (ids, compare_ids);
  return ids;
}

gboolean
mpos_receipt_printer_discard_job (MposReceiptPrinter *self, guint job_id)
{
  MposPrintJob *job = g_hash_table_lookup (self->jobs, GUINT_TO_POINTER (job_id));

  if (job == NULL || job->state == MPOS_PRINT_JOB_PRINTING)
    return FALSE;
  return g_hash_table_remove (self->jobs, GUINT_TO_POINTER (job_id));
}

/* ---- status and drawer ----------------------------------------------------------------- */

static void
start_simple (MposReceiptPrinter *self, WorkKind kind, GBytes *data, GCancellable *cancellable,
              GAsyncReadyCallback callback, gpointer user_data, char *tag)
{
  g_autoptr (GTask) outer = g_task_new (self, cancellable, callback, user_data);
  GError *error = NULL;

  g_task_set_source_tag (outer, tag);
  if (!require_enabled (self, &error))
    {
      g_task_return_error (outer, error);
      return;
    }
  start_work (self, work_new (kind, data, cancellable), g_steal_pointer (&outer));
}

void
mpos_receipt_printer_query_status_async (MposReceiptPrinter *self, GCancellable *cancellable,
                                         GAsyncReadyCallback callback, gpointer user_data)
{
  g_return_if_fail (MPOS_IS_RECEIPT_PRINTER (self));
  start_simple (self, WORK_STATUS, NULL, cancellable, callback, user_data, status_tag);
}

gboolean
mpos_receipt_printer_query_status_finish (MposReceiptPrinter *self, GAsyncResult *result,
                                          MposPrinterStatus *status, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  if (status != NULL)
    *status = self->status;
  return TRUE;
}

void
mpos_receipt_printer_kick_drawer_async (MposReceiptPrinter *self, guint pin,
                                        GCancellable *cancellable, GAsyncReadyCallback callback,
                                        gpointer user_data)
{
  g_autoptr (MposEscpos) escpos = NULL;
  g_autoptr (GBytes) bytes = NULL;
  GError *error = NULL;

  g_return_if_fail (MPOS_IS_RECEIPT_PRINTER (self));

  escpos = mpos_escpos_new (self->profile);
  if (!mpos_escpos_drawer_kick (escpos, pin, &error))
    {
      GError *named = NULL;

      mpos_device_set_error (MPOS_DEVICE (self), &named, error->code, "%s", error->message);
      g_error_free (error);
      g_task_report_error (self, callback, user_data, kick_tag, named);
      return;
    }
  bytes = mpos_escpos_free_to_bytes (g_steal_pointer (&escpos));
  start_simple (self, WORK_KICK, bytes, cancellable, callback, user_data, kick_tag);
}

gboolean
mpos_receipt_printer_kick_drawer_finish (MposReceiptPrinter *self, GAsyncResult *result,
                                         GError **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
mpos_receipt_printer_get_drawer_open (MposReceiptPrinter *self, gboolean *known)
{
  gboolean have = self->status_known && self->profile->drawer_status;

  if (known != NULL)
    *known = have;
  return have && drawer_open (self, &self->status);
}

MposPrinterProfile *
mpos_receipt_printer_get_profile (MposReceiptPrinter *self)
{
  return self->profile;
}

const MposPrinterStatus *
mpos_receipt_printer_get_status (MposReceiptPrinter *self)
{
  return self->status_known ? &self->status : NULL;
}

/* ---- the device ------------------------------------------------------------------------ */

static gboolean
printer_claim (MposDevice *device, guint timeout_ms, GError **error)
{
  MposReceiptPrinter *self = MPOS_RECEIPT_PRINTER (device);
  g_autoptr (GError) local = NULL;
  gboolean ok = TRUE;

  g_mutex_lock (&self->port_lock);
  if (!self->port_open && self->funcs->open != NULL)
    ok = self->funcs->open (self->port, timeout_ms, &local);
  self->port_open = ok;
  g_mutex_unlock (&self->port_lock);
  if (!ok)
    mpos_device_set_error (
        device, error, local->domain == MPOS_DEVICE_ERROR ? local->code : MPOS_DEVICE_ERROR_FAILED,
        "%s", local->message);
  return ok;
}

static void
printer_release (MposDevice *device)
{
  MposReceiptPrinter *self = MPOS_RECEIPT_PRINTER (device);

  g_mutex_lock (&self->port_lock);
  if (self->port_open && self->funcs->close != NULL)
    self->funcs->close (self->port);
  self->port_open = FALSE;
  g_mutex_unlock (&self->port_lock);
}

static void
mpos_receipt_printer_finalize (GObject *object)
{
  MposReceiptPrinter *self = MPOS_RECEIPT_PRINTER (object);

  printer_release (MPOS_DEVICE (self));
  if (self->funcs->free != NULL)
    self->funcs->free (self->port);
  g_hash_table_unref (self->jobs);
  mpos_printer_profile_unref (self->profile);
  g_mutex_clear (&self->port_lock);
  G_OBJECT_CLASS (mpos_receipt_printer_parent_class)->finalize (object);
}

static void
mpos_receipt_printer_class_init (MposReceiptPrinterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  MposDeviceClass *device_class = MPOS_DEVICE_CLASS (klass);

  object_class->finalize = mpos_receipt_printer_finalize;
  device_class->claim = printer_claim;
  device_class->release = printer_release;
}

static void
mpos_receipt_printer_init (MposReceiptPrinter *self)
{
  g_mutex_init (&self->port_lock);
  self->jobs = g_hash_table_new_full (NULL, NULL, NULL, job_free);
}

MposReceiptPrinter *
mpos_receipt_printer_new (const char *name, MposPrinterProfile *profile,
                          const MposPrinterPortFuncs *funcs, gpointer port, const char *description)
{
  MposReceiptPrinter *self;

  g_return_val_if_fail (profile != NULL && funcs != NULL, NULL);
  g_return_val_if_fail (funcs->write != NULL && funcs->read != NULL, NULL);

  self = g_object_new (MPOS_TYPE_RECEIPT_PRINTER, "name", name, "category", MPOS_DEVICE_PRINTER,
                       "description", description, NULL);
  self->profile = mpos_printer_profile_ref (profile);
  self->funcs = funcs;
  self->port = port;
  return self;
}

/* ---- over a transport --------------------------------------------------------------------- */

typedef struct
{
  MposTransportAddress address;
  MposTransport *transport;
} TransportPort;

static gboolean
transport_port_open (gpointer data, guint timeout_ms, GError **error)
{
  TransportPort *port = data;

  port->transport = mpos_transport_open (&port->address, timeout_ms, error);
  return port->transport != NULL;
}

static void
transport_port_close (gpointer data)
{
  TransportPort *port = data;

  g_clear_pointer (&port->transport, mpos_transport_close);
}

static gboolean
transport_port_write (gpointer data, const guint8 *bytes, gsize length, guint timeout_ms,
                      GError **error)
{
  TransportPort *port = data;

  return mpos_transport_write (port->transport, bytes, length, timeout_ms, error);
}

static gssize
transport_port_read (gpointer data, guint8 *buffer, gsize length, guint timeout_ms, GError **error)
{
  TransportPort *port = data;

  return mpos_transport_read (port->transport, buffer, length, timeout_ms, error);
}

static void
transport_port_free (gpointer data)
{
  TransportPort *port = data;

  transport_port_close (port);
  mpos_transport_address_clear (&port->address);
  g_free (port);
}

static const MposPrinterPortFuncs transport_port_funcs = {
  transport_port_open, transport_port_close, transport_port_write,
  transport_port_read, transport_port_free,
};

MposReceiptPrinter *
mpos_receipt_printer_new_for_transport (const char *name, MposPrinterProfile *profile,
                                        const MposTransportAddress *address)
{
  TransportPort *port = g_new0 (TransportPort, 1);
  g_autofree char *description = mpos_transport_address_describe (address);

  mpos_transport_address_copy (&port->address, address);
  return mpos_receipt_printer_new (name, profile, &transport_port_funcs, port, description);
}

