/* sale.c — committing a paid cart: everything the sale changes is written in
 * one IMMEDIATE transaction (WAL, synchronous=FULL) before any receipt prints. */
#include "audit.h"
#include "fail.h"
#include "cart-private.h"
#include "clock.h"
#include "gift-card-sale.h"
#include "hotlist.h"
#include "coupon-private.h"
#include "payment-attempt.h"
#include "sale.h"
#include "sale-write.h"
#include "stock.h"
#include "store-private.h"
#include "loyalty.h"
#include "suspend.h"

#include <string.h>

typedef struct
{
  MposCart *cart;
  MposMoney change;
  int64_t now;
  MposSaleResult *result;
} CommitRun;

static MposMoney
adjustments_of_kind (MposCart *cart, MposAdjustmentKind kind, gboolean matching)
{
  MposMoney sum = 0;

  for (guint i = 0; i < cart->lines->len; i++)
    {
      MposCartLine *line = g_ptr_array_index (cart->lines, i);
      for (guint k = 0; k < line->adjustments->len; k++)
        {
          MposAdjustment *adj = g_ptr_array_index (line->adjustments, k);
          if ((adj->kind == kind) == matching)
            sum += adj->amount;
        }
    }
  return sum;
}

/* The cart's tenders as the sale record's, numbered from 1 in the cart's
 * order (gift-card-sale.c counts on it), borrowing the tenders. */
static GPtrArray *
sale_tenders (const MposCart *cart)
{
  GPtrArray *out = g_ptr_array_new_full (cart->tenders->len, g_free);

  for (guint i = 0; i < cart->tenders->len; i++)
    {
      MposSaleTender *t = g_new0 (MposSaleTender, 1);

      t->seq = (int) i + 1;
      t->tender = g_ptr_array_index (cart->tenders, i);
      g_ptr_array_add (out, t);
    }
  return out;
}

static gboolean
write_header (CommitRun *run, const char *day, GError **error)
{
  MposCart *cart = run->cart;
  g_autoptr (GPtrArray) tenders = sale_tenders (cart);
  MposSaleRecord h = { 0 };

  h.id = run->result->sale_id;
  h.receipt_no = run->result->receipt_no;
  h.kind = "sale";
  h.status = "completed";
  h.business_day = (char *) day;
  h.created_at = run->now;
  h.cashier = cart->cashier ? cart->cashier : "unknown";
  h.approved_by = cart->approver.number; /* the supervisor who signed on the sale, if any */
  h.member_id = cart->member ? cart->member->id : 0;
  h.member_level = cart->member ? cart->member->level_code : NULL;
  h.item_count = mpos_cart_item_count (cart);
  h.subtotal = mpos_cart_subtotal (cart);
  h.rounding = adjustments_of_kind (cart, MPOS_ADJUST_CASH_ROUNDING, TRUE);
  h.discount_total = adjustments_of_kind (cart, MPOS_ADJUST_CASH_ROUNDING, FALSE);
  h.total = mpos_cart_total (cart);
  h.tax_total = mpos_cart_tax_total (cart);
  h.tendered = mpos_cart_tendered (cart);
  h.change = run->change;
  h.tenders = tenders;
  return mpos_sale_insert_header (cart->store, &h, error);
}

/* The lines below live only while they are written and borrow the cart's
 * strings; the display name is theirs. */
static void
borrowed_line_free (MposSaleLine *line)
{
  g_free (line->name);
  g_ptr_array_unref (line->adjustments);
  g_free (line);
}

/* The cart line as the sale record's line, with its adjustments and share
 * of the sale's loyalty (NULL: none). */
static MposSaleLine *
sale_line (const MposCartLine *line, const MposLineLoyalty *loyalty)
{
  MposSaleLine *row = g_new0 (MposSaleLine, 1);

  row->adjustments = g_ptr_array_new_full (line->adjustments->len, g_free);
  row->line_no = (int) line->line_no;
  row->sku_id = line->sku->sku_id;
  row->code = line->code;
  row->name = mpos_sku_display_name (line->sku);
  row->weighed = line->sku->unit == MPOS_UNIT_WEIGHT;
  row->qty = line->qty;
  row->unit_price = line->list_unit_price;
  row->gross = line->gross;
  row->net = line->net;
  row->tax = line->tax;
  row->tax_rate_bp = line->sku->tax_rate_bp;
  for (guint k = 0; k < line->adjustments->len; k++)
    {
      const MposAdjustment *adj = g_ptr_array_index (line->adjustments, k);
      MposSaleAdjustment *step = g_new (MposSaleAdjustment, 1);

      *step = (MposSaleAdjustment){ (int) k + 1, (char *) mpos_adjustment_kind_name (adj->kind),
                                    adj->source, adj->label, adj->amount };
      g_ptr_array_add (row->adjustments, step);
    }
  row->has_loyalty = loyalty != NULL;
  if (loyalty != NULL)
    row->loyalty = *loyalty;
  return row;
}

/* The lines onto the sale's row, and a stock movement each. */
static gboolean
write_lines (CommitRun *run, const MposLineLoyalty *loyalty, GError **error)
{
  MposStore *store = run->cart->store;
  GPtrArray *cart_lines = run->cart->lines;
  g_autoptr (GPtrArray) lines = g_ptr_array_new_with_free_func ((GDestroyNotify) borrowed_line_free);

  for (guint i = 0; i < cart_lines->len; i++)
    g_ptr_array_add (lines, sale_line (g_ptr_array_index (cart_lines, i),
                                       loyalty ? &loyalty[i] : NULL));
  return mpos_sale_write_lines (store, run->result->sale_id, lines, error)
         && mpos_sale_move_stock (store, run->result->sale_id, lines, -1, "sale", run->now, error);
}

static gboolean
audit_voids (CommitRun *run, GError **error)
{
  g_autofree char *detail = NULL;

  if (run->cart->voided == 0)
    return TRUE;
  detail = g_strdup_printf ("%u line(s) voided before payment", run->cart->voided);
  return mpos_audit_record_approved (run->cart->store, run->now, run->cart->cashier,
                                     run->cart->approver.number, "void_line",
                                     run->result->receipt_no, detail, error);
}

static gboolean
commit_body (MposStore *store, gpointer data, GError **error)
{
  CommitRun *run = data;
  g_autofree char *day = NULL;
  guint n = run->cart->lines->len;
  g_autofree MposLineLoyalty *loyalty = g_new0 (MposLineLoyalty, MAX (n, 1));
  gboolean any_loyalty = FALSE;

  if (!mpos_sale_number (store, run->now, run->result, &day, error)
      || !write_header (run, day, error))
    return FALSE;
  if (run->cart->resumed_from && !mpos_suspend_remove (store, run->cart->resumed_from, error))
    return FALSE;
  /* Loyalty before the lines: each line row carries its share. */
  if (!mpos_gift_card_apply_sale (store, run->cart, run->result->sale_id, run->now, error)
      || !mpos_coupon_redeem_sale (store, run->cart, run->result->sale_id, run->now, error)
      || !mpos_loyalty_apply_sale (store, run->cart, run->result->sale_id, run->now, loyalty,
                                   &any_loyalty, error))
    return FALSE;
  return write_lines (run, any_loyalty ? loyalty : NULL, error)
         && audit_voids (run, error)
         && mpos_payment_attempts_complete_sale (store, run->result->sale_id, error)
         && mpos_sale_finish (store, run->result->sale_id, "sale", run->cart->cashier,
                                run->cart->approver.number, run->now,
                              run->result, error);
}

gboolean
mpos_sale_commit (MposCart *cart, MposSaleResult *result, GError **error)
{
  CommitRun run = { cart, 0, mpos_clock_now (), result };

  memset (result, 0, sizeof *result);
  g_strlcpy (result->sale_id, cart->sale_id, sizeof result->sale_id);
  /* No shift, no sale: said before the cart settles (the commit checks again). */
  /* A block pulled after the member was attached is met before any tender
   * settles: no sale is written for a member the mall blocked. */
  if (!mpos_store_counter_check (cart->store, MPOS_COUNTER_SALE, error)
      || (cart->member && !mpos_hotlist_check (cart->store, NULL, cart->member->uid, error))
      || !mpos_cart_check_policy (cart, error) || !mpos_cart_settle (cart, &run.change, error))
    return FALSE;
  if (!mpos_store_transaction (cart->store, commit_body, &run, error))
    return FALSE;
  result->total = mpos_cart_total (cart);
  result->change = run.change;
  return TRUE;
}

gboolean
mpos_sale_void (MposCart *cart, const char *reason, GError **error)
{
  g_autofree char *detail = NULL;
  char total[MPOS_MONEY_BUF];
  const char *approved_by = NULL;

  if (!mpos_cart_require (cart, MPOS_ACTION_VOID_SALE, 0, R_ ("voiding the whole sale"),
                          &approved_by, error))
    return FALSE;
  detail = g_strdup_printf ("%u line(s), total %s%s%s", cart->lines->len,
                            mpos_money_to_buf (mpos_cart_total (cart), total),
                            reason ? ": " : "", reason ? reason : "");
  if (!mpos_store_begin (cart->store, error))
    return FALSE;
  /* A resumed sale that is voided is gone too: it must not be resumed again. */
  if ((cart->resumed_from && !mpos_suspend_remove (cart->store, cart->resumed_from, error))
      || !mpos_audit_record_approved (cart->store, mpos_clock_now (), cart->cashier, approved_by,
                                      "void_sale", NULL, detail, error))
    {
      mpos_store_rollback (cart->store);
      return FALSE;
    }
  return mpos_store_commit (cart->store, error);
}
