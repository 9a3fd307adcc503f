/* sale-receipt.c — composing the device-independent receipt of a stored
 * sale or return, so what prints is what was committed, on first print and
 * on every reprint. */
#include "audit.h"
#include "clock.h"
#include "loyalty-receipt.h"
#include "member.h"
#include "sale.h"

static char *
member_text (MposStore *store, int64_t member_id)
{
  g_autoptr (MposMember) member = member_id ? mpos_member_get (store, member_id, NULL) : NULL;
  g_autofree char *card = NULL;

  if (member == NULL)
    return NULL;
  card = mpos_member_mask_card (member->card_no);
  return g_strdup_printf ("%s %s", card, member->level_name ? member->level_name : "");
}

static void
add_lines (MposReceipt *receipt, const MposSaleRecord *record, int sign)
{
  for (guint i = 0; i < record->lines->len; i++)
    {
      const MposSaleLine *line = g_ptr_array_index (record->lines, i);
      MposReceiptLine *out = mpos_receipt_add_line (receipt, line->name, line->code, line->weighed,
                                                    sign * line->qty, line->unit_price,
                                                    line->gross, line->net);
      for (guint k = 0; k < line->adjustments->len; k++)
        {
          const MposSaleAdjustment *adj = g_ptr_array_index (line->adjustments, k);
          if (g_strcmp0 (adj->kind, "cash_rounding") != 0)
            mpos_receipt_line_add_adjustment (out, adj->label, adj->amount);
        }
    }
}

static void
add_tenders (MposReceipt *receipt, const MposSaleRecord *record)
{
  for (guint i = 0; i < record->tenders->len; i++)
    {
      const MposSaleTender *t = g_ptr_array_index (record->tenders, i);
      mpos_receipt_add_tender (receipt, mpos_tender_label (t->tender), t->tender->amount,
                               t->tender->reference);
    }
}

static void
set_header (MposReceipt *receipt, MposStore *store, const MposStoreIdentity *identity,
            const MposSaleRecord *record)
{
  receipt->store_name = g_strdup (identity->store_name && *identity->store_name
                                      ? identity->store_name
                                      : identity->store_code);
  receipt->store_address = g_strdup (identity->store_address);
  receipt->footer = g_strdup (identity->receipt_footer);
  receipt->receipt_no = g_strdup (record->receipt_no);
  receipt->original_receipt_no = g_strdup (record->original_receipt_no);
  receipt->time_local = mpos_store_local_time (store, record->created_at);
  receipt->cashier = g_strdup (record->cashier);
  receipt->member = member_text (store, record->member_id);
}

MposReceipt *
mpos_sale_record_to_receipt (MposStore *store, const MposSaleRecord *record, gboolean reprint,
                             GError **error)
{
  const MposStoreIdentity *identity = mpos_store_get_identity (store, error);
  gboolean is_return = g_strcmp0 (record->kind, "return") == 0;
  MposReceipt *receipt;

  if (identity == NULL)
    return NULL;
  receipt = mpos_receipt_new (is_return ? MPOS_RECEIPT_RETURN : MPOS_RECEIPT_SALE);
  receipt->reprint = reprint;
  if (g_strcmp0 (record->status, "pending_approval") == 0)
    receipt->notice = g_strdup ("待审批 不得退款 PENDING APPROVAL");
  set_header (receipt, store, identity, record);
  add_lines (receipt, record, is_return ? -1 : 1);
  add_tenders (receipt, record);
  receipt->subtotal = record->subtotal;
  receipt->discount_total = record->discount_total;
  /* The receipt shows the amount before 抹零 and the rounding under it. */
  receipt->total = record->total - record->rounding;
  receipt->rounding = record->rounding;
  receipt->tax_total = record->tax_total;
  receipt->change = record->change;
  receipt->item_count = record->item_count;
  if (!mpos_loyalty_receipt_fill (store, record->id, record->member_id, record->created_at, receipt,
                                  error))
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
