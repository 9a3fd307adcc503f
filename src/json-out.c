/* json-out.c — compact JSON onto a GString (json-out.h). Hand-written
 * because it runs inside every sale's transaction, where printf-style
 * formatting was a tenth of the sale's instructions. */
#include "json-out.h"

#include <string.h>

static const char hex[] = "0123456789abcdef";

void
mpos_json_out_string (GString *out, const char *text)
{
  const char *run;

  if (text == NULL)
    {
      g_string_append_len (out, "null", 4);
      return;
    }
  g_string_append_c (out, '"');
  for (run = text; *text; text++)
    {
      guchar c = (guchar)*text;

      if (c >= 0x20 && c != '"' && c != '\\')
        continue;
      g_string_append_len (out, run, text - run);
      run = text + 1;
      if (c == '"' || c == '\\')
        {
          g_string_append_c (out, '\\');
          g_string_append_c (out, (char)c);
        }
      else
        {
          char escape[6] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 0xf] };
          g_string_append_len (out, escape, sizeof escape);
        }
    }
  g_string_append_len (out, run, text - run);
  g_string_append_c (out, '"');
}

void
mpos_json_out_optional_string (GString *out, const char *text)
{
  mpos_json_out_string (out, text && *text ? text : NULL);
}

void
mpos_json_out_int (GString *out, int64_t value)
{
  char digits[24];
  char *p = digits + sizeof digits;
  uint64_t magnitude = value < 0 ? 0 - (uint64_t)value : (uint64_t)value;

  do
    *--p = (char)('0' + magnitude % 10);
  while ((magnitude /= 10) != 0);
  if (value < 0)
    *--p = '-';
  g_string_append_len (out, p, digits + sizeof digits - p);
}

void
mpos_json_out_int_or_null (GString *out, int64_t value)
{
  if (value == 0)
    g_string_append_len (out, "null", 4);
  else
    mpos_json_out_int (out, value);
}
