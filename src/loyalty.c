/* loyalty.c — the sale/return hooks of the loyalty core. In the sale's
 * transaction: every refusal (no member, frozen, minimum, multiple, max
 * share, balance, PIN) is decided before the first loyalty row is written;
 * then points are burnt oldest lot first, stored value is spent in the
 * rules' order, both are allocated to the lines, and the points earned go
 * into one pending lot. A return reverses exactly what its lines consumed
 * and earned, from the stored allocations. */
#include "loyalty.h"
#include "cart-private.h"
#include "gift-card-sale.h"
#include "coupon-private.h"
#include "loyalty-bonus.h"
#include "loyalty-rules.h"
#include "payment-pin.h"
#include "points-earn.h"
#include "points-private.h"
#include "rounding.h"
#include "spend-proof.h"
#include "stored-value-private.h"

#include <string.h>

#define SECONDS_PER_DAY 86400

#define RETURNS_OF                                                                                 \
  "FROM sale_lines l JOIN sales s ON s.id = l.sale_id "                                            \
  "WHERE s.original_sale_id = :original AND s.kind = 'return' AND s.id <> :ret "
static MposSql SQL_RETURNED_NET = MPOS_SQL (
    "loyalty: returned net", "SELECT l.original_line_no, sum (l.net) " RETURNS_OF "GROUP BY 1");
static MposSql SQL_REVERSED = MPOS_SQL (
    "loyalty: reversed",
    "SELECT l.original_line_no, sum (y.points_burnt), sum (y.points_value), sum (y.sv_principal), "
    "sum (y.sv_bonus), sum (y.points_earned) FROM loyalty_lines y "
    "JOIN sale_lines l ON l.sale_id = y.sale_id AND l.line_no = y.line_no "
    "JOIN sales s ON s.id = l.sale_id "
    "WHERE s.original_sale_id = :original AND s.kind = 'return' AND s.id <> :ret GROUP BY 1");
static MposSql SQL_FIRST_SALE
    = MPOS_SQL ("loyalty: first sale",
                "SELECT count(*) FROM sales WHERE member_id = :member AND kind = 'sale'");
#define LEVEL_FROM                                                                                 \
  "FROM members m JOIN member_levels l ON l.code = m.level_code WHERE m.id = :member"
static MposSql SQL_LEVEL_BIRTHDAY = MPOS_SQL (
    "loyalty: level birthday",
    "SELECT l.points_multiplier_bp, l.birthday_points_multiplier_bp, m.birthday " LEVEL_FROM);
static MposSql SQL_REFERRER = MPOS_SQL (
    "loyalty: referrer", "SELECT coalesce (referrer_id, 0) FROM members WHERE id = :member");

/* One sale's loyalty, decided before anything is written. */
typedef struct
{
  MposLoyaltyRules *rules; /* NULL: no rules, nothing to do */
  int64_t member_id;
  int64_t burn_points;
  MposMoney burn_value;
  MposMoney sv_amount;
  gboolean proven;     /* a tender carries the member's proof: it covers the sale */
  const char *sale_id; /* the cart's: left out of today's no-proof sums */
  MposStoredValueBalance sv_balance;
  gboolean frozen; /* the member's freeze, read when a policy needs it */
} Plan;

static void
plan_clear (Plan *plan)
{
  g_clear_pointer (&plan->rules, mpos_loyalty_rules_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Plan, plan_clear)

static gboolean
check_points_tender (const MposLoyaltyRules *rules, const MposTender *tender, GError **error)
{
  MposMoney value = 0;
  char a[MPOS_MONEY_BUF], b[MPOS_MONEY_BUF];

  if (tender->points <= 0)
    return mpos_points_fail (error, MPOS_POINTS_ERROR_INVALID,
                             R_ ("a points payment must name its points"));
  if (rules->burn_minimum_per == MPOS_MINIMUM_PER_PAYMENT && tender->points < rules->burn_minimum)
    return mpos_points_fail (error, MPOS_POINTS_ERROR_BELOW_MINIMUM,
                             "at least %" G_GINT64_FORMAT
                             " points per payment (got %" G_GINT64_FORMAT ")",
                             rules->burn_minimum, tender->points);
  if (tender->points % rules->burn_multiple != 0)
    return mpos_points_fail (error, MPOS_POINTS_ERROR_NOT_MULTIPLE,
                             "points are paid in steps of %" G_GINT64_FORMAT
                             " (got %" G_GINT64_FORMAT ")",
                             rules->burn_multiple, tender->points);
  if (!mpos_loyalty_rules_points_value (rules, tender->points, &value) || value != tender->amount)
    return mpos_points_fail (error, MPOS_POINTS_ERROR_INVALID,
                             "the points payment of %s does not match its %" G_GINT64_FORMAT
                             " points, which are worth %s at %" G_GINT64_FORMAT " points per yuan",
                             mpos_money_to_buf (tender->amount, a), tender->points,
                             mpos_money_to_buf (value, b), rules->points_per_yuan);
  return TRUE;
}

static gboolean
collect_tenders (Plan *plan, GPtrArray *tenders, GError **error)
{
  for (guint i = 0; i < tenders->len; i++)
    {
      const MposTender *t = g_ptr_array_index (tenders, i);
      if (mpos_tender_kind (t->type)->member_account)
        plan->proven |= mpos_spend_proof_proven (t->provider);
      if (t->type == MPOS_TENDER_POINTS)
        {
          if (!check_points_tender (plan->rules, t, error))
            return FALSE;
          plan->burn_points += t->points;
          plan->burn_value += t->amount;
        }
      else if (t->type == MPOS_TENDER_STORED_VALUE)
        plan->sv_amount += t->amount;
    }
  if (plan->rules->burn_minimum_per == MPOS_MINIMUM_PER_SALE && plan->burn_points > 0
      && plan->burn_points < plan->rules->burn_minimum)
    return mpos_points_fail (error, MPOS_POINTS_ERROR_BELOW_MINIMUM,
                             "at least %" G_GINT64_FORMAT " points per sale (its points payments "
                             "come to %" G_GINT64_FORMAT ")",
                             plan->rules->burn_minimum, plan->burn_points);
  return TRUE;
}

static gboolean
has_loyalty_tender (GPtrArray *tenders, MposTenderType *type)
{
  for (guint i = 0; i < tenders->len; i++)
    {
      const MposTender *t = g_ptr_array_index (tenders, i);
      if (mpos_tender_kind (t->type)->member_account)
        {
          *type = t->type;
          return TRUE;
        }
    }
  return FALSE;
}

static gboolean
check_burn (MposStore *store, Plan *plan, MposMoney total, int64_t now, GError **error)
{
  int64_t usable = 0;
  MposMoney cap = 0;
  gboolean frozen = FALSE;
  char a[MPOS_MONEY_BUF], b[MPOS_MONEY_BUF], c[MPOS_MONEY_BUF];

  if (plan->burn_points == 0)
    return TRUE;
  frozen = plan->frozen;
  if (frozen)
    return mpos_points_fail (
        error, MPOS_POINTS_ERROR_FROZEN,
        R_ ("the member's points are frozen (fraud hold): they cannot pay with "
            "points"));
  mpos_round_mul_div (total, plan->rules->burn_max_share_bp, 10000, MPOS_ROUND_FLOOR, &cap);
  if (plan->burn_value > cap)
    return mpos_points_fail (error, MPOS_POINTS_ERROR_ABOVE_MAX_SHARE,
                             R_ ("points may pay at most %d%% of the sale: %s of %s (asked %s)"),
                             plan->rules->burn_max_share_bp / 100, mpos_money_to_buf (cap, a),
                             mpos_money_to_buf (total, b), mpos_money_to_buf (plan->burn_value, c));
  /* The proof first: without it, nothing about the balance is told. */
  if (!mpos_points_check_proof (store, plan->rules, plan->member_id, plan->burn_points,
                                plan->sale_id, plan->proven, now, error)
      || !mpos_points_usable (store, plan->member_id, now, &usable, error))
    return FALSE;
  if (usable >= plan->burn_points)
    return TRUE;
  if (!plan->proven)
    return mpos_points_fail (error, MPOS_POINTS_ERROR_INSUFFICIENT,
                             "not enough points for %" G_GINT64_FORMAT " (the member sees their "
                             "points with their payment PIN, member code or card)",
                             plan->burn_points);
  if (usable < 0)
    return mpos_points_fail (error, MPOS_POINTS_ERROR_INSUFFICIENT,
                             "the member's points balance is negative (%" G_GINT64_FORMAT
                             "): a return took back points already spent, and points cannot "
                             "pay until later points repay them; take the %s another way",
                             usable, mpos_money_to_buf (plan->burn_value, a));
  return mpos_points_fail (error, MPOS_POINTS_ERROR_INSUFFICIENT,
                           "not enough points: %" G_GINT64_FORMAT " to pay, %" G_GINT64_FORMAT
                           " usable",
                           plan->burn_points, usable);
}

static gboolean
check_stored_value (MposStore *store, Plan *plan, int64_t now, GError **error)
{
  char a[MPOS_MONEY_BUF];

  if (plan->sv_amount == 0)
    return TRUE;
  if (plan->frozen && plan->rules->freeze_blocks >= MPOS_FREEZE_STORED_VALUE)
    return mpos_points_fail (
        error, MPOS_POINTS_ERROR_FROZEN,
        R_ ("the member's account is frozen (fraud hold) and the store's policy "
            "blocks stored value too: the %s stored-value payment cannot be "
            "taken; take another tender or ask a supervisor to unfreeze"),
        mpos_money_to_buf (plan->sv_amount, a));
  if (!mpos_stored_value_check_proof (store, plan->rules, plan->member_id, plan->sv_amount,
                                      plan->sale_id, plan->proven, now, error)
      || !mpos_stored_value_balance (store, plan->member_id, &plan->sv_balance, error))
    return FALSE;
  if (plan->sv_amount > plan->sv_balance.principal + plan->sv_balance.bonus)
    return mpos_stored_value_fail (error, MPOS_STORED_VALUE_ERROR_INSUFFICIENT,
                                   R_ ("not enough stored value for %s"),
                                   mpos_money_to_buf (plan->sv_amount, a));
  return TRUE;
}

/* Everything a sale's loyalty may refuse, read-only. */
static gboolean
plan_sale (MposStore *store, MposCart *cart, int64_t now, Plan *plan, GError **error)
{
  MposTenderType type = MPOS_TENDER_CASH;
  gboolean tenders = has_loyalty_tender (cart->tenders, &type);
  g_autoptr (GError) local = NULL;

  memset (plan, 0, sizeof *plan);
  if (!tenders && cart->member == NULL)
    return TRUE;
  plan->rules = mpos_loyalty_rules_load (store, &local);
  if (plan->rules == NULL)
    {
      if (!tenders
          && g_error_matches (local, MPOS_LOYALTY_RULES_ERROR, MPOS_LOYALTY_RULES_ERROR_NOT_SET_UP))
        return TRUE; /* no rules: a member sale simply earns nothing */
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  if (tenders && cart->member == NULL)
    {
      if (type == MPOS_TENDER_POINTS)
        return mpos_points_fail (error, MPOS_POINTS_ERROR_NO_MEMBER,
                                 R_ ("paying with points needs the member's card first"));
      return mpos_stored_value_fail (error, MPOS_STORED_VALUE_ERROR_NO_MEMBER,
                                     R_ ("paying with stored value needs the member's card first"));
    }
  plan->member_id = cart->member->id;
  plan->sale_id = cart->sale_id;
  if (!collect_tenders (plan, cart->tenders, error))
    return FALSE;
  /* The freeze flag only when a tender or the policy makes it matter. */
  if ((plan->burn_points > 0 || plan->sv_amount > 0
       || plan->rules->freeze_blocks == MPOS_FREEZE_EARNING)
      && !mpos_points_account (store, plan->member_id, NULL, NULL, &plan->frozen, error))
    return FALSE;
  return check_burn (store, plan, mpos_cart_total (cart), now, error)
         && check_stored_value (store, plan, now, error);
}

gboolean
mpos_loyalty_check_cart (MposStore *store, MposCart *cart, int64_t now, GError **error)
{
  g_auto (Plan) plan = { 0 };

  return plan_sale (store, cart, now, &plan, error);
}

/* ---- earning ------------------------------------------------------------------ */

static gboolean
is_birthday (const MposLoyaltyRules *rules, MposStore *store, const char *birthday, int64_t now)
{
  g_autoptr (GDateTime) local = NULL;
  g_autofree char *today = NULL;

  if (birthday == NULL || strlen (birthday) != 10)
    return FALSE;
  local = mpos_loyalty_rules_rule_date (rules, store, now);
  today = g_date_time_format (local, "%m-%d");
  if (strcmp (today, birthday + 5) == 0)
    return TRUE;
  /* 29 Feb birthdays count on 28 Feb in other years. */
  return strcmp (birthday + 5, "02-29") == 0 && strcmp (today, "02-28") == 0
         && !g_date_is_leap_year ((GDateYear)g_date_time_get_year (local));
}

/* The member's level multiplier (its birthday multiplier on their birthday);
 * ×1 when the rules do not apply level multipliers or the member's level is
 * gone. */
static gboolean
level_bp (MposStore *store, const Plan *plan, int64_t now, int *bp, GError **error)
{
  g_autoptr (MposStmt) stmt = NULL;
  int rc;

  *bp = 10000;
  if (!plan->rules->level_multiplier)
    return TRUE;
  stmt = mpos_store_stmt (store, &SQL_LEVEL_BIRTHDAY, error);
  if (stmt == NULL)
    return FALSE;
  mpos_bind_int64 (stmt, ":member", plan->member_id);
  rc = mpos_store_step (stmt);
  if (rc == SQLITE_ROW)
    *bp = is_birthday (plan->rules, store, (const char *)sqlite3_column_text (stmt, 2), now)
              ? sqlite3_column_int (stmt, 1)
              : sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return mpos_store_fail (store, rc, "reading the member's level", error);
  return TRUE;
}

static MposLoyaltyLine *
cart_loyalty_lines (const Plan *plan, MposCart *cart)
{
  MposLoyaltyLine *lines = g_new0 (MposLoyaltyLine, MAX (cart->lines->len, 1));

  for (guint i = 0; i < cart->lines->len; i++)
    {
      const MposCartLine *line = g_ptr_array_index (cart->lines, i);
      lines[i].net = line->net;
      /* Selling a gift card is taking a deposit, not a purchase: it earns nothing. */
      lines[i].goods_bp = line->gift_card ? 0
                                          : mpos_loyalty_rules_goods_bp (
                                              plan->rules, line->sku->sku_code,
                                              line->sku->product_code, line->sku->category_path);
    }
  return lines;
}

static MposLineLoyalty
line_share (const MposLoyaltyLine *l)
{
  return (MposLineLoyalty){ l->points_burnt, l->points_value, l->sv_principal, l->sv_bonus,
                            l->points_earned };
}

/* Each cart line's part of a bonus's measure. */
static MposBonusLine *
bonus_lines (MposCart *cart, const MposLoyaltyLine *lines, gboolean goods_total)
{
  MposBonusLine *out = g_new0 (MposBonusLine, MAX (cart->lines->len, 1));

  for (guint i = 0; i < cart->lines->len; i++)
    {
      const MposCartLine *line = g_ptr_array_index (cart->lines, i);
      out[i].line_no = (int)line->line_no;
      out[i].measure = goods_total ? lines[i].net : lines[i].measure;
    }
  return out;
}

/* The referrer's bonus on the referred member's first purchase (once),
 * kept while anything of that purchase is kept. */
static gboolean
referral (const MposPointsAction *a, const Plan *plan, MposCart *cart,
          const MposLoyaltyLine *lines, int64_t confirm_at, GError **error)
{
  g_autoptr (MposStmt) stmt = NULL;
  int64_t referrer = 0, sales = 0;
  g_autofree char *ref = NULL;
  g_autofree MposBonusLine *parts = NULL;

  if (plan->rules->referral_bonus <= 0)
    return TRUE;
  /* members.referrer_id comes with 0002; without it there are no referrals. */
  stmt = mpos_store_stmt (a->store, &SQL_REFERRER, NULL);
  if (stmt == NULL)
    return TRUE;
  mpos_bind_int64 (stmt, ":member", plan->member_id);
  if (!mpos_store_step_returning (a->store, stmt, "reading the referrer", &referrer, error))
    return FALSE;
  if (referrer == 0 || referrer == plan->member_id)
    return TRUE;
  stmt = mpos_store_stmt (a->store, &SQL_FIRST_SALE, error);
  if (stmt == NULL)
    return FALSE;
  mpos_bind_int64 (stmt, ":member", plan->member_id);
  if (!mpos_store_step_returning (a->store, stmt, "counting the member's sales", &sales, error))
    return FALSE;
  if (sales != 1) /* this sale is already written: 1 means it is the first */
    return TRUE;
  ref = g_strdup_printf ("referral:%" G_GINT64_FORMAT, plan->member_id);
  parts = bonus_lines (cart, lines, TRUE);
  return mpos_loyalty_bonus_grant (a, MPOS_BONUS_REFERRAL, referrer, plan->rules->referral_bonus,
                                   confirm_at,
                                   mpos_loyalty_rules_expiry (plan->rules, a->store, a->now), ref,
                                   parts, cart->lines->len, error);
}

static gboolean
write_sale (MposStore *store, MposCart *cart, const char *sale_id, int64_t now, Plan *plan,
            MposLineLoyalty *shares, gboolean *any, GError **error)
{
  MposPointsAction a = { store, now, sale_id, sale_id, cart->cashier, NULL, NULL };
  g_autofree MposLoyaltyLine *lines = cart_loyalty_lines (plan, cart);
  gsize n = cart->lines->len;
  MposMoney sv_p = 0, sv_b = 0;
  int64_t earned, threshold = 0;
  int64_t confirm_at = now + (int64_t)plan->rules->return_window_days * SECONDS_PER_DAY;
  int64_t expires_at = mpos_loyalty_rules_expiry (plan->rules, store, now);
  g_autofree MposBonusLine *parts = NULL;
  int lbp = 10000;

  if (plan->sv_amount > 0)
    mpos_stored_value_split (plan->rules->spend_order, plan->sv_balance.principal,
                             plan->sv_balance.bonus, plan->sv_amount, &sv_p, &sv_b);
  if (!mpos_points_allocate (lines, n, plan->burn_points, plan->burn_value, sv_p, sv_b))
    return mpos_points_fail (error, MPOS_POINTS_ERROR_INVALID,
                             R_ ("points and stored value pay more than the goods cost"));
  if (!level_bp (store, plan, now, &lbp, error))
    return FALSE;
  earned = mpos_points_earn (plan->rules, lines, n,
                             mpos_loyalty_rules_date_bp (plan->rules, store, now), lbp,
                             &threshold);
  if (plan->frozen && plan->rules->freeze_blocks == MPOS_FREEZE_EARNING)
    {
      /* The store's policy: a frozen member earns nothing (bonuses neither). */
      for (gsize i = 0; i < n; i++)
        lines[i].points_earned = 0;
      earned = threshold = 0;
    }
  *any = earned > 0 || plan->burn_points > 0 || plan->sv_amount > 0;
  for (gsize i = 0; i < n; i++)
    shares[i] = line_share (&lines[i]);
  if (plan->burn_points > 0
      && !mpos_points_take (&a, plan->member_id, plan->burn_points, "burn", NULL, error))
    return FALSE;
  if (plan->sv_amount > 0
      && !mpos_stored_value_entry (store, plan->member_id, "spend", -sv_p, -sv_b, sale_id, sale_id,
                                   NULL, 0, now, error))
    return FALSE;
  if (earned > 0
      && !mpos_points_add_lot (&a, plan->member_id, "sale", "earn", earned, confirm_at, expires_at,
                               NULL, NULL, error))
    return FALSE;
  parts = bonus_lines (cart, lines, FALSE);
  return mpos_loyalty_bonus_grant (&a, MPOS_BONUS_THRESHOLD, plan->member_id, threshold,
                                   confirm_at, expires_at, NULL, parts, n, error)
         && referral (&a, plan, cart, lines, confirm_at, error);
}

gboolean
mpos_loyalty_apply_sale (MposStore *store, MposCart *cart, const char *sale_id, int64_t now,
                         MposLineLoyalty *lines, gboolean *any, GError **error)
{
  g_auto (Plan) plan = { 0 };

  *any = FALSE;
  if (!plan_sale (store, cart, now, &plan, error))
    return FALSE;
  if (plan.rules == NULL || plan.member_id == 0)
    return TRUE;
  return write_sale (store, cart, sale_id, now, &plan, lines, any, error);
}

/* The points the sale would earn as the cart stands (write_sale's
 * arithmetic, nothing written): for the cashier's "points to earn". */
gboolean
mpos_loyalty_preview_earn (MposStore *store, MposCart *cart, int64_t now, int64_t *points,
                           GError **error)
{
  g_auto (Plan) plan = { 0 };
  g_autofree MposLoyaltyLine *lines = NULL;
  MposMoney sv_p = 0, sv_b = 0;
  int64_t threshold = 0, earned;
  int lbp = 10000;

  *points = 0;
  if (!plan_sale (store, cart, now, &plan, error))
    return FALSE;
  if (plan.rules == NULL || plan.member_id == 0 || cart->lines->len == 0)
    return TRUE;
  if (plan.frozen && plan.rules->freeze_blocks == MPOS_FREEZE_EARNING)
    return TRUE;
  lines = cart_loyalty_lines (&plan, cart);
  if (plan.sv_amount > 0)
    mpos_stored_value_split (plan.rules->spend_order, plan.sv_balance.principal,
                             plan.sv_balance.bonus, plan.sv_amount, &sv_p, &sv_b);
  if (!mpos_points_allocate (lines, cart->lines->len, plan.burn_points, plan.burn_value, sv_p,
                             sv_b))
    return mpos_points_fail (error, MPOS_POINTS_ERROR_INVALID,
                             R_ ("points and stored value pay more than the goods cost"));
  if (!level_bp (store, &plan, now, &lbp, error))
    return FALSE;
  earned = mpos_points_earn (plan.rules, lines, cart->lines->len,
                             mpos_loyalty_rules_date_bp (plan.rules, store, now), lbp, &threshold);
  *points = earned + threshold;
  return TRUE;
}

MposTender *
mpos_points_tender_new (MposStore *store, int64_t points, GError **error)
{
  g_autoptr (MposLoyaltyRules) rules = mpos_loyalty_rules_load (store, error);
  MposTender *tender;
  MposMoney value = 0;

  if (rules == NULL)
    return NULL;
  if (points <= 0 || !mpos_loyalty_rules_points_value (rules, points, &value))
    {
      g_set_error (error, MPOS_TENDER_ERROR, MPOS_TENDER_ERROR_INVALID,
                   "%" G_GINT64_FORMAT " points are not a whole number of fen at %" G_GINT64_FORMAT
                   " points per yuan",
                   points, rules->points_per_yuan);
      return NULL;
    }
  tender = mpos_tender_new (MPOS_TENDER_POINTS, value, NULL, NULL); /* NULL: no proof */
  tender->points = points;
  return tender;
}

MposTender *
mpos_points_tender_new_proven (MposStore *store, int64_t member_id, int64_t points,
                               const MposSpendProof *proof, int64_t now, GError **error)
{
  g_autoptr (MposLoyaltyRules) rules = mpos_loyalty_rules_load (store, error);
  g_autoptr (MposTender) tender = NULL;
  MposPaymentPinState pin;
  const char *provider = NULL;

  if (rules == NULL || (tender = mpos_points_tender_new (store, points, error)) == NULL)
    return NULL;
  if (member_id <= 0)
    {
      mpos_points_fail (error, MPOS_POINTS_ERROR_NO_MEMBER,
                        R_ ("paying with points needs the member's card first"));
      return NULL;
    }
  if (!mpos_payment_pin_state (store, member_id, &pin, error)
      || !mpos_spend_proof_check (store, rules, member_id, &pin, proof, now, &provider, error))
    return NULL;
  if (provider != NULL)
    {
      g_free (tender->provider);
      tender->provider = g_strdup (provider);
    }
  return g_steal_pointer (&tender);
}

/* ---- returns ------------------------------------------------------------------------ */

typedef struct
{
  int64_t burnt, value, principal, bonus, earned;
} Alloc;

typedef struct
{
  MposMoney money; /* refunded so far for the line, positive */
  Alloc done;      /* given back so far, positive */
} Progress;

/* The sold lines' shares, by line number (the record read them with its lines). */
static void
load_allocs (const MposSaleRecord *sale, GHashTable *out)
{
  for (guint i = 0; i < sale->lines->len; i++)
    {
      const MposSaleLine *line = g_ptr_array_index (sale->lines, i);
      Alloc *a;

      if (!line->has_loyalty)
        continue;
      a = g_new (Alloc, 1);
      *a = (Alloc){ line->loyalty.points_burnt, line->loyalty.points_value,
                    line->loyalty.sv_principal, line->loyalty.sv_bonus,
                    line->loyalty.points_earned };
      g_hash_table_insert (out, GINT_TO_POINTER (line->line_no), a);
    }
}

static Progress *
progress_for (GHashTable *progress, int line_no)
{
  Progress *p = g_hash_table_lookup (progress, GINT_TO_POINTER (line_no));

  if (p == NULL)
    {
      p = g_new0 (Progress, 1);
      g_hash_table_insert (progress, GINT_TO_POINTER (line_no), p);
    }
  return p;
}

/* What earlier returns of the original refunded and gave back, line by line. */
static gboolean
load_progress (MposStore *store, const MposSaleRecord *original, const MposSaleRecord *ret,
               GHashTable *progress, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_RETURNED_NET, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  mpos_bind_text (stmt, ":original", original->id);
  mpos_bind_text (stmt, ":ret", ret->id);
  while ((rc = mpos_store_step (stmt)) == SQLITE_ROW)
    progress_for (progress, sqlite3_column_int (stmt, 0))->money = -sqlite3_column_int64 (stmt, 1);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return mpos_store_fail (store, rc, "reading earlier returns", error);
  stmt = mpos_store_stmt (store, &SQL_REVERSED, error);
  if (stmt == NULL)
    return FALSE;
  mpos_bind_text (stmt, ":original", original->id);
  mpos_bind_text (stmt, ":ret", ret->id);
  while ((rc = mpos_store_step (stmt)) == SQLITE_ROW)
    {
      Progress *p = progress_for (progress, sqlite3_column_int (stmt, 0));
      p->done.burnt = -sqlite3_column_int64 (stmt, 1);
      p->done.value = -sqlite3_column_int64 (stmt, 2);
      p->done.principal = -sqlite3_column_int64 (stmt, 3);
      p->done.bonus = -sqlite3_column_int64 (stmt, 4);
      p->done.earned = -sqlite3_column_int64 (stmt, 5);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return mpos_store_fail (store, rc, "reading earlier loyalty reversals", error);
  return TRUE;
}

/* round(total × part / whole), half-up, capped to total: a cumulative share. */
static int64_t
share (int64_t total, int64_t part, int64_t whole)
{
  int64_t out = 0;

  if (whole <= 0 || part <= 0)
    return 0;
  mpos_round_mul_div (total, MIN (part, whole), whole, MPOS_ROUND_HALF_UP, &out);
  return out;
}

static const MposSaleLine *
sold_line (const MposSaleRecord *original, int line_no)
{
  for (guint i = 0; i < original->lines->len; i++)
    {
      const MposSaleLine *line = g_ptr_array_index (original->lines, i);
      if (line->line_no == line_no)
        return line;
    }
  return NULL;
}

/* The money this return refunds for a line (sale-return.c decides it) is
 * split over what is still open of the line's points value, principal,
 * bonus and the rest (cash, card …), by largest remainder: never more than
 * the refund, never more than is open, and the last unit back closes every
 * part exactly. Points go back in step with the value, earned points in
 * step with the money. */
static void
give_back (const Alloc *sold, MposMoney net, Progress *p, MposMoney refund, Alloc *out)
{
  int64_t open[4], part[4] = { 0 };
  int64_t total_open;
  MposMoney money = refund;

  open[0] = sold->value - p->done.value;
  open[1] = sold->principal - p->done.principal;
  open[2] = sold->bonus - p->done.bonus;
  open[3] = (net - sold->value - sold->principal - sold->bonus)
            - (p->money - p->done.value - p->done.principal - p->done.bonus);
  total_open = 0;
  for (int i = 0; i < 4; i++)
    total_open += open[i] = MAX (open[i], 0);
  refund = MIN (refund, total_open);
  if (refund > 0)
    mpos_allocate_largest_remainder (refund, open, 4, part);
  out->value = part[0];
  out->principal = part[1];
  out->bonus = part[2];
  p->money += money;
  p->done.value += part[0];
  p->done.principal += part[1];
  p->done.bonus += part[2];
  out->burnt = share (sold->burnt, p->done.value, sold->value) - p->done.burnt;
  p->done.burnt += out->burnt;
  out->earned = share (sold->earned, p->money, net) - p->done.earned;
  p->done.earned += out->earned;
}

/* Per line of the return (in its order): what it gives back, positive. */
static GArray *
plan_return (MposStore *store, const MposSaleRecord *original, const MposSaleRecord *ret,
             GError **error)
{
  g_autoptr (GHashTable) allocs = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  g_autoptr (GHashTable) progress = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  g_autoptr (GArray) plan = g_array_new (FALSE, TRUE, sizeof (Alloc));

  load_allocs (original, allocs);
  if (g_hash_table_size (allocs) == 0)
    return g_steal_pointer (&plan);
  if (!load_progress (store, original, ret, progress, error))
    return NULL;
  g_array_set_size (plan, ret->lines->len);
  for (guint i = 0; i < ret->lines->len; i++)
    {
      const MposSaleLine *r = g_ptr_array_index (ret->lines, i);
      const Alloc *sold = g_hash_table_lookup (allocs, GINT_TO_POINTER (r->original_line_no));
      const MposSaleLine *line = sold_line (original, r->original_line_no);

      if (sold != NULL && line != NULL)
        give_back (sold, line->net, progress_for (progress, r->original_line_no), -r->net,
                   &g_array_index (plan, Alloc, i));
    }
  return g_steal_pointer (&plan);
}

static void
sum_plan (const GArray *plan, Alloc *total)
{
  memset (total, 0, sizeof *total);
  for (guint i = 0; i < plan->len; i++)
    {
      const Alloc *a = &g_array_index (plan, Alloc, i);
      total->burnt += a->burnt;
      total->value += a->value;
      total->principal += a->principal;
      total->bonus += a->bonus;
      total->earned += a->earned;
    }
}

gboolean
mpos_loyalty_return_refunds (MposStore *store, const MposSaleRecord *original,
                             MposSaleRecord *ret, MposMoney *points_value,
                             MposMoney *stored_value, GError **error)
{
  g_autoptr (GArray) plan = plan_return (store, original, ret, error);
  Alloc total;

  *points_value = *stored_value = 0;
  if (plan == NULL)
    return FALSE;
  for (guint i = 0; i < plan->len && original->member_id != 0; i++)
    {
      MposSaleLine *r = g_ptr_array_index (ret->lines, i);
      const Alloc *give = &g_array_index (plan, Alloc, i);

      r->has_loyalty = TRUE;
      r->loyalty = (MposLineLoyalty){ -give->burnt, -give->value, -give->principal, -give->bonus,
                                      -give->earned };
    }
  sum_plan (plan, &total);
  *points_value = total.value;
  *stored_value = total.principal + total.bonus;
  return TRUE;
}

/* Money refunded per sold line by every return of `original` so far, `ret`
 * included: line number → MposMoney* (positive). */
static gboolean
returned_money (MposStore *store, const MposSaleRecord *original, const MposSaleRecord *ret,
                GHashTable *out, GError **error)
{
  g_autoptr (GHashTable) progress = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  GHashTableIter iter;
  gpointer key, value;

  if (!load_progress (store, original, ret, progress, error))
    return FALSE;
  for (guint i = 0; i < ret->lines->len; i++)
    {
      const MposSaleLine *r = g_ptr_array_index (ret->lines, i);
      progress_for (progress, r->original_line_no)->money -= r->net;
    }
  g_hash_table_iter_init (&iter, progress);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (out, key, g_memdup2 (&((Progress *)value)->money, sizeof (MposMoney)));
  return TRUE;
}

/* The sale's conditional bonuses (threshold, referral) the return takes it below. */
static gboolean
return_bonuses (const MposPointsAction *a, const MposLoyaltyRules *rules,
                const MposSaleRecord *original, const MposSaleRecord *ret, MposPointsSpent *spent,
                GError **error)
{
  g_autoptr (GHashTable) returned = g_hash_table_new_full (NULL, NULL, NULL, g_free);

  /* No rules were ever imported: no sale granted a bonus. */
  if (original->member_id == 0 || rules == NULL)
    return TRUE;
  return returned_money (a->store, original, ret, returned, error)
         && mpos_loyalty_bonus_return (a, rules, original, returned, spent, error);
}

/* The store's rules, NULL (and no error) when none were ever imported. */
static gboolean
return_rules (MposStore *store, MposLoyaltyRules **rules, GError **error)
{
  g_autoptr (GError) local = NULL;

  *rules = mpos_loyalty_rules_load (store, &local);
  if (*rules != NULL
      || g_error_matches (local, MPOS_LOYALTY_RULES_ERROR, MPOS_LOYALTY_RULES_ERROR_NOT_SET_UP))
    return TRUE;
  g_propagate_error (error, g_steal_pointer (&local));
  return FALSE;
}

/* The cash value of earned points already spent that a return deducts
 * from its refund: at the burn rate, rounded up to the fen (the store's
 * favour, by less than a fen). */
static MposMoney
spent_value (const MposLoyaltyRules *rules, const MposPointsSpent *spent)
{
  MposMoney value = 0;

  if (rules == NULL || spent->policy != MPOS_SPENT_POINTS_DEDUCT || spent->spent <= 0)
    return 0;
  mpos_round_mul_div (spent->spent, 100, rules->points_per_yuan, MPOS_ROUND_CEIL, &value);
  return value;
}

static gboolean
give_and_take_back (const MposPointsAction *a, const MposSaleRecord *original,
                    const MposSaleRecord *ret, const Alloc *total, MposPointsSpent *spent,
                    GError **error)
{
  MposStore *store = a->store;

  /* Give back first, then take back: the member may use the one for the other. */
  return mpos_points_restore_burn (a, original->member_id, original->id, total->burnt, error)
         && (total->principal + total->bonus == 0
             || mpos_stored_value_entry (
                 store, original->member_id, "refund", total->principal, total->bonus, ret->id,
                 ret->id, NULL, mpos_stored_value_entry_id (store, "spend", original->id, NULL),
                 a->now, error))
         && mpos_stored_value_pay_out_returned (store, original->member_id, total->principal,
                                                total->bonus, ret->cashier, ret->receipt_no, a->now,
                                                error)
         && mpos_points_reverse_earn (a, original->member_id, original->id, total->earned, spent,
                                      error);
}

gboolean
mpos_loyalty_apply_return (MposStore *store, const MposSaleRecord *original,
                           const MposSaleRecord *ret, int64_t now, MposMoney *deduction,
                           GError **error)
{
  MposPointsAction a = { store, now, ret->id, ret->id, ret->cashier, NULL, ret->reason };
  g_autoptr (MposLoyaltyRules) rules = NULL;
  MposPointsSpent spent = { MPOS_SPENT_POINTS_REFUSE, 0 };
  Alloc total = { 0 };
  gboolean any = FALSE;

  *deduction = 0;
  for (guint i = 0; i < ret->lines->len; i++)
    {
      const MposSaleLine *r = g_ptr_array_index (ret->lines, i);

      any |= r->has_loyalty;
      total.burnt -= r->loyalty.points_burnt;
      total.value -= r->loyalty.points_value;
      total.principal -= r->loyalty.sv_principal;
      total.bonus -= r->loyalty.sv_bonus;
      total.earned -= r->loyalty.points_earned;
    }
  if (original->member_id == 0)
    return TRUE;
  if (!return_rules (store, &rules, error))
    return FALSE;
  if (rules != NULL)
    spent.policy = rules->spent_points_return;
  if ((any && !give_and_take_back (&a, original, ret, &total, &spent, error))
      || !return_bonuses (&a, rules, original, ret, &spent, error))
    return FALSE;
  *deduction = spent_value (rules, &spent);
  return TRUE;
}

/* ---- journal -------------------------------------------------------------------------- */

static cJSON *
lines_json (const MposSaleRecord *sale)
{
  cJSON *lines = cJSON_CreateArray ();

  for (guint i = 0; i < sale->lines->len; i++)
    {
      const MposSaleLine *line = g_ptr_array_index (sale->lines, i);
      cJSON *l;

      if (!line->has_loyalty)
        continue;
      l = cJSON_CreateObject ();
      cJSON_AddNumberToObject (l, "line_no", line->line_no);
      cJSON_AddNumberToObject (l, "points_burnt", (double)line->loyalty.points_burnt);
      mpos_json_add_money (l, "points_value", line->loyalty.points_value);
      mpos_json_add_money (l, "sv_principal", line->loyalty.sv_principal);
      mpos_json_add_money (l, "sv_bonus", line->loyalty.sv_bonus);
      cJSON_AddNumberToObject (l, "points_earned", (double)line->loyalty.points_earned);
      cJSON_AddItemToArray (lines, l);
    }
  return lines;
}

gboolean
mpos_loyalty_add_json (MposStore *store, const MposSaleRecord *sale, cJSON *payload,
                       GError **error)
{
  const char *sale_id = sale->id;
  g_autoptr (cJSON) lines = lines_json (sale);
  g_autoptr (cJSON) points = mpos_points_action_json (store, sale_id, error);
  g_autoptr (cJSON) sv = points ? mpos_stored_value_action_json (store, sale_id, error) : NULL;
  cJSON *loyalty;

  if (sv == NULL || !mpos_gift_card_add_json (store, sale_id, payload, error))
    return FALSE;
  /* The coupons the sale redeemed or the return restored travel with it too. */
  if (cJSON_GetArraySize (lines) + cJSON_GetArraySize (points) + cJSON_GetArraySize (sv) == 0)
    return mpos_coupon_add_json (store, sale_id, payload, error);
  loyalty = cJSON_AddObjectToObject (payload, "loyalty");
  cJSON_AddItemToObject (loyalty, "lines", g_steal_pointer (&lines));
  cJSON_AddItemToObject (loyalty, "points", g_steal_pointer (&points));
  cJSON_AddItemToObject (loyalty, "stored_value", g_steal_pointer (&sv));
  return mpos_coupon_add_json (store, sale_id, payload, error);
}
