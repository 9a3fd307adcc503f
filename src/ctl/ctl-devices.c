/* ctl-devices.c — `mallposctl test-print`, `mallposctl drawer open` and the
 * printing behind `sale --print`: the configured receipt printer (devices.ini,
 * or the built-in virtual printer writing NNNN.txt/.png into
 * $MALLPOS_RECEIPT_DIR or $XDG_DATA_HOME/mallpos/receipts), driven on a main
 * loop the way the till drives it. */
#include "cash-drawer.h"
#include "ctl-credential.h"
#include "ctl.h"
#include "staff-permission.h"
#include "device-config.h"
#include "device-registry.h"
#include "printer-test-page.h"
#include "receipt-job.h"
#include "sale.h"
#include "virtual-printer.h"

#include <stdio.h>
#include <string.h>

#define CLAIM_TIMEOUT_MS 2000

typedef struct
{
  gboolean done;
  gboolean ok;
  MposPrintJobState state;
  GError *error;
} Outcome;

/* ---- the configured devices -------------------------------------------------------- */

static const MposDeviceEntry *
find_entry (MposDeviceConfig *config, MposDeviceCategory category, const char *name, GError **error)
{
  const MposDeviceEntry *entry = name != NULL ? mpos_device_config_lookup (config, name) : NULL;

  if (entry != NULL && entry->category == category)
    return entry;
  for (guint i = 0; name == NULL && i < mpos_device_config_get_n_entries (config); i++)
    {
      entry = mpos_device_config_get_entry (config, i);
      if (entry->category == category)
        return entry;
    }
  if (name != NULL || category != MPOS_DEVICE_DRAWER)
    g_set_error (error, MPOS_DEVICE_ERROR, MPOS_DEVICE_ERROR_CONFIG, "%s: no %s%s%s%s",
                 mpos_device_config_get_source (config), mpos_device_category_name (category),
                 name ? " named “" : " configured", name ? name : "", name ? "”" : "");
  return NULL;
}

/* Opens, claims and enables a device: the UnifiedPOS sequence. */
static gboolean
start_device (MposDevice *device, GError **error)
{
  return mpos_device_open (device, error) && mpos_device_claim (device, CLAIM_TIMEOUT_MS, error)
         && mpos_device_enable (device, error);
}

static MposReceiptPrinter *
open_printer (MposDeviceConfig *config, const char *name, GError **error)
{
  const MposDeviceEntry *entry = find_entry (config, MPOS_DEVICE_PRINTER, name, error);
  g_autoptr (MposDevice) device = NULL;

  if (entry == NULL)
    return NULL;
  device = mpos_device_config_create_device (entry, error);
  if (device == NULL)
    return NULL;
  if (!MPOS_IS_RECEIPT_PRINTER (device))
    {
      g_set_error (error, MPOS_DEVICE_ERROR, MPOS_DEVICE_ERROR_CONFIG,
                   "[%s] is not a receipt printer", entry->name);
      return NULL;
    }
  if (!start_device (device, error))
    return NULL;
  return MPOS_RECEIPT_PRINTER (g_steal_pointer (&device));
}

static MposDeviceConfig *
load_config (const char *devices, GError **error)
{
  mpos_device_registry_init ();
  return mpos_device_config_load (devices, error);
}

/* ---- printing ---------------------------------------------------------------------------- */

static void
print_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Outcome *outcome = user_data;

  outcome->ok = mpos_receipt_printer_print_finish (MPOS_RECEIPT_PRINTER (source), result,
                                                   &outcome->state, &outcome->error);
  outcome->done = TRUE;
}

/* Prints and waits; the job is held by the printer when it fails. */
static gboolean
print_and_wait (MposReceiptPrinter *printer, GBytes *bytes, const char *label, guint *job_id,
                GError **error)
{
  Outcome outcome = { 0 };

  *job_id = mpos_receipt_printer_print_async (printer, bytes, label, NULL, print_done, &outcome);
  while (!outcome.done)
    g_main_context_iteration (NULL, TRUE);
  if (!outcome.ok)
    g_propagate_error (error, outcome.error);
  return outcome.ok;
}

static void
report_printed (CtlGlobal *global, MposReceiptPrinter *printer, guint job_id)
{
  MposVirtualPrinter *virtual = mpos_virtual_printer_get_for_device (printer);
  g_autofree char *png = virtual ? mpos_virtual_printer_dup_last_png (virtual) : NULL;
  g_autofree char *txt = virtual ? mpos_virtual_printer_dup_last_txt (virtual) : NULL;
  const char *name = mpos_device_get_name (MPOS_DEVICE (printer));

  if (global->json)
    {
      cJSON *json = cJSON_CreateObject ();

      cJSON_AddStringToObject (json, "printer", name);
      cJSON_AddNumberToObject (json, "job", job_id);
      if (png != NULL)
        {
          cJSON_AddStringToObject (json, "png", png);
          cJSON_AddStringToObject (json, "txt", txt);
        }
      ctl_print_json (json);
      return;
    }
  if (png != NULL)
    printf ("printed on %s: %s (text: %s)\n", name, png, txt);
  else
    printf ("printed on %s (%s)\n", name, mpos_device_get_description (MPOS_DEVICE (printer)));
}

int
ctl_test_print (CtlGlobal *global, int argc, char **argv)
{
  g_autofree char *name = NULL, *devices = NULL;
  const GOptionEntry entries[] = { { "printer", 'p', 0, G_OPTION_ARG_STRING, &name,
                                     "Printer from devices.ini (default: the first)", "NAME" },
                                   { "devices", 0, 0, G_OPTION_ARG_FILENAME, &devices,
                                     "devices.ini (default: $MALLPOS_DEVICES or "
                                     "~/.config/mallpos/devices.ini, else a virtual printer)",
                                     "PATH" },
                                   { NULL } };
  g_autoptr (GError) error = NULL;
  g_autoptr (MposDeviceConfig) config = NULL;
  g_autoptr (MposReceiptPrinter) printer = NULL;
  g_autoptr (GBytes) bytes = NULL;
  guint job_id = 0;

  if (!ctl_parse (global, "test-print", NULL, "Print a test page on the receipt printer.", entries,
                  &argc, &argv))
    return CTL_EXIT_USAGE;
  if (argc != 1)
    return ctl_usage ("test-print", "takes no arguments");
  config = load_config (devices, &error);
  printer = config ? open_printer (config, name, &error) : NULL;
  if (printer == NULL)
    return ctl_fail (error);
  bytes = mpos_printer_test_page (mpos_receipt_printer_get_profile (printer));
  if (!print_and_wait (printer, bytes, "test page", &job_id, &error))
    return ctl_fail (error);
  mpos_device_close (MPOS_DEVICE (printer));
  report_printed (global, printer, job_id);
  return CTL_EXIT_OK;
}

void
ctl_print_options_clear (CtlPrintOptions *o)
{
  g_clear_pointer (&o->printer, g_free);
  g_clear_pointer (&o->devices, g_free);
}

static gboolean
print_receipt_job (CtlGlobal *global, const MposReceipt *receipt, const CtlPrintOptions *o,
                   GError **error)
{
  g_autoptr (MposDeviceConfig) config = load_config (o->devices, error);
  g_autoptr (MposReceiptPrinter) printer = config ? open_printer (config, o->printer, error) : NULL;
  g_autoptr (GBytes) bytes = NULL;
  g_autofree char *label = receipt->receipt_no != NULL
                               ? g_strdup_printf ("receipt %s", receipt->receipt_no)
                               : g_strdup (receipt->notice != NULL ? receipt->notice : "report");
  guint job_id = 0, drawer_pin = 0;

  if (printer == NULL)
    return FALSE;
  bytes = mpos_receipt_job_render (config, printer, receipt, &drawer_pin, error);
  if (bytes == NULL || !print_and_wait (printer, bytes, label, &job_id, error))
    return FALSE;
  mpos_device_close (MPOS_DEVICE (printer));
  if (!global->json)
    report_printed (global, printer, job_id);
  if (!global->json && drawer_pin != 0 && receipt->cash_moved && !receipt->reprint)
    printf ("cash drawer opened (pin %u)\n", drawer_pin);
  return TRUE;
}

int
ctl_print_on_printer (CtlGlobal *global, const MposReceipt *receipt, const CtlPrintOptions *o,
                      const char *reprint)
{
  g_autoptr (GError) error = NULL;

  if (print_receipt_job (global, receipt, o, &error))
    return CTL_EXIT_OK;
  /* The record is committed whatever the printer does: say so, and how to print it again. */
  if (receipt->receipt_no == NULL) /* a report: nothing was recorded */
    fprintf (stderr, "mallposctl: %s\nmallposctl: print it again with `%s`\n", error->message,
             reprint);
  else
    fprintf (stderr, "mallposctl: %s\nmallposctl: %s is recorded; print it again with `%s`\n",
             error->message, receipt->receipt_no, reprint);
  return CTL_EXIT_FAILED;
}

int
ctl_print_sale_receipt (CtlGlobal *global, MposStore *store, const char *receipt_no,
                        const CtlPrintOptions *o)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MposSaleRecord) record = mpos_sale_load (store, receipt_no, &error);
  g_autoptr (MposReceipt) receipt
      = record ? mpos_sale_record_to_receipt (store, record, FALSE, &error) : NULL;
  g_autofree char *reprint = g_strdup_printf ("mallposctl receipt %s --reprint --print", receipt_no);

  if (receipt == NULL)
    return ctl_fail (error);
  return ctl_print_on_printer (global, receipt, o, reprint);
}

int
ctl_print_slip (CtlGlobal *global, MposStore *store, const CtlSlip *slip, const char *receipt_no,
                const CtlPrintOptions *o, gboolean reprint)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MposReceipt) receipt = NULL;
  g_autofree char *again = NULL;
  int shown = slip->show (global, store, receipt_no);

  if (!o->print || shown != CTL_EXIT_OK)
    return shown;
  receipt = slip->compose (store, receipt_no, &error);
  if (receipt == NULL)
    return ctl_fail (error);
  receipt->reprint = reprint;
  again = g_strdup_printf ("mallposctl %s show %s --print", slip->command, receipt_no);
  /* a printer problem never undoes what is recorded: the status stays the text's */
  ctl_print_on_printer (global, receipt, o, again);
  return shown;
}

int
ctl_show_slip (CtlGlobal *global, const CtlSlip *slip, const CtlCommandHelp *help, int argc,
               char **argv)
{
  g_auto (CtlPrintOptions) print = { 0 };
  const GOptionEntry entries[] = { CTL_PRINT_OPTION_ENTRIES (&print), { NULL } };
  g_autoptr (MposStore) store = NULL;
  int status;

  if ((store = ctl_start (global, help, entries, &argc, &argv, &status)) == NULL)
    return status;
  return ctl_print_slip (global, store, slip, argv[1], &print, TRUE);
}

int
ctl_undo_slip (CtlGlobal *global, const CtlSlip *slip, const CtlSlipReversal *reversal, int argc,
               char **argv)
{
  g_autofree char *supervisor = NULL, *reason = NULL, *cashier = NULL;
  g_auto (CtlPrintOptions) print = { 0 };
  const GOptionEntry entries[]
      = { CTL_SUPERVISOR_ENTRY (supervisor),
          { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, "Why", "TEXT" },
          { "cashier", 0, 0, G_OPTION_ARG_STRING, &cashier, reversal->cashier_help, "ID" },
          CTL_PRINT_OPTION_ENTRIES (&print),
          { NULL } };
  g_auto (CtlCredential) credential = { 0 };
  const MposStaffCredential *approver;
  g_autoptr (GError) error = NULL;
  g_autoptr (MposStore) store = NULL;
  char receipt_no[64];
  int status;

  if ((store = ctl_start (global, &reversal->help, entries, &argc, &argv, &status)) == NULL)
    return status;
  if (!ctl_credential_get (&credential, supervisor, FALSE, &approver, &error)
      || !reversal->undo (store, argv[1], cashier, approver, reason, receipt_no, &error))
    return ctl_fail (error);
  return ctl_print_slip (global, store, slip, receipt_no, &print, FALSE);
}

/* ---- the drawer ------------------------------------------------------------------------- */

static void
drawer_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Outcome *outcome = user_data;

  outcome->ok
      = mpos_cash_drawer_open_drawer_finish (MPOS_CASH_DRAWER (source), result, &outcome->error);
  outcome->done = TRUE;
}

static MposCashDrawer *
open_drawer_device (MposDeviceConfig *config, const char *name, MposReceiptPrinter **printer,
                    GError **error)
{
  const MposDeviceEntry *entry = find_entry (config, MPOS_DEVICE_DRAWER, name, error);
  g_autoptr (MposCashDrawer) drawer = NULL;
  guint pin;

  /* No [drawer] configured: the drawer on pin 2 of the first printer. */
  if ((entry == NULL && name != NULL) || !mpos_drawer_entry_pin (entry, &pin, error))
    return NULL;
  *printer = open_printer (config, entry ? entry->printer : NULL, error);
  if (*printer == NULL)
    return NULL;
  drawer = mpos_cash_drawer_new (entry ? entry->name : "drawer0", *printer, pin);
  if (!start_device (MPOS_DEVICE (drawer), error))
    return NULL;
  return g_steal_pointer (&drawer);
}

static void
report_drawer (CtlGlobal *global, MposCashDrawer *drawer)
{
  gboolean known = FALSE;
  gboolean open = mpos_cash_drawer_get_opened (drawer, &known);
  const char *name = mpos_device_get_name (MPOS_DEVICE (drawer));

  if (global->json)
    {
      cJSON *json = cJSON_CreateObject ();

      cJSON_AddStringToObject (json, "drawer", name);
      cJSON_AddBoolToObject (json, "kicked", TRUE);
      if (known)
        cJSON_AddBoolToObject (json, "open", open);
      else
        cJSON_AddNullToObject (json, "open");
      ctl_print_json (json);
      return;
    }
  printf ("%s: kicked (%s)%s\n", name, mpos_device_get_description (MPOS_DEVICE (drawer)),
          !known ? ""
          : open ? "; the drawer is open"
                 : "; the drawer still reads closed");
}

int
ctl_drawer (CtlGlobal *global, int argc, char **argv)
{
  g_autofree char *name = NULL, *devices = NULL, *supervisor = NULL, *cashier = NULL;
  const GOptionEntry entries[]
      = { { "drawer", 'd', 0, G_OPTION_ARG_STRING, &name,
            "Drawer from devices.ini (default: the first, or pin 2 of the first printer)", "NAME" },
          CTL_SUPERVISOR_ENTRY (supervisor),
          { "cashier", 0, 0, G_OPTION_ARG_STRING, &cashier, "Who opens it", "ID" },
          { "devices", 0, 0, G_OPTION_ARG_FILENAME, &devices,
            "devices.ini (default: $MALLPOS_DEVICES or ~/.config/mallpos/devices.ini, else a "
            "virtual printer)",
            "PATH" },
          { NULL } };
  g_autoptr (GError) error = NULL;
  g_autoptr (MposDeviceConfig) config = NULL;
  g_autoptr (MposReceiptPrinter) printer = NULL;
  g_autoptr (MposCashDrawer) drawer = NULL;
  g_autoptr (MposStore) store = NULL;
  g_auto (CtlCredential) credential = { 0 };
  g_auto (MposStaff) approver = { 0 };
  const MposStaffCredential *by;
  Outcome outcome = { 0 };

  if (!ctl_parse (global, "drawer", "open",
                  "Open the cash drawer through its receipt printer, without a sale: audited, and "
                  "approved by --supervisor unless the store lets cashiers (drawer_open). "
                  CTL_CREDENTIAL_HELP,
                  entries, &argc, &argv))
    return CTL_EXIT_USAGE;
  if (argc != 2 || strcmp (argv[1], "open") != 0)
    return ctl_usage ("drawer", "say `drawer open`");
  if ((store = ctl_open_store (global, FALSE, &error)) == NULL
      || !ctl_credential_get (&credential, supervisor, FALSE, &by, &error)
      || !mpos_staff_authorize (store, by, MPOS_ACTION_DRAWER_OPEN, cashier ? cashier : "mallposctl",
                                "no_sale_drawer_open", name ? name : "drawer", &approver, &error))
    return ctl_fail (error);
  config = load_config (devices, &error);
  drawer = config ? open_drawer_device (config, name, &printer, &error) : NULL;
  if (drawer == NULL)
    return ctl_fail (error);
  mpos_cash_drawer_open_drawer_async (drawer, NULL, drawer_done, &outcome);
  while (!outcome.done)
    g_main_context_iteration (NULL, TRUE);
  if (!outcome.ok)
    {
      g_propagate_error (&error, outcome.error);
      return ctl_fail (error);
    }
  report_drawer (global, drawer);
  mpos_device_close (MPOS_DEVICE (drawer));
  mpos_device_close (MPOS_DEVICE (printer));
  return CTL_EXIT_OK;
}
