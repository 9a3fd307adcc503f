/* catalog-private.h — the SKU row shape shared by the catalog's read paths
 * (lookup by code and product search). */
#pragma once

#include "catalog.h"
#include "store-private.h"

#define MPOS_SKU_SELECT                                                                            \
  "SELECT s.id, s.code, p.code, p.name, s.spec, c.path, p.unit, p.tax_rate_bp, s.active "           \
  "FROM skus s JOIN products p ON p.id = s.product_id "                                  \
  "JOIN categories c ON c.id = p.category_id "

MposSku *mpos_sku_from_row (sqlite3_stmt *stmt);

/* Makes every level of the category path "a/b/c" exist; *id is the leaf's. */
gboolean mpos_catalog_ensure_category (MposStore *store, const char *path, int64_t *id,
                                       GError **error);
