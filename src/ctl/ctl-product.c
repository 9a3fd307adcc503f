/* ctl-product.c — `mallposctl product CODE` and `product --search TEXT`:
 * what the catalog says about goods, with today's prices. */
#include "catalog.h"
#include "clock.h"
#include "ctl.h"
#include "json-fields.h"
#include "product-search.h"
#include "stock.h"

#include <stdio.h>

/* Stock now; 0 if it cannot be read (the lookup itself worked). */
static int64_t
sku_stock (MposStore *store, const MposSku *sku)
{
  int64_t qty = 0;

  mpos_stock_of (store, sku->sku_id, &qty, NULL);
  return qty;
}

static cJSON *
sku_json (MposStore *store, const MposSku *sku)
{
  cJSON *json = cJSON_CreateObject ();
  MposSkuPrice price;

  cJSON_AddStringToObject (json, "sku", sku->sku_code);
  cJSON_AddStringToObject (json, "product", sku->product_code);
  cJSON_AddStringToObject (json, "name", sku->name);
  cJSON_AddStringToObject (json, "spec", sku->spec);
  cJSON_AddStringToObject (json, "category", sku->category_path);
  cJSON_AddStringToObject (json, "unit", sku->unit == MPOS_UNIT_WEIGHT ? "weight" : "piece");
  cJSON_AddNumberToObject (json, "tax_rate_bp", sku->tax_rate_bp);
  cJSON_AddNumberToObject (json, "stock", (double) sku_stock (store, sku));
  if (mpos_catalog_price (store, sku->sku_id, NULL, mpos_clock_now (), &price, NULL))
    mpos_json_add_money (json, "price", price.list_price);
  return json;
}

static void
print_sku (MposStore *store, const MposSku *sku)
{
  MposSkuPrice price;
  g_autofree char *name = mpos_sku_display_name (sku);
  char buf[MPOS_MONEY_BUF] = "—";

  if (mpos_catalog_price (store, sku->sku_id, NULL, mpos_clock_now (), &price, NULL))
    mpos_money_to_buf (price.list_price, buf);
  printf ("%-8s %s  %s%s  [%s]  stock %" G_GINT64_FORMAT "\n", sku->sku_code, name, buf,
          sku->unit == MPOS_UNIT_WEIGHT ? "/kg" : "", sku->category_path, sku_stock (store, sku));
}

static int
print_found (CtlGlobal *global, MposStore *store, GPtrArray *found)
{
  cJSON *array = global->json ? cJSON_CreateArray () : NULL;

  for (guint i = 0; i < found->len; i++)
    {
      if (array)
        cJSON_AddItemToArray (array, sku_json (store, g_ptr_array_index (found, i)));
      else
        print_sku (store, g_ptr_array_index (found, i));
    }
  if (array)
    ctl_print_json (array);
  else if (found->len == 0)
    printf ("nothing found\n");
  return found->len > 0 ? CTL_EXIT_OK : CTL_EXIT_NOT_FOUND;
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
