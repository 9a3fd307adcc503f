/* test-coupon.c — coupons (src/coupon*.c and their hooks in pricing, sale,
 * return, stored value and the integrity check): the three types, exact
 * largest-remainder allocation, stacking with promotions and other coupons,
 * every refusal at the counter (writing nothing), one redemption per coupon
 * even across two carts, restore on a full return within the window and
 * not on a partial one, points exchange, the benefits run, the top-up tier's
 * coupon, campaigns, the journal and `check`. */
#include "coupon-private.h"
#include "coupon-view.h"
#include "integrity.h"
#include "sale-write.h"
#include "test-points-util.h"

#define NOODLES(n) "{\"sku\":\"100001\",\"qty\":" #n "}" /* 5.00, 食品 */
#define WATER(n) "{\"sku\":\"300001\",\"qty\":" #n "}"   /* 2.50, 饮料 */
#define COOKER(n) "{\"sku\":\"400001\",\"qty\":" #n "}"  /* 599.00, 日化 */
#define APPLES(n) "{\"sku\":\"500001\",\"qty\":" #n "}"  /* 12.80, 生鲜 */

/* Valid 30 days from issue unless said otherwise. */
static const char templates[]
    = "{\"templates\":["
      "{\"code\":\"MJ100-10\",\"name\":\"满100减10\",\"type\":\"amount\",\"off\":\"10.00\","
      "\"min_spend\":\"100.00\",\"valid_days\":30},"
      "{\"code\":\"P10CAP\",\"name\":\"家电9折\",\"type\":\"percent\",\"percent_off\":\"10%\","
      "\"cap\":\"20.00\",\"scope\":{\"categories\":[\"日化\"]},\"stack_with_coupons\":true,"
      "\"valid_days\":30},"
      "{\"code\":\"GIFT-WATER\",\"name\":\"满50送水\",\"type\":\"gift\",\"gift_sku\":\"300001\","
      "\"min_spend\":\"50.00\",\"stack_with_coupons\":true,\"valid_days\":30},"
      "{\"code\":\"NOPROMO\",\"name\":\"无促销5元\",\"type\":\"amount\",\"off\":\"5.00\","
      "\"stack_with_promotions\":false,\"stack_with_coupons\":true,\"valid_days\":30},"
      "{\"code\":\"S002ONLY\",\"name\":\"二店券\",\"type\":\"amount\",\"off\":\"5.00\","
      "\"stores\":[\"S002\"],\"valid_days\":30},"
      "{\"code\":\"FUTURE\",\"name\":\"元旦券\",\"type\":\"amount\",\"off\":\"5.00\","
      "\"starts\":\"2026-12-01T00:00:00+08:00\",\"ends\":\"2027-01-01T00:00:00+08:00\"},"
      "{\"code\":\"EXCH5\",\"name\":\"积分兑5元\",\"type\":\"amount\",\"off\":\"5.00\","
      "\"points_price\":200,\"per_member_limit\":2,\"valid_days\":30},"
      "{\"code\":\"BDAY20\",\"name\":\"生日券\",\"type\":\"amount\",\"off\":\"20.00\","
      "\"min_spend\":\"100.00\",\"valid_days\":31},"
      "{\"code\":\"MONTHLY5\",\"name\":\"月度5元\",\"type\":\"amount\",\"off\":\"5.00\","
      "\"stack_with_coupons\":true,\"valid_days\":30}],"
      "\"benefits\":["
      "{\"level\":\"normal\",\"occasion\":\"monthly\",\"template\":\"MONTHLY5\",\"quantity\":2},"
      "{\"level\":\"normal\",\"occasion\":\"birthday\",\"template\":\"BDAY20\"},"
      "{\"level\":\"gold\",\"occasion\":\"monthly\",\"template\":\"MONTHLY5\"}]}";

static TestStore *
coupon_store (void)
{
  TestStore *ts = tp_store_new ();
  g_autoptr (GError) error = NULL;
  guint imported = 0;

  tp_rules (ts->store, NULL, "proportional");
  g_assert_true (mpos_coupon_templates_import (ts->store, templates, strlen (templates), "it",
                                               mpos_clock_now (), &imported, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (imported, ==, 9);
  return ts;
}

/* One coupon of `tmpl` issued by hand to `card` (NULL: a bearer coupon). */
static char *
issue (MposStore *store, const char *tmpl, const char *card)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) codes = g_ptr_array_new_with_free_func (g_free);

  g_assert_true (mpos_coupon_issue (store, tmpl, card ? tp_member (store, card) : 0, 1, "9001", test_supervisor (store),
                                    "test", mpos_clock_now (), codes, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (codes->len, ==, 1);
  return g_strdup (g_ptr_array_index (codes, 0));
}

static void
assert_status (MposStore *store, const char *code, const char *expected)
{
  g_autofree char *sql = g_strdup_printf ("SELECT status FROM coupons WHERE code = '%s'", code);
  g_autofree char *status = test_query_text (store, sql);

  g_assert_cmpstr (status, ==, expected);
}

/* A cart at `now` for `card` (NULL: no member) with the lines of `doc`
 * (a sale document without tenders). */
static MposCart *
cart_at (MposStore *store, const char *card, const char *lines, int64_t now)
{
  g_autofree char *doc = card ? g_strdup_printf (
                             "{\"cashier\":\"1001\",\"member\":\"%s\",\"lines\":[%s]}", card, lines)
                              : g_strdup_printf ("{\"cashier\":\"1001\",\"lines\":[%s]}", lines);
  g_autoptr (GError) error = NULL;
  MposCart *cart = mpos_cart_from_json (store, doc, strlen (doc), now, &error);

  g_assert_no_error (error);
  return cart;
}

static MposCartLine *
line_at (MposCart *cart, guint index)
{
  return g_ptr_array_index (mpos_cart_get_lines (cart), index);
}

/* Sells `lines` for `card` with coupon `code`, paid exactly in cash. */
static void
sell_with (MposStore *store, const char *card, const char *lines, const char *code,
           MposSaleResult *result)
{
  g_autoptr (MposCart) cart = cart_at (store, card, lines, mpos_clock_now ());
  g_autoptr (GError) error = NULL;

  g_assert_true (mpos_cart_add_coupon (cart, code, &error));
  g_assert_no_error (error);
  test_cart_pay (cart, MPOS_TENDER_CASH, mpos_cart_total (cart), NULL);
  test_commit_sale (cart, result);
}

/* ---- templates --------------------------------------------------------------------- */

static void
test_coupon_template_import_refuses_unknown_field_and_writes_nothing (void)
{
  g_autoptr (TestStore) ts = coupon_store ();
  g_autoptr (GError) error = NULL;
  static const char bad[]
      = "{\"templates\":[{\"code\":\"X1\",\"name\":\"x\",\"type\":\"amount\",\"off\":\"5.00\","
        "\"valid_days\":10,\"of\":\"1\"}]}";
  static const char off_above_threshold[]
      = "{\"templates\":[{\"code\":\"X2\",\"name\":\"x\",\"type\":\"amount\",\"off\":\"50.00\","
        "\"min_spend\":\"20.00\",\"valid_days\":10}]}";
  static const char bad_level[]
      = "{\"templates\":[],\"benefits\":[{\"level\":\"platinum\",\"occasion\":\"monthly\","
        "\"template\":\"MONTHLY5\"}]}";
  g_autofree char *before = tp_fingerprint (ts->store);
  int64_t journal = test_query_int (ts->store, "SELECT count(*) FROM journal");

  g_assert_false (mpos_coupon_templates_import (ts->store, bad, strlen (bad), "it",
                                                mpos_clock_now (), NULL, &error));
  g_assert_error (error, MPOS_COUPON_ERROR, MPOS_COUPON_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "unknown field “of”"));
  g_assert_nonnull (strstr (error->message, "templates[0] (line 1, column 84)"));
  g_clear_error (&error);
  g_assert_false (mpos_coupon_templates_import (ts->store, off_above_threshold,
                                                strlen (off_above_threshold), "it",
                                                mpos_clock_now (), NULL, &error));
  g_assert_error (error, MPOS_COUPON_ERROR, MPOS_COUPON_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "min_spend"));
  g_clear_error (&error);
  g_assert_false (mpos_coupon_templates_import (ts->store, bad_level, strlen (bad_level), "it",
                                                mpos_clock_now (), NULL, &error));
  g_assert_error (error, MPOS_COUPON_ERROR, MPOS_COUPON_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "platinum"));
  g_assert_cmpint (test_query_int (ts->store, "SELECT count(*) FROM coupon_templates"), ==, 9);
  g_assert_cmpint (test_query_int (ts->store, "SELECT count(*) FROM coupon_benefits"), ==, 3);
  g_assert_cmpint (test_query_int (ts->store, "SELECT count(*) FROM journal"), ==, journal);
  tp_assert_fingerprint (ts->store, before);
}

static void
test_coupon_template_value_is_fixed_once_coupons_are_out (void)
{
  g_autoptr (TestStore) ts = coupon_store ();
  g_autoptr (GError) error = NULL;
  g_autofree char *code = issue (ts->store, "MONTHLY5", CARD_A);
  static const char more[] = "{\"templates\":[{\"code\":\"MONTHLY5\",\"name\":\"月度8元\","
                             "\"type\":\"amount\",\"off\":\"8.00\",\"valid_days\":30}]}";
  static const char renamed[] = "{\"templates\":[{\"code\":\"MONTHLY5\",\"name\":\"月度五元\","
                                "\"type\":\"amount\",\"off\":\"5.00\",\"valid_days\":60}]}";

  g_assert_false (mpos_coupon_templates_import (ts->store, more, strlen (more), "it",
                                                mpos_clock_now (), NULL, &error));
  g_assert_error (error, MPOS_COUPON_ERROR, MPOS_COUPON_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "cannot change"));
  g_clear_error (&error);
  /* Its name and validity may change; the coupon out keeps its own validity. */
  g_assert_true (mpos_coupon_templates_import (ts->store, renamed, strlen (renamed), "it",
                                               mpos_clock_now (), NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (test_query_int (ts->store, "SELECT valid_to - valid_from FROM coupons"), ==,
                   30 * 86400 - 10 * 3600);
}

static void
test_coupon_code_is_normalised_as_typed (void)
{
  g_autoptr (TestStore) ts = coupon_store ();
  g_autofree char *code = issue (ts->store, "MONTHLY5", NULL);
  g_autofree char *typed
      = g_strdup_printf (" %.4s-%.4s-%.4s-%s ", code, code + 4, code + 8, code + 12);
  g_autofree char *lower = g_ascii_strdown (typed, -1);
  g_autoptr (GError) error = NULL;
  g_autoptr (MposCoupon) coupon = mpos_coupon_load (ts->store, lower, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (strlen (code), ==, 16);
  g_assert_cmpstr (coupon->code, ==, code);
  g_assert_cmpint (coupon->member_id, ==, 0);
  g_assert_null (mpos_coupon_normalize_code ("AB", &error));
  g_assert_error (error, MPOS_COUPON_ERROR, MPOS_COUPON_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (mpos_coupon_load (ts->store, "0000000000000000", &error));
  g_assert_error (error, MPOS_COUPON_ERROR, MPOS_COUPON_ERROR_NOT_FOUND);
}

/* The read models: a coupon with its history, the templates with their benefits. */
static void
test_coupon_view_and_templates_are_typed_read_models (void)
{
  g_autoptr (TestStore) ts = coupon_store ();
  g_autofree char *code = issue (ts->store, "MONTHLY5", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (MposCouponView) view = mpos_coupon_view (ts->store, code, mpos_clock_now (), &error);
  g_autoptr (MposCouponDocument) doc = NULL;
  const MposCouponEvent *issued;
  const MposCouponBenefit *benefit;

  g_assert_no_error (error);
  g_assert_cmpstr (view->coupon->code, ==, code);
  g_assert_cmpuint (view->events->len, ==, 1);
  issued = g_ptr_array_index (view->events, 0);
  g_assert_cmpstr (issued->kind, ==, "issue");
  g_assert_cmpstr (issued->actor, ==, "9001");
  g_assert_cmpstr (issued->reason, ==, "test");
  g_assert_null (issued->receipt_no);
  g_assert_cmpint (issued->amount, ==, 0);
  g_assert_true (G_TYPE_IS_BOXED (MPOS_TYPE_COUPON_VIEW));
  g_assert_null (mpos_coupon_view (ts->store, "0000000000000000", mpos_clock_now (), &error));
  g_assert_error (error, MPOS_COUPON_ERROR, MPOS_COUPON_ERROR_NOT_FOUND);
  g_clear_error (&error);

  doc = mpos_coupon_templates_load (ts->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (doc->templates->len, ==, 9);
  g_assert_cmpuint (doc->benefits->len, ==, 3);
  /* by code: BDAY20 first; its definition as imported travels with it */
  g_assert_cmpstr (((MposCouponTemplate *)g_ptr_array_index (doc->templates, 0))->code, ==,
                   "BDAY20");
  g_assert_nonnull (((MposCouponTemplate *)g_ptr_array_index (doc->templates, 0))->definition);
  benefit = g_ptr_array_index (doc->benefits, 0);
  g_assert_cmpint (benefit->quantity, >=, 1);
}

/* ---- pricing ----------------------------------------------------------------------- */

static void
test_coupon_amount_off_is_allocated_by_largest_remainder (void)
{
  g_autoptr (TestStore) ts = coupon_store ();
  g_autofree char *code = issue (ts->store, "MJ100-10", CARD_A);
  g_autoptr (MposCart) cart
      = cart_at (ts->store, CARD_A, NOODLES (7) "," WATER (3) "," APPLES (5), mpos_clock_now ());
  g_autoptr (GError) error = NULL;
  g_autofree char *explain = NULL;

  /* 35.00 + 7.50 + 64.00 = 106.50 ≥ 100: 10.00 over weights 3500/750/6400 is
   * 328.64/70.42/600.94 → 328/70/600 and the 2 fen left go to the largest
   * remainders (apples, noodles). */
  g_assert_true (mpos_cart_add_coupon (cart, code, &error));
  g_assert_no_error (error);
  test_assert_adjustment (line_at (cart, 0), 0, MPOS_ADJUST_COUPON, code, -329);
  test_assert_adjustment (line_at (cart, 1), 0, MPOS_ADJUST_COUPON, code, -70);
  test_assert_adjustment (line_at (cart, 2), 0, MPOS_ADJUST_COUPON, code, -601);
  g_assert_cmpstr (test_adjustment (line_at (cart, 0), 0)->label, ==, "券 满100减10");
  g_assert_cmpint (mpos_cart_total (cart), ==, 9650);
  g_assert_cmpint (
      ((MposCartCoupon *)g_ptr_array_index (mpos_cart_get_coupons (cart), 0))->discount, ==, 1000);
  test_assert_cart_adds_up (cart);
  explain = mpos_cart_line_explain (line_at (cart, 2));
  g_assert_nonnull (strstr (explain, "券 满100减10 [coupon "));
  g_assert_nonnull (strstr (explain, "-6.01"));
}

static void
test_coupon_percent_off_is_capped_and_covers_its_scope_only (void)
{
  g_autoptr (TestStore) ts = coupon_store ();
  g_autofree char *code = issue (ts->store, "P10CAP", CARD_A);
  g_autoptr (MposCart) cart
      = cart_at (ts->store, CARD_A, COOKER (1) "," NOODLES (2), mpos_clock_now ());
  g_autoptr (GError) error = NULL;

  /* 10% of 599.00 is 59.90, capped at 20.00; the noodles are not 日化. */
  g_assert_true (mpos_cart_add_coupon (cart, code, &error));
  g_assert_no_error (error);
  g_assert_cmpint (test_sum_adjustments (line_at (cart, 0), MPOS_ADJUST_COUPON), ==, -2000);
  g_assert_cmpuint (line_at (cart, 1)->adjustments->len, ==, 0);
  g_assert_cmpint (mpos_cart_total (cart), ==, 59900 - 2000 + 1000);
  test_assert_cart_adds_up (cart);
}

static void
test_coupon_gift_makes_one_unit_of_the_gift_free (void)
{
  g_autoptr (TestStore) ts = coupon_store ();
  g_autofree char *code = issue (ts->store, "GIFT-WATER", CARD_A);
  g_autoptr (MposCart) cart
      = cart_at (ts->store, CARD_A, NOODLES (10) "," WATER (3), mpos_clock_now ());
  g_autoptr (MposCart) no_gift = cart_at (ts->store, CARD_A, NOODLES (10), mpos_clock_now ());
  g_autoptr (MposCart) short_cart
      = cart_at (ts->store, CARD_A, NOODLES (9) "," WATER (3), mpos_clock_now ());
  g_autoptr (GError) error = NULL;

  /* The noodles (50.00) reach the threshold; the gift itself does not count. */
  g_assert_true (mpos_cart_add_coupon (cart, code, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (line_at (cart, 0)->adjustments->len, ==, 0);
  test_assert_adjustment (line_at (cart, 1), 0, MPOS_ADJUST_COUPON, code, -250);
  g_assert_cmpint (mpos_cart_total (cart), ==, 5000 + 500);
  g_assert_false (mpos_cart_add_coupon (no_gift, code, &error));
  g_assert_error (error, MPOS_COUPON_ERROR, MPOS_COUPON_ERROR_NO_APPLICABLE_ITEM);
  g_assert_nonnull (strstr (error->message, "scan the gift item"));
  g_clear_error (&error);
  g_assert_false (mpos_cart_add_coupon (short_cart, code, &error));
  g_assert_error (error, MPOS_COUPON_ERROR, MPOS_COUPON_ERROR_BELOW_THRESHOLD);
  g_assert_nonnull (strstr (error->message, "they come to 45.00"));
}

static void
test_coupon_not_stacking_with_promotions_takes_only_lines_without_one (void)
{
  g_autoptr (TestStore) ts = coupon_store ();
  g_autofree char *code = NULL;
  g_autoptr (MposCart) cart = NULL;
  g_autoptr (MposCart) promoted_only = NULL;
  g_autoptr (GError) error = NULL;

  test_add_promotion (ts->store, "\"code\":\"WATER90\",\"name\":\"水九折\",\"type\":"
                                 "\"time_discount\",\"percent_off\":\"10%\",\"scope\":{\"skus\":["
                                 "\"300001\"]},\"starts\":\"2026-01-01T00:00:00+08:00\","
                                 "\"ends\":\"2027-01-01T00:00:00+08:00\"");
  code = issue (ts->store, "NOPROMO", CARD_A);
  cart = cart_at (ts->store, CARD_A, NOODLES (2) "," WATER (4), mpos_clock_now ());
  promoted_only = cart_at (ts->store, CARD_A, WATER (4), mpos_clock_now ());
  g_assert_true (mpos_cart_add_coupon (cart, code, &error));
  g_assert_no_error (error);
  test_assert_adjustment (line_at (cart, 0), 0, MPOS_ADJUST_COUPON, code, -500);
  g_assert_cmpint (test_sum_adjustments (line_at (cart, 1), MPOS_ADJUST_COUPON), ==, 0);
  g_assert_cmpint (test_sum_adjustments (line_at (cart, 1), MPOS_ADJUST_PROMOTION), ==, -100);
  g_assert_false (mpos_cart_add_coupon (promoted_only, code, &error));
  g_assert_error (error, MPOS_COUPON_ERROR, MPOS_COUPON_ERROR_DOES_NOT_STACK);
  g_assert_cmpuint (mpos_cart_get_coupons (promoted_only)->len, ==, 0);
}

static void
test_coupon_stacking_between_coupons_follows_both_templates (void)
{
  g_autoptr (TestStore) ts = coupon_store ();
  g_autofree char *p10 = issue (ts->store, "P10CAP", CARD_A);
  g_autofree char *m5 = issue (ts->store, "MONTHLY5", CARD_A);
  g_autofree char *mj = issue (ts->store, "MJ100-10", CARD_A);
  g_autoptr (MposCart) cart = cart_at (ts->store, CARD_A, COOKER (1), mpos_clock_now ());
  g_autoptr (GError) error = NULL;

  g_assert_true (mpos_cart_add_coupon (cart, p10, &error));
  g_assert_true (mpos_cart_add_coupon (cart, m5, &error));
  g_assert_no_error (error);
  /* 599.00 − 20.00 − 5.00; the 满100减10 does not combine with other coupons. */
  g_assert_cmpint (mpos_cart_total (cart), ==, 57400);
  g_assert_false (mpos_cart_add_coupon (cart, mj, &error));
  g_assert_error (error, MPOS_COUPON_ERROR, MPOS_COUPON_ERROR_DOES_NOT_STACK);
  g_assert_cmpint (mpos_cart_total (cart), ==, 57400);
  g_clear_error (&error);
  g_assert_true (mpos_cart_remove_coupon (cart, p10, &error));
  g_assert_true (mpos_cart_remove_coupon (cart, m5, &error));
  g_assert_true (mpos_cart_add_coupon (cart, mj, &error));
  g_assert_no_error (error);
  g_assert_false (mpos_cart_add_coupon (cart, m5, &error));
  g_assert_error (error, MPOS_COUPON_ERROR, MPOS_COUPON_ERROR_DOES_NOT_STACK);
  g_assert_cmpint (mpos_cart_total (cart), ==, 58900);
}

/* ---- refusals at the counter ------------------------------------------------------- */

static void
assert_refused (MposStore *store, MposCart *cart, const char *code, int expected, const char *says)
{
  g_autoptr (GError) error = NULL;
  MposMoney total = mpos_cart_total (cart);

  g_assert_false (mpos_cart_add_coupon (cart, code, &error));
  g_assert_error (error, MPOS_COUPON_ERROR, expected);
  if (says && strstr (error->message, says) == NULL)
    g_error ("“%s” does not say “%s”", error->message, says);
  g_assert_cmpint (mpos_cart_total (cart), ==, total);
  g_assert_cmpuint (mpos_cart_get_coupons (cart)->len, ==, 0);
  for (guint i = 0; i < mpos_cart_get_lines (cart)->len; i++)
    g_assert_cmpint (test_sum_adjustments (line_at (cart, i), MPOS_ADJUST_COUPON), ==, 0);
}

static void
test_coupon_each_refusal_says_why_and_changes_nothing (void)
{
  g_autoptr (TestStore) ts = coupon_store ();
  g_autofree char *mj = issue (ts->store, "MJ100-10", CARD_A);
  g_autofree char *future = issue (ts->store, "FUTURE", CARD_A);
  g_autofree char *elsewhere = issue (ts->store, "S002ONLY", CARD_A);
  g_autofree char *p10 = issue (ts->store, "P10CAP", CARD_A);
  g_autofree char *voided = issue (ts->store, "MONTHLY5", CARD_A);
  g_autofree char *before = NULL;
  g_autoptr (GError) error = NULL;
  int64_t now = mpos_clock_now ();
  g_autoptr (MposCart) big = cart_at (ts->store, CARD_A, COOKER (1), now);
  g_autoptr (MposCart) small = cart_at (ts->store, CARD_A, NOODLES (10), now);
  g_autoptr (MposCart) other = cart_at (ts->store, CARD_B, COOKER (1), now);
  g_autoptr (MposCart) nobody = cart_at (ts->store, NULL, COOKER (1), now);
  g_autoptr (MposCart) late
      = cart_at (ts->store, CARD_A, COOKER (1), test_time ("2026-12-23T00:00:00+08:00"));
  g_autoptr (MposCart) last_second
      = cart_at (ts->store, CARD_A, COOKER (1), test_time ("2026-12-22T23:59:59+08:00"));

  g_assert_true (mpos_coupon_void (ts->store, voided, "damaged", "9001", now, NULL, &error));
  g_assert_no_error (error);
  before = tp_fingerprint (ts->store);
  assert_refused (ts->store, big, "ZZZZ9999ZZZZ9999", MPOS_COUPON_ERROR_NOT_FOUND,
                  "check the code");
  assert_refused (ts->store, late, mj, MPOS_COUPON_ERROR_EXPIRED,
                  "valid until 2026-12-22 23:59:59");
  assert_refused (ts->store, big, future, MPOS_COUPON_ERROR_NOT_YET_VALID, "2026-12-01 00:00:00");
  assert_refused (ts->store, big, elsewhere, MPOS_COUPON_ERROR_WRONG_STORE, "only in S002");
  assert_refused (ts->store, other, mj, MPOS_COUPON_ERROR_WRONG_MEMBER, "another member");
  assert_refused (ts->store, nobody, mj, MPOS_COUPON_ERROR_WRONG_MEMBER, "member card first");
  assert_refused (ts->store, small, mj, MPOS_COUPON_ERROR_BELOW_THRESHOLD,
                  "needs 100.00 of the goods it covers; they come to 50.00");
  assert_refused (ts->store, small, p10, MPOS_COUPON_ERROR_NO_APPLICABLE_ITEM, "covers none");
  assert_refused (ts->store, big, voided, MPOS_COUPON_ERROR_VOID, "voided");
  g_assert_true (mpos_cart_add_coupon (last_second, mj, &error));
  g_assert_no_error (error);
  g_assert_true (mpos_cart_add_coupon (big, mj, &error));
  assert_refused (ts->store, small, "", MPOS_COUPON_ERROR_INVALID, NULL);
  g_assert_false (mpos_cart_add_coupon (big, mj, &error));
  g_assert_error (error, MPOS_COUPON_ERROR, MPOS_COUPON_ERROR_ALREADY_REDEEMED);
  tp_assert_fingerprint (ts->store, before);
}

/* ---- redemption ------------------------------------------------------------------- */

static void
test_coupon_is_redeemed_once_and_a_second_use_writes_nothing (void)
{
  g_autoptr (TestStore) ts = coupon_store ();
  g_autofree char *code = issue (ts->store, "MJ100-10", CARD_A);
  g_autoptr (MposCart) first = cart_at (ts->store, CARD_A, COOKER (1), mpos_clock_now ());
  g_autoptr (MposCart) second = cart_at (ts->store, CARD_A, COOKER (1), mpos_clock_now ());
  g_autoptr (MposCart) later = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *before = NULL, *sql = NULL;
  MposSaleResult r;

  /* Both carts hold it; the first sale uses it; the second is refused whole. */
  g_assert_true (mpos_cart_add_coupon (first, code, &error));
  g_assert_true (mpos_cart_add_coupon (second, code, &error));
  g_assert_no_error (error);
  test_cart_pay (first, MPOS_TENDER_CASH, 58900, NULL);
  test_cart_pay (second, MPOS_TENDER_CASH, 58900, NULL);
  test_commit_sale (first, &r);
  assert_status (ts->store, code, "redeemed");
  before = tp_fingerprint (ts->store);
  g_assert_false (mpos_sale_commit (second, &r, &error));
  g_assert_error (error, MPOS_COUPON_ERROR, MPOS_COUPON_ERROR_ALREADY_REDEEMED);
  g_assert_nonnull (strstr (error->message, "S001-T01-20261123-0001"));
  tp_assert_fingerprint (ts->store, before);
  g_clear_error (&error);
  later = cart_at (ts->store, CARD_A, COOKER (1), mpos_clock_now ());
  g_assert_false (mpos_cart_add_coupon (later, code, &error));
  g_assert_error (error, MPOS_COUPON_ERROR, MPOS_COUPON_ERROR_ALREADY_REDEEMED);
  sql = g_strdup_printf ("SELECT count(*) FROM coupon_events WHERE code = '%s' AND kind = "
                         "'redeem' AND amount = 1000",
                         code);
  g_assert_cmpint (test_query_int (ts->store, sql), ==, 1);
  g_assert_cmpint (test_query_int (ts->store, "SELECT -sum(amount) FROM line_adjustments WHERE kind "
                                          "= 'coupon'"),
                   ==, 1000);
  test_assert_consistent (ts->store);
}

static void
test_coupon_that_stops_applying_refuses_the_sale (void)
{
  g_autoptr (TestStore) ts = coupon_store ();
  g_autofree char *code = issue (ts->store, "MJ100-10", CARD_A);
  g_autoptr (MposCart) cart
      = cart_at (ts->store, CARD_A, NOODLES (10) "," APPLES (5), mpos_clock_now ());
  g_autoptr (GError) error = NULL;
  g_autofree char *before = NULL;
  MposSaleResult r;

  g_assert_true (mpos_cart_add_coupon (cart, code, &error));
  g_assert_cmpint (mpos_cart_total (cart), ==, 11400 - 1000);
  /* The apples go back to the shelf: 50.00 is below the threshold. */
  g_assert_true (mpos_cart_void_line (cart, 2, &error));
  g_assert_no_error (error);
  g_assert_cmpint (mpos_cart_total (cart), ==, 5000);
  g_assert_cmpint (test_sum_adjustments (line_at (cart, 0), MPOS_ADJUST_COUPON), ==, 0);
  g_assert_false (mpos_cart_check_coupons (cart, &error));
  g_assert_error (error, MPOS_COUPON_ERROR, MPOS_COUPON_ERROR_BELOW_THRESHOLD);
  g_clear_error (&error);
  test_cart_pay (cart, MPOS_TENDER_CASH, 5000, NULL);
  before = tp_fingerprint (ts->store);
  g_assert_false (mpos_sale_commit (cart, &r, &error));
  g_assert_error (error, MPOS_COUPON_ERROR, MPOS_COUPON_ERROR_BELOW_THRESHOLD);
  tp_assert_fingerprint (ts->store, before);
  assert_status (ts->store, code, "issued");
  /* Without the coupon the sale goes through. */
  g_clear_error (&error);
  g_assert_true (mpos_cart_remove_coupon (cart, code, &error));
  test_commit_sale (cart, &r);
  assert_status (ts->store, code, "issued");
}

static void
test_coupon_bearer_coupon_needs_no_member (void)
{
  g_autoptr (TestStore) ts = coupon_store ();
  g_autofree char *code = issue (ts->store, "MJ100-10", NULL);
  MposSaleResult r;

  sell_with (ts->store, NULL, COOKER (1), code, &r);
  g_assert_cmpint (r.total, ==, 58900);
  assert_status (ts->store, code, "redeemed");
  test_assert_consistent (ts->store);
}

static void
test_coupon_sale_journal_carries_the_redemption (void)
{
  g_autoptr (TestStore) ts = coupon_store ();
  g_autofree char *code = issue (ts->store, "MJ100-10", CARD_A);
  g_autoptr (GError) error = NULL;
  g_autoptr (cJSON) payload = NULL;
  const cJSON *row;
  MposSaleResult r;

  sell_with (ts->store, CARD_A, COOKER (1), code, &r);
  payload = mpos_sale_journal_json (ts->store, r.sale_id, &error);
  g_assert_no_error (error);
  row = cJSON_GetArrayItem (cJSON_GetObjectItemCaseSensitive (payload, "coupons"), 0);
  g_assert_nonnull (row);
  g_assert_cmpstr (cJSON_GetObjectItemCaseSensitive (row, "code")->valuestring, ==, code);
  g_assert_cmpstr (cJSON_GetObjectItemCaseSensitive (row, "kind")->valuestring, ==, "redeem");
  g_assert_cmpstr (cJSON_GetObjectItemCaseSensitive (row, "amount")->valuestring, ==, "10.00");
  g_assert_cmpstr (cJSON_GetObjectItemCaseSensitive (row, "template")->valuestring, ==, "MJ100-10");
}

static void
test_coupon_suspended_document_keeps_its_coupons (void)
{
  g_autoptr (TestStore) ts = coupon_store ();
  g_autofree char *code = issue (ts->store, "MJ100-10", CARD_A);
  g_autoptr (MposCart) cart = cart_at (ts->store, CARD_A, COOKER (1), mpos_clock_now ());
  g_autoptr (GError) error = NULL;
  g_autoptr (cJSON) doc = NULL;
  g_autofree char *text = NULL;
  g_autoptr (MposCart) resumed = NULL;

  g_assert_true (mpos_cart_add_coupon (cart, code, &error));
  doc = mpos_cart_to_json (cart);
  text = cJSON_PrintUnformatted (doc);
  g_assert_cmpstr (
      cJSON_GetArrayItem (cJSON_GetObjectItemCaseSensitive (doc, "coupons"), 0)->valuestring, ==,
      code);
  resumed = mpos_cart_from_json (ts->store, text, strlen (text), mpos_clock_now (), &error);
  g_assert_no_error (error);
  g_assert_cmpint (mpos_cart_total (resumed), ==, 58900);
}

/* ---- returns ---------------------------------------------------------------------- */

static void
test_coupon_full_return_restores_the_coupon (void)
{
  g_autoptr (TestStore) ts = coupon_store ();
  g_autofree char *code = issue (ts->store, "MJ100-10", CARD_A);
  g_autoptr (GError) error = NULL;
  g_autoptr (cJSON) payload = NULL;
  g_autofree char *sql = NULL;
  MposSaleResult sale, ret;

  sell_with (ts->store, CARD_A, NOODLES (7) "," WATER (3) "," APPLES (5), code, &sale);
  g_assert_cmpint (sale.total, ==, 9650);
  test_return_sale (ts->store, sale.receipt_no, NULL, &ret);
  g_assert_cmpint (ret.total, ==, -9650);
  assert_status (ts->store, code, "issued");
  sql = g_strdup_printf ("SELECT count(*) FROM coupon_events WHERE code = '%s' AND kind = "
                         "'restore' AND sale_id = '%s' AND amount = 1000",
                         code, ret.sale_id);
  g_assert_cmpint (test_query_int (ts->store, sql), ==, 1);
  payload = mpos_sale_journal_json (ts->store, ret.sale_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (
      cJSON_GetObjectItemCaseSensitive (
          cJSON_GetArrayItem (cJSON_GetObjectItemCaseSensitive (payload, "coupons"), 0), "kind")
          ->valuestring,
      ==, "restore");
  test_assert_consistent (ts->store);
  /* Restored, it can be used again. */
  sell_with (ts->store, CARD_A, COOKER (1), code, &sale);
  assert_status (ts->store, code, "redeemed");
  test_assert_consistent (ts->store);
}

static void
test_coupon_partial_return_keeps_it_used_and_refunds_each_lines_share (void)
{
  g_autoptr (TestStore) ts = coupon_store ();
  g_autofree char *code = issue (ts->store, "MJ100-10", CARD_A);
  g_autoptr (GArray) water = test_return_request_new (2, 0);
  g_autoptr (GArray) one_apple = test_return_request_new (3, 1);
  MposSaleResult sale, ret;

  /* Lines paid 31.71 / 6.80 / 57.99 after the coupon's 3.29 / 0.70 / 6.01. */
  sell_with (ts->store, CARD_A, NOODLES (7) "," WATER (3) "," APPLES (5), code, &sale);
  test_return_sale (ts->store, sale.receipt_no, water, &ret);
  g_assert_cmpint (ret.total, ==, -680);
  test_return_sale (ts->store, sale.receipt_no, one_apple, &ret);
  g_assert_cmpint (ret.total, ==, -1160); /* round(57.99 × 1/5) */
  /* What is kept (31.71 + 46.39) is below 100.00: the coupon stays used,
   * nothing is clawed back. */
  assert_status (ts->store, code, "redeemed");
  test_assert_consistent (ts->store);
  /* The return that completes the sale gives it back. */
  test_return_sale (ts->store, sale.receipt_no, NULL, &ret);
  g_assert_cmpint (ret.total, ==, -(3171 + 5799 - 1160));
  assert_status (ts->store, code, "issued");
  test_assert_consistent (ts->store);
}

static void
test_coupon_return_after_the_window_keeps_it_used (void)
{
  g_autoptr (TestStore) ts = coupon_store ();
  g_autofree char *code = issue (ts->store, "MJ100-10", CARD_A);
  MposSaleResult sale, ret;

  sell_with (ts->store, CARD_A, COOKER (1), code, &sale);
  test_pin_now ("2026-11-30T10:00:00+08:00"); /* the 7-day window has closed */
  test_return_sale (ts->store, sale.receipt_no, NULL, &ret);
  g_assert_cmpint (ret.total, ==, -58900);
  assert_status (ts->store, code, "redeemed");
  test_assert_consistent (ts->store);
  test_pin_now ("2026-11-23T10:00:00+08:00");
}

static void
test_coupon_restored_after_its_validity_comes_back_expired (void)
{
  g_autoptr (TestStore) ts = coupon_store ();
  g_autoptr (GError) error = NULL;
  static const char short_lived[]
      = "{\"templates\":[{\"code\":\"TODAY\",\"name\":\"当日券\",\"type\":\"amount\","
        "\"off\":\"5.00\",\"valid_days\":1}]}";
  g_autofree char *code = NULL;
  MposSaleResult sale, ret;

  g_assert_true (mpos_coupon_templates_import (ts->store, short_lived, strlen (short_lived), "it",
                                               mpos_clock_now (), NULL, &error));
  code = issue (ts->store, "TODAY", CARD_A);
  sell_with (ts->store, CARD_A, NOODLES (2), code, &sale);
  test_pin_now ("2026-11-24T09:00:00+08:00");
  test_return_sale (ts->store, sale.receipt_no, NULL, &ret);
  assert_status (ts->store, code, "expired");
  test_assert_consistent (ts->store);
  test_pin_now ("2026-11-23T10:00:00+08:00");
}

/* ---- issuing ---------------------------------------------------------------------- */

static void
test_coupon_points_exchange_debits_points_and_issues_together (void)
{
  g_autoptr (TestStore) ts = coupon_store ();
  g_autoptr (GError) error = NULL;
  g_autofree char *code = NULL;
  g_autofree char *before = NULL;
  int64_t member = tp_member (ts->store, CARD_A);

  tp_adjust (ts->store, CARD_A, 500);
  /* 200 points → a 5-yuan coupon. */
  g_assert_true (
      mpos_coupon_exchange (ts->store, member, "EXCH5", "1001", mpos_clock_now (), &code, &error));
  g_assert_no_error (error);
  g_assert_cmpint (tp_points (ts->store, CARD_A).available, ==, 300);
  assert_status (ts->store, code, "issued");
  g_assert_cmpint (test_query_int (ts->store, "SELECT count(*) FROM journal WHERE kind = "
                                          "'coupon_exchange'"),
                   ==, 1);
  /* Short of points: nothing is written. */
  tp_adjust (ts->store, CARD_A, -200);
  before = tp_fingerprint (ts->store);
  g_assert_false (
      mpos_coupon_exchange (ts->store, member, "EXCH5", "1001", mpos_clock_now (), NULL, &error));
  g_assert_error (error, MPOS_POINTS_ERROR, MPOS_POINTS_ERROR_INSUFFICIENT);
  g_clear_error (&error);
  g_assert_false (mpos_coupon_exchange (ts->store, member, "MJ100-10", "1001", mpos_clock_now (),
                                        NULL, &error));
  g_assert_error (error, MPOS_COUPON_ERROR, MPOS_COUPON_ERROR_INVALID);
  tp_assert_fingerprint (ts->store, before);
  g_assert_cmpint (test_query_int (ts->store, "SELECT count(*) FROM coupons"), ==, 1);
  test_assert_consistent (ts->store);
}

static void
test_coupon_per_member_limit_is_kept (void)
{
  g_autoptr (TestStore) ts = coupon_store ();
  g_autoptr (GError) error = NULL;
  int64_t member = tp_member (ts->store, CARD_A);

  tp_adjust (ts->store, CARD_A, 1000);
  g_assert_true (
      mpos_coupon_exchange (ts->store, member, "EXCH5", "1001", mpos_clock_now (), NULL, &error));
  g_assert_true (
      mpos_coupon_exchange (ts->store, member, "EXCH5", "1001", mpos_clock_now (), NULL, &error));
  g_assert_no_error (error);
  g_assert_false (
      mpos_coupon_exchange (ts->store, member, "EXCH5", "1001", mpos_clock_now (), NULL, &error));
  g_assert_error (error, MPOS_COUPON_ERROR, MPOS_COUPON_ERROR_LIMIT);
  g_assert_cmpint (tp_points (ts->store, CARD_A).available, ==, 600);
}

static void
test_coupon_manual_issue_needs_who_and_a_sane_count (void)
{
  g_autoptr (TestStore) ts = coupon_store ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) codes = g_ptr_array_new_with_free_func (g_free);

  g_assert_false (
      mpos_coupon_issue (ts->store, "MONTHLY5", 0, 1, NULL, test_supervisor (ts->store), "x", mpos_clock_now (), NULL, &error));
  g_assert_error (error, MPOS_COUPON_ERROR, MPOS_COUPON_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (mpos_coupon_issue (ts->store, "MONTHLY5", 0, 0, "9001", test_supervisor (ts->store), "x", mpos_clock_now (),
                                     NULL, &error));
  g_assert_error (error, MPOS_COUPON_ERROR, MPOS_COUPON_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (
      mpos_coupon_issue (ts->store, "NOPE", 0, 1, "9001", test_supervisor (ts->store), "x", mpos_clock_now (), NULL, &error));
  g_assert_error (error, MPOS_COUPON_ERROR, MPOS_COUPON_ERROR_NO_TEMPLATE);
  g_clear_error (&error);
  g_assert_true (mpos_coupon_issue (ts->store, "MONTHLY5", tp_member (ts->store, CARD_B), 3, "9001", test_supervisor (ts->store),
                                    "complaint", mpos_clock_now (), codes, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (codes->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (codes, 0), !=, g_ptr_array_index (codes, 1));
  g_assert_cmpint (test_query_int (ts->store, "SELECT count(*) FROM audit WHERE action = "
                                          "'coupon_issue' AND actor = '9001'"),
                   ==, 1);
  test_assert_consistent (ts->store);
}

/* A coupon is money: issuing one by hand, alone or to a campaign, needs a
 * supervisor's credential; a cashier's own PIN is refused and the refusal
 * audited; nothing is issued; an approval names both people. */
static void
test_coupon_issue_needs_a_supervisor (void)
{
  g_autoptr (TestStore) ts = coupon_store ();
  const MposStaffCredential cashier = { "1001", TEST_CASHIER_PIN, NULL };
  int64_t members[] = { tp_member (ts->store, CARD_A) };
  g_autoptr (GError) error = NULL;
  guint issued = 0;

  test_supervisor (ts->store);
  g_assert_false (mpos_coupon_issue (ts->store, "MONTHLY5", 0, 5, "1001", NULL, "x",
                                     mpos_clock_now (), NULL, &error));
  g_assert_error (error, MPOS_STAFF_ERROR, MPOS_STAFF_ERROR_REQUIRED);
  g_clear_error (&error);
  g_assert_false (mpos_coupon_issue (ts->store, "MONTHLY5", 0, 5, "1001", &cashier, "x",
                                     mpos_clock_now (), NULL, &error));
  g_assert_error (error, MPOS_STAFF_ERROR, MPOS_STAFF_ERROR_NOT_PERMITTED);
  g_clear_error (&error);
  g_assert_false (mpos_coupon_issue_campaign (ts->store, "MONTHLY5", "D12", members, 1, "1001",
                                              &cashier, mpos_clock_now (), &issued, NULL, &error));
  g_assert_error (error, MPOS_STAFF_ERROR, MPOS_STAFF_ERROR_NOT_PERMITTED);
  g_clear_error (&error);
  g_assert_cmpint (test_count_rows (ts->store, "coupons"), ==, 0);
  g_assert_cmpint (test_query_int (ts->store, "SELECT count(*) FROM audit WHERE action = "
                                              "'permission_refused' AND actor = '1001'"),
                   ==, 2);
  g_assert_true (mpos_coupon_issue (ts->store, "MONTHLY5", 0, 2, "1001", test_supervisor (ts->store),
                                    "complaint", mpos_clock_now (), NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (test_query_int (ts->store, "SELECT count(*) FROM audit WHERE action = "
                                              "'coupon_issue' AND actor = '1001' AND "
                                              "approved_by = '2001'"),
                   ==, 1);
  g_assert_cmpint (test_query_int (ts->store, "SELECT count(*) FROM journal WHERE kind = "
                                              "'coupon_issue' AND json_extract (payload, "
                                              "'$.approved_by') = '2001'"),
                   ==, 1);
  test_assert_consistent (ts->store);
}

static void
test_coupon_campaign_issues_once_per_member (void)
{
  g_autoptr (TestStore) ts = coupon_store ();
  g_autoptr (GError) error = NULL;
  int64_t members[] = { tp_member (ts->store, CARD_A), tp_member (ts->store, CARD_B) };
  int64_t again[] = { tp_member (ts->store, CARD_A), tp_member (ts->store, CARD_G) };
  guint issued = 0;

  g_assert_true (mpos_coupon_issue_campaign (ts->store, "MONTHLY5", "D12", members, 2, "mkt", test_supervisor (ts->store),
                                             mpos_clock_now (), &issued, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (issued, ==, 2);
  g_assert_true (mpos_coupon_issue_campaign (ts->store, "MONTHLY5", "D12", again, 2, "mkt", test_supervisor (ts->store),
                                             mpos_clock_now (), &issued, NULL, &error));
  g_assert_cmpuint (issued, ==, 1);
  g_assert_cmpint (test_query_int (ts->store, "SELECT count(*) FROM coupons WHERE source = "
                                          "'campaign'"),
                   ==, 3);
  test_assert_consistent (ts->store);
}

static void
test_coupon_benefits_run_gives_each_month_once (void)
{
  g_autoptr (TestStore) ts = coupon_store ();
  g_autoptr (GError) error = NULL;
  MposCouponRunReport r;

  /* A and B (normal): 2 monthly each; G (gold): 1; B's birthday is in November. */
  g_assert_true (mpos_coupon_run_benefits (ts->store, mpos_clock_now (), &r, &error));
  g_assert_no_error (error);
  g_assert_cmpint (r.monthly_issued, ==, 5);
  g_assert_cmpint (r.birthday_issued, ==, 1);
  g_assert_cmpint (r.expired, ==, 0);
  g_assert_true (
      mpos_coupon_run_benefits (ts->store, test_time ("2026-11-30T23:00:00+08:00"), &r, &error));
  g_assert_cmpint (r.monthly_issued + r.birthday_issued + r.expired, ==, 0);
  g_assert_cmpint (test_query_int (ts->store, "SELECT count(*) FROM journal WHERE kind = 'coupon_run'"),
                   ==, 1);
  g_assert_true (
      mpos_coupon_run_benefits (ts->store, test_time ("2026-12-05T08:00:00+08:00"), &r, &error));
  g_assert_cmpint (r.monthly_issued, ==, 5);
  g_assert_cmpint (r.birthday_issued, ==, 0);
  g_assert_cmpint (r.expired, ==, 0);
  /* By 10 Jan the November (to 23 Dec) and December (to 4 Jan) monthly
   * coupons and the birthday coupon (to 23 Dec) have expired. */
  g_assert_true (
      mpos_coupon_run_benefits (ts->store, test_time ("2027-01-10T08:00:00+08:00"), &r, &error));
  g_assert_no_error (error);
  g_assert_cmpint (r.monthly_issued, ==, 5);
  g_assert_cmpint (r.expired, ==, 11);
  g_assert_cmpint (test_query_int (ts->store, "SELECT count(*) FROM coupons WHERE member_id = (SELECT "
                                          "member_id FROM member_cards WHERE card_no = '" CARD_B
                                          "') AND source = 'birthday'"),
                   ==, 1);
  test_assert_consistent (ts->store);
}

static void
test_coupon_top_up_tier_issues_one_and_its_refund_voids_it (void)
{
  g_autoptr (TestStore) ts = coupon_store ();
  g_autoptr (GError) error = NULL;
  g_autofree char *code = NULL;
  g_autofree char *before = NULL;
  g_autoptr (MposTender) cash = mpos_tender_new (MPOS_TENDER_CASH, 50000, NULL, NULL);
  MposTopUpResult top_up, refund;

  tp_rules_replacing (ts->store, "{\"top_up\":\"500.00\",\"bonus\":\"50.00\"}",
                      "{\"top_up\":\"500.00\",\"bonus\":\"50.00\",\"coupon\":\"MJ100-10\"}");
  tp_top_up (ts->store, CARD_A, 50000, &top_up);
  code = test_query_text (ts->store, "SELECT code FROM coupons WHERE source = 'top_up'");
  g_assert_nonnull (code);
  assert_status (ts->store, code, "issued");
  tp_top_up (ts->store, CARD_A, 10000, NULL); /* below the tier: no coupon */
  g_assert_cmpint (test_query_int (ts->store, "SELECT count(*) FROM coupons"), ==, 1);
  g_assert_true (mpos_stored_value_refund_top_up (ts->store, top_up.receipt_no, "1001",
                                                  test_manager (ts->store),
                                                  "changed mind", mpos_clock_now (), &refund,
                                                  &error));
  g_assert_no_error (error);
  assert_status (ts->store, code, "void");
  test_assert_consistent (ts->store);
  /* A tier naming a template that is not there refuses the top-up whole. */
  tp_rules_replacing (ts->store, "{\"top_up\":\"500.00\",\"bonus\":\"50.00\"}",
                      "{\"top_up\":\"500.00\",\"bonus\":\"50.00\",\"coupon\":\"GONE\"}");
  before = tp_fingerprint (ts->store);
  g_assert_false (mpos_stored_value_top_up (ts->store, tp_member (ts->store, CARD_A), cash, "1001",
                                            mpos_clock_now (), &top_up, &error));
  g_assert_error (error, MPOS_COUPON_ERROR, MPOS_COUPON_ERROR_NO_TEMPLATE);
  tp_assert_fingerprint (ts->store, before);
}

static void
test_coupon_void_refuses_a_used_coupon (void)
{
  g_autoptr (TestStore) ts = coupon_store ();
  g_autofree char *code = issue (ts->store, "MJ100-10", CARD_A);
  g_autoptr (GError) error = NULL;
  MposSaleResult sale;

  g_assert_false (mpos_coupon_void (ts->store, code, NULL, "9001", mpos_clock_now (), NULL, &error));
  g_assert_error (error, MPOS_COUPON_ERROR, MPOS_COUPON_ERROR_INVALID);
  g_clear_error (&error);
  sell_with (ts->store, CARD_A, COOKER (1), code, &sale);
  g_assert_false (mpos_coupon_void (ts->store, code, "lost", "9001", mpos_clock_now (), NULL, &error));
  g_assert_error (error, MPOS_COUPON_ERROR, MPOS_COUPON_ERROR_ALREADY_REDEEMED);
  g_assert_nonnull (strstr (error->message, "return that sale"));
  assert_status (ts->store, code, "redeemed");
}

/* ---- check ----------------------------------------------------------------------- */

static void
test_coupon_check_finds_a_status_that_disagrees_with_the_ledger (void)
{
  g_autoptr (TestStore) ts = coupon_store ();
  g_autofree char *code = issue (ts->store, "MJ100-10", CARD_A);
  g_autoptr (GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GError) error = NULL;
  g_autofree char *sql = NULL;
  gboolean found = FALSE;
  MposSaleResult sale;

  sell_with (ts->store, CARD_A, COOKER (1), code, &sale);
  test_assert_consistent (ts->store);
  /* Hand-edited back to unused without a return: `check` must say so. */
  sql = g_strdup_printf ("UPDATE coupons SET status = 'issued', redeemed_sale_id = NULL, "
                         "redeemed_at = NULL WHERE code = '%s'",
                         code);
  test_exec (ts->store, sql);
  g_assert_true (mpos_integrity_check (ts->store, problems, &error));
  for (guint i = 0; i < problems->len; i++)
    found |= strstr (g_ptr_array_index (problems, i), code) != NULL
             && strstr (g_ptr_array_index (problems, i), "is issued") != NULL;
  g_assert_true (found);
}

/* What the window and `coupon list|show` say a coupon is worth. */
static void
test_coupon_template_described_as_a_cashier_reads_it (void)
{
  g_autoptr (TestStore) ts = coupon_store ();
  const char *codes[] = { "MJ100-10", "P10CAP", "GIFT-WATER" };
  const char *said[] = { "10.00 off from 100.00", "10% off (at most 20.00)",
                         "gift 1 × SKU 300001 from 50.00" };

  for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (MposCouponTemplate) t = mpos_coupon_template_load (ts->store, codes[i], &error);
      g_autofree char *text = NULL;

      g_assert_no_error (error);
      text = mpos_coupon_template_describe (t);
      g_assert_cmpstr (text, ==, said[i]);
    }
}

/* A coupon's history as JSON carries its points to the digit, beyond 2^53
 * too (the serialiser cast them to double). */
static void
test_coupon_view_json_points_exact (void)
{
  g_autoptr (TestStore) ts = coupon_store ();
  g_autofree char *code = issue (ts->store, "MONTHLY5", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (MposCouponView) view = mpos_coupon_view (ts->store, code, mpos_clock_now (), &error);
  g_autoptr (cJSON) json = NULL;
  g_autofree char *text = NULL;
  MposCouponEvent *issued;

  g_assert_no_error (error);
  issued = g_ptr_array_index (view->events, 0);
  issued->points = INT64_C (9007199254740993);
  json = mpos_coupon_view_to_json (ts->store, view);
  text = cJSON_PrintUnformatted (cJSON_GetObjectItem (json, "events"));
  g_assert_nonnull (strstr (text, "\"points\":9007199254740993,"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/coupon/template/import-refuses-unknown-field-and-writes-nothing",
                   test_coupon_template_import_refuses_unknown_field_and_writes_nothing);
  g_test_add_func ("/coupon/template/value-is-fixed-once-coupons-are-out",
                   test_coupon_template_value_is_fixed_once_coupons_are_out);
  g_test_add_func ("/coupon/template/described-as-a-cashier-reads-it",
                   test_coupon_template_described_as_a_cashier_reads_it);
  g_test_add_func ("/coupon/code/normalised-as-typed", test_coupon_code_is_normalised_as_typed);
  g_test_add_func ("/coupon/read-model/view-and-templates",
                   test_coupon_view_and_templates_are_typed_read_models);
  g_test_add_func ("/coupon/price/amount-off-allocated-by-largest-remainder",
                   test_coupon_amount_off_is_allocated_by_largest_remainder);
  g_test_add_func ("/coupon/price/percent-off-capped-and-scoped",
                   test_coupon_percent_off_is_capped_and_covers_its_scope_only);
  g_test_add_func ("/coupon/price/gift-makes-one-unit-free",
                   test_coupon_gift_makes_one_unit_of_the_gift_free);
  g_test_add_func ("/coupon/stack/promotions-only-lines-without-one",
                   test_coupon_not_stacking_with_promotions_takes_only_lines_without_one);
  g_test_add_func ("/coupon/stack/coupons-follow-both-templates",
                   test_coupon_stacking_between_coupons_follows_both_templates);
  g_test_add_func ("/coupon/refusal/each-says-why-and-changes-nothing",
                   test_coupon_each_refusal_says_why_and_changes_nothing);
  g_test_add_func ("/coupon/redeem/once-and-second-use-writes-nothing",
                   test_coupon_is_redeemed_once_and_a_second_use_writes_nothing);
  g_test_add_func ("/coupon/redeem/stopped-applying-refuses-the-sale",
                   test_coupon_that_stops_applying_refuses_the_sale);
  g_test_add_func ("/coupon/redeem/bearer-needs-no-member",
                   test_coupon_bearer_coupon_needs_no_member);
  g_test_add_func ("/coupon/redeem/journal-carries-it",
                   test_coupon_sale_journal_carries_the_redemption);
  g_test_add_func ("/coupon/redeem/suspended-document-keeps-coupons",
                   test_coupon_suspended_document_keeps_its_coupons);
  g_test_add_func ("/coupon/return/full-restores", test_coupon_full_return_restores_the_coupon);
  g_test_add_func ("/coupon/return/partial-keeps-it-used-refunds-shares",
                   test_coupon_partial_return_keeps_it_used_and_refunds_each_lines_share);
  g_test_add_func ("/coupon/return/after-window-keeps-it-used",
                   test_coupon_return_after_the_window_keeps_it_used);
  g_test_add_func ("/coupon/return/after-validity-comes-back-expired",
                   test_coupon_restored_after_its_validity_comes_back_expired);
  g_test_add_func ("/coupon/issue/points-exchange-debits-and-issues-together",
                   test_coupon_points_exchange_debits_points_and_issues_together);
  g_test_add_func ("/coupon/issue/per-member-limit", test_coupon_per_member_limit_is_kept);
  g_test_add_func ("/coupon/issue/manual-needs-who-and-count",
                   test_coupon_manual_issue_needs_who_and_a_sane_count);
  g_test_add_func ("/coupon/issue/needs-a-supervisor", test_coupon_issue_needs_a_supervisor);
  g_test_add_func ("/coupon/issue/campaign-once-per-member",
                   test_coupon_campaign_issues_once_per_member);
  g_test_add_func ("/coupon/issue/benefits-run-each-month-once",
                   test_coupon_benefits_run_gives_each_month_once);
  g_test_add_func ("/coupon/issue/top-up-tier-and-refund",
                   test_coupon_top_up_tier_issues_one_and_its_refund_voids_it);
  g_test_add_func ("/coupon/void/refuses-used-coupon", test_coupon_void_refuses_a_used_coupon);
  g_test_add_func ("/coupon/view/json-points-exact", test_coupon_view_json_points_exact);
  g_test_add_func ("/coupon/check/status-disagrees-with-ledger",
                   test_coupon_check_finds_a_status_that_disagrees_with_the_ledger);
  return g_test_run ();
}
