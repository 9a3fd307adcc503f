/* stored-value.c — stored value (储值): the ledger's writer
 * (mpos_stored_value_entry; a gift card redeemed into stored value is the
 * one other, gift-card.c), balances, top-ups with their bonus tier and
 * coupon, their refunds, paying out what a return gave back, stored value
 * as a tender (with the member's proof), and the statement. A top-up or its
 * refund is one transaction with its journal entry and its cash through the
 * drawer (the counter hooks, store-private.h). Principal and bonus never
 * mix: every movement says how much of each it moves. */
#include "staff-permission.h"
#include "stored-value-private.h"
#include "stored-value-statement.h"
#include "store-json.h"
#include "audit.h"
#include "cashier.h"
#include "coupon-private.h"
#include "journal.h"
#include "store-private.h"
#include "json-fields.h"
#include "payment-pin.h"
#include "receipt-no.h"
#include "report-day.h"
#include "rounding.h"
#include "row-chain.h"
#include "uuid.h"

#include <string.h>

/* clang-format off */
G_DEFINE_QUARK (mpos-stored-value-error-quark, mpos_stored_value_error)
/* clang-format on */

static MposSql SQL_ENTRY = MPOS_SQL (
    "stored-value: entry",
    "INSERT INTO sv_ledger (member_id, kind, principal, bonus, action_id, sale_id, top_up_id, "
    "corrects, created_at) VALUES (:member, :kind, :principal, :bonus, :action, :sale, :top_up, "
    ":corrects, :now)");
/* A sale's or top-up's own entry is one of its action's rows. */
static MposSql SQL_ENTRY_ID = MPOS_SQL (
    "stored-value: entry id",
    "SELECT coalesce (max (id), 0) FROM sv_ledger WHERE action_id = :action AND kind = :kind "
    "AND (sale_id = :action OR top_up_id = :action)");
static MposSql SQL_MEMBER_BALANCE = MPOS_SQL (
    "stored-value: member balance",
    "UPDATE members SET sv_principal = sv_principal + :principal, sv_bonus = sv_bonus + :bonus "
    "WHERE id = :member");
static MposSql SQL_BALANCE = MPOS_SQL (
    "stored-value: balance", "SELECT sv_principal, sv_bonus FROM members WHERE id = :member");
static MposSql SQL_INSERT_TOP_UP = MPOS_SQL (
    "stored-value: insert top up",
    "INSERT INTO sv_top_ups (id, receipt_no, kind, original_id, member_id, principal, bonus, tier, "
    "tender_type, reference, provider, business_day, cashier, approved_by, reason, created_at) "
    "VALUES (:id, :receipt_no, :kind, :original, :member, :principal, :bonus, :tier, :tender, "
    ":reference, :provider, :day, :cashier, :approved_by, :reason, :now)");
#define TOP_UP_COLUMNS                                                                             \
  "SELECT t.id, t.receipt_no, t.kind, t.member_id, t.principal, t.bonus, t.tier, t.tender_type, "  \
  "t.reference, t.provider, t.created_at, t.cashier, t.approved_by, t.reason, "                    \
  "(SELECT r.receipt_no FROM sv_top_ups r WHERE r.original_id = t.id), o.receipt_no "              \
  "FROM sv_top_ups t LEFT JOIN sv_top_ups o ON o.id = t.original_id "
static MposSql SQL_TOP_UP
    = MPOS_SQL ("stored-value: top up", TOP_UP_COLUMNS "WHERE t.receipt_no = :key OR t.id = :key");
static MposSql SQL_ACTION_ROWS
    = MPOS_SQL ("stored-value: action rows",
                "SELECT id, member_id, kind, principal, bonus, sale_id, top_up_id FROM sv_ledger "
                "WHERE action_id = :action ORDER BY id");
/* The member's top-ups: how many are not refunded, and each refunded one
 * with the principal not paid back yet (newest first). */
static MposSql SQL_OPEN_TOP_UPS = MPOS_SQL (
    "stored-value: open top ups",
    "SELECT count (*) FROM sv_top_ups t WHERE t.member_id = :member AND t.kind = 'top_up' "
    "AND NOT EXISTS (SELECT 1 FROM sv_top_ups r WHERE r.original_id = t.id)");
static MposSql SQL_REFUNDED_TOP_UPS = MPOS_SQL (
    "stored-value: refunded top ups",
    "SELECT t.id, t.principal + (SELECT sum (r.principal) FROM sv_top_ups r WHERE r.original_id = "
    "t.id), t.tender_type FROM sv_top_ups t WHERE t.member_id = :member AND t.kind = 'top_up' "
    "AND EXISTS (SELECT 1 FROM sv_top_ups r WHERE r.original_id = t.id) ORDER BY t.id DESC");
static MposSql SQL_STATEMENT = MPOS_SQL (
    "stored-value: statement",
    "SELECT e.id, e.created_at, e.kind, e.principal, e.bonus, coalesce (s.receipt_no, "
    "t.receipt_no) "
    "FROM sv_ledger e LEFT JOIN sales s ON s.id = e.sale_id "
    "LEFT JOIN sv_top_ups t ON t.id = e.top_up_id WHERE e.member_id = :member ORDER BY e.id");

gboolean
mpos_stored_value_entry (MposStore *store, int64_t member_id, const char *kind, MposMoney principal,
                         MposMoney bonus, const char *action_id, const char *sale_id,
                         const char *top_up_id, int64_t corrects, int64_t now, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_ENTRY, error);

  if (stmt == NULL)
    return FALSE;
  mpos_bind_int64 (stmt, ":member", member_id);
  mpos_bind_text (stmt, ":kind", kind);
  mpos_bind_int64 (stmt, ":principal", principal);
  mpos_bind_int64 (stmt, ":bonus", bonus);
  mpos_bind_text (stmt, ":action", action_id);
  mpos_bind_optional_text (stmt, ":sale", sale_id);
  mpos_bind_optional_text (stmt, ":top_up", top_up_id);
  if (corrects)
    mpos_bind_int64 (stmt, ":corrects", corrects);
  else
    mpos_bind_null (stmt, ":corrects");
  mpos_bind_int64 (stmt, ":now", now);
  if (!mpos_row_chain_insert (store, MPOS_CHAINED_SV_LEDGER, stmt,
                              "writing the stored-value ledger", NULL, error))
    return FALSE;
  stmt = mpos_store_stmt (store, &SQL_MEMBER_BALANCE, error);
  if (stmt == NULL)
    return FALSE;
  mpos_bind_int64 (stmt, ":principal", principal);
  mpos_bind_int64 (stmt, ":bonus", bonus);
  mpos_bind_int64 (stmt, ":member", member_id);
  return mpos_store_step_done (store, stmt, "updating the member's stored value", error);
}

int64_t
mpos_stored_value_entry_id (MposStore *store, const char *kind, const char *sale_id,
                            const char *top_up_id)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_ENTRY_ID, NULL);
  int64_t id = 0;

  if (stmt == NULL)
    return 0;
  mpos_bind_text (stmt, ":action", sale_id ? sale_id : top_up_id);
  mpos_bind_text (stmt, ":kind", kind);
  if (!mpos_store_step_returning (store, stmt, "reading the stored-value ledger", &id, NULL))
    return 0;
  return id;
}

gboolean
mpos_stored_value_balance (MposStore *store, int64_t member_id, MposStoredValueBalance *out,
                           GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_BALANCE, error);
  int rc;

  memset (out, 0, sizeof *out);
  if (stmt == NULL)
    return FALSE;
  mpos_bind_int64 (stmt, ":member", member_id);
  rc = mpos_store_step (stmt);
  if (rc == SQLITE_ROW)
    {
      out->principal = sqlite3_column_int64 (stmt, 0);
      out->bonus = sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_reset (stmt);
  if (rc == SQLITE_ROW)
    return TRUE;
  if (rc != SQLITE_DONE)
    return mpos_store_fail (store, rc, "reading the member's stored value", error);
  return mpos_stored_value_fail (error, MPOS_STORED_VALUE_ERROR_NO_MEMBER,
                                 "no member %" G_GINT64_FORMAT, member_id);
}

void
mpos_stored_value_split (MposSpendOrder order, MposMoney principal, MposMoney bonus,
                         MposMoney amount, MposMoney *from_principal, MposMoney *from_bonus)
{
  MposMoney b = 0;

  switch (order)
    {
    case MPOS_SPEND_BONUS_FIRST:
      b = MIN (amount, bonus);
      break;
    case MPOS_SPEND_PRINCIPAL_FIRST:
      b = amount - MIN (amount, principal);
      break;
    case MPOS_SPEND_PROPORTIONAL:
    default:
      if (principal + bonus > 0)
        mpos_round_mul_div (amount, bonus, principal + bonus, MPOS_ROUND_HALF_UP, &b);
      b = MIN (b, bonus);
      /* Rounding can leave the principal a fen short: the bonus covers it. */
      if (amount - b > principal)
        b = amount - principal;
      break;
    }
  *from_bonus = b;
  *from_principal = amount - b;
}

static cJSON *
ledger_row_json (sqlite3_stmt *stmt)
{
  cJSON *row = cJSON_CreateObject ();

  cJSON_AddNumberToObject (row, "id", (double)sqlite3_column_int64 (stmt, 0));
  cJSON_AddNumberToObject (row, "member_id", (double)sqlite3_column_int64 (stmt, 1));
  cJSON_AddStringToObject (row, "kind", (const char *)sqlite3_column_text (stmt, 2));
  mpos_json_add_money (row, "principal", sqlite3_column_int64 (stmt, 3));
  mpos_json_add_money (row, "bonus", sqlite3_column_int64 (stmt, 4));
  mpos_store_json_add_text (row, "sale_id", stmt, 5);
  mpos_store_json_add_text (row, "top_up_id", stmt, 6);
  return row;
}

cJSON *
mpos_stored_value_action_json (MposStore *store, const char *action_id, GError **error)
{
  return mpos_store_json_action_rows (store, &SQL_ACTION_ROWS, action_id, ledger_row_json,
                                      "reading the stored-value ledger", error);
}

/* ---- top-up ------------------------------------------------------------------------ */

typedef struct
{
  MposStore *store;
  int64_t member_id;
  const char *kind; /* "top_up" or "refund" */
  const char *original_id;
  MposMoney principal, bonus;
  char *tier;
  const char *coupon; /* the tier's coupon template, NULL: none */
  MposTenderType tender_type;
  const char *reference, *provider;
  const char *cashier, *approved_by, *reason;
  int64_t now;
  MposTopUpResult *result;
} TopUp;

static gboolean
number_top_up (TopUp *t, char **day_out, GError **error)
{
  /* C (充值) keeps top-up numbers apart from sale receipt numbers. */
  if (!mpos_receipt_no_next (t->store, t->now, "top_up", "C", t->result->receipt_no,
                             sizeof t->result->receipt_no, day_out, error)
      || !mpos_report_day_refuse_closed (t->store, *day_out,
                                         strcmp (t->kind, "refund") == 0 ? "a top-up refund"
                                                                         : "a top-up",
                                         NULL, error))
    return FALSE;
  mpos_uuid_v7 (t->result->id);
  return TRUE;
}

static gboolean
insert_top_up (TopUp *t, const char *day, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (t->store, &SQL_INSERT_TOP_UP, error);

  if (stmt == NULL)
    return FALSE;
  mpos_bind_text (stmt, ":id", t->result->id);
  mpos_bind_text (stmt, ":receipt_no", t->result->receipt_no);
  mpos_bind_text (stmt, ":kind", t->kind);
  mpos_bind_optional_text (stmt, ":original", t->original_id);
  mpos_bind_int64 (stmt, ":member", t->member_id);
  mpos_bind_int64 (stmt, ":principal", t->principal);
  mpos_bind_int64 (stmt, ":bonus", t->bonus);
  mpos_bind_optional_text (stmt, ":tier", t->tier);
  mpos_bind_text (stmt, ":tender", mpos_tender_type_name (t->tender_type));
  mpos_bind_optional_text (stmt, ":reference", t->reference);
  mpos_bind_optional_text (stmt, ":provider", t->provider);
  mpos_bind_text (stmt, ":day", day);
  mpos_bind_text (stmt, ":cashier", t->cashier ? t->cashier : "unknown");
  mpos_bind_optional_text (stmt, ":approved_by", t->approved_by);
  mpos_bind_optional_text (stmt, ":reason", t->reason);
  mpos_bind_int64 (stmt, ":now", t->now);
  return mpos_store_step_done (t->store, stmt, "saving the top-up", error)
         && mpos_row_chain_seal (t->store, MPOS_CHAINED_SV_TOP_UPS, t->result->id, error);
}

static gboolean
top_up_body (TopUp *t, GError **error)
{
  g_autofree char *day = NULL;
  g_autoptr (cJSON) payload = NULL;
  g_autoptr (MposTopUpRecord) record = NULL;
  cJSON *rows;
  gboolean refund = strcmp (t->kind, "refund") == 0;
  char p[MPOS_MONEY_BUF], b[MPOS_MONEY_BUF];
  g_autofree char *detail = NULL;
  MposCounterAction counted = { refund ? MPOS_COUNTER_TOP_UP_REFUND : MPOS_COUNTER_TOP_UP,
                                t->result->id, t->result->receipt_no,
                                t->tender_type == MPOS_TENDER_CASH ? t->principal : 0, t->cashier,
                                t->now };

  if (!number_top_up (t, &day, error) || !insert_top_up (t, day, error)
      || !mpos_store_counter_committing (t->store, &counted, error)
      || !mpos_stored_value_entry (
          t->store, t->member_id, refund ? "top_up_refund" : "top_up", t->principal, t->bonus,
          t->result->id, NULL, refund ? t->original_id : t->result->id,
          refund ? mpos_stored_value_entry_id (t->store, "top_up", NULL, t->original_id) : 0,
          t->now, error))
    return FALSE;
  /* The tier's coupon comes with the top-up and goes (if unused) with its refund. */
  if (refund ? !mpos_coupon_void_top_up (t->store, t->original_id, t->cashier, t->now, error)
             : t->coupon && !mpos_coupon_issue_top_up (t->store, t->coupon, t->member_id,
                                                       t->result->id, t->cashier, t->now, error))
    return FALSE;
  record = mpos_stored_value_top_up_get (t->store, t->result->id, error);
  payload = record ? mpos_top_up_record_to_json (t->store, record) : NULL;
  rows = payload ? mpos_stored_value_action_json (t->store, t->result->id, error) : NULL;
  if (rows == NULL)
    return FALSE;
  cJSON_AddStringToObject (payload, "id", t->result->id);
  cJSON_AddItemToObject (payload, "stored_value", rows);
  detail = g_strdup_printf ("member %" G_GINT64_FORMAT ": principal %s, bonus %s", t->member_id,
                            mpos_money_to_buf (t->principal, p), mpos_money_to_buf (t->bonus, b));
  return mpos_audit_record (t->store, t->now, t->cashier, refund ? "sv_top_up_refund" : "sv_top_up",
                            t->result->receipt_no, detail, error)
         && mpos_journal_append (t->store, refund ? "sv_top_up_refund" : "sv_top_up", t->result->id,
                                 payload, t->now, &t->result->journal_seq, error)
         && mpos_stored_value_balance (t->store, t->member_id, &t->result->balance, error);
}

static gboolean
run_top_up (TopUp *t, GError **error)
{
  t->result->principal = t->principal;
  t->result->bonus = t->bonus;
  if (!mpos_store_begin (t->store, error))
    return FALSE;
  if (!top_up_body (t, error))
    {
      mpos_store_rollback (t->store);
      return FALSE;
    }
  return mpos_store_commit (t->store, error);
}

static gboolean
check_payment (const MposTender *payment, GError **error)
{
  if (!mpos_tender_kind (payment->type)->brings_money)
    return mpos_stored_value_fail (
        error, MPOS_STORED_VALUE_ERROR_INVALID,
        R_ ("a top-up is paid in cash, by bank card or by mobile payment"));
  if (mpos_tender_kind (payment->type)->needs_reference
      && (payment->reference == NULL || !*payment->reference))
    return mpos_stored_value_fail (error, MPOS_STORED_VALUE_ERROR_INVALID,
                                   R_ ("a bank card top-up needs the card terminal's reference"));
  return TRUE;
}

gboolean
mpos_stored_value_top_up (MposStore *store, int64_t member_id, const MposTender *payment,
                          const char *cashier, int64_t now, MposTopUpResult *result, GError **error)
{
  g_autoptr (MposLoyaltyRules) rules = mpos_loyalty_rules_load (store, error);
  MposStoredValueBalance balance;
  const MposTopUpTier *tier = NULL;
  char lo[MPOS_MONEY_BUF], hi[MPOS_MONEY_BUF];
  g_autofree char *tier_text = NULL, *who = NULL;
  TopUp t = { 0 };

  memset (result, 0, sizeof *result);
  if (rules == NULL || !check_payment (payment, error)
      || (who = mpos_cashier_resolve (store, cashier, "a top-up", error)) == NULL)
    return FALSE;
  if (payment->amount < rules->top_up_min || payment->amount > rules->top_up_max)
    return mpos_stored_value_fail (
        error, MPOS_STORED_VALUE_ERROR_INVALID, R_ ("a top-up must be between %s and %s"),
        mpos_money_to_buf (rules->top_up_min, lo), mpos_money_to_buf (rules->top_up_max, hi));
  if (!mpos_stored_value_balance (store, member_id, &balance, error))
    return FALSE;
  t.bonus = mpos_loyalty_rules_top_up_bonus (rules, payment->amount, &tier);
  if (tier == &rules->every)
    tier_text = g_strdup_printf ("每满%s送%s", mpos_money_to_buf (tier->top_up, lo),
                                 mpos_money_to_buf (tier->bonus, hi));
  else if (tier)
    tier_text = g_strdup_printf ("%s+%s", mpos_money_to_buf (tier->top_up, lo),
                                 mpos_money_to_buf (tier->bonus, hi));
  t.store = store;
  t.member_id = member_id;
  t.kind = "top_up";
  t.principal = payment->amount;
  t.tier = tier_text;
  t.coupon = tier ? tier->coupon : NULL;
  t.tender_type = payment->type;
  t.reference = payment->reference;
  t.provider = payment->provider;
  t.cashier = who;
  t.now = now;
  t.result = result;
  return run_top_up (&t, error);
}

gboolean
mpos_stored_value_refund_top_up (MposStore *store, const char *receipt_no, const char *cashier,
                                 const MposStaffCredential *supervisor, const char *reason,
                                 int64_t now, MposTopUpResult *result, GError **error)
{
  g_auto (MposStaff) approver = { 0 };
  g_autoptr (MposTopUpRecord) row = NULL;
  MposTenderType type = MPOS_TENDER_CASH;
  g_autofree char *who = NULL;
  TopUp t = { 0 };

  memset (result, 0, sizeof *result);
  if ((who = mpos_cashier_resolve (store, cashier, "a top-up refund", error)) == NULL)
    return FALSE;
  if ((row = mpos_stored_value_top_up_get (store, receipt_no, error)) == NULL)
    return FALSE;
  if (strcmp (row->kind, "top_up") != 0)
    return mpos_stored_value_fail (error, MPOS_STORED_VALUE_ERROR_INVALID,
                                   R_ ("%s is a refund, not a top-up"), receipt_no);
  if (row->refunded_by)
    return mpos_stored_value_fail (error, MPOS_STORED_VALUE_ERROR_ALREADY_REFUNDED,
                                   R_ ("top-up %s was already refunded (%s)"), receipt_no,
                                   row->refunded_by);
  if (MIN (row->principal, row->balance.principal) <= 0)
    return mpos_stored_value_fail (error, MPOS_STORED_VALUE_ERROR_NOTHING_TO_REFUND,
                                   R_ ("the member's principal is all spent: nothing of top-up %s "
                                       "can be refunded"),
                                   receipt_no);
  if (!mpos_staff_approve (store, supervisor, MPOS_ACTION_STORED_VALUE_REFUND, receipt_no,
                           &approver, error))
    return FALSE;
  if (!mpos_tender_type_read (row->tender, receipt_no, &type, error))
    return FALSE;
  t.store = store;
  t.member_id = row->member_id;
  t.kind = "refund";
  t.original_id = row->id;
  /* Unused principal only; the bonus it brought is taken back, never paid out. */
  t.principal = -MIN (row->principal, row->balance.principal);
  t.bonus = -MIN (row->bonus, row->balance.bonus);
  t.tender_type = type;
  t.reference = row->reference;
  t.provider = row->provider;
  t.cashier = who;
  t.approved_by = approver.number;
  t.reason = reason;
  t.now = now;
  t.result = result;
  return run_top_up (&t, error);
}

/* ---- stored value returned after its top-up was refunded ------------------------------ */

typedef struct
{
  char *id;
  MposMoney room; /* principal not paid back yet */
  MposTenderType type;
} Refunded;

static void
refunded_clear (gpointer data)
{
  g_free (((Refunded *)data)->id);
}

static gboolean
refunded_top_ups (MposStore *store, int64_t member_id, int64_t *open, GArray *out, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_OPEN_TOP_UPS, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  mpos_bind_int64 (stmt, ":member", member_id);
  if (!mpos_store_step_returning (store, stmt, "reading the member's top-ups", open, error)
      || (stmt = mpos_store_stmt (store, &SQL_REFUNDED_TOP_UPS, error)) == NULL)
    return FALSE;
  mpos_bind_int64 (stmt, ":member", member_id);
  while ((rc = mpos_store_step (stmt)) == SQLITE_ROW)
    {
      Refunded r = { mpos_column_text (stmt, 0), sqlite3_column_int64 (stmt, 1),
                     MPOS_TENDER_CASH };
      g_array_append_val (out, r);
      if (!mpos_tender_type_read ((const char *)sqlite3_column_text (stmt, 2), "a refunded top-up",
                                  &g_array_index (out, Refunded, out->len - 1).type, error))
        return FALSE;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return mpos_store_fail (store, rc, "reading the member's refunded top-ups", error);
  return TRUE;
}

gboolean
mpos_stored_value_pay_out_returned (MposStore *store, int64_t member_id, MposMoney principal,
                                    MposMoney bonus, const char *cashier, const char *return_receipt,
                                    int64_t now, GError **error)
{
  g_autoptr (GArray) refunded = g_array_new (FALSE, TRUE, sizeof (Refunded));
  g_autofree char *reason = g_strdup_printf ("returned on %s after the top-up was refunded",
                                             return_receipt);
  int64_t open = 0;

  g_array_set_clear_func (refunded, refunded_clear);
  if (principal + bonus <= 0
      || !refunded_top_ups (store, member_id, &open, refunded, error))
    return principal + bonus <= 0;
  /* A top-up that can still be refunded takes the principal back with it. */
  if (open > 0)
    return TRUE;
  for (guint i = 0; i < refunded->len && principal + bonus > 0; i++)
    {
      const Refunded *r = &g_array_index (refunded, Refunded, i);
      MposTopUpResult result = { 0 };
      TopUp t = { 0 };

      if (r->room <= 0 && principal > 0)
        continue;
      t.store = store;
      t.member_id = member_id;
      t.kind = "refund";
      t.original_id = r->id;
      t.principal = -MIN (principal, MAX (r->room, 0));
      t.bonus = -bonus; /* the refunded top-up took its bonus back: this part too */
      t.tender_type = r->type;
      t.reference = return_receipt; /* the payout names the return it pays out */
      t.cashier = cashier;
      t.reason = reason;
      t.now = now;
      t.result = &result;
      result.principal = t.principal;
      result.bonus = t.bonus;
      if (!top_up_body (&t, error))
        return FALSE;
      principal += t.principal;
      bonus = 0;
    }
  return TRUE;
}

static MposSql SQL_PAYOUTS
    = MPOS_SQL ("stored-value: payouts",
                "SELECT receipt_no, -principal, tender_type FROM sv_top_ups WHERE kind = 'refund' "
                "AND reference = :ret ORDER BY id");

char *
mpos_stored_value_payouts_text (MposStore *store, const char *return_receipt, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_PAYOUTS, error);
  g_autoptr (GString) out = g_string_new (NULL);
  int rc;

  if (stmt == NULL)
    return NULL;
  mpos_bind_text (stmt, ":ret", return_receipt);
  while ((rc = mpos_store_step (stmt)) == SQLITE_ROW)
    {
      MposTender tender = { 0 };
      char amount[MPOS_MONEY_BUF];

      if (!mpos_tender_type_read ((const char *)sqlite3_column_text (stmt, 2),
                                  (const char *)sqlite3_column_text (stmt, 0), &tender.type, error))
        return NULL;
      g_string_append_printf (out,
                              "储值退款 %s: pay %s by %s — the member's top-up was refunded, so "
                              "the stored value this return gave back is paid out now\n",
                              (const char *)sqlite3_column_text (stmt, 0),
                              mpos_money_to_buf (sqlite3_column_int64 (stmt, 1), amount),
                              mpos_tender_label (&tender));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      mpos_store_fail (store, rc, "reading the return's payouts", error);
      return NULL;
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* ---- tender ------------------------------------------------------------------------ */

MposTender *
mpos_stored_value_tender_new (MposStore *store, int64_t member_id, MposMoney amount,
                              const char *pin, int64_t now, GError **error)
{
  MposSpendProof proof = { .pin = pin };

  return mpos_stored_value_tender_new_proven (store, member_id, amount, &proof, now, error);
}

MposTender *
mpos_stored_value_tender_new_proven (MposStore *store, int64_t member_id, MposMoney amount,
                                     const MposSpendProof *proof, int64_t now, GError **error)
{
  g_autoptr (MposLoyaltyRules) rules = mpos_loyalty_rules_load (store, error);
  MposStoredValueBalance balance;
  MposPaymentPinState state;
  const char *provider = NULL;
  gboolean verified;
  char a[MPOS_MONEY_BUF], b[MPOS_MONEY_BUF];

  if (rules == NULL)
    return NULL;
  if (member_id <= 0)
    {
      mpos_stored_value_fail (error, MPOS_STORED_VALUE_ERROR_NO_MEMBER,
                              R_ ("paying with stored value needs the member's card first"));
      return NULL;
    }
  if (amount <= 0 || amount > MPOS_MONEY_MAX)
    {
      mpos_stored_value_fail (error, MPOS_STORED_VALUE_ERROR_INVALID,
                              R_ ("a stored-value payment must be more than 0"));
      return NULL;
    }
  if (!mpos_payment_pin_state (store, member_id, &state, error))
    return NULL;
  /* The proof first: without it, nothing about the account is told. */
  if (!mpos_spend_proof_check (store, rules, member_id, &state, proof, now, &provider, error))
    return NULL;
  verified = provider != NULL;
  if (!mpos_stored_value_check_proof (store, rules, member_id, amount, NULL, verified, now, error)
      || !mpos_stored_value_balance (store, member_id, &balance, error))
    return NULL;
  if (amount > balance.principal + balance.bonus)
    {
      if (verified)
        mpos_stored_value_fail (error, MPOS_STORED_VALUE_ERROR_INSUFFICIENT,
                                R_ ("not enough stored value: %s needed, balance %s"),
                                mpos_money_to_buf (amount, a),
                                mpos_money_to_buf (balance.principal + balance.bonus, b));
      else
        mpos_stored_value_fail (error, MPOS_STORED_VALUE_ERROR_INSUFFICIENT,
                                R_ ("not enough stored value for %s (the member sees the balance "
                                    "with their payment PIN)"),
                                mpos_money_to_buf (amount, a));
      return NULL;
    }
  return mpos_tender_new (MPOS_TENDER_STORED_VALUE, amount, NULL,
                          verified ? provider : MPOS_SPEND_NO_PROOF);
}

/* ---- statement and top-up records ---------------------------------------------------------- */

static gpointer
movement_row (sqlite3_stmt *stmt)
{
  MposStoredValueMovement *m = g_new0 (MposStoredValueMovement, 1);

  m->id = sqlite3_column_int64 (stmt, 0);
  m->at = sqlite3_column_int64 (stmt, 1);
  m->kind = mpos_column_text (stmt, 2);
  m->principal = sqlite3_column_int64 (stmt, 3);
  m->bonus = sqlite3_column_int64 (stmt, 4);
  m->receipt_no = mpos_column_text (stmt, 5);
  return m;
}

MposStoredValueStatement *
mpos_stored_value_statement (MposStore *store, int64_t member_id, GError **error)
{
  g_autoptr (MposStoredValueStatement) statement = mpos_stored_value_statement_new (member_id);
  g_autoptr (MposStmt) stmt = NULL;

  if (!mpos_stored_value_balance (store, member_id, &statement->balance, error))
    return NULL;
  stmt = mpos_store_stmt (store, &SQL_STATEMENT, error);
  if (stmt == NULL)
    return NULL;
  mpos_bind_int64 (stmt, ":member", member_id);
  if (!mpos_store_read_rows (store, stmt, movement_row, statement->movements,
                             "reading the stored-value statement", error))
    return NULL;
  return g_steal_pointer (&statement);
}

MposTopUpRecord *
mpos_stored_value_top_up_get (MposStore *store, const char *receipt_no, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_TOP_UP, error);
  g_autoptr (MposTopUpRecord) record = NULL;
  gpointer row;

  if (stmt == NULL)
    return NULL;
  mpos_bind_text (stmt, ":key", receipt_no);
  if (!mpos_store_read_row (store, stmt, mpos_top_up_record_row, &row, "reading a top-up", error))
    return NULL;
  record = row;
  if (record == NULL)
    {
      mpos_stored_value_fail (error, MPOS_STORED_VALUE_ERROR_NOT_FOUND, R_ ("no top-up %s"),
                              receipt_no);
      return NULL;
    }
  if (!mpos_stored_value_balance (store, record->member_id, &record->balance, error))
    return NULL;
  return g_steal_pointer (&record);
}
