/* catalog.c — looking up SKUs and their prices in effect. Every statement is
 * prepared once per store; a scan costs a few B-tree probes. */
#include "catalog-private.h"

#include <string.h>

/* clang-format off */
G_DEFINE_QUARK (mpos-catalog-error-quark, mpos_catalog_error)
/* clang-format on */

static MposSql SQL_SKU_BY_CODE
    = MPOS_SQL ("catalog: sku by code", MPOS_SKU_SELECT "WHERE s.code = :code");
static MposSql SQL_SKU_BY_BARCODE
    = MPOS_SQL ("catalog: sku by barcode",
                MPOS_SKU_SELECT "WHERE s.id = (SELECT sku_id FROM barcodes WHERE code = :code)");
static MposSql SQL_SKU_BY_PLU
    = MPOS_SQL ("catalog: sku by plu", MPOS_SKU_SELECT "WHERE s.plu = :code");

static MposSql SQL_PRICE
    = MPOS_SQL ("catalog: price",
                "SELECT price FROM prices WHERE sku_id = :sku_id AND level_code IS :level "
                "AND effective_from <= :now AND (effective_to IS NULL OR effective_to > :now) "
                "ORDER BY effective_from DESC, id DESC LIMIT 1");

void
mpos_sku_free (MposSku *sku)
{
  if (sku == NULL)
    return;
  g_free (sku->sku_code);
  g_free (sku->product_code);
  g_free (sku->name);
  g_free (sku->spec);
  g_free (sku->category_path);
  g_free (sku);
}

char *
mpos_sku_display_name (const MposSku *sku)
{
  if (sku->spec == NULL || sku->spec[0] == '\0')
    return g_strdup (sku->name);
  return g_strconcat (sku->name, " ", sku->spec, NULL);
}

gboolean
mpos_sku_in_category (const MposSku *sku, const char *path)
{
  size_t len = strlen (path);

  return strncmp (sku->category_path, path, len) == 0
         && (sku->category_path[len] == '\0' || sku->category_path[len] == '/');
}

MposSku *
mpos_sku_from_row (sqlite3_stmt *stmt)
{
  MposSku *sku = g_new0 (MposSku, 1);

  sku->sku_id = sqlite3_column_int64 (stmt, 0);
  sku->sku_code = mpos_column_text_or_empty (stmt, 1);
  sku->product_code = mpos_column_text_or_empty (stmt, 2);
  sku->name = mpos_column_text_or_empty (stmt, 3);
  sku->spec = mpos_column_text_or_empty (stmt, 4);
  sku->category_path = mpos_column_text_or_empty (stmt, 5);
  sku->unit = strcmp ((const char *) sqlite3_column_text (stmt, 6), "weight") == 0
                  ? MPOS_UNIT_WEIGHT
                  : MPOS_UNIT_PIECE;
  sku->tax_rate_bp = sqlite3_column_int (stmt, 7);
  sku->active = sqlite3_column_int (stmt, 8) != 0;
  return sku;
}

/* One row by `code` with the given query; NULL without error when absent. */
static MposSku *
query_sku (MposStore *store, MposSql *sql, const char *code, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, sql, error);
  MposSku *sku = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  mpos_bind_text (stmt, ":code", code);
  rc = mpos_store_step (stmt);
  if (rc == SQLITE_ROW)
    sku = mpos_sku_from_row (stmt);
  else if (rc != SQLITE_DONE)
    mpos_store_fail (store, rc, "looking up a product", error);
  sqlite3_reset (stmt);
  return sku;
}

static MposSku *
require_active (MposSku *sku, const char *code, GError **error)
{
  if (sku == NULL)
    {
      g_set_error (error, MPOS_CATALOG_ERROR, MPOS_CATALOG_ERROR_NOT_FOUND,
                   "no product with code %s", code);
      return NULL;
    }
  if (!sku->active)
    {
      g_set_error (error, MPOS_CATALOG_ERROR, MPOS_CATALOG_ERROR_INACTIVE,
                   "product %s (%s) is no longer sold", sku->name, code);
      mpos_sku_free (sku);
      return NULL;
    }
  return sku;
}

MposSku *
mpos_catalog_find_sku (MposStore *store, const char *sku_code, GError **error)
{
  GError *local = NULL;
  MposSku *sku = query_sku (store, &SQL_SKU_BY_CODE, sku_code, &local);

  if (local != NULL)
    {
      g_propagate_error (error, local);
      return NULL;
    }
  return require_active (sku, sku_code, error);
}

static MposSku *
lookup_parsed (MposStore *store, const MposBarcode *barcode, GError **error)
{
  gboolean embedded = barcode->kind == MPOS_BARCODE_WEIGHT_EMBEDDED
                      || barcode->kind == MPOS_BARCODE_PRICE_EMBEDDED;
  MposSku *sku;

  if (embedded)
    return query_sku (store, &SQL_SKU_BY_PLU, barcode->code, error);
  sku = query_sku (store, &SQL_SKU_BY_BARCODE, barcode->code, error);
  if (sku == NULL && barcode->kind == MPOS_BARCODE_INTERNAL && error && *error == NULL)
    sku = query_sku (store, &SQL_SKU_BY_CODE, barcode->code, error);
  return sku;
}

static gboolean
is_digits (const char *text)
{
  if (*text == '\0')
    return FALSE;
  for (; *text; text++)
    if (!g_ascii_isdigit (*text))
      return FALSE;
  return TRUE;
}

MposSku *
mpos_catalog_resolve_code (MposStore *store, const char *text, const MposScaleLayout *layout,
                           MposBarcode *barcode_out, GError **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text ? text : ""));
  g_autoptr (GError) parse_error = NULL;
  GError *local = NULL;
  MposBarcode barcode;
  MposSku *sku = NULL;

  if (mpos_barcode_parse (trimmed, layout, &barcode, &parse_error))
    sku = lookup_parsed (store, &barcode, &local);
  else if (g_error_matches (parse_error, MPOS_BARCODE_ERROR, MPOS_BARCODE_ERROR_LENGTH)
           && is_digits (trimmed))
    {
      /* Digits that are no barcode may be a SKU code keyed by hand. */
      memset (&barcode, 0, sizeof barcode);
      barcode.kind = MPOS_BARCODE_INTERNAL;
      g_strlcpy (barcode.code, trimmed, sizeof barcode.code);
      sku = query_sku (store, &SQL_SKU_BY_CODE, trimmed, &local);
      if (sku == NULL && local == NULL)
        {
          /* Neither: say both, and call it not found, as for an unknown barcode. */
          g_set_error (error, MPOS_CATALOG_ERROR, MPOS_CATALOG_ERROR_NOT_FOUND,
                       "no product with code %s: no SKU has this code, and barcodes have "
                       "8, 12 or 13 digits", trimmed);
          return NULL;
        }
    }
  else
    {
      g_propagate_error (error, g_steal_pointer (&parse_error));
      return NULL;
    }
  if (local != NULL)
    {
      g_propagate_error (error, local);
      return NULL;
    }
  if (barcode_out)
    *barcode_out = barcode;
  return require_active (sku, barcode.code, error);
}

static gboolean
query_price (MposStore *store, int64_t sku_id, const char *level, int64_t now, MposMoney *out,
             gboolean *found, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_PRICE, error);

  if (stmt == NULL)
    return FALSE;
  mpos_bind_int64 (stmt, ":sku_id", sku_id);
  mpos_bind_text (stmt, ":level", level);
  mpos_bind_int64 (stmt, ":now", now);
  return mpos_store_read_int64 (store, stmt, out, found, "looking up a price", error);
}

gboolean
mpos_catalog_price (MposStore *store, int64_t sku_id, const char *level_code, int64_t now,
                    MposSkuPrice *out, GError **error)
{
  gboolean found = FALSE;

  memset (out, 0, sizeof *out);
  if (!query_price (store, sku_id, NULL, now, &out->list_price, &found, error))
    return FALSE;
  if (!found)
    {
      g_set_error (error, MPOS_CATALOG_ERROR, MPOS_CATALOG_ERROR_NO_PRICE,
                   "the product has no price in effect now");
      return FALSE;
    }
  if (level_code == NULL)
    return TRUE;
  return query_price (store, sku_id, level_code, now, &out->member_price, &out->has_member_price,
                      error);
}

static MposSql SQL_CATALOG_SKU_COUNT = MPOS_SQL ("catalog: sku count", "SELECT count(*) FROM skus");

int64_t
mpos_catalog_sku_count (MposStore *store)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_CATALOG_SKU_COUNT, NULL);
  int64_t count = 0;

  if (stmt != NULL && mpos_store_step (stmt) == SQLITE_ROW)
    count = sqlite3_column_int64 (stmt, 0);
  if (stmt)
    sqlite3_reset (stmt);
  return count;
}
