/* suspend-resume.c — resuming a suspended sale (取单) with more to add: the
 * cashier scans a few more items and takes the payment. The resumed cart is
 * rebuilt from the suspended document with the new document merged in, so
 * the window, mallposctl and any later client resume a sale the same way. */
#include "suspend.h"

#include "cart-json.h"
#include "json-fields.h"

#include <string.h>

/* The suspended lines followed by the new ones; every other key of the new
 * document (tenders, member, coupons, cashier …) replaces the suspended one. */
static void
merge_into (cJSON *base, cJSON *extra)
{
  cJSON *lines = cJSON_GetObjectItemCaseSensitive (base, "lines");
  cJSON *extra_lines = cJSON_GetObjectItemCaseSensitive (extra, "lines");
  cJSON *item;

  if (lines == NULL && extra_lines != NULL)
    lines = cJSON_AddArrayToObject (base, "lines");
  cJSON_ArrayForEach (item, extra_lines) cJSON_AddItemToArray (lines, cJSON_Duplicate (item, TRUE));
  cJSON_DeleteItemFromObjectCaseSensitive (extra, "lines");
  for (item = extra->child; item; item = item->next)
    {
      cJSON_DeleteItemFromObjectCaseSensitive (base, item->string);
      cJSON_AddItemToObject (base, item->string, cJSON_Duplicate (item, TRUE));
    }
}

char *
mpos_suspend_merge_document (const char *suspended, const char *document, gsize length,
                             GError **error)
{
  g_autoptr (cJSON) base
      = mpos_json_parse (suspended, strlen (suspended), &mpos_cart_document_shape, error);
  g_autoptr (cJSON) extra
      = base ? mpos_json_parse (document, length, &mpos_cart_document_shape, error) : NULL;

  if (extra == NULL)
    return NULL;
  merge_into (base, extra);
  return cJSON_PrintUnformatted (base);
}

MposCart *
mpos_suspend_resume (MposStore *store, int64_t id, const char *document, gsize length, int64_t now,
                     GError **error)
{
  g_autoptr (MposSuspended) suspended = mpos_suspend_get (store, id, error);
  g_autofree char *merged
      = suspended ? mpos_suspend_merge_document (suspended->document, document, length, error)
                  : NULL;
  MposCart *cart = merged ? mpos_cart_from_json (store, merged, strlen (merged), now, error) : NULL;

  if (cart != NULL)
    mpos_cart_set_resumed_from (cart, id);
  return cart;
}
