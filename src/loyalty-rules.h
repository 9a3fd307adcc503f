/* loyalty-rules.h — the store's points and stored-value rules, kept as one
 * validated JSON document in the settings (`mallposctl import loyalty-rules`,
 * data/demo/loyalty-rules.json). Every number is whole: money in fen,
 * multipliers and shares in basis points (10000 = ×1 or 100%).
 *
 * {"points": {
 *    "earn": {"points": 1, "per": "1.00"},            floor(points × spend / per)
 *    "categories": [{"category": "烟酒/香烟", "multiplier": "0"}],
 *    "products": [{"sku": "100001", "multiplier": "2"}],  a SKU or product code
 *    "member_day": {"day": 10, "multiplier": "2"},
 *    "campaigns": [{"code": "D11", "name": "双十一", "starts": "…+08:00",
 *                   "ends": "…+08:00", "multiplier": "2"}],
 *    "stack_date_multipliers": false,                  else the highest applies
 *    "level_multiplier": true,                         member_levels.points_multiplier_bp
 *    "threshold_bonus": [{"spend": "500.00", "points": 100}],
 *    "registration_bonus": 100, "birthday_bonus": 100, "referral_bonus": 100,
 *                                                      (referral: the referred member's first purchase)
 *    "referral_registration_bonus": 50,                to the referrer at the referred registration
 *    "activities": [{"code": "review", "name": "评价送分", "points": 10, "daily_cap": 10}],
 *                                                      `points award`: adjustments by reason code
 *    "earn_on_points_paid": false, "earn_on_bonus_paid": false,
 *    "return_window_days": 7,                          pending until then
 *    "expiry": {"mode": "rolling", "months": 12}       or "fixed" with "month_day":
 *                                                      "12-31", "years_after": 0; or "never"
 *    "burn": {"points_per_yuan": 100, "minimum": 100, "multiple": 100, "max_share": "50%",
 *             "no_proof_max": 2000,                    points a sale may pay without the
 *                                                      member's proof; omit: 0 (always proof)
 *             "no_proof_daily_cap": 5000},             the same per member and business day,
 *                                                      all sales together; omit: no_proof_max
 *    "transfer": false},
 *  "stored_value": {
 *    "tiers": [{"top_up": "500.00", "bonus": "50.00"}, …],   the highest reached applies;
 *             a tier may add "coupon": "TEMPLATE" — one coupon of that template
 *             (src/coupon.h) with the top-up
 *    "every": {"top_up": "500.00", "bonus": "50.00"},  每满500送50 (1,500 → 150), instead of tiers
 *    "spend_order": "bonus_first" | "principal_first" | "proportional",
 *    "pin_required_above": "200.00",                  omit: never required
 *    "pin_max_failures": 5,
 *    "no_proof_daily_cap": "0.00",                    a member's stored value spent without
 *             proof (PIN) per business day, all sales together; omit: 0, none
 *    "top_up_min": "1.00", "top_up_max": "50000.00"},
 *  "policies": {                                      the store's choices (docs/loyalty-rules.md)
 *    "threshold_measure": "paid" | "goods",           what 消费满N送分 measures (default paid)
 *    "exchange_cancel_days": 7,                       an unused 积分兑券 coupon may be cancelled
 *    "exchange_cancel_supervisor": true,              for its points within this; supervisor?
 *    "coupon_over_sale": "forfeit" | "refuse",        a coupon worth more than its goods
 *    "freeze_blocks": "points" | "stored_value" | "earning",  each includes the ones before
 *    "date_rules": "calendar" | "business_day",       member day and birthday
 *    "burn_minimum_per": "payment" | "sale",          where burn "minimum" applies
 *    "spent_points_return": "refuse" | "deduct" | "negative"}}  returning a sale whose
 *                                                      earned points are already spent
 *
 * Offline spend limits (per sale, per member per outage, balance age) come
 * with the sync issue; they will be a further "offline" object here. */
#pragma once

#include <glib.h>
#include <stdint.h>
#include "money.h"
#include "store.h"

G_BEGIN_DECLS

#define MPOS_LOYALTY_RULES_ERROR (mpos_loyalty_rules_error_quark ())
GQuark mpos_loyalty_rules_error_quark (void);

typedef enum
{
  MPOS_LOYALTY_RULES_ERROR_INVALID,    /* the document breaks a rule; the message names the field */
  MPOS_LOYALTY_RULES_ERROR_NOT_SET_UP, /* no rules imported: points and stored value are off */
} MposLoyaltyRulesError;

#define MPOS_MULTIPLIER_MAX_BP 100000 /* ×10 */

typedef struct
{
  char *key; /* category path, or SKU/product code */
  int multiplier_bp;
} MposEarnMultiplier;

typedef struct
{
  char *code;
  char *name;
  int64_t starts, ends; /* [starts, ends) UTC */
  int multiplier_bp;
} MposPointsCampaign;

typedef struct
{
  MposMoney spend;
  int64_t points;
} MposThresholdBonus;

/* Points for something a member does (评价送10分, 签到送积分): an adjustment
 * with this reason code, at most daily_cap points per member per business day. */
typedef struct
{
  char *code; /* the reason code: "review", "sign_in" */
  char *name;
  int64_t points;    /* given per award unless the award names fewer */
  int64_t daily_cap; /* per member per business day */
} MposPointsActivity;

typedef struct
{
  MposMoney top_up;
  MposMoney bonus;
  char *coupon; /* coupon template code issued with the top-up; NULL: none */
} MposTopUpTier;

typedef enum
{
  MPOS_EXPIRY_NEVER,
  MPOS_EXPIRY_ROLLING, /* valid through the same local date `months` later */
  MPOS_EXPIRY_FIXED,   /* valid through month/day of the earning year (+ years_after) */
} MposExpiryMode;

/* What a threshold bonus (消费满500送100分) measures. */
typedef enum
{
  MPOS_THRESHOLD_PAID,  /* the part paid with money (points and, by the rules, bonus left out) */
  MPOS_THRESHOLD_GOODS, /* the goods total after discounts, however it was paid */
} MposThresholdMeasure;

/* A coupon worth more than the goods it covers. */
typedef enum
{
  MPOS_COUPON_OVER_SALE_FORFEIT, /* the rest is lost (the quote shows how much) */
  MPOS_COUPON_OVER_SALE_REFUSE,  /* the coupon is refused on that sale */
} MposCouponOverSale;

/* What a member's freeze (fraud hold, `points freeze`) blocks. */
typedef enum
{
  MPOS_FREEZE_POINTS,       /* paying with points, transfers out, exchanges */
  MPOS_FREEZE_STORED_VALUE, /* … and paying with stored value */
  MPOS_FREEZE_EARNING,      /* … and earning points on sales */
} MposFreezeBlocks;

/* Which date the member day and birthday rules look at. */
typedef enum
{
  MPOS_DATES_CALENDAR,     /* the local calendar date */
  MPOS_DATES_BUSINESS_DAY, /* the business day (before the cut-off hour: the day before) */
} MposDateRules;

/* The return of a sale whose earned points the member has already spent. */
typedef enum
{
  MPOS_SPENT_POINTS_REFUSE,   /* the return is refused until the member has the points */
  MPOS_SPENT_POINTS_DEDUCT,   /* their cash value (burn rate, rounded up) leaves the refund */
  MPOS_SPENT_POINTS_NEGATIVE, /* the balance goes negative; later points repay it first */
} MposSpentPointsReturn;

/* Where the burn minimum applies. */
typedef enum
{
  MPOS_MINIMUM_PER_PAYMENT, /* each points payment */
  MPOS_MINIMUM_PER_SALE,    /* the points payments of a sale together */
} MposBurnMinimumPer;

typedef enum
{
  MPOS_SPEND_BONUS_FIRST,
  MPOS_SPEND_PRINCIPAL_FIRST,
  MPOS_SPEND_PROPORTIONAL, /* bonus share = round-half-up(amount × bonus / balance) */
} MposSpendOrder;

typedef struct
{
  /* earn */
  int64_t earn_points;
  MposMoney earn_per;
  GArray *categories; /* of MposEarnMultiplier */
  GArray *products;   /* of MposEarnMultiplier */
  int member_day;     /* 1..31, 0: none */
  int member_day_bp;
  GArray *campaigns; /* of MposPointsCampaign */
  gboolean stack_date_multipliers;
  gboolean level_multiplier;
  GArray *thresholds; /* of MposThresholdBonus, ascending spend */
  int64_t registration_bonus, birthday_bonus, referral_bonus;
  int64_t referral_registration_bonus; /* to the referrer when the referred member registers */
  GArray *activities;                  /* of MposPointsActivity */
  gboolean earn_on_points_paid, earn_on_bonus_paid;
  int return_window_days;
  MposExpiryMode expiry_mode;
  int expiry_months;
  int expiry_month, expiry_day, expiry_years_after;
  /* policies */
  MposThresholdMeasure threshold_measure;
  int exchange_cancel_days; /* 0: an exchange cannot be cancelled */
  MposCouponOverSale coupon_over_sale;
  MposFreezeBlocks freeze_blocks;
  MposDateRules date_rules;
  MposBurnMinimumPer burn_minimum_per;
  MposSpentPointsReturn spent_points_return;
  gboolean exchange_cancel_supervisor;
  /* burn */
  int64_t points_per_yuan, burn_minimum, burn_multiple;
  int burn_max_share_bp;
  int64_t burn_no_proof_max;        /* points a sale pays without proof; 0: none */
  int64_t burn_no_proof_daily_cap;  /* per member and business day, all sales */
  gboolean transfer_enabled;
  /* stored value */
  GArray *tiers; /* of MposTopUpTier, ascending top_up */
  MposTopUpTier every; /* 每满500送50: bonus per whole top_up (top_up 0: none; then no tiers) */
  MposSpendOrder spend_order;
  MposMoney pin_required_above; /* -1: never */
  MposMoney no_proof_daily_cap; /* per member and business day; 0: every spend needs proof */
  int pin_max_failures;
  MposMoney top_up_min, top_up_max;
  gatomicrefcount ref_count; /* the store keeps the rules it parsed last */
} MposLoyaltyRules;

MposLoyaltyRules *mpos_loyalty_rules_ref (MposLoyaltyRules *rules);
/* Drops one reference; the rules go with the last. */
void mpos_loyalty_rules_free (MposLoyaltyRules *rules);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MposLoyaltyRules, mpos_loyalty_rules_free)

/* Parses and validates a rules document. */
MposLoyaltyRules *mpos_loyalty_rules_parse (const char *data, gsize length, GError **error);

/* The store's rules; NOT_SET_UP when none were imported. */
MposLoyaltyRules *mpos_loyalty_rules_load (MposStore *store, GError **error);

/* Validates and stores the document, with its audit record and journal
 * entry, in one transaction. */
gboolean mpos_loyalty_rules_import (MposStore *store, const char *data, gsize length,
                                    const char *actor, int64_t now, GError **error);
/* The same inside the caller's transaction (the `loyalty_rules` pull
 * stream). */
gboolean mpos_loyalty_rules_write (MposStore *store, const char *data, gsize length,
                                   const char *actor, int64_t now, GError **error);

/* The multiplier (bp) of a line's goods: the SKU's or product's rule, else
 * the deepest matching category rule, else ×1. */
int mpos_loyalty_rules_goods_bp (const MposLoyaltyRules *rules, const char *sku_code,
                                 const char *product_code, const char *category_path);

/* The local time the date rules (member day, birthday) read at `now`: the
 * calendar's, or shifted back by the cut-off hour for business days. */
GDateTime *mpos_loyalty_rules_rule_date (const MposLoyaltyRules *rules, MposStore *store,
                                         int64_t now);

/* The member-day and campaign multiplier (bp) in force at `now`. */
int mpos_loyalty_rules_date_bp (const MposLoyaltyRules *rules, MposStore *store, int64_t now);

/* Threshold bonus for spending `spend` in one sale (the highest tier reached). */
int64_t mpos_loyalty_rules_threshold_bonus (const MposLoyaltyRules *rules, MposMoney spend);

/* The activity with this reason code, NULL when the rules have none. */
const MposPointsActivity *mpos_loyalty_rules_activity (const MposLoyaltyRules *rules,
                                                       const char *code);

/* The top-up's bonus: per whole "every" step, or the tier reached by
 * `amount` (*tier: that tier, or the every rule; NULL when no bonus). */
MposMoney mpos_loyalty_rules_top_up_bonus (const MposLoyaltyRules *rules, MposMoney amount,
                                           const MposTopUpTier **tier);

/* When points earned at `earned_at` expire (0: never). */
int64_t mpos_loyalty_rules_expiry (const MposLoyaltyRules *rules, MposStore *store,
                                   int64_t earned_at);

/* The value in fen of `points` burnt; FALSE if they are not a whole number of fen. */
gboolean mpos_loyalty_rules_points_value (const MposLoyaltyRules *rules, int64_t points,
                                          MposMoney *value);

/* "2", "1.5", "0" → basis points (at most 4 decimals, at most ×10). */
gboolean mpos_multiplier_parse (const char *text, int *bp);

G_END_DECLS
