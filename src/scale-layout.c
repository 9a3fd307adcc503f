/* scale-layout.c — the store scale's label layout as one line of text, so
 * IT can configure it per store ("20-29/5/5/weight") instead of in code. */
#include "barcode.h"

#include <string.h>

static gboolean
layout_syntax_error (const char *text, GError **error)
{
  g_set_error (error, MPOS_BARCODE_ERROR, MPOS_BARCODE_ERROR_LAYOUT,
               "scale layout “%s” should look like 20-29/5/5/weight or 28-28/5/4/price/check",
               text ? text : "");
  return FALSE;
}

static gboolean
parse_prefix_range (const char *text, MposScaleLayout *layout)
{
  if (strlen (text) != 5 || text[2] != '-' || text[0] != '2' || text[3] != '2'
      || !g_ascii_isdigit (text[1]) || !g_ascii_isdigit (text[4]))
    return FALSE;
  layout->prefix_first = '2';
  layout->prefix_min = text[1];
  layout->prefix_max = text[4];
  return TRUE;
}

static gboolean
parse_digits (const char *text, guint *out)
{
  guint64 value = 0;

  if (!g_ascii_string_to_unsigned (text, 10, 1, 10, &value, NULL))
    return FALSE;
  *out = (guint) value;
  return TRUE;
}

gboolean
mpos_scale_layout_parse (const char *text, MposScaleLayout *layout, GError **error)
{
  g_auto (GStrv) parts = g_strsplit (text ? text : "", "/", 0);
  guint n = g_strv_length (parts);
  MposScaleLayout parsed;

  mpos_scale_layout_init_default (&parsed);
  if (n < 4 || n > 5 || !parse_prefix_range (parts[0], &parsed)
      || !parse_digits (parts[1], &parsed.item_digits)
      || !parse_digits (parts[2], &parsed.value_digits))
    return layout_syntax_error (text, error);
  if (strcmp (parts[3], "weight") == 0)
    parsed.value_kind = MPOS_SCALE_VALUE_WEIGHT;
  else if (strcmp (parts[3], "price") == 0)
    parsed.value_kind = MPOS_SCALE_VALUE_PRICE;
  else
    return layout_syntax_error (text, error);
  parsed.value_check_digit = n == 5;
  if (n == 5 && strcmp (parts[4], "check") != 0)
    return layout_syntax_error (text, error);
  if (!mpos_scale_layout_validate (&parsed, error))
    return FALSE;
  *layout = parsed;
  return TRUE;
}

char *
mpos_scale_layout_to_string (const MposScaleLayout *layout)
{
  return g_strdup_printf ("%c%c-%c%c/%u/%u/%s%s", layout->prefix_first, layout->prefix_min,
                          layout->prefix_first, layout->prefix_max, layout->item_digits,
                          layout->value_digits,
                          layout->value_kind == MPOS_SCALE_VALUE_PRICE ? "price" : "weight",
                          layout->value_check_digit ? "/check" : "");
}
