/* test-points-earn.c — the arithmetic and the rules without sales
 * (src/points-earn.c, src/loyalty-rules.c, mpos_stored_value_split): how a
 * burn and a stored-value spend are allocated to lines, how points are
 * earned and floored once, which multiplier applies, when points expire,
 * and every rules document the parser refuses. */
#include <glib.h>
#include <string.h>

#include "clock.h"
#include "json-fields.h"
#include "loyalty-rules.h"
#include "points-earn.h"
#include "stored-value.h"
#include "test-util.h"

static MposLoyaltyRules *
parse (const char *doc)
{
  g_autoptr (GError) error = NULL;
  MposLoyaltyRules *rules = mpos_loyalty_rules_parse (doc, strlen (doc), &error);

  g_assert_no_error (error);
  return rules;
}

static void
test_points_multiplier_parse (void)
{
  int bp = -1;

  g_assert_true (mpos_multiplier_parse ("2", &bp));
  g_assert_cmpint (bp, ==, 20000);
  g_assert_true (mpos_multiplier_parse ("1.5", &bp));
  g_assert_cmpint (bp, ==, 15000);
  g_assert_true (mpos_multiplier_parse ("0", &bp));
  g_assert_cmpint (bp, ==, 0);
  g_assert_true (mpos_multiplier_parse ("10", &bp));
  g_assert_cmpint (bp, ==, 100000);
  g_assert_true (mpos_multiplier_parse ("0.0001", &bp));
  g_assert_cmpint (bp, ==, 1);
  g_assert_false (mpos_multiplier_parse ("10.01", &bp));
  g_assert_false (mpos_multiplier_parse ("-1", &bp));
  g_assert_false (mpos_multiplier_parse ("1.", &bp));
  g_assert_false (mpos_multiplier_parse ("1.00001", &bp));
  g_assert_false (mpos_multiplier_parse ("2x", &bp));
  g_assert_false (mpos_multiplier_parse ("", &bp));
}

static void
test_points_rules_refused (void)
{
  static const char *const bad[] = {
    "[]",
    "{\"pointz\":{}}",
    "{\"points\":{\"earn\":{\"points\":1,\"per\":\"0.00\"}}}",
    "{\"points\":{\"earn\":{\"points\":1,\"per\":1}}}",
    "{\"points\":{\"categories\":[{\"category\":\"烟酒\",\"multiplier\":\"11\"}]}}",
    "{\"points\":{\"products\":[{\"sku\":\"1\"}]}}",
    "{\"points\":{\"member_day\":{\"day\":32,\"multiplier\":\"2\"}}}",
    "{\"points\":{\"campaigns\":[{\"code\":\"X\",\"starts\":\"2026-11-12T00:00:00+08:00\","
    "\"ends\":\"2026-11-11T00:00:00+08:00\",\"multiplier\":\"2\"}]}}",
    "{\"points\":{\"threshold_bonus\":[{\"spend\":\"500.00\",\"points\":100},"
    "{\"spend\":\"300.00\",\"points\":50}]}}",
    "{\"points\":{\"expiry\":{\"mode\":\"fixed\",\"month_day\":\"02-30\"}}}",
    "{\"points\":{\"expiry\":{\"mode\":\"sometimes\"}}}",
    "{\"points\":{\"burn\":{\"points_per_yuan\":300,\"multiple\":100}}}",
    "{\"points\":{\"burn\":{\"points_per_yuan\":100,\"max_share\":\"150%\"}}}",
    "{\"points\":{\"transfer\":true,\"transfer\":false}}",
    "{\"stored_value\":{\"tiers\":[{\"top_up\":\"1000.00\",\"bonus\":\"120.00\"},"
    "{\"top_up\":\"500.00\",\"bonus\":\"50.00\"}]}}",
    "{\"stored_value\":{\"tiers\":[{\"top_up\":\"100.00\",\"bonus\":\"150.00\"}]}}",
    "{\"stored_value\":{\"spend_order\":\"random\"}}",
    "{\"stored_value\":{\"top_up_min\":\"0.00\"}}",
    "{\"stored_value\":{\"pin_max_failures\":0}}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (MposLoyaltyRules) rules
          = mpos_loyalty_rules_parse (bad[i], strlen (bad[i]), &error);

      g_test_message ("%s", bad[i]);
      g_assert_null (rules);
      g_assert_nonnull (error);
      /* The JSON layer refuses what is not an object, unknown and repeated keys. */
      if (strstr (bad[i], "pointz"))
        g_assert_error (error, MPOS_JSON_ERROR, MPOS_JSON_ERROR_UNKNOWN);
      else if (strstr (bad[i], "\"transfer\":false"))
        g_assert_error (error, MPOS_JSON_ERROR, MPOS_JSON_ERROR_DUPLICATE);
      else if (i > 0)
        g_assert_error (error, MPOS_LOYALTY_RULES_ERROR, MPOS_LOYALTY_RULES_ERROR_INVALID);
    }
}

static void
test_points_demo_rules_parse (void)
{
  gsize length = 0;
  g_autofree char *doc = test_demo_file ("loyalty-rules.json", &length);
  g_autoptr (GError) error = NULL;
  g_autoptr (MposLoyaltyRules) rules = mpos_loyalty_rules_parse (doc, length, &error);
  const MposTopUpTier *tier = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (rules->burn_max_share_bp, ==, 5000);
  g_assert_cmpint (mpos_loyalty_rules_goods_bp (rules, "100193", "P0177", "烟酒/香烟"), ==, 0);
  g_assert_cmpint (mpos_loyalty_rules_goods_bp (rules, "100001", "P0001", "食品/方便食品"), ==,
                   20000);
  g_assert_cmpint (mpos_loyalty_rules_goods_bp (rules, "100200", "P0180", "烟酒/香烟丝"), ==,
                   10000); /* a path prefix is not a parent category */
  g_assert_cmpint (mpos_loyalty_rules_threshold_bonus (rules, 49999), ==, 0);
  g_assert_cmpint (mpos_loyalty_rules_threshold_bonus (rules, 50000), ==, 100);
  g_assert_cmpint (mpos_loyalty_rules_top_up_bonus (rules, 49999, &tier), ==, 0);
  g_assert_null (tier);
  g_assert_cmpint (mpos_loyalty_rules_top_up_bonus (rules, 50000, NULL), ==, 5000);
  g_assert_cmpint (mpos_loyalty_rules_top_up_bonus (rules, 150000, NULL), ==, 12000);
}

static void
test_points_expiry_rolling_and_fixed (void)
{
  g_autoptr (TestStore) ts = test_store_new (); /* Asia/Shanghai */
  g_autoptr (MposLoyaltyRules) rolling
      = parse ("{\"points\":{\"expiry\":{\"mode\":\"rolling\",\"months\":1}}}");
  g_autoptr (MposLoyaltyRules) fixed
      = parse ("{\"points\":{\"expiry\":{\"mode\":\"fixed\",\"month_day\":\"06-30\"}}}");
  g_autoptr (MposLoyaltyRules) year_end = parse (
      "{\"points\":{\"expiry\":{\"mode\":\"fixed\",\"month_day\":\"12-31\",\"years_after\":1}}}");
  g_autoptr (MposLoyaltyRules) never = parse ("{\"points\":{\"expiry\":{\"mode\":\"never\"}}}");
  int64_t t = 0, want = 0;

  /* 31 Jan + 1 month: valid through 28 Feb. */
  mpos_clock_parse_iso8601 ("2027-01-31T23:30:00+08:00", &t);
  mpos_clock_parse_iso8601 ("2027-03-01T00:00:00+08:00", &want);
  g_assert_cmpint (mpos_loyalty_rules_expiry (rolling, ts->store, t), ==, want);
  /* Past 30 June: next year's. */
  mpos_clock_parse_iso8601 ("2026-08-01T10:00:00+08:00", &t);
  mpos_clock_parse_iso8601 ("2027-07-01T00:00:00+08:00", &want);
  g_assert_cmpint (mpos_loyalty_rules_expiry (fixed, ts->store, t), ==, want);
  mpos_clock_parse_iso8601 ("2028-01-01T00:00:00+08:00", &want);
  g_assert_cmpint (mpos_loyalty_rules_expiry (year_end, ts->store, t), ==, want);
  g_assert_cmpint (mpos_loyalty_rules_expiry (never, ts->store, t), ==, 0);
}

static void
test_points_date_multiplier (void)
{
  g_autoptr (TestStore) ts = test_store_new ();
  g_autoptr (MposLoyaltyRules) rules
      = parse ("{\"points\":{\"member_day\":{\"day\":10,\"multiplier\":\"2\"}}}");
  int64_t t = 0;

  /* 10th in Shanghai, still the 9th in UTC: the store's day counts. */
  mpos_clock_parse_iso8601 ("2026-12-10T07:00:00+08:00", &t);
  g_assert_cmpint (mpos_loyalty_rules_date_bp (rules, ts->store, t), ==, 20000);
  mpos_clock_parse_iso8601 ("2026-12-11T07:00:00+08:00", &t);
  g_assert_cmpint (mpos_loyalty_rules_date_bp (rules, ts->store, t), ==, 10000);
}

static void
test_points_allocate_never_beyond_a_line (void)
{
  MposLoyaltyLine lines[3] = { { .net = 1500 }, { .net = 1280 }, { .net = 500 } };
  int64_t value = 0, principal = 0, bonus = 0, points = 0;

  g_assert_true (mpos_points_allocate (lines, 3, 1000, 1000, 2000, 280));
  for (int i = 0; i < 3; i++)
    {
      g_assert_cmpint (lines[i].points_value + lines[i].sv_principal + lines[i].sv_bonus, <=,
                       lines[i].net);
      value += lines[i].points_value;
      principal += lines[i].sv_principal;
      bonus += lines[i].sv_bonus;
      points += lines[i].points_burnt;
    }
  g_assert_cmpint (value, ==, 1000);
  g_assert_cmpint (principal, ==, 2000);
  g_assert_cmpint (bonus, ==, 280);
  g_assert_cmpint (points, ==, 1000);
  /* Paying more than the goods cost is refused. */
  g_assert_false (mpos_points_allocate (lines, 3, 100, 100, 3280, 0));
  g_assert_false (mpos_points_allocate (lines, 3, 100, 0, 0, 0));
}

static void
test_points_allocate_properties (void)
{
  GRand *rand = g_rand_new_with_seed (20261123);

  for (int round = 0; round < 2000; round++)
    {
      MposLoyaltyLine lines[6] = { { 0 } };
      gsize n = (gsize)g_rand_int_range (rand, 1, 7);
      MposMoney total = 0, v, p, b, sum_v = 0, sum_p = 0, sum_b = 0;
      int64_t pts, sum_pts = 0;

      for (gsize i = 0; i < n; i++)
        total += lines[i].net = g_rand_int_range (rand, 0, 100000);
      v = total ? g_rand_int_range (rand, 0, (gint32)MIN (total, G_MAXINT32 - 1) + 1) : 0;
      p = total - v ? g_rand_int_range (rand, 0, (gint32)(total - v) + 1) : 0;
      b = total - v - p ? g_rand_int_range (rand, 0, (gint32)(total - v - p) + 1) : 0;
      pts = v * 3;
      g_assert_true (mpos_points_allocate (lines, n, pts, v, p, b));
      for (gsize i = 0; i < n; i++)
        {
          g_assert_cmpint (lines[i].points_value + lines[i].sv_principal + lines[i].sv_bonus, <=,
                           lines[i].net);
          g_assert_cmpint (lines[i].points_value, >=, 0);
          g_assert_cmpint (lines[i].sv_principal, >=, 0);
          g_assert_cmpint (lines[i].sv_bonus, >=, 0);
          sum_v += lines[i].points_value;
          sum_p += lines[i].sv_principal;
          sum_b += lines[i].sv_bonus;
          sum_pts += lines[i].points_burnt;
        }
      g_assert_cmpint (sum_v, ==, v);
      g_assert_cmpint (sum_p, ==, p);
      g_assert_cmpint (sum_b, ==, b);
      g_assert_cmpint (sum_pts, ==, pts);
    }
  g_rand_free (rand);
}

static void
test_points_earn_floors_once_for_the_sale (void)
{
  g_autoptr (MposLoyaltyRules) rules = parse ("{}");
  /* Ten lines of 0.50: per line 0 points, for the sale 5. */
  MposLoyaltyLine lines[10];
  int64_t total, sum = 0, bonus = -1;

  for (int i = 0; i < 10; i++)
    lines[i] = (MposLoyaltyLine){ .net = 50, .goods_bp = 10000 };
  total = mpos_points_earn (rules, lines, 10, 10000, 10000, &bonus);
  g_assert_cmpint (total, ==, 5);
  g_assert_cmpint (bonus, ==, 0);
  for (int i = 0; i < 10; i++)
    sum += lines[i].points_earned;
  g_assert_cmpint (sum, ==, 5);
}

static void
test_points_earn_excludes_points_and_bonus_paid (void)
{
  g_autoptr (MposLoyaltyRules) excluded = parse ("{}");
  g_autoptr (MposLoyaltyRules) included
      = parse ("{\"points\":{\"earn_on_points_paid\":true,\"earn_on_bonus_paid\":true}}");
  MposLoyaltyLine lines[1] = { { .net = 11000, .goods_bp = 10000 } };

  g_assert_true (mpos_points_allocate (lines, 1, 1000, 1000, 5000, 1000));
  g_assert_cmpint (mpos_points_earn (excluded, lines, 1, 10000, 10000, NULL), ==, 90);
  g_assert_cmpint (mpos_points_earn (included, lines, 1, 10000, 10000, NULL), ==, 110);
}

static void
test_points_earn_threshold_on_eligible_spend (void)
{
  g_autoptr (MposLoyaltyRules) rules
      = parse ("{\"points\":{\"threshold_bonus\":[{\"spend\":\"500.00\",\"points\":100},"
               "{\"spend\":\"1000.00\",\"points\":300}]}}");
  MposLoyaltyLine lines[2]
      = { { .net = 45000, .goods_bp = 0 }, { .net = 40000, .goods_bp = 10000 } };
  int64_t bonus = 0;

  /* Tobacco does not count towards the threshold. */
  g_assert_cmpint (mpos_points_earn (rules, lines, 2, 10000, 10000, &bonus), ==, 400);
  g_assert_cmpint (bonus, ==, 0);
  lines[1].net = 120000;
  /* The bonus is granted as a lot of its own, not allocated to the lines. */
  g_assert_cmpint (mpos_points_earn (rules, lines, 2, 10000, 10000, &bonus), ==, 1200);
  g_assert_cmpint (bonus, ==, 300);
  g_assert_cmpint (lines[1].measure, ==, 120000);
  g_assert_cmpint (lines[0].points_earned, ==, 0);
}

static void
test_stored_value_split_orders (void)
{
  MposMoney p = 0, b = 0;

  mpos_stored_value_split (MPOS_SPEND_BONUS_FIRST, 50000, 5000, 8000, &p, &b);
  g_assert_cmpint (b, ==, 5000);
  g_assert_cmpint (p, ==, 3000);
  mpos_stored_value_split (MPOS_SPEND_PRINCIPAL_FIRST, 50000, 5000, 8000, &p, &b);
  g_assert_cmpint (p, ==, 8000);
  g_assert_cmpint (b, ==, 0);
  mpos_stored_value_split (MPOS_SPEND_PRINCIPAL_FIRST, 5000, 5000, 8000, &p, &b);
  g_assert_cmpint (p, ==, 5000);
  g_assert_cmpint (b, ==, 3000);
  /* 110.00 of 500 + 50: 10.00 bonus, 100.00 principal. */
  mpos_stored_value_split (MPOS_SPEND_PROPORTIONAL, 50000, 5000, 11000, &p, &b);
  g_assert_cmpint (b, ==, 1000);
  g_assert_cmpint (p, ==, 10000);
  /* Everything: exact, whatever the rounding. */
  mpos_stored_value_split (MPOS_SPEND_PROPORTIONAL, 333, 7, 340, &p, &b);
  g_assert_cmpint (p, ==, 333);
  g_assert_cmpint (b, ==, 7);
  mpos_stored_value_split (MPOS_SPEND_PROPORTIONAL, 1, 2, 3, &p, &b);
  g_assert_cmpint (p, ==, 1);
  g_assert_cmpint (b, ==, 2);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/points-earn/multiplier-parse", test_points_multiplier_parse);
  g_test_add_func ("/points-earn/rules-refused", test_points_rules_refused);
  g_test_add_func ("/points-earn/demo-rules", test_points_demo_rules_parse);
  g_test_add_func ("/points-earn/expiry", test_points_expiry_rolling_and_fixed);
  g_test_add_func ("/points-earn/date-multiplier", test_points_date_multiplier);
  g_test_add_func ("/points-earn/allocate/never-beyond-a-line",
                   test_points_allocate_never_beyond_a_line);
  g_test_add_func ("/points-earn/allocate/properties", test_points_allocate_properties);
  g_test_add_func ("/points-earn/earn/floor-once", test_points_earn_floors_once_for_the_sale);
  g_test_add_func ("/points-earn/earn/excludes-points-and-bonus-paid",
                   test_points_earn_excludes_points_and_bonus_paid);
  g_test_add_func ("/points-earn/earn/threshold-on-eligible-spend",
                   test_points_earn_threshold_on_eligible_spend);
  g_test_add_func ("/points-earn/stored-value-split", test_stored_value_split_orders);
  return g_test_run ();
}
