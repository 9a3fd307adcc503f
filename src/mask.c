/* mask.c — masking card numbers and phones for display and logs. */
#include "mask.h"

#include <string.h>

char *
mpos_mask_middle (const char *text, gsize keep_front, gsize keep_back)
{
  gsize len = text ? strlen (text) : 0;
  GString *out;

  if (len <= keep_front + keep_back)
    return g_strnfill (len, '*');
  out = g_string_new_len (text, keep_front);
  for (gsize i = keep_front; i < len - keep_back; i++)
    g_string_append_c (out, '*');
  g_string_append (out, text + len - keep_back);
  return g_string_free (out, FALSE);
}

char *
mpos_mask_card (const char *card_no)
{
  return mpos_mask_middle (card_no, 4, 4);
}

char *
mpos_mask_phone (const char *phone)
{
  return mpos_mask_middle (phone, 3, 4);
}
