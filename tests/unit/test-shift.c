/* test-shift.c — tests for the shift on the drawer (src/shift.c,
 * src/shift-cash.c, src/shift-close.c): opening with a float, paid-in/out
 * and drops, the expectation fed by sales and returns, no sale without an
 * open shift, closing with a count, the manager's acceptance past the
 * store's limit, typed counts, and a property test: random movements and
 * sales, the expectation always equals the float plus their sum. Every test
 * store has a shift of float 0 open (test-util.c); tests that need another
 * close it first. */
#include <glib.h>
#include <string.h>

#include "json-fields.h"
#include "sale.h"
#include "shift.h"
#include "staff-policy.h"
#include "test-util.h"

/* noodles 4.50, apples 12.80/kg */
static void
add_catalog (MposStore *store)
{
  static const TestSku skus[] = {
    { "100001", "康师傅红烧牛肉面", NULL, "食品/方便面", MPOS_UNIT_PIECE, 1300, 450, 100000, NULL },
    { "100237", "红富士苹果", NULL, "生鲜/水果", MPOS_UNIT_WEIGHT, 900, 1280, 100000000, NULL },
  };

  test_add_skus (store, skus, G_N_ELEMENTS (skus));
}

static MposCashCount
count_of (MposMoney amount)
{
  MposCashCount count = { { 0 } };

  /* Greedy over the denominations: every fen amount that is a multiple of 0.1 yuan. */
  for (int d = 0; d < MPOS_DENOMINATION_COUNT; d++)
    {
      count.pieces[d] = amount / mpos_denomination_value (d);
      amount -= count.pieces[d] * mpos_denomination_value (d);
    }
  g_assert_cmpint (amount, ==, 0);
  return count;
}

/* Closes the open shift with exactly what it expects. */
static void
close_exact (MposStore *store)
{
  g_autoptr (GError) error = NULL;
  g_auto (MposShift) shift = { 0 };
  MposCashCount count;

  g_assert_true (mpos_shift_current (store, &shift, &error));
  count = count_of (shift.cash.expected);
  mpos_shift_clear (&shift);
  g_assert_true (mpos_shift_close (store, "1001", &count, NULL, &shift, &error));
  g_assert_no_error (error);
  g_assert_cmpint (shift.status, ==, MPOS_SHIFT_CLOSED);
  g_assert_cmpint (shift.over_short, ==, 0);
}

static void
reopen (MposStore *store, MposMoney opening_float)
{
  g_autoptr (GError) error = NULL;

  close_exact (store);
  g_assert_true (mpos_shift_open (store, "1001", opening_float, NULL, &error));
  g_assert_no_error (error);
}

static MposMoney
expected_now (MposStore *store)
{
  g_autoptr (GError) error = NULL;
  g_auto (MposShift) shift = { 0 };

  g_assert_true (mpos_shift_current (store, &shift, &error));
  return shift.cash.expected;
}

static void
test_shift_open_takes_the_float_and_refuses_a_second (void)
{
  g_autoptr (TestStore) ts = test_store_new ();
  g_autoptr (GError) error = NULL;
  g_auto (MposShift) shift = { 0 };

  close_exact (ts->store);
  g_assert_true (mpos_shift_open (ts->store, "1001", 50000, &shift, &error));
  g_assert_no_error (error);
  g_assert_cmpint (shift.status, ==, MPOS_SHIFT_OPEN);
  g_assert_cmpint (shift.opening_float, ==, 50000);
  g_assert_cmpint (shift.cash.by_kind[MPOS_CASH_FLOAT], ==, 50000);
  g_assert_cmpint (shift.cash.expected, ==, 50000);
  g_assert_cmpstr (shift.opened_by, ==, "1001");
  g_assert_true (g_str_has_suffix (shift.shift_no, "-H0001"));
  g_assert_cmpint (test_query_int (ts->store, "SELECT count(*) FROM journal WHERE kind = "
                                              "'shift_open' AND ref_id = (SELECT id FROM shifts "
                                              "WHERE status = 'open')"),
                   ==, 1);
  g_assert_false (mpos_shift_open (ts->store, "1002", 100, NULL, &error));
  g_assert_error (error, MPOS_SHIFT_ERROR, MPOS_SHIFT_ERROR_ALREADY_OPEN);
  g_assert_nonnull (strstr (error->message, "mallposctl shift close"));
}

static void
test_shift_open_refuses_a_negative_or_huge_float (void)
{
  g_autoptr (TestStore) ts = test_store_new ();
  g_autoptr (GError) error = NULL;
  int64_t shifts;

  close_exact (ts->store);
  shifts = test_count_rows (ts->store, "shifts");
  g_assert_false (mpos_shift_open (ts->store, "1001", -1, NULL, &error));
  g_assert_error (error, MPOS_SHIFT_ERROR, MPOS_SHIFT_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "-0.01"));
  g_clear_error (&error);
  g_assert_false (mpos_shift_open (ts->store, "1001", MPOS_SHIFT_MAX_AMOUNT + 1, NULL, &error));
  g_assert_error (error, MPOS_SHIFT_ERROR, MPOS_SHIFT_ERROR_INVALID);
  g_assert_cmpint (test_count_rows (ts->store, "shifts"), ==, shifts);
}

static void
test_shift_no_sale_without_an_open_shift (void)
{
  g_autoptr (TestStore) ts = test_store_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (MposCart) cart = NULL;
  MposSaleResult result;
  int64_t sales, journal;

  add_catalog (ts->store);
  close_exact (ts->store);
  sales = test_count_rows (ts->store, "sales");
  journal = test_count_rows (ts->store, "journal");
  cart = test_cart_new (ts->store);
  test_cart_add_sku (cart, "100001", 1);
  test_cart_pay (cart, MPOS_TENDER_CASH, 500, NULL);
  g_assert_false (mpos_sale_commit (cart, &result, &error));
  g_assert_error (error, MPOS_SHIFT_ERROR, MPOS_SHIFT_ERROR_NO_SHIFT);
  g_assert_nonnull (strstr (error->message, "mallposctl shift open --float 500.00"));
  g_assert_cmpint (test_count_rows (ts->store, "sales"), ==, sales);
  g_assert_cmpint (test_count_rows (ts->store, "journal"), ==, journal);
}

static void
test_shift_counts_cash_sales_change_and_refunds (void)
{
  g_autoptr (TestStore) ts = test_store_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (MposCart) cart = NULL;
  g_auto (MposShift) shift = { 0 };
  g_autoptr (GArray) lines = NULL;
  MposSaleResult sale, card, ret;

  add_catalog (ts->store);
  reopen (ts->store, 20000);
  cart = test_cart_new (ts->store);
  test_cart_add_sku (cart, "100001", 2); /* 9.00 */
  test_cart_pay (cart, MPOS_TENDER_CASH, 5000, NULL);
  test_commit_sale (cart, &sale);
  g_clear_pointer (&cart, mpos_cart_free);
  cart = test_cart_new (ts->store);
  test_cart_add_sku (cart, "100001", 1); /* 4.50 by card: no cash */
  test_cart_pay (cart, MPOS_TENDER_BANK_CARD, 450, "REF1");
  test_commit_sale (cart, &card);
  lines = test_return_request_new (1, 1);
  test_return_sale (ts->store, sale.receipt_no, lines, &ret);

  g_assert_true (mpos_shift_current (ts->store, &shift, &error));
  g_assert_cmpint (shift.cash.by_kind[MPOS_CASH_FLOAT], ==, 20000);
  g_assert_cmpint (shift.cash.by_kind[MPOS_CASH_SALE], ==, 5000);
  g_assert_cmpint (shift.cash.by_kind[MPOS_CASH_CHANGE], ==, -4100);
  g_assert_cmpint (shift.cash.by_kind[MPOS_CASH_REFUND], ==, -450);
  g_assert_cmpint (shift.cash.expected, ==, 20000 + 900 - 450);
}

static void
test_shift_pay_in_out_and_drop_need_a_reason_and_the_cash (void)
{
  g_autoptr (TestStore) ts = test_store_new ();
  g_autoptr (GError) error = NULL;
  g_auto (MposShift) shift = { 0 };

  reopen (ts->store, 10000);
  g_assert_true (
      mpos_shift_move_cash (ts->store, "1001", MPOS_CASH_PAY_IN, 2000, "找零备用", NULL, &error));
  g_assert_true (
      mpos_shift_move_cash (ts->store, "1001", MPOS_CASH_PAY_OUT, 500, "买胶带", NULL, &error));
  g_assert_true (
      mpos_shift_move_cash (ts->store, "1001", MPOS_CASH_DROP, 6000, "上缴", &shift, &error));
  g_assert_no_error (error);
  g_assert_cmpint (shift.cash.by_kind[MPOS_CASH_PAY_IN], ==, 2000);
  g_assert_cmpint (shift.cash.by_kind[MPOS_CASH_PAY_OUT], ==, -500);
  g_assert_cmpint (shift.cash.by_kind[MPOS_CASH_DROP], ==, -6000);
  g_assert_cmpint (shift.cash.expected, ==, 5500);
  g_assert_cmpint (test_query_int (ts->store, "SELECT count(*) FROM audit WHERE action = "
                                              "'shift_cash' AND detail LIKE 'drop 60.00: 上缴'"),
                   ==, 1);

  g_assert_false (
      mpos_shift_move_cash (ts->store, "1001", MPOS_CASH_DROP, 5501, "上缴", NULL, &error));
  g_assert_error (error, MPOS_SHIFT_ERROR, MPOS_SHIFT_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "55.00"));
  g_clear_error (&error);
  g_assert_false (
      mpos_shift_move_cash (ts->store, "1001", MPOS_CASH_PAY_IN, 100, "", NULL, &error));
  g_assert_error (error, MPOS_SHIFT_ERROR, MPOS_SHIFT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (
      mpos_shift_move_cash (ts->store, "1001", MPOS_CASH_PAY_IN, 100, "a\nb", NULL, &error));
  g_assert_error (error, MPOS_SHIFT_ERROR, MPOS_SHIFT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (
      mpos_shift_move_cash (ts->store, "1001", MPOS_CASH_PAY_IN, 0, "零", NULL, &error));
  g_assert_error (error, MPOS_SHIFT_ERROR, MPOS_SHIFT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (
      mpos_shift_move_cash (ts->store, "1001", MPOS_CASH_SALE, 100, "手动", NULL, &error));
  g_assert_error (error, MPOS_SHIFT_ERROR, MPOS_SHIFT_ERROR_INVALID);
  g_assert_cmpint (expected_now (ts->store), ==, 5500);
}

static void
test_shift_close_within_the_limit_closes (void)
{
  g_autoptr (TestStore) ts = test_store_new ();
  g_autoptr (GError) error = NULL;
  g_auto (MposShift) shift = { 0 };
  MposCashCount count = count_of (50000);

  reopen (ts->store, 50000);
  count.pieces[MPOS_DENOMINATION_0_5] += 3; /* 1.50 over, within the default 20.00 */
  g_assert_true (mpos_shift_close (ts->store, "1001", &count, NULL, &shift, &error));
  g_assert_no_error (error);
  g_assert_cmpint (shift.status, ==, MPOS_SHIFT_CLOSED);
  g_assert_cmpint (shift.counted, ==, 50150);
  g_assert_cmpint (shift.expected, ==, 50000);
  g_assert_cmpint (shift.over_short, ==, 150);
  g_assert_null (shift.accepted_by);
  g_assert_cmpint (shift.count.pieces[MPOS_DENOMINATION_0_5], ==, 3);
  g_assert_cmpint (test_query_int (ts->store, "SELECT count(*) FROM audit WHERE action = "
                                              "'shift_close' AND detail LIKE '%over/short 1.50'"),
                   ==, 1);
}

static void
test_shift_close_twice_says_it_is_closed (void)
{
  g_autoptr (TestStore) ts = test_store_new ();
  g_autoptr (GError) error = NULL;
  MposCashCount count = { { 0 } };

  close_exact (ts->store);
  g_assert_false (mpos_shift_close (ts->store, "1001", &count, NULL, NULL, &error));
  g_assert_error (error, MPOS_SHIFT_ERROR, MPOS_SHIFT_ERROR_CLOSED);
  g_assert_nonnull (strstr (error->message, "was closed at"));
  g_assert_nonnull (strstr (error->message, "shift open"));
}

static void
test_shift_over_the_limit_waits_for_a_manager (void)
{
  g_autoptr (TestStore) ts = test_store_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (MposCart) cart = NULL;
  g_auto (MposShift) shift = { 0 };
  MposCashCount count = count_of (50000 - 2010); /* 20.10 short, the limit is 20.00 */
  MposSaleResult result;
  const MposStaffCredential cashier = { "1001", TEST_CASHIER_PIN, NULL };

  add_catalog (ts->store);
  test_manager (ts->store);
  reopen (ts->store, 50000);
  g_assert_true (mpos_shift_close (ts->store, "1001", &count, NULL, &shift, &error));
  g_assert_no_error (error);
  g_assert_cmpint (shift.status, ==, MPOS_SHIFT_COUNTED);
  g_assert_cmpint (shift.over_short, ==, -2010);

  /* Counted: no more sales, no second count, no new shift. */
  cart = test_cart_new (ts->store);
  test_cart_add_sku (cart, "100001", 1);
  test_cart_pay (cart, MPOS_TENDER_CASH, 500, NULL);
  g_assert_false (mpos_sale_commit (cart, &result, &error));
  g_assert_error (error, MPOS_SHIFT_ERROR, MPOS_SHIFT_ERROR_NO_SHIFT);
  g_clear_error (&error);
  g_assert_false (mpos_shift_close (ts->store, "1001", &count, NULL, NULL, &error));
  g_assert_error (error, MPOS_SHIFT_ERROR, MPOS_SHIFT_ERROR_CLOSED);
  g_assert_nonnull (strstr (error->message, "shift accept --manager"));
  g_clear_error (&error);
  g_assert_false (mpos_shift_open (ts->store, "1001", 0, NULL, &error));
  g_assert_error (error, MPOS_SHIFT_ERROR, MPOS_SHIFT_ERROR_ALREADY_OPEN);
  g_clear_error (&error);

  /* A cashier may not accept; the manager does, and is named. */
  g_assert_false (mpos_shift_accept (ts->store, NULL, &cashier, NULL, &error));
  g_assert_error (error, MPOS_STAFF_ERROR, MPOS_STAFF_ERROR_NOT_PERMITTED);
  g_clear_error (&error);
  mpos_shift_clear (&shift);
  g_assert_true (mpos_shift_accept (ts->store, NULL, test_manager (ts->store), &shift, &error));
  g_assert_no_error (error);
  g_assert_cmpint (shift.status, ==, MPOS_SHIFT_CLOSED);
  g_assert_cmpstr (shift.accepted_by, ==, "9001");
  g_assert_cmpint (test_query_int (ts->store, "SELECT count(*) FROM audit WHERE action = "
                                              "'shift_accept' AND approved_by = '9001'"),
                   ==, 1);
  g_assert_false (
      mpos_shift_accept (ts->store, shift.shift_no, test_manager (ts->store), NULL, &error));
  g_assert_error (error, MPOS_SHIFT_ERROR, MPOS_SHIFT_ERROR_NOT_COUNTED);
}

static void
test_shift_close_with_a_manager_closes_past_the_limit (void)
{
  g_autoptr (TestStore) ts = test_store_new ();
  g_autoptr (GError) error = NULL;
  g_auto (MposShift) shift = { 0 };
  MposCashCount count = count_of (0);

  g_assert_true (mpos_policy_set (ts->store, MPOS_POLICY_SHIFT_OVER_SHORT_LIMIT, 0,
                                  test_manager (ts->store), &error));
  count.pieces[MPOS_DENOMINATION_0_1] = 1; /* 0.10 over a limit of 0 */
  g_assert_true (
      mpos_shift_close (ts->store, "1001", &count, test_manager (ts->store), &shift, &error));
  g_assert_no_error (error);
  g_assert_cmpint (shift.status, ==, MPOS_SHIFT_CLOSED);
  g_assert_cmpstr (shift.accepted_by, ==, "9001");
}

static void
test_shift_count_refuses_bad_pieces (void)
{
  g_autoptr (TestStore) ts = test_store_new ();
  g_autoptr (GError) error = NULL;
  MposCashCount count = { { 0 } };
  MposMoney total = 0;

  count.pieces[MPOS_DENOMINATION_10] = -1;
  g_assert_false (mpos_cash_count_total (&count, &total, &error));
  g_assert_error (error, MPOS_SHIFT_ERROR, MPOS_SHIFT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (mpos_shift_close (ts->store, "1001", &count, NULL, NULL, &error));
  g_assert_error (error, MPOS_SHIFT_ERROR, MPOS_SHIFT_ERROR_INVALID);
  g_clear_error (&error);
  count.pieces[MPOS_DENOMINATION_10] = G_MAXINT64;
  g_assert_false (mpos_cash_count_total (&count, &total, &error));
  g_assert_error (error, MPOS_SHIFT_ERROR, MPOS_SHIFT_ERROR_INVALID);
  g_clear_error (&error);
  /* Still open after both refusals. */
  g_assert_cmpint (expected_now (ts->store), ==, 0);
  for (int d = 0; d < MPOS_DENOMINATION_COUNT; d++)
    count.pieces[d] = MPOS_SHIFT_MAX_PIECES;
  g_assert_true (mpos_cash_count_total (&count, &total, &error));
  g_assert_cmpint (total, ==, (int64_t)MPOS_SHIFT_MAX_PIECES * 18660);
}

static void
test_shift_count_parse (void)
{
  static const char *const bad[] = { "",
                                     "   ",
                                     "100",
                                     "100=",
                                     "100=x",
                                     "100=-1",
                                     "100=1.5",
                                     "3=1",
                                     "100=1,100=2",
                                     "100=1,,",
                                     "=3",
                                     "100=99999999999999999999",
                                     "100=1000001",
                                     NULL };
  g_autoptr (GError) error = NULL;
  MposCashCount count;

  g_assert_true (mpos_cash_count_parse (" 100=3, 50 = 1,0.5=4,0.1=0", &count, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count.pieces[MPOS_DENOMINATION_100], ==, 3);
  g_assert_cmpint (count.pieces[MPOS_DENOMINATION_50], ==, 1);
  g_assert_cmpint (count.pieces[MPOS_DENOMINATION_0_5], ==, 4);
  g_assert_cmpint (count.pieces[MPOS_DENOMINATION_20], ==, 0);
  for (guint i = 0; bad[i] != NULL; i++)
    {
      g_assert_false (mpos_cash_count_parse (bad[i], &count, &error));
      g_assert_error (error, MPOS_SHIFT_ERROR, MPOS_SHIFT_ERROR_INVALID);
      g_assert_cmpuint (strlen (error->message), >, 20);
      g_clear_error (&error);
    }
}

/* Random pay-ins, pay-outs, drops and cash sales (paid with more than due):
 * after each the expectation is the float plus everything that moved, and
 * the kinds add up to it. */
static void
test_shift_expectation_property (void)
{
  g_autoptr (TestStore) ts = test_store_new ();
  g_autoptr (GRand) rand = g_rand_new_with_seed (20261207);
  g_autoptr (GError) error = NULL;
  MposMoney opening_float = g_rand_int_range (rand, 0, 100000), model;

  add_catalog (ts->store);
  reopen (ts->store, opening_float);
  model = opening_float;
  for (int step = 0; step < 120; step++)
    {
      g_auto (MposShift) shift = { 0 };
      MposMoney amount = g_rand_int_range (rand, 1, 30000), sum = 0;
      MposSaleResult result;
      int what = g_rand_int_range (rand, 0, 4);

      if (what == 0)
        {
          g_autoptr (MposCart) cart = test_cart_new (ts->store);
          int64_t grams = g_rand_int_range (rand, 1, 5000);
          test_cart_add_sku (cart, "100237", grams);
          test_cart_pay (cart, MPOS_TENDER_CASH, mpos_cart_total (cart) + amount % 10000, NULL);
          model += mpos_cart_total (cart);
          test_commit_sale (cart, &result);
        }
      else if (what == 1 || amount <= model)
        {
          MposCashKind kind = what == 1   ? MPOS_CASH_PAY_IN
                              : what == 2 ? MPOS_CASH_PAY_OUT
                                          : MPOS_CASH_DROP;
          g_assert_true (
              mpos_shift_move_cash (ts->store, "1001", kind, amount, "随机", NULL, &error));
          g_assert_no_error (error);
          model += kind == MPOS_CASH_PAY_IN ? amount : -amount;
        }
      g_assert_true (mpos_shift_current (ts->store, &shift, &error));
      g_assert_cmpint (shift.cash.expected, ==, model);
      for (int k = 0; k < MPOS_CASH_KIND_COUNT; k++)
        sum += shift.cash.by_kind[k];
      g_assert_cmpint (sum, ==, model);
      g_assert_cmpint (shift.cash.by_kind[MPOS_CASH_FLOAT], ==, opening_float);
    }
}

static void
test_shift_list_and_json (void)
{
  g_autoptr (TestStore) ts = test_store_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) shifts = NULL;
  g_autoptr (cJSON) json = NULL;
  g_autofree char *text = NULL;

  reopen (ts->store, 12345);
  shifts = mpos_shift_list (ts->store, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (shifts->len, ==, 2);
  g_assert_cmpint (((MposShift *)shifts->pdata[0])->status, ==, MPOS_SHIFT_OPEN);
  g_assert_cmpint (((MposShift *)shifts->pdata[1])->status, ==, MPOS_SHIFT_CLOSED);
  json = mpos_shift_to_json (ts->store, shifts->pdata[0]);
  text = cJSON_PrintUnformatted (json);
  g_assert_nonnull (strstr (text, "\"opening_float\":\"123.45\""));
  g_assert_nonnull (strstr (text, "\"float\":\"123.45\""));
  g_assert_nonnull (strstr (text, "\"expected\":\"123.45\""));
  g_clear_pointer (&shifts, g_ptr_array_unref);
  shifts = mpos_shift_list (ts->store, "20300101", NULL, &error);
  g_assert_cmpuint (shifts->len, ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  test_pin_now ("2026-11-23T10:00:00+08:00");
  g_test_add_func ("/shift/open/float-and-one-at-a-time",
                   test_shift_open_takes_the_float_and_refuses_a_second);
  g_test_add_func ("/shift/open/bad-float", test_shift_open_refuses_a_negative_or_huge_float);
  g_test_add_func ("/shift/sale/refused-without-shift", test_shift_no_sale_without_an_open_shift);
  g_test_add_func ("/shift/cash/sales-change-refunds",
                   test_shift_counts_cash_sales_change_and_refunds);
  g_test_add_func ("/shift/cash/pay-in-out-drop",
                   test_shift_pay_in_out_and_drop_need_a_reason_and_the_cash);
  g_test_add_func ("/shift/close/within-limit", test_shift_close_within_the_limit_closes);
  g_test_add_func ("/shift/close/twice", test_shift_close_twice_says_it_is_closed);
  g_test_add_func ("/shift/close/over-limit-waits", test_shift_over_the_limit_waits_for_a_manager);
  g_test_add_func ("/shift/close/with-manager",
                   test_shift_close_with_a_manager_closes_past_the_limit);
  g_test_add_func ("/shift/count/bad-pieces", test_shift_count_refuses_bad_pieces);
  g_test_add_func ("/shift/count/parse", test_shift_count_parse);
  g_test_add_func ("/shift/cash/property", test_shift_expectation_property);
  g_test_add_func ("/shift/list-and-json", test_shift_list_and_json);
  return g_test_run ();
}
