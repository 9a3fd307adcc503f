/* mpos-till-printer.c — receipts on the configured printer for the window
 * (mpos-till-printer.h). Jobs run in the printer's worker thread; results
 * and status changes come back on the main loop. */
#include "mpos-till-printer.h"

#include "printer-test-page.h"
#include "receipt-job.h"

#include <glib/gi18n.h>

#define CLAIM_TIMEOUT_MS 2000

struct _MposTillPrinter
{
  GObject parent_instance;
  MposDeviceConfig *config;
  MposReceiptPrinter *device;
  GCancellable *cancellable;
  char *problem;
};

enum
{
  SIGNAL_PROBLEM_CHANGED,
  SIGNAL_PRINTED,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (MposTillPrinter, mpos_till_printer, G_TYPE_OBJECT)

static void
set_problem (MposTillPrinter *self, const char *problem)
{
  if (g_strcmp0 (self->problem, problem) == 0)
    return;
  g_free (self->problem);
  self->problem = g_strdup (problem);
  g_signal_emit (self, signals[SIGNAL_PROBLEM_CHANGED], 0);
}

static void
mpos_till_printer_dispose (GObject *object)
{
  MposTillPrinter *self = MPOS_TILL_PRINTER (object);

  g_cancellable_cancel (self->cancellable);
  if (self->device)
    mpos_device_close (MPOS_DEVICE (self->device));
  g_clear_object (&self->device);
  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (mpos_till_printer_parent_class)->dispose (object);
}

static void
mpos_till_printer_finalize (GObject *object)
{
  MposTillPrinter *self = MPOS_TILL_PRINTER (object);

  g_clear_pointer (&self->config, mpos_device_config_free);
  g_free (self->problem);
  G_OBJECT_CLASS (mpos_till_printer_parent_class)->finalize (object);
}

static void
mpos_till_printer_class_init (MposTillPrinterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = mpos_till_printer_dispose;
  object_class->finalize = mpos_till_printer_finalize;
  signals[SIGNAL_PROBLEM_CHANGED]
      = g_signal_new ("problem-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                      NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_PRINTED] = g_signal_new ("printed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
mpos_till_printer_init (MposTillPrinter *self)
{
  self->cancellable = g_cancellable_new ();
}

/* What the cashier does about a status the printer reports. */
static void
on_status (MposDevice *device, MposDeviceStatus status, gpointer user_data)
{
  MposTillPrinter *self = user_data;

  switch (status)
    {
    case MPOS_DEVICE_STATUS_PAPER_OUT:
      set_problem (self, _ ("The receipt printer is out of paper: load a new roll, then press "
                            "Reprint (F9). The sale is saved."));
      break;
    case MPOS_DEVICE_STATUS_COVER_OPEN:
      set_problem (self, _ ("The receipt printer's cover is open: close it, then press Reprint "
                            "(F9). The sale is saved."));
      break;
    case MPOS_DEVICE_STATUS_OFFLINE:
      set_problem (self, _ ("The receipt printer does not answer: check its power and cable, then "
                            "press Reprint (F9). Sales go on and are saved."));
      break;
    case MPOS_DEVICE_STATUS_ONLINE:
    case MPOS_DEVICE_STATUS_PAPER_OK:
    case MPOS_DEVICE_STATUS_COVER_CLOSED:
      if (mpos_till_printer_get_n_held (self) == 0)
        set_problem (self, NULL);
      break;
    case MPOS_DEVICE_STATUS_PAPER_NEAR_END:
    case MPOS_DEVICE_STATUS_DRAWER_OPEN:
    case MPOS_DEVICE_STATUS_DRAWER_CLOSED:
      break;
    }
}

static MposReceiptPrinter *
open_device (MposDeviceConfig *config, GError **error)
{
  g_autoptr (MposDevice) device = NULL;

  for (guint i = 0; i < mpos_device_config_get_n_entries (config); i++)
    {
      const MposDeviceEntry *entry = mpos_device_config_get_entry (config, i);

      if (entry->category != MPOS_DEVICE_PRINTER)
        continue;
      device = mpos_device_config_create_device (entry, error);
      if (device == NULL)
        return NULL;
      if (!MPOS_IS_RECEIPT_PRINTER (device))
        break;
      if (!mpos_device_open (device, error) || !mpos_device_claim (device, CLAIM_TIMEOUT_MS, error)
          || !mpos_device_enable (device, error))
        return NULL;
      return MPOS_RECEIPT_PRINTER (g_steal_pointer (&device));
    }
  g_set_error (error, MPOS_DEVICE_ERROR, MPOS_DEVICE_ERROR_CONFIG, "%s: no receipt printer",
               mpos_device_config_get_source (config));
  return NULL;
}

MposTillPrinter *
mpos_till_printer_new (MposDeviceConfig *config)
{
  MposTillPrinter *self = g_object_new (MPOS_TYPE_TILL_PRINTER, NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *problem = NULL;

  self->config = config;
  self->device = config ? open_device (config, &error) : NULL;
  if (self->device != NULL)
    {
      g_signal_connect_object (self->device, "status", G_CALLBACK (on_status), self, 0);
      return self;
    }
  problem = g_strdup_printf (_ ("No receipt printer: %s. Sales go on; receipts can be reprinted "
                                "once it works."),
                             error ? error->message : _ ("none is configured"));
  set_problem (self, problem);
  return self;
}

const char *
mpos_till_printer_get_problem (MposTillPrinter *self)
{
  return self->problem;
}

MposReceiptPrinter *
mpos_till_printer_get_device (MposTillPrinter *self)
{
  return self->device;
}

guint
mpos_till_printer_get_n_held (MposTillPrinter *self)
{
  g_autoptr (GArray) jobs = NULL;
  guint held = 0;

  if (self->device == NULL)
    return 0;
  jobs = mpos_receipt_printer_list_jobs (self->device);
  for (guint i = 0; i < jobs->len; i++)
    {
      const MposPrintJob *job
          = mpos_receipt_printer_get_job (self->device, g_array_index (jobs, guint, i));
      if (job && job->state != MPOS_PRINT_JOB_PRINTING)
        held++;
    }
  return held;
}

typedef struct
{
  MposTillPrinter *self;
  char *receipt_no;
} PrintCall;

static void
print_call_free (PrintCall *call)
{
  g_object_unref (call->self);
  g_free (call->receipt_no);
  g_free (call);
}

static void
job_done (MposTillPrinter *self, gboolean ok, GError *error, const char *receipt_no)
{
  g_autofree char *problem = NULL;

  if (ok)
    {
      if (mpos_till_printer_get_n_held (self) == 0)
        set_problem (self, NULL);
      g_signal_emit (self, signals[SIGNAL_PRINTED], 0, receipt_no);
      return;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  /* a status event may already have said what to do; else the printer's own words */
  if (self->problem == NULL)
    {
      problem = g_strdup_printf (_ ("%s — press Reprint (F9) when the printer is ready. The sale "
                                    "is saved."),
                                 error->message);
      set_problem (self, problem);
    }
}

static void
print_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  PrintCall *call = user_data;
  g_autoptr (GError) error = NULL;
  gboolean ok
      = mpos_receipt_printer_print_finish (MPOS_RECEIPT_PRINTER (source), result, NULL, &error);

  job_done (call->self, ok, error, call->receipt_no);
  print_call_free (call);
}

void
mpos_till_printer_print (MposTillPrinter *self, const MposReceipt *receipt)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) bytes = NULL;
  g_autofree char *label = NULL;
  PrintCall *call;

  if (self->device == NULL)
    return; /* the problem already says there is no printer */
  bytes = mpos_receipt_job_render (self->config, self->device, receipt, NULL, &error);
  if (bytes == NULL)
    {
      job_done (self, FALSE, error, receipt->receipt_no);
      return;
    }
  label = g_strdup_printf ("receipt %s", receipt->receipt_no);
  call = g_new0 (PrintCall, 1);
  call->self = g_object_ref (self);
  call->receipt_no = g_strdup (receipt->receipt_no);
  mpos_receipt_printer_print_async (self->device, bytes, label, self->cancellable, print_done,
                                    call);
}

static void
reprint_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  MposTillPrinter *self = user_data;
  g_autoptr (GError) error = NULL;
  gboolean ok
      = mpos_receipt_printer_reprint_finish (MPOS_RECEIPT_PRINTER (source), result, NULL, &error);

  job_done (self, ok, error, NULL);
  g_object_unref (self);
}

void
mpos_till_printer_retry (MposTillPrinter *self)
{
  g_autoptr (GArray) jobs = NULL;

  if (self->device == NULL)
    return;
  set_problem (self, NULL);
  jobs = mpos_receipt_printer_list_jobs (self->device);
  for (guint i = 0; i < jobs->len; i++)
    mpos_receipt_printer_reprint_async (self->device, g_array_index (jobs, guint, i),
                                        self->cancellable, reprint_done, g_object_ref (self));
}

MposDeviceConfig *
mpos_till_printer_get_config (MposTillPrinter *self)
{
  return self->config;
}

static gboolean
need_device (MposTillPrinter *self, GError **error)
{
  if (self->device != NULL)
    return TRUE;
  g_set_error (error, MPOS_DEVICE_ERROR, MPOS_DEVICE_ERROR_NO_HARDWARE, "%s",
               self->problem ? self->problem : _ ("No receipt printer is set up on this till."));
  return FALSE;
}

gboolean
mpos_till_printer_test_print (MposTillPrinter *self, GError **error)
{
  g_autoptr (GBytes) bytes = NULL;
  PrintCall *call;

  if (!need_device (self, error))
    return FALSE;
  bytes = mpos_printer_test_page (mpos_receipt_printer_get_profile (self->device));
  call = g_new0 (PrintCall, 1);
  call->self = g_object_ref (self);
  mpos_receipt_printer_print_async (self->device, bytes, "test page", self->cancellable,
                                    print_done, call);
  return TRUE;
}

static void
kick_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (MposTillPrinter) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *problem = NULL;

  if (mpos_receipt_printer_kick_drawer_finish (MPOS_RECEIPT_PRINTER (source), result, &error)
      || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  problem = g_strdup_printf (_ ("The drawer did not open: %s"), error->message);
  set_problem (self, problem);
}

gboolean
mpos_till_printer_open_drawer (MposTillPrinter *self, GError **error)
{
  g_autoptr (GError) wiring = NULL;
  guint pin;

  if (!need_device (self, error))
    return FALSE;
  pin = mpos_receipt_job_drawer_pin (self->config, self->device, &wiring);
  if (wiring != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&wiring));
      return FALSE;
    }
  if (pin == 0)
    return g_set_error (error, MPOS_DEVICE_ERROR, MPOS_DEVICE_ERROR_CONFIG,
                        _ ("No cash drawer is wired to the receipt printer in devices.ini "
                           "([drawer0] printer=…).")),
           FALSE;
  mpos_receipt_printer_kick_drawer_async (self->device, pin, self->cancellable, kick_done,
                                          g_object_ref (self));
  return TRUE;
}
