/* fuzz-json-oracle.c — a second, tree-based judge of what json-strict.c lets
 * through (see fuzz-json-oracle.h). */
#include "fuzz-json-oracle.h"

#include "fuzz-util.h"

#include <cjson/cJSON.h>
#include <glib.h>
#include <string.h>

/* No raw NUL and no \u0000 escape (a backslash pair is skipped as one escape). */
static void
assert_no_nul (const char *text, size_t size)
{
  g_assert_null (memchr (text, '\0', size));
  for (size_t i = 0; i + 1 < size; i++)
    if (text[i] == '\\')
      {
        g_assert_false (text[i + 1] == 'u' && size - i >= 6
                        && memcmp (text + i + 2, "0000", 4) == 0);
        i++;
      }
}

static const MposJsonKey *
find (const MposJsonKey *keys, const char *name)
{
  for (; keys && keys->key; keys++)
    if (strcmp (keys->key, name) == 0)
      return keys;
  return NULL;
}

/* The key's entry: the shape's own, the tagged variant's, or (tag unknown) any variant's. */
static const MposJsonKey *
allowed (const MposJsonShape *shape, const cJSON *object, const char *name)
{
  const cJSON *tag = shape->tag ? cJSON_GetObjectItemCaseSensitive (object, shape->tag) : NULL;
  const MposJsonKey *key = find (shape->keys, name);
  gboolean known_tag = FALSE;

  for (const MposJsonVariant *v = shape->variants; !key && v && v->value; v++)
    if (cJSON_IsString (tag) && strcmp (tag->valuestring, v->value) == 0)
      {
        known_tag = TRUE;
        key = find (v->keys, name);
      }
  for (const MposJsonVariant *v = shape->variants; !key && !known_tag && v && v->value; v++)
    key = find (v->keys, name);
  return key;
}

static void
walk (const cJSON *node, const MposJsonShape *shape)
{
  for (const cJSON *child = node->child; child; child = child->next)
    {
      const MposJsonShape *below = NULL;

      if (cJSON_IsObject (node))
        {
          for (const cJSON *later = child->next; later; later = later->next)
            g_assert_cmpstr (later->string, !=, child->string);
          if (shape && (shape->keys || shape->any_keys) && !shape->any_keys)
            {
              const MposJsonKey *key = allowed (shape, node, child->string);
              g_assert_nonnull (key);
              below = key->shape;
            }
        }
      else if (cJSON_IsArray (node) && shape)
        below = shape->items;
      walk (child, below);
    }
}

/* The tree the strict reader builds in its one pass is the one cJSON's
 * parser builds from the same text. */
static void
assert_same_tree (const cJSON *parsed, const char *text, size_t size, const MposJsonShape *shape)
{
  g_autoptr (GError) error = NULL;
  cJSON *built = mpos_json_strict_read (text, size, shape, &error);
  char *a, *b;

  g_assert_no_error (error);
  g_assert_nonnull (built);
  a = cJSON_PrintUnformatted (parsed);
  b = cJSON_PrintUnformatted (built);
  g_assert_cmpstr (a, ==, b);
  g_assert_true (cJSON_Compare (parsed, built, TRUE));
  cJSON_free (a);
  cJSON_free (b);
  cJSON_Delete (built);
}

void
fuzz_json_assert_unambiguous (const uint8_t *data, size_t size, const MposJsonShape *shape)
{
  const char *text = (const char *)data;
  cJSON *root;

  if (size >= 3 && memcmp (text, "\xEF\xBB\xBF", 3) == 0)
    {
      text += 3;
      size -= 3;
    }
  assert_no_nul (text, size);
  root = cJSON_ParseWithLength (text, size);
  g_assert_nonnull (root);
  walk (root, shape);
  assert_same_tree (root, text, size, shape);
  cJSON_Delete (root);
}

gboolean
fuzz_json_document_checked (const uint8_t *data, size_t size, const MposJsonShape *shape,
                            gboolean accepted, const GError *error, GQuark domain,
                            GQuark or_domain)
{
  if (!accepted)
    {
      fuzz_assert_refusal (error, domain, or_domain);
      return FALSE;
    }
  g_assert_no_error (error);
  fuzz_json_assert_unambiguous (data, size, shape);
  return TRUE;
}
