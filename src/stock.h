/* stock.h — stock per SKU. The movements (stock_movements) are the truth;
 * skus.stock_qty caches their sum up to the last movement folded into it
 * (counter 'stock_folded_through'). A sale or return only appends its
 * movements: updating ten scattered SKU rows in the sale's transaction
 * wrote some ten more pages before every receipt. Their sums are folded
 * into the SKU rows later, in batches, in a transaction of their own; a
 * stock figure read in between is the cached sum plus the movements not yet
 * folded, so it is always exact. */
#pragma once

#include "store-private.h"

G_BEGIN_DECLS

/* Movements a sale or return leaves unfolded before the next fold. */
#define MPOS_STOCK_FOLD_EVERY 256

/* Appends a movement (reason: import, sale, return, adjust) without
 * touching the SKU row: for sales and returns, inside their transaction. */
gboolean mpos_stock_record (MposStore *store, int64_t sku_id, int64_t qty, const char *reason,
                            const char *ref, int64_t now, GError **error);

typedef struct
{
  int64_t sku_id;
  int64_t qty;
} MposStockMove;

/* As mpos_stock_record for n movements with the same reason and ref, a few
 * rows per statement. */
gboolean mpos_stock_record_many (MposStore *store, const MposStockMove *moves, guint n,
                                 const char *reason, const char *ref, int64_t now, GError **error);

/* Appends a movement and applies it to the SKU row at once (after folding
 * what is pending): for imports and counts, inside their transaction. */
gboolean mpos_stock_move (MposStore *store, int64_t sku_id, int64_t qty, const char *reason,
                          const char *ref, int64_t now, GError **error);

/* Folds every pending movement into the SKU rows, inside the caller's
 * transaction. */
gboolean mpos_stock_fold (MposStore *store, GError **error);

/* TRUE when this handle left MPOS_STOCK_FOLD_EVERY movements or more
 * pending (store-maintenance.c asks; no commit does). */
gboolean mpos_stock_fold_due (MposStore *store);

/* Folds, in a transaction of its own, when mpos_stock_fold_due; *folded
 * (may be NULL) says whether it did. A fold that fails (disk full, store
 * busy) leaves the movements pending for the next time; nothing of a sale
 * depends on it. Never inside a sale's commit: idle-time upkeep runs it. */
gboolean mpos_stock_fold_if_due (MposStore *store, gboolean *folded, GError **error);

/* The SKU's stock now: its folded sum plus its pending movements. */
gboolean mpos_stock_of (MposStore *store, int64_t sku_id, int64_t *qty, GError **error);

G_END_DECLS
