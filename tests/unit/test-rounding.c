/* test-rounding.c — tests for src/rounding.c: each named rule on positive and
 * negative quotients, 128-bit mul_div with overflow detection, rounding to a
 * cash step, and largest-remainder allocation summing exactly. */
#include <glib.h>

#include "rounding.h"

static void
test_rounding_rule_names_round_trip (void)
{
  const MposRoundRule rules[]
      = { MPOS_ROUND_HALF_UP, MPOS_ROUND_FLOOR, MPOS_ROUND_CEIL, MPOS_ROUND_TRUNCATE };
  MposRoundRule rule = MPOS_ROUND_CEIL;

  g_assert_cmpstr (mpos_round_rule_name (MPOS_ROUND_HALF_UP), ==, "half-up");
  g_assert_cmpstr (mpos_round_rule_name (MPOS_ROUND_FLOOR), ==, "floor");
  g_assert_cmpstr (mpos_round_rule_name (MPOS_ROUND_CEIL), ==, "ceil");
  g_assert_cmpstr (mpos_round_rule_name (MPOS_ROUND_TRUNCATE), ==, "truncate");
  for (gsize i = 0; i < G_N_ELEMENTS (rules); i++)
    {
      g_assert_true (mpos_round_rule_from_name (mpos_round_rule_name (rules[i]), &rule));
      g_assert_cmpint (rule, ==, rules[i]);
    }

  rule = MPOS_ROUND_CEIL;
  g_assert_false (mpos_round_rule_from_name ("half_up", &rule));
  g_assert_false (mpos_round_rule_from_name ("", &rule));
  g_assert_false (mpos_round_rule_from_name ("banker", &rule));
  g_assert_cmpint (rule, ==, MPOS_ROUND_CEIL);
}

/* num / 4 for num = -7..7, by rule: -1.75 -1.5 -1.25 -1 … 1.75 */
static void
test_rounding_div_each_rule_on_quarters (void)
{
  static const int64_t half_up[] = { -2, -2, -1, -1, -1, -1, 0, 0, 0, 1, 1, 1, 1, 2, 2 };
  static const int64_t floor_[] = { -2, -2, -2, -1, -1, -1, -1, 0, 0, 0, 0, 1, 1, 1, 1 };
  static const int64_t ceil_[] = { -1, -1, -1, -1, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2 };
  static const int64_t trunc_[] = { -1, -1, -1, -1, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1 };

  for (int64_t num = -7; num <= 7; num++)
    {
      g_assert_cmpint (mpos_round_div (num, 4, MPOS_ROUND_HALF_UP), ==, half_up[num + 7]);
      g_assert_cmpint (mpos_round_div (num, 4, MPOS_ROUND_FLOOR), ==, floor_[num + 7]);
      g_assert_cmpint (mpos_round_div (num, 4, MPOS_ROUND_CEIL), ==, ceil_[num + 7]);
      g_assert_cmpint (mpos_round_div (num, 4, MPOS_ROUND_TRUNCATE), ==, trunc_[num + 7]);
    }
}

static void
test_rounding_half_up_is_symmetric_for_negatives (void)
{
  g_assert_cmpint (mpos_round_div (5, 2, MPOS_ROUND_HALF_UP), ==, 3);
  g_assert_cmpint (mpos_round_div (-5, 2, MPOS_ROUND_HALF_UP), ==, -3);
  g_assert_cmpint (mpos_round_div (-15, 10, MPOS_ROUND_HALF_UP), ==, -2);
  g_assert_cmpint (mpos_round_div (-14, 10, MPOS_ROUND_HALF_UP), ==, -1);

  for (int i = 0; i < 5000; i++)
    {
      int64_t num = g_test_rand_int_range (0, G_MAXINT32);
      int64_t den = g_test_rand_int_range (1, 10000);

      g_assert_cmpint (mpos_round_div (-num, den, MPOS_ROUND_HALF_UP), ==,
                       -mpos_round_div (num, den, MPOS_ROUND_HALF_UP));
      g_assert_cmpint (mpos_round_div (-num, den, MPOS_ROUND_TRUNCATE), ==,
                       -mpos_round_div (num, den, MPOS_ROUND_TRUNCATE));
      g_assert_cmpint (mpos_round_div (-num, den, MPOS_ROUND_FLOOR), ==,
                       -mpos_round_div (num, den, MPOS_ROUND_CEIL));
    }
}

/* Points earned on a refund must never round in the customer's favour. */
static void
test_rounding_floor_of_negatives_goes_down (void)
{
  g_assert_cmpint (mpos_round_div (-1, 3, MPOS_ROUND_FLOOR), ==, -1);
  g_assert_cmpint (mpos_round_div (-3, 3, MPOS_ROUND_FLOOR), ==, -1);
  g_assert_cmpint (mpos_round_div (-4, 3, MPOS_ROUND_FLOOR), ==, -2);
  g_assert_cmpint (mpos_round_div (-1999, 100, MPOS_ROUND_FLOOR), ==, -20);
  g_assert_cmpint (mpos_round_div (1999, 100, MPOS_ROUND_FLOOR), ==, 19);
}

static void
test_rounding_div_int64_extremes (void)
{
  g_assert_cmpint (mpos_round_div (INT64_MIN, 1, MPOS_ROUND_HALF_UP), ==, INT64_MIN);
  g_assert_cmpint (mpos_round_div (INT64_MAX, 1, MPOS_ROUND_CEIL), ==, INT64_MAX);
  g_assert_cmpint (mpos_round_div (INT64_MIN, 2, MPOS_ROUND_FLOOR), ==, INT64_MIN / 2);
  g_assert_cmpint (mpos_round_div (INT64_MAX, 2, MPOS_ROUND_HALF_UP), ==, INT64_MAX / 2 + 1);
  g_assert_cmpint (mpos_round_div (INT64_MIN, INT64_MAX, MPOS_ROUND_FLOOR), ==, -2);
}

static void
test_rounding_mul_div_uses_wide_intermediate (void)
{
  int64_t out = 0;

  /* 12.99 yuan at 15 % off: 194.85 fen rounds to 195 */
  g_assert_true (mpos_round_mul_div (1299, 15, 100, MPOS_ROUND_HALF_UP, &out));
  g_assert_cmpint (out, ==, 195);
  g_assert_true (mpos_round_mul_div (-1299, 15, 100, MPOS_ROUND_HALF_UP, &out));
  g_assert_cmpint (out, ==, -195);
  /* 10^15 * 10^4 overflows int64 before the division */
  g_assert_true (mpos_round_mul_div (1000000000000000LL, 10000, 10000, MPOS_ROUND_FLOOR, &out));
  g_assert_cmpint (out, ==, 1000000000000000LL);
  g_assert_true (mpos_round_mul_div (INT64_MAX, INT64_MAX, INT64_MAX, MPOS_ROUND_CEIL, &out));
  g_assert_cmpint (out, ==, INT64_MAX);
  g_assert_true (mpos_round_mul_div (INT64_MIN, INT64_MAX, INT64_MAX, MPOS_ROUND_FLOOR, &out));
  g_assert_cmpint (out, ==, INT64_MIN);
}

static void
test_rounding_mul_div_detects_overflow (void)
{
  /* (2^32 - 1)(2^32 + 1) = 2^64 - 1, so halved it is INT64_MAX + 0.5 */
  const int64_t a = 4294967295LL, b = 4294967297LL;
  int64_t out = 77;

  g_assert_false (mpos_round_mul_div (INT64_MAX, 2, 1, MPOS_ROUND_HALF_UP, &out));
  g_assert_false (mpos_round_mul_div (INT64_MIN, -1, 1, MPOS_ROUND_FLOOR, &out));
  g_assert_false (mpos_round_mul_div (INT64_MAX, INT64_MAX, 2, MPOS_ROUND_FLOOR, &out));
  g_assert_false (mpos_round_mul_div (a, b, 2, MPOS_ROUND_HALF_UP, &out));
  g_assert_false (mpos_round_mul_div (a, b, 2, MPOS_ROUND_CEIL, &out));
  g_assert_cmpint (out, ==, 77); /* untouched */

  g_assert_true (mpos_round_mul_div (a, b, 2, MPOS_ROUND_TRUNCATE, &out));
  g_assert_cmpint (out, ==, INT64_MAX);
  g_assert_true (mpos_round_mul_div (-a, b, 2, MPOS_ROUND_HALF_UP, &out));
  g_assert_cmpint (out, ==, INT64_MIN); /* -(INT64_MAX + 0.5) still fits */
  g_assert_true (mpos_round_mul_div (-a, b, 2, MPOS_ROUND_CEIL, &out));
  g_assert_cmpint (out, ==, INT64_MIN + 1);
}

static void
test_rounding_to_step_for_cash (void)
{
  g_assert_cmpint (mpos_round_to_step (1234, 10, MPOS_ROUND_HALF_UP), ==, 1230);
  g_assert_cmpint (mpos_round_to_step (1235, 10, MPOS_ROUND_HALF_UP), ==, 1240);
  g_assert_cmpint (mpos_round_to_step (-1235, 10, MPOS_ROUND_HALF_UP), ==, -1240);
  g_assert_cmpint (mpos_round_to_step (-1231, 10, MPOS_ROUND_FLOOR), ==, -1240);
  g_assert_cmpint (mpos_round_to_step (1231, 10, MPOS_ROUND_CEIL), ==, 1240);
  g_assert_cmpint (mpos_round_to_step (-1239, 10, MPOS_ROUND_TRUNCATE), ==, -1230);
  g_assert_cmpint (mpos_round_to_step (1250, 50, MPOS_ROUND_HALF_UP), ==, 1250);
  g_assert_cmpint (mpos_round_to_step (1249, 1, MPOS_ROUND_CEIL), ==, 1249);
}

/* Where the rule's multiple would leave int64, the one toward zero is given. */
static void
test_rounding_to_step_stays_in_int64 (void)
{
  g_assert_cmpint (mpos_round_to_step (INT64_MAX, 10, MPOS_ROUND_CEIL), ==,
                   INT64_MAX - INT64_MAX % 10);
  g_assert_cmpint (mpos_round_to_step (INT64_MIN, 10, MPOS_ROUND_FLOOR), ==,
                   INT64_MIN - INT64_MIN % 10);
}

static void
assert_allocation (int64_t total, const int64_t *weights, size_t n, const int64_t *expected)
{
  int64_t out[16];

  g_assert_cmpuint (n, <=, G_N_ELEMENTS (out));
  g_assert_true (mpos_allocate_largest_remainder (total, weights, n, out));
  for (size_t i = 0; i < n; i++)
    g_assert_cmpint (out[i], ==, expected[i]);
}

static void
test_rounding_allocate_order_discount_over_lines (void)
{
  /* 10 yuan off lines of 19.99, 29.99, 4.99: floors 363+545+90, remainders
   * 3589, 3135, 4270 (of 5497) → the 2 leftover fen go to lines 3 and 1 */
  const int64_t lines[] = { 1999, 2999, 499 };
  const int64_t expected[] = { 364, 545, 91 };
  const int64_t refund[] = { -364, -545, -91 };

  assert_allocation (1000, lines, 3, expected);
  assert_allocation (-1000, lines, 3, refund);
}

static void
test_rounding_allocate_ties_go_to_lower_index (void)
{
  const int64_t equal[] = { 1, 1, 1 };
  const int64_t expected[] = { 34, 33, 33 };
  const int64_t expected_neg[] = { -34, -33, -33 };
  const int64_t two_and_ones[] = { 2, 1, 1, 1, 1 };
  const int64_t expected_2[] = { 1, 1, 1, 1, 0 };

  assert_allocation (100, equal, 3, expected);
  assert_allocation (-100, equal, 3, expected_neg);
  /* 4 over 2/6, 1/6 ×4: 1.33 .67 .67 .67 .67 → floors give 1, the 3
   * leftover go to the first three of the four equal .67 */
  assert_allocation (4, two_and_ones, 5, expected_2);
}

static void
test_rounding_allocate_zero_weights_get_nothing (void)
{
  const int64_t one[] = { 0, 1, 0 };
  const int64_t expected_one[] = { 0, 5, 0 };
  const int64_t some[] = { 0, 1, 1, 0 };
  const int64_t expected_some[] = { 0, 2, 1, 0 };
  const int64_t expected_zero[] = { 0, 0, 0, 0 };

  assert_allocation (5, one, 3, expected_one);
  assert_allocation (3, some, 4, expected_some);
  assert_allocation (0, some, 4, expected_zero);
}

static void
test_rounding_allocate_rejects_bad_weights (void)
{
  const int64_t zeros[] = { 0, 0 };
  const int64_t negative[] = { 5, -1, 3 };
  const int64_t overflow[] = { INT64_MAX, 1 };
  int64_t out[3] = { 7, 7, 7 };

  g_assert_false (mpos_allocate_largest_remainder (100, zeros, 2, out));
  g_assert_false (mpos_allocate_largest_remainder (100, negative, 3, out));
  g_assert_false (mpos_allocate_largest_remainder (100, overflow, 2, out));
  g_assert_false (mpos_allocate_largest_remainder (100, NULL, 0, NULL));
  g_assert_cmpint (out[0], ==, 7); /* untouched */
  g_assert_cmpint (out[2], ==, 7);
}

static void
test_rounding_allocate_int64_extremes (void)
{
  const int64_t halves[] = { 1, 1 };
  const int64_t lopsided[] = { INT64_MAX - 1, 1 };
  const int64_t expected_min[] = { INT64_MIN / 2, INT64_MIN / 2 };
  const int64_t expected_max[] = { INT64_MAX / 2 + 1, INT64_MAX / 2 };
  const int64_t expected_lop[] = { INT64_MAX - 1, 1 };

  assert_allocation (INT64_MIN, halves, 2, expected_min);
  assert_allocation (INT64_MAX, halves, 2, expected_max);
  assert_allocation (INT64_MAX, lopsided, 2, expected_lop);
}

/* For total >= 0: every part that got a leftover unit had a larger remainder
 * than every part that did not, or an equal one and a lower index. */
static void
assert_leftover_by_remainder (int64_t total, const int64_t *weights, size_t n, int64_t sum_w,
                              const int64_t *out)
{
  for (size_t i = 0; i < n; i++)
    for (size_t j = 0; j < n; j++)
      {
        gboolean i_extra = out[i] > total * weights[i] / sum_w;
        gboolean j_extra = out[j] > total * weights[j] / sum_w;
        int64_t rem_i = total * weights[i] % sum_w;
        int64_t rem_j = total * weights[j] % sum_w;

        if (i_extra && !j_extra)
          g_assert_true (rem_i > rem_j || (rem_i == rem_j && i < j));
      }
}

/* Random weights (a quarter of them zero) and totals: the parts add up
 * exactly, each is within one unit of its exact share, zero weights get 0,
 * and a negative total is the mirror image of the positive one. */
static void
test_rounding_allocate_random_sums_exactly (void)
{
  for (int round = 0; round < 3000; round++)
    {
      size_t n = (size_t)g_test_rand_int_range (1, 25);
      int64_t weights[25], out[25], mirror[25];
      int64_t total = g_test_rand_int_range (-10000000, 10000000);
      int64_t sum_w = 0, sum_out = 0;

      for (size_t i = 0; i < n; i++)
        {
          weights[i] = g_test_rand_int_range (0, 4) == 0 ? 0 : g_test_rand_int_range (1, 100000);
          sum_w += weights[i];
        }
      if (sum_w == 0)
        weights[0] = sum_w = 1;

      g_assert_true (mpos_allocate_largest_remainder (total, weights, n, out));
      g_assert_true (mpos_allocate_largest_remainder (-total, weights, n, mirror));
      for (size_t i = 0; i < n; i++)
        {
          /* |out - total*w/W| < 1  ⇔  |out*W - total*w| < W */
          int64_t diff = out[i] * sum_w - total * weights[i];

          g_assert_cmpint (diff, <, sum_w);
          g_assert_cmpint (diff, >, -sum_w);
          if (weights[i] == 0)
            g_assert_cmpint (out[i], ==, 0);
          g_assert_cmpint (mirror[i], ==, -out[i]);
          sum_out += out[i];
        }
      g_assert_cmpint (sum_out, ==, total);
      assert_leftover_by_remainder (total < 0 ? -total : total, weights, n, sum_w,
                                    total < 0 ? mirror : out);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rounding/rule-names-round-trip", test_rounding_rule_names_round_trip);
  g_test_add_func ("/rounding/div/each-rule-on-quarters", test_rounding_div_each_rule_on_quarters);
  g_test_add_func ("/rounding/div/half-up-symmetric-for-negatives",
                   test_rounding_half_up_is_symmetric_for_negatives);
  g_test_add_func ("/rounding/div/floor-of-negatives-goes-down",
                   test_rounding_floor_of_negatives_goes_down);
  g_test_add_func ("/rounding/div/int64-extremes", test_rounding_div_int64_extremes);
  g_test_add_func ("/rounding/mul-div/wide-intermediate",
                   test_rounding_mul_div_uses_wide_intermediate);
  g_test_add_func ("/rounding/mul-div/detects-overflow", test_rounding_mul_div_detects_overflow);
  g_test_add_func ("/rounding/to-step/cash", test_rounding_to_step_for_cash);
  g_test_add_func ("/rounding/to-step/stays-in-int64", test_rounding_to_step_stays_in_int64);
  g_test_add_func ("/rounding/allocate/order-discount-over-lines",
                   test_rounding_allocate_order_discount_over_lines);
  g_test_add_func ("/rounding/allocate/ties-to-lower-index",
                   test_rounding_allocate_ties_go_to_lower_index);
  g_test_add_func ("/rounding/allocate/zero-weights-get-nothing",
                   test_rounding_allocate_zero_weights_get_nothing);
  g_test_add_func ("/rounding/allocate/rejects-bad-weights",
                   test_rounding_allocate_rejects_bad_weights);
  g_test_add_func ("/rounding/allocate/int64-extremes", test_rounding_allocate_int64_extremes);
  g_test_add_func ("/rounding/allocate/random-sums-exactly",
                   test_rounding_allocate_random_sums_exactly);

  return g_test_run ();
}
