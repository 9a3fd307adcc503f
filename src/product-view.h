/* product-view.h — goods as a screen or `mallposctl product` shows them: the
 * SKU with today's list price and the stock now, one typed read model for a
 * lookup or each search result. `product --json` serialises it. */
#pragma once

#include <cjson/cJSON.h>
#include "catalog.h"

G_BEGIN_DECLS

typedef struct
{
  MposSku *sku;
  gboolean has_price; /* FALSE: no list price at `now` */
  MposMoney price;    /* list price (per kg for weighed goods) */
  int64_t stock;      /* 0 when it cannot be read (the lookup itself worked) */
} MposProductView;

void mpos_product_view_free (MposProductView *view);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MposProductView, mpos_product_view_free)

/* Takes `sku`. */
MposProductView *mpos_product_view_new (MposStore *store, MposSku *sku, int64_t now);
/* The views of a list of MposSku* (taken from it, which is left empty). */
GPtrArray *mpos_product_views (MposStore *store, GPtrArray *skus, int64_t now);

/* {"sku","product","name","spec","category","unit","tax_rate_bp","stock","price"}. */
cJSON *mpos_product_view_to_json (const MposProductView *view);

G_END_DECLS
