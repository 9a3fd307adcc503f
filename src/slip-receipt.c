/* slip-receipt.c — top-up and exchange receipts, from the same typed records
 * the CLI shows (mpos_stored_value_top_up_get, mpos_points_exchange_get):
 * a heading, the figures as rows, the payment, the balance after it. The
 * drawer opens when the payment or refund was cash. */
#include "slip-receipt.h"

#include "loyalty-receipt.h"
#include "points-exchange.h"
#include "receipt-settings.h"
#include "receipt-words.h"
#include "store-private.h"
#include "stored-value-statement.h"
#include "tender.h"

#include <string.h>

/* The parts every slip shares: store, settings, number, time, cashier, member. */
static MposReceipt *
slip_new (MposStore *store, MposReceiptKind kind, const char *receipt_no, const char *original,
          int64_t at, const char *cashier, int64_t member_id, GError **error)
{
  const MposStoreIdentity *identity = mpos_store_get_identity (store, error);
  g_auto (MposReceiptSettings) settings = { 0 };
  MposReceipt *receipt;

  if (identity == NULL || !mpos_receipt_settings_load (store, &settings, error))
    return NULL;
  receipt = mpos_receipt_new (kind);
  mpos_receipt_apply_settings (receipt, &settings);
  mpos_receipt_set_store (receipt, identity);
  receipt->training = mpos_store_is_training (store);
  receipt->receipt_no = g_strdup (receipt_no);
  receipt->original_receipt_no = g_strdup (original);
  receipt->time_local = at ? mpos_store_local_time (store, at) : NULL;
  receipt->cashier = g_strdup (cashier);
  receipt->member = mpos_loyalty_receipt_member (store, member_id);
  return receipt;
}

/* The payment (or refund) of a slip; cash moves the drawer. */
static void
slip_tender (MposReceipt *receipt, const char *type, const char *reference, MposMoney amount)
{
  if (type == NULL || amount == 0)
    return;
  mpos_receipt_add_tender (receipt, mpos_receipt_tender_word (receipt->language, type, reference),
                           amount, reference);
  receipt->cash_moved = g_strcmp0 (type, "cash") == 0;
}

static void
add_money_row (MposReceipt *receipt, MposReceiptWord word, MposMoney amount, const char *note)
{
  char buf[MPOS_MONEY_BUF];
  g_autofree char *label = NULL;

  label = note != NULL && *note ? g_strdup_printf ("%s (%s)",
                                                   mpos_receipt_word (receipt->language, word), note)
                                : g_strdup (mpos_receipt_word (receipt->language, word));
  mpos_receipt_add_row (receipt, label, mpos_money_to_buf (amount, buf));
}

MposReceipt *
mpos_top_up_receipt (MposStore *store, const char *receipt_no, GError **error)
{
  g_autoptr (MposTopUpRecord) r = mpos_stored_value_top_up_get (store, receipt_no, error);
  gboolean refund;
  MposReceipt *receipt;

  if (r == NULL)
    return NULL;
  refund = mpos_top_up_record_is_refund (r);
  receipt = slip_new (store, refund ? MPOS_RECEIPT_TOP_UP_REFUND : MPOS_RECEIPT_TOP_UP,
                      r->receipt_no, refund ? r->refunds : NULL, r->at, r->cashier, r->member_id,
                      error);
  if (receipt == NULL)
    return NULL;
  add_money_row (receipt, MPOS_WORD_PRINCIPAL, r->principal, NULL);
  add_money_row (receipt, MPOS_WORD_BONUS, r->bonus, r->tier);
  slip_tender (receipt, r->tender, r->reference, r->principal);
  receipt->loyalty.has_stored_value = TRUE;
  receipt->loyalty.stored_value = r->balance.principal + r->balance.bonus;
  return receipt;
}

MposReceipt *
mpos_exchange_receipt (MposStore *store, const char *receipt_no, GError **error)
{
  g_autoptr (MposExchangeRecord) r = mpos_points_exchange_get (store, receipt_no, error);
  gboolean cancel;
  MposReceipt *receipt;
  g_autofree char *gift = NULL, *figure = NULL;

  if (r == NULL)
    return NULL;
  cancel = mpos_exchange_record_is_cancel (r);
  receipt = slip_new (store, cancel ? MPOS_RECEIPT_EXCHANGE_CANCEL : MPOS_RECEIPT_EXCHANGE,
                      r->receipt_no, cancel ? r->cancels : NULL, r->at, r->cashier, r->member_id,
                      error);
  if (receipt == NULL)
    return NULL;
  gift = g_strdup_printf ("%s × %" G_GINT64_FORMAT, r->name, r->qty);
  figure = g_strdup_printf ("%+" G_GINT64_FORMAT, -r->points);
  mpos_receipt_add_row (receipt, gift, NULL);
  mpos_receipt_add_row (receipt, mpos_receipt_word (receipt->language, MPOS_WORD_POINTS), figure);
  slip_tender (receipt, r->tender, r->reference, r->cash);
  return receipt;
}
