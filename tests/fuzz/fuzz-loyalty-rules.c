/* fuzz-loyalty-rules.c — libFuzzer target for the loyalty rules parser
 * (src/loyalty-rules.c), which reads whatever IT or the centre imports.
 * Whatever parses must hold the invariants the sale code relies on (ratios
 * above zero, multipliers within ×10, ascending tiers, a burn step worth
 * whole fen, a repeating top-up bonus never with tiers and never above its
 * step, activities with unique codes within their daily cap, policies
 * among their choices); every refusal is a loyalty-rules or JSON error with a
 * readable message. */
#include <glib.h>
#include <stdint.h>
#include <string.h>

#include "fuzz-json-oracle.h"
#include "fuzz-util.h"
#include "json-fields.h"
#include "loyalty-rules.h"

/* The rule kinds and policies of issue 12. */
static void
check_new_kinds (const MposLoyaltyRules *r)
{
  const MposTopUpTier *tier = NULL;

  if (r->every.top_up > 0)
    {
      g_assert_cmpuint (r->tiers->len, ==, 0);
      g_assert_cmpint (r->every.bonus, >, 0);
      g_assert_cmpint (r->every.bonus, <=, r->every.top_up);
      g_assert_cmpint (mpos_loyalty_rules_top_up_bonus (r, 3 * r->every.top_up, &tier), ==,
                       3 * r->every.bonus);
      g_assert_true (tier == &r->every);
    }
  for (guint i = 0; i < r->activities->len; i++)
    {
      const MposPointsActivity *a = &g_array_index (r->activities, MposPointsActivity, i);
      g_assert_cmpint (a->points, >, 0);
      g_assert_cmpint (a->points, <=, a->daily_cap);
      g_assert_true (mpos_loyalty_rules_activity (r, a->code) == a);
    }
  g_assert_cmpint (r->referral_registration_bonus, >=, 0);
  g_assert_cmpint (r->exchange_cancel_days, >=, 0);
  g_assert_cmpint (r->exchange_cancel_days, <=, 365);
  g_assert_cmpint (r->threshold_measure, <=, MPOS_THRESHOLD_GOODS);
  g_assert_cmpint (r->coupon_over_sale, <=, MPOS_COUPON_OVER_SALE_REFUSE);
  g_assert_cmpint (r->freeze_blocks, <=, MPOS_FREEZE_EARNING);
  g_assert_cmpint (r->date_rules, <=, MPOS_DATES_BUSINESS_DAY);
  g_assert_cmpint (r->burn_minimum_per, <=, MPOS_MINIMUM_PER_SALE);
}

static void
check_rules (const MposLoyaltyRules *r)
{
  MposMoney value = -1;

  g_assert_cmpint (r->earn_points, >, 0);
  g_assert_cmpint (r->earn_per, >, 0);
  g_assert_cmpint (r->points_per_yuan, >, 0);
  g_assert_cmpint (r->burn_minimum, >, 0);
  g_assert_cmpint (r->burn_multiple, >, 0);
  g_assert_cmpint (r->burn_max_share_bp, >=, 0);
  g_assert_cmpint (r->burn_max_share_bp, <=, 10000);
  g_assert_true (mpos_loyalty_rules_points_value (r, r->burn_multiple, &value));
  g_assert_cmpint (value, >=, 0);
  g_assert_cmpint (r->top_up_min, >, 0);
  g_assert_cmpint (r->top_up_max, >=, r->top_up_min);
  for (guint i = 0; i < r->categories->len; i++)
    g_assert_cmpint (g_array_index (r->categories, MposEarnMultiplier, i).multiplier_bp, <=,
                     MPOS_MULTIPLIER_MAX_BP);
  for (guint i = 1; i < r->tiers->len; i++)
    g_assert_cmpint (g_array_index (r->tiers, MposTopUpTier, i).top_up, >,
                     g_array_index (r->tiers, MposTopUpTier, i - 1).top_up);
  for (guint i = 1; i < r->thresholds->len; i++)
    g_assert_cmpint (g_array_index (r->thresholds, MposThresholdBonus, i).spend, >,
                     g_array_index (r->thresholds, MposThresholdBonus, i - 1).spend);
  for (guint i = 0; i < r->campaigns->len; i++)
    g_assert_cmpint (g_array_index (r->campaigns, MposPointsCampaign, i).ends, >,
                     g_array_index (r->campaigns, MposPointsCampaign, i).starts);
  check_new_kinds (r);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MposLoyaltyRules) rules = mpos_loyalty_rules_parse ((const char *)data, size, &error);

  if (fuzz_json_document_checked (data, size, NULL, rules != NULL, error,
                                  MPOS_LOYALTY_RULES_ERROR, MPOS_JSON_ERROR))
    check_rules (rules);
  return 0;
}
