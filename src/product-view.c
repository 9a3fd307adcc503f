/* product-view.c — a SKU with its price and stock now (see product-view.h). */
#include "product-view.h"

#include "json-fields.h"
#include "stock.h"

void
mpos_product_view_free (MposProductView *view)
{
  if (view == NULL)
    return;
  mpos_sku_free (view->sku);
  g_free (view);
}

MposProductView *
mpos_product_view_new (MposStore *store, MposSku *sku, int64_t now)
{
  MposProductView *view = g_new0 (MposProductView, 1);
  MposSkuPrice price;

  view->sku = sku;
  if (mpos_catalog_price (store, sku->sku_id, NULL, now, &price, NULL))
    {
      view->has_price = TRUE;
      view->price = price.list_price;
    }
  if (!mpos_stock_of (store, sku->sku_id, &view->stock, NULL))
    view->stock = 0;
  return view;
}

GPtrArray *
mpos_product_views (MposStore *store, GPtrArray *skus, int64_t now)
{
  GPtrArray *views = g_ptr_array_new_with_free_func ((GDestroyNotify)mpos_product_view_free);

  for (guint i = 0; i < skus->len; i++)
    g_ptr_array_add (views, mpos_product_view_new (store, g_ptr_array_index (skus, i), now));
  g_ptr_array_set_free_func (skus, NULL);
  g_ptr_array_set_size (skus, 0);
  return views;
}

cJSON *
mpos_product_view_to_json (const MposProductView *view)
{
  const MposSku *sku = view->sku;
  cJSON *json = cJSON_CreateObject ();

  cJSON_AddStringToObject (json, "sku", sku->sku_code);
  cJSON_AddStringToObject (json, "product", sku->product_code);
  cJSON_AddStringToObject (json, "name", sku->name);
  cJSON_AddStringToObject (json, "spec", sku->spec);
  cJSON_AddStringToObject (json, "category", sku->category_path);
  cJSON_AddStringToObject (json, "unit", sku->unit == MPOS_UNIT_WEIGHT ? "weight" : "piece");
  cJSON_AddNumberToObject (json, "tax_rate_bp", sku->tax_rate_bp);
  cJSON_AddNumberToObject (json, "stock", (double)view->stock);
  if (view->has_price)
    mpos_json_add_money (json, "price", view->price);
  return json;
}
