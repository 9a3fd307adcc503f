/* fuzz-wedge.c — libFuzzer target for the wedge assembler that turns evdev
 * key events into scans and swipes. The input is read as struct input_event
 * records (any timestamps, types, codes, values); whatever they say, every
 * code that comes out is printable US-keyboard text of at least the minimum
 * length (with "\n" between lines only in multi-line mode, whose reads then
 * go through the MSR parser as a card reader's do), and a rejected burst
 * reports a known reason. */
#include <glib.h>
#include <stdint.h>
#include <string.h>

#include "fuzz-util.h"
#include "msr.h"
#include "scanner-wedge.h"

static void
on_code (const char *code, gsize length, gpointer user_data)
{
  const MposWedgeRules *rules = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (MposMsrCard) card = NULL;

  g_assert_cmpuint (length, >=, 4);
  g_assert_cmpuint (length, <=, MPOS_SCANNER_MAX_LENGTH);
  g_assert_cmpuint (strlen (code), ==, length);
  g_assert_true (code[length - 1] != '\n');
  for (gsize i = 0; i < length; i++)
    g_assert_true ((guchar)code[i] < 0x80 && (code[i] != '\n' || rules->multi_line)
                   && code[i] != '\t');
  if (!rules->multi_line)
    return;
  card = mpos_msr_parse (code, length, &error);
  g_assert_true ((card == NULL) != (error == NULL));
}

static void
on_reject (MposWedgeReject reason, gsize keys, gpointer user_data)
{
  g_assert_cmpint (reason, >=, MPOS_WEDGE_REJECT_TYPING);
  g_assert_cmpint (reason, <=, MPOS_WEDGE_REJECT_TOO_LONG);
  g_assert_cmpuint (keys, >, 0);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  MposWedgeFuncs funcs = { on_code, on_reject };
  /* the first byte picks the rules, so every terminator mode is fuzzed */
  MposWedgeRules rules = { 30, 4, size == 0 || (data[0] & 1) == 0, size > 0 && (data[0] & 2) != 0 };
  g_autoptr (MposWedgeAssembler) assembler = mpos_wedge_assembler_new (&rules, &funcs, &rules);

  for (size_t at = 1; at + sizeof (struct input_event) <= size; at += sizeof (struct input_event))
    {
      struct input_event event;
      memcpy (&event, data + at, sizeof event);
      mpos_wedge_assembler_feed (assembler, &event);
    }
  mpos_wedge_assembler_idle (assembler);
  return 0;
}
