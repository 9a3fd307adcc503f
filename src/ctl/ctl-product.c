/* ctl-product.c — `mallposctl product CODE` and `product --search TEXT`:
 * what the catalog says about goods, with today's prices. */
#include "catalog.h"
#include "clock.h"
#include "ctl.h"
#include "product-search.h"
#include "product-view.h"

#include <stdio.h>

static void
print_product (const MposProductView *view)
{
  const MposSku *sku = view->sku;
  g_autofree char *name = mpos_sku_display_name (sku);
  char buf[MPOS_MONEY_BUF] = "—";

  if (view->has_price)
    mpos_money_to_buf (view->price, buf);
  printf ("%-8s %s  %s%s  [%s]  stock %" G_GINT64_FORMAT "\n", sku->sku_code, name, buf,
          sku->unit == MPOS_UNIT_WEIGHT ? "/kg" : "", sku->category_path, view->stock);
}

static int
print_found (CtlGlobal *global, MposStore *store, GPtrArray *found)
{
  g_autoptr (GPtrArray) views = mpos_product_views (store, found, mpos_clock_now ());
  cJSON *array = global->json ? cJSON_CreateArray () : NULL;

  for (guint i = 0; i < views->len; i++)
    {
      if (array)
        cJSON_AddItemToArray (array, mpos_product_view_to_json (g_ptr_array_index (views, i)));
      else
        print_product (g_ptr_array_index (views, i));
    }
  if (array)
    ctl_print_json (array);
  else if (views->len == 0)
    printf ("nothing found\n");
  return views->len > 0 ? CTL_EXIT_OK : CTL_EXIT_NOT_FOUND;
}

int
ctl_product (CtlGlobal *global, int argc, char **argv)
{
  char *search = NULL;
  int limit = 20;
  const GOptionEntry entries[] = {
    { "search", 0, 0, G_OPTION_ARG_STRING, &search, "Search by name or pinyin initials", "TEXT" },
    { "limit", 0, 0, G_OPTION_ARG_INT, &limit, "At most this many results (default 20)", "N" },
    { NULL }
  };
  g_autoptr (GError) error = NULL;
  g_autoptr (MposStore) store = NULL;
  g_autoptr (GPtrArray) found = NULL;
  g_autofree char *query = NULL;

  if (!ctl_parse (global, "product", "[CODE]", "Look up a barcode, scale code or SKU code.",
                  entries, &argc, &argv))
    return CTL_EXIT_USAGE;
  query = search;
  if (search != NULL && argc != 1)
    return ctl_usage ("product", "give a CODE or --search TEXT, not both");
  if (search == NULL && argc != 2)
    return ctl_usage ("product", "give one CODE (barcode, scale code or SKU) or --search TEXT");
  if (search != NULL && *g_strstrip (search) == '\0')
    return ctl_usage ("product", "--search needs a name or pinyin initials to look for");
  store = ctl_open_store (global, FALSE, &error);
  if (store == NULL)
    return ctl_fail (error);
  if (search)
    found = mpos_product_search (store, search, (guint) CLAMP (limit, 1, 200), &error);
  else
    {
      MposSku *sku = mpos_catalog_resolve_code (store, argv[1], NULL, NULL, &error);
      if (sku)
        {
          found = g_ptr_array_new_with_free_func ((GDestroyNotify) mpos_sku_free);
          g_ptr_array_add (found, sku);
        }
    }
  if (found == NULL)
    return ctl_fail (error);
  return print_found (global, store, found);
}
