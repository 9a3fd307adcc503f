/* fuzz-cash-count.c — libFuzzer target for the drawer count as typed at
 * `mallposctl shift close --count` ("100=3,50=1,0.5=4"). Whatever parses
 * holds 0 … MPOS_SHIFT_MAX_PIECES pieces of each denomination, totals
 * without overflow and reads back the same from its own printing; every
 * refusal is MPOS_SHIFT_ERROR_INVALID with a readable message. */
#include <glib.h>
#include <stdint.h>
#include <string.h>

#include "fuzz-util.h"
#include "shift.h"

static void
check_round_trip (const MposCashCount *count)
{
  g_autoptr (GString) text = g_string_new (NULL);
  g_autoptr (GError) error = NULL;
  MposCashCount back;

  for (int d = 0; d < MPOS_DENOMINATION_COUNT; d++)
    g_string_append_printf (text, "%s%s=%" G_GINT64_FORMAT, d ? "," : "",
                            mpos_denomination_name (d), count->pieces[d]);
  g_assert_true (mpos_cash_count_parse (text->str, &back, &error));
  g_assert_cmpmem (&back, sizeof back, count, sizeof *count);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autofree char *text = g_malloc (size + 1);
  g_autoptr (GError) error = NULL;
  MposCashCount count;
  MposMoney total = -1;

  memcpy (text, data, size);
  text[size] = '\0';
  if (!mpos_cash_count_parse (text, &count, &error))
    {
      g_assert_error (error, MPOS_SHIFT_ERROR, MPOS_SHIFT_ERROR_INVALID);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      g_assert_cmpuint (strlen (error->message), >, 10);
      return 0;
    }
  g_assert_null (error);
  for (int d = 0; d < MPOS_DENOMINATION_COUNT; d++)
    {
      g_assert_cmpint (count.pieces[d], >=, 0);
      g_assert_cmpint (count.pieces[d], <=, MPOS_SHIFT_MAX_PIECES);
    }
  g_assert_true (mpos_cash_count_total (&count, &total, NULL));
  g_assert_cmpint (total, >=, 0);
  check_round_trip (&count);
  return 0;
}
