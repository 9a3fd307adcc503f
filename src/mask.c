/* mask.c — masking identifiers before a person or a log sees them. One rule
 * for every caller (see mask.h), so no screen, receipt, JSON answer or debug
 * line shows more of a card number than another does. */
#include "mask.h"

#include <string.h>

#define MASK_MAX_SHOWN_EACH_END 4
#define MASK_MIN_HIDDEN 4

/* Hidden characters needed for a text of `length`: four, or a third. */
static gsize
hidden_needed (gsize length)
{
  return MAX ((gsize) MASK_MIN_HIDDEN, (length + 2) / 3);
}

char *
mpos_mask (const char *text, guint front, guint back)
{
  gsize length = text != NULL ? strlen (text) : 0;
  gsize keep_front = MIN (front, MASK_MAX_SHOWN_EACH_END);
  gsize keep_back = MIN (back, MASK_MAX_SHOWN_EACH_END);
  GString *out;

  /* Give up shown characters from the longer end first until enough hide. */
  while (keep_front + keep_back > 0 && length < keep_front + keep_back + hidden_needed (length))
    {
      if (keep_front > keep_back)
        keep_front--;
      else
        keep_back--;
    }
  out = g_string_new_len (text, (gssize) keep_front);
  for (gsize i = keep_front; i < length - keep_back; i++)
    g_string_append_c (out, '*');
  if (keep_back > 0)
    g_string_append (out, text + length - keep_back);
  return g_string_free (out, FALSE);
}

char *
mpos_mask_card (const char *card_no)
{
  return mpos_mask (card_no, 4, 4);
}

char *
mpos_mask_phone (const char *phone)
{
  return mpos_mask (phone, 3, 4);
}
