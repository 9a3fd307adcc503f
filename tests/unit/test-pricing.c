/* test-pricing.c — tests for the pricing engine (src/pricing.c) through the
 * cart (src/cart.c, src/cart-json.c) and promotions (src/promotion.c). Every
 * rule runs on its own small catalog in a temp store, and every expected fen
 * is worked out by hand in the comment next to it. */
#include <glib.h>
#include <string.h>

#include "cart-json.h"
#include "cart.h"
#include "catalog.h"
#include "clock.h"
#include "json-fields.h"
#include "member.h"
#include "percent.h"
#include "promotion.h"
#include "store-private.h"
#include "test-util.h"

#define WINDOW "\"starts\":\"2026-01-01T00:00:00+08:00\",\"ends\":\"2030-01-01T00:00:00+08:00\""

/* ---- catalog, members and promotions for one test ------------------------ */

/* Weighed fruit, with the PLUs their scale labels carry. */
static const TestSku apple_sku
    = { "100237", "红富士苹果", NULL, "生鲜/水果", MPOS_UNIT_WEIGHT, 900, 1280, 100000, "00101" };
static const TestSku banana_sku
    = { "100238", "香蕉", NULL, "生鲜/水果", MPOS_UNIT_WEIGHT, 900, 798, 100000, "00102" };
static const TestSku tangerine_sku
    = { "100240", "砂糖橘", NULL, "生鲜/水果", MPOS_UNIT_WEIGHT, 900, 998, 100000, "00104" };

/* Levels normal (0%), gold (5%) and diamond (8%); 张伟 is gold, 李娜 normal. */
static void
add_members (MposStore *store)
{
  static const char members[]
      = "{\"levels\":[{\"code\":\"normal\",\"name\":\"普通会员\",\"discount\":\"0%\"},"
        "{\"code\":\"gold\",\"name\":\"金卡会员\",\"discount\":\"5%\"},"
        "{\"code\":\"diamond\",\"name\":\"钻石会员\",\"discount\":\"8%\"}],"
        "\"members\":[{\"card\":\"8800000000017\",\"phone\":\"13800138000\",\"name\":\"张伟\","
        "\"level\":\"gold\"},"
        "{\"card\":\"8800000000039\",\"phone\":\"15000001111\",\"name\":\"李娜\","
        "\"level\":\"normal\"}]}";

  test_import_members (store, members);
}

/* ---- base prices ---------------------------------------------------------- */

static void
test_pricing_list_price_times_qty (void)
{
  g_autoptr (TestStore) ts = test_store_new ();
  g_autoptr (MposCart) cart = NULL;
  MposCartLine *line;

  test_add_sku (ts->store, "100001", "康师傅红烧牛肉面", "食品/方便面", 450);
  cart = test_cart_new_at (ts->store, test_pinned_now ());
  line = test_cart_add_sku (cart, "100001", 3);
  /* 4.50 × 3 = 13.50, nothing else applies */
  g_assert_cmpint (line->list_unit_price, ==, 450);
  g_assert_cmpint (line->gross, ==, 1350);
  g_assert_cmpint (line->net, ==, 1350);
  g_assert_cmpuint (line->adjustments->len, ==, 0);
  g_assert_cmpint (mpos_cart_subtotal (cart), ==, 1350);
  g_assert_cmpint (mpos_cart_total (cart), ==, 1350);
  g_assert_cmpint (mpos_cart_item_count (cart), ==, 3);
  /* qty 0 means one piece */
  line = test_cart_add_sku (cart, "100001", 0);
  g_assert_cmpint (line->qty, ==, 1);
  g_assert_cmpint (line->gross, ==, 450);
  g_assert_cmpint (mpos_cart_total (cart), ==, 1800);
  test_assert_cart_adds_up (cart);
}

static void
test_pricing_scheduled_list_price_by_now (void)
{
  g_autoptr (TestStore) ts = test_store_new ();
  g_autoptr (MposCart) before = NULL;
  g_autoptr (MposCart) after = NULL;
  int64_t now = test_pinned_now ();
  int64_t id = test_add_sku (ts->store, "100001", "牛肉面", "食品", 450);

  /* A new price from now + 1 h: a cart at now still sees 4.50, one at now + 1 h 3.80. */
  test_add_price (ts->store, id, NULL, 380, now + 3600, 0);
  before = test_cart_new_at (ts->store, now + 3599);
  after = test_cart_new_at (ts->store, now + 3600);
  g_assert_cmpint (test_cart_add_sku (before, "100001", 1)->gross, ==, 450);
  g_assert_cmpint (test_cart_add_sku (after, "100001", 1)->gross, ==, 380);
}

static void
test_pricing_weighed_grams_times_price_per_kg_half_up (void)
{
  g_autoptr (TestStore) ts = test_store_new ();
  g_autoptr (MposCart) cart = NULL;
  g_autoptr (GError) error = NULL;
  MposCartLine *line;

  test_add_sku_full (ts->store, &banana_sku);
  test_add_sku_full (ts->store, &tangerine_sku);
  cart = test_cart_new_at (ts->store, test_pinned_now ());
  /* 7.98/kg × 333 g = 265.734 fen → 266 */
  line = test_cart_add_sku (cart, "100238", 333);
  g_assert_cmpint (line->gross, ==, 266);
  g_assert_cmpint (line->net, ==, 266);
  /* 9.98/kg × 250 g = 249.5 fen → 250 (half-up, exactly on the half) */
  line = test_cart_add_sku (cart, "100240", 250);
  g_assert_cmpint (line->gross, ==, 250);
  /* 9.98/kg × 249 g = 248.502 → 249; 9.98/kg × 1 g = 0.998 → 1 */
  g_assert_true (mpos_cart_set_qty (cart, line->line_no, 249, &error));
  g_assert_cmpint (line->gross, ==, 249);
  g_assert_true (mpos_cart_set_qty (cart, line->line_no, 1, &error));
  g_assert_cmpint (line->gross, ==, 1);
  /* the heaviest weight a line takes: 9.98 × 999.999 kg = 9979.99002 → 9979.99 yuan */
  g_assert_true (mpos_cart_set_qty (cart, line->line_no, MPOS_CART_MAX_GRAMS, &error));
  g_assert_cmpint (line->gross, ==, 997999);
  g_assert_no_error (error);
  /* a weighed line counts as one item */
  g_assert_cmpint (mpos_cart_item_count (cart), ==, 2);
  test_assert_cart_adds_up (cart);
}

static void
test_pricing_weighed_goods_need_a_weight (void)
{
  g_autoptr (TestStore) ts = test_store_new ();
  g_autoptr (MposCart) cart = NULL;
  g_autoptr (GError) error = NULL;

  test_add_sku_full (ts->store, &banana_sku);
  cart = test_cart_new_at (ts->store, test_pinned_now ());
  g_assert_null (mpos_cart_add_sku (cart, "100238", 0, &error));
  g_assert_error (error, MPOS_CART_ERROR, MPOS_CART_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (mpos_cart_add_sku (cart, "100238", MPOS_CART_MAX_GRAMS + 1, &error));
  g_assert_error (error, MPOS_CART_ERROR, MPOS_CART_ERROR_INVALID);
  g_assert_cmpuint (mpos_cart_get_lines (cart)->len, ==, 0);
}

static void
test_pricing_scale_label_carries_weight (void)
{
  g_autoptr (TestStore) ts = test_store_new ();
  g_autoptr (MposCart) cart = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *code = test_with_check_digit ("200010101250"); /* PLU 00101, 1250 g */
  g_autofree char *explain = NULL;
  MposCartLine *line;

  g_assert_cmpstr (code, ==, "2000101012504");
  test_add_sku_full (ts->store, &apple_sku);
  cart = test_cart_new_at (ts->store, test_pinned_now ());
  /* qty is ignored: the weight is in the label */
  line = mpos_cart_add_code (cart, code, 7, &error);
  g_assert_no_error (error);
  /* 12.80/kg × 1250 g = 16.00 */
  g_assert_cmpint (line->qty, ==, 1250);
  g_assert_cmpint (line->gross, ==, 1600);
  g_assert_cmpint (line->net, ==, 1600);
  g_assert_false (line->has_embedded_price);
  g_assert_cmpstr (line->code, ==, "2000101012504"); /* kept whole */
  explain = mpos_cart_line_explain (line);
  g_assert_nonnull (strstr (explain, "list 12.80/kg × 1250 g = 16.00 (half-up)"));
  /* a label with a wrong check digit is no scale code */
  g_assert_null (mpos_cart_add_code (cart, "2000101012505", 0, &error));
  g_assert_error (error, MPOS_BARCODE_ERROR, MPOS_BARCODE_ERROR_CHECK_DIGIT);
  test_assert_cart_adds_up (cart);
}

static void
test_pricing_scale_label_carries_price (void)
{
  g_autoptr (TestStore) ts = test_store_new ();
  g_autoptr (MposCart) cart = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *code = test_with_check_digit ("200010101234"); /* PLU 00101, 12.34 yuan */
  g_autofree char *explain = NULL;
  MposCartLine *line;

  test_set_store_options (ts->store, 0, "20-29/5/5/price");
  test_add_sku_full (ts->store, &apple_sku);
  cart = test_cart_new_at (ts->store, test_pinned_now ());
  line = mpos_cart_add_code (cart, code, 0, &error);
  g_assert_no_error (error);
  /* the scale fixed 12.34; the weight shown is 12.34 / 12.80 kg = 964.06 g → 964 */
  g_assert_true (line->has_embedded_price);
  g_assert_cmpint (line->embedded_price, ==, 1234);
  g_assert_cmpint (line->gross, ==, 1234);
  g_assert_cmpint (line->net, ==, 1234);
  g_assert_cmpint (line->qty, ==, 964);
  explain = mpos_cart_line_explain (line);
  g_assert_nonnull (strstr (explain, "scale label price 12.34"));
  /* the quantity of a scale-priced line cannot be changed by hand */
  g_assert_false (mpos_cart_set_qty (cart, line->line_no, 500, &error));
  g_assert_error (error, MPOS_CART_ERROR, MPOS_CART_ERROR_INVALID);
  g_assert_cmpint (line->gross, ==, 1234);
  test_assert_cart_adds_up (cart);
}

/* ---- member price and level discount ---------------------------------------- */

static void
test_pricing_member_price_else_level_discount (void)
{
  g_autoptr (TestStore) ts = test_store_new ();
  g_autoptr (MposCart) cart = NULL;
  g_autoptr (GError) error = NULL;
  MposCartLine *oil, *gum, *soap, *same, *late;
  int64_t id;

  add_members (ts->store);
  id = test_add_sku (ts->store, "100055", "金龙鱼调和油", "食品/食用油", 6990);
  test_add_price (ts->store, id, "gold", 6790, 0, 0);
  test_add_sku (ts->store, "100050", "绿箭口香糖", "食品/糖果", 250);
  id = test_add_sku (ts->store, "100044", "德芙巧克力", "食品/糖果", 5990);
  test_add_price (ts->store, id, "diamond", 5290, 0, 0);
  id = test_add_sku (ts->store, "100004", "矿泉水箱", "饮料/水", 1000);
  test_add_price (ts->store, id, "gold", 1000, 0, 0);

  cart = test_cart_new_at (ts->store, test_pinned_now ());
  oil = test_cart_add_sku (cart, "100055", 2);
  gum = test_cart_add_sku (cart, "100050", 1);
  soap = test_cart_add_sku (cart, "100044", 1);
  same = test_cart_add_sku (cart, "100004", 1);
  /* no member yet: list prices */
  g_assert_cmpint (mpos_cart_total (cart), ==, 13980 + 250 + 5990 + 1000);
  g_assert_true (mpos_cart_set_member (cart, "8800000000017", &error));
  g_assert_no_error (error);

  /* gold member price 67.90 × 2 = 135.80 against 139.80 list: −4.00, no level discount */
  g_assert_cmpuint (oil->adjustments->len, ==, 1);
  test_assert_adjustment (oil, 0, MPOS_ADJUST_MEMBER_PRICE, "gold", -400);
  g_assert_cmpint (oil->net, ==, 13580);
  /* no member price: level 5% of 2.50 = 12.5 fen → 13 (half-up) */
  g_assert_cmpuint (gum->adjustments->len, ==, 1);
  test_assert_adjustment (gum, 0, MPOS_ADJUST_LEVEL_DISCOUNT, "gold", -13);
  g_assert_cmpstr (test_adjustment (gum, 0)->label, ==, "金卡会员 5% off");
  g_assert_cmpint (gum->net, ==, 237);
  /* a member price for another level only: level 5% of 59.90 = 299.5 → 300 */
  test_assert_adjustment (soap, 0, MPOS_ADJUST_LEVEL_DISCOUNT, "gold", -300);
  g_assert_cmpint (soap->net, ==, 5690);
  /* a member price not below list is no benefit: the level discount applies, 5% of 10.00 */
  g_assert_cmpuint (same->adjustments->len, ==, 1);
  test_assert_adjustment (same, 0, MPOS_ADJUST_LEVEL_DISCOUNT, "gold", -50);
  g_assert_cmpint (same->net, ==, 950);
  /* a line added after the member is priced for them at once */
  late = test_cart_add_sku (cart, "100055", 1);
  test_assert_adjustment (late, 0, MPOS_ADJUST_MEMBER_PRICE, "gold", -200);
  g_assert_cmpint (late->net, ==, 6790);
  g_assert_cmpint (mpos_cart_total (cart), ==, 13580 + 237 + 5690 + 950 + 6790);
  test_assert_cart_adds_up (cart);
}

static void
test_pricing_member_level_without_discount_changes_nothing (void)
{
  g_autoptr (TestStore) ts = test_store_new ();
  g_autoptr (MposCart) cart = NULL;
  g_autoptr (GError) error = NULL;
  MposCartLine *line;

  add_members (ts->store);
  test_add_sku (ts->store, "100050", "绿箭口香糖", "食品/糖果", 250);
  cart = test_cart_new_at (ts->store, test_pinned_now ());
  /* by phone; level normal has 0% */
  g_assert_true (mpos_cart_set_member (cart, "15000001111", &error));
  g_assert_no_error (error);
  line = test_cart_add_sku (cart, "100050", 4);
  g_assert_cmpuint (line->adjustments->len, ==, 0);
  g_assert_cmpint (line->net, ==, 1000);
  /* an unknown card leaves the member as it was */
  g_assert_false (mpos_cart_set_member (cart, "8899999999999", &error));
  g_assert_error (error, MPOS_MEMBER_ERROR, MPOS_MEMBER_ERROR_NOT_FOUND);
  g_assert_cmpstr (mpos_cart_get_member (cart)->card_no, ==, "8800000000039");
}

/* ---- price override ------------------------------------------------------------ */

static void
test_pricing_override_takes_no_promotions_or_member_benefits (void)
{
  g_autoptr (TestStore) ts = test_store_new ();
  g_autoptr (MposCart) cart = NULL;
  g_autoptr (GError) error = NULL;
  MposCartLine *noodles, *other;
  g_autofree char *explain = NULL;

  add_members (ts->store);
  test_add_sku (ts->store, "100001", "牛肉面", "食品/方便面", 450);
  test_add_sku (ts->store, "100002", "酸菜面", "食品/方便面", 1000);
  test_add_promotion (ts->store, "\"code\":\"PCT10\",\"name\":\"九折\",\"type\":\"time_discount\","
                                 "\"percent_off\":\"10%\",\"scope\":{\"all\":true}," WINDOW);
  cart = test_cart_new_at (ts->store, test_pinned_now ());
  g_assert_true (mpos_cart_set_member (cart, "8800000000017", &error));
  noodles = test_cart_add_sku (cart, "100001", 2);
  other = test_cart_add_sku (cart, "100002", 1);
  g_assert_true (mpos_cart_override_price (cart, noodles->line_no, 300, "9001", &error));
  g_assert_no_error (error);
  /* 3.00 × 2 = 6.00 against 9.00: −3.00, by 9001; no level discount, no promotion */
  g_assert_cmpuint (noodles->adjustments->len, ==, 1);
  test_assert_adjustment (noodles, 0, MPOS_ADJUST_PRICE_OVERRIDE, "9001", -300);
  g_assert_cmpint (noodles->net, ==, 600);
  /* the other line: level 5% of 10.00 = −0.50, then 10% of 9.50 = −0.95 */
  g_assert_cmpuint (other->adjustments->len, ==, 2);
  test_assert_adjustment (other, 0, MPOS_ADJUST_LEVEL_DISCOUNT, "gold", -50);
  test_assert_adjustment (other, 1, MPOS_ADJUST_PROMOTION, "PCT10", -95);
  g_assert_cmpint (other->net, ==, 855);
  /* the cashier's own line discount still applies after an override: 10% of 6.00 */
  g_assert_true (mpos_cart_set_line_discount (cart, noodles->line_no, MPOS_DISCOUNT_PERCENT, 1000,
                                              "9001", &error));
  test_assert_adjustment (noodles, 1, MPOS_ADJUST_LINE_DISCOUNT, "9001", -60);
  g_assert_cmpint (noodles->net, ==, 540);
  explain = mpos_cart_line_explain (noodles);
  g_assert_nonnull (strstr (explain, "改价 Price override [price_override 9001] -3.00"));
  /* an override above list shows as a positive step: 5.00 × 2 − 9.00 = +1.00 */
  g_assert_true (mpos_cart_override_price (cart, noodles->line_no, 500, "9001", &error));
  test_assert_adjustment (noodles, 0, MPOS_ADJUST_PRICE_OVERRIDE, "9001", 100);
  /* then 10% of 10.00 */
  test_assert_adjustment (noodles, 1, MPOS_ADJUST_LINE_DISCOUNT, "9001", -100);
  g_assert_cmpint (noodles->net, ==, 900);
  /* negative prices are refused and change nothing */
  g_assert_false (mpos_cart_override_price (cart, noodles->line_no, -1, "9001", &error));
  g_assert_error (error, MPOS_CART_ERROR, MPOS_CART_ERROR_INVALID);
  g_assert_cmpint (noodles->override_unit_price, ==, 500);
  test_assert_cart_adds_up (cart);
}

/* ---- time discounts -------------------------------------------------------------- */

static void
test_pricing_time_discount_percent_half_up (void)
{
  g_autoptr (TestStore) ts = test_store_new ();
  g_autoptr (MposCart) cart = NULL;
  MposCartLine *coke, *odd, *tobacco;

  test_add_sku (ts->store, "100095", "可口可乐", "饮料/碳酸饮料", 350);
  test_add_sku (ts->store, "100096", "雪碧", "饮料/碳酸饮料", 355);
  test_add_sku (ts->store, "100193", "中华香烟", "烟酒/香烟", 4500);
  test_add_promotion (ts->store, "\"code\":\"FLASH-DRINK\",\"name\":\"饮料九折\","
                                 "\"type\":\"time_discount\",\"percent_off\":\"10%\","
                                 "\"scope\":{\"categories\":[\"饮料\"]}," WINDOW);
  cart = test_cart_new_at (ts->store, test_pinned_now ());
  coke = test_cart_add_sku (cart, "100095", 2);
  odd = test_cart_add_sku (cart, "100096", 3);
  tobacco = test_cart_add_sku (cart, "100193", 1);
  /* 10% of 7.00 = 0.70 */
  test_assert_adjustment (coke, 0, MPOS_ADJUST_PROMOTION, "FLASH-DRINK", -70);
  g_assert_cmpstr (test_adjustment (coke, 0)->label, ==, "饮料九折");
  g_assert_cmpint (coke->net, ==, 630);
  /* 10% of 10.65 = 106.5 fen → 107 */
  test_assert_adjustment (odd, 0, MPOS_ADJUST_PROMOTION, "FLASH-DRINK", -107);
  g_assert_cmpint (odd->net, ==, 958);
  /* out of scope */
  g_assert_cmpuint (tobacco->adjustments->len, ==, 0);
  g_assert_cmpint (mpos_cart_total (cart), ==, 630 + 958 + 4500);
  test_assert_cart_adds_up (cart);
}

static void
test_pricing_time_discount_special_price (void)
{
  g_autoptr (TestStore) ts = test_store_new ();
  g_autoptr (MposCart) cart = NULL;
  MposCartLine *noodles, *apples, *dearer;

  test_add_sku (ts->store, "100001", "牛肉面", "食品/方便面", 450);
  test_add_sku (ts->store, "100002", "酸菜面", "食品/方便面", 450);
  test_add_sku_full (ts->store, &apple_sku);
  test_add_promotion (ts->store, "\"code\":\"FLASH-NOODLE\",\"name\":\"方便面特价\","
                                 "\"type\":\"time_discount\",\"price\":\"3.90\","
                                 "\"scope\":{\"skus\":[\"100001\"]}," WINDOW);
  test_add_promotion (ts->store,
                      "\"code\":\"APPLE\",\"name\":\"苹果特价\",\"type\":\"time_discount\","
                      "\"price\":\"9.90\",\"scope\":{\"skus\":[\"100237\"]}," WINDOW);
  test_add_promotion (ts->store, "\"code\":\"DEARER\",\"name\":\"高于原价的特价\","
                                 "\"type\":\"time_discount\",\"price\":\"5.00\","
                                 "\"scope\":{\"skus\":[\"100002\"]}," WINDOW);
  cart = test_cart_new_at (ts->store, test_pinned_now ());
  noodles = test_cart_add_sku (cart, "100001", 2);
  apples = test_cart_add_sku (cart, "100237", 1250);
  dearer = test_cart_add_sku (cart, "100002", 1);
  /* 3.90 × 2 = 7.80 against 9.00: −1.20 */
  test_assert_adjustment (noodles, 0, MPOS_ADJUST_PROMOTION, "FLASH-NOODLE", -120);
  g_assert_cmpint (noodles->net, ==, 780);
  /* per kg: 9.90 × 1.25 kg = 1237.5 → 12.38 against 16.00: −3.62 */
  test_assert_adjustment (apples, 0, MPOS_ADJUST_PROMOTION, "APPLE", -362);
  g_assert_cmpint (apples->net, ==, 1238);
  /* a "special" above the price paid never raises it */
  g_assert_cmpuint (dearer->adjustments->len, ==, 0);
  g_assert_cmpint (dearer->net, ==, 450);
  test_assert_cart_adds_up (cart);
}

static void
test_pricing_time_discount_only_inside_its_window (void)
{
  g_autoptr (TestStore) ts = test_store_new ();
  int64_t starts = 0, ends = 0;
  struct
  {
    int64_t offset_from_start;
    MposMoney net;
  } cases[4];

  test_add_sku (ts->store, "100095", "可口可乐", "饮料/碳酸饮料", 350);
  test_add_promotion (ts->store,
                      "\"code\":\"HOUR\",\"name\":\"两小时八折\",\"type\":\"time_discount\","
                      "\"percent_off\":\"20%\",\"scope\":{\"all\":true},"
                      "\"starts\":\"2026-11-23T10:00:00+08:00\","
                      "\"ends\":\"2026-11-23T12:00:00+08:00\"");
  g_assert_true (mpos_clock_parse_iso8601 ("2026-11-23T10:00:00+08:00", &starts));
  g_assert_true (mpos_clock_parse_iso8601 ("2026-11-23T12:00:00+08:00", &ends));
  /* one second before: list; at the start (inclusive) and one second before
   * the end: 20% of 3.50 = 0.70 off; at the end (exclusive): list again */
  cases[0].offset_from_start = -1, cases[0].net = 350;
  cases[1].offset_from_start = 0, cases[1].net = 280;
  cases[2].offset_from_start = ends - starts - 1, cases[2].net = 280;
  cases[3].offset_from_start = ends - starts, cases[3].net = 350;
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (MposCart) cart = test_cart_new_at (ts->store, starts + cases[i].offset_from_start);
      MposCartLine *line = test_cart_add_sku (cart, "100095", 1);

      g_assert_cmpint (line->net, ==, cases[i].net);
      g_assert_cmpuint (line->adjustments->len, ==, cases[i].net == 350 ? 0 : 1);
    }
}

static void
test_pricing_expired_demo_promotion_is_ignored (void)
{
  g_autoptr (TestStore) ts = test_store_new_demo ();
  g_autoptr (MposCart) cart = test_cart_new_at (ts->store, test_pinned_now ());
  g_autoptr (GError) error = NULL;
  MposCartLine *line = mpos_cart_add_code (cart, "2000101012504", 0, &error);

  /* D12-FRUIT (20% off fruit) ended 2025-12-13: the apples stay 16.00 */
  g_assert_no_error (error);
  g_assert_cmpint (line->gross, ==, 1600);
  g_assert_cmpuint (line->adjustments->len, ==, 0);
  g_assert_cmpint (line->net, ==, 1600);
}

/* ---- thresholds ------------------------------------------------------------------ */

static void
test_pricing_threshold_highest_tier_reached (void)
{
  g_autoptr (TestStore) ts = test_store_new ();
  g_autoptr (MposCart) cart = NULL;
  g_autoptr (GError) error = NULL;
  MposCartLine *line;
  static const struct
  {
    int64_t qty; /* of a 1.00 item */
    MposMoney off;
  } cases[] = {
    { 99, 0 },      /* 99.00: below the first tier */
    { 100, 1000 },  /* 100.00: first tier, 10.00 */
    { 199, 1000 },  /* 199.00: still the first tier */
    { 200, 2500 },  /* 200.00: second tier, 25.00 */
    { 450, 2500 },  /* 450.00: tiers do not repeat or add up */
  };

  test_add_sku (ts->store, "100001", "一元商品", "食品/杂货", 100);
  test_add_promotion (ts->store, "\"code\":\"MJ-TIERS\",\"name\":\"满100减10 满200减25\","
                                 "\"type\":\"threshold\",\"tiers\":[{\"threshold\":\"100.00\","
                                 "\"off\":\"10.00\"},{\"threshold\":\"200.00\",\"off\":\"25.00\"}],"
                                 "\"scope\":{\"categories\":[\"食品\"]}," WINDOW);
  cart = test_cart_new_at (ts->store, test_pinned_now ());
  line = test_cart_add_sku (cart, "100001", 1);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_assert_true (mpos_cart_set_qty (cart, line->line_no, cases[i].qty, &error));
      g_assert_no_error (error);
      g_assert_cmpint (line->gross, ==, cases[i].qty * 100);
      g_assert_cmpint (test_sum_adjustments (line, MPOS_ADJUST_PROMOTION), ==, -cases[i].off);
      g_assert_cmpint (line->net, ==, cases[i].qty * 100 - cases[i].off);
      test_assert_cart_adds_up (cart);
    }
}

static void
test_pricing_threshold_tier_allocated_largest_remainder (void)
{
  g_autoptr (TestStore) ts = test_store_new ();
  g_autoptr (MposCart) cart = NULL;
  MposCartLine *a, *b, *c, *tobacco;

  test_add_sku (ts->store, "100001", "甲", "食品/杂货", 3333);
  test_add_sku (ts->store, "100002", "乙", "食品/杂货", 3334);
  test_add_sku (ts->store, "100003", "丙", "食品/杂货", 333);
  test_add_sku (ts->store, "100004", "丁", "食品/杂货", 9334);
  test_add_sku (ts->store, "100193", "中华香烟", "烟酒/香烟", 4500);
  test_add_promotion (ts->store, "\"code\":\"MJ\",\"name\":\"满100减10\",\"type\":\"threshold\","
                                 "\"tiers\":[{\"threshold\":\"100.00\",\"off\":\"10.00\"}],"
                                 "\"scope\":{\"categories\":[\"食品\"]}," WINDOW);

  /* 33.33 + 33.33 + 33.34 = 100.00 → 10.00 off; exact shares 333.3, 333.3, 333.4:
   * floors 333 + 333 + 333 = 999, the last fen to the largest remainder (.4):
   * 333, 333, 334 → every line nets 30.00. The tobacco takes no part. */
  cart = test_cart_new_at (ts->store, test_pinned_now ());
  a = test_cart_add_sku (cart, "100001", 1);
  b = test_cart_add_sku (cart, "100001", 1);
  c = test_cart_add_sku (cart, "100002", 1);
  tobacco = test_cart_add_sku (cart, "100193", 1);
  test_assert_adjustment (a, 0, MPOS_ADJUST_PROMOTION, "MJ", -333);
  test_assert_adjustment (b, 0, MPOS_ADJUST_PROMOTION, "MJ", -333);
  test_assert_adjustment (c, 0, MPOS_ADJUST_PROMOTION, "MJ", -334);
  g_assert_cmpint (a->net, ==, 3000);
  g_assert_cmpint (b->net, ==, 3000);
  g_assert_cmpint (c->net, ==, 3000);
  g_assert_cmpuint (tobacco->adjustments->len, ==, 0);
  g_assert_cmpint (mpos_cart_total (cart), ==, 10000 + 4500 - 1000);
  test_assert_cart_adds_up (cart);
  g_clear_pointer (&cart, mpos_cart_free);

  /* 3.33 + 3.33 + 93.34 = 100.00: exact shares 33.3, 33.3, 933.4 → 33 + 33 + 933 = 999,
   * the last fen to .4 → 33, 33, 934; nets 3.00, 3.00, 84.00 */
  cart = test_cart_new_at (ts->store, test_pinned_now ());
  a = test_cart_add_sku (cart, "100003", 1);
  b = test_cart_add_sku (cart, "100003", 1);
  c = test_cart_add_sku (cart, "100004", 1);
  test_assert_adjustment (a, 0, MPOS_ADJUST_PROMOTION, "MJ", -33);
  test_assert_adjustment (b, 0, MPOS_ADJUST_PROMOTION, "MJ", -33);
  test_assert_adjustment (c, 0, MPOS_ADJUST_PROMOTION, "MJ", -934);
  g_assert_cmpint (mpos_cart_total (cart), ==, 300 + 300 + 8400);
  test_assert_cart_adds_up (cart);
}

static void
test_pricing_threshold_every_step_with_cap (void)
{
  g_autoptr (TestStore) ts = test_store_new ();
  g_autoptr (MposCart) cart = NULL;
  g_autoptr (GError) error = NULL;
  MposCartLine *fen, *big;

  test_add_sku (ts->store, "100001", "一分商品", "日化/洗涤用品", 1);
  test_add_sku (ts->store, "100002", "洗衣液", "日化/洗涤用品", 5000);
  test_add_promotion (ts->store, "\"code\":\"EVERY-50\",\"name\":\"每满50减5 封顶20\","
                                 "\"type\":\"threshold\",\"every\":{\"threshold\":\"50.00\","
                                 "\"off\":\"5.00\"},\"cap\":\"20.00\","
                                 "\"scope\":{\"categories\":[\"日化/洗涤用品\"]}," WINDOW);
  cart = test_cart_new_at (ts->store, test_pinned_now ());
  /* 49.99: no full step */
  fen = test_cart_add_sku (cart, "100001", 4999);
  g_assert_cmpuint (fen->adjustments->len, ==, 0);
  /* 50.00: one step, 5.00 */
  g_assert_true (mpos_cart_set_qty (cart, fen->line_no, 5000, &error));
  g_assert_cmpint (fen->net, ==, 4500);
  /* 99.99: still one step */
  g_assert_true (mpos_cart_set_qty (cart, fen->line_no, 9999, &error));
  g_assert_cmpint (fen->net, ==, 9499);
  /* 49.99 + 100.00 = 149.99: two steps, 10.00, shared 4999 : 10000:
   * 333.29 → 333 and 666.71 → 666, the last fen to .71 → 333, 667 */
  g_assert_true (mpos_cart_set_qty (cart, fen->line_no, 4999, &error));
  big = test_cart_add_sku (cart, "100002", 2);
  test_assert_adjustment (fen, 0, MPOS_ADJUST_PROMOTION, "EVERY-50", -333);
  test_assert_adjustment (big, 0, MPOS_ADJUST_PROMOTION, "EVERY-50", -667);
  g_assert_cmpint (mpos_cart_total (cart), ==, 14999 - 1000);
  test_assert_cart_adds_up (cart);
  /* 49.99 + 250.00 = 299.99: five steps (25.00), capped at 20.00;
   * shares 20.00 × 4999/29999 = 333.28 → 333, × 25000/29999 = 1666.72 → 1666, +1 → 1667 */
  g_assert_true (mpos_cart_set_qty (cart, big->line_no, 5, &error));
  g_assert_no_error (error);
  test_assert_adjustment (fen, 0, MPOS_ADJUST_PROMOTION, "EVERY-50", -333);
  test_assert_adjustment (big, 0, MPOS_ADJUST_PROMOTION, "EVERY-50", -1667);
  g_assert_cmpint (mpos_cart_total (cart), ==, 29999 - 2000);
  test_assert_cart_adds_up (cart);
}

/* ---- buy X get Y ------------------------------------------------------------------- */

static void
test_pricing_buy_two_get_one_cheapest_units_free_across_lines (void)
{
  g_autoptr (TestStore) ts = test_store_new ();
  g_autoptr (GError) error = NULL;
  MposCartLine *big, *small;

  test_add_sku (ts->store, "100211", "青岛啤酒 500ml", "烟酒/啤酒", 600);
  test_add_sku (ts->store, "100212", "青岛啤酒 330ml", "烟酒/啤酒", 450);
  test_add_sku (ts->store, "100213", "精酿啤酒", "烟酒/啤酒", 333);
  test_add_promotion (ts->store, "\"code\":\"B2G1\",\"name\":\"啤酒买二送一\","
                                 "\"type\":\"buy_x_get_y\",\"buy\":2,\"get\":1,"
                                 "\"scope\":{\"categories\":[\"烟酒/啤酒\"]}," WINDOW);
  {
    /* 2 × 6.00 + 1 × 4.50: 3 units, 1 free, the cheapest: the 4.50 can */
    g_autoptr (MposCart) cart = test_cart_new_at (ts->store, test_pinned_now ());
    big = test_cart_add_sku (cart, "100211", 2);
    small = test_cart_add_sku (cart, "100212", 1);
    g_assert_cmpuint (big->adjustments->len, ==, 0);
    test_assert_adjustment (small, 0, MPOS_ADJUST_PROMOTION, "B2G1", -450);
    g_assert_cmpint (mpos_cart_total (cart), ==, 1200);
    test_assert_cart_adds_up (cart);
  }
  {
    /* 2 units only: nothing free */
    g_autoptr (MposCart) cart = test_cart_new_at (ts->store, test_pinned_now ());
    big = test_cart_add_sku (cart, "100211", 2);
    g_assert_cmpuint (big->adjustments->len, ==, 0);
    /* a third unit on the same line: 1 of 3 free, 18.00 × 1/3 = 6.00 */
    g_assert_true (mpos_cart_set_qty (cart, big->line_no, 3, &error));
    test_assert_adjustment (big, 0, MPOS_ADJUST_PROMOTION, "B2G1", -600);
    g_assert_cmpint (big->net, ==, 1200);
    test_assert_cart_adds_up (cart);
  }
  {
    /* 4 × 6.00 + 2 × 4.50: 6 units, 2 free: both 4.50 cans */
    g_autoptr (MposCart) cart = test_cart_new_at (ts->store, test_pinned_now ());
    big = test_cart_add_sku (cart, "100211", 4);
    small = test_cart_add_sku (cart, "100212", 2);
    g_assert_cmpuint (big->adjustments->len, ==, 0);
    test_assert_adjustment (small, 0, MPOS_ADJUST_PROMOTION, "B2G1", -900);
    g_assert_cmpint (small->net, ==, 0);
    g_assert_cmpint (mpos_cart_total (cart), ==, 2400);
    test_assert_cart_adds_up (cart);
  }
  {
    /* 5 × 6.00 + 1 × 4.50: 6 units, 2 free: the 4.50 can, then one 6.00 bottle
     * (30.00 × 1/5 = 6.00) */
    g_autoptr (MposCart) cart = test_cart_new_at (ts->store, test_pinned_now ());
    big = test_cart_add_sku (cart, "100211", 5);
    small = test_cart_add_sku (cart, "100212", 1);
    test_assert_adjustment (small, 0, MPOS_ADJUST_PROMOTION, "B2G1", -450);
    test_assert_adjustment (big, 0, MPOS_ADJUST_PROMOTION, "B2G1", -600);
    g_assert_cmpint (mpos_cart_total (cart), ==, 2400);
    test_assert_cart_adds_up (cart);
  }
  {
    /* 1 × 6.00 + 2 × 3.33: 1 free, one 3.33 unit: 6.66 × 1/2 = 3.33 */
    g_autoptr (MposCart) cart = test_cart_new_at (ts->store, test_pinned_now ());
    big = test_cart_add_sku (cart, "100211", 1);
    small = test_cart_add_sku (cart, "100213", 2);
    g_assert_cmpuint (big->adjustments->len, ==, 0);
    test_assert_adjustment (small, 0, MPOS_ADJUST_PROMOTION, "B2G1", -333);
    g_assert_cmpint (mpos_cart_total (cart), ==, 600 + 333);
    test_assert_cart_adds_up (cart);
  }
}

/* ---- exclusivity and priority ------------------------------------------------------ */

static void
test_pricing_exclusive_promotion_keeps_line_to_itself (void)
{
  g_autoptr (TestStore) ts = test_store_new ();
  MposCartLine *x, *y;

  test_add_sku (ts->store, "100001", "甲", "食品/杂货", 10000);
  test_add_sku (ts->store, "100002", "乙", "食品/杂货", 5000);
  test_add_promotion (ts->store, "\"code\":\"MJ\",\"name\":\"满100减10\",\"type\":\"threshold\","
                                 "\"tiers\":[{\"threshold\":\"100.00\",\"off\":\"10.00\"}],"
                                 "\"scope\":{\"all\":true},\"priority\":10," WINDOW);
  test_add_promotion (ts->store,
                      "\"code\":\"EXCL\",\"name\":\"独享九折\",\"type\":\"time_discount\","
                      "\"percent_off\":\"10%\",\"scope\":{\"skus\":[\"100001\"]},"
                      "\"priority\":30,\"exclusive\":true," WINDOW);
  {
    /* EXCL first: 100.00 → 90.00, and the line is its own. The threshold
     * sees only 50.00 and gives nothing. */
    g_autoptr (MposCart) cart = test_cart_new_at (ts->store, test_pinned_now ());
    x = test_cart_add_sku (cart, "100001", 1);
    y = test_cart_add_sku (cart, "100002", 1);
    g_assert_cmpuint (x->adjustments->len, ==, 1);
    test_assert_adjustment (x, 0, MPOS_ADJUST_PROMOTION, "EXCL", -1000);
    g_assert_cmpuint (y->adjustments->len, ==, 0);
    g_assert_cmpint (mpos_cart_total (cart), ==, 9000 + 5000);
    test_assert_cart_adds_up (cart);
  }
  /* The same discount, not exclusive: the threshold sees 90.00 + 50.00 = 140.00
   * and takes 10.00: 1000 × 9000/14000 = 642.86 → 643, × 5000/14000 = 357.14 → 357 */
  test_add_promotion (ts->store, "\"code\":\"EXCL\",\"name\":\"九折\",\"type\":\"time_discount\","
                                 "\"percent_off\":\"10%\",\"scope\":{\"skus\":[\"100001\"]},"
                                 "\"priority\":30,\"exclusive\":false," WINDOW);
  {
    g_autoptr (MposCart) cart = test_cart_new_at (ts->store, test_pinned_now ());
    x = test_cart_add_sku (cart, "100001", 1);
    y = test_cart_add_sku (cart, "100002", 1);
    g_assert_cmpuint (x->adjustments->len, ==, 2);
    test_assert_adjustment (x, 0, MPOS_ADJUST_PROMOTION, "EXCL", -1000);
    test_assert_adjustment (x, 1, MPOS_ADJUST_PROMOTION, "MJ", -643);
    test_assert_adjustment (y, 0, MPOS_ADJUST_PROMOTION, "MJ", -357);
    g_assert_cmpint (mpos_cart_total (cart), ==, 14000 - 1000);
    test_assert_cart_adds_up (cart);
  }
}

static void
test_pricing_priority_decides_which_promotion_comes_first (void)
{
  g_autoptr (TestStore) ts = test_store_new ();
  MposCartLine *x;

  test_add_sku (ts->store, "100001", "甲", "食品/杂货", 10000);
  /* 10% off (not exclusive) at priority 30; an exclusive special price 80.00 at 10 */
  test_add_promotion (ts->store, "\"code\":\"PCT\",\"name\":\"九折\",\"type\":\"time_discount\","
                                 "\"percent_off\":\"10%\",\"scope\":{\"all\":true},"
                                 "\"priority\":30," WINDOW);
  test_add_promotion (ts->store, "\"code\":\"SPECIAL\",\"name\":\"独享特价\","
                                 "\"type\":\"time_discount\",\"price\":\"80.00\","
                                 "\"scope\":{\"skus\":[\"100001\"]},\"priority\":10,"
                                 "\"exclusive\":true," WINDOW);
  {
    /* PCT first: 90.00; the exclusive one cannot join a line already promoted */
    g_autoptr (MposCart) cart = test_cart_new_at (ts->store, test_pinned_now ());
    x = test_cart_add_sku (cart, "100001", 1);
    g_assert_cmpuint (x->adjustments->len, ==, 1);
    test_assert_adjustment (x, 0, MPOS_ADJUST_PROMOTION, "PCT", -1000);
    g_assert_cmpint (x->net, ==, 9000);
  }
  /* PCT drops to priority 5: SPECIAL first: 80.00, and PCT may not follow */
  test_add_promotion (ts->store, "\"code\":\"PCT\",\"name\":\"九折\",\"type\":\"time_discount\","
                                 "\"percent_off\":\"10%\",\"scope\":{\"all\":true},"
                                 "\"priority\":5," WINDOW);
  {
    g_autoptr (MposCart) cart = test_cart_new_at (ts->store, test_pinned_now ());
    x = test_cart_add_sku (cart, "100001", 1);
    g_assert_cmpuint (x->adjustments->len, ==, 1);
    test_assert_adjustment (x, 0, MPOS_ADJUST_PROMOTION, "SPECIAL", -2000);
    g_assert_cmpint (x->net, ==, 8000);
  }
}

/* ---- cashier discounts ----------------------------------------------------------------- */

static void
test_pricing_line_discount_amount_and_percent_capped_at_line (void)
{
  g_autoptr (TestStore) ts = test_store_new ();
  g_autoptr (MposCart) cart = NULL;
  g_autoptr (GError) error = NULL;
  MposCartLine *line, *coke;

  test_add_sku (ts->store, "100001", "牛肉面", "食品/方便面", 450);
  test_add_sku (ts->store, "100095", "可口可乐", "饮料/碳酸饮料", 350);
  test_add_promotion (ts->store, "\"code\":\"FLASH-DRINK\",\"name\":\"饮料九折\","
                                 "\"type\":\"time_discount\",\"percent_off\":\"10%\","
                                 "\"scope\":{\"categories\":[\"饮料\"]}," WINDOW);
  cart = test_cart_new_at (ts->store, test_pinned_now ());
  line = test_cart_add_sku (cart, "100001", 2);
  /* 2.00 off 9.00 */
  g_assert_true (mpos_cart_set_line_discount (cart, line->line_no, MPOS_DISCOUNT_AMOUNT, 200,
                                              "9001", &error));
  test_assert_adjustment (line, 0, MPOS_ADJUST_LINE_DISCOUNT, "9001", -200);
  g_assert_cmpint (line->net, ==, 700);
  /* 20.00 off 9.00: capped at the line, never below zero */
  g_assert_true (mpos_cart_set_line_discount (cart, line->line_no, MPOS_DISCOUNT_AMOUNT, 2000,
                                              "9001", &error));
  test_assert_adjustment (line, 0, MPOS_ADJUST_LINE_DISCOUNT, "9001", -900);
  g_assert_cmpint (line->net, ==, 0);
  /* 15% of 9.00 = 1.35 */
  g_assert_true (mpos_cart_set_line_discount (cart, line->line_no, MPOS_DISCOUNT_PERCENT, 1500,
                                              NULL, &error));
  test_assert_adjustment (line, 0, MPOS_ADJUST_LINE_DISCOUNT, NULL, -135);
  g_assert_cmpint (line->net, ==, 765);
  /* 33.33% of 9.00 = 299.97 → 300 */
  g_assert_true (mpos_cart_set_line_discount (cart, line->line_no, MPOS_DISCOUNT_PERCENT, 3333,
                                              NULL, &error));
  test_assert_adjustment (line, 0, MPOS_ADJUST_LINE_DISCOUNT, NULL, -300);
  /* 100%: free */
  g_assert_true (mpos_cart_set_line_discount (cart, line->line_no, MPOS_DISCOUNT_PERCENT, 10000,
                                              NULL, &error));
  g_assert_cmpint (line->net, ==, 0);
  /* back to none */
  g_assert_true (mpos_cart_set_line_discount (cart, line->line_no, MPOS_DISCOUNT_NONE, 0, NULL,
                                              &error));
  g_assert_cmpuint (line->adjustments->len, ==, 0);
  g_assert_cmpint (line->net, ==, 900);
  /* after a promotion, on what the line costs then: 7.00 − 0.70 = 6.30, 10% = 0.63 */
  coke = test_cart_add_sku (cart, "100095", 2);
  g_assert_true (mpos_cart_set_line_discount (cart, coke->line_no, MPOS_DISCOUNT_PERCENT, 1000,
                                              "9001", &error));
  g_assert_no_error (error);
  test_assert_adjustment (coke, 0, MPOS_ADJUST_PROMOTION, "FLASH-DRINK", -70);
  test_assert_adjustment (coke, 1, MPOS_ADJUST_LINE_DISCOUNT, "9001", -63);
  g_assert_cmpint (coke->net, ==, 567);
  test_assert_cart_adds_up (cart);
}

static void
test_pricing_order_discount_allocated_exactly (void)
{
  g_autoptr (TestStore) ts = test_store_new ();
  g_autoptr (GError) error = NULL;
  MposCartLine *a, *b, *c;

  test_add_sku (ts->store, "100001", "甲", "食品/杂货", 333);
  test_add_sku (ts->store, "100002", "乙", "食品/杂货", 1334);
  {
    /* 1.00 off 3 × 3.33 = 9.99: 33.33 each → 33 + 33 + 33 = 99, the last fen
     * to the lowest line (equal remainders) → 34, 33, 33; nets sum to 8.99 */
    g_autoptr (MposCart) cart = test_cart_new_at (ts->store, test_pinned_now ());
    a = test_cart_add_sku (cart, "100001", 1);
    b = test_cart_add_sku (cart, "100001", 1);
    c = test_cart_add_sku (cart, "100001", 1);
    g_assert_true (mpos_cart_set_order_discount (cart, MPOS_DISCOUNT_AMOUNT, 100, "9002", &error));
    test_assert_adjustment (a, 0, MPOS_ADJUST_ORDER_DISCOUNT, "9002", -34);
    test_assert_adjustment (b, 0, MPOS_ADJUST_ORDER_DISCOUNT, "9002", -33);
    test_assert_adjustment (c, 0, MPOS_ADJUST_ORDER_DISCOUNT, "9002", -33);
    g_assert_cmpint (mpos_cart_total (cart), ==, 999 - 100);
    test_assert_cart_adds_up (cart);
    /* 10% of 9.99 = 99.9 → 1.00: the same split */
    g_assert_true (mpos_cart_set_order_discount (cart, MPOS_DISCOUNT_PERCENT, 1000, NULL, &error));
    g_assert_cmpint (a->net + b->net + c->net, ==, 899);
    g_assert_cmpint (a->net, ==, 299);
    /* 10.00 off 9.99: capped at the sale, every line free */
    g_assert_true (mpos_cart_set_order_discount (cart, MPOS_DISCOUNT_AMOUNT, 1000, NULL, &error));
    g_assert_cmpint (test_sum_adjustments (a, MPOS_ADJUST_ORDER_DISCOUNT), ==, -333);
    g_assert_cmpint (mpos_cart_total (cart), ==, 0);
    test_assert_cart_adds_up (cart);
  }
  {
    /* 10.00 off 3.33 + 3.33 + 13.34 = 20.00: exact shares 166.5, 166.5, 667:
     * 166 + 166 + 667 = 999, the last fen to the lower of the equal .5
     * remainders → 167, 166, 667; nets 1.66 + 1.67 + 6.67 = 10.00 */
    g_autoptr (MposCart) cart = test_cart_new_at (ts->store, test_pinned_now ());
    a = test_cart_add_sku (cart, "100001", 1);
    b = test_cart_add_sku (cart, "100001", 1);
    c = test_cart_add_sku (cart, "100002", 1);
    g_assert_true (mpos_cart_set_order_discount (cart, MPOS_DISCOUNT_AMOUNT, 1000, "9002", &error));
    g_assert_no_error (error);
    test_assert_adjustment (a, 0, MPOS_ADJUST_ORDER_DISCOUNT, "9002", -167);
    test_assert_adjustment (b, 0, MPOS_ADJUST_ORDER_DISCOUNT, "9002", -166);
    test_assert_adjustment (c, 0, MPOS_ADJUST_ORDER_DISCOUNT, "9002", -667);
    g_assert_cmpint (a->net, ==, 166);
    g_assert_cmpint (b->net, ==, 167);
    g_assert_cmpint (c->net, ==, 667);
    g_assert_cmpint (mpos_cart_total (cart), ==, 2000 - 1000);
    test_assert_cart_adds_up (cart);
  }
}

static void
test_pricing_order_discount_after_line_discounts (void)
{
  g_autoptr (TestStore) ts = test_store_new ();
  g_autoptr (MposCart) cart = NULL;
  g_autoptr (GError) error = NULL;
  MposCartLine *a, *b;

  test_add_sku (ts->store, "100001", "甲", "食品/杂货", 1000);
  test_add_sku (ts->store, "100002", "乙", "食品/杂货", 2000);
  cart = test_cart_new_at (ts->store, test_pinned_now ());
  a = test_cart_add_sku (cart, "100001", 1);
  b = test_cart_add_sku (cart, "100002", 1);
  /* a line free by the cashier takes no part of the order discount:
   * 10.00 − 10.00 = 0; 3.00 off 20.00 all goes to b */
  g_assert_true (mpos_cart_set_line_discount (cart, a->line_no, MPOS_DISCOUNT_PERCENT, 10000,
                                              "9001", &error));
  g_assert_true (mpos_cart_set_order_discount (cart, MPOS_DISCOUNT_AMOUNT, 300, "9002", &error));
  g_assert_no_error (error);
  g_assert_cmpint (test_sum_adjustments (a, MPOS_ADJUST_ORDER_DISCOUNT), ==, 0);
  test_assert_adjustment (b, 0, MPOS_ADJUST_ORDER_DISCOUNT, "9002", -300);
  g_assert_cmpint (mpos_cart_total (cart), ==, 1700);
  test_assert_cart_adds_up (cart);
}

/* ---- cash rounding ------------------------------------------------------------------ */

static void
test_pricing_cash_rounding_only_when_every_tender_is_cash (void)
{
  g_autoptr (TestStore) ts = test_store_new ();
  g_autoptr (GError) error = NULL;
  MposMoney change = -1;

  test_set_store_options (ts->store, 10, NULL);
  test_add_sku (ts->store, "100001", "甲", "食品/杂货", 617);
  {
    /* 6.17 + 6.17 = 12.34, all cash: 抹零 to 12.30, the 4 fen split 2 + 2 */
    g_autoptr (MposCart) cart = test_cart_new_at (ts->store, test_pinned_now ());
    g_autoptr (MposTender) cash = mpos_tender_new (MPOS_TENDER_CASH, 2000, NULL, NULL);
    MposCartLine *a = test_cart_add_sku (cart, "100001", 1);
    MposCartLine *b = test_cart_add_sku (cart, "100001", 1);

    g_assert_cmpint (mpos_cart_total (cart), ==, 1234);
    g_assert_true (mpos_cart_add_tender (cart, cash, &error));
    g_assert_true (mpos_cart_settle (cart, &change, &error));
    g_assert_no_error (error);
    g_assert_cmpint (mpos_cart_total (cart), ==, 1230);
    g_assert_cmpint (change, ==, 770);
    test_assert_adjustment (a, 0, MPOS_ADJUST_CASH_ROUNDING, NULL, -2);
    test_assert_adjustment (b, 0, MPOS_ADJUST_CASH_ROUNDING, NULL, -2);
    g_assert_cmpstr (test_adjustment (a, 0)->label, ==, "抹零 Rounding");
    {
      g_autofree char *explain = mpos_cart_line_explain (a);
      g_assert_cmpstr (explain, ==,
                       "甲\n"
                       "  list 6.17 × 1 = 6.17\n"
                       "  抹零 Rounding [cash_rounding] -0.02\n"
                       "  = 6.15\n");
    }
    test_assert_cart_adds_up (cart);
  }
  {
    /* exactly 12.30 in cash is enough once rounded */
    g_autoptr (MposCart) cart = test_cart_new_at (ts->store, test_pinned_now ());
    g_autoptr (MposTender) cash = mpos_tender_new (MPOS_TENDER_CASH, 1230, NULL, NULL);

    test_cart_add_sku (cart, "100001", 2);
    g_assert_true (mpos_cart_add_tender (cart, cash, &error));
    g_assert_true (mpos_cart_settle (cart, &change, &error));
    g_assert_cmpint (change, ==, 0);
    g_assert_cmpint (mpos_cart_total (cart), ==, 1230);
  }
  {
    /* a card in the mix: no rounding, 12.34 is due to the fen */
    g_autoptr (MposCart) cart = test_cart_new_at (ts->store, test_pinned_now ());
    g_autoptr (MposTender) cash = mpos_tender_new (MPOS_TENDER_CASH, 1000, NULL, NULL);
    g_autoptr (MposTender) card = mpos_tender_new (MPOS_TENDER_BANK_CARD, 230, "000123", "cashier");
    MposCartLine *a = test_cart_add_sku (cart, "100001", 2);

    g_assert_true (mpos_cart_add_tender (cart, cash, &error));
    g_assert_true (mpos_cart_add_tender (cart, card, &error));
    g_assert_false (mpos_cart_settle (cart, &change, &error));
    g_assert_error (error, MPOS_CART_ERROR, MPOS_CART_ERROR_TENDER);
    g_clear_error (&error);
    g_assert_cmpint (mpos_cart_total (cart), ==, 1234);
    g_assert_cmpint (test_sum_adjustments (a, MPOS_ADJUST_CASH_ROUNDING), ==, 0);
    g_clear_pointer (&card, mpos_tender_free);
    card = mpos_tender_new (MPOS_TENDER_BANK_CARD, 4, "000124", "cashier");
    g_assert_true (mpos_cart_add_tender (cart, card, &error));
    g_assert_true (mpos_cart_settle (cart, &change, &error));
    g_assert_no_error (error);
    g_assert_cmpint (change, ==, 0);
    g_assert_cmpint (mpos_cart_total (cart), ==, 1234);
  }
  {
    /* a total already on the step is left alone */
    g_autoptr (MposCart) cart = test_cart_new_at (ts->store, test_pinned_now ());
    g_autoptr (MposTender) cash = mpos_tender_new (MPOS_TENDER_CASH, 10000, NULL, NULL);
    MposCartLine *a = test_cart_add_sku (cart, "100001", 10); /* 61.70 */

    g_assert_true (mpos_cart_add_tender (cart, cash, &error));
    g_assert_true (mpos_cart_settle (cart, &change, &error));
    g_assert_cmpuint (a->adjustments->len, ==, 0);
    g_assert_cmpint (change, ==, 10000 - 6170);
  }
}

static void
test_pricing_no_cash_rounding_when_store_does_not_round (void)
{
  g_autoptr (TestStore) ts = test_store_new ();
  g_autoptr (MposCart) cart = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (MposTender) cash = mpos_tender_new (MPOS_TENDER_CASH, 1230, NULL, NULL);
  MposMoney change = -1;

  test_add_sku (ts->store, "100001", "甲", "食品/杂货", 617);
  cart = test_cart_new_at (ts->store, test_pinned_now ());
  test_cart_add_sku (cart, "100001", 2);
  g_assert_true (mpos_cart_add_tender (cart, cash, &error));
  /* 12.30 cash against 12.34 without 抹零: 0.04 short */
  g_assert_false (mpos_cart_settle (cart, &change, &error));
  g_assert_error (error, MPOS_CART_ERROR, MPOS_CART_ERROR_TENDER);
  g_assert_nonnull (strstr (error->message, "0.04 is still due"));
  g_assert_cmpint (mpos_cart_total (cart), ==, 1234);
  g_assert_cmpint (change, ==, -1);
}

/* ---- tax ---------------------------------------------------------------------------- */

static void
test_pricing_tax_included_half_up (void)
{
  g_autoptr (TestStore) ts = test_store_new ();
  g_autoptr (MposCart) cart = NULL;
  g_autoptr (GError) error = NULL;
  MposCartLine *vat13, *vat9, *whole, *zero;
  static const TestSku skus[] = {
    { "100001", "甲", NULL, "食品/杂货", MPOS_UNIT_PIECE, 1300, 1000, 500, NULL },
    { "100002", "苹果", NULL, "生鲜/水果", MPOS_UNIT_PIECE, 900, 1600, 500, NULL },
    { "100003", "丙", NULL, "其他", MPOS_UNIT_PIECE, 10000, 101, 500, NULL },
    { "100004", "丁", NULL, "其他", MPOS_UNIT_PIECE, 0, 999, 500, NULL },
  };

  add_members (ts->store);
  test_add_skus (ts->store, skus, G_N_ELEMENTS (skus));
  cart = test_cart_new_at (ts->store, test_pinned_now ());
  vat13 = test_cart_add_sku (cart, "100001", 1);
  vat9 = test_cart_add_sku (cart, "100002", 1);
  whole = test_cart_add_sku (cart, "100003", 1);
  zero = test_cart_add_sku (cart, "100004", 1);
  /* 10.00 × 13/113 = 115.04 → 1.15 */
  g_assert_cmpint (vat13->tax, ==, 115);
  /* 16.00 × 9/109 = 132.11 → 1.32 */
  g_assert_cmpint (vat9->tax, ==, 132);
  /* 1.01 × 100/200 = 50.5 → 51: half-up on the exact half */
  g_assert_cmpint (whole->tax, ==, 51);
  g_assert_cmpint (zero->tax, ==, 0);
  g_assert_cmpint (mpos_cart_tax_total (cart), ==, 115 + 132 + 51);
  /* tax follows the net: gold 5% makes 10.00 → 9.50, 950 × 13/113 = 109.29 → 109 */
  g_assert_true (mpos_cart_set_member (cart, "8800000000017", &error));
  g_assert_no_error (error);
  g_assert_cmpint (vat13->net, ==, 950);
  g_assert_cmpint (vat13->tax, ==, 109);
  test_assert_cart_adds_up (cart);
}

/* ---- everything on one line, explained ------------------------------------------------- */

static void
test_pricing_every_step_stacks_and_is_explained (void)
{
  g_autoptr (TestStore) ts = test_store_new ();
  g_autoptr (MposCart) cart = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *explain = NULL;
  MposCartLine *line;
  static const TestSku noodles = {
    "100001", "康师傅红烧牛肉面", "110g", "食品/方便面", MPOS_UNIT_PIECE, 1300, 450, 500, NULL
  };

  add_members (ts->store);
  test_add_sku_full (ts->store, &noodles);
  test_add_promotion (ts->store,
                      "\"code\":\"FLASH\",\"name\":\"限时九折\",\"type\":\"time_discount\","
                      "\"percent_off\":\"10%\",\"scope\":{\"all\":true}," WINDOW);
  cart = test_cart_new_at (ts->store, test_pinned_now ());
  g_assert_true (mpos_cart_set_member (cart, "8800000000017", &error));
  line = test_cart_add_sku (cart, "100001", 2);
  g_assert_true (mpos_cart_set_line_discount (cart, line->line_no, MPOS_DISCOUNT_AMOUNT, 100,
                                              "9001", &error));
  g_assert_true (mpos_cart_set_order_discount (cart, MPOS_DISCOUNT_AMOUNT, 50, "9002", &error));
  g_assert_no_error (error);
  /* 9.00 gross; gold 5% = 0.45 → 8.55; 10% of 8.55 = 85.5 → 0.86 → 7.69;
   * line 1.00 → 6.69; order 0.50 → 6.19; tax 619 × 13/113 = 71.21 → 0.71 */
  g_assert_cmpuint (line->adjustments->len, ==, 4);
  test_assert_adjustment (line, 0, MPOS_ADJUST_LEVEL_DISCOUNT, "gold", -45);
  test_assert_adjustment (line, 1, MPOS_ADJUST_PROMOTION, "FLASH", -86);
  test_assert_adjustment (line, 2, MPOS_ADJUST_LINE_DISCOUNT, "9001", -100);
  test_assert_adjustment (line, 3, MPOS_ADJUST_ORDER_DISCOUNT, "9002", -50);
  g_assert_cmpint (line->net, ==, 619);
  g_assert_cmpint (line->tax, ==, 71);
  test_assert_cart_adds_up (cart);

  explain = mpos_cart_line_explain (line);
  g_assert_true (g_str_has_prefix (explain, "康师傅红烧牛肉面 110g\n"));
  g_assert_nonnull (strstr (explain, "list 4.50 × 2 = 9.00\n"));
  g_assert_nonnull (strstr (explain, "金卡会员 5% off [level_discount gold] -0.45\n"));
  g_assert_nonnull (strstr (explain, "限时九折 [promotion FLASH] -0.86\n"));
  g_assert_nonnull (strstr (explain, "单品折扣 Line discount [line_discount 9001] -1.00\n"));
  g_assert_nonnull (strstr (explain, "整单折扣 Order discount [order_discount 9002] -0.50\n"));
  g_assert_true (g_str_has_suffix (explain, "  = 6.19\n"));
  /* the steps appear in the order they were applied */
  g_assert_true (strstr (explain, "level_discount") < strstr (explain, "[promotion"));
  g_assert_true (strstr (explain, "[promotion") < strstr (explain, "line_discount"));
  g_assert_true (strstr (explain, "line_discount") < strstr (explain, "order_discount"));
}

static void
test_pricing_member_price_explained (void)
{
  g_autoptr (TestStore) ts = test_store_new ();
  g_autoptr (MposCart) cart = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *explain = NULL;
  int64_t id;

  add_members (ts->store);
  id = test_add_sku (ts->store, "100055", "金龙鱼调和油", "食品/食用油", 6990);
  test_add_price (ts->store, id, "gold", 6790, 0, 0);
  cart = test_cart_new_at (ts->store, test_pinned_now ());
  g_assert_true (mpos_cart_set_member (cart, "13800138000", &error));
  g_assert_no_error (error);
  explain = mpos_cart_line_explain (test_cart_add_sku (cart, "100055", 1));
  g_assert_cmpstr (explain, ==,
                   "金龙鱼调和油\n"
                   "  list 69.90 × 1 = 69.90\n"
                   "  会员价 Member price [member_price gold] -2.00\n"
                   "  = 67.90\n");
}

/* ---- the demo sale, priced by hand ------------------------------------------------------- */

static void
test_pricing_demo_sale_priced_by_hand (void)
{
  g_autoptr (TestStore) ts = test_store_new_demo ();
  g_autoptr (MposCart) cart = test_cart_new_demo (ts->store, test_pinned_now ());
  GPtrArray *lines;
  /* gold member (5%), now inside every running promotion:
   * 1 coke 7.00: level −0.35 → 6.65, FLASH-DRINK 10% of 6.65 = 66.5 → −0.67 → 5.98
   * 2 beer 18.00: level −0.90 → 17.10, BEER-B2G1 (prio 30) 1 of 3 free −5.70 → 11.40
   * 3 apples 16.00: level −0.80 → 15.20 (D12-FRUIT expired)
   * 4 oil 69.90: gold member price 67.90 (−2.00)
   * 5 noodles 9.00: level −0.45 → 8.55, FLASH-NOODLE 3.90 × 2 = 7.80 → −0.75
   * 6 detergent 59.90: gold member price 56.90 (−3.00), EVERY-50 (prio 10, code before
   *   MJ-TIERS) one step −5.00 → 51.90
   * 7 gum 2.50: level 12.5 → −0.13 → 2.37
   * MJ-TIERS over 4–7: 67.90 + 7.80 + 51.90 + 2.37 = 129.97 → 10.00 off:
   *   6790/12997 → 522.43, 780 → 60.01, 5190 → 399.32, 237 → 18.24: 999 + 1 to the .43:
   *   523, 60, 399, 18 → 62.67, 7.20, 47.91, 2.19 */
  static const MposMoney gross[] = { 700, 1800, 1600, 6990, 900, 5990, 250 };
  static const MposMoney net[] = { 598, 1140, 1520, 6267, 720, 4791, 219 };

  lines = mpos_cart_get_lines (cart);
  g_assert_cmpuint (lines->len, ==, 7);
  for (guint i = 0; i < lines->len; i++)
    {
      const MposCartLine *line = g_ptr_array_index (lines, i);
      g_assert_cmpint (line->gross, ==, gross[i]);
      g_assert_cmpint (line->net, ==, net[i]);
    }
  g_assert_cmpint (mpos_cart_subtotal (cart), ==, 18230);
  g_assert_cmpint (mpos_cart_total (cart), ==, 15255);
  test_assert_cart_adds_up (cart);
}

/* ---- bad input on the cart ----------------------------------------------------------- */

/* A store selling one thing, 100001 noodles at 4.50, for the tests of bad input. */
static TestStore *
noodle_store (void)
{
  TestStore *ts = test_store_new ();

  test_add_sku (ts->store, "100001", "牛肉面", "食品/方便面", 450);
  return ts;
}

static void
test_cart_bad_quantities_refused (void)
{
  g_autoptr (TestStore) ts = noodle_store ();
  g_autoptr (MposCart) cart = test_cart_new_at (ts->store, test_pinned_now ());
  g_autoptr (GError) error = NULL;
  MposCartLine *line;

  g_assert_null (mpos_cart_add_sku (cart, "100001", -1, &error));
  g_assert_error (error, MPOS_CART_ERROR, MPOS_CART_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (mpos_cart_add_sku (cart, "100001", MPOS_CART_MAX_QTY + 1, &error));
  g_assert_error (error, MPOS_CART_ERROR, MPOS_CART_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpuint (mpos_cart_get_lines (cart)->len, ==, 0);

  line = test_cart_add_sku (cart, "100001", MPOS_CART_MAX_QTY);
  g_assert_cmpint (line->gross, ==, 450 * MPOS_CART_MAX_QTY);
  g_assert_false (mpos_cart_set_qty (cart, line->line_no, 0, &error));
  g_assert_error (error, MPOS_CART_ERROR, MPOS_CART_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (mpos_cart_set_qty (cart, line->line_no, -3, &error));
  g_assert_error (error, MPOS_CART_ERROR, MPOS_CART_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (mpos_cart_set_qty (cart, line->line_no, MPOS_CART_MAX_QTY + 1, &error));
  g_assert_error (error, MPOS_CART_ERROR, MPOS_CART_ERROR_INVALID);
  g_clear_error (&error);
  /* a refused change leaves the line as it was */
  g_assert_cmpint (line->qty, ==, MPOS_CART_MAX_QTY);
  g_assert_cmpint (line->net, ==, 450 * MPOS_CART_MAX_QTY);
  g_assert_false (mpos_cart_set_qty (cart, 99, 1, &error));
  g_assert_error (error, MPOS_CART_ERROR, MPOS_CART_ERROR_NO_LINE);
}

static void
test_cart_unknown_code_refused (void)
{
  g_autoptr (TestStore) ts = noodle_store ();
  g_autoptr (MposCart) cart = test_cart_new_at (ts->store, test_pinned_now ());
  g_autoptr (GError) error = NULL;

  /* a valid EAN-13 nobody sells */
  g_assert_null (mpos_cart_add_code (cart, "6900183401066", 1, &error));
  g_assert_error (error, MPOS_CATALOG_ERROR, MPOS_CATALOG_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (mpos_cart_add_sku (cart, "999999", 1, &error));
  g_assert_error (error, MPOS_CATALOG_ERROR, MPOS_CATALOG_ERROR_NOT_FOUND);
  g_clear_error (&error);
  /* a scale label for a PLU nobody has */
  {
    g_autofree char *unknown_plu = test_with_check_digit ("200099901250");
    g_assert_null (mpos_cart_add_code (cart, unknown_plu, 0, &error));
    g_assert_error (error, MPOS_CATALOG_ERROR, MPOS_CATALOG_ERROR_NOT_FOUND);
    g_clear_error (&error);
  }
  g_assert_null (mpos_cart_add_code (cart, "hello world!", 1, &error));
  g_assert_error (error, MPOS_BARCODE_ERROR, MPOS_BARCODE_ERROR_CHARACTERS);
  g_clear_error (&error);
  g_assert_null (mpos_cart_add_code (cart, "", 1, &error));
  g_assert_error (error, MPOS_BARCODE_ERROR, MPOS_BARCODE_ERROR_EMPTY);
  g_clear_error (&error);
  g_assert_null (mpos_cart_add_search (cart, "不存在的商品", 1, &error));
  g_assert_error (error, MPOS_CATALOG_ERROR, MPOS_CATALOG_ERROR_NOT_FOUND);
  g_assert_cmpuint (mpos_cart_get_lines (cart)->len, ==, 0);
}

static void
test_cart_void_line (void)
{
  g_autoptr (TestStore) ts = noodle_store ();
  g_autoptr (MposCart) cart = test_cart_new_at (ts->store, test_pinned_now ());
  g_autoptr (GError) error = NULL;
  MposCartLine *third;

  test_cart_add_sku (cart, "100001", 1);
  test_cart_add_sku (cart, "100001", 2);
  third = test_cart_add_sku (cart, "100001", 3);
  g_assert_false (mpos_cart_void_line (cart, 4, &error));
  g_assert_error (error, MPOS_CART_ERROR, MPOS_CART_ERROR_NO_LINE);
  g_clear_error (&error);
  g_assert_false (mpos_cart_void_line (cart, 0, &error));
  g_assert_error (error, MPOS_CART_ERROR, MPOS_CART_ERROR_NO_LINE);
  g_clear_error (&error);
  g_assert_cmpuint (mpos_cart_voided_count (cart), ==, 0);
  g_assert_true (mpos_cart_void_line (cart, 2, &error));
  /* line numbers stay stable; the voided one is gone for good */
  g_assert_cmpuint (mpos_cart_voided_count (cart), ==, 1);
  g_assert_true (mpos_cart_get_line (cart, 3) == third);
  g_assert_null (mpos_cart_get_line (cart, 2));
  g_assert_false (mpos_cart_void_line (cart, 2, &error));
  g_assert_error (error, MPOS_CART_ERROR, MPOS_CART_ERROR_NO_LINE);
  g_assert_cmpint (mpos_cart_total (cart), ==, 450 * 4);
  g_assert_cmpuint (mpos_cart_voided_count (cart), ==, 1);
  /* a new line gets a new number */
  g_assert_cmpuint (test_cart_add_sku (cart, "100001", 1)->line_no, ==, 4);
}

static void
test_cart_discount_out_of_range_refused (void)
{
  g_autoptr (TestStore) ts = noodle_store ();
  g_autoptr (MposCart) cart = test_cart_new_at (ts->store, test_pinned_now ());
  g_autoptr (GError) error = NULL;
  MposCartLine *line;

  line = test_cart_add_sku (cart, "100001", 2);
  g_assert_false (mpos_cart_set_line_discount (cart, line->line_no, MPOS_DISCOUNT_PERCENT, 10001,
                                               NULL, &error));
  g_assert_error (error, MPOS_CART_ERROR, MPOS_CART_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (mpos_cart_set_line_discount (cart, line->line_no, MPOS_DISCOUNT_PERCENT, -1,
                                               NULL, &error));
  g_assert_error (error, MPOS_CART_ERROR, MPOS_CART_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (mpos_cart_set_line_discount (cart, line->line_no, MPOS_DISCOUNT_AMOUNT, -100,
                                               NULL, &error));
  g_assert_error (error, MPOS_CART_ERROR, MPOS_CART_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (mpos_cart_set_line_discount (cart, 7, MPOS_DISCOUNT_AMOUNT, 100, NULL, &error));
  g_assert_error (error, MPOS_CART_ERROR, MPOS_CART_ERROR_NO_LINE);
  g_clear_error (&error);
  g_assert_false (mpos_cart_set_order_discount (cart, MPOS_DISCOUNT_PERCENT, 10001, NULL, &error));
  g_assert_error (error, MPOS_CART_ERROR, MPOS_CART_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (mpos_cart_set_order_discount (cart, MPOS_DISCOUNT_AMOUNT, -1, NULL, &error));
  g_assert_error (error, MPOS_CART_ERROR, MPOS_CART_ERROR_INVALID);
  /* nothing changed */
  g_assert_cmpuint (line->adjustments->len, ==, 0);
  g_assert_cmpint (mpos_cart_total (cart), ==, 900);
  g_assert_cmpint (mpos_cart_get_order_discount (cart)->kind, ==, MPOS_DISCOUNT_NONE);
}

static void
test_cart_tender_short_refused (void)
{
  g_autoptr (TestStore) ts = noodle_store ();
  g_autoptr (MposCart) cart = test_cart_new_at (ts->store, test_pinned_now ());
  g_autoptr (GError) error = NULL;
  g_autoptr (MposTender) cash = mpos_tender_new (MPOS_TENDER_CASH, 800, NULL, NULL);
  g_autoptr (MposTender) zero = mpos_tender_new (MPOS_TENDER_CASH, 0, NULL, NULL);
  MposMoney change = -1;

  /* nothing to sell */
  g_assert_false (mpos_cart_settle (cart, &change, &error));
  g_assert_error (error, MPOS_CART_ERROR, MPOS_CART_ERROR_EMPTY);
  g_clear_error (&error);
  test_cart_add_sku (cart, "100001", 2);
  /* no tender at all */
  g_assert_false (mpos_cart_settle (cart, &change, &error));
  g_assert_error (error, MPOS_CART_ERROR, MPOS_CART_ERROR_TENDER);
  g_clear_error (&error);
  /* a payment of 0 is no payment */
  g_assert_false (mpos_cart_add_tender (cart, zero, &error));
  g_assert_error (error, MPOS_CART_ERROR, MPOS_CART_ERROR_TENDER);
  g_clear_error (&error);
  /* 8.00 against 9.00 */
  g_assert_true (mpos_cart_add_tender (cart, cash, &error));
  g_assert_false (mpos_cart_settle (cart, &change, &error));
  g_assert_error (error, MPOS_CART_ERROR, MPOS_CART_ERROR_TENDER);
  g_assert_nonnull (strstr (error->message, "1.00 is still due"));
  g_assert_cmpint (change, ==, -1);
  g_clear_error (&error);
  /* another 1.00 settles it exactly */
  g_clear_pointer (&cash, mpos_tender_free);
  cash = mpos_tender_new (MPOS_TENDER_CASH, 100, NULL, NULL);
  g_assert_true (mpos_cart_add_tender (cart, cash, &error));
  g_assert_true (mpos_cart_settle (cart, &change, &error));
  g_assert_no_error (error);
  g_assert_cmpint (change, ==, 0);
  g_assert_cmpint (mpos_cart_tendered (cart), ==, 900);
}

static void
test_cart_only_cash_gives_change (void)
{
  g_autoptr (TestStore) ts = noodle_store ();
  g_autoptr (GError) error = NULL;
  MposMoney change = -1;

  {
    /* a card for 10.00 against 9.00 */
    g_autoptr (MposCart) cart = test_cart_new_at (ts->store, test_pinned_now ());
    g_autoptr (MposTender) card = mpos_tender_new (MPOS_TENDER_BANK_CARD, 1000, "000123",
                                                   "cashier");
    test_cart_add_sku (cart, "100001", 2);
    g_assert_true (mpos_cart_add_tender (cart, card, &error));
    g_assert_false (mpos_cart_settle (cart, &change, &error));
    g_assert_error (error, MPOS_CART_ERROR, MPOS_CART_ERROR_TENDER);
    g_assert_cmpint (change, ==, -1);
  }
  {
    /* card 8.00 + cash 0.50: 0.50 short; card 8.00 + cash 5.00: 4.00 change, all in cash */
    g_autoptr (MposCart) cart = test_cart_new_at (ts->store, test_pinned_now ());
    g_autoptr (MposTender) card = mpos_tender_new (MPOS_TENDER_BANK_CARD, 800, "000123",
                                                   "cashier");
    g_autoptr (MposTender) cash = mpos_tender_new (MPOS_TENDER_CASH, 500, NULL, NULL);
    g_clear_error (&error);
    test_cart_add_sku (cart, "100001", 2);
    g_assert_true (mpos_cart_add_tender (cart, card, &error));
    g_assert_true (mpos_cart_add_tender (cart, cash, &error));
    g_assert_true (mpos_cart_settle (cart, &change, &error));
    g_assert_no_error (error);
    g_assert_cmpint (change, ==, 400);
  }
  {
    /* card 8.00 + cash 0.50 + card 5.00: 4.50 over, but only 0.50 is cash */
    g_autoptr (MposCart) cart = test_cart_new_at (ts->store, test_pinned_now ());
    g_autoptr (MposTender) card = mpos_tender_new (MPOS_TENDER_BANK_CARD, 800, "000123",
                                                   "cashier");
    g_autoptr (MposTender) cash = mpos_tender_new (MPOS_TENDER_CASH, 50, NULL, NULL);
    g_autoptr (MposTender) card2 = mpos_tender_new (MPOS_TENDER_BANK_CARD, 500, "000124",
                                                    "cashier");
    test_cart_add_sku (cart, "100001", 2);
    g_assert_true (mpos_cart_add_tender (cart, card, &error));
    g_assert_true (mpos_cart_add_tender (cart, cash, &error));
    g_assert_true (mpos_cart_add_tender (cart, card2, &error));
    g_assert_false (mpos_cart_settle (cart, &change, &error));
    g_assert_error (error, MPOS_CART_ERROR, MPOS_CART_ERROR_TENDER);
  }
}

static void
test_cart_mobile_codes_recognised_by_prefix (void)
{
  static const struct
  {
    const char *code;
    MposWallet wallet;
  } cases[] = {
    { "104567890123456789", MPOS_WALLET_WECHAT },    /* 18 digits, 10 */
    { "134567890123456789", MPOS_WALLET_WECHAT },    /* 18 digits, 13 */
    { "154567890123456789", MPOS_WALLET_WECHAT },    /* 18 digits, 15 */
    { "13456789012345678", MPOS_WALLET_NONE },       /* 17 digits */
    { "1345678901234567890", MPOS_WALLET_NONE },     /* 19 digits, 13 */
    { "164567890123456789", MPOS_WALLET_NONE },      /* 18 digits, 16 */
    { "094567890123456789", MPOS_WALLET_NONE },      /* 18 digits, 09 */
    { "2512345678901234", MPOS_WALLET_ALIPAY },      /* 16 digits, 25 */
    { "281234567890123456", MPOS_WALLET_ALIPAY },    /* 18 digits, 28 */
    { "301234567890123456789012", MPOS_WALLET_ALIPAY }, /* 24 digits, 30 */
    { "3012345678901234567890123", MPOS_WALLET_NONE }, /* 25 digits */
    { "251234567890123", MPOS_WALLET_NONE },         /* 15 digits */
    { "311234567890123456", MPOS_WALLET_NONE },      /* 31 */
    { "241234567890123456", MPOS_WALLET_NONE },      /* 24 */
    { "6212345678901234567", MPOS_WALLET_UNIONPAY }, /* 19 digits, 62 */
    { "621234567890123456", MPOS_WALLET_NONE },      /* 18 digits, 62 */
    { "62123456789012345678", MPOS_WALLET_NONE },    /* 20 digits, 62 */
    { "6312345678901234567", MPOS_WALLET_NONE },     /* 19 digits, 63 */
    { "13456789012345678a", MPOS_WALLET_NONE },
    { " 134567890123456789", MPOS_WALLET_NONE },
    { "", MPOS_WALLET_NONE },
    { NULL, MPOS_WALLET_NONE },
  };
  g_autoptr (GError) error = NULL;
  g_autoptr (MposTender) tender = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpint (mpos_wallet_from_code (cases[i].code), ==, cases[i].wallet);

  tender = mpos_tender_new_mobile (mpos_payment_provider_cashier_confirmed (),
                                   "134567890123456789", 2000, &error);
  g_assert_no_error (error);
  g_assert_cmpint (tender->type, ==, MPOS_TENDER_MOBILE);
  g_assert_cmpint (tender->amount, ==, 2000);
  /* never the whole code: it is a bearer token */
  g_assert_cmpstr (tender->reference, ==, "wechat-****6789");
  g_assert_cmpstr (mpos_tender_label (tender), ==, "微信支付 WeChat Pay");
  g_clear_pointer (&tender, mpos_tender_free);
  tender = mpos_tender_new_mobile (mpos_payment_provider_cashier_confirmed (),
                                   "281234567890123456", 100, &error);
  g_assert_cmpstr (tender->reference, ==, "alipay-****3456");
  g_assert_cmpstr (mpos_tender_label (tender), ==, "支付宝 Alipay");
  g_clear_pointer (&tender, mpos_tender_free);
  tender = mpos_tender_new_mobile (mpos_payment_provider_cashier_confirmed (),
                                   "6212345678901234567", 100, &error);
  g_assert_cmpstr (tender->reference, ==, "unionpay-****4567");
  g_assert_cmpstr (mpos_tender_label (tender), ==, "云闪付 UnionPay");
}

static void
test_cart_unrecognised_mobile_code_refused (void)
{
  g_autoptr (TestStore) ts = noodle_store ();
  g_autoptr (GError) error = NULL;
  g_autoptr (MposCart) cart = NULL;
  static const char doc[]
      = "{\"lines\":[{\"sku\":\"100001\"}],"
        "\"tenders\":[{\"type\":\"mobile\",\"code\":\"991234567890123456\",\"amount\":\"4.50\"}]}";

  g_assert_null (mpos_tender_new_mobile (mpos_payment_provider_cashier_confirmed (),
                                         "991234567890123456", 100, &error));
  g_assert_error (error, MPOS_TENDER_ERROR, MPOS_TENDER_ERROR_INVALID);
  g_clear_error (&error);
  /* a good code for nothing */
  g_assert_null (mpos_tender_new_mobile (mpos_payment_provider_cashier_confirmed (),
                                         "134567890123456789", 0, &error));
  g_assert_error (error, MPOS_TENDER_ERROR, MPOS_TENDER_ERROR_INVALID);
  g_clear_error (&error);

  cart = mpos_cart_from_json (ts->store, doc, strlen (doc), test_pinned_now (), &error);
  g_assert_null (cart);
  g_assert_error (error, MPOS_TENDER_ERROR, MPOS_TENDER_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, "payment 1: "));
}

/* ---- bad sale documents --------------------------------------------------------------- */

static void
assert_document_refused (MposStore *store, const char *doc, GQuark domain, int code,
                         const char *message_start)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MposCart) cart
      = mpos_cart_from_json (store, doc, strlen (doc), test_pinned_now (), &error);

  g_assert_null (cart);
  g_assert_error (error, domain, code);
  if (message_start)
    {
      if (!g_str_has_prefix (error->message, message_start))
        g_error ("“%s” does not start with “%s”", error->message, message_start);
    }
}

static void
test_cart_json_money_as_number_refused (void)
{
  g_autoptr (TestStore) ts = noodle_store ();

  assert_document_refused (ts->store,
                           "{\"lines\":[{\"sku\":\"100001\"}],"
                           "\"tenders\":[{\"type\":\"cash\",\"amount\":4.5}]}",
                           MPOS_JSON_ERROR, MPOS_JSON_ERROR_TYPE, "payment 1: ");
  assert_document_refused (ts->store,
                           "{\"lines\":[{\"sku\":\"100001\",\"price\":3,\"approved_by\":\"9001\"}]}",
                           MPOS_JSON_ERROR, MPOS_JSON_ERROR_TYPE, "line 1: ");
  assert_document_refused (ts->store,
                           "{\"lines\":[{\"sku\":\"100001\"}],\"order_discount\":5}",
                           MPOS_JSON_ERROR, MPOS_JSON_ERROR_TYPE, NULL);
  /* three decimals is no money either */
  assert_document_refused (ts->store,
                           "{\"lines\":[{\"sku\":\"100001\"}],"
                           "\"tenders\":[{\"type\":\"cash\",\"amount\":\"4.505\"}]}",
                           MPOS_JSON_ERROR, MPOS_JSON_ERROR_VALUE, "payment 1: ");
}

static void
test_cart_json_structure_refused (void)
{
  g_autoptr (TestStore) ts = noodle_store ();

  test_add_sku (ts->store, "100002", "酸菜面", "食品/方便面", 450);
  /* missing "lines", or not an array */
  assert_document_refused (ts->store, "{\"cashier\":\"1001\"}", MPOS_CART_ERROR,
                           MPOS_CART_ERROR_INVALID, NULL);
  assert_document_refused (ts->store, "{\"lines\":{\"sku\":\"100001\"}}", MPOS_CART_ERROR,
                           MPOS_CART_ERROR_INVALID, NULL);
  assert_document_refused (ts->store, "[1,2]", MPOS_JSON_ERROR, MPOS_JSON_ERROR_TYPE, NULL);
  assert_document_refused (ts->store, "{\"lines\":[", MPOS_JSON_ERROR, MPOS_JSON_ERROR_SYNTAX,
                           NULL);
  /* a line with both code and sku, or neither; errors name the line */
  assert_document_refused (ts->store,
                           "{\"lines\":[{\"sku\":\"100002\"},"
                           "{\"code\":\"100001\",\"sku\":\"100001\"}]}",
                           MPOS_CART_ERROR, MPOS_CART_ERROR_INVALID, "line 2: give exactly one");
  assert_document_refused (ts->store, "{\"lines\":[{\"qty\":2}]}", MPOS_CART_ERROR,
                           MPOS_CART_ERROR_INVALID, "line 1: ");
  assert_document_refused (ts->store, "{\"lines\":[\"100001\"]}", MPOS_CART_ERROR,
                           MPOS_CART_ERROR_INVALID, "line 1: ");
  /* quantities are whole numbers within range */
  assert_document_refused (ts->store, "{\"lines\":[{\"sku\":\"100001\",\"qty\":0}]}",
                           MPOS_JSON_ERROR, MPOS_JSON_ERROR_VALUE, "line 1: ");
  assert_document_refused (ts->store, "{\"lines\":[{\"sku\":\"100001\",\"qty\":-2}]}",
                           MPOS_JSON_ERROR, MPOS_JSON_ERROR_VALUE, "line 1: ");
  assert_document_refused (ts->store, "{\"lines\":[{\"sku\":\"100001\",\"qty\":1.5}]}",
                           MPOS_JSON_ERROR, MPOS_JSON_ERROR_TYPE, "line 1: ");
  assert_document_refused (ts->store, "{\"lines\":[{\"sku\":\"100001\",\"qty\":\"2\"}]}",
                           MPOS_JSON_ERROR, MPOS_JSON_ERROR_TYPE, "line 1: ");
  assert_document_refused (ts->store, "{\"lines\":[{\"sku\":\"100001\",\"qty\":10000}]}",
                           MPOS_CART_ERROR, MPOS_CART_ERROR_INVALID, "line 1: ");
  /* a discount over 100% */
  assert_document_refused (ts->store,
                           "{\"lines\":[{\"sku\":\"100001\",\"discount\":\"100.01%\"}]}",
                           MPOS_PERCENT_ERROR, 0, "line 1: ");
  /* unknown payment type; card without reference */
  assert_document_refused (ts->store,
                           "{\"lines\":[{\"sku\":\"100001\"}],"
                           "\"tenders\":[{\"type\":\"bitcoin\",\"amount\":\"4.50\"}]}",
                           MPOS_TENDER_ERROR, MPOS_TENDER_ERROR_INVALID, "payment 1: ");
  assert_document_refused (ts->store,
                           "{\"lines\":[{\"sku\":\"100001\"}],"
                           "\"tenders\":[{\"type\":\"bank_card\",\"amount\":\"4.50\"}]}",
                           MPOS_TENDER_ERROR, MPOS_TENDER_ERROR_INVALID, "payment 1: ");
  /* voiding a line that is then referred to by nothing is fine; the void is counted */
  {
    static const char doc[] = "{\"lines\":[{\"sku\":\"100001\"},{\"sku\":\"100002\",\"void\":true}]}";
    g_autoptr (GError) error = NULL;
    g_autoptr (MposCart) cart
        = mpos_cart_from_json (ts->store, doc, strlen (doc), test_pinned_now (), &error);
    g_assert_no_error (error);
    g_assert_cmpuint (mpos_cart_get_lines (cart)->len, ==, 1);
    g_assert_cmpuint (mpos_cart_voided_count (cart), ==, 1);
    g_assert_cmpint (mpos_cart_total (cart), ==, 450);
  }
}

static void
test_cart_json_over_long_strings_refused (void)
{
  g_autoptr (TestStore) ts = noodle_store ();
  g_autofree char *long_code = g_strnfill (65, '1');
  g_autofree char *long_name = g_strnfill (65, 'a');
  g_autofree char *long_search = g_strnfill (201, 'x');
  g_autofree char *doc = NULL;

  doc = g_strdup_printf ("{\"lines\":[{\"code\":\"%s\"}]}", long_code);
  assert_document_refused (ts->store, doc, MPOS_JSON_ERROR, MPOS_JSON_ERROR_VALUE, "line 1: ");
  g_free (doc);
  doc = g_strdup_printf ("{\"lines\":[{\"sku\":\"%s\"}]}", long_code);
  assert_document_refused (ts->store, doc, MPOS_JSON_ERROR, MPOS_JSON_ERROR_VALUE, "line 1: ");
  g_free (doc);
  doc = g_strdup_printf ("{\"lines\":[{\"search\":\"%s\"}]}", long_search);
  assert_document_refused (ts->store, doc, MPOS_JSON_ERROR, MPOS_JSON_ERROR_VALUE, "line 1: ");
  g_free (doc);
  doc = g_strdup_printf ("{\"cashier\":\"%s\",\"lines\":[{\"sku\":\"100001\"}]}", long_name);
  assert_document_refused (ts->store, doc, MPOS_JSON_ERROR, MPOS_JSON_ERROR_VALUE, NULL);
  g_free (doc);
  doc = g_strdup_printf ("{\"member\":\"%s\",\"lines\":[{\"sku\":\"100001\"}]}", long_code);
  assert_document_refused (ts->store, doc, MPOS_JSON_ERROR, MPOS_JSON_ERROR_VALUE, NULL);
  g_free (doc);
  doc = g_strdup_printf ("{\"lines\":[{\"sku\":\"100001\",\"approved_by\":\"%s\"}]}", long_name);
  assert_document_refused (ts->store, doc, MPOS_JSON_ERROR, MPOS_JSON_ERROR_VALUE, "line 1: ");
  g_free (doc);
  doc = g_strdup_printf ("{\"lines\":[{\"sku\":\"100001\"}],\"tenders\":[{\"type\":\"bank_card\","
                         "\"amount\":\"4.50\",\"reference\":\"%s\"}]}",
                         long_code);
  assert_document_refused (ts->store, doc, MPOS_JSON_ERROR, MPOS_JSON_ERROR_VALUE, "payment 1: ");
  /* exactly 64 bytes of code is allowed through to the lookup (and not found) */
  g_free (doc);
  long_code[64] = '\0';
  long_code[0] = 'A';
  doc = g_strdup_printf ("{\"lines\":[{\"code\":\"%s\"}]}", long_code);
  assert_document_refused (ts->store, doc, MPOS_BARCODE_ERROR, MPOS_BARCODE_ERROR_LENGTH,
                           "line 1: ");
}

static void
test_cart_json_ambiguous_search_refused (void)
{
  g_autoptr (TestStore) ts = test_store_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (MposCart) cart = NULL;
  static const char doc[] = "{\"lines\":[{\"search\":\"雪碧清爽\",\"qty\":2},"
                            "{\"search\":\"可口可乐\"}]}";
  static const TestSku skus[] = {
    { "100094", "可口可乐", "330ml", "饮料/碳酸饮料", MPOS_UNIT_PIECE, 1300, 250, 500, NULL },
    { "100095", "可口可乐", "500ml", "饮料/碳酸饮料", MPOS_UNIT_PIECE, 1300, 350, 500, NULL },
    { "100097", "雪碧清爽柠檬味", "500ml", "饮料/碳酸饮料", MPOS_UNIT_PIECE, 1300, 350, 500, NULL },
  };

  test_add_skus (ts->store, skus, G_N_ELEMENTS (skus));
  cart = mpos_cart_from_json (ts->store, doc, strlen (doc), test_pinned_now (), &error);
  g_assert_null (cart);
  g_assert_error (error, MPOS_CART_ERROR, MPOS_CART_ERROR_AMBIGUOUS);
  g_assert_true (g_str_has_prefix (error->message, "line 2: "));
  /* the message names the candidates */
  g_assert_nonnull (strstr (error->message, "100094"));
  g_assert_nonnull (strstr (error->message, "100095"));
  g_clear_error (&error);
  /* one match is added, by SKU */
  cart = test_cart_new_at (ts->store, test_pinned_now ());
  {
    MposCartLine *line = mpos_cart_add_search (cart, "雪碧清爽", 2, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (line->sku->sku_code, ==, "100097");
    g_assert_true (line->by_sku);
    g_assert_cmpint (line->gross, ==, 700);
  }
  g_assert_null (mpos_cart_add_search (cart, "可口可乐", 1, &error));
  g_assert_error (error, MPOS_CART_ERROR, MPOS_CART_ERROR_AMBIGUOUS);
  g_assert_cmpuint (mpos_cart_get_lines (cart)->len, ==, 1);
}

static void
test_cart_json_round_trip_keeps_the_price (void)
{
  g_autoptr (TestStore) ts = test_store_new_demo ();
  g_autoptr (GError) error = NULL;
  g_autoptr (MposCart) cart = test_cart_new_demo (ts->store, test_pinned_now ());
  g_autoptr (MposCart) again = NULL;
  g_autoptr (cJSON) json = NULL;
  g_autofree char *text = NULL;

  g_assert_true (mpos_cart_set_line_discount (cart, 1, MPOS_DISCOUNT_PERCENT, 500, "9001", &error));
  g_assert_true (mpos_cart_override_price (cart, 5, 400, "9001", &error));
  g_assert_true (mpos_cart_set_order_discount (cart, MPOS_DISCOUNT_AMOUNT, 333, "9002", &error));
  g_assert_no_error (error);
  json = mpos_cart_to_json (cart);
  text = cJSON_PrintUnformatted (json);
  again = mpos_cart_from_json (ts->store, text, strlen (text), test_pinned_now (), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (mpos_cart_get_lines (again)->len, ==, mpos_cart_get_lines (cart)->len);
  for (guint i = 0; i < mpos_cart_get_lines (cart)->len; i++)
    {
      const MposCartLine *a = g_ptr_array_index (mpos_cart_get_lines (cart), i);
      const MposCartLine *b = g_ptr_array_index (mpos_cart_get_lines (again), i);
      g_assert_cmpint (a->qty, ==, b->qty);
      g_assert_cmpint (a->gross, ==, b->gross);
      g_assert_cmpint (a->net, ==, b->net);
    }
  g_assert_cmpint (mpos_cart_total (again), ==, mpos_cart_total (cart));
  g_assert_cmpstr (mpos_cart_get_member (again)->card_no, ==, "8800000000017");
  g_assert_cmpstr (mpos_cart_get_cashier (again), ==, "1001");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  /* The demo catalog's list prices take effect when imported: import at the
   * same pinned time the carts are priced at. */
  test_pin_now (TEST_NOW_ISO);

  g_test_add_func ("/pricing/list-price-times-qty", test_pricing_list_price_times_qty);
  g_test_add_func ("/pricing/scheduled-list-price-follows-now",
                   test_pricing_scheduled_list_price_by_now);
  g_test_add_func ("/pricing/weighed-grams-times-price-per-kg-half-up",
                   test_pricing_weighed_grams_times_price_per_kg_half_up);
  g_test_add_func ("/pricing/weighed-goods-need-a-weight", test_pricing_weighed_goods_need_a_weight);
  g_test_add_func ("/pricing/scale-label-carries-weight", test_pricing_scale_label_carries_weight);
  g_test_add_func ("/pricing/scale-label-carries-price", test_pricing_scale_label_carries_price);
  g_test_add_func ("/pricing/member-price-else-level-discount",
                   test_pricing_member_price_else_level_discount);
  g_test_add_func ("/pricing/member-level-without-discount-changes-nothing",
                   test_pricing_member_level_without_discount_changes_nothing);
  g_test_add_func ("/pricing/override-takes-no-promotions-or-member-benefits",
                   test_pricing_override_takes_no_promotions_or_member_benefits);
  g_test_add_func ("/pricing/time-discount-percent-half-up",
                   test_pricing_time_discount_percent_half_up);
  g_test_add_func ("/pricing/time-discount-special-price", test_pricing_time_discount_special_price);
  g_test_add_func ("/pricing/time-discount-only-inside-its-window",
                   test_pricing_time_discount_only_inside_its_window);
  g_test_add_func ("/pricing/expired-demo-promotion-ignored",
                   test_pricing_expired_demo_promotion_is_ignored);
  g_test_add_func ("/pricing/threshold-highest-tier-reached",
                   test_pricing_threshold_highest_tier_reached);
  g_test_add_func ("/pricing/threshold-tier-allocated-largest-remainder",
                   test_pricing_threshold_tier_allocated_largest_remainder);
  g_test_add_func ("/pricing/threshold-every-step-with-cap", test_pricing_threshold_every_step_with_cap);
  g_test_add_func ("/pricing/buy-two-get-one-cheapest-units-free-across-lines",
                   test_pricing_buy_two_get_one_cheapest_units_free_across_lines);
  g_test_add_func ("/pricing/exclusive-promotion-keeps-line-to-itself",
                   test_pricing_exclusive_promotion_keeps_line_to_itself);
  g_test_add_func ("/pricing/priority-decides-which-promotion-comes-first",
                   test_pricing_priority_decides_which_promotion_comes_first);
  g_test_add_func ("/pricing/line-discount-amount-and-percent-capped-at-line",
                   test_pricing_line_discount_amount_and_percent_capped_at_line);
  g_test_add_func ("/pricing/order-discount-allocated-exactly",
                   test_pricing_order_discount_allocated_exactly);
  g_test_add_func ("/pricing/order-discount-after-line-discounts",
                   test_pricing_order_discount_after_line_discounts);
  g_test_add_func ("/pricing/cash-rounding-only-when-every-tender-is-cash",
                   test_pricing_cash_rounding_only_when_every_tender_is_cash);
  g_test_add_func ("/pricing/no-cash-rounding-when-store-does-not-round",
                   test_pricing_no_cash_rounding_when_store_does_not_round);
  g_test_add_func ("/pricing/tax-included-half-up", test_pricing_tax_included_half_up);
  g_test_add_func ("/pricing/every-step-stacks-and-is-explained",
                   test_pricing_every_step_stacks_and_is_explained);
  g_test_add_func ("/pricing/member-price-explained", test_pricing_member_price_explained);
  g_test_add_func ("/pricing/demo-sale-priced-by-hand", test_pricing_demo_sale_priced_by_hand);
  g_test_add_func ("/cart/bad-quantities-refused", test_cart_bad_quantities_refused);
  g_test_add_func ("/cart/unknown-code-refused", test_cart_unknown_code_refused);
  g_test_add_func ("/cart/void-line", test_cart_void_line);
  g_test_add_func ("/cart/discount-out-of-range-refused", test_cart_discount_out_of_range_refused);
  g_test_add_func ("/cart/tender-short-refused", test_cart_tender_short_refused);
  g_test_add_func ("/cart/only-cash-gives-change", test_cart_only_cash_gives_change);
  g_test_add_func ("/cart/mobile-codes-recognised-by-prefix",
                   test_cart_mobile_codes_recognised_by_prefix);
  g_test_add_func ("/cart/unrecognised-mobile-code-refused",
                   test_cart_unrecognised_mobile_code_refused);
  g_test_add_func ("/cart-json/money-as-number-refused", test_cart_json_money_as_number_refused);
  g_test_add_func ("/cart-json/structure-refused", test_cart_json_structure_refused);
  g_test_add_func ("/cart-json/over-long-strings-refused", test_cart_json_over_long_strings_refused);
  g_test_add_func ("/cart-json/ambiguous-search-refused", test_cart_json_ambiguous_search_refused);
  g_test_add_func ("/cart-json/round-trip-keeps-the-price", test_cart_json_round_trip_keeps_the_price);

  return g_test_run ();
}
