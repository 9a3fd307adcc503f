/* loyalty-rules.c — reading, validating and storing the loyalty rules, and
 * the small decisions made from them (which multiplier, which tier, when a
 * lot expires, what burnt points are worth). Unknown fields are refused so a
 * typo in a rule never silently turns it off. */
#include "loyalty-rules.h"
#include "fail.h"
#include "audit.h"
#include "clock.h"
#include "journal.h"
#include "json-fields.h"
#include "percent.h"
#include "store-private.h"
#include "uuid.h"

#include <stdio.h>
#include <string.h>

#define SETTING_KEY "loyalty_rules"
#define MAX_POINTS ((int64_t)1000000000)

/* clang-format off */
G_DEFINE_QUARK (mpos-loyalty-rules-error-quark, mpos_loyalty_rules_error)
/* clang-format on */

#define rules_fail(error, ...)                                                                     \
  mpos_fail (error, MPOS_LOYALTY_RULES_ERROR, MPOS_LOYALTY_RULES_ERROR_INVALID, __VA_ARGS__)

static void
clear_multiplier (gpointer data)
{
  g_free (((MposEarnMultiplier *)data)->key);
}

static void
clear_tier (gpointer data)
{
  g_free (((MposTopUpTier *)data)->coupon);
}

static void
clear_activity (gpointer data)
{
  MposPointsActivity *a = data;

  g_free (a->code);
  g_free (a->name);
}

static void
clear_campaign (gpointer data)
{
  MposPointsCampaign *c = data;

  g_free (c->code);
  g_free (c->name);
}

void
mpos_loyalty_rules_free (MposLoyaltyRules *rules)
{
  if (rules == NULL || !g_atomic_ref_count_dec (&rules->ref_count))
    return;
  g_clear_pointer (&rules->categories, g_array_unref);
  g_clear_pointer (&rules->products, g_array_unref);
  g_clear_pointer (&rules->campaigns, g_array_unref);
  g_clear_pointer (&rules->thresholds, g_array_unref);
  g_clear_pointer (&rules->activities, g_array_unref);
  g_clear_pointer (&rules->tiers, g_array_unref);
  g_free (rules->every.coupon);
  g_free (rules);
}

MposLoyaltyRules *
mpos_loyalty_rules_ref (MposLoyaltyRules *rules)
{
  g_atomic_ref_count_inc (&rules->ref_count);
  return rules;
}

static MposLoyaltyRules *
rules_new (void)
{
  MposLoyaltyRules *r = g_new0 (MposLoyaltyRules, 1);

  g_atomic_ref_count_init (&r->ref_count);
  r->categories = g_array_new (FALSE, TRUE, sizeof (MposEarnMultiplier));
  g_array_set_clear_func (r->categories, clear_multiplier);
  r->products = g_array_new (FALSE, TRUE, sizeof (MposEarnMultiplier));
  g_array_set_clear_func (r->products, clear_multiplier);
  r->campaigns = g_array_new (FALSE, TRUE, sizeof (MposPointsCampaign));
  g_array_set_clear_func (r->campaigns, clear_campaign);
  r->thresholds = g_array_new (FALSE, TRUE, sizeof (MposThresholdBonus));
  r->activities = g_array_new (FALSE, TRUE, sizeof (MposPointsActivity));
  g_array_set_clear_func (r->activities, clear_activity);
  r->tiers = g_array_new (FALSE, TRUE, sizeof (MposTopUpTier));
  g_array_set_clear_func (r->tiers, clear_tier);
  /* Defaults: the seed examples. */
  r->earn_points = 1;
  r->earn_per = 100;
  r->level_multiplier = TRUE;
  r->return_window_days = 7;
  r->expiry_mode = MPOS_EXPIRY_ROLLING;
  r->expiry_months = 12;
  r->points_per_yuan = 100;
  r->burn_minimum = 100;
  r->burn_multiple = 100;
  r->burn_max_share_bp = 10000;
  r->spend_order = MPOS_SPEND_PROPORTIONAL;
  r->pin_required_above = -1;
  r->pin_max_failures = 5;
  r->top_up_min = 100;
  r->top_up_max = 5000000;
  r->exchange_cancel_days = 7;
  r->exchange_cancel_supervisor = TRUE;
  return r;
}

gboolean
mpos_multiplier_parse (const char *text, int *bp)
{
  int64_t whole = 0, frac = 0;
  int decimals = 0;
  const char *p = text;

  if (p == NULL || !g_ascii_isdigit (*p))
    return FALSE;
  for (; g_ascii_isdigit (*p); p++)
    if ((whole = whole * 10 + (*p - '0')) > 10)
      return FALSE;
  if (*p == '.')
    for (p++; g_ascii_isdigit (*p); p++)
      {
        if (++decimals > 4)
          return FALSE;
        frac = frac * 10 + (*p - '0');
      }
  if (*p != '\0' || (p[-1] == '.'))
    return FALSE;
  for (; decimals < 4; decimals++)
    frac *= 10;
  if (whole * 10000 + frac > MPOS_MULTIPLIER_MAX_BP)
    return FALSE;
  *bp = (int)(whole * 10000 + frac);
  return TRUE;
}

/* ---- the document's shape ------------------------------------------------------ */

#define OBJECT(what_, ...)                                                                         \
  (&(const MposJsonShape){ .what = what_, .keys = (const MposJsonKey[]){ __VA_ARGS__, { NULL } } })
#define LIST_OF(shape_) (&(const MposJsonShape){ .items = shape_ })

static const MposJsonShape points_shape = {
  .what = "“points”",
  .keys = (const MposJsonKey[]){
      { "earn", OBJECT ("“earn”", { "points", NULL }, { "per", NULL }) },
      { "categories", LIST_OF (OBJECT ("a category multiplier", { "category", NULL }, { "multiplier", NULL })) },
      { "products", LIST_OF (OBJECT ("a product multiplier", { "sku", NULL }, { "multiplier", NULL })) },
      { "member_day", OBJECT ("“member_day”", { "day", NULL }, { "multiplier", NULL }) },
      { "campaigns", LIST_OF (OBJECT ("a campaign", { "code", NULL }, { "name", NULL }, { "starts", NULL }, { "ends", NULL },
                                      { "multiplier", NULL })) },
      { "stack_date_multipliers", NULL }, { "level_multiplier", NULL },
      { "threshold_bonus", LIST_OF (OBJECT ("a threshold bonus", { "spend", NULL }, { "points", NULL })) },
      { "registration_bonus", NULL }, { "birthday_bonus", NULL }, { "referral_bonus", NULL },
      { "referral_registration_bonus", NULL },
      { "activities", LIST_OF (OBJECT ("an activity", { "code", NULL }, { "name", NULL }, { "points", NULL },
                                       { "daily_cap", NULL })) },
      { "earn_on_points_paid", NULL }, { "earn_on_bonus_paid", NULL }, { "return_window_days", NULL },
      { "expiry", OBJECT ("“expiry”", { "mode", NULL }, { "months", NULL }, { "month_day", NULL }, { "years_after", NULL }) },
      { "burn", OBJECT ("“burn”", { "points_per_yuan", NULL }, { "minimum", NULL }, { "multiple", NULL }, { "max_share", NULL }, { "no_proof_max", NULL }, { "no_proof_daily_cap", NULL }) },
      { "transfer", NULL }, { NULL } },
};

static const MposJsonShape stored_value_shape = {
  .what = "“stored_value”",
  .keys = (const MposJsonKey[]){
      { "tiers", LIST_OF (OBJECT ("a top-up tier", { "top_up", NULL }, { "bonus", NULL }, { "coupon", NULL })) },
      { "every", OBJECT ("“every”", { "top_up", NULL }, { "bonus", NULL }) },
      { "spend_order", NULL }, { "pin_required_above", NULL }, { "pin_max_failures", NULL }, { "no_proof_daily_cap", NULL }, { "top_up_min", NULL },
      { "top_up_max", NULL }, { NULL } },
};

static const MposJsonShape policies_shape = {
  .what = "“policies”",
  .keys = (const MposJsonKey[]){
      { "threshold_measure", NULL }, { "exchange_cancel_days", NULL }, { "exchange_cancel_supervisor", NULL },
      { "coupon_over_sale", NULL }, { "freeze_blocks", NULL }, { "date_rules", NULL },
      { "burn_minimum_per", NULL }, { "spent_points_return", NULL }, { NULL } },
};

static const MposJsonShape rules_shape = {
  .what = "the rules document",
  .keys = (const MposJsonKey[]){ { "points", &points_shape }, { "stored_value", &stored_value_shape },
                                 { "policies", &policies_shape }, { NULL } },
};

#undef OBJECT
#undef LIST_OF

/* Which keys an object may hold is the shape's business (above); that it is one, here. */
static gboolean
must_be_object (const cJSON *object, const char *where, GError **error)
{
  return cJSON_IsObject (object) || rules_fail (error, "“%s” must be an object", where);
}

static gboolean
get_multiplier (const cJSON *object, const char *key, gboolean required, int *bp, GError **error)
{
  const char *text = NULL;

  if (!mpos_json_get_string (object, key, required, 16, &text, error))
    return FALSE;
  if (text && !mpos_multiplier_parse (text, bp))
    return rules_fail (error, "“%s” must be a factor from \"0\" to \"10\" like \"2\" or \"1.5\"",
                       key);
  return TRUE;
}

static gboolean
parse_earn (MposLoyaltyRules *r, const cJSON *earn, GError **error)
{

  if (earn == NULL)
    return TRUE;
  return must_be_object (earn, "earn", error)
         && mpos_json_get_int (earn, "points", TRUE, 1, 1000, &r->earn_points, error)
         && mpos_json_get_money (earn, "per", TRUE, 0, &r->earn_per, error)
         && (r->earn_per > 0 || rules_fail (error, "earn “per” must be more than 0"));
}

static gboolean
parse_multipliers (GArray *out, const cJSON *list, const char *what, const char *key,
                   GError **error)
{
  const cJSON *item;
  guint index = 0;

  if (list != NULL && !cJSON_IsArray (list))
    return rules_fail (error, "“%s” must be an array", what);
  cJSON_ArrayForEach (item, list)
  {
    MposEarnMultiplier m = { 0 };
    const char *text = NULL;

    index++;
    if (!must_be_object (item, what, error)
        || !mpos_json_get_string (item, key, TRUE, 200, &text, error)
        || !get_multiplier (item, "multiplier", TRUE, &m.multiplier_bp, error))
      {
        g_prefix_error (error, "%s %u: ", what, index);
        return FALSE;
      }
    m.key = g_strdup (text);
    g_array_append_val (out, m);
  }
  return TRUE;
}

static gboolean
parse_time (const cJSON *item, const char *key, int64_t *out, GError **error)
{
  const char *text = NULL;

  if (!mpos_json_get_string (item, key, TRUE, 64, &text, error))
    return FALSE;
  if (!mpos_clock_parse_iso8601 (text, out))
    return rules_fail (error, "“%s” must be an ISO 8601 time with a zone", key);
  return TRUE;
}

static gboolean
parse_campaigns (MposLoyaltyRules *r, const cJSON *list, GError **error)
{
  const cJSON *item;
  guint index = 0;

  if (list != NULL && !cJSON_IsArray (list))
    return rules_fail (error, "“campaigns” must be an array");
  cJSON_ArrayForEach (item, list)
  {
    MposPointsCampaign c = { 0 };
    const char *code = NULL, *name = NULL;

    index++;
    if (!must_be_object (item, "campaign", error)
        || !mpos_json_get_string (item, "code", TRUE, 32, &code, error)
        || !mpos_json_get_string (item, "name", FALSE, 64, &name, error)
        || !parse_time (item, "starts", &c.starts, error)
        || !parse_time (item, "ends", &c.ends, error)
        || !get_multiplier (item, "multiplier", TRUE, &c.multiplier_bp, error)
        || (c.ends <= c.starts && !rules_fail (error, "“ends” must be after “starts”")))
      {
        g_prefix_error (error, "campaign %u: ", index);
        return FALSE;
      }
    c.code = g_strdup (code);
    c.name = g_strdup (name ? name : code);
    g_array_append_val (r->campaigns, c);
  }
  return TRUE;
}

static gboolean
parse_thresholds (MposLoyaltyRules *r, const cJSON *list, GError **error)
{
  const cJSON *item;
  guint index = 0;

  if (list != NULL && !cJSON_IsArray (list))
    return rules_fail (error, "“threshold_bonus” must be an array");
  cJSON_ArrayForEach (item, list)
  {
    MposThresholdBonus t = { 0 };
    const MposThresholdBonus *last
        = r->thresholds->len
              ? &g_array_index (r->thresholds, MposThresholdBonus, r->thresholds->len - 1)
              : NULL;

    index++;
    if (!must_be_object (item, "threshold_bonus", error)
        || !mpos_json_get_money (item, "spend", TRUE, 0, &t.spend, error)
        || !mpos_json_get_int (item, "points", TRUE, 1, MAX_POINTS, &t.points, error)
        || ((t.spend <= 0 || (last && t.spend <= last->spend))
            && !rules_fail (error, "tiers must be above 0 and in ascending order of spend")))
      {
        g_prefix_error (error, "threshold_bonus %u: ", index);
        return FALSE;
      }
    g_array_append_val (r->thresholds, t);
  }
  return TRUE;
}

static gboolean
activity_code_ok (const char *code)
{
  for (const char *p = code; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '_' && *p != '-')
      return FALSE;
  return *code != '\0';
}

static gboolean
parse_activities (MposLoyaltyRules *r, const cJSON *list, GError **error)
{
  const cJSON *item;
  guint index = 0;

  if (list != NULL && !cJSON_IsArray (list))
    return rules_fail (error, "“activities” must be an array");
  cJSON_ArrayForEach (item, list)
  {
    MposPointsActivity a = { 0 };
    const char *code = NULL, *name = NULL;

    index++;
    if (!must_be_object (item, "activity", error)
        || !mpos_json_get_string (item, "code", TRUE, 32, &code, error)
        || !mpos_json_get_string (item, "name", FALSE, 64, &name, error)
        || !mpos_json_get_int (item, "points", TRUE, 1, 100000, &a.points, error)
        || !mpos_json_get_int (item, "daily_cap", TRUE, 1, 1000000, &a.daily_cap, error)
        || (!activity_code_ok (code)
            && !rules_fail (error, "“code” is letters, digits, “_” or “-” (a reason code)"))
        || (mpos_loyalty_rules_activity (r, code)
            && !rules_fail (error, "code “%s” is given twice", code))
        || (a.points > a.daily_cap
            && !rules_fail (error, "“points” must not be above “daily_cap”")))
      {
        g_prefix_error (error, "activity %u: ", index);
        return FALSE;
      }
    a.code = g_strdup (code);
    a.name = g_strdup (name ? name : code);
    g_array_append_val (r->activities, a);
  }
  return TRUE;
}

const MposPointsActivity *
mpos_loyalty_rules_activity (const MposLoyaltyRules *rules, const char *code)
{
  for (guint i = 0; code && i < rules->activities->len; i++)
    {
      const MposPointsActivity *a = &g_array_index (rules->activities, MposPointsActivity, i);
      if (strcmp (a->code, code) == 0)
        return a;
    }
  return NULL;
}

static gboolean
parse_member_day (MposLoyaltyRules *r, const cJSON *day, GError **error)
{
  int64_t d = 0;

  if (day == NULL)
    return TRUE;
  if (!must_be_object (day, "member_day", error)
      || !mpos_json_get_int (day, "day", TRUE, 1, 31, &d, error)
      || !get_multiplier (day, "multiplier", TRUE, &r->member_day_bp, error))
    {
      g_prefix_error (error, "member_day: ");
      return FALSE;
    }
  r->member_day = (int)d;
  return TRUE;
}

static gboolean
parse_month_day (MposLoyaltyRules *r, const char *text, GError **error)
{
  static const int days_in[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
  unsigned month = 0, day = 0;
  char tail = 0;

  if (text == NULL || sscanf (text, "%2u-%2u%c", &month, &day, &tail) != 2 || month < 1
      || month > 12 || day < 1 || (int)day > days_in[month - 1] || strlen (text) != 5)
    return rules_fail (error, "expiry “month_day” must be MM-DD like \"12-31\"");
  r->expiry_month = (int)month;
  r->expiry_day = (int)day;
  return TRUE;
}

static gboolean
parse_expiry (MposLoyaltyRules *r, const cJSON *expiry, GError **error)
{
  const char *mode = NULL, *month_day = NULL;
  int64_t months = 12, years = 0;

  if (expiry == NULL)
    return TRUE;
  if (!must_be_object (expiry, "expiry", error)
      || !mpos_json_get_string (expiry, "mode", TRUE, 16, &mode, error)
      || !mpos_json_get_int (expiry, "months", FALSE, 1, 120, &months, error)
      || !mpos_json_get_string (expiry, "month_day", FALSE, 8, &month_day, error)
      || !mpos_json_get_int (expiry, "years_after", FALSE, 0, 10, &years, error))
    goto fail;
  r->expiry_months = (int)months;
  r->expiry_years_after = (int)years;
  if (strcmp (mode, "never") == 0)
    r->expiry_mode = MPOS_EXPIRY_NEVER;
  else if (strcmp (mode, "rolling") == 0)
    r->expiry_mode = MPOS_EXPIRY_ROLLING;
  else if (strcmp (mode, "fixed") == 0)
    {
      r->expiry_mode = MPOS_EXPIRY_FIXED;
      if (!parse_month_day (r, month_day, error))
        goto fail;
    }
  else
    {
      rules_fail (error, "“mode” must be rolling, fixed or never");
      goto fail;
    }
  return TRUE;
fail:
  g_prefix_error (error, "expiry: ");
  return FALSE;
}

static gboolean
parse_burn (MposLoyaltyRules *r, const cJSON *burn, GError **error)
{
  gboolean daily_given;

  if (burn == NULL)
    return TRUE;
  if (!must_be_object (burn, "burn", error)
      || !mpos_json_get_int (burn, "points_per_yuan", TRUE, 1, 100000, &r->points_per_yuan, error)
      || !mpos_json_get_int (burn, "minimum", FALSE, 1, MAX_POINTS, &r->burn_minimum, error)
      || !mpos_json_get_int (burn, "multiple", FALSE, 1, MAX_POINTS, &r->burn_multiple, error)
      || !mpos_json_get_percent (burn, "max_share", FALSE, &r->burn_max_share_bp, error)
      || !mpos_json_get_int (burn, "no_proof_max", FALSE, 0, MAX_POINTS, &r->burn_no_proof_max,
                             error))
    goto fail;
  /* Without a daily cap of its own, a member may spend one sale's worth a day. */
  daily_given = cJSON_GetObjectItemCaseSensitive (burn, "no_proof_daily_cap") != NULL;
  r->burn_no_proof_daily_cap = r->burn_no_proof_max;
  if (!mpos_json_get_int (burn, "no_proof_daily_cap", FALSE, 0, MAX_POINTS,
                          &r->burn_no_proof_daily_cap, error))
    goto fail;
  if (daily_given && r->burn_no_proof_daily_cap < r->burn_no_proof_max)
    {
      rules_fail (error,
                  "“no_proof_daily_cap” (%" G_GINT64_FORMAT ") must be at least “no_proof_max” "
                  "(%" G_GINT64_FORMAT "): a day allows at least one sale's worth",
                  r->burn_no_proof_daily_cap, r->burn_no_proof_max);
      goto fail;
    }
  /* A burn is in whole fen: the multiple must buy a whole number of fen. */
  if ((r->burn_multiple * 100) % r->points_per_yuan != 0)
    {
      rules_fail (error,
                  "“multiple” points must be worth a whole number of fen at "
                  "%" G_GINT64_FORMAT " points per yuan",
                  r->points_per_yuan);
      goto fail;
    }
  return TRUE;
fail:
  g_prefix_error (error, "burn: ");
  return FALSE;
}

static gboolean
get_bonus (const cJSON *points, const char *key, int64_t *out, GError **error)
{
  return mpos_json_get_int (points, key, FALSE, 0, MAX_POINTS, out, error);
}

static gboolean
parse_points (MposLoyaltyRules *r, const cJSON *points, GError **error)
{
  int64_t window = r->return_window_days;

  if (points == NULL)
    return TRUE;
  if (!must_be_object (points, "points", error)
      || !parse_earn (r, cJSON_GetObjectItemCaseSensitive (points, "earn"), error)
      || !parse_multipliers (r->categories, cJSON_GetObjectItemCaseSensitive (points, "categories"),
                             "categories", "category", error)
      || !parse_multipliers (r->products, cJSON_GetObjectItemCaseSensitive (points, "products"),
                             "products", "sku", error)
      || !parse_member_day (r, cJSON_GetObjectItemCaseSensitive (points, "member_day"), error)
      || !parse_campaigns (r, cJSON_GetObjectItemCaseSensitive (points, "campaigns"), error)
      || !mpos_json_get_bool (points, "stack_date_multipliers", &r->stack_date_multipliers, error)
      || !mpos_json_get_bool (points, "level_multiplier", &r->level_multiplier, error)
      || !parse_thresholds (r, cJSON_GetObjectItemCaseSensitive (points, "threshold_bonus"), error)
      || !get_bonus (points, "registration_bonus", &r->registration_bonus, error)
      || !get_bonus (points, "birthday_bonus", &r->birthday_bonus, error)
      || !get_bonus (points, "referral_bonus", &r->referral_bonus, error)
      || !get_bonus (points, "referral_registration_bonus", &r->referral_registration_bonus, error)
      || !parse_activities (r, cJSON_GetObjectItemCaseSensitive (points, "activities"), error)
      || !mpos_json_get_bool (points, "earn_on_points_paid", &r->earn_on_points_paid, error)
      || !mpos_json_get_bool (points, "earn_on_bonus_paid", &r->earn_on_bonus_paid, error)
      || !mpos_json_get_int (points, "return_window_days", FALSE, 0, 365, &window, error)
      || !parse_expiry (r, cJSON_GetObjectItemCaseSensitive (points, "expiry"), error)
      || !parse_burn (r, cJSON_GetObjectItemCaseSensitive (points, "burn"), error)
      || !mpos_json_get_bool (points, "transfer", &r->transfer_enabled, error))
    return FALSE;
  r->return_window_days = (int)window;
  return TRUE;
}

static gboolean
parse_tiers (MposLoyaltyRules *r, const cJSON *list, GError **error)
{
  const cJSON *item;
  guint index = 0;

  if (list != NULL && !cJSON_IsArray (list))
    return rules_fail (error, "“tiers” must be an array");
  cJSON_ArrayForEach (item, list)
  {
    MposTopUpTier t = { 0 };
    const MposTopUpTier *last
        = r->tiers->len ? &g_array_index (r->tiers, MposTopUpTier, r->tiers->len - 1) : NULL;
    const char *coupon = NULL;

    index++;
    if (!must_be_object (item, "tier", error)
        || !mpos_json_get_money (item, "top_up", TRUE, 0, &t.top_up, error)
        || !mpos_json_get_money (item, "bonus", TRUE, 0, &t.bonus, error)
        || !mpos_json_get_string (item, "coupon", FALSE, 32, &coupon, error)
        || ((t.top_up <= 0 || (last && t.top_up <= last->top_up) || t.bonus > t.top_up)
            && !rules_fail (error, "tiers must be above 0, in ascending order, and give "
                                   "no more bonus than the top-up"))
        || ((coupon && *coupon == '\0') && !rules_fail (error, "“coupon” names a template")))
      {
        g_prefix_error (error, "stored_value tier %u: ", index);
        return FALSE;
      }
    t.coupon = g_strdup (coupon);
    g_array_append_val (r->tiers, t);
  }
  return TRUE;
}

static gboolean
parse_every (MposLoyaltyRules *r, const cJSON *every, GError **error)
{
  MposTopUpTier *e = &r->every;

  if (every == NULL)
    return TRUE;
  if (!must_be_object (every, "every", error)
      || !mpos_json_get_money (every, "top_up", TRUE, 0, &e->top_up, error)
      || !mpos_json_get_money (every, "bonus", TRUE, 0, &e->bonus, error)
      || ((e->top_up <= 0 || e->bonus <= 0 || e->bonus > e->top_up)
          && !rules_fail (error, "“top_up” and “bonus” must be above 0, the bonus no more than "
                                 "the top-up"))
      || (r->tiers->len > 0
          && !rules_fail (error, "give either “tiers” (the highest reached) or “every” (每满N送M), "
                                 "not both")))
    {
      g_prefix_error (error, "every: ");
      return FALSE;
    }
  return TRUE;
}

static gboolean
parse_spend_order (MposLoyaltyRules *r, const char *text, GError **error)
{
  if (text == NULL)
    return TRUE;
  if (strcmp (text, "bonus_first") == 0)
    r->spend_order = MPOS_SPEND_BONUS_FIRST;
  else if (strcmp (text, "principal_first") == 0)
    r->spend_order = MPOS_SPEND_PRINCIPAL_FIRST;
  else if (strcmp (text, "proportional") == 0)
    r->spend_order = MPOS_SPEND_PROPORTIONAL;
  else
    return rules_fail (error, "“spend_order” must be bonus_first, principal_first or proportional");
  return TRUE;
}

static gboolean
parse_stored_value (MposLoyaltyRules *r, const cJSON *sv, GError **error)
{
  const char *order = NULL;
  int64_t failures = r->pin_max_failures;

  if (sv == NULL)
    return TRUE;
  if (!must_be_object (sv, "stored_value", error)
      || !parse_tiers (r, cJSON_GetObjectItemCaseSensitive (sv, "tiers"), error)
      || !parse_every (r, cJSON_GetObjectItemCaseSensitive (sv, "every"), error)
      || !mpos_json_get_string (sv, "spend_order", FALSE, 32, &order, error)
      || !parse_spend_order (r, order, error)
      || !mpos_json_get_money (sv, "pin_required_above", FALSE, 0, &r->pin_required_above, error)
      || !mpos_json_get_int (sv, "pin_max_failures", FALSE, 1, 20, &failures, error)
      || !mpos_json_get_money (sv, "no_proof_daily_cap", FALSE, 0, &r->no_proof_daily_cap, error)
      || !mpos_json_get_money (sv, "top_up_min", FALSE, 0, &r->top_up_min, error)
      || !mpos_json_get_money (sv, "top_up_max", FALSE, 0, &r->top_up_max, error))
    goto fail;
  r->pin_max_failures = (int)failures;
  if (r->top_up_min <= 0 || r->top_up_max < r->top_up_min)
    {
      rules_fail (error, "“top_up_min” must be above 0 and not above “top_up_max”");
      goto fail;
    }
  return TRUE;
fail:
  g_prefix_error (error, "stored_value: ");
  return FALSE;
}

/* `text` (NULL: keep *out) must be one of `names` (NULL-terminated); *out
 * gets its index. */
static gboolean
parse_choice (const cJSON *object, const char *key, const char *const *names, int *out,
              GError **error)
{
  const char *text = NULL;
  g_autofree char *list = NULL;

  if (!mpos_json_get_string (object, key, FALSE, 32, &text, error))
    return FALSE;
  if (text == NULL)
    return TRUE;
  for (int i = 0; names[i]; i++)
    if (strcmp (text, names[i]) == 0)
      {
        *out = i;
        return TRUE;
      }
  list = g_strjoinv (", ", (char **)names);
  return rules_fail (error, "“%s” must be one of: %s", key, list);
}

static gboolean
parse_policies (MposLoyaltyRules *r, const cJSON *policies, GError **error)
{
  static const char *const measures[] = { "paid", "goods", NULL };
  static const char *const over_sale[] = { "forfeit", "refuse", NULL };
  static const char *const freeze[] = { "points", "stored_value", "earning", NULL };
  static const char *const dates[] = { "calendar", "business_day", NULL };
  static const char *const minimum[] = { "payment", "sale", NULL };
  static const char *const spent[] = { "refuse", "deduct", "negative", NULL };
  int measure = (int)r->threshold_measure, coupon = (int)r->coupon_over_sale;
  int blocks = (int)r->freeze_blocks, date = (int)r->date_rules, per = (int)r->burn_minimum_per;
  int spent_return = (int)r->spent_points_return;
  int64_t cancel_days = r->exchange_cancel_days;

  if (policies == NULL)
    return TRUE;
  if (!must_be_object (policies, "policies", error)
      || !parse_choice (policies, "threshold_measure", measures, &measure, error)
      || !parse_choice (policies, "coupon_over_sale", over_sale, &coupon, error)
      || !parse_choice (policies, "freeze_blocks", freeze, &blocks, error)
      || !parse_choice (policies, "date_rules", dates, &date, error)
      || !parse_choice (policies, "burn_minimum_per", minimum, &per, error)
      || !parse_choice (policies, "spent_points_return", spent, &spent_return, error)
      || !mpos_json_get_int (policies, "exchange_cancel_days", FALSE, 0, 365, &cancel_days, error)
      || !mpos_json_get_bool (policies, "exchange_cancel_supervisor",
                              &r->exchange_cancel_supervisor, error))
    {
      g_prefix_error (error, "policies: ");
      return FALSE;
    }
  r->threshold_measure = (MposThresholdMeasure)measure;
  r->coupon_over_sale = (MposCouponOverSale)coupon;
  r->freeze_blocks = (MposFreezeBlocks)blocks;
  r->date_rules = (MposDateRules)date;
  r->burn_minimum_per = (MposBurnMinimumPer)per;
  r->spent_points_return = (MposSpentPointsReturn)spent_return;
  r->exchange_cancel_days = (int)cancel_days;
  return TRUE;
}

MposLoyaltyRules *
mpos_loyalty_rules_parse (const char *data, gsize length, GError **error)
{
  g_autoptr (cJSON) root = mpos_json_parse (data, length, &rules_shape, error);
  g_autoptr (MposLoyaltyRules) rules = NULL;
  g_autoptr (GError) local = NULL;

  if (root == NULL)
    return NULL;
  rules = rules_new ();
  if (!(cJSON_IsObject (root) || rules_fail (&local, "the rules document must be an object"))
      || !parse_points (rules, cJSON_GetObjectItemCaseSensitive (root, "points"), &local)
      || !parse_stored_value (rules, cJSON_GetObjectItemCaseSensitive (root, "stored_value"),
                              &local)
      || !parse_policies (rules, cJSON_GetObjectItemCaseSensitive (root, "policies"), &local))
    {
      /* One domain for every refusal: "loyalty rules: <field>: <why>". */
      g_set_error (error, MPOS_LOYALTY_RULES_ERROR, MPOS_LOYALTY_RULES_ERROR_INVALID,
                   "loyalty rules: %s", local->message);
      return NULL;
    }
  return g_steal_pointer (&rules);
}

MposLoyaltyRules *
mpos_loyalty_rules_load (MposStore *store, GError **error)
{
  g_autofree char *text = mpos_store_get_setting (store, SETTING_KEY);
  MposLoyaltyRules *rules;

  if (text == NULL || *text == '\0')
    {
      g_set_error (error, MPOS_LOYALTY_RULES_ERROR, MPOS_LOYALTY_RULES_ERROR_NOT_SET_UP,
                   "points and stored value are not set up: import the loyalty rules first "
                   "(mallposctl import loyalty-rules FILE)");
      return NULL;
    }
  /* Every sale with a member reads the rules: parse them once per change. */
  rules = mpos_store_parsed_setting_lookup (store, SETTING_KEY, text);
  if (rules != NULL)
    return mpos_loyalty_rules_ref (rules);
  rules = mpos_loyalty_rules_parse (text, strlen (text), error);
  if (rules != NULL)
    mpos_store_parsed_setting_keep (store, SETTING_KEY, text, mpos_loyalty_rules_ref (rules),
                                    (GDestroyNotify) mpos_loyalty_rules_free);
  return rules;
}

gboolean
mpos_loyalty_rules_import (MposStore *store, const char *data, gsize length, const char *actor,
                           int64_t now, GError **error)
{
  g_autoptr (MposLoyaltyRules) rules = mpos_loyalty_rules_parse (data, length, error);

  /* checked before the write lock is taken */
  if (rules == NULL)
    return FALSE;
  if (!mpos_store_begin (store, error))
    return FALSE;
  if (!mpos_loyalty_rules_write (store, data, length, actor, now, error))
    {
      mpos_store_rollback (store);
      return FALSE;
    }
  return mpos_store_commit (store, error);
}

gboolean
mpos_loyalty_rules_write (MposStore *store, const char *data, gsize length, const char *actor,
                          int64_t now, GError **error)
{
  g_autoptr (MposLoyaltyRules) rules = mpos_loyalty_rules_parse (data, length, error);
  g_autoptr (cJSON) root = rules ? mpos_json_parse (data, length, &rules_shape, error) : NULL;
  g_autofree char *compact = NULL;
  char id[MPOS_UUID_STRLEN + 1];

  if (root == NULL)
    return FALSE;
  compact = cJSON_PrintUnformatted (root);
  return mpos_store_put_setting (store, SETTING_KEY, compact, error)
         && mpos_audit_record (store, now, actor, "import_loyalty_rules", NULL, NULL, error)
         && mpos_journal_append (store, "loyalty_rules", mpos_uuid_v7 (id), root, now, NULL, error);
}

/* ---- decisions -------------------------------------------------------------- */

int
mpos_loyalty_rules_goods_bp (const MposLoyaltyRules *rules, const char *sku_code,
                             const char *product_code, const char *category_path)
{
  int best = 10000;
  gsize best_len = 0;

  for (guint i = 0; i < rules->products->len; i++)
    {
      const MposEarnMultiplier *m = &g_array_index (rules->products, MposEarnMultiplier, i);
      if (g_strcmp0 (m->key, sku_code) == 0 || g_strcmp0 (m->key, product_code) == 0)
        return m->multiplier_bp;
    }
  for (guint i = 0; category_path && i < rules->categories->len; i++)
    {
      const MposEarnMultiplier *m = &g_array_index (rules->categories, MposEarnMultiplier, i);
      gsize len = strlen (m->key);
      gboolean covers = strncmp (category_path, m->key, len) == 0
                        && (category_path[len] == '\0' || category_path[len] == '/');
      if (covers && len >= best_len)
        {
          best = m->multiplier_bp;
          best_len = len;
        }
    }
  return best;
}

static GDateTime *
local_time (MposStore *store, int64_t utc_seconds)
{
  g_autoptr (GDateTime) utc = g_date_time_new_from_unix_utc (utc_seconds);

  if (mpos_store_get_identity (store, NULL) == NULL || store->time_zone == NULL)
    return g_date_time_ref (utc);
  return g_date_time_to_timezone (utc, store->time_zone);
}

GDateTime *
mpos_loyalty_rules_rule_date (const MposLoyaltyRules *rules, MposStore *store, int64_t now)
{
  const MposStoreIdentity *id = mpos_store_get_identity (store, NULL);
  int64_t shift = 0;

  /* A business day runs from its cut-off hour to the next day's. */
  if (rules->date_rules == MPOS_DATES_BUSINESS_DAY && id != NULL)
    shift = (int64_t)id->business_day_cutoff_hour * 3600;
  return local_time (store, now - shift);
}

int
mpos_loyalty_rules_date_bp (const MposLoyaltyRules *rules, MposStore *store, int64_t now)
{
  g_autoptr (GDateTime) local = mpos_loyalty_rules_rule_date (rules, store, now);
  int64_t bp = 10000;

  if (rules->member_day && g_date_time_get_day_of_month (local) == rules->member_day)
    bp = rules->member_day_bp;
  for (guint i = 0; i < rules->campaigns->len; i++)
    {
      const MposPointsCampaign *c = &g_array_index (rules->campaigns, MposPointsCampaign, i);
      if (now < c->starts || now >= c->ends)
        continue;
      if (rules->stack_date_multipliers)
        bp = MIN (bp * c->multiplier_bp / 10000, (int64_t)MPOS_MULTIPLIER_MAX_BP);
      else
        bp = MAX (bp, (int64_t)c->multiplier_bp);
    }
  return (int)bp;
}

int64_t
mpos_loyalty_rules_threshold_bonus (const MposLoyaltyRules *rules, MposMoney spend)
{
  int64_t points = 0;

  for (guint i = 0; i < rules->thresholds->len; i++)
    {
      const MposThresholdBonus *t = &g_array_index (rules->thresholds, MposThresholdBonus, i);
      if (spend >= t->spend)
        points = t->points;
    }
  return points;
}

MposMoney
mpos_loyalty_rules_top_up_bonus (const MposLoyaltyRules *rules, MposMoney amount,
                                 const MposTopUpTier **tier)
{
  const MposTopUpTier *reached = NULL;

  if (rules->every.top_up > 0)
    {
      int64_t steps = amount / rules->every.top_up;
      if (tier)
        *tier = steps > 0 ? &rules->every : NULL;
      return steps * rules->every.bonus;
    }
  for (guint i = 0; i < rules->tiers->len; i++)
    {
      const MposTopUpTier *t = &g_array_index (rules->tiers, MposTopUpTier, i);
      if (amount >= t->top_up)
        reached = t;
    }
  if (tier)
    *tier = reached;
  return reached ? reached->bonus : 0;
}

static int64_t
start_of_day_after (GTimeZone *zone, int year, int month, int day)
{
  g_autoptr (GDateTime) date = g_date_time_new (zone, year, month, day, 0, 0, 0);
  g_autoptr (GDateTime) next = date ? g_date_time_add_days (date, 1) : NULL;

  return next ? g_date_time_to_unix (next) : 0;
}

int64_t
mpos_loyalty_rules_expiry (const MposLoyaltyRules *rules, MposStore *store, int64_t earned_at)
{
  g_autoptr (GDateTime) local = local_time (store, earned_at);
  g_autoptr (GDateTime) later = NULL;
  GTimeZone *zone = g_date_time_get_timezone (local);
  int year = g_date_time_get_year (local);
  int day, month;

  switch (rules->expiry_mode)
    {
    case MPOS_EXPIRY_NEVER:
      return 0;
    case MPOS_EXPIRY_ROLLING:
      /* Valid through the same date `months` later (31 Jan + 1 month: 28/29 Feb). */
      later = g_date_time_add_months (local, rules->expiry_months);
      return start_of_day_after (zone, g_date_time_get_year (later), g_date_time_get_month (later),
                                 g_date_time_get_day_of_month (later));
    case MPOS_EXPIRY_FIXED:
    default:
      month = rules->expiry_month;
      day = rules->expiry_day;
      /* Already past this year's date: the next one. */
      if (g_date_time_get_month (local) * 100 + g_date_time_get_day_of_month (local)
          > month * 100 + day)
        year++;
      year += rules->expiry_years_after;
      if (month == 2 && day == 29 && !g_date_valid_dmy (29, 2, (GDateYear)year))
        day = 28;
      return start_of_day_after (zone, year, month, day);
    }
}

gboolean
mpos_loyalty_rules_points_value (const MposLoyaltyRules *rules, int64_t points, MposMoney *value)
{
  if (points < 0 || points > MAX_POINTS * 1000 || (points * 100) % rules->points_per_yuan != 0)
    return FALSE;
  *value = points * 100 / rules->points_per_yuan;
  return TRUE;
}
