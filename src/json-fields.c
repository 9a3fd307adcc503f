/* json-fields.c — typed, bounded access to untrusted JSON members. */
#include "json-fields.h"
#include "fail.h"
#include "percent.h"

#include <math.h>
#include <string.h>

/* clang-format off */
G_DEFINE_QUARK (mpos-json-error-quark, mpos_json_error)
/* clang-format on */

#define MAX_DOCUMENT_BYTES ((gsize) 64 << 20)
#define MAX_SAFE_INTEGER 9007199254740991.0 /* 2^53 - 1: exact in a double */

#define json_fail(error, code, ...) mpos_fail (error, MPOS_JSON_ERROR, code, __VA_ARGS__)

static gsize
skip_blanks (const char *data, gsize length, gsize offset)
{
  while (offset < length && (data[offset] == ' ' || data[offset] == '\t'
                             || data[offset] == '\r' || data[offset] == '\n'))
    offset++;
  return offset;
}

/* "line 3, column 7": where a person looks in an editor, not a byte offset. */
static gboolean
syntax_fail (GError **error, const char *data, gsize offset, const char *what)
{
  guint line = 1, column = 1;

  for (gsize i = 0; i < offset; i++)
    {
      /* Characters, not bytes: UTF-8 continuation bytes do not move the column. */
      column = data[i] == '\n' ? 1 : column + ((data[i] & 0xC0) != 0x80);
      line += data[i] == '\n';
    }
  return json_fail (error, MPOS_JSON_ERROR_SYNTAX, "not valid JSON: %s at line %u, column %u",
                    what, line, column);
}

/* cJSON reports "the last byte" both for a document cut short and for a bad
 * last character. With one more byte (which cJSON skips as blank) appended,
 * a document cut short still fails at its end, a bad character before it. */
static gboolean
cut_short (const char *data, gsize length)
{
  g_autofree char *copy = g_malloc (length + 1);
  const char *end = NULL;
  cJSON *root;

  memcpy (copy, data, length);
  copy[length] = '\x01';
  root = cJSON_ParseWithLengthOpts (copy, length + 1, &end, FALSE);
  cJSON_Delete (root);
  return root == NULL && end != NULL && end >= copy + length;
}

cJSON *
mpos_json_parse (const char *data, gsize length, GError **error)
{
  const char *end = NULL;
  cJSON *root;
  gsize offset;

  if (length > MAX_DOCUMENT_BYTES)
    {
      json_fail (error, MPOS_JSON_ERROR_VALUE, "the document is larger than 64 MiB");
      return NULL;
    }
  if (skip_blanks (data, length, 0) >= length)
    {
      json_fail (error, MPOS_JSON_ERROR_SYNTAX, "not valid JSON: the document is empty");
      return NULL;
    }
  root = cJSON_ParseWithLengthOpts (data, length, &end, FALSE);
  offset = end && end >= data ? MIN ((gsize) (end - data), length) : 0;
  if (root == NULL)
    {
      if (cut_short (data, length))
        json_fail (error, MPOS_JSON_ERROR_SYNTAX,
                   "not valid JSON: the document ends too early (is it cut short?)");
      else
        syntax_fail (error, data, offset, "unexpected text");
      return NULL;
    }
  /* One document and nothing after it: trailing text is a mistake, not padding. */
  offset = skip_blanks (data, length, offset);
  if (offset < length && data[offset] != '\0')
    {
      syntax_fail (error, data, offset, "text after the end of the document");
      cJSON_Delete (root);
      return NULL;
    }
  return root;
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

gboolean
mpos_json_get_string (const cJSON *object, const char *key, gboolean required, gsize max_len,
                      const char **out, GError **error)
{
  gboolean ok;
  const cJSON *item = member (object, key, required, error, &ok);

  if (item == NULL)
    return ok;
  if (!cJSON_IsString (item))
    return json_fail (error, MPOS_JSON_ERROR_TYPE, "“%s” must be a string", key);
  if (strlen (item->valuestring) > max_len || !g_utf8_validate (item->valuestring, -1, NULL))
    return json_fail (error, MPOS_JSON_ERROR_VALUE,
                      "“%s” must be valid UTF-8 of at most %zu bytes", key, max_len);
  *out = item->valuestring;
  return TRUE;
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
