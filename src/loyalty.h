/* loyalty.h — where a sale and a return meet the member's points and
 * stored value: called by the sale and return code inside their one
 * transaction, so ledgers, balances and the sale commit together. */
#pragma once

#include <glib.h>
#include "cart.h"
#include "sale.h"
#include "store.h"

G_BEGIN_DECLS

/* After the sale's lines and tenders are written: burn the points and spend
 * the stored value its tenders name, earn points on what was paid. */
gboolean mpos_loyalty_apply_sale (MposStore *store, MposCart *cart, const char *sale_id,
                                  int64_t now, GError **error);

/* After a return is written: give back the points and stored value its
 * lines consumed and take back the points they earned, exactly. */
gboolean mpos_loyalty_apply_return (MposStore *store, const MposSaleRecord *original,
                                    const MposSaleRecord *ret, int64_t now, GError **error);

G_END_DECLS
