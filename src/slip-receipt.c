/* slip-receipt.c — top-up and exchange receipts, from the same records the
 * CLI's --json shows (mpos_stored_value_top_up_json, mpos_points_exchange_json):
 * a heading, the figures as rows, the payment, the balance after it. The
 * drawer opens when the payment or refund was cash. */
#include "slip-receipt.h"

#include "json-fields.h"
#include "loyalty-receipt.h"
#include "points-exchange.h"
#include "receipt-settings.h"
#include "receipt-words.h"
#include "store-private.h"
#include "stored-value.h"
#include "tender.h"

#include <string.h>

static const char *
text_of (const cJSON *json, const char *key)
{
  const cJSON *item = cJSON_GetObjectItemCaseSensitive (json, key);

  return cJSON_IsString (item) ? item->valuestring : NULL;
}

static MposMoney
money_of (const cJSON *json, const char *key)
{
  const char *text = text_of (json, key);
  MposMoney amount = 0;

  if (text != NULL && !mpos_money_parse (text, MPOS_MONEY_PARSE_ALLOW_NEGATIVE, &amount, NULL))
    amount = 0;
  return amount;
}

static int64_t
member_of (const cJSON *json)
{
  const cJSON *id = cJSON_GetObjectItemCaseSensitive (json, "member_id");

  return cJSON_IsNumber (id) ? (int64_t)id->valuedouble : 0;
}

/* The parts every slip shares: store, settings, number, time, cashier, member. */
static MposReceipt *
slip_new (MposStore *store, MposReceiptKind kind, const cJSON *json, const char *original,
          GError **error)
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
  receipt->receipt_no = g_strdup (text_of (json, "receipt_no"));
  receipt->original_receipt_no = g_strdup (original);
  receipt->time_local = g_strdup (text_of (json, "at"));
  receipt->cashier = g_strdup (text_of (json, "cashier"));
  receipt->member = mpos_loyalty_receipt_member (store, member_of (json));
  return receipt;
}

/* The payment (or refund) of a slip; cash moves the drawer. */
static void
slip_tender (MposReceipt *receipt, const cJSON *json, const char *amount_key)
{
  const char *type = text_of (json, "tender");
  MposMoney amount = money_of (json, amount_key);

  if (type == NULL || amount == 0)
    return;
  mpos_receipt_add_tender (receipt,
                           mpos_receipt_tender_word (receipt->language, type,
                                                     text_of (json, "reference")),
                           amount, text_of (json, "reference"));
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
  g_autoptr (cJSON) json = mpos_stored_value_top_up_json (store, receipt_no, error);
  const cJSON *balance;
  gboolean refund;
  MposReceipt *receipt;

  if (json == NULL)
    return NULL;
  refund = g_strcmp0 (text_of (json, "kind"), "refund") == 0;
  receipt = slip_new (store, refund ? MPOS_RECEIPT_TOP_UP_REFUND : MPOS_RECEIPT_TOP_UP, json,
                      refund ? text_of (json, "refunds") : NULL, error);
  if (receipt == NULL)
    return NULL;
  add_money_row (receipt, MPOS_WORD_PRINCIPAL, money_of (json, "principal"), NULL);
  add_money_row (receipt, MPOS_WORD_BONUS, money_of (json, "bonus"), text_of (json, "tier"));
  slip_tender (receipt, json, "principal");
  balance = cJSON_GetObjectItemCaseSensitive (json, "balance");
  receipt->loyalty.has_stored_value = balance != NULL;
  receipt->loyalty.stored_value = money_of (balance, "total");
  return receipt;
}

MposReceipt *
mpos_exchange_receipt (MposStore *store, const char *receipt_no, GError **error)
{
  g_autoptr (cJSON) json = mpos_points_exchange_json (store, receipt_no, error);
  const cJSON *points, *qty;
  gboolean cancel;
  MposReceipt *receipt;
  g_autofree char *gift = NULL, *figure = NULL;

  if (json == NULL)
    return NULL;
  cancel = g_strcmp0 (text_of (json, "kind"), "cancel") == 0;
  receipt = slip_new (store, cancel ? MPOS_RECEIPT_EXCHANGE_CANCEL : MPOS_RECEIPT_EXCHANGE, json,
                      cancel ? text_of (json, "cancels") : NULL, error);
  if (receipt == NULL)
    return NULL;
  points = cJSON_GetObjectItemCaseSensitive (json, "points");
  qty = cJSON_GetObjectItemCaseSensitive (json, "qty");
  gift = g_strdup_printf ("%s × %" G_GINT64_FORMAT, text_of (json, "name"),
                          cJSON_IsNumber (qty) ? (int64_t)qty->valuedouble : 0);
  figure = g_strdup_printf ("%+" G_GINT64_FORMAT,
                            cJSON_IsNumber (points) ? -(int64_t)points->valuedouble : 0);
  mpos_receipt_add_row (receipt, gift, NULL);
  mpos_receipt_add_row (receipt, mpos_receipt_word (receipt->language, MPOS_WORD_POINTS), figure);
  slip_tender (receipt, json, "cash");
  return receipt;
}
