/* test-points.c — points in sales and returns and the points actions
 * (src/loyalty.c, src/points-ledger.c, src/points-account.c): earning by
 * the rules, burning oldest lot first, every refusal writing nothing, exact
 * reversal on partial returns, expiry and confirmation runs, freeze,
 * adjustment, transfer, grants. Each test builds its own store. */
#include "points-statement.h"
#include "journal.h"
#include "journal-read.h"
#include "json-fields.h"
#include "loyalty.h"
#include "test-points-util.h"

#define SALE_DOC(member, lines, tenders)                                                           \
  "{\"cashier\":\"1001\"" member ",\"lines\":[" lines "],\"tenders\":[" tenders "]}"
#define MEMBER(card) ",\"member\":\"" card "\""

/* 2 × 矿泉水 5.00 + 苹果礼盒 12.80 = 17.80 */
#define LINES_1780 "{\"sku\":\"300001\",\"qty\":2},{\"sku\":\"500001\"}"
#define CASH(amount) "{\"type\":\"cash\",\"amount\":\"" amount "\"}"
#define POINTS(n) "{\"type\":\"points\",\"points\":" #n "}"

static int64_t
lot_column (MposStore *store, const char *column, const char *receipt_no)
{
  g_autofree char *sql = g_strdup_printf (
      "SELECT l.%s FROM points_lots l JOIN sales s ON s.id = l.sale_id WHERE s.receipt_no = '%s'",
      column, receipt_no);

  return test_query_int (store, sql);
}

static void
test_points_earn_one_point_per_yuan_floor_pending (void)
{
  g_autoptr (TestStore) ts = tp_store_new ();
  MposSaleResult r;
  MposPointsBalance b;

  tp_rules (ts->store, NULL, NULL);
  tp_sell (ts->store, SALE_DOC (MEMBER (CARD_A), LINES_1780, CASH ("20.00")), &r);
  b = tp_points (ts->store, CARD_A);
  g_assert_cmpint (b.pending, ==, 17); /* floor(17.80) */
  g_assert_cmpint (b.available, ==, 0);
  g_assert_cmpint (b.usable, ==, 0);
  /* Pending for the 7-day return window; valid through 23 Nov 2027. */
  g_assert_cmpint (lot_column (ts->store, "confirm_at", r.receipt_no), ==,
                   test_time ("2026-11-30T10:00:00+08:00"));
  g_assert_cmpint (lot_column (ts->store, "expires_at", r.receipt_no), ==,
                   test_time ("2027-11-24T00:00:00+08:00"));
  test_assert_consistent (ts->store);
}

static void
test_points_earn_per_ten_yuan (void)
{
  g_autoptr (TestStore) ts = tp_store_new ();

  tp_rules_replacing (ts->store, "\"per\":\"1.00\"", "\"per\":\"10.00\"");
  tp_sell (ts->store, SALE_DOC (MEMBER (CARD_A), LINES_1780, CASH ("20.00")), NULL);
  g_assert_cmpint (tp_points (ts->store, CARD_A).pending, ==, 1); /* floor(17.80 / 10) */
}

static void
test_points_excluded_category_and_double_product (void)
{
  g_autoptr (TestStore) ts = tp_store_new ();
  MposSaleResult r;
  g_autofree char *sql = NULL, *earned = NULL;

  tp_rules (ts->store,
            ",\"categories\":[{\"category\":\"烟酒/香烟\",\"multiplier\":\"0\"}],"
            "\"products\":[{\"sku\":\"100001\",\"multiplier\":\"2\"}]",
            NULL);
  tp_sell (ts->store,
           SALE_DOC (MEMBER (CARD_A), "{\"sku\":\"200001\"},{\"sku\":\"100001\",\"qty\":2}",
                     CASH ("55.00")),
           &r);
  /* Tobacco 45.00 earns nothing; 10.00 of noodles earn double. */
  g_assert_cmpint (tp_points (ts->store, CARD_A).pending, ==, 20);
  sql = g_strdup_printf ("SELECT group_concat (points_earned, ',') FROM (SELECT y.points_earned "
                         "FROM loyalty_lines y JOIN sales s ON s.id = y.sale_id "
                         "WHERE s.receipt_no = '%s' ORDER BY y.line_no)",
                         r.receipt_no);
  earned = test_query_text (ts->store, sql);
  g_assert_cmpstr (earned, ==, "0,20");
}

static void
test_points_member_day_and_campaign_double (void)
{
  g_autoptr (TestStore) ts = tp_store_new ();
  static const char campaigns[]
      = ",\"member_day\":{\"day\":10,\"multiplier\":\"2\"},"
        "\"campaigns\":[{\"code\":\"D11\",\"starts\":\"2026-11-11T00:00:00+08:00\","
        "\"ends\":\"2026-11-12T00:00:00+08:00\",\"multiplier\":\"2\"},"
        "{\"code\":\"X\",\"starts\":\"2026-12-10T00:00:00+08:00\","
        "\"ends\":\"2026-12-11T00:00:00+08:00\",\"multiplier\":\"3\"}]";
  g_autofree char *stacked = g_strconcat (campaigns, ",\"stack_date_multipliers\":true", NULL);

  tp_rules (ts->store, campaigns, NULL);
  test_pin_now ("2026-11-11T20:00:00+08:00"); /* 11.11 */
  tp_sell (ts->store, SALE_DOC (MEMBER (CARD_A), LINES_1780, CASH ("20.00")), NULL);
  g_assert_cmpint (tp_points (ts->store, CARD_A).pending, ==, 35); /* floor(35.60) */
  test_pin_now ("2027-01-10T09:00:00+08:00");                        /* member day */
  tp_sell (ts->store, SALE_DOC (MEMBER (CARD_B), LINES_1780, CASH ("20.00")), NULL);
  g_assert_cmpint (tp_points (ts->store, CARD_B).pending, ==, 35);
  test_pin_now ("2026-12-10T09:00:00+08:00"); /* member day and ×3 campaign: the highest */
  tp_sell (ts->store, SALE_DOC (MEMBER (CARD_A), LINES_1780, CASH ("20.00")), NULL);
  g_assert_cmpint (tp_points (ts->store, CARD_A).pending, ==, 35 + 53);
  tp_rules (ts->store, stacked, NULL); /* stacked: ×6 */
  tp_sell (ts->store, SALE_DOC (MEMBER (CARD_A), LINES_1780, CASH ("20.00")), NULL);
  g_assert_cmpint (tp_points (ts->store, CARD_A).pending, ==, 35 + 53 + 106);
  test_assert_consistent (ts->store);
}

static void
test_points_threshold_bonus_and_birthday (void)
{
  g_autoptr (TestStore) ts = tp_store_new ();

  tp_rules (ts->store, ",\"threshold_bonus\":[{\"spend\":\"500.00\",\"points\":100}]", NULL);
  tp_sell (ts->store, SALE_DOC (MEMBER (CARD_A), "{\"sku\":\"400001\"}", CASH ("600.00")), NULL);
  g_assert_cmpint (tp_points (ts->store, CARD_A).pending, ==, 599 + 100);
  tp_sell (ts->store, SALE_DOC (MEMBER (CARD_B), LINES_1780, CASH ("20.00")), NULL);
  /* B's birthday: the level's birthday multiplier (×2) instead of its ×1. */
  g_assert_cmpint (tp_points (ts->store, CARD_B).pending, ==, 35); /* floor(17.80 × 2) */
}

static void
test_points_level_multiplier (void)
{
  g_autoptr (TestStore) ts = tp_store_new ();

  tp_rules (ts->store, NULL, NULL);
  tp_sell (ts->store, SALE_DOC (MEMBER (CARD_G), LINES_1780, CASH ("20.00")), NULL);
  g_assert_cmpint (tp_points (ts->store, CARD_G).pending, ==, 26); /* floor(17.80 × 1.5) */
}

static void
test_points_no_rules_no_points (void)
{
  g_autoptr (TestStore) ts = tp_store_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *before = NULL, *after = NULL;

  tp_sell (ts->store, SALE_DOC (MEMBER (CARD_A), LINES_1780, CASH ("20.00")), NULL);
  g_assert_cmpint (tp_points (ts->store, CARD_A).pending, ==, 0);
  before = tp_fingerprint (ts->store);
  g_assert_false (
      tp_try_sell (ts->store, SALE_DOC (MEMBER (CARD_A), LINES_1780, POINTS (100)), NULL, &error));
  g_assert_error (error, MPOS_LOYALTY_RULES_ERROR, MPOS_LOYALTY_RULES_ERROR_NOT_SET_UP);
  after = tp_fingerprint (ts->store);
  g_assert_cmpstr (before, ==, after);
}

static void
test_points_burn_oldest_lot_first (void)
{
  g_autoptr (TestStore) ts = tp_store_new ();
  MposSaleResult r;
  MposPointsBalance b;

  tp_rules (ts->store, NULL, NULL);
  tp_adjust (ts->store, CARD_A, 300); /* lot 1: expires 24 Nov 2027 */
  test_pin_now ("2027-01-10T10:00:00+08:00");
  tp_adjust (ts->store, CARD_A, 500); /* lot 2: expires 11 Jan 2028 */
  test_pin_now ("2027-02-01T10:00:00+08:00");
  tp_sell (
      ts->store,
      SALE_DOC (MEMBER (CARD_A), "{\"sku\":\"100001\",\"qty\":2}", POINTS (400) "," CASH ("6.00")),
      &r);
  g_assert_cmpint (test_query_int (ts->store, "SELECT remaining FROM points_lots WHERE id = 1"), ==, 0);
  g_assert_cmpint (test_query_int (ts->store, "SELECT remaining FROM points_lots WHERE id = 2"), ==,
                   400);
  g_assert_cmpint (test_query_int (ts->store, "SELECT sum (available) FROM points_ledger "
                                          "WHERE kind = 'burn' AND lot_id = 1"),
                   ==, -300);
  b = tp_points (ts->store, CARD_A);
  g_assert_cmpint (b.available, ==, 400);
  /* 10.00 - 4.00 of points = 6.00 earns 6. */
  g_assert_cmpint (b.pending, ==, 6);
  test_assert_consistent (ts->store);
}

typedef struct
{
  const char *name;
  const char *doc;
  GQuark domain;
  int code;
} Refusal;

static void
assert_refused (MposStore *store, const char *doc, GQuark domain, int code)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *before = tp_fingerprint (store);
  g_autofree char *after = NULL;

  g_assert_false (tp_try_sell (store, doc, NULL, &error));
  g_assert_error (error, domain, code);
  g_assert_true (strlen (error->message) > 10);
  after = tp_fingerprint (store);
  g_assert_cmpstr (before, ==, after);
}

static void
test_points_refusals_write_nothing (void)
{
  g_autoptr (TestStore) ts = tp_store_new ();
  g_autoptr (GError) error = NULL;

  tp_rules (ts->store, NULL, NULL);
  tp_adjust (ts->store, CARD_A, 800);
  /* 2 × 方便面 = 10.00: points may pay at most 5.00. */
  assert_refused (
      ts->store,
      SALE_DOC (MEMBER (CARD_A), "{\"sku\":\"100001\",\"qty\":2}", POINTS (50) "," CASH ("9.50")),
      MPOS_POINTS_ERROR, MPOS_POINTS_ERROR_BELOW_MINIMUM);
  assert_refused (
      ts->store,
      SALE_DOC (MEMBER (CARD_A), "{\"sku\":\"100001\",\"qty\":2}", POINTS (150) "," CASH ("8.50")),
      MPOS_POINTS_ERROR, MPOS_POINTS_ERROR_NOT_MULTIPLE);
  assert_refused (
      ts->store,
      SALE_DOC (MEMBER (CARD_A), "{\"sku\":\"100001\",\"qty\":2}", POINTS (600) "," CASH ("4.00")),
      MPOS_POINTS_ERROR, MPOS_POINTS_ERROR_ABOVE_MAX_SHARE);
  assert_refused (ts->store,
                  SALE_DOC ("", "{\"sku\":\"100001\",\"qty\":2}", POINTS (100) "," CASH ("9.00")),
                  MPOS_POINTS_ERROR, MPOS_POINTS_ERROR_NO_MEMBER);
  /* 900 of 800: not enough (a big sale so the share allows it). */
  assert_refused (
      ts->store,
      SALE_DOC (MEMBER (CARD_A), "{\"sku\":\"400001\"}", POINTS (900) "," CASH ("590.00")),
      MPOS_POINTS_ERROR, MPOS_POINTS_ERROR_INSUFFICIENT);
  /* Pending points cannot pay: B earns 17 pending, has nothing confirmed. */
  tp_sell (ts->store, SALE_DOC (MEMBER (CARD_B), LINES_1780, CASH ("20.00")), NULL);
  assert_refused (
      ts->store,
      SALE_DOC (MEMBER (CARD_B), "{\"sku\":\"400001\"}", POINTS (100) "," CASH ("598.00")),
      MPOS_POINTS_ERROR, MPOS_POINTS_ERROR_INSUFFICIENT);
  /* Frozen: nothing burns until a supervisor unfreezes. */
  mpos_points_set_frozen (ts->store, tp_member (ts->store, CARD_A), TRUE, "suspicious", "1001",
                          test_manager (ts->store), mpos_clock_now (), &error);
  g_assert_no_error (error);
  assert_refused (
      ts->store,
      SALE_DOC (MEMBER (CARD_A), "{\"sku\":\"100001\",\"qty\":2}", POINTS (100) "," CASH ("9.00")),
      MPOS_POINTS_ERROR, MPOS_POINTS_ERROR_FROZEN);
  mpos_points_set_frozen (ts->store, tp_member (ts->store, CARD_A), FALSE, "cleared", "1001",
                          test_manager (ts->store), mpos_clock_now (), &error);
  g_assert_no_error (error);
  tp_sell (
      ts->store,
      SALE_DOC (MEMBER (CARD_A), "{\"sku\":\"100001\",\"qty\":2}", POINTS (100) "," CASH ("9.00")),
      NULL);
  g_assert_cmpint (tp_points (ts->store, CARD_A).available, ==, 700);
  test_assert_consistent (ts->store);
}

static void
test_points_check_cart_refuses_before_commit (void)
{
  g_autoptr (TestStore) ts = tp_store_new ();
  g_autoptr (GError) error = NULL;
  static const char doc[] = SALE_DOC (MEMBER (CARD_A), "{\"sku\":\"100001\",\"qty\":2}",
                                      POINTS (300) "," CASH ("7.00"));
  g_autoptr (MposCart) cart = NULL;

  tp_rules (ts->store, NULL, NULL);
  tp_adjust (ts->store, CARD_A, 200);
  cart = mpos_cart_from_json (ts->store, doc, strlen (doc), mpos_clock_now (), &error);
  g_assert_no_error (error);
  g_assert_false (mpos_loyalty_check_cart (ts->store, cart, mpos_clock_now (), &error));
  g_assert_error (error, MPOS_POINTS_ERROR, MPOS_POINTS_ERROR_INSUFFICIENT);
  /* without the member's proof the balance is not told (test-points-proof.c: with it) */
  g_assert_nonnull (strstr (error->message, "not enough points for 300"));
  g_assert_null (strstr (error->message, "200"));
}

static void
return_lines (MposStore *store, const char *receipt_no, int line_no, int64_t qty,
              MposSaleResult *result)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) lines = g_array_new (FALSE, FALSE, sizeof (MposReturnRequest));
  MposReturnRequest request = { line_no, qty };
  MposSaleResult local;

  g_array_append_val (lines, request);
  mpos_sale_return (store, receipt_no, lines, "1002", "test", result ? result : &local, &error);
  g_assert_no_error (error);
}

static int64_t
allocation (MposStore *store, const char *receipt_no, int line_no, const char *column)
{
  g_autofree char *sql
      = g_strdup_printf ("SELECT y.%s FROM loyalty_lines y JOIN sales s ON s.id = y.sale_id "
                         "WHERE s.receipt_no = '%s' AND y.line_no = %d",
                         column, receipt_no, line_no);

  return test_query_int (store, sql);
}

static MposMoney
tender_sum (MposStore *store, const char *receipt_no, const char *type)
{
  g_autofree char *sql = g_strdup_printf (
      "SELECT coalesce (sum (t.amount), 0) FROM tenders t JOIN sales s ON s.id = t.sale_id "
      "WHERE s.receipt_no = '%s' AND t.type = '%s'",
      receipt_no, type);

  return test_query_int (store, sql);
}

static void
test_points_partial_return_reverses_exact_lots (void)
{
  g_autoptr (TestStore) ts = tp_store_new ();
  MposSaleResult sale, ret;
  MposPointsBalance before, after;
  int64_t burnt2, earned2, value2;
  g_autofree char *status = NULL;

  tp_rules (ts->store, NULL, NULL);
  tp_adjust (ts->store, CARD_A, 1000);
  /* 3 × 方便面 15.00, 苹果礼盒 12.80, 2 × 矿泉水 5.00 = 32.80; 1000 points pay 10.00. */
  tp_sell (ts->store,
           SALE_DOC (MEMBER (CARD_A),
                     "{\"sku\":\"100001\",\"qty\":3},{\"sku\":\"500001\"},"
                     "{\"sku\":\"300001\",\"qty\":2}",
                     POINTS (1000) "," CASH ("22.80")),
           &sale);
  g_assert_cmpint (allocation (ts->store, sale.receipt_no, 1, "points_value")
                       + allocation (ts->store, sale.receipt_no, 2, "points_value")
                       + allocation (ts->store, sale.receipt_no, 3, "points_value"),
                   ==, 1000);
  g_assert_cmpint (tp_points (ts->store, CARD_A).pending, ==, 22); /* floor(32.80 - 10.00) */

  /* The whole of line 2: exactly what it consumed and earned comes back. */
  burnt2 = allocation (ts->store, sale.receipt_no, 2, "points_burnt");
  value2 = allocation (ts->store, sale.receipt_no, 2, "points_value");
  earned2 = allocation (ts->store, sale.receipt_no, 2, "points_earned");
  g_assert_cmpint (burnt2, >, 0);
  before = tp_points (ts->store, CARD_A);
  return_lines (ts->store, sale.receipt_no, 2, 0, &ret);
  after = tp_points (ts->store, CARD_A);
  g_assert_cmpint (after.available - before.available, ==, burnt2);
  g_assert_cmpint (before.pending - after.pending, ==, earned2);
  g_assert_cmpint (tender_sum (ts->store, ret.receipt_no, "points"), ==, -value2);
  g_assert_cmpint (tender_sum (ts->store, ret.receipt_no, "cash"), ==, -(1280 - value2));
  test_assert_consistent (ts->store);

  /* Line 1 one unit at a time, then line 3: everything back, to the point. */
  return_lines (ts->store, sale.receipt_no, 1, 1, NULL);
  return_lines (ts->store, sale.receipt_no, 1, 1, NULL);
  test_assert_consistent (ts->store);
  return_lines (ts->store, sale.receipt_no, 1, 1, NULL);
  return_lines (ts->store, sale.receipt_no, 3, 0, NULL);
  after = tp_points (ts->store, CARD_A);
  g_assert_cmpint (after.available, ==, 1000);
  g_assert_cmpint (after.pending, ==, 0);
  g_assert_cmpint (test_query_int (ts->store, "SELECT sum (amount) FROM tenders WHERE type = 'points'"),
                   ==, 0);
  g_assert_cmpint (test_query_int (ts->store, "SELECT sum (amount) FROM tenders WHERE type = 'cash'"),
                   ==, 0);
  status = test_query_text (ts->store, "SELECT status FROM points_lots WHERE source = 'sale'");
  g_assert_cmpstr (status, ==, "rejected");
  test_assert_consistent (ts->store);
}

static void
test_points_return_after_spending_earned_points (void)
{
  g_autoptr (TestStore) ts = tp_store_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) all = g_array_new (FALSE, FALSE, sizeof (MposReturnRequest));
  MposSaleResult sale, result;
  g_autofree char *before = NULL, *after = NULL;

  tp_rules (ts->store, NULL, NULL);
  tp_sell (ts->store, SALE_DOC (MEMBER (CARD_A), "{\"sku\":\"400001\"}", CASH ("599.00")), &sale);
  test_pin_now ("2026-12-01T10:00:00+08:00");
  g_assert_true (
      mpos_points_run (ts->store, mpos_clock_now (), &(MposPointsRunReport){ 0 }, &error));
  g_assert_cmpint (tp_points (ts->store, CARD_A).available, ==, 599);
  tp_sell (ts->store,
           SALE_DOC (MEMBER (CARD_A), "{\"sku\":\"400001\"}", POINTS (500) "," CASH ("594.00")),
           NULL);
  /* 99 left of the 599 the first sale earned: its return cannot take 599 back. */
  before = tp_fingerprint (ts->store);
  g_assert_false (
      mpos_sale_return (ts->store, sale.receipt_no, all, "1002", "test", &result, &error));
  g_assert_error (error, MPOS_POINTS_ERROR, MPOS_POINTS_ERROR_INSUFFICIENT);
  after = tp_fingerprint (ts->store);
  g_assert_cmpstr (before, ==, after);
}

static void
test_points_expiry_run_is_idempotent (void)
{
  g_autoptr (TestStore) ts = tp_store_new ();
  g_autoptr (GError) error = NULL;
  MposPointsRunReport r;
  int64_t journal;

  tp_rules (ts->store, NULL, NULL);
  tp_adjust (ts->store, CARD_A, 300);
  test_pin_now ("2027-11-23T23:59:59+08:00"); /* still valid on its last day */
  g_assert_true (mpos_points_run (ts->store, mpos_clock_now (), &r, &error));
  g_assert_cmpint (r.expired_points, ==, 0);
  g_assert_cmpint (tp_points (ts->store, CARD_A).usable, ==, 300);
  test_pin_now ("2027-11-24T00:00:00+08:00");
  g_assert_cmpint (tp_points (ts->store, CARD_A).usable, ==, 0); /* unusable before the run */
  g_assert_true (mpos_points_run (ts->store, mpos_clock_now (), &r, &error));
  g_assert_cmpint (r.expired_points, ==, 300);
  g_assert_cmpint (r.expired_lots, ==, 1);
  journal = mpos_journal_last_seq (ts->store);
  g_assert_true (mpos_points_run (ts->store, mpos_clock_now (), &r, &error));
  g_assert_cmpint (r.expired_points, ==, 0);
  g_assert_cmpint (mpos_journal_last_seq (ts->store), ==, journal);
  g_assert_cmpint (tp_points (ts->store, CARD_A).available, ==, 0);
  test_assert_consistent (ts->store);
}

static void
test_points_confirm_after_return_window (void)
{
  g_autoptr (TestStore) ts = tp_store_new ();
  g_autoptr (GError) error = NULL;
  MposPointsRunReport r;

  tp_rules (ts->store, NULL, NULL);
  tp_sell (ts->store, SALE_DOC (MEMBER (CARD_A), LINES_1780, CASH ("20.00")), NULL);
  test_pin_now ("2026-11-30T09:59:59+08:00");
  g_assert_true (mpos_points_run (ts->store, mpos_clock_now (), &r, &error));
  g_assert_cmpint (r.confirmed_points, ==, 0);
  test_pin_now ("2026-11-30T10:00:00+08:00");
  g_assert_true (mpos_points_run (ts->store, mpos_clock_now (), &r, &error));
  g_assert_cmpint (r.confirmed_points, ==, 17);
  g_assert_cmpint (tp_points (ts->store, CARD_A).available, ==, 17);
  g_assert_cmpint (tp_points (ts->store, CARD_A).pending, ==, 0);
  test_assert_consistent (ts->store);
}

static void
test_points_adjust_needs_reason_and_supervisor (void)
{
  g_autoptr (TestStore) ts = tp_store_new ();
  g_autoptr (GError) error = NULL;
  int64_t a;
  g_autofree char *before = NULL, *after = NULL;

  tp_rules (ts->store, NULL, NULL);
  a = tp_member (ts->store, CARD_A);
  before = tp_fingerprint (ts->store);
  g_assert_false (mpos_points_adjust (ts->store, a, 100, NULL, "1001", test_manager (ts->store), 0, &error));
  g_assert_error (error, MPOS_POINTS_ERROR, MPOS_POINTS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (mpos_points_adjust (ts->store, a, 100, "goodwill", "1001", NULL, 0, &error));
  g_assert_error (error, MPOS_STAFF_ERROR, MPOS_STAFF_ERROR_REQUIRED);
  g_clear_error (&error);
  g_assert_false (
      mpos_points_adjust (ts->store, a, -100, "fix", "1001", test_manager (ts->store),
                          mpos_clock_now (), &error));
  g_assert_error (error, MPOS_POINTS_ERROR, MPOS_POINTS_ERROR_INSUFFICIENT);
  after = tp_fingerprint (ts->store);
  g_assert_cmpstr (before, ==, after);
  tp_adjust (ts->store, CARD_A, 250);
  tp_adjust (ts->store, CARD_A, -100);
  g_assert_cmpint (tp_points (ts->store, CARD_A).available, ==, 150);
  g_assert_cmpint (test_query_int (ts->store, "SELECT count(*) FROM points_ledger WHERE kind = "
                                          "'adjust' AND approved_by = '9001' AND reason = 'test'"),
                   ==, 2);
  test_assert_consistent (ts->store);
}

static void
test_points_freeze_twice_is_a_conflict (void)
{
  g_autoptr (TestStore) ts = tp_store_new ();
  g_autoptr (GError) error = NULL;
  int64_t a = tp_member (ts->store, CARD_A);

  g_assert_true (mpos_points_set_frozen (ts->store, a, TRUE, "why", "1001", test_manager (ts->store), 0,
                                         &error));
  g_assert_false (mpos_points_set_frozen (ts->store, a, TRUE, "why", "1001", test_manager (ts->store), 0,
                                         &error));
  g_assert_error (error, MPOS_POINTS_ERROR, MPOS_POINTS_ERROR_STATE);
  g_clear_error (&error);
  g_assert_false (mpos_points_set_frozen (ts->store, a, FALSE, "why", "1001", NULL, 0, &error));
  g_assert_error (error, MPOS_STAFF_ERROR, MPOS_STAFF_ERROR_REQUIRED);
  g_assert_true (tp_points (ts->store, CARD_A).frozen);
  test_assert_consistent (ts->store);
}

static void
test_points_transfer_keeps_expiry (void)
{
  g_autoptr (TestStore) ts = tp_store_new ();
  g_autoptr (GError) error = NULL;
  int64_t a, b;

  MposMemberProof id_checked = { .supervisor = test_supervisor (ts->store) };

  tp_rules (ts->store, NULL, NULL);
  a = tp_member (ts->store, CARD_A);
  b = tp_member (ts->store, CARD_B);
  tp_adjust (ts->store, CARD_A, 300);
  test_pin_now ("2027-03-01T10:00:00+08:00");
  g_assert_true (mpos_points_transfer (ts->store, a, b, 200, "family", "1001", &id_checked,
                                       mpos_clock_now (), &error));
  g_assert_no_error (error);
  g_assert_cmpint (tp_points (ts->store, CARD_A).available, ==, 100);
  g_assert_cmpint (tp_points (ts->store, CARD_B).available, ==, 200);
  g_assert_cmpint (test_query_int (ts->store, "SELECT expires_at FROM points_lots WHERE source = "
                                          "'transfer'"),
                   ==, test_time ("2027-11-24T00:00:00+08:00"));
  g_assert_false (mpos_points_transfer (ts->store, a, b, 200, "family", NULL, &id_checked,
                                        mpos_clock_now (), &error));
  g_assert_error (error, MPOS_POINTS_ERROR, MPOS_POINTS_ERROR_INSUFFICIENT);
  g_clear_error (&error);
  tp_rules_replacing (ts->store, "\"transfer\":true", "\"transfer\":false");
  g_assert_false (
      mpos_points_transfer (ts->store, a, b, 50, NULL, NULL, NULL, mpos_clock_now (), &error));
  g_assert_error (error, MPOS_POINTS_ERROR, MPOS_POINTS_ERROR_DISABLED);
  test_assert_consistent (ts->store);
}

static void
test_points_grants_once (void)
{
  g_autoptr (TestStore) ts = tp_store_new ();
  g_autoptr (GError) error = NULL;
  MposPointsRunReport r;
  gboolean granted = FALSE;
  int64_t a;

  tp_rules (ts->store, NULL, NULL);
  a = tp_member (ts->store, CARD_A);
  g_assert_true (mpos_points_grant_registration (ts->store, a, mpos_clock_now (), NULL, &error));
  g_assert_true (mpos_points_grant (ts->store, a, "registration", 0, NULL, NULL, mpos_clock_now (),
                                    &granted, &error));
  g_assert_false (granted);
  g_assert_cmpint (tp_points (ts->store, CARD_A).available, ==, 100);
  g_assert_true (mpos_points_grant (ts->store, a, "review", 20, "review:1", "1001",
                                    mpos_clock_now (), &granted, &error));
  g_assert_true (granted);
  g_assert_false (mpos_points_grant (ts->store, a, "sale", 20, NULL, NULL, 0, NULL, &error));
  g_assert_error (error, MPOS_POINTS_ERROR, MPOS_POINTS_ERROR_INVALID);
  g_clear_error (&error);
  /* B's birthday is today: the run grants the rules' 88 once a year. */
  g_assert_true (mpos_points_run (ts->store, mpos_clock_now (), &r, &error));
  g_assert_cmpint (r.birthday_grants, ==, 1);
  g_assert_cmpint (tp_points (ts->store, CARD_B).available, ==, 88);
  g_assert_true (mpos_points_run (ts->store, mpos_clock_now (), &r, &error));
  g_assert_cmpint (r.birthday_grants, ==, 0);
  test_assert_consistent (ts->store);
}

static void
test_points_referral_on_first_purchase (void)
{
  g_autoptr (TestStore) ts = tp_store_new ();
  g_autofree char *sql = NULL;

  tp_rules (ts->store, NULL, NULL);
  sql = g_strdup_printf ("UPDATE members SET referrer_id = %" G_GINT64_FORMAT
                         " WHERE id = %" G_GINT64_FORMAT,
                         tp_member (ts->store, CARD_A), tp_member (ts->store, CARD_G));
  test_exec (ts->store, sql);
  tp_sell (ts->store, SALE_DOC (MEMBER (CARD_G), LINES_1780, CASH ("20.00")), NULL);
  tp_sell (ts->store, SALE_DOC (MEMBER (CARD_G), LINES_1780, CASH ("20.00")), NULL);
  g_assert_cmpint (tp_points (ts->store, CARD_A).pending, ==, 50);
  g_assert_cmpint (test_query_int (ts->store, "SELECT count(*) FROM points_lots WHERE source = "
                                          "'referral'"),
                   ==, 1);
  test_assert_consistent (ts->store);
}

static void
test_points_journal_carries_loyalty (void)
{
  g_autoptr (TestStore) ts = tp_store_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) entries = NULL;
  const MposJournalEntry *sale = NULL;
  g_autoptr (cJSON) payload = NULL;
  const cJSON *loyalty;

  tp_rules (ts->store, NULL, NULL);
  tp_adjust (ts->store, CARD_A, 200);
  tp_sell (
      ts->store,
      SALE_DOC (MEMBER (CARD_A), "{\"sku\":\"100001\",\"qty\":2}", POINTS (200) "," CASH ("8.00")),
      NULL);
  /* A sale's payload is derived from its rows when the journal is read. */
  g_assert_cmpint (test_query_int (ts->store, "SELECT count(*) FROM journal WHERE kind = 'sale' "
                                              "AND payload IS NULL"),
                   ==, 1);
  entries = mpos_journal_read (ts->store, 0, 100, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < entries->len; i++)
    if (g_strcmp0 (((MposJournalEntry *) g_ptr_array_index (entries, i))->kind, "sale") == 0)
      sale = g_ptr_array_index (entries, i);
  g_assert_nonnull (sale);
  payload = mpos_journal_entry_payload (sale);
  loyalty = cJSON_GetObjectItemCaseSensitive (payload, "loyalty");
  g_assert_nonnull (loyalty);
  g_assert_cmpint (cJSON_GetArraySize (cJSON_GetObjectItemCaseSensitive (loyalty, "lines")), ==, 1);
  /* burn from the adjustment lot, earn into the sale's lot */
  g_assert_cmpint (cJSON_GetArraySize (cJSON_GetObjectItemCaseSensitive (loyalty, "points")), ==,
                   2);
}

static void
test_points_statement_lists_every_movement (void)
{
  g_autoptr (TestStore) ts = tp_store_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (MposPointsStatement) statement = NULL;
  const MposPointsMovement *first;
  g_autofree char *expires = NULL;

  tp_rules (ts->store, NULL, NULL);
  tp_adjust (ts->store, CARD_A, 300);
  tp_sell (ts->store, SALE_DOC (MEMBER (CARD_A), LINES_1780, POINTS (100) "," CASH ("16.80")),
           NULL);
  statement
      = mpos_points_statement (ts->store, tp_member (ts->store, CARD_A), mpos_clock_now (), &error);
  g_assert_no_error (error);
  g_assert_cmpint (statement->movements->len, ==, 3); /* adjust, burn, earn */
  first = g_ptr_array_index (statement->movements, 0);
  g_assert_cmpstr (first->source, ==, "adjustment");
  g_assert_cmpint (first->available, ==, 300);
  expires = mpos_store_local_time (ts->store, first->expires_at);
  g_assert_cmpstr (expires, ==, "2027-11-24 00:00:00");
  g_assert_cmpint (mpos_points_movement_points (g_ptr_array_index (statement->movements, 1)), ==,
                   -100);
}

/* The window's "points to earn": the preview is exactly what the sale then
 * earns (gold ×1.5, a points tender not earning), and it writes nothing. */
static void
test_points_preview_is_what_the_sale_earns (void)
{
  g_autoptr (TestStore) ts = tp_store_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (MposCart) cart = NULL;
  g_autofree char *before = NULL;
  static const char doc[] = "{\"member\":\"" CARD_G "\",\"lines\":[{\"sku\":\"400001\"},"
                            "{\"sku\":\"100001\",\"qty\":3}],"
                            "\"tenders\":[{\"type\":\"points\",\"points\":1000},"
                            "{\"type\":\"cash\",\"amount\":\"604.00\"}]}";
  MposSaleResult result;
  int64_t preview = -1;

  tp_rules (ts->store, NULL, "proportional");
  tp_adjust (ts->store, CARD_G, 2000);
  cart = mpos_cart_from_json (ts->store, doc, strlen (doc), mpos_clock_now (), &error);
  g_assert_no_error (error);
  before = tp_fingerprint (ts->store);
  g_assert_true (mpos_loyalty_preview_earn (ts->store, cart, mpos_clock_now (), &preview, &error));
  g_assert_no_error (error);
  tp_assert_fingerprint (ts->store, before);
  g_assert_cmpint (preview, >, 0);
  g_assert_true (mpos_sale_commit (cart, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpint (tp_points (ts->store, CARD_G).pending, ==, preview);
}

/* A points tender is worth what the rules say; a count that is not a whole
 * number of fen, or none, is refused. */
static void
test_points_tender_value (void)
{
  g_autoptr (TestStore) ts = tp_store_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (MposTender) tender = NULL;
  g_autoptr (MposTender) odd = NULL;

  tp_rules (ts->store, NULL, "proportional");
  tender = mpos_points_tender_new (ts->store, 500, &error);
  g_assert_no_error (error);
  g_assert_cmpint (tender->type, ==, MPOS_TENDER_POINTS);
  g_assert_cmpint (tender->amount, ==, 500);
  g_assert_cmpint (tender->points, ==, 500);
  odd = mpos_points_tender_new (ts->store, 0, &error);
  g_assert_null (odd);
  g_assert_error (error, MPOS_TENDER_ERROR, MPOS_TENDER_ERROR_INVALID);
}

/* The balance and the daily run's report as JSON carry points to the
 * digit, beyond 2^53 too (they were (double) casts). */
static void
test_points_json_exact_beyond_2_53 (void)
{
  MposPointsBalance balance = { 0 };
  MposPointsRunReport report = { 0 };
  g_autoptr (cJSON) json = cJSON_CreateObject ();
  g_autoptr (cJSON) run = NULL;
  g_autofree char *balance_text = NULL, *run_text = NULL;

  balance.available = balance.usable = INT64_C (9007199254740993);
  mpos_points_balance_add_json (json, &balance);
  balance_text = cJSON_PrintUnformatted (json);
  g_assert_cmpstr (balance_text, ==,
                   "{\"available\":9007199254740993,\"pending\":0,"
                   "\"usable\":9007199254740993,\"past_expiry\":0,\"frozen\":false}");
  report.expired_points = INT64_C (-9007199254740993);
  report.expired_lots = 2;
  run = mpos_points_run_report_to_json (&report);
  run_text = cJSON_PrintUnformatted (run);
  g_assert_cmpstr (run_text, ==,
                   "{\"confirmed_lots\":0,\"confirmed_points\":0,\"expired_lots\":2,"
                   "\"expired_points\":-9007199254740993,\"birthday_grants\":0,"
                   "\"birthday_points\":0}");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/points/earn/one-point-per-yuan-floor-pending",
                   test_points_earn_one_point_per_yuan_floor_pending);
  g_test_add_func ("/points/earn/per-ten-yuan", test_points_earn_per_ten_yuan);
  g_test_add_func ("/points/earn/excluded-category-double-product",
                   test_points_excluded_category_and_double_product);
  g_test_add_func ("/points/earn/member-day-and-campaign",
                   test_points_member_day_and_campaign_double);
  g_test_add_func ("/points/earn/threshold-bonus-and-birthday",
                   test_points_threshold_bonus_and_birthday);
  g_test_add_func ("/points/earn/level-multiplier", test_points_level_multiplier);
  g_test_add_func ("/points/earn/no-rules", test_points_no_rules_no_points);
  g_test_add_func ("/points/burn/oldest-lot-first", test_points_burn_oldest_lot_first);
  g_test_add_func ("/points/burn/refusals-write-nothing", test_points_refusals_write_nothing);
  g_test_add_func ("/points/burn/check-cart", test_points_check_cart_refuses_before_commit);
  g_test_add_func ("/points/return/partial-reverses-exact-lots",
                   test_points_partial_return_reverses_exact_lots);
  g_test_add_func ("/points/return/earned-points-already-spent",
                   test_points_return_after_spending_earned_points);
  g_test_add_func ("/points/run/expiry-idempotent", test_points_expiry_run_is_idempotent);
  g_test_add_func ("/points/run/confirm-after-window", test_points_confirm_after_return_window);
  g_test_add_func ("/points/adjust/reason-and-supervisor",
                   test_points_adjust_needs_reason_and_supervisor);
  g_test_add_func ("/points/freeze/twice", test_points_freeze_twice_is_a_conflict);
  g_test_add_func ("/points/transfer/keeps-expiry", test_points_transfer_keeps_expiry);
  g_test_add_func ("/points/grant/once", test_points_grants_once);
  g_test_add_func ("/points/grant/referral-first-purchase", test_points_referral_on_first_purchase);
  g_test_add_func ("/points/journal/carries-loyalty", test_points_journal_carries_loyalty);
  g_test_add_func ("/points/statement", test_points_statement_lists_every_movement);
  g_test_add_func ("/points/preview-is-what-the-sale-earns",
                   test_points_preview_is_what_the_sale_earns);
  g_test_add_func ("/points/tender-value", test_points_tender_value);
  g_test_add_func ("/points/json-exact-beyond-2^53", test_points_json_exact_beyond_2_53);
  return g_test_run ();
}
