/* card-reader.c — MposCardReader: what every card reader backend shares,
 * turning a card number or a swipe into a "data" event and keeping the full
 * number out of every log line. Backends are built from devices.ini by
 * device-registry.c. */
#include "card-reader.h"

#include "mask.h"
#include "msr.h"

#include <string.h>

G_DEFINE_TYPE (MposCardReader, mpos_card_reader, MPOS_TYPE_DEVICE)

static void
deliver (MposCardReader *self, const char *number, const char *track2, gboolean chip)
{
  g_autoptr (MposDeviceData) data = mpos_device_data_new (MPOS_DEVICE_DATA_CARD, number, NULL);
  g_autofree char *masked = mpos_mask_card (number);

  data->track2 = g_strdup (track2);
  data->chip = chip;
  g_debug ("card reader “%s”: card %s%s", mpos_device_get_name (MPOS_DEVICE (self)), masked,
           chip ? " (chip)" : "");
  mpos_device_emit_data (MPOS_DEVICE (self), data);
}

void
mpos_card_reader_deliver (MposCardReader *self, const char *number, const char *track2)
{
  deliver (self, number, track2, FALSE);
}

void
mpos_card_reader_deliver_chip (MposCardReader *self, const char *number)
{
  deliver (self, number, NULL, TRUE);
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

static void
mpos_card_reader_class_init (MposCardReaderClass *klass)
{
}

static void
mpos_card_reader_init (MposCardReader *self)
{
}
