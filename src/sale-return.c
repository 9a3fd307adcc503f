/* sale-return.c — returns. With a receipt, each returned line refunds
 * exactly its share of what was paid for it: the k-th of n units refunds
 * round(net·k/n) − round(net·(k−1)/n), so returning every unit, in any
 * number of returns, refunds the line's net to the fen. Refunds go back to
 * the original tenders, last tender first. Without a receipt, goods are
 * refunded in cash at today's price, after a supervisor's approval. */
#include "staff-permission.h"
#include "audit.h"
#include "cashier.h"
#include "fail.h"
#include "cart-private.h"
#include "clock.h"
#include "gift-card-sale.h"
#include "coupon-private.h"
#include "rounding.h"
#include "loyalty.h"
#include "report-day.h"
#include "sale.h"
#include "sale-write.h"
#include "stock.h"

#include <string.h>

static MposSql SQL_RETURNED_LINES
    = MPOS_SQL ("sale-return: returned lines",
                "SELECT l.original_line_no, sum(l.qty), sum(l.gross), sum(l.net), sum(l.tax) "
                "FROM sale_lines l JOIN sales s ON s.id = l.sale_id "
                "WHERE s.original_sale_id = :id AND s.kind = 'return' GROUP BY l.original_line_no");
static MposSql SQL_REFUNDED_TENDERS = MPOS_SQL (
    "sale-return: refunded tenders",
    "SELECT t.original_seq, sum(t.amount) FROM tenders t JOIN sales s ON s.id = t.sale_id "
    "WHERE s.original_sale_id = :id AND t.original_seq IS NOT NULL GROUP BY t.original_seq");
static MposSql SQL_APPROVE = MPOS_SQL (
    "sale-return: approve",
    "UPDATE sales SET status = 'completed', approved_by = :supervisor, tendered = total "
    "WHERE id = :id AND status = 'pending_approval'");

typedef struct
{
  int64_t qty;
  MposMoney gross, net, tax; /* as stored on return lines: negative */
} Returned;

typedef struct
{
  MposStore *store;
  MposSaleRecord *original;
  const GArray *requests;
  const char *cashier;
  const char *reason;
  int64_t now;
  MposSaleResult *result;
  GHashTable *returned; /* original line_no → Returned* */
  GHashTable *refunded; /* original tender seq → refunded so far (negative), boxed */
  MposSaleRecord *ret;  /* the return being built */
} ReturnRun;

#define sale_fail(error, code, ...) mpos_fail (error, MPOS_SALE_ERROR, code, __VA_ARGS__)

/* round(amount · k / n), half-up: the cumulative share of k of n units. */
static MposMoney
share (MposMoney amount, int64_t k, int64_t n)
{
  MposMoney out = 0;

  mpos_round_mul_div (amount, k, n, MPOS_ROUND_HALF_UP, &out);
  return out;
}

static gboolean
load_returned (ReturnRun *run, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (run->store, &SQL_RETURNED_LINES, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  mpos_bind_text (stmt, ":id", run->original->id);
  while ((rc = mpos_store_step (stmt)) == SQLITE_ROW)
    {
      Returned *r = g_new0 (Returned, 1);
      r->qty = sqlite3_column_int64 (stmt, 1);
      r->gross = sqlite3_column_int64 (stmt, 2);
      r->net = sqlite3_column_int64 (stmt, 3);
      r->tax = sqlite3_column_int64 (stmt, 4);
      g_hash_table_insert (run->returned, GINT_TO_POINTER (sqlite3_column_int (stmt, 0)), r);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return mpos_store_fail (run->store, rc, "reading earlier returns", error);
  return TRUE;
}

static gboolean
load_refunded (ReturnRun *run, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (run->store, &SQL_REFUNDED_TENDERS, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  mpos_bind_text (stmt, ":id", run->original->id);
  while ((rc = mpos_store_step (stmt)) == SQLITE_ROW)
    {
      MposMoney *sum = g_new (MposMoney, 1);
      *sum = sqlite3_column_int64 (stmt, 1);
      g_hash_table_insert (run->refunded, GINT_TO_POINTER (sqlite3_column_int (stmt, 0)), sum);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return mpos_store_fail (run->store, rc, "reading earlier refunds", error);
  return TRUE;
}

static const MposSaleLine *
original_line (ReturnRun *run, int line_no)
{
  for (guint i = 0; i < run->original->lines->len; i++)
    {
      const MposSaleLine *line = g_ptr_array_index (run->original->lines, i);
      if (line->line_no == line_no)
        return line;
    }
  return NULL;
}

/* Builds the return line for `want` more units of `line` (0: all remaining). */
static gboolean
add_return_line (ReturnRun *run, const MposSaleLine *line, int64_t want, gboolean explicit,
                 GError **error)
{
  Returned none = { 0 };
  Returned *before = g_hash_table_lookup (run->returned, GINT_TO_POINTER (line->line_no));
  int64_t remaining, k_after;
  MposSaleLine *out;

  before = before ? before : &none;
  remaining = line->qty - before->qty;
  if (want == 0)
    want = remaining;
  if (remaining == 0)
    return explicit
               ? sale_fail (error, MPOS_SALE_ERROR_ALREADY_RETURNED,
                            R_ ("line %d (%s) was already returned"), line->line_no, line->name)
               : TRUE;
  if (want < 0 || want > remaining)
    return sale_fail (error, MPOS_SALE_ERROR_INVALID,
                      "line %d (%s): only %" G_GINT64_FORMAT " can still be returned",
                      line->line_no, line->name, remaining);
  k_after = before->qty + want;
  out = mpos_sale_line_new ();
  out->line_no = (int) run->ret->lines->len + 1;
  out->sku_id = line->sku_id;
  out->code = g_strdup (line->code);
  out->name = g_strdup (line->name);
  out->weighed = line->weighed;
  out->qty = want;
  out->unit_price = line->unit_price;
  out->gross = -(share (line->gross, k_after, line->qty) + before->gross);
  out->net = -(share (line->net, k_after, line->qty) + before->net);
  out->tax = -(share (line->tax, k_after, line->qty) + before->tax);
  out->tax_rate_bp = line->tax_rate_bp;
  out->original_line_no = line->line_no;
  g_ptr_array_add (run->ret->lines, out);
  /* Count this return too, so the same line asked for twice in one return
   * cannot go back beyond what was sold (nor refund more than was paid). */
  if (before == &none)
    {
      before = g_new0 (Returned, 1);
      g_hash_table_insert (run->returned, GINT_TO_POINTER (line->line_no), before);
    }
  before->qty += out->qty;
  before->gross += out->gross;
  before->net += out->net;
  before->tax += out->tax;
  return TRUE;
}

static gboolean
collect_lines (ReturnRun *run, GError **error)
{
  guint n = run->requests ? run->requests->len : 0;

  for (guint i = 0; i < n; i++)
    {
      const MposReturnRequest *req = &g_array_index (run->requests, MposReturnRequest, i);
      const MposSaleLine *line = original_line (run, req->line_no);
      if (line == NULL)
        return sale_fail (error, MPOS_SALE_ERROR_INVALID, R_ ("receipt %s has no line %d"),
                          run->original->receipt_no, req->line_no);
      if (!add_return_line (run, line, req->qty, TRUE, error))
        return FALSE;
    }
  for (guint i = 0; n == 0 && i < run->original->lines->len; i++)
    if (!add_return_line (run, g_ptr_array_index (run->original->lines, i), 0, FALSE, error))
      return FALSE;
  if (run->ret->lines->len == 0)
    return sale_fail (error, MPOS_SALE_ERROR_ALREADY_RETURNED,
                      R_ ("everything on receipt %s was already returned"),
                      run->original->receipt_no);
  return TRUE;
}

/* What each original tender really paid: cash less the change given. */
static MposMoney
tender_paid (const MposSaleRecord *sale, guint index)
{
  const MposSaleTender *t = g_ptr_array_index (sale->tenders, index);
  MposMoney change = sale->change;

  for (guint i = sale->tenders->len; i-- > index + 1;)
    {
      const MposSaleTender *later = g_ptr_array_index (sale->tenders, i);
      if (mpos_tender_kind (later->tender->type)->gives_change)
        change -= MIN (change, later->tender->amount);
    }
  if (!mpos_tender_kind (t->tender->type)->gives_change)
    return t->tender->amount;
  return t->tender->amount - MIN (change, t->tender->amount);
}

static void
add_refund_tender (ReturnRun *run, const MposTender *like, MposMoney amount, int original_seq)
{
  MposSaleTender *t = g_new0 (MposSaleTender, 1);

  t->seq = (int) run->ret->tenders->len + 1;
  t->tender = mpos_tender_new (like ? like->type : MPOS_TENDER_CASH, -amount,
                               like ? like->reference : NULL, like ? like->provider : NULL);
  t->original_seq = original_seq;
  g_ptr_array_add (run->ret->tenders, t);
}

static gboolean
is_loyalty (MposTenderType type)
{
  return mpos_tender_kind (type)->member_account;
}

/* Refunds `refund` to the original tenders of `type` (loyalty) or to all
 * other tenders (not loyalty), last tender first, each up to what it paid
 * less earlier refunds. Returns what is left. */
static MposMoney
refund_to (ReturnRun *run, MposMoney refund, gboolean loyalty, MposTenderType type)
{
  const MposSaleRecord *sale = run->original;

  for (guint i = sale->tenders->len; i-- > 0 && refund > 0;)
    {
      const MposSaleTender *t = g_ptr_array_index (sale->tenders, i);
      MposMoney *done = g_hash_table_lookup (run->refunded, GINT_TO_POINTER (t->seq));
      MposMoney open = tender_paid (sale, i) + (done ? *done : 0);
      MposMoney take = MIN (refund, MAX (open, 0));

      if (is_loyalty (t->tender->type) != loyalty || (loyalty && t->tender->type != type))
        continue;
      if (take > 0)
        add_refund_tender (run, t->tender, take, t->seq);
      refund -= take;
    }
  return refund;
}

/* Points and stored value go back exactly as the returned lines consumed
 * them (src/loyalty.c); the rest of the refund goes to the other tenders,
 * less the deduction for earned points already spent: refunds fill the
 * money tenders last tender first, so the one refunded last (the sale's
 * first money tender, cash as a rule) gives less. */
static gboolean
allocate_refund (ReturnRun *run, MposMoney refund, MposMoney points_value, MposMoney stored_value,
                 MposMoney deduction, GError **error)
{
  MposMoney left = refund - points_value - stored_value;
  char worth[MPOS_MONEY_BUF], money[MPOS_MONEY_BUF];

  left += refund_to (run, points_value, TRUE, MPOS_TENDER_POINTS);
  left += refund_to (run, stored_value, TRUE, MPOS_TENDER_STORED_VALUE);
  if (left < deduction)
    return sale_fail (
        error, MPOS_SALE_ERROR_INVALID,
        R_ ("the member already spent points this return takes back, worth %s, which "
            "the store deducts from the refund, but only %s of it goes back as money: "
            "return more of the sale, or a supervisor adds the points first "
            "(mallposctl points adjust)"),
        mpos_money_to_buf (deduction, worth), mpos_money_to_buf (MAX (left, 0), money));
  left = refund_to (run, left - deduction, FALSE, MPOS_TENDER_CASH);
  if (left > 0) /* only if earlier refunds went beyond what was paid */
    add_refund_tender (run, NULL, left, 0);
  return TRUE;
}

static void
total_return (MposSaleRecord *ret)
{
  for (guint i = 0; i < ret->lines->len; i++)
    {
      const MposSaleLine *line = g_ptr_array_index (ret->lines, i);
      ret->subtotal += line->gross;
      ret->total += line->net;
      ret->tax_total += line->tax;
      ret->item_count -= line->weighed ? 1 : line->qty;
    }
  ret->discount_total = ret->total - ret->subtotal;
}

static gboolean
write_return (ReturnRun *run, gboolean move_stock, GError **error)
{
  MposSaleRecord *ret = run->ret;

  return mpos_sale_insert_header (run->store, ret, error)
         && mpos_sale_write_lines (run->store, ret->id, ret->lines, error)
         && (!move_stock
             || mpos_sale_move_stock (run->store, ret->id, ret->lines, 1, "return", run->now,
                                      error));
}

static gboolean
finish_return (ReturnRun *run, GError **error)
{
  return mpos_sale_finish (run->store, run->ret->id, "return", run->cashier,
                           run->ret->approved_by, run->now, run->result, error);
}

static MposSaleRecord *
new_return_record (ReturnRun *run, const char *day, const char *status)
{
  MposSaleRecord *ret = mpos_sale_record_new ();

  ret->id = g_strdup (run->result->sale_id);
  ret->receipt_no = g_strdup (run->result->receipt_no);
  ret->kind = g_strdup ("return");
  ret->status = g_strdup (status);
  ret->business_day = g_strdup (day);
  ret->created_at = run->now;
  ret->cashier = g_strdup (run->cashier ? run->cashier : "unknown");
  ret->reason = g_strdup (run->reason);
  return ret;
}

static gboolean
return_body (MposStore *store, gpointer data, GError **error)
{
  ReturnRun *run = data;
  g_autofree char *day = NULL;
  MposMoney points_value = 0, stored_value = 0;

  if (!load_returned (run, error) || !load_refunded (run, error)
      || !mpos_sale_number (store, run->now, run->result, &day, error))
    return FALSE;
  run->ret = new_return_record (run, day, "completed");
  run->ret->original_sale_id = g_strdup (run->original->id);
  run->ret->member_id = run->original->member_id;
  run->ret->member_level = g_strdup (run->original->member_level);
  if (!collect_lines (run, error))
    return FALSE;
  total_return (run->ret);
  if (!mpos_loyalty_return_refunds (store, run->original, run->ret, &points_value, &stored_value,
                                    error))
    return FALSE;
  run->ret->tendered = run->ret->total;
  /* Loyalty before the refunds (it may keep some back for points already
   * spent) and before the journal entry, so the entry carries its movements. */
  if (!write_return (run, TRUE, error)
      || !mpos_loyalty_apply_return (store, run->original, run->ret, run->now,
                                     &run->ret->points_deduction, error)
      || !allocate_refund (run, -run->ret->total, points_value, stored_value,
                           run->ret->points_deduction, error))
    return FALSE;
  run->ret->tendered = run->ret->total + run->ret->points_deduction;
  return mpos_sale_set_tenders (store, run->ret, error)
         && mpos_gift_card_apply_return (store, run->original, run->ret, run->now, error)
         && mpos_coupon_apply_return (store, run->original, run->ret, run->now, error)
         && finish_return (run, error);
}

static void
run_clear (ReturnRun *run)
{
  g_clear_pointer (&run->returned, g_hash_table_destroy);
  g_clear_pointer (&run->refunded, g_hash_table_destroy);
  g_clear_pointer (&run->ret, mpos_sale_record_free);
}

gboolean
mpos_sale_return (MposStore *store, const char *receipt_no, const GArray *lines,
                  const char *cashier, const char *reason, MposSaleResult *result, GError **error)
{
  g_autoptr (MposSaleRecord) original = NULL;
  g_autofree char *who = NULL;
  ReturnRun run = { 0 };
  gboolean ok;

  memset (result, 0, sizeof *result);
  if ((original = mpos_sale_load (store, receipt_no, error)) == NULL
      || (who = mpos_cashier_resolve (store, cashier, "a return", error)) == NULL)
    return FALSE;
  if (g_strcmp0 (original->kind, "sale") != 0)
    return sale_fail (error, MPOS_SALE_ERROR_INVALID, R_ ("%s is a return, not a sale"),
                      receipt_no);
  run.store = store;
  run.original = original;
  run.requests = lines;
  run.cashier = who;
  run.reason = reason;
  run.now = mpos_clock_now ();
  run.result = result;
  run.returned = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  run.refunded = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  ok = mpos_store_transaction (store, return_body, &run, error);
  if (ok)
    result->total = run.ret->total;
  run_clear (&run);
  return ok;
}

/* ---- without a receipt ------------------------------------------------------ */

typedef struct
{
  ReturnRun run;
  MposCart *cart;
  const char *supervisor;
} BlindReturn;

static void
add_cart_lines (MposSaleRecord *ret, MposCart *cart)
{
  for (guint i = 0; i < cart->lines->len; i++)
    {
      const MposCartLine *c = g_ptr_array_index (cart->lines, i);
      MposSaleLine *line = mpos_sale_line_new ();

      line->line_no = (int) i + 1;
      line->sku_id = c->sku->sku_id;
      line->code = g_strdup (c->code);
      line->name = mpos_sku_display_name (c->sku);
      line->weighed = c->sku->unit == MPOS_UNIT_WEIGHT;
      line->qty = c->qty;
      line->unit_price = c->list_unit_price;
      line->gross = -c->gross;
      line->net = -c->net;
      line->tax = -c->tax;
      line->tax_rate_bp = c->sku->tax_rate_bp;
      g_ptr_array_add (ret->lines, line);
    }
}

static gboolean
blind_body (MposStore *store, gpointer data, GError **error)
{
  BlindReturn *blind = data;
  ReturnRun *run = &blind->run;
  gboolean approved = blind->supervisor != NULL && *blind->supervisor;
  g_autofree char *day = NULL;

  if (!mpos_sale_number (store, run->now, run->result, &day, error))
    return FALSE;
  run->ret = new_return_record (run, day, approved ? "completed" : "pending_approval");
  run->ret->approved_by = g_strdup (blind->supervisor);
  add_cart_lines (run->ret, blind->cart);
  total_return (run->ret);
  if (approved)
    {
      add_refund_tender (run, NULL, -run->ret->total, 0);
      run->ret->tendered = run->ret->total;
    }
  return write_return (run, approved, error) && finish_return (run, error);
}

/* Who signs the return: the credential given (its PIN checked here), else
 * the supervisor signed on to the sale (mpos_cart_set_approver: the window
 * checks the PIN off its main loop), whose role is asked again; else no
 * one (number NULL: the return waits for approval). */
static gboolean
blind_approver (MposCart *cart, const MposStaffCredential *supervisor, char **number,
                GError **error)
{
  const MposStaffAction action = MPOS_ACTION_RETURN_WITHOUT_RECEIPT;
  g_auto (MposStaff) approver = { 0 };
  gboolean allowed = FALSE;

  if (supervisor != NULL || cart->approver.number == NULL)
    {
      if (!mpos_staff_approve_if_given (cart->store, supervisor, action, "return", &approver,
                                        error))
        return FALSE;
      *number = g_strdup (approver.number);
      return TRUE;
    }
  if (!mpos_staff_role_may (cart->store, cart->approver.role, action, &allowed, error))
    return FALSE;
  if (!allowed)
    return mpos_staff_refuse (cart->store, &cart->approver, action, "return", error);
  *number = g_strdup (cart->approver.number);
  return TRUE;
}

gboolean
mpos_sale_return_without_receipt (MposCart *cart, const char *reason,
                                  const MposStaffCredential *supervisor, MposSaleResult *result,
                                  GError **error)
{
  BlindReturn blind = { { 0 }, cart, NULL };
  g_autofree char *approved_by = NULL;
  g_autofree char *who = NULL;
  gboolean ok;

  memset (result, 0, sizeof *result);
  if ((who = mpos_cashier_resolve (cart->store, cart->cashier, "a return", error)) == NULL)
    return FALSE;
  if (cart->lines->len == 0)
    return sale_fail (error, MPOS_SALE_ERROR_INVALID, R_ ("nothing to return"));
  if (reason == NULL || *reason == '\0')
    return sale_fail (error, MPOS_SALE_ERROR_INVALID,
                      R_ ("a return without a receipt needs a reason"));
  if (!mpos_gift_card_check_blind_return (cart, error)
      || !blind_approver (cart, supervisor, &approved_by, error))
    return FALSE;
  blind.supervisor = approved_by;
  blind.run.store = cart->store;
  blind.run.cashier = who;
  blind.run.reason = reason;
  blind.run.now = mpos_clock_now ();
  blind.run.result = result;
  ok = mpos_store_transaction (cart->store, blind_body, &blind, error);
  if (ok)
    result->total = blind.run.ret->total;
  run_clear (&blind.run);
  return ok;
}

typedef struct
{
  MposSaleRecord *pending;
  const char *supervisor;
  int64_t now;
  MposSaleResult result;
} Approval;

/* A rejected return waits no more (sale-return-reject.c). */
static gboolean
refuse_rejected (MposStore *store, const MposSaleRecord *pending, GError **error)
{
  g_autofree char *by = NULL;

  if (!mpos_sale_return_rejected_by (store, pending->id, &by, error))
    return FALSE;
  if (by == NULL)
    return TRUE;
  return sale_fail (error, MPOS_SALE_ERROR_INVALID,
                    R_ ("return %s was rejected by %s: it cannot be approved; make the return "
                        "again if the goods come back"),
                    pending->receipt_no, by);
}

static gboolean
approve_body (MposStore *store, gpointer data, GError **error)
{
  Approval *a = data;
  g_autoptr (MposTender) refund = mpos_tender_new (MPOS_TENDER_CASH, a->pending->total, NULL, NULL);
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_APPROVE, error);

  if (stmt == NULL || !refuse_rejected (store, a->pending, error)
      || !mpos_report_day_refuse_closed (store, a->pending->business_day,
                                         "the approval of a return made in it",
                                         "make the return again in the new business day "
                                         "(mallposctl return --no-receipt)",
                                         error))
    return FALSE;
  mpos_bind_text (stmt, ":id", a->pending->id);
  mpos_bind_text (stmt, ":supervisor", a->supervisor);
  if (!mpos_store_step_done (store, stmt, "approving the return", error)
      || !mpos_sale_add_tender (store, a->pending->id, 1, refund, 0, error))
    return FALSE;
  if (!mpos_sale_move_stock (store, a->pending->id, a->pending->lines, 1, "return", a->now, error))
    return FALSE;
  g_strlcpy (a->result.receipt_no, a->pending->receipt_no, sizeof a->result.receipt_no);
  /* Like every approval (and the rejection): the return's cashier acts, the
   * supervisor approves; both in the audit row, the sale row (journal payload)
   * and the drawer's movement, as a return approved at once. */
  return mpos_sale_finish (store, a->pending->id, "return_approved", a->pending->cashier,
                           a->supervisor, a->now, &a->result, error);
}

gboolean
mpos_sale_approve_return (MposStore *store, const char *receipt_no,
                          const MposStaffCredential *supervisor, GError **error)
{
  g_autoptr (MposSaleRecord) pending = mpos_sale_load (store, receipt_no, error);
  g_auto (MposStaff) approver = { 0 };
  Approval approval = { 0 };

  approval.pending = pending;
  approval.now = mpos_clock_now ();
  if (pending == NULL)
    return FALSE;
  if (g_strcmp0 (pending->status, "pending_approval") != 0)
    return sale_fail (error, MPOS_SALE_ERROR_INVALID, R_ ("%s is not waiting for approval"),
                      receipt_no);
  if (!refuse_rejected (store, pending, error))
    return FALSE;
  if (supervisor == NULL)
    return sale_fail (error, MPOS_SALE_ERROR_NEEDS_APPROVAL,
                      R_ ("a supervisor must approve: their staff number and PIN"));
  if (!mpos_staff_approve (store, supervisor, MPOS_ACTION_RETURN_WITHOUT_RECEIPT, receipt_no,
                           &approver, error))
    return FALSE;
  approval.supervisor = approver.number;
  return mpos_store_transaction (store, approve_body, &approval, error);
}
