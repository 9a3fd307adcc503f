/* catalog.h — products, their SKUs (variants by spec), barcodes, the
 * category tree, prices (list and per member level, with effective times)
 * and stock. Read side used by the cart on every scan; must stay fast. */
#pragma once

#include <glib.h>
#include <stdint.h>
#include "barcode.h"
#include "money.h"
#include "store.h"

G_BEGIN_DECLS

#define MPOS_CATALOG_ERROR (mpos_catalog_error_quark ())
GQuark mpos_catalog_error_quark (void);

typedef enum
{
  MPOS_CATALOG_ERROR_NOT_FOUND, /* no SKU for that code */
  MPOS_CATALOG_ERROR_INACTIVE,  /* SKU exists but is delisted */
  MPOS_CATALOG_ERROR_NO_PRICE,  /* no price in effect now */
  MPOS_CATALOG_ERROR_INVALID,   /* a value that cannot be stored */
} MposCatalogError;

typedef enum
{
  MPOS_UNIT_PIECE,
  MPOS_UNIT_WEIGHT, /* quantities in grams, prices per kg */
} MposUnit;

typedef struct
{
  int64_t sku_id;
  char *sku_code;
  char *product_code;
  char *name;           /* product name */
  char *spec;           /* variant spec, "" if none */
  char *category_path;  /* "饮料/碳酸饮料" */
  MposUnit unit;
  int tax_rate_bp;      /* 1300 = 13% */
  gboolean active;      /* stock: mpos_stock_of (src/stock.h) */
} MposSku;

void mpos_sku_free (MposSku *sku);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MposSku, mpos_sku_free)

/* "name spec" for display, newly allocated. */
char *mpos_sku_display_name (const MposSku *sku);

/* True when the SKU's category is `path` or lies below it. */
gboolean mpos_sku_in_category (const MposSku *sku, const char *path);

MposSku *mpos_catalog_find_sku (MposStore *store, const char *sku_code, GError **error);

/* Resolves what was scanned or keyed: a barcode (EAN/UPC/internal), a scale
 * code (by PLU; *barcode_out carries its weight or price) or, for digits that
 * are no barcode, a SKU code. barcode_out may be NULL. */
MposSku *mpos_catalog_resolve_code (MposStore *store, const char *text,
                                    const MposScaleLayout *layout, MposBarcode *barcode_out,
                                    GError **error);

typedef struct
{
  MposMoney list_price;
  MposMoney member_price;   /* valid when has_member_price */
  gboolean has_member_price;
} MposSkuPrice;

/* Prices in effect at `now` (the newest effective_from wins); member price of
 * level_code if any (level_code may be NULL). NO_PRICE if no list price. */
gboolean mpos_catalog_price (MposStore *store, int64_t sku_id, const char *level_code, int64_t now,
                             MposSkuPrice *out, GError **error);

/* Write side (import, tests). Each runs inside the caller's transaction. */
typedef struct
{
  const char *sku_code;
  const char *product_code;
  const char *name;
  const char *spec;          /* may be NULL */
  const char *category_path; /* "食品/方便食品/方便面" */
  MposUnit unit;
  int tax_rate_bp;
  const char *plu;           /* may be NULL */
  const char *const *barcodes; /* NULL-terminated, may be NULL */
  const char *pinyin;        /* may be NULL: computed from the name */
  gboolean set_stock;         /* stock_qty is a count: the SKU's stock becomes it */
  int64_t stock_qty;
  /* With set_stock: only a new SKU takes stock_qty (an opening stock
   * movement, folded by the caller's mpos_stock_fold); an existing SKU's
   * stock is left to its movements (the import without --set-stock). */
  gboolean stock_for_new_only;
  int64_t product_id; /* > 0: the product is already written as the record says */
} MposSkuRecord;

typedef enum
{
  MPOS_SKU_CREATED,
  MPOS_SKU_EXISTED,
} MposSkuOrigin;

typedef enum
{
  MPOS_SKU_STOCK_KEPT,     /* no figure, or the figure it already had */
  MPOS_SKU_STOCK_OPENED,   /* a new SKU's opening stock */
  MPOS_SKU_STOCK_ADJUSTED, /* a count: an adjustment by the difference */
  MPOS_SKU_STOCK_IGNORED,  /* an existing SKU's figure differs and was not applied */
} MposSkuStock;

typedef struct
{
  int64_t sku_id;
  int64_t product_id;
  MposSkuOrigin origin;
  gboolean changed; /* the product, SKU or barcodes differed from the store */
  MposSkuStock stock;
} MposSkuWrite;

/* Writes only what differs from the store (so an unchanged row changes
 * nothing, sqlite3_total_changes tells), and says what it did. */
gboolean mpos_catalog_write_sku (MposStore *store, const MposSkuRecord *record, int64_t now,
                                 MposSkuWrite *out, GError **error);
gboolean mpos_catalog_upsert_sku (MposStore *store, const MposSkuRecord *record, int64_t now,
                                  int64_t *sku_id_out, GError **error);

/* Adds a scheduled price row (level_code NULL = list price) for
 * [effective_from, effective_to), effective_to 0 meaning open. Among the
 * rows in effect at a time the newest effective_from wins. */
gboolean mpos_catalog_add_price (MposStore *store, int64_t sku_id, const char *level_code,
                                 MposMoney price, int64_t effective_from, int64_t effective_to,
                                 int64_t now, GError **error);

/* The catalog's own price of a SKU for a level (NULL: the list price), with
 * no dates: the first one holds from the beginning of time, a different
 * one later takes over from `now`; the same price again changes nothing.
 * Prices scheduled by a prices file stay as they are. *changed (may be
 * NULL) says whether a row was added. */
gboolean mpos_catalog_set_price (MposStore *store, int64_t sku_id, const char *level_code,
                                 MposMoney price, int64_t now, gboolean *changed, GError **error);

/* Makes the product search entries of the SKUs written since the last
 * refresh (product-search-index.c), inside the caller's transaction. The
 * import calls it once at its end; search finds SKUs not yet refreshed too,
 * only more slowly. */
gboolean mpos_catalog_search_refresh (MposStore *store, GError **error);

int64_t mpos_catalog_sku_count (MposStore *store);

G_END_DECLS
