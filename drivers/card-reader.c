/* card-reader.c — MposCardReader: what every card reader backend shares,
 * turning a card number or a swipe into a "data" event and keeping the full
 * number out of every log line; and building the backend a devices.ini
 * group asks for. */
#include "card-reader.h"

#include "card-reader-pcsc.h"
#include "card-reader-virtual.h"
#include "card-reader-wedge.h"
#include "device-config.h"
#include "member.h"
#include "msr.h"
#include "scanner-wedge-private.h"
#include "virtual-input.h"

#include <string.h>

G_DEFINE_TYPE (MposCardReader, mpos_card_reader, MPOS_TYPE_DEVICE)

void
mpos_card_reader_deliver (MposCardReader *self, const char *number, const char *track2)
{
  g_autoptr (MposDeviceData) data = mpos_device_data_new (MPOS_DEVICE_DATA_CARD, number, NULL);
  g_autofree char *masked = mpos_member_mask_card (number);

  data->track2 = g_strdup (track2);
  g_debug ("card reader “%s”: card %s", mpos_device_get_name (MPOS_DEVICE (self)), masked);
  mpos_device_emit_data (MPOS_DEVICE (self), data);
}

static gboolean
all_digits (const char *text, gsize length)
{
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isdigit (text[i]))
      return FALSE;
  return length > 0;
}

/* MSR errors carry no card data; they become device errors a cashier can act on. */
static MposDeviceError
device_code (const GError *error)
{
  return error->code == MPOS_MSR_ERROR_MALFORMED ? MPOS_DEVICE_ERROR_PROTOCOL
                                                 : MPOS_DEVICE_ERROR_FAILED;
}

void
mpos_card_reader_deliver_tracks (MposCardReader *self, const char *text, gsize length)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MposMsrCard) card = mpos_msr_parse (text, length, &error);

  if (card == NULL)
    {
      mpos_device_report (MPOS_DEVICE (self), device_code (error), "%s", error->message);
      return;
    }
  mpos_card_reader_deliver (self, card->number, card->track2);
}

void
mpos_card_reader_deliver_swipe (MposCardReader *self, const char *text, gsize length)
{
  g_autofree char *number = NULL;

  if (!mpos_msr_is_swipe (text, length) && length <= 19 && all_digits (text, length))
    {
      number = g_strndup (text, length);
      mpos_card_reader_deliver (self, number, NULL);
      return;
    }
  mpos_card_reader_deliver_tracks (self, text, length);
}

/* ---- devices.ini ------------------------------------------------------------ */

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

void
mpos_card_reader_register_factories (void)
{
  mpos_device_config_register_factory ("card-reader", "pcsc", pcsc_from_entry);
  mpos_device_config_register_factory ("card-reader", "evdev", evdev_from_entry);
  mpos_device_config_register_factory ("card-reader", "virtual", virtual_from_entry);
}

static void
mpos_card_reader_class_init (MposCardReaderClass *klass)
{
}

static void
mpos_card_reader_init (MposCardReader *self)
{
}
