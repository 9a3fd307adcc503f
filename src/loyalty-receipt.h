/* loyalty-receipt.h — what a member reads at the bottom of a receipt: the
 * points this sale earned and used, and the points and stored value left
 * right after it, from the ledgers, so a reprint shows what the first print
 * showed. */
#pragma once

#include <glib.h>
#include "receipt.h"
#include "store.h"

G_BEGIN_DECLS

/* Fills receipt->loyalty for a stored sale or return of member_id (0: no
 * member, nothing shown). created_at bounds the balances when the sale
 * itself moved no points or stored value. */
gboolean mpos_loyalty_receipt_fill (MposStore *store, const char *sale_id, int64_t member_id,
                                    int64_t created_at, MposReceipt *receipt, GError **error);

/* "8800*****0017 金卡会员": the member as a receipt names them (card masked),
 * or NULL for no member (0) or one that cannot be read. */
char *mpos_loyalty_receipt_member (MposStore *store, int64_t member_id);

G_END_DECLS
