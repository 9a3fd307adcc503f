/* scope.c — a promotion's or a coupon's scope: its JSON shape and parser,
 * and whether it covers a SKU. */
#include "scope.h"
#include "fail.h"
#include "json-fields.h"

#include <string.h>

#define MAX_SCOPE_ITEMS 10000

const MposJsonShape mpos_scope_shape = {
  .what = "a scope",
  .keys
  = (const MposJsonKey[]){ { "all", NULL }, { "skus", NULL }, { "categories", NULL }, { NULL } },
};

void
mpos_scope_init (MposScope *scope)
{
  scope->all = FALSE;
  scope->skus = g_ptr_array_new_with_free_func (g_free);
  scope->categories = g_ptr_array_new_with_free_func (g_free);
}

void
mpos_scope_clear (MposScope *scope)
{
  g_clear_pointer (&scope->skus, g_ptr_array_unref);
  g_clear_pointer (&scope->categories, g_ptr_array_unref);
}

gboolean
mpos_json_strings (const cJSON *array, const char *key, guint max, GPtrArray *out, GQuark domain,
                   int code, GError **error)
{
  const cJSON *item;

  if (array == NULL)
    return TRUE;
  if (!cJSON_IsArray (array) || (guint)cJSON_GetArraySize (array) > max)
    return mpos_fail (error, domain, code, "“%s” must be an array of at most %u strings", key, max);
  cJSON_ArrayForEach (item, array)
  {
    if (!cJSON_IsString (item) || *item->valuestring == '\0' || strlen (item->valuestring) > 200
        || !g_utf8_validate (item->valuestring, -1, NULL))
      return mpos_fail (error, domain, code, "“%s” holds non-empty UTF-8 strings only", key);
    g_ptr_array_add (out, g_strdup (item->valuestring));
  }
  return TRUE;
}

gboolean
mpos_scope_parse (MposScope *scope, const cJSON *json, gboolean absent_is_all, GQuark domain,
                  int code, GError **error)
{
  if (json == NULL && absent_is_all)
    {
      scope->all = TRUE; /* 全场通用 */
      return TRUE;
    }
  if (!cJSON_IsObject (json))
    return mpos_fail (error, domain, code,
                      "“scope” must be an object with all, skus or categories");
  if (!mpos_json_get_bool (json, "all", &scope->all, error)
      || !mpos_json_strings (cJSON_GetObjectItemCaseSensitive (json, "skus"), "skus",
                             MAX_SCOPE_ITEMS, scope->skus, domain, code, error)
      || !mpos_json_strings (cJSON_GetObjectItemCaseSensitive (json, "categories"), "categories",
                             MAX_SCOPE_ITEMS, scope->categories, domain, code, error))
    return FALSE;
  if (!scope->all && scope->skus->len == 0 && scope->categories->len == 0)
    return mpos_fail (error, domain, code,
                      "the scope covers nothing: give all, skus or categories");
  return TRUE;
}

gboolean
mpos_scope_covers (const MposScope *scope, const MposSku *sku)
{
  if (scope->all)
    return TRUE;
  for (guint i = 0; i < scope->skus->len; i++)
    if (strcmp (g_ptr_array_index (scope->skus, i), sku->sku_code) == 0)
      return TRUE;
  for (guint i = 0; i < scope->categories->len; i++)
    if (mpos_sku_in_category (sku, g_ptr_array_index (scope->categories, i)))
      return TRUE;
  return FALSE;
}
