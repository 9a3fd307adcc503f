/* product-search.h — finding goods when there is no barcode: by Chinese
 * name or spec (FTS5 trigram, any 3+ characters; shorter text by substring)
 * and by pinyin initials ("kkkl" → 可口可乐). */
#pragma once

#include <glib.h>
#include "catalog.h"

G_BEGIN_DECLS

/* Up to `limit` active SKUs (1..200) matching query. Latin letters and
 * digits are tried as pinyin initials first: those matches come first, in
 * the order of their initials ("kl" before "klx"), then by product and SKU
 * id. Name and spec matches follow in catalog order (SKU id). The first
 * `limit` in that order are found without reading the others, however many
 * match. An empty query finds nothing. Array of MposSku*. */
GPtrArray *mpos_product_search (MposStore *store, const char *query, guint limit, GError **error);

G_END_DECLS
