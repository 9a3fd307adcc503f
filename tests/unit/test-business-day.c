/* test-business-day.c — src/business-day.c and src/clock.c: a business day
 * once begun is never returned to, a clock set back is audited once and
 * warned about, an absurd or malformed clock is refused before anything is
 * written. */
#include "business-day.h"
#include "clock.h"
#include <string.h>
#include "sale.h"
#include "store-private.h"
#include "test-util.h"

/* 2026-11-23 (cut-off 04:00 in the demo store.json) */
#define AT_1000 "2026-11-23T10:00:00+08:00"
#define AT_0300 "2026-11-23T03:00:00+08:00"
#define AT_0305 "2026-11-23T03:05:00+08:00"

/* Sells one 100095 at `iso` (pinned); returns the result. */
static MposSaleResult
sell_at (MposStore *store, const char *iso)
{
  g_autoptr (MposCart) cart = NULL;
  MposSaleResult result;

  test_pin_now (iso);
  cart = test_cart_new (store);
  test_cart_add_sku (cart, "100095", 1);
  test_cart_pay (cart, MPOS_TENDER_CASH, 350, NULL);
  test_commit_sale (cart, &result);
  return result;
}

static void
test_business_day_clock_set_back_stays_in_the_begun_day (void)
{
  g_autoptr (TestStore) ts = test_store_new_demo ();
  MposSaleResult first, back, later;

  test_exec (ts->store, "UPDATE settings SET value = '4' WHERE key = 'business_day_cutoff_hour'");
  test_store_reopen (ts);
  first = sell_at (ts->store, AT_1000);
  g_assert_cmpstr (first.receipt_no, ==, "S001-T01-20261123-0001");
  g_assert_cmpstr (first.clock_warning, ==, "");

  back = sell_at (ts->store, AT_0300);
  g_assert_cmpstr (back.receipt_no, ==, "S001-T01-20261123-0002");
  g_assert_nonnull (strstr (back.clock_warning, "the clock went back 7 h 00 min"));
  g_assert_cmpint (test_query_int (ts->store, "SELECT count(*) FROM audit WHERE action = "
                                              "'clock_back'"),
                   ==, 1);
  g_assert_cmpint (test_query_int (ts->store, "SELECT created_at FROM sales WHERE receipt_no = "
                                              "'S001-T01-20261123-0002'"),
                   ==, test_time (AT_0300));

  later = sell_at (ts->store, AT_0305);
  g_assert_cmpstr (later.receipt_no, ==, "S001-T01-20261123-0003");
  g_assert_nonnull (strstr (later.clock_warning, "which is business day 20261122"));
  g_assert_cmpint (test_query_int (ts->store, "SELECT count(*) FROM audit WHERE action = "
                                              "'clock_back'"),
                   ==, 1);
  test_assert_consistent (ts->store);
}

/* The window reads the same decision before a sale begins, without writing. */
static void
test_business_day_peek_tells_the_window_without_writing (void)
{
  g_autoptr (TestStore) ts = test_store_new_demo ();
  g_autoptr (GError) error = NULL;
  g_autofree char *warning = NULL;
  MposBusinessDay day;

  test_exec (ts->store, "UPDATE settings SET value = '4' WHERE key = 'business_day_cutoff_hour'");
  test_store_reopen (ts);
  sell_at (ts->store, AT_1000);
  g_assert_true (mpos_business_day_peek (ts->store, test_time (AT_0300), &day, &error));
  g_assert_no_error (error);
  g_assert_true (day.day_held);
  g_assert_true (day.jumped_back);
  g_assert_cmpstr (day.clock_day, ==, "20261122");
  g_assert_cmpstr (day.business_day, ==, "20261123");
  warning = mpos_business_day_warning (ts->store, &day);
  g_assert_nonnull (strstr (warning, "business day 20261123"));
  g_assert_cmpint (test_query_int (ts->store, "SELECT count(*) FROM audit WHERE action = "
                                              "'clock_back'"),
                   ==, 0);
}

static void
test_clock_absurd_and_malformed_refused (void)
{
  g_autoptr (GError) error = NULL;
  int64_t now = 0;

  g_assert_false (mpos_clock_check (test_time ("9999-12-31T23:00:00Z"), &error));
  g_assert_error (error, MPOS_CLOCK_ERROR, MPOS_CLOCK_ERROR_ABSURD);
  g_clear_error (&error);
  g_assert_false (mpos_clock_check (test_time ("1999-12-31T23:59:59Z"), &error));
  g_assert_error (error, MPOS_CLOCK_ERROR, MPOS_CLOCK_ERROR_ABSURD);
  g_clear_error (&error);
  g_assert_true (mpos_clock_check (test_time ("2000-01-01T00:00:00Z"), &error));
  g_assert_no_error (error);

  g_setenv ("MALLPOS_NOW", "2026-11-23 10:00", TRUE);
  g_assert_cmpint (mpos_clock_now (), ==, MPOS_CLOCK_UNREADABLE);
  g_assert_false (mpos_clock_read (&now, &error));
  g_assert_error (error, MPOS_CLOCK_ERROR, MPOS_CLOCK_ERROR_MALFORMED);
  g_assert_nonnull (strstr (error->message, "MALLPOS_NOW=2026-11-23 10:00"));
  g_clear_error (&error);
  g_setenv ("MALLPOS_NOW", AT_1000, TRUE);
  g_assert_true (mpos_clock_read (&now, &error));
  g_assert_cmpint (now, ==, test_time (AT_1000));
}

/* A sale at an absurd time or before the store's creation writes nothing. */
static void
test_business_day_absurd_sale_writes_nothing (void)
{
  g_autoptr (TestStore) ts = test_store_new_demo ();
  g_autoptr (GError) error = NULL;
  g_autofree char *before = NULL, *after = NULL;
  const char *times[] = { "9999-12-31T23:00:00Z", "2026-11-01T00:00:00+08:00", "garbage" };

  test_pin_now (AT_1000);
  g_assert_true (mpos_store_begin (ts->store, &error));
  g_assert_true (mpos_business_day_note_created (ts->store, test_time (AT_1000) - 3600, &error));
  g_assert_true (mpos_store_commit (ts->store, &error));
  before = test_snapshot (ts->store, "sales", "audit", "journal", "stock_movements", NULL);
  for (guint i = 0; i < G_N_ELEMENTS (times); i++)
    {
      g_autoptr (MposCart) cart = test_cart_new (ts->store);
      MposSaleResult result;

      test_cart_add_sku (cart, "100095", 1);
      test_cart_pay (cart, MPOS_TENDER_CASH, 350, NULL);
      test_pin_now (times[i]);
      g_assert_false (mpos_sale_commit (cart, &result, &error));
      g_assert_true (error->domain == MPOS_CLOCK_ERROR);
      g_clear_error (&error);
      test_pin_now (AT_1000);
    }
  after = test_snapshot (ts->store, "sales", "audit", "journal", "stock_movements", NULL);
  g_assert_cmpstr (after, ==, before);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  test_pin_now (AT_1000);
  g_test_add_func ("/business-day/clock-set-back-stays-in-the-begun-day",
                   test_business_day_clock_set_back_stays_in_the_begun_day);
  g_test_add_func ("/business-day/peek-tells-the-window-without-writing",
                   test_business_day_peek_tells_the_window_without_writing);
  g_test_add_func ("/business-day/absurd-sale-writes-nothing",
                   test_business_day_absurd_sale_writes_nothing);
  g_test_add_func ("/clock/absurd-and-malformed-refused", test_clock_absurd_and_malformed_refused);
  return g_test_run ();
}
