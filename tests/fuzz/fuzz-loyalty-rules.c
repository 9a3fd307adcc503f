/* fuzz-loyalty-rules.c — libFuzzer target for the loyalty rules parser
 * (src/loyalty-rules.c), which reads whatever IT or the centre imports.
 * Whatever parses must hold the invariants the sale code relies on (ratios
 * above zero, multipliers within ×10, ascending tiers, a burn step worth
 * whole fen); every refusal is a loyalty-rules or JSON error with a
 * readable message. */
#include <glib.h>
#include <stdint.h>
#include <string.h>

#include "fuzz-json-oracle.h"
#include "json-fields.h"
#include "loyalty-rules.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

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
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MposLoyaltyRules) rules = mpos_loyalty_rules_parse ((const char *)data, size, &error);

  if (rules != NULL)
    {
      g_assert_no_error (error);
      fuzz_json_assert_unambiguous (data, size, NULL);
      check_rules (rules);
      return 0;
    }
  g_assert_nonnull (error);
  g_assert_true (error->domain == MPOS_LOYALTY_RULES_ERROR || error->domain == MPOS_JSON_ERROR);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  return 0;
}
