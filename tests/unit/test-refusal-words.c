/* test-refusal-words.c — the core's refusals in the cashier's language
 * (docs/design.md, "Refusals in the cashier's language"): in a process that
 * asked for it with mpos_refusals_speak (), as the window does, the
 * refusals of the points account, coupons and pricing approvals are made
 * in zh_CN with their figures — an int64 one, written "%" PRId64, included —
 * and the English words they put in are translated too. The English of a
 * process that did not ask is tested by every other unit test. */
#include <string.h>

#include "coupon.h"
#include "fail.h"
#include "points.h"
#include "terminal-language.h"
#include "test-points-util.h"

/* The refusal says `expected`, and no English sentence is left in it. */
static void
assert_refused_in_chinese (GError **error, const char *expected)
{
  g_assert_nonnull (*error);
  g_test_message ("%s", (*error)->message);
  g_assert_nonnull (strstr ((*error)->message, expected));
  g_assert_null (strstr ((*error)->message, " the "));
  g_clear_error (error);
}

static void
test_points_account_refusals (void)
{
  g_autoptr (TestStore) ts = test_store_new_demo ();
  g_autoptr (GError) error = NULL;
  int64_t member = tp_member (ts->store, CARD_A);

  /* the int64 figure is kept where the translation puts it */
  g_assert_false (mpos_points_adjust (ts->store, member, 0, "盘点", "1001",
                                      test_manager (ts->store), mpos_clock_now (), &error));
  assert_refused_in_chinese (&error, "积分调整须为整数，不能为 0，增减最多 1000000000 分");
  /* what is missing, in Chinese inside the Chinese sentence */
  g_assert_false (mpos_points_adjust (ts->store, member, 10, "", "1001", test_manager (ts->store),
                                      mpos_clock_now (), &error));
  assert_refused_in_chinese (&error, "须提供调整原因");
  /* not frozen: a whole sentence, not an English state put in */
  g_assert_false (mpos_points_set_frozen (ts->store, member, FALSE, "误报", "1001",
                                          test_manager (ts->store), mpos_clock_now (), &error));
  assert_refused_in_chinese (&error, "该会员积分未冻结");
}

static void
test_coupon_and_pricing_refusals (void)
{
  g_autoptr (TestStore) ts = test_store_new_demo ();
  g_autoptr (MposCart) cart = test_cart_new (ts->store);
  g_autoptr (GError) error = NULL;
  MposSaleResult r;

  g_assert_null (mpos_coupon_load (ts->store, "0000000000000000", &error));
  assert_refused_in_chinese (&error, "没有优惠券 0000000000000000：请核对券码");
  /* a zero price without a supervisor: the line, and what needs approval */
  test_cart_add_sku (cart, "100002", 2);
  g_assert_true (mpos_cart_override_price (cart, 1, 0, NULL, &error));
  g_assert_false (mpos_sale_commit (cart, &r, &error));
  assert_refused_in_chinese (&error, "第 1 行：改价为零须主管审批");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  test_pin_now (TEST_NOW_ISO);
  mpos_i18n_init (NULL);
  g_assert_true (mpos_i18n_use ("zh_CN"));
  mpos_refusals_speak ();
  g_test_add_func ("/refusal-words/points-account", test_points_account_refusals);
  g_test_add_func ("/refusal-words/coupon-and-pricing", test_coupon_and_pricing_refusals);
  return g_test_run ();
}
