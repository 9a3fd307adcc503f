/* receipt-job.c — a receipt rendered for one configured printer (receipt-job.h). */
#include "receipt-job.h"

#include "escpos.h"

gboolean
mpos_drawer_entry_pin (const MposDeviceEntry *entry, guint *pin, GError **error)
{
  const char *value = entry ? mpos_device_entry_get (entry, "pin") : NULL;

  *pin = 2;
  if (value == NULL || g_str_equal (value, "2"))
    return TRUE;
  if (g_str_equal (value, "5"))
    {
      *pin = 5;
      return TRUE;
    }
  g_set_error (error, MPOS_DEVICE_ERROR, MPOS_DEVICE_ERROR_CONFIG, "[%s]: pin must be 2 or 5",
               entry->name);
  return FALSE;
}

guint
mpos_receipt_job_drawer_pin (MposDeviceConfig *config, MposReceiptPrinter *printer, GError **error)
{
  const char *name = mpos_device_get_name (MPOS_DEVICE (printer));
  const MposPrinterProfile *profile = mpos_receipt_printer_get_profile (printer);

  for (guint i = 0; i < mpos_device_config_get_n_entries (config); i++)
    {
      const MposDeviceEntry *entry = mpos_device_config_get_entry (config, i);
      guint pin;

      if (entry->category != MPOS_DEVICE_DRAWER || g_strcmp0 (entry->printer, name) != 0)
        continue;
      if (!mpos_drawer_entry_pin (entry, &pin, error))
        return 0;
      if (!mpos_printer_profile_has_drawer_pin (profile, pin))
        {
          g_set_error (error, MPOS_DEVICE_ERROR, MPOS_DEVICE_ERROR_CONFIG,
                       "[%s]: pin %u, but printer profile “%s” has no drawer on it (see its "
                       "drawer-pins)",
                       entry->name, pin, profile->name);
          return 0;
        }
      return pin;
    }
  return 0;
}

/* The store's logo as this printer prints it: at most two thirds of the head. */
static MposImage *
receipt_logo (const MposReceipt *receipt, const MposPrinterProfile *profile)
{
  g_autoptr (GError) error = NULL;
  MposImage *logo;

  if (receipt->logo == NULL)
    return NULL;
  logo = mpos_image_new_from_png (receipt->logo, profile->dots * 2 / 3, &error);
  if (logo == NULL)
    g_warning ("the receipt prints without its logo: %s", error->message);
  return logo;
}

GBytes *
mpos_receipt_job_render (MposDeviceConfig *config, MposReceiptPrinter *printer,
                         const MposReceipt *receipt, guint *drawer_pin, GError **error)
{
  const MposPrinterProfile *profile = mpos_receipt_printer_get_profile (printer);
  g_autoptr (GError) wiring = NULL;
  g_autoptr (MposImage) logo = NULL;
  MposEscposExtras extras = { 0 };

  extras.drawer_pin = mpos_receipt_job_drawer_pin (config, printer, &wiring);
  if (wiring != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&wiring));
      return NULL;
    }
  logo = receipt_logo (receipt, profile);
  extras.logo = logo;
  if (drawer_pin != NULL)
    *drawer_pin = extras.drawer_pin;
  return mpos_escpos_render_receipt_full (receipt, profile, &extras);
}
