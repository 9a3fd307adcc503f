/* test-points-exchange.c — points exchange (src/points-exchange.c): the
 * catalog import and its refusals, an exchange burning oldest lots first
 * and taking stock and the cash part in one transaction, every refusal
 * (frozen, not enough points, out of stock, over the limit, outside the
 * dates, an unsupported kind, a wrong payment) writing nothing, and a
 * cancellation giving back exactly the points (into their lots), the stock
 * and the cash. */
#include "points-statement.h"
#include "integrity.h"
#include "points-exchange.h"
#include "test-points-util.h"

#define ITEMS                                                                                       \
  "{\"items\":["                                                                                    \
  "{\"code\":\"UMB01\",\"kind\":\"gift\",\"name\":\"晴雨伞\",\"points\":800,\"cash\":\"10.00\"," \
  "\"stock\":3,\"per_member_limit\":2},"                                                            \
  "{\"code\":\"CUP01\",\"kind\":\"gift\",\"name\":\"保温杯\",\"points\":300,\"stock\":10,"       \
  "\"starts\":\"2026-11-01T00:00:00+08:00\",\"ends\":\"2026-12-01T00:00:00+08:00\"},"               \
  "{\"code\":\"BAG01\",\"kind\":\"gift\",\"name\":\"购物袋\",\"points\":100,\"stock\":1},"       \
  "{\"code\":\"OLD01\",\"kind\":\"gift\",\"name\":\"旧礼品\",\"points\":100,\"stock\":5,"        \
  "\"active\":false}]}"

static char *
fingerprint (MposStore *store)
{
  g_autofree char *loyalty = tp_fingerprint (store);
  g_autofree char *exchange = test_query_text (
      store, "SELECT (SELECT count(*) FROM points_exchanges) || '|' || (SELECT count(*) FROM "
             "exchange_stock) || '|' || (SELECT group_concat(code || stock, ',') FROM "
             "exchange_items)");

  return g_strconcat (loyalty, "|", exchange, NULL);
}

static void
import_items (MposStore *store, const char *doc)
{
  g_autoptr (GError) error = NULL;
  int64_t count = 0;

  mpos_exchange_items_import (store, doc, strlen (doc), "it", mpos_clock_now (), &count, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count, >, 0);
}

static TestStore *
ex_store (void)
{
  TestStore *ts = tp_store_new ();

  tp_rules (ts->store, NULL, NULL);
  import_items (ts->store, ITEMS);
  return ts;
}

static MposExchangeItem *
item (MposStore *store, const char *code)
{
  g_autoptr (GError) error = NULL;
  MposExchangeItem *it = mpos_exchange_item_find (store, code, &error);

  g_assert_no_error (error);
  return it;
}

static int64_t
stock_of (MposStore *store, const char *code)
{
  g_autoptr (MposExchangeItem) it = item (store, code);

  return it->stock;
}

static gboolean
try_exchange (MposStore *store, const char *card, const char *code, int64_t qty, MposMoney cash,
              MposExchangeResult *result, GError **error)
{
  g_autoptr (MposTender) payment
      = cash > 0 ? mpos_tender_new (MPOS_TENDER_CASH, cash, NULL, NULL) : NULL;
  MposExchangeResult local;

  return mpos_points_exchange (store, tp_member (store, card), code, qty, payment, NULL, "1001",
                               mpos_clock_now (), result ? result : &local, error);
}

static void
assert_refused (MposStore *store, const char *card, const char *code, int64_t qty, MposMoney cash,
                GQuark domain, int error_code)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *before = fingerprint (store);
  g_autofree char *after = NULL;

  g_assert_false (try_exchange (store, card, code, qty, cash, NULL, &error));
  g_assert_error (error, domain, error_code);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  after = fingerprint (store);
  g_assert_cmpstr (before, ==, after);
}

/* Two lots: 500 expiring in 2027-06 (from an earlier adjustment), 1000 later. */
static void
two_lots (MposStore *store, const char *card)
{
  test_pin_now ("2026-06-15T10:00:00+08:00");
  tp_adjust (store, card, 500);
  test_pin_now ("2026-11-23T10:00:00+08:00");
  tp_adjust (store, card, 1000);
}

static int64_t
lot_remaining (MposStore *store, int64_t n)
{
  g_autofree char *sql
      = g_strdup_printf ("SELECT remaining FROM points_lots WHERE source = 'adjustment' ORDER BY "
                         "id LIMIT 1 OFFSET %" G_GINT64_FORMAT,
                         n);

  return test_query_int (store, sql);
}

static void
test_exchange_burns_oldest_lots_and_takes_stock (void)
{
  g_autoptr (TestStore) ts = ex_store ();
  g_autoptr (GError) error = NULL;
  g_autoptr (MposPointsStatement) statement = NULL;
  const MposPointsMovement *last;
  MposExchangeResult r;

  two_lots (ts->store, CARD_A);
  g_assert_true (try_exchange (ts->store, CARD_A, "UMB01", 1, 1000, &r, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (r.receipt_no, ==, "S001-T01-20261123-E0001");
  g_assert_cmpint (r.points, ==, 800);
  g_assert_cmpint (r.cash, ==, 1000);
  /* The lot expiring first is emptied first: 500 from it, 300 from the next. */
  g_assert_cmpint (lot_remaining (ts->store, 0), ==, 0);
  g_assert_cmpint (lot_remaining (ts->store, 1), ==, 700);
  g_assert_cmpint (tp_points (ts->store, CARD_A).available, ==, 700);
  g_assert_cmpint (stock_of (ts->store, "UMB01"), ==, 2);
  g_assert_cmpint (
      test_query_int (ts->store, "SELECT count(*) FROM journal WHERE kind = 'points_exchange'"), ==, 1);
  g_assert_cmpint (
      test_query_int (ts->store, "SELECT count(*) FROM audit WHERE action = 'points_exchange'"), ==, 1);
  g_assert_cmpint (test_query_int (ts->store, "SELECT cash FROM points_exchanges"), ==, 1000);
  /* The statement names the exchange. */
  statement
      = mpos_points_statement (ts->store, tp_member (ts->store, CARD_A), mpos_clock_now (), &error);
  g_assert_no_error (error);
  last = g_ptr_array_index (statement->movements, statement->movements->len - 1);
  g_assert_cmpstr (last->source, ==, "exchange");
  g_assert_cmpstr (last->receipt_no, ==, r.receipt_no);
  test_assert_consistent (ts->store);
}

static void
test_exchange_refusals_write_nothing (void)
{
  g_autoptr (TestStore) ts = ex_store ();
  g_autoptr (GError) error = NULL;
  g_autoptr (MposTender) card_payment
      = mpos_tender_new (MPOS_TENDER_BANK_CARD, 1000, NULL, "cashier");
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  MposExchangeResult r;

  tp_adjust (ts->store, CARD_A, 2000);
  tp_adjust (ts->store, CARD_B, 300);
  assert_refused (ts->store, CARD_B, "UMB01", 1, 1000, MPOS_POINTS_ERROR,
                  MPOS_POINTS_ERROR_INSUFFICIENT);
  assert_refused (ts->store, CARD_A, "NOPE", 1, 0, MPOS_EXCHANGE_ERROR,
                  MPOS_EXCHANGE_ERROR_NOT_FOUND);
  assert_refused (ts->store, CARD_A, "OLD01", 1, 0, MPOS_EXCHANGE_ERROR,
                  MPOS_EXCHANGE_ERROR_NOT_AVAILABLE);
  assert_refused (ts->store, CARD_A, "BAG01", 2, 0, MPOS_EXCHANGE_ERROR,
                  MPOS_EXCHANGE_ERROR_OUT_OF_STOCK);
  assert_refused (ts->store, CARD_A, "UMB01", 0, 0, MPOS_EXCHANGE_ERROR,
                  MPOS_EXCHANGE_ERROR_INVALID);
  /* The cash part: missing, wrong, or where there is none. */
  assert_refused (ts->store, CARD_A, "UMB01", 1, 0, MPOS_EXCHANGE_ERROR,
                  MPOS_EXCHANGE_ERROR_INVALID);
  assert_refused (ts->store, CARD_A, "UMB01", 1, 999, MPOS_EXCHANGE_ERROR,
                  MPOS_EXCHANGE_ERROR_INVALID);
  assert_refused (ts->store, CARD_A, "BAG01", 1, 100, MPOS_EXCHANGE_ERROR,
                  MPOS_EXCHANGE_ERROR_INVALID);
  before = fingerprint (ts->store);
  g_assert_false (mpos_points_exchange (ts->store, tp_member (ts->store, CARD_A), "UMB01", 1,
                                        card_payment, NULL, "1001", mpos_clock_now (), &r, &error));
  g_assert_error (error, MPOS_EXCHANGE_ERROR, MPOS_EXCHANGE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (mpos_points_exchange (ts->store, 999999, "BAG01", 1, NULL, NULL, "1001",
                                        mpos_clock_now (), &r, &error));
  g_assert_error (error, MPOS_POINTS_ERROR, MPOS_POINTS_ERROR_NO_MEMBER);
  g_clear_error (&error);
  after = fingerprint (ts->store);
  g_assert_cmpstr (before, ==, after);
  /* Outside its dates. */
  test_pin_now ("2026-12-01T00:00:00+08:00");
  assert_refused (ts->store, CARD_A, "CUP01", 1, 0, MPOS_EXCHANGE_ERROR,
                  MPOS_EXCHANGE_ERROR_NOT_AVAILABLE);
  test_pin_now ("2026-11-23T10:00:00+08:00");
  /* Frozen points cannot be exchanged. */
  mpos_points_set_frozen (ts->store, tp_member (ts->store, CARD_A), TRUE, "fraud check", "1001",
                          test_manager (ts->store), mpos_clock_now (), &error);
  g_assert_no_error (error);
  assert_refused (ts->store, CARD_A, "BAG01", 1, 0, MPOS_POINTS_ERROR, MPOS_POINTS_ERROR_FROZEN);
  test_assert_consistent (ts->store);
}

/* A store that never imported loyalty rules has no no-proof limits to hold
 * an exchange to: it is refused, and the refusal says what to import. */
static void
test_exchange_without_rules_is_refused (void)
{
  g_autoptr (TestStore) ts = tp_store_new ();
  g_autoptr (GError) error = NULL;

  import_items (ts->store, ITEMS);
  assert_refused (ts->store, CARD_A, "BAG01", 1, 0, MPOS_LOYALTY_RULES_ERROR,
                  MPOS_LOYALTY_RULES_ERROR_NOT_SET_UP);
  g_assert_false (try_exchange (ts->store, CARD_A, "BAG01", 1, 0, NULL, &error));
  g_assert_nonnull (strstr (error->message, "without the member's proof"));
  g_assert_nonnull (strstr (error->message, "import the loyalty rules"));
}

static void
test_exchange_per_member_limit (void)
{
  g_autoptr (TestStore) ts = ex_store ();
  g_autoptr (GError) error = NULL;
  MposExchangeResult r, c;

  tp_adjust (ts->store, CARD_A, 5000);
  g_assert_true (try_exchange (ts->store, CARD_A, "UMB01", 2, 2000, &r, &error));
  assert_refused (ts->store, CARD_A, "UMB01", 1, 1000, MPOS_EXCHANGE_ERROR,
                  MPOS_EXCHANGE_ERROR_LIMIT);
  /* Cancelled ones no longer count. */
  g_assert_true (mpos_points_exchange_cancel (ts->store, r.receipt_no, "1001", test_manager (ts->store), "wrong",
                                              mpos_clock_now (), &c, &error));
  g_assert_no_error (error);
  g_assert_true (try_exchange (ts->store, CARD_A, "UMB01", 1, 1000, NULL, &error));
  g_assert_no_error (error);
  test_assert_consistent (ts->store);
}

static void
test_exchange_cancel_restores_exactly (void)
{
  g_autoptr (TestStore) ts = ex_store ();
  g_autoptr (GError) error = NULL;
  g_autofree char *lots_before = NULL;
  g_autofree char *lots_after = NULL;
  MposExchangeResult r, c;

  two_lots (ts->store, CARD_A);
  lots_before = test_query_text (ts->store, "SELECT group_concat(id || ':' || remaining) FROM "
                                        "points_lots ORDER BY id");
  g_assert_true (try_exchange (ts->store, CARD_A, "UMB01", 1, 1000, &r, &error));
  g_assert_false (mpos_points_exchange_cancel (ts->store, r.receipt_no, "1001", NULL, "x",
                                               mpos_clock_now (), &c, &error));
  g_assert_error (error, MPOS_STAFF_ERROR, MPOS_STAFF_ERROR_REQUIRED);
  g_clear_error (&error);
  g_assert_true (mpos_points_exchange_cancel (ts->store, r.receipt_no, "1001", test_manager (ts->store),
                                              "customer changed mind", mpos_clock_now (), &c,
                                              &error));
  g_assert_no_error (error);
  g_assert_cmpstr (c.receipt_no, ==, "S001-T01-20261123-E0002");
  g_assert_cmpint (c.points, ==, -800);
  g_assert_cmpint (c.cash, ==, -1000);
  lots_after = test_query_text (ts->store, "SELECT group_concat(id || ':' || remaining) FROM "
                                       "points_lots ORDER BY id");
  g_assert_cmpstr (lots_before, ==, lots_after);
  g_assert_cmpint (stock_of (ts->store, "UMB01"), ==, 3);
  g_assert_cmpint (tp_points (ts->store, CARD_A).available, ==, 1500);
  g_assert_cmpint (test_query_int (ts->store, "SELECT count(*) FROM points_ledger WHERE kind = "
                                          "'restore' AND corrects IS NOT NULL"),
                   ==, 2);
  g_assert_cmpint (test_query_int (ts->store, "SELECT sum(cash) FROM points_exchanges"), ==, 0);
  /* Once only; and a cancellation is not itself cancelled. */
  g_assert_false (mpos_points_exchange_cancel (ts->store, r.receipt_no, "1001", test_manager (ts->store), "x",
                                               mpos_clock_now (), &c, &error));
  g_assert_error (error, MPOS_EXCHANGE_ERROR, MPOS_EXCHANGE_ERROR_ALREADY_CANCELLED);
  g_clear_error (&error);
  g_assert_false (mpos_points_exchange_cancel (ts->store, "S001-T01-20261123-E0002", "1001", test_manager (ts->store),
                                               "x", mpos_clock_now (), &c, &error));
  g_assert_error (error, MPOS_EXCHANGE_ERROR, MPOS_EXCHANGE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (mpos_points_exchange_cancel (ts->store, "S001-T01-20261123-E0009", "1001", test_manager (ts->store),
                                               "x", mpos_clock_now (), &c, &error));
  g_assert_error (error, MPOS_EXCHANGE_ERROR, MPOS_EXCHANGE_ERROR_NOT_FOUND);
  test_assert_consistent (ts->store);
}

/* The cancellation's record is negative (what went back); what the slip and
 * the window say moved is the same amount, positive, without a text trick. */
static void
test_exchange_record_of_a_cancel_says_cash_went_back (void)
{
  g_autoptr (TestStore) ts = ex_store ();
  g_autoptr (GError) error = NULL;
  g_autoptr (MposExchangeRecord) made = NULL;
  g_autoptr (MposExchangeRecord) cancel = NULL;
  g_autoptr (MposExchangeItem) umbrella = item (ts->store, "UMB01");
  MposExchangeResult r, c;

  two_lots (ts->store, CARD_A);
  g_assert_cmpint (mpos_exchange_item_cash_for (umbrella, 2), ==, 2000);
  g_assert_cmpint (mpos_exchange_item_cash_for (umbrella, 0), ==, 0);
  g_assert_cmpint (mpos_exchange_item_cash_for (umbrella, MPOS_EXCHANGE_MAX_QTY + 1), ==, 0);
  g_assert_true (try_exchange (ts->store, CARD_A, "UMB01", 1, 1000, &r, &error));
  g_assert_true (mpos_points_exchange_cancel (ts->store, r.receipt_no, "1001", test_manager (ts->store), "x",
                                              mpos_clock_now (), &c, &error));
  made = mpos_points_exchange_get (ts->store, r.receipt_no, &error);
  cancel = mpos_points_exchange_get (ts->store, c.receipt_no, &error);
  g_assert_no_error (error);
  g_assert_false (mpos_exchange_record_is_cancel (made));
  g_assert_cmpstr (made->cancelled_by, ==, c.receipt_no);
  g_assert_cmpint (mpos_exchange_record_cash_moved (made), ==, 1000);
  g_assert_true (mpos_exchange_record_is_cancel (cancel));
  g_assert_cmpstr (cancel->cancels, ==, r.receipt_no);
  g_assert_cmpint (cancel->cash, ==, -1000);
  g_assert_cmpint (cancel->points, ==, -800);
  g_assert_cmpint (cancel->qty, ==, -1);
  g_assert_cmpint (mpos_exchange_record_cash_moved (cancel), ==, 1000);
  g_assert_null (mpos_points_exchange_get (ts->store, "S001-T01-20261123-E0009", &error));
  g_assert_error (error, MPOS_EXCHANGE_ERROR, MPOS_EXCHANGE_ERROR_NOT_FOUND);
}

/* The record is read from its row by one table (store-private.h) that also
 * frees and copies it: every column lands in its field, and a copy (the
 * boxed type a list widget uses) owns its texts. */
static void
test_exchange_record_reads_and_copies_every_field (void)
{
  g_autoptr (TestStore) ts = ex_store ();
  g_autoptr (GError) error = NULL;
  MposExchangeRecord *made;
  g_autoptr (MposExchangeRecord) copy = NULL;
  MposExchangeResult r;

  two_lots (ts->store, CARD_A);
  g_assert_true (try_exchange (ts->store, CARD_A, "UMB01", 1, 1000, &r, &error));
  made = mpos_points_exchange_get (ts->store, r.receipt_no, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (made->id, ==, r.id);
  g_assert_cmpstr (made->receipt_no, ==, r.receipt_no);
  g_assert_cmpstr (made->kind, ==, "exchange");
  g_assert_cmpint (made->member_id, >, 0);
  g_assert_cmpstr (made->item, ==, "UMB01");
  g_assert_nonnull (made->name);
  g_assert_cmpint (made->qty, ==, 1);
  g_assert_cmpint (made->points, ==, r.points);
  g_assert_cmpint (made->cash, ==, 1000);
  g_assert_cmpstr (made->tender, ==, "cash");
  g_assert_cmpint (made->at, >, 0);
  g_assert_nonnull (made->cashier);
  g_assert_null (made->cancels);
  g_assert_null (made->cancelled_by);
  copy = g_boxed_copy (MPOS_TYPE_EXCHANGE_RECORD, made);
  g_assert_true (copy->receipt_no != made->receipt_no);
  mpos_exchange_record_free (made);
  g_assert_cmpstr (copy->receipt_no, ==, r.receipt_no);
  g_assert_cmpstr (copy->item, ==, "UMB01");
  g_assert_cmpint (copy->cash, ==, 1000);
}

static void
test_exchange_cancel_after_expiry_expires_again (void)
{
  g_autoptr (TestStore) ts = ex_store ();
  g_autoptr (GError) error = NULL;
  MposPointsRunReport run;
  MposExchangeResult r, c;

  two_lots (ts->store, CARD_A);
  g_assert_true (try_exchange (ts->store, CARD_A, "BAG01", 1, 0, &r, &error));
  /* The first lot (from June 2026) has expired by July 2027. */
  test_pin_now ("2027-07-01T10:00:00+08:00");
  mpos_points_run (ts->store, mpos_clock_now (), &run, &error);
  g_assert_no_error (error);
  g_assert_cmpint (run.expired_points, ==, 400);
  g_assert_true (mpos_points_exchange_cancel (ts->store, r.receipt_no, "1001", test_manager (ts->store), "late",
                                              mpos_clock_now (), &c, &error));
  g_assert_no_error (error);
  /* The 100 went back to the expired lot and expired again at once. */
  g_assert_cmpint (tp_points (ts->store, CARD_A).available, ==, 1000);
  g_assert_cmpint (lot_remaining (ts->store, 0), ==, 0);
  test_assert_consistent (ts->store);
}

static void
test_exchange_items_import_refusals_and_kinds (void)
{
  g_autoptr (TestStore) ts = ex_store ();
  static const char *const bad[] = {
    "{\"items\":[{\"code\":\"C1\",\"kind\":\"coupon\",\"name\":\"券\",\"points\":10,\"stock\":1}]}",
    "{\"items\":[{\"code\":\"cancel\",\"kind\":\"gift\",\"name\":\"x\",\"points\":10,\"stock\":1}]"
    "}",
    "{\"items\":[{\"code\":\"X1\",\"kind\":\"gift\",\"name\":\"x\",\"points\":0,\"stock\":1}]}",
    "{\"items\":[{\"code\":\"X1\",\"kind\":\"gift\",\"name\":\"x\",\"points\":10,\"stock\":-1}]}",
    "{\"items\":[{\"code\":\"X1\",\"kind\":\"gift\",\"name\":\"x\",\"points\":10,\"stock\":1,"
    "\"starts\":\"2026-12-01T00:00:00+08:00\",\"ends\":\"2026-11-01T00:00:00+08:00\"}]}",
    "{\"items\":[{\"code\":\"X1\",\"kind\":\"gift\",\"name\":\"x\",\"points\":10,\"stock\":1,"
    "\"colour\":\"red\"}]}",
    "{\"items\":[]}",
  };
  g_autoptr (GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *before = fingerprint (ts->store);
      g_autofree char *after = NULL;
      int64_t count = 0;

      g_assert_false (mpos_exchange_items_import (ts->store, bad[i], strlen (bad[i]), "it",
                                                  mpos_clock_now (), &count, &error));
      g_assert_nonnull (error);
      g_assert_true (error->domain == MPOS_EXCHANGE_ERROR || error->domain == MPOS_JSON_ERROR);
      g_clear_error (&error);
      after = fingerprint (ts->store);
      g_assert_cmpstr (before, ==, after);
    }
  /* New stock levels are movements of the difference. */
  import_items (ts->store, "{\"items\":[{\"code\":\"BAG01\",\"kind\":\"gift\",\"name\":\"购物袋\","
                           "\"points\":100,\"stock\":7}]}");
  g_assert_cmpint (stock_of (ts->store, "BAG01"), ==, 7);
  /* A kind another module adds (a coupon) is refused until this terminal
   * knows how to hand it out. */
  test_exec (ts->store, "INSERT INTO exchange_item_kinds (kind, name) VALUES ('coupon', '券')");
  import_items (ts->store, bad[0]);
  tp_adjust (ts->store, CARD_A, 100);
  assert_refused (ts->store, CARD_A, "C1", 1, 0, MPOS_EXCHANGE_ERROR,
                  MPOS_EXCHANGE_ERROR_UNSUPPORTED);
  test_assert_consistent (ts->store);
}

static void
test_exchange_stock_tampering_is_found (void)
{
  g_autoptr (TestStore) ts = ex_store ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);

  tp_adjust (ts->store, CARD_A, 100);
  g_assert_true (try_exchange (ts->store, CARD_A, "BAG01", 1, 0, NULL, &error));
  g_assert_false (mpos_store_exec (ts->store, "DELETE FROM points_exchanges", &error));
  g_clear_error (&error);
  g_assert_false (mpos_store_exec (ts->store, "UPDATE exchange_stock SET qty = 9", &error));
  g_clear_error (&error);
  test_exec (ts->store, "UPDATE exchange_items SET stock = 99 WHERE code = 'BAG01'");
  g_assert_true (mpos_integrity_check (ts->store, problems, &error));
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (problems, 0), "exchange item BAG01"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/points-exchange/burns-oldest-lots-and-takes-stock",
                   test_exchange_burns_oldest_lots_and_takes_stock);
  g_test_add_func ("/points-exchange/refusals-write-nothing", test_exchange_refusals_write_nothing);
  g_test_add_func ("/points-exchange/per-member-limit", test_exchange_per_member_limit);
  g_test_add_func ("/points-exchange/without-rules-is-refused",
                   test_exchange_without_rules_is_refused);
  g_test_add_func ("/points-exchange/cancel/restores-exactly",
                   test_exchange_cancel_restores_exactly);
  g_test_add_func ("/points-exchange/cancel/record-says-cash-went-back",
                   test_exchange_record_of_a_cancel_says_cash_went_back);
  g_test_add_func ("/points-exchange/record/reads-and-copies-every-field",
                   test_exchange_record_reads_and_copies_every_field);
  g_test_add_func ("/points-exchange/cancel/after-expiry",
                   test_exchange_cancel_after_expiry_expires_again);
  g_test_add_func ("/points-exchange/items/import-refusals-and-kinds",
                   test_exchange_items_import_refusals_and_kinds);
  g_test_add_func ("/points-exchange/check/stock-tampering",
                   test_exchange_stock_tampering_is_found);
  return g_test_run ();
}
