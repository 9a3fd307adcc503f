/* test-stored-value.c — stored value (src/stored-value.c, src/payment-pin.c
 * and its sale/return hooks in src/loyalty.c): top-up tiers, principal and
 * bonus kept apart through sales and returns, refund of a top-up (unused
 * principal only), the payment PIN (argon2id, required above the rules'
 * amount, locked after five wrong tries that persist), and every refusal
 * writing nothing. */
#include "stored-value-statement.h"
#include "payment-pin.h"
#include "test-points-util.h"

#define SALE_DOC(member, lines, tenders)                                                           \
  "{\"cashier\":\"1001\",\"member\":\"" member "\",\"lines\":[" lines "],\"tenders\":[" tenders "]}"
#define NOODLES(n) "{\"sku\":\"100001\",\"qty\":" #n "}"
#define SV(amount) "{\"type\":\"stored_value\",\"amount\":\"" amount "\"}"
#define SV_PIN(amount, pin)                                                                        \
  "{\"type\":\"stored_value\",\"amount\":\"" amount "\",\"pin\":\"" pin "\"}"

static TestStore *
sv_store (void)
{
  TestStore *ts = tp_store_new ();

  tp_rules (ts->store, NULL, "proportional");
  return ts;
}

static void
assert_balance (MposStore *store, const char *card, MposMoney principal, MposMoney bonus)
{
  MposStoredValueBalance b = tp_stored_value (store, card);

  g_assert_cmpint (b.principal, ==, principal);
  g_assert_cmpint (b.bonus, ==, bonus);
}

static void
test_stored_value_top_up_tiers (void)
{
  g_autoptr (TestStore) ts = sv_store ();
  MposTopUpResult r;

  tp_top_up (ts->store, CARD_A, 50000, &r); /* 充500送50 */
  g_assert_cmpstr (r.receipt_no, ==, "S001-T01-20261123-C0001");
  g_assert_cmpint (r.bonus, ==, 5000);
  g_assert_cmpint (r.balance.principal, ==, 50000);
  tp_top_up (ts->store, CARD_A, 100000, &r); /* 充1000送120 */
  g_assert_cmpint (r.bonus, ==, 12000);
  tp_top_up (ts->store, CARD_A, 49999, &r); /* below the first tier */
  g_assert_cmpint (r.bonus, ==, 0);
  assert_balance (ts->store, CARD_A, 199999, 17000);
  g_assert_cmpint (test_query_int (ts->store, "SELECT count(*) FROM journal WHERE kind = 'sv_top_up'"),
                   ==, 3);
  g_assert_cmpint (test_query_int (ts->store, "SELECT count(*) FROM audit WHERE action = 'sv_top_up'"),
                   ==, 3);
  test_assert_consistent (ts->store);
}

static void
assert_top_up_refused (MposStore *store, const char *card, MposTender *payment, GQuark domain,
                       int code)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MposTender) owned = payment;
  g_autofree char *before = tp_fingerprint (store);
  g_autofree char *after = NULL;
  MposTopUpResult r;
  int64_t member = card ? tp_member (store, card) : 999999;

  g_assert_false (
      mpos_stored_value_top_up (store, member, payment, "1001", mpos_clock_now (), &r, &error));
  g_assert_error (error, domain, code);
  after = tp_fingerprint (store);
  g_assert_cmpstr (before, ==, after);
}

static void
test_stored_value_top_up_refusals (void)
{
  g_autoptr (TestStore) ts = sv_store ();

  assert_top_up_refused (ts->store, CARD_A, mpos_tender_new (MPOS_TENDER_CASH, -10000, NULL, NULL),
                         MPOS_STORED_VALUE_ERROR, MPOS_STORED_VALUE_ERROR_INVALID);
  assert_top_up_refused (ts->store, CARD_A, mpos_tender_new (MPOS_TENDER_CASH, 0, NULL, NULL),
                         MPOS_STORED_VALUE_ERROR, MPOS_STORED_VALUE_ERROR_INVALID);
  assert_top_up_refused (ts->store, CARD_A, mpos_tender_new (MPOS_TENDER_CASH, 5000001, NULL, NULL),
                         MPOS_STORED_VALUE_ERROR, MPOS_STORED_VALUE_ERROR_INVALID);
  assert_top_up_refused (ts->store, CARD_A, mpos_tender_new (MPOS_TENDER_POINTS, 10000, NULL, NULL),
                         MPOS_STORED_VALUE_ERROR, MPOS_STORED_VALUE_ERROR_INVALID);
  assert_top_up_refused (ts->store, CARD_A,
                         mpos_tender_new (MPOS_TENDER_STORED_VALUE, 10000, NULL, NULL),
                         MPOS_STORED_VALUE_ERROR, MPOS_STORED_VALUE_ERROR_INVALID);
  assert_top_up_refused (ts->store, CARD_A,
                         mpos_tender_new (MPOS_TENDER_BANK_CARD, 10000, NULL, NULL),
                         MPOS_STORED_VALUE_ERROR, MPOS_STORED_VALUE_ERROR_INVALID);
  assert_top_up_refused (ts->store, NULL, mpos_tender_new (MPOS_TENDER_CASH, 10000, NULL, NULL),
                         MPOS_STORED_VALUE_ERROR, MPOS_STORED_VALUE_ERROR_NO_MEMBER);
}

static void
test_stored_value_sale_paid_partly_from_bonus (void)
{
  g_autoptr (TestStore) ts = sv_store ();
  MposSaleResult r;

  tp_top_up (ts->store, CARD_A, 50000, NULL);
  /* 30 noodles = 150.00: 110.00 from stored value, 40.00 cash. */
  tp_sell (ts->store,
           SALE_DOC (CARD_A, NOODLES (30),
                     SV ("110.00") ","
                                   "{\"type\":\"cash\",\"amount\":\"40.00\"}"),
           &r);
  /* Proportional: 110 × 50/550 = 10.00 from the bonus, 100.00 principal. */
  assert_balance (ts->store, CARD_A, 40000, 4000);
  /* No points on the 10.00 the bonus paid. */
  g_assert_cmpint (tp_points (ts->store, CARD_A).pending, ==, 140);
  test_assert_consistent (ts->store);
}

static void
test_stored_value_spend_order_bonus_first (void)
{
  g_autoptr (TestStore) ts = tp_store_new ();

  tp_rules (ts->store, NULL, "bonus_first");
  tp_top_up (ts->store, CARD_A, 50000, NULL);
  tp_sell (ts->store, SALE_DOC (CARD_A, NOODLES (22), SV ("110.00")), NULL);
  assert_balance (ts->store, CARD_A, 44000, 0);
  g_assert_cmpint (tp_points (ts->store, CARD_A).pending, ==, 60);
  test_assert_consistent (ts->store);
}

static void
assert_sale_refused (MposStore *store, const char *doc, GQuark domain, int code,
                     gboolean audit_may_change)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *before = tp_fingerprint (store);
  g_autofree char *after = NULL;
  int64_t sales = test_query_int (store, "SELECT count(*) FROM sales");
  int64_t ledger = test_query_int (store, "SELECT count(*) FROM sv_ledger");

  g_assert_false (tp_try_sell (store, doc, NULL, &error));
  g_assert_error (error, domain, code);
  after = tp_fingerprint (store);
  if (!audit_may_change)
    g_assert_cmpstr (before, ==, after);
  g_assert_cmpint (test_query_int (store, "SELECT count(*) FROM sales"), ==, sales);
  g_assert_cmpint (test_query_int (store, "SELECT count(*) FROM sv_ledger"), ==, ledger);
}

static void
test_stored_value_insufficient_or_no_member (void)
{
  g_autoptr (TestStore) ts = sv_store ();

  tp_top_up (ts->store, CARD_A, 10000, NULL);
  assert_sale_refused (ts->store, SALE_DOC (CARD_A, NOODLES (22), SV ("100.01")),
                       MPOS_STORED_VALUE_ERROR, MPOS_STORED_VALUE_ERROR_INSUFFICIENT, FALSE);
  assert_sale_refused (ts->store, "{\"lines\":[" NOODLES (2) "],\"tenders\":[" SV ("10.00") "]}",
                       MPOS_STORED_VALUE_ERROR, MPOS_STORED_VALUE_ERROR_NO_MEMBER, FALSE);
  /* Two payments that each fit but together do not: refused in the sale. */
  assert_sale_refused (ts->store, SALE_DOC (CARD_A, NOODLES (24), SV ("60.00") "," SV ("60.00")),
                       MPOS_STORED_VALUE_ERROR, MPOS_STORED_VALUE_ERROR_INSUFFICIENT, FALSE);
  assert_balance (ts->store, CARD_A, 10000, 0);
}

static void
set_pin (MposStore *store, const char *card, const char *pin)
{
  g_autoptr (GError) error = NULL;

  MposMemberProof proof = { .supervisor = test_supervisor (store) };

  mpos_payment_pin_set (store, tp_member (store, card), pin, &proof, "1001", mpos_clock_now (),
                        &error);
  g_assert_no_error (error);
}

static void
test_stored_value_pin_hashed_with_argon2id (void)
{
  g_autoptr (TestStore) ts = sv_store ();
  g_autoptr (GError) error = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *leak = NULL;

  g_assert_false (
      mpos_payment_pin_set (ts->store, tp_member (ts->store, CARD_A), "12345", NULL, "1001", 0,
                            &error));
  g_assert_error (error, MPOS_PAYMENT_PIN_ERROR, MPOS_PAYMENT_PIN_ERROR_INVALID);
  set_pin (ts->store, CARD_A, "123456");
  hash = test_query_text (ts->store, "SELECT hash FROM payment_pins");
  g_assert_true (g_str_has_prefix (hash, "$argon2id$"));
  leak
      = test_query_text (ts->store, "SELECT count(*) FROM (SELECT payload t FROM journal UNION ALL "
                                "SELECT detail FROM audit UNION ALL SELECT hash FROM payment_pins) "
                                "WHERE t LIKE '%123456%'");
  g_assert_cmpstr (leak, ==, "0");
}

static void
test_stored_value_pin_required_wrong_and_locked (void)
{
  g_autoptr (TestStore) ts = sv_store ();
  g_autoptr (GError) error = NULL;
  MposPaymentPinState state;
  int64_t a;

  a = tp_member (ts->store, CARD_A);
  tp_top_up (ts->store, CARD_A, 100000, NULL);
  set_pin (ts->store, CARD_A, "123456");
  /* Up to 200.00 needs no PIN. */
  tp_sell (ts->store, SALE_DOC (CARD_A, NOODLES (40), SV ("200.00")), NULL);
  assert_sale_refused (ts->store, SALE_DOC (CARD_A, NOODLES (41), SV ("205.00")),
                       MPOS_PAYMENT_PIN_ERROR, MPOS_PAYMENT_PIN_ERROR_REQUIRED, FALSE);
  /* Two small payments adding up above 200.00 need it too. */
  assert_sale_refused (ts->store, SALE_DOC (CARD_A, NOODLES (42), SV ("110.00") "," SV ("100.00")),
                       MPOS_PAYMENT_PIN_ERROR, MPOS_PAYMENT_PIN_ERROR_REQUIRED, FALSE);
  for (int i = 1; i <= 4; i++)
    {
      assert_sale_refused (ts->store, SALE_DOC (CARD_A, NOODLES (41), SV_PIN ("205.00", "654321")),
                           MPOS_PAYMENT_PIN_ERROR, MPOS_PAYMENT_PIN_ERROR_WRONG, TRUE);
      g_assert_true (mpos_payment_pin_state (ts->store, a, &state, &error));
      g_assert_cmpint (state.failures, ==, i); /* counted although the sale was refused */
    }
  test_store_reopen (ts); /* the count survives a restart */
  assert_sale_refused (ts->store, SALE_DOC (CARD_A, NOODLES (41), SV_PIN ("205.00", "99")),
                       MPOS_PAYMENT_PIN_ERROR, MPOS_PAYMENT_PIN_ERROR_LOCKED, TRUE);
  /* Locked: even the right PIN is refused, and so is a small payment without it. */
  assert_sale_refused (ts->store, SALE_DOC (CARD_A, NOODLES (41), SV_PIN ("205.00", "123456")),
                       MPOS_PAYMENT_PIN_ERROR, MPOS_PAYMENT_PIN_ERROR_LOCKED, TRUE);
  assert_sale_refused (ts->store, SALE_DOC (CARD_A, NOODLES (2), SV ("10.00")),
                       MPOS_PAYMENT_PIN_ERROR, MPOS_PAYMENT_PIN_ERROR_LOCKED, TRUE);
  g_assert_false (mpos_payment_pin_unlock (ts->store, a, NULL, 0, &error));
  g_assert_error (error, MPOS_STAFF_ERROR, MPOS_STAFF_ERROR_REQUIRED);
  g_clear_error (&error);
  g_assert_true (mpos_payment_pin_unlock (ts->store, a, test_supervisor (ts->store), mpos_clock_now (),
                                          &error));
  tp_sell (ts->store, SALE_DOC (CARD_A, NOODLES (2), SV ("10.00")), NULL);
  tp_sell (ts->store, SALE_DOC (CARD_A, NOODLES (41), SV_PIN ("205.00", "123456")), NULL);
  g_assert_true (mpos_payment_pin_state (ts->store, a, &state, &error));
  g_assert_cmpint (state.failures, ==, 0);
  g_assert_false (state.locked);
  /* Proportional each time: 200.00 = 178.57 + 21.43, 10.00 = 8.93 + 1.07,
   * 205.00 = 183.04 + 21.96. */
  assert_balance (ts->store, CARD_A, 62946, 7554);
  test_assert_consistent (ts->store);
}

static void
refund (MposStore *store, const char *receipt_no, const MposStaffCredential *supervisor,
        GQuark domain, int code,
        MposTopUpResult *result)
{
  g_autoptr (GError) error = NULL;
  MposTopUpResult local;
  gboolean ok
      = mpos_stored_value_refund_top_up (store, receipt_no, "1001", supervisor, "customer asked",
                                         mpos_clock_now (), result ? result : &local, &error);

  if (domain == 0)
    {
      g_assert_no_error (error);
      g_assert_true (ok);
      return;
    }
  g_assert_false (ok);
  g_assert_error (error, domain, code);
}

static void
test_stored_value_refund_top_up_unused_principal_only (void)
{
  g_autoptr (TestStore) ts = sv_store ();
  MposTopUpResult top_up, r;
  g_autofree char *before = NULL, *after = NULL;

  tp_top_up (ts->store, CARD_A, 50000, &top_up);
  tp_sell (ts->store, SALE_DOC (CARD_A, NOODLES (22), SV ("110.00")), NULL); /* 100 + 10 */
  before = tp_fingerprint (ts->store);
  refund (ts->store, top_up.receipt_no, NULL, MPOS_STAFF_ERROR, MPOS_STAFF_ERROR_REQUIRED, NULL);
  refund (ts->store, "S001-T01-20261123-C0099", test_manager (ts->store), MPOS_STORED_VALUE_ERROR,
          MPOS_STORED_VALUE_ERROR_NOT_FOUND, NULL);
  after = tp_fingerprint (ts->store);
  g_assert_cmpstr (before, ==, after);
  refund (ts->store, top_up.receipt_no, test_manager (ts->store), 0, 0, &r);
  /* 400.00 of principal paid back; the 40.00 bonus left is taken back, not paid. */
  g_assert_cmpint (r.principal, ==, -40000);
  g_assert_cmpint (r.bonus, ==, -4000);
  assert_balance (ts->store, CARD_A, 0, 0);
  refund (ts->store, top_up.receipt_no, test_manager (ts->store), MPOS_STORED_VALUE_ERROR,
          MPOS_STORED_VALUE_ERROR_ALREADY_REFUNDED, NULL);
  refund (ts->store, r.receipt_no, test_manager (ts->store), MPOS_STORED_VALUE_ERROR, MPOS_STORED_VALUE_ERROR_INVALID,
          NULL);
  /* A top-up whose principal is all spent has nothing to refund. */
  tp_top_up (ts->store, CARD_B, 50000, &top_up);
  tp_sell (ts->store, SALE_DOC (CARD_B, NOODLES (110), SV ("550.00")), NULL);
  refund (ts->store, top_up.receipt_no, test_manager (ts->store), MPOS_STORED_VALUE_ERROR,
          MPOS_STORED_VALUE_ERROR_NOTHING_TO_REFUND, NULL);
  test_assert_consistent (ts->store);
}

/* A tender name the program does not know, read back from a top-up (a file
 * edited around SQLite), stops the refund: it is never refunded as cash. */
static void
test_stored_value_refund_top_up_unknown_tender_refused (void)
{
  g_autoptr (TestStore) ts = sv_store ();
  g_autofree char *tamper = NULL;
  g_autofree char *before = NULL, *after = NULL;
  const MposStaffCredential *manager;
  MposTopUpResult top_up;

  tp_top_up (ts->store, CARD_A, 50000, &top_up);
  tamper = g_strdup_printf ("PRAGMA ignore_check_constraints = ON; DROP TRIGGER "
                            "sv_top_ups_no_update; UPDATE sv_top_ups SET tender_type = 'crypto' "
                            "WHERE receipt_no = '%s'; PRAGMA ignore_check_constraints = OFF;",
                            top_up.receipt_no);
  test_exec (ts->store, tamper);
  manager = test_manager (ts->store);
  before = tp_fingerprint (ts->store);
  refund (ts->store, top_up.receipt_no, manager, MPOS_TENDER_ERROR,
          MPOS_TENDER_ERROR_INVALID, NULL);
  after = tp_fingerprint (ts->store);
  g_assert_cmpstr (before, ==, after);
}

static void
test_stored_value_return_gives_back_principal_and_bonus (void)
{
  g_autoptr (TestStore) ts = sv_store ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) half = g_array_new (FALSE, FALSE, sizeof (MposReturnRequest));
  g_autoptr (GArray) all = g_array_new (FALSE, FALSE, sizeof (MposReturnRequest));
  MposReturnRequest request = { 1, 11 };
  MposSaleResult sale, ret;

  g_array_append_val (half, request);
  tp_top_up (ts->store, CARD_A, 50000, NULL);
  tp_sell (ts->store, SALE_DOC (CARD_A, NOODLES (22), SV ("110.00")), &sale);
  assert_balance (ts->store, CARD_A, 40000, 4000);
  g_assert_true (mpos_sale_return (ts->store, sale.receipt_no, half, "1002", NULL, &ret, &error));
  g_assert_no_error (error);
  assert_balance (ts->store, CARD_A, 45000, 4500);
  g_assert_cmpint (test_query_int (ts->store, "SELECT sum (amount) FROM tenders WHERE type = "
                                          "'stored_value' AND amount < 0"),
                   ==, -5500);
  g_assert_true (mpos_sale_return (ts->store, sale.receipt_no, all, "1002", NULL, &ret, &error));
  assert_balance (ts->store, CARD_A, 50000, 5000);
  g_assert_cmpint (test_query_int (ts->store, "SELECT count(*) FROM tenders WHERE type = 'cash'"), ==,
                   0);
  test_assert_consistent (ts->store);
}

static void
test_stored_value_statement (void)
{
  g_autoptr (TestStore) ts = sv_store ();
  g_autoptr (GError) error = NULL;
  g_autoptr (MposStoredValueStatement) statement = NULL;
  const MposStoredValueMovement *spent;

  tp_top_up (ts->store, CARD_A, 50000, NULL);
  tp_sell (ts->store, SALE_DOC (CARD_A, NOODLES (22), SV ("110.00")), NULL);
  statement = mpos_stored_value_statement (ts->store, tp_member (ts->store, CARD_A), &error);
  g_assert_no_error (error);
  g_assert_cmpint (statement->movements->len, ==, 2);
  spent = g_ptr_array_index (statement->movements, 1);
  g_assert_cmpint (spent->principal, ==, -10000);
  g_assert_cmpint (spent->bonus, ==, -1000);
  g_assert_cmpint (statement->balance.principal + statement->balance.bonus, ==, 44000);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/stored-value/top-up/tiers", test_stored_value_top_up_tiers);
  g_test_add_func ("/stored-value/top-up/refusals", test_stored_value_top_up_refusals);
  g_test_add_func ("/stored-value/sale/paid-partly-from-bonus",
                   test_stored_value_sale_paid_partly_from_bonus);
  g_test_add_func ("/stored-value/sale/bonus-first", test_stored_value_spend_order_bonus_first);
  g_test_add_func ("/stored-value/sale/insufficient-or-no-member",
                   test_stored_value_insufficient_or_no_member);
  g_test_add_func ("/stored-value/pin/argon2id", test_stored_value_pin_hashed_with_argon2id);
  g_test_add_func ("/stored-value/pin/required-wrong-locked",
                   test_stored_value_pin_required_wrong_and_locked);
  g_test_add_func ("/stored-value/refund-top-up/unused-principal-only",
                   test_stored_value_refund_top_up_unused_principal_only);
  g_test_add_func ("/stored-value/refund-top-up/unknown-tender-refused",
                   test_stored_value_refund_top_up_unknown_tender_refused);
  g_test_add_func ("/stored-value/return/principal-and-bonus",
                   test_stored_value_return_gives_back_principal_and_bonus);
  g_test_add_func ("/stored-value/statement", test_stored_value_statement);
  return g_test_run ();
}
