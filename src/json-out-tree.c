/* json-out-tree.c — a cJSON tree written compactly onto a GString
 * (json-out.h). cJSON's own printer formats every number with sprintf and
 * reads it back with sscanf to check the round trip; the journal the sync
 * client sends and the centre keeps is all whole numbers (ids, points,
 * seconds: money travels as text), so those are written digit by digit and
 * only a number with a fraction goes through printf. Text is escaped as
 * mpos_json_out_string does. The push benchmark (tests/bench/
 * bench-sync-push.sh) spent a tenth of the terminal's and the centre's CPU
 * in cJSON's number printing. */
#include "json-out.h"

#include <math.h>

#define EXACT_INTEGER 9007199254740992.0 /* 2^53 */

static void
out_number (GString *out, double value)
{
  char text[32];

  if (!isfinite (value))
    g_string_append_len (out, "null", 4);
  else if (value == floor (value) && fabs (value) < EXACT_INTEGER)
    mpos_json_out_int (out, (int64_t) value);
  else
    {
      /* cJSON's rule: 15 significant digits when they give the value back. */
      g_snprintf (text, sizeof text, "%1.15g", value);
      if (g_ascii_strtod (text, NULL) != value)
        g_snprintf (text, sizeof text, "%1.17g", value);
      g_string_append (out, text);
    }
}

void
mpos_json_out_tree (GString *out, const cJSON *item)
{
  const cJSON *child;
  gboolean first = TRUE;

  if (cJSON_IsObject (item) || cJSON_IsArray (item))
    {
      g_string_append_c (out, cJSON_IsObject (item) ? '{' : '[');
      for (child = item->child; child; child = child->next, first = FALSE)
        {
          if (!first)
            g_string_append_c (out, ',');
          if (cJSON_IsObject (item))
            {
              mpos_json_out_string (out, child->string);
              g_string_append_c (out, ':');
            }
          mpos_json_out_tree (out, child);
        }
      g_string_append_c (out, cJSON_IsObject (item) ? '}' : ']');
    }
  else if (cJSON_IsString (item))
    mpos_json_out_string (out, item->valuestring);
  else if (cJSON_IsNumber (item))
    out_number (out, item->valuedouble);
  else if (cJSON_IsTrue (item))
    g_string_append_len (out, "true", 4);
  else if (cJSON_IsFalse (item))
    g_string_append_len (out, "false", 5);
  else if (cJSON_IsRaw (item))
    g_string_append (out, item->valuestring);
  else
    g_string_append_len (out, "null", 4);
}

/* cJSON prints a number with "%1.15g": whole numbers below 10^15 come out
 * as their digits, larger ones in exponent form, rounded (2^53 is written
 * 9.00719925474099e+15). */
#define CJSON_PLAIN_INTEGER INT64_C (1000000000000000)

void
mpos_json_add_int (cJSON *object, const char *key, int64_t value)
{
  char digits[24];

  if (value > -CJSON_PLAIN_INTEGER && value < CJSON_PLAIN_INTEGER)
    {
      cJSON_AddNumberToObject (object, key, (double) value);
      return;
    }
  g_snprintf (digits, sizeof digits, "%" G_GINT64_FORMAT, value);
  cJSON_AddRawToObject (object, key, digits);
}
