/* fuzz-wedge.c — libFuzzer target for the wedge assembler that turns evdev
 * key events into scans. The input is read as struct input_event records
 * (any timestamps, types, codes, values); whatever they say, every code
 * that comes out is printable US-keyboard text of at least the minimum
 * length, and a rejected burst reports a known reason. */
#include <glib.h>
#include <stdint.h>
#include <string.h>

#include "scanner-wedge.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
on_code (const char *code, gsize length, gpointer user_data)
{
  g_assert_cmpuint (length, >=, 4);
  g_assert_cmpuint (length, <=, MPOS_SCANNER_MAX_LENGTH);
  g_assert_cmpuint (strlen (code), ==, length);
  for (gsize i = 0; i < length; i++)
    g_assert_true ((guchar)code[i] < 0x80 && code[i] != '\n' && code[i] != '\t');
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
  /* the first byte picks the rules, so both terminator modes are fuzzed */
  MposWedgeRules rules = { 30, 4, size == 0 || (data[0] & 1) == 0 };
  g_autoptr (MposWedgeAssembler) assembler = mpos_wedge_assembler_new (&rules, &funcs, NULL);

  for (size_t at = 1; at + sizeof (struct input_event) <= size; at += sizeof (struct input_event))
    {
      struct input_event event;
      memcpy (&event, data + at, sizeof event);
      mpos_wedge_assembler_feed (assembler, &event);
    }
  mpos_wedge_assembler_idle (assembler);
  return 0;
}
