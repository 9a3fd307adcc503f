/* slip-receipt.h — the receipts of a stored-value top-up (and its refund) and
 * of a points exchange (and its cancellation), composed into the same
 * device-independent receipt as a sale, so they print on every printer with
 * the same layout, words, store settings and cash-drawer rule. */
#pragma once

#include <glib.h>

#include "receipt.h"
#include "store.h"

G_BEGIN_DECLS

MposReceipt *mpos_top_up_receipt (MposStore *store, const char *receipt_no, GError **error);
MposReceipt *mpos_exchange_receipt (MposStore *store, const char *receipt_no, GError **error);

G_END_DECLS
