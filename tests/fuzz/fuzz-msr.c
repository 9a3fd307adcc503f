/* fuzz-msr.c — libFuzzer target for the magnetic stripe parser: whatever a
 * card reader sends, the result is a card number of 6–19 digits taken from
 * a track that was read, or an MPOS_MSR_ERROR whose message never contains
 * the input's digits (no card number in a log line). */
#include <glib.h>
#include <stdint.h>
#include <string.h>

#include "fuzz-util.h"
#include "msr.h"

static void
check_card (const MposMsrCard *card)
{
  gsize length = strlen (card->number);

  g_assert_cmpuint (length, >=, 6);
  g_assert_cmpuint (length, <=, 19);
  for (gsize i = 0; i < length; i++)
    g_assert_true (g_ascii_isdigit (card->number[i]));
  g_assert_true ((card->track2 && strstr (card->track2, card->number) == card->track2)
                 || (card->track1 && strstr (card->track1, card->number) != NULL));
}

static void
check_error (const GError *error)
{
  fuzz_assert_refusal (error, MPOS_MSR_ERROR, 0);
  g_assert_cmpint (error->code, >=, MPOS_MSR_ERROR_UNREADABLE);
  g_assert_cmpint (error->code, <=, MPOS_MSR_ERROR_MALFORMED);
  for (const char *p = error->message; *p; p++)
    g_assert_false (g_ascii_isdigit (*p));
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MposMsrCard) card = mpos_msr_parse ((const char *)data, size, &error);

  if (card)
    {
      g_assert_no_error (error);
      check_card (card);
    }
  else
    check_error (error);
  mpos_msr_is_swipe ((const char *)data, size);
  return 0;
}
