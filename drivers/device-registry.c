/* device-registry.c — the one place where a devices.ini group becomes a
 * device: each category's factory picks the backend class the group names
 * (scanners: evdev, hidraw, serial, virtual; card readers: pcsc, evdev,
 * virtual; printers: usb, serial, tcp, file, virtual). The base classes
 * (scanner.c, card-reader.c, receipt-printer.c) know none of their
 * backends, so no base class includes its subclasses. */
#include "device-registry.h"

#include "card-reader-pcsc.h"
#include "card-reader-virtual.h"
#include "card-reader-wedge.h"
#include "device-config.h"
#include "receipt-printer.h"
#include "scanner-hidpos.h"
#include "scanner-serial.h"
#include "scanner-virtual.h"
#include "scanner-wedge-private.h"
#include "virtual-input.h"
#include "virtual-printer.h"

#include <string.h>

/* ---- scanners -------------------------------------------------------------- */

static MposScanner *
new_for_backend (const MposDeviceEntry *entry, GError **error)
{
  const MposTransportAddress *address = &entry->address;
  const char *path = address->kind == MPOS_TRANSPORT_SERIAL ? address->path : NULL;
  g_autofree char *source = NULL;

  switch (entry->backend)
    {
    case MPOS_DEVICE_BACKEND_EVDEV:
      return mpos_scanner_wedge_new (entry->name, path, address->vendor_id, address->product_id);
    case MPOS_DEVICE_BACKEND_HIDRAW:
      return mpos_scanner_hidpos_new (entry->name, path, address->vendor_id, address->product_id);
    case MPOS_DEVICE_BACKEND_SERIAL:
      return mpos_scanner_serial_new (entry->name, address->path, address->baud);
    case MPOS_DEVICE_BACKEND_VIRTUAL:
      source = mpos_virtual_input_source_for_entry (entry);
      return mpos_scanner_virtual_new (entry->name, source);
    default:
      g_set_error (error, MPOS_DEVICE_ERROR, MPOS_DEVICE_ERROR_CONFIG,
                   "[%s]: a USB scanner is read as evdev (keyboard wedge) or hidraw (HID POS); "
                   "set backend to one of them",
                   entry->name);
      return NULL;
    }
}

static MposDevice *
scanner_from_entry (const MposDeviceEntry *entry, GError **error)
{
  g_autoptr (MposScanner) scanner = new_for_backend (entry, error);
  gboolean aim = TRUE;

  if (scanner == NULL || !mpos_device_entry_get_boolean (entry, "aim", TRUE, &aim, error))
    return NULL;
  g_object_set (scanner, "prefix", mpos_device_entry_get (entry, "prefix"), "suffix",
                mpos_device_entry_get (entry, "suffix"), "aim", aim, NULL);
  if (MPOS_IS_SCANNER_WEDGE (scanner)
      && !mpos_wedge_configure (MPOS_DEVICE (scanner), entry, error))
    return NULL;
  return MPOS_DEVICE (g_steal_pointer (&scanner));
}

static void
register_scanners (void)
{
  mpos_device_config_register_factory ("scanner", "*", scanner_from_entry);
}

/* ---- card readers ---------------------------------------------------------- */

static gboolean
parse_key (const char *hex, guint8 key[MPOS_MEMBER_CARD_KEY_LENGTH])
{
  if (strlen (hex) != 2 * MPOS_MEMBER_CARD_KEY_LENGTH)
    return FALSE;
  for (guint i = 0; i < MPOS_MEMBER_CARD_KEY_LENGTH; i++)
    {
      int high = g_ascii_xdigit_value (hex[2 * i]);
      int low = g_ascii_xdigit_value (hex[2 * i + 1]);
      if (high < 0 || low < 0)
        return FALSE;
      key[i] = (guint8)(high << 4 | low);
    }
  return TRUE;
}

static MposDevice *
pcsc_from_entry (const MposDeviceEntry *entry, GError **error)
{
  const char *hex = mpos_device_entry_get (entry, "key");
  const char *sector = mpos_device_entry_get (entry, "sector");
  guint8 key[MPOS_MEMBER_CARD_KEY_LENGTH];
  MposCardReader *reader;

  /* No default key: the factory key FFFFFFFFFFFF would make every blank
   * card "one of this store's", and anyone could write one. */
  if (hex == NULL)
    {
      g_set_error (error, MPOS_DEVICE_ERROR, MPOS_DEVICE_ERROR_CONFIG,
                   "[%s]: a PC/SC reader needs key= (key A of the member sector, 12 hexadecimal "
                   "digits, as the store's member cards were keyed); there is no default key",
                   entry->name);
      return NULL;
    }
  if (!parse_key (hex, key))
    {
      /* never echo a key into a message */
      g_set_error (error, MPOS_DEVICE_ERROR, MPOS_DEVICE_ERROR_CONFIG,
                   "[%s]: key must be 12 hexadecimal digits (key A of the member sector)",
                   entry->name);
      return NULL;
    }
  if (sector && strcmp (sector, "1") != 0)
    {
      memset (key, 0, sizeof key);
      g_set_error (error, MPOS_DEVICE_ERROR, MPOS_DEVICE_ERROR_CONFIG,
                   "[%s]: sector “%s”: member cards keep their number in sector 1 (block 4)",
                   entry->name, sector);
      return NULL;
    }
  reader = mpos_card_reader_pcsc_new (entry->name, mpos_device_entry_get (entry, "reader"), key);
  memset (key, 0, sizeof key);
  return MPOS_DEVICE (reader);
}

static MposDevice *
evdev_from_entry (const MposDeviceEntry *entry, GError **error)
{
  const MposTransportAddress *address = &entry->address;
  const char *path = address->kind == MPOS_TRANSPORT_SERIAL ? address->path : NULL;
  g_autoptr (MposCardReader) reader
      = mpos_card_reader_wedge_new (entry->name, path, address->vendor_id, address->product_id);

  if (!mpos_wedge_configure (MPOS_DEVICE (reader), entry, error))
    return NULL;
  return MPOS_DEVICE (g_steal_pointer (&reader));
}

static MposDevice *
virtual_from_entry (const MposDeviceEntry *entry, GError **error)
{
  g_autofree char *source = mpos_virtual_input_source_for_entry (entry);

  return MPOS_DEVICE (mpos_card_reader_virtual_new (entry->name, source));
}

static void
register_card_readers (void)
{
  mpos_device_config_register_factory ("card-reader", "pcsc", pcsc_from_entry);
  mpos_device_config_register_factory ("card-reader", "evdev", evdev_from_entry);
  mpos_device_config_register_factory ("card-reader", "virtual", virtual_from_entry);
}

/* ---- receipt printers (and their drawers) ----------------------------------- */

/* Hardware needs its profile named; the virtual printer has its own. */
static MposPrinterProfile *
entry_profile (const MposDeviceEntry *entry, GError **error)
{
  if (entry->profile != NULL)
    return mpos_printer_profile_load (entry->profile, error);
  if (entry->backend == MPOS_DEVICE_BACKEND_VIRTUAL)
    return mpos_printer_profile_new_virtual (576);
  g_set_error (error, MPOS_DEVICE_ERROR, MPOS_DEVICE_ERROR_CONFIG,
               "[%s]: a %s printer needs profile= (one of the files in the printers folder, "
               "e.g. generic-80)",
               entry->name, mpos_device_backend_name (entry->backend));
  return NULL;
}

static MposDevice *
printer_from_entry (const MposDeviceEntry *entry, GError **error)
{
  g_autoptr (MposPrinterProfile) profile = entry_profile (entry, error);
  g_autoptr (MposVirtualPrinter) virtual = NULL;
  g_autofree char *dir = NULL;

  if (profile == NULL)
    return NULL;
  if (entry->backend == MPOS_DEVICE_BACKEND_FILE)
    {
      /* A file answers no status request: the job's bytes are all it gets. */
      g_autoptr (MposPrinterProfile) silent = mpos_printer_profile_copy (profile);

      silent->status = FALSE;
      silent->drawer_status = FALSE;
      return MPOS_DEVICE (
          mpos_receipt_printer_new_for_transport (entry->name, silent, &entry->address));
    }
  if (entry->backend != MPOS_DEVICE_BACKEND_VIRTUAL)
    return MPOS_DEVICE (
        mpos_receipt_printer_new_for_transport (entry->name, profile, &entry->address));
  dir = entry->output_dir != NULL ? g_strdup (entry->output_dir)
                                  : mpos_virtual_printer_default_dir ();
  virtual = mpos_virtual_printer_new (dir, profile);
  return MPOS_DEVICE (mpos_virtual_printer_new_device (virtual, entry->name));
}

static void
register_printers (void)
{
  static const char *const drawer_keys[] = { "pin", NULL };

  mpos_device_config_register_factory ("printer", "*", printer_from_entry);
  mpos_device_config_register_keys ("drawer", drawer_keys);
}

void
mpos_device_registry_init (void)
{
  register_printers ();
  register_scanners ();
  register_card_readers ();
}
