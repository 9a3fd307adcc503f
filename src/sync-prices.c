/* sync-prices.c — a page of the `prices` stream (sync/PROTOCOL.md 5.3)
 * applied with its cursor in one transaction. A known SKU gets the price
 * from now on, and the category and unit the centre gives (its name here is
 * kept); the centre's extra barcodes are added, never taken away (a code the
 * store added itself stays). An unknown code becomes a SKU. A barcode that
 * another SKU holds here, or that is no valid barcode, is left out and
 * counted, so one bad code never holds up a million prices. */
#include "sync-state.h"
#include "barcode.h"
#include "catalog-private.h"
#include "sync-private.h"

#include <string.h>

typedef struct
{
  const MposSyncPrice *items;
  guint n;
  int64_t cursor, now;
  guint changed, conflicts;
} PricePage;

/* The pull of a million prices reads this once a row: the SKU's id alone,
 * not the whole SKU mpos_catalog_find_sku builds. */
static MposSql SQL_SKU_ID
    = MPOS_SQL ("sync-prices: sku id", "SELECT id FROM skus WHERE code = :value");
static MposSql SQL_BARCODE_OWNER
    = MPOS_SQL ("sync-prices: barcode owner", "SELECT sku_id FROM barcodes WHERE code = :value");
static MposSql SQL_BARCODE_ADD = MPOS_SQL (
    "sync-prices: barcode add", "INSERT INTO barcodes (code, sku_id) VALUES (:code, :sku_id)");
static MposSql SQL_SET_CATEGORY = MPOS_SQL (
    "sync-prices: set category",
    "UPDATE products SET category_id = :category WHERE id = (SELECT product_id FROM skus"
    " WHERE id = :sku_id) AND category_id <> :category");
static MposSql SQL_SET_UNIT = MPOS_SQL (
    "sync-prices: set unit",
    "UPDATE products SET unit = :unit WHERE id = (SELECT product_id FROM skus WHERE id = :sku_id)"
    " AND unit <> :unit");

/* A barcode as stored (*normal) and the SKU holding it here (*owner, 0:
 * none); *valid FALSE when it is no product barcode (a scale code, a typo). */
static gboolean
barcode_owner (MposStore *store, const char *code, char normal[40], int64_t *owner,
               gboolean *valid, GError **error)
{
  MposBarcode parsed;

  *valid = mpos_barcode_parse (code, NULL, &parsed, NULL)
           && parsed.kind != MPOS_BARCODE_WEIGHT_EMBEDDED
           && parsed.kind != MPOS_BARCODE_PRICE_EMBEDDED;
  if (!*valid)
    return TRUE;
  g_strlcpy (normal, parsed.code, 40);
  return mpos_sync_find_id (store, &SQL_BARCODE_OWNER, normal, owner, error);
}

/* Adds the centre's extra barcodes the SKU does not hold yet. */
static gboolean
add_barcodes (MposStore *store, const MposSyncPrice *item, int64_t sku_id, PricePage *page,
              gboolean *changed, GError **error)
{
  for (guint i = 0; item->barcodes && item->barcodes[i]; i++)
    {
      g_autoptr (MposStmt) stmt = NULL;
      char normal[40] = "";
      gboolean valid = FALSE;
      int64_t owner = 0;

      if (!barcode_owner (store, item->barcodes[i], normal, &owner, &valid, error))
        return FALSE;
      if (!valid || (owner != 0 && owner != sku_id))
        page->conflicts++;
      if (!valid || owner != 0)
        continue;
      if ((stmt = mpos_store_stmt (store, &SQL_BARCODE_ADD, error)) == NULL)
        return FALSE;
      mpos_bind_text (stmt, ":code", normal);
      mpos_bind_int64 (stmt, ":sku_id", sku_id);
      if (!mpos_store_step_done (store, stmt, "adding a barcode from the centre", error))
        return FALSE;
      *changed = TRUE;
    }
  return TRUE;
}

static gboolean
update_product (MposStore *store, MposSql *sql, const char *key, int64_t int_value,
                const char *text_value, int64_t sku_id, gboolean *changed, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, sql, error);

  if (stmt == NULL)
    return FALSE;
  if (text_value)
    mpos_bind_text (stmt, key, text_value);
  else
    mpos_bind_int64 (stmt, key, int_value);
  mpos_bind_int64 (stmt, ":sku_id", sku_id);
  if (!mpos_store_step_done (store, stmt, "describing a SKU from the centre", error))
    return FALSE;
  *changed = *changed || sqlite3_changes (mpos_store_db (store)) > 0;
  return TRUE;
}

/* The category and unit of a SKU this store knows, when the centre gives them. */
static gboolean
describe_sku (MposStore *store, const MposSyncPrice *item, int64_t sku_id, gboolean *changed,
              GError **error)
{
  int64_t category = 0;

  if (item->category
      && (!mpos_catalog_ensure_category (store, item->category, &category, error)
          || !update_product (store, &SQL_SET_CATEGORY, ":category", category, NULL, sku_id,
                              changed, error)))
    return FALSE;
  return item->unit == MPOS_SYNC_UNIT_KEEP
         || update_product (store, &SQL_SET_UNIT, ":unit", 0,
                            item->unit == MPOS_SYNC_UNIT_WEIGHT ? "weight" : "piece", sku_id,
                            changed, error);
}

static gboolean
new_sku (MposStore *store, const MposSyncPrice *item, int64_t now, int64_t *sku_id,
         GError **error)
{
  const char *barcodes[] = { item->code, NULL };
  MposSkuRecord record = { .sku_code = item->code, .product_code = item->code,
                           .name = item->name,
                           .category_path = item->category ? item->category : "未分类",
                           .unit = item->unit == MPOS_SYNC_UNIT_WEIGHT ? MPOS_UNIT_WEIGHT
                                                                       : MPOS_UNIT_PIECE,
                           .barcodes = barcodes };

  return mpos_catalog_upsert_sku (store, &record, now, sku_id, error);
}

static gboolean
apply_price (MposStore *store, const MposSyncPrice *item, PricePage *page, gboolean *changed,
             GError **error)
{
  int64_t sku_id = 0;
  gboolean described = FALSE;

  if (!mpos_sync_find_id (store, &SQL_SKU_ID, item->code, &sku_id, error))
    return FALSE;
  if (sku_id == 0 ? !new_sku (store, item, page->now, &sku_id, error)
                  : !describe_sku (store, item, sku_id, &described, error))
    return FALSE;
  if (!add_barcodes (store, item, sku_id, page, &described, error)
      || !mpos_catalog_set_price (store, sku_id, NULL, item->price, page->now, changed, error))
    return FALSE;
  *changed = *changed || described;
  return TRUE;
}

static gboolean
write_price_page (MposStore *store, gpointer data, GError **error)
{
  PricePage *page = data;

  page->changed = page->conflicts = 0;
  for (guint i = 0; i < page->n; i++)
    {
      gboolean changed = FALSE;
      if (!apply_price (store, &page->items[i], page, &changed, error))
        {
          g_prefix_error (error, "price of %s from the centre: ", page->items[i].code);
          return FALSE;
        }
      page->changed += changed;
    }
  if (page->n > 0 && !mpos_catalog_search_refresh (store, error))
    return FALSE;
  return mpos_sync_cursor_save (store, "prices", page->cursor, error);
}

gboolean
mpos_sync_apply_prices (MposStore *store, const MposSyncPrice *items, guint n, int64_t cursor,
                        int64_t now, guint *changed, guint *conflicts, GError **error)
{
  PricePage page = { .items = items, .n = n, .cursor = cursor, .now = now };
  gboolean ok = mpos_store_transaction (store, write_price_page, &page, error);

  if (changed)
    *changed = page.changed;
  if (conflicts)
    *conflicts = page.conflicts;
  return ok;
}
