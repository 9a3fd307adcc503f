/* json-fields.c — typed, bounded access to untrusted JSON members. */
#include "json-fields.h"
#include "fail.h"
#include "percent.h"
#include "text-width.h"

#include <math.h>
#include <string.h>

/* clang-format off */
G_DEFINE_QUARK (mpos-json-error-quark, mpos_json_error)
/* clang-format on */

#define MAX_DOCUMENT_BYTES ((gsize) 64 << 20)
#define MAX_SAFE_INTEGER 9007199254740991.0 /* 2^53 - 1: exact in a double */

#define json_fail(error, code, ...) mpos_fail (error, MPOS_JSON_ERROR, code, __VA_ARGS__)

cJSON *
mpos_json_parse (const char *data, gsize length, const MposJsonShape *shape, GError **error)
{
  g_return_val_if_fail (shape != NULL, NULL);
  if (length > MAX_DOCUMENT_BYTES)
    {
      json_fail (error, MPOS_JSON_ERROR_VALUE, "the document is larger than 64 MiB");
      return NULL;
    }
  if (length >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    {
      data += 3;
      length -= 3;
    }
  return mpos_json_strict_read (data, length, shape, error);
}

static void
collect_ids (const cJSON *node, const char *key, GArray *ids, int depth)
{
  const cJSON *child;

  if (depth > 64)
    return;
  cJSON_ArrayForEach (child, node)
  {
    double v = child->valuedouble;
    if (child->string != NULL && strcmp (child->string, key) == 0)
      {
        if (cJSON_IsNumber (child) && v >= 1 && v <= G_MAXINT32 && v == (double) (gint) v)
          {
            gint64 id = (gint64) v;
            g_array_append_val (ids, id);
          }
      }
    else if (cJSON_IsObject (child) || cJSON_IsArray (child))
      collect_ids (child, key, ids, depth + 1);
  }
}

void
mpos_json_collect_ids (const cJSON *node, const char *key, GArray *ids)
{
  collect_ids (node, key, ids, 0);
}

static const cJSON *
member (const cJSON *object, const char *key, gboolean required, GError **error, gboolean *ok)
{
  const cJSON *item = cJSON_IsObject (object) ? cJSON_GetObjectItemCaseSensitive (object, key)
                                              : NULL;

  *ok = TRUE;
  if (item == NULL || cJSON_IsNull (item))
    {
      if (required)
        *ok = json_fail (error, MPOS_JSON_ERROR_MISSING, "“%s” is missing", key);
      return NULL;
    }
  return item;
}

static gboolean
get_text (const cJSON *object, const char *key, gboolean required, gsize max_len, gboolean lines,
          const char **out, GError **error)
{
  gboolean ok;
  const cJSON *item = member (object, key, required, error, &ok);
  const char *control;

  if (item == NULL)
    return ok;
  if (!cJSON_IsString (item))
    return json_fail (error, MPOS_JSON_ERROR_TYPE, "“%s” must be a string", key);
  if (strlen (item->valuestring) > max_len || !g_utf8_validate (item->valuestring, -1, NULL))
    return json_fail (error, MPOS_JSON_ERROR_VALUE,
                      "“%s” must be valid UTF-8 of at most %zu bytes", key, max_len);
  for (control = mpos_text_find_control (item->valuestring); control && lines && *control == '\n';)
    control = mpos_text_find_control (control + 1);
  if (control != NULL && lines)
    return json_fail (error, MPOS_JSON_ERROR_VALUE,
                      "“%s” holds a tab or another control character: remove it", key);
  if (control != NULL)
    return json_fail (error, MPOS_JSON_ERROR_VALUE,
                      "“%s” holds a line break, a tab or another control character: write it on "
                      "one line",
                      key);
  *out = item->valuestring;
  return TRUE;
}

gboolean
mpos_json_get_string (const cJSON *object, const char *key, gboolean required, gsize max_len,
                      const char **out, GError **error)
{
  return get_text (object, key, required, max_len, FALSE, out, error);
}

gboolean
mpos_json_get_lines (const cJSON *object, const char *key, gboolean required, gsize max_len,
                     const char **out, GError **error)
{
  return get_text (object, key, required, max_len, TRUE, out, error);
}

gboolean
mpos_json_get_money (const cJSON *object, const char *key, gboolean required,
                     MposMoneyParseFlags flags, MposMoney *out, GError **error)
{
  gboolean ok;
  const cJSON *item = member (object, key, required, error, &ok);
  g_autoptr (GError) local = NULL;

  if (item == NULL)
    return ok;
  if (!cJSON_IsString (item))
    return json_fail (error, MPOS_JSON_ERROR_TYPE,
                      "“%s” must be an amount written as a string, like \"12.50\"", key);
  if (!mpos_money_parse (item->valuestring, flags, out, &local))
    return json_fail (error, MPOS_JSON_ERROR_VALUE, "“%s”: %s", key, local->message);
  return TRUE;
}

gboolean
mpos_json_get_int (const cJSON *object, const char *key, gboolean required, int64_t min,
                   int64_t max, int64_t *out, GError **error)
{
  gboolean ok;
  const cJSON *item = member (object, key, required, error, &ok);
  double value;

  if (item == NULL)
    return ok;
  value = item->valuedouble;
  if (!cJSON_IsNumber (item) || !isfinite (value) || fabs (value) > MAX_SAFE_INTEGER
      || value != floor (value))
    return json_fail (error, MPOS_JSON_ERROR_TYPE, "“%s” must be a whole number", key);
  if ((int64_t) value < min || (int64_t) value > max)
    return json_fail (error, MPOS_JSON_ERROR_VALUE,
                      "“%s” must be between %" G_GINT64_FORMAT " and %" G_GINT64_FORMAT, key, min,
                      max);
  *out = (int64_t) value;
  return TRUE;
}

gboolean
mpos_json_get_bool (const cJSON *object, const char *key, gboolean *out, GError **error)
{
  gboolean ok;
  const cJSON *item = member (object, key, FALSE, error, &ok);

  if (item == NULL)
    return ok;
  if (!cJSON_IsBool (item))
    return json_fail (error, MPOS_JSON_ERROR_TYPE, "“%s” must be true or false", key);
  *out = cJSON_IsTrue (item);
  return TRUE;
}

gboolean
mpos_json_get_percent (const cJSON *object, const char *key, gboolean required, int *bp,
                       GError **error)
{
  const char *text = NULL;
  g_autoptr (GError) local = NULL;

  if (!mpos_json_get_string (object, key, required, 16, &text, error))
    return FALSE;
  if (text == NULL)
    return TRUE;
  if (!mpos_percent_parse (text, bp, &local))
    return json_fail (error, MPOS_JSON_ERROR_VALUE, "“%s”: %s", key, local->message);
  return TRUE;
}

void
mpos_json_add_money (cJSON *object, const char *key, MposMoney amount)
{
  char buf[MPOS_MONEY_BUF];

  cJSON_AddStringToObject (object, key, mpos_money_to_buf (amount, buf));
}
