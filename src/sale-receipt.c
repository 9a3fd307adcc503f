/* sale-receipt.c — composing the device-independent receipt of a stored
 * sale or return, so what prints is what was committed, on first print and
 * on every reprint: its words in the store's receipt language, an order-level
 * promotion once with its total (the allocation to lines stays in the data
 * for returns), gift card serials masked, and the store's receipt settings. */
#include "audit.h"
#include "clock.h"
#include "loyalty-receipt.h"
#include "member.h"
#include "receipt-settings.h"
#include "receipt-words.h"
#include "sale.h"
#include "store-private.h"

#include <string.h>

static MposSql SQL_PROMOTION_TYPE
    = MPOS_SQL ("sale-receipt: promotion type", "SELECT type FROM promotions WHERE code = :code");
static MposSql SQL_GIFT_CARDS_SOLD = MPOS_SQL (
    "sale-receipt: gift cards sold",
    "SELECT e.line_no, c.serial FROM gift_card_ledger e JOIN gift_cards c ON c.id = e.card_id "
    "WHERE e.sale_id = :sale AND e.kind = 'activate' ORDER BY e.line_no");
static MposSql SQL_COUPONS_FORFEIT = MPOS_SQL (
    "sale-receipt: coupons forfeit",
    "SELECT code, amount, forfeit FROM coupon_events WHERE sale_id = :sale AND kind = 'redeem' "
    "AND forfeit IS NOT NULL ORDER BY id");
/* A deduction's points: the return's take-backs the member no longer had (0026). */
static MposSql SQL_POINTS_DEDUCTED
    = MPOS_SQL ("sale-receipt: points deducted",
                "SELECT coalesce (-sum (available), 0) FROM points_ledger WHERE action_id = :sale "
                "AND lot_id IS NULL AND kind = 'reverse'");

/* Threshold promotions (满100减10), order discounts and coupons are spread
 * over lines for returns; the shopper reads them as one order line. */
static gboolean
is_order_level (MposStore *store, const MposSaleAdjustment *adj)
{
  g_autoptr (MposStmt) stmt = NULL;
  gboolean threshold = FALSE;

  if (g_strcmp0 (adj->kind, "order_discount") == 0 || g_strcmp0 (adj->kind, "coupon") == 0)
    return TRUE;
  if (g_strcmp0 (adj->kind, "promotion") != 0
      || (stmt = mpos_store_stmt (store, &SQL_PROMOTION_TYPE, NULL)) == NULL)
    return FALSE;
  mpos_bind_text (stmt, ":code", adj->source);
  if (mpos_store_step (stmt) == SQLITE_ROW)
    threshold = g_strcmp0 ((const char *)sqlite3_column_text (stmt, 0), "threshold") == 0;
  sqlite3_reset (stmt);
  return threshold;
}

/* "12.5" (of "12.5% off") in basis points: 1250. */
static gboolean
parse_percent_bp (const char *text, gsize length, int *bp)
{
  int whole = 0, fraction = 0, fraction_digits = 0;
  gboolean dot = FALSE;

  if (length == 0 || length > 6)
    return FALSE;
  for (gsize i = 0; i < length; i++)
    {
      if (text[i] == '.' && !dot)
        {
          dot = TRUE;
          continue;
        }
      if (!g_ascii_isdigit (text[i]) || (dot && fraction_digits == 2))
        return FALSE;
      if (!dot)
        {
          whole = whole * 10 + (text[i] - '0');
          continue;
        }
      fraction = fraction * 10 + (text[i] - '0');
      fraction_digits++;
    }
  for (; fraction_digits < 2; fraction_digits++)
    fraction *= 10;
  *bp = whole * 100 + fraction;
  return whole <= 100;
}

/* "金卡会员 5% off" as pricing.c writes it → the receipt language's words
 * ("金卡会员 95折"); a label in another form is printed as stored. */
static char *
level_discount_label (MposReceiptLanguage language, const char *label)
{
  const char *end = label + strlen (label) - strlen ("% off");
  const char *space;
  g_autofree char *level = NULL;
  int bp;

  if (!g_str_has_suffix (label, "% off"))
    return g_strdup (label);
  space = g_strrstr_len (label, end - label, " ");
  if (space == NULL || space == label
      || !parse_percent_bp (space + 1, (gsize)(end - space - 1), &bp))
    return g_strdup (label);
  level = g_strndup (label, (gsize)(space - label));
  return mpos_receipt_level_discount_label (language, level, bp);
}

static char *
adjustment_label (MposReceiptLanguage language, const MposSaleAdjustment *adj)
{
  if (g_strcmp0 (adj->kind, "level_discount") == 0)
    return level_discount_label (language, adj->label);
  /* pricing.c's own words; a label written otherwise (an old store) prints as stored */
  if (g_strcmp0 (adj->kind, "member_price") == 0 && g_strcmp0 (adj->label, "会员价 Member price") == 0)
    return g_strdup (mpos_receipt_word (language, MPOS_WORD_MEMBER_PRICE));
  return g_strdup (adj->label);
}

static void
add_adjustments (MposReceipt *receipt, MposStore *store, MposReceiptLine *out,
                 const MposSaleLine *line)
{
  for (guint k = 0; k < line->adjustments->len; k++)
    {
      const MposSaleAdjustment *adj = g_ptr_array_index (line->adjustments, k);
      g_autofree char *label = NULL;

      if (g_strcmp0 (adj->kind, "cash_rounding") == 0)
        continue;
      label = adjustment_label (receipt->language, adj);
      if (is_order_level (store, adj))
        mpos_receipt_add_order_adjustment (receipt, label, adj->amount);
      else
        mpos_receipt_line_add_adjustment (out, label, adj->amount);
    }
}

/* "卡号 6200****1234" under each gift card the sale sold. */
static void
add_gift_card_notes (MposReceipt *receipt, MposStore *store, const MposSaleRecord *record)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_GIFT_CARDS_SOLD, NULL);

  if (stmt == NULL)
    return;
  mpos_bind_text (stmt, ":sale", record->id);
  while (mpos_store_step (stmt) == SQLITE_ROW)
    {
      int line_no = sqlite3_column_int (stmt, 0);
      g_autofree char *masked = mpos_receipt_mask_serial ((const char *)sqlite3_column_text (stmt, 1));

      for (guint i = 0; i < record->lines->len; i++)
        {
          const MposSaleLine *line = g_ptr_array_index (record->lines, i);
          MposReceiptLine *out = g_ptr_array_index (receipt->lines, i);

          if (line->line_no == line_no && out->note == NULL)
            out->note = g_strconcat (mpos_receipt_word (receipt->language, MPOS_WORD_GIFT_CARD_NO),
                                     masked, NULL);
        }
    }
  sqlite3_reset (stmt);
}

static void
add_lines (MposReceipt *receipt, MposStore *store, const MposSaleRecord *record, int sign)
{
  for (guint i = 0; i < record->lines->len; i++)
    {
      const MposSaleLine *line = g_ptr_array_index (record->lines, i);
      MposReceiptLine *out = mpos_receipt_add_line (receipt, line->name, line->code, line->weighed,
                                                    sign * line->qty, line->unit_price,
                                                    line->gross, line->net);
      add_adjustments (receipt, store, out, line);
    }
  add_gift_card_notes (receipt, store, record);
}

static void
add_tenders (MposReceipt *receipt, const MposSaleRecord *record)
{
  for (guint i = 0; i < record->tenders->len; i++)
    {
      const MposTender *t = ((const MposSaleTender *)g_ptr_array_index (record->tenders, i))->tender;
      const char *type = mpos_tender_type_name (t->type);
      g_autofree char *masked = NULL;

      if (mpos_tender_kind (t->type)->masked_reference)
        masked = mpos_receipt_mask_serial (t->reference);
      mpos_receipt_add_tender (receipt, mpos_receipt_tender_word (receipt->language, type, t->reference),
                               t->amount, masked != NULL ? masked : t->reference);
      if (mpos_tender_kind (t->type)->opens_drawer && t->amount != 0)
        receipt->cash_moved = TRUE;
    }
  if (record->change != 0)
    receipt->cash_moved = TRUE;
}

/* "券 X 面值 20.00 抵用 19.90 (0.10 作废)" under the order adjustments, for
 * each coupon worth more than the goods it covered (coupon_over_sale "forfeit"). */
static void
add_coupon_forfeits (MposReceipt *receipt, MposStore *store, const MposSaleRecord *record)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_COUPONS_FORFEIT, NULL);

  if (stmt == NULL)
    return;
  mpos_bind_text (stmt, ":sale", record->id);
  while (mpos_store_step (stmt) == SQLITE_ROW)
    {
      MposMoney used = sqlite3_column_int64 (stmt, 1), forfeit = sqlite3_column_int64 (stmt, 2);
      char worth[MPOS_MONEY_BUF], used_text[MPOS_MONEY_BUF], lost[MPOS_MONEY_BUF];
      g_autoptr (GString) note
          = g_string_new (mpos_receipt_word (receipt->language, MPOS_WORD_COUPON_FORFEIT));

      g_string_replace (note, "%s", (const char *)sqlite3_column_text (stmt, 0), 1);
      g_string_replace (note, "%s", mpos_money_to_buf (used + forfeit, worth), 1);
      g_string_replace (note, "%s", mpos_money_to_buf (used, used_text), 1);
      g_string_replace (note, "%s", mpos_money_to_buf (forfeit, lost), 1);
      mpos_receipt_add_order_note (receipt, note->str);
    }
  sqlite3_reset (stmt);
}

/* The refund that gives less for a deduction: refunds fill the money
 * tenders last first, so the one for the sale's earliest money tender. */
static const MposTender *
deduction_tender (const MposSaleRecord *record)
{
  const MposSaleTender *first = NULL;

  for (guint i = 0; i < record->tenders->len; i++)
    {
      const MposSaleTender *t = g_ptr_array_index (record->tenders, i);

      if (!mpos_tender_kind (t->tender->type)->member_account
          && (first == NULL || t->original_seq < first->original_seq))
        first = t;
    }
  return first ? first->tender : NULL;
}

static gboolean
add_deduction (MposReceipt *receipt, MposStore *store, const MposSaleRecord *record, GError **error)
{
  g_autoptr (MposStmt) stmt = NULL;
  const MposTender *less = deduction_tender (record);

  if (record->points_deduction == 0)
    return TRUE;
  if ((stmt = mpos_store_stmt (store, &SQL_POINTS_DEDUCTED, error)) == NULL)
    return FALSE;
  mpos_bind_text (stmt, ":sale", record->id);
  if (!mpos_store_step_returning (store, stmt, "reading the points a refund paid for",
                                  &receipt->points_deducted, error))
    return FALSE;
  receipt->points_deduction = record->points_deduction;
  if (less != NULL)
    receipt->deduction_tender = g_strdup (mpos_receipt_tender_word (
        receipt->language, mpos_tender_type_name (less->type), less->reference));
  return TRUE;
}

static void
set_header (MposReceipt *receipt, MposStore *store, const MposStoreIdentity *identity,
            const MposSaleRecord *record)
{
  mpos_receipt_set_store (receipt, identity);
  receipt->training = mpos_store_is_training (store);
  receipt->receipt_no = g_strdup (record->receipt_no);
  receipt->original_receipt_no = g_strdup (record->original_receipt_no);
  receipt->time_local = mpos_store_local_time (store, record->created_at);
  receipt->cashier = g_strdup (record->cashier);
  receipt->member = mpos_loyalty_receipt_member (store, record->member_id);
}

/* The QR codes: the e-invoice link on a sale, the membership link on the
 * receipt of a shopper who is not a member yet. */
static void
set_links (MposReceipt *receipt, const MposReceiptSettings *settings, const MposSaleRecord *record)
{
  if (receipt->kind != MPOS_RECEIPT_SALE || receipt->notice != NULL)
    return;
  if (settings->invoice_url != NULL)
    receipt->invoice_url
        = mpos_receipt_invoice_url (settings->invoice_url, record->receipt_no, record->total);
  if (settings->join_url != NULL && record->member_id == 0)
    receipt->join_url = g_strdup (settings->join_url);
}

/* A return without a receipt that was never approved: still waiting (待审批,
 * nothing refunded yet), or rejected — then the receipt says so, by whom and
 * why (0039), on first print and every reprint, and shows no amount due to
 * the customer (no_refund). */
static gboolean
set_waiting_notice (MposReceipt *receipt, MposStore *store, const MposSaleRecord *record,
                    GError **error)
{
  g_autofree char *by = NULL, *reason = NULL;
  g_autoptr (GString) who = NULL;

  if (!mpos_sale_return_rejection (store, record->id, &by, &reason, error))
    return FALSE;
  if (by == NULL)
    {
      receipt->notice
          = g_strdup (mpos_receipt_word (receipt->language, MPOS_WORD_PENDING_APPROVAL));
      return TRUE;
    }
  who = g_string_new (mpos_receipt_word (receipt->language, MPOS_WORD_REJECTED_BY));
  g_string_replace (who, "%s", by, 1);
  g_string_replace (who, "%s", reason ? reason : "", 1);
  receipt->notice = g_strconcat (mpos_receipt_word (receipt->language, MPOS_WORD_RETURN_REJECTED),
                                 "\n", who->str, NULL);
  receipt->no_refund = TRUE;
  return TRUE;
}

MposReceipt *
mpos_sale_record_to_receipt (MposStore *store, const MposSaleRecord *record, gboolean reprint,
                             GError **error)
{
  const MposStoreIdentity *identity = mpos_store_get_identity (store, error);
  gboolean is_return = g_strcmp0 (record->kind, "return") == 0;
  g_auto (MposReceiptSettings) settings = { 0 };
  MposReceipt *receipt;

  if (identity == NULL || !mpos_receipt_settings_load (store, &settings, error))
    return NULL;
  receipt = mpos_receipt_new (is_return ? MPOS_RECEIPT_RETURN : MPOS_RECEIPT_SALE);
  mpos_receipt_apply_settings (receipt, &settings);
  receipt->reprint = reprint;
  if (g_strcmp0 (record->status, "pending_approval") == 0
      && !set_waiting_notice (receipt, store, record, error))
    {
      mpos_receipt_free (receipt);
      return NULL;
    }
  set_header (receipt, store, identity, record);
  add_lines (receipt, store, record, is_return ? -1 : 1);
  add_coupon_forfeits (receipt, store, record);
  add_tenders (receipt, record);
  set_links (receipt, &settings, record);
  receipt->subtotal = record->subtotal;
  receipt->discount_total = record->discount_total;
  /* The receipt shows the amount before 抹零 and the rounding under it. */
  receipt->total = record->total - record->rounding;
  receipt->rounding = record->rounding;
  receipt->tax_total = record->tax_total;
  receipt->change = record->change;
  receipt->item_count = record->item_count;
  if (!add_deduction (receipt, store, record, error)
      || !mpos_loyalty_receipt_fill (store, record->id, record->member_id, record->created_at,
                                     receipt, error))
    {
      mpos_receipt_free (receipt);
      return NULL;
    }
  return receipt;
}

MposReceipt *
mpos_sale_reprint (MposStore *store, const char *receipt_no, const char *actor, GError **error)
{
  g_autoptr (MposSaleRecord) record = mpos_sale_load (store, receipt_no, error);

  if (record == NULL
      || !mpos_audit_record (store, mpos_clock_now (), actor, "reprint", record->receipt_no, NULL,
                             error))
    return NULL;
  return mpos_sale_record_to_receipt (store, record, TRUE, error);
}
