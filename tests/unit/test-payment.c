/* test-payment.c — charging cards and mobile payments through a gateway
 * (src/payment.c, src/payment-attempt.c, src/payment-simulated.c): every
 * charge is recorded before and after the gateway is asked; paying again
 * after a decline or a lost answer never takes the money twice; a sale's
 * commit completes its charges; reconciliation refunds money taken for a
 * sale never stored, leaves what it cannot ask about open, and never charges. */
#include "payment.h"
#include "payment-attempt.h"
#include "payment-simulated.h"
#include "test-util.h"

#include <string.h>

#define WECHAT_CODE "134567890123456789"
#define GONE_PID "2147483000" /* no process has it */

typedef struct
{
  TestStore *ts;
  char *ledger;
  MposPaymentSimulated *bank;
  MposCart *cart;
} Pay;

static void
pay_setup (Pay *p, gconstpointer data)
{
  (void)data;
  p->ts = test_store_new_demo ();
  p->ledger = g_build_filename (p->ts->dir, "bank.ini", NULL);
  p->bank = mpos_payment_simulated_new (p->ledger);
  mpos_payment_simulated_set_latency (p->bank, 20);
  p->cart = test_cart_new (p->ts->store);
  test_cart_add_sku (p->cart, "100002", 10); /* 159.00 */
}

static void
pay_teardown (Pay *p, gconstpointer data)
{
  (void)data;
  g_clear_pointer (&p->cart, mpos_cart_free);
  g_clear_object (&p->bank);
  g_free (p->ledger);
  test_store_free (p->ts);
}

static gboolean
charge_cancellable (Pay *p, MposTenderType type, const char *code, MposMoney amount,
                    GCancellable *cancellable, GError **error)
{
  g_autoptr (GAsyncResult) result = NULL;

  mpos_payment_charge_async (p->cart, MPOS_PAYMENT_GATEWAY (p->bank), type, code, amount,
                             cancellable, test_keep_result, &result);
  return mpos_payment_charge_finish (p->cart, test_wait_result (&result), error);
}

static gboolean
charge (Pay *p, MposTenderType type, const char *code, MposMoney amount, GError **error)
{
  return charge_cancellable (p, type, code, amount, NULL, error);
}

static MposReconcileReport
reconcile (Pay *p, const char *sale_id)
{
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  MposReconcileReport report = { 0 };

  mpos_payment_reconcile_async (p->ts->store, MPOS_PAYMENT_GATEWAY (p->bank), sale_id, NULL,
                                test_keep_result, &result);
  g_assert_true (mpos_payment_reconcile_finish (p->ts->store, test_wait_result (&result), &report, &error));
  g_assert_no_error (error);
  return report;
}

static char *
key_of (Pay *p, int index)
{
  return mpos_payment_attempt_key (mpos_cart_get_sale_id (p->cart), index);
}

static char *
attempt_state (Pay *p, int index)
{
  g_autofree char *key = key_of (p, index);
  g_autofree char *sql
      = g_strdup_printf ("SELECT state FROM payment_attempts WHERE idempotency_key = '%s'", key);

  return test_query_text (p->ts->store, sql);
}

static MposSimulatedCharge
bank_charge (Pay *p, int index)
{
  g_autofree char *key = key_of (p, index);
  MposSimulatedCharge charge = { 0 };

  g_assert_true (mpos_payment_simulated_lookup (p->bank, key, &charge));
  return charge;
}

/* The process that charged is gone (a crash, a restart). */
static void
orphan_attempts (Pay *p)
{
  test_exec (p->ts->store, "UPDATE payment_attempts SET owner_pid = " GONE_PID);
}

static void
test_payment_approved_card_is_a_tender_and_completes_with_the_sale (Pay *p, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  MposMoney total = mpos_cart_total (p->cart);
  MposSaleResult result;
  g_autofree char *state = NULL;
  MposTender *tender;

  (void)data;
  g_assert_true (charge (p, MPOS_TENDER_BANK_CARD, NULL, total, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (mpos_cart_get_tenders (p->cart)->len, ==, 1);
  tender = g_ptr_array_index (mpos_cart_get_tenders (p->cart), 0);
  g_assert_cmpint (tender->type, ==, MPOS_TENDER_BANK_CARD);
  g_assert_cmpint (tender->amount, ==, total);
  g_assert_cmpstr (tender->provider, ==, "simulated");
  g_assert_nonnull (tender->reference);
  state = attempt_state (p, 0);
  g_assert_cmpstr (state, ==, "approved");
  test_commit_sale (p->cart, &result);
  g_assert_cmpstr (result.sale_id, ==, mpos_cart_get_sale_id (p->cart));
  g_free (state);
  state = attempt_state (p, 0);
  g_assert_cmpstr (state, ==, "completed");
  g_assert_cmpuint (bank_charge (p, 0).taken, ==, 1);
  g_assert_cmpint (bank_charge (p, 0).amount, ==, total);
  test_assert_consistent (p->ts->store);
}

static void
test_payment_mobile_reference_names_its_wallet (Pay *p, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  MposTender *tender;

  (void)data;
  g_assert_true (charge (p, MPOS_TENDER_MOBILE, WECHAT_CODE, 1000, &error));
  g_assert_no_error (error);
  tender = g_ptr_array_index (mpos_cart_get_tenders (p->cart), 0);
  g_assert_true (g_str_has_prefix (tender->reference, "wechat-"));
  g_assert_cmpstr (mpos_tender_label (tender), ==, "微信支付 WeChat Pay");
  /* The payment code is a bearer token: it is nowhere in the store. */
  g_assert_cmpint (test_query_int (p->ts->store, "SELECT count(*) FROM payment_attempts WHERE "
                                                 "instr (coalesce (reference, '') || "
                                                 "coalesce (detail, ''), '" WECHAT_CODE "')"),
                   ==, 0);
}

static void
test_payment_declined_then_paid_again_takes_money_once (Pay *p, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *state = NULL;

  (void)data;
  mpos_payment_simulated_set_decline (p->bank, "余额不足 insufficient funds");
  g_assert_false (charge (p, MPOS_TENDER_BANK_CARD, NULL, 5000, &error));
  g_assert_error (error, MPOS_PAYMENT_ERROR, MPOS_PAYMENT_ERROR_DECLINED);
  g_assert_nonnull (strstr (error->message, "insufficient funds"));
  g_assert_nonnull (strstr (error->message, "another card"));
  g_assert_cmpuint (mpos_cart_get_tenders (p->cart)->len, ==, 0);
  state = attempt_state (p, 0);
  g_assert_cmpstr (state, ==, "declined");
  g_assert_cmpuint (bank_charge (p, 0).taken, ==, 0);

  g_clear_error (&error);
  mpos_payment_simulated_set_decline (p->bank, NULL);
  g_assert_true (charge (p, MPOS_TENDER_BANK_CARD, NULL, 5000, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (bank_charge (p, 0).charges, ==, 2);
  g_assert_cmpuint (bank_charge (p, 0).taken, ==, 1);
}

static void
test_payment_lost_answer_is_unknown_and_paying_again_never_charges_twice (Pay *p,
                                                                          gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *state = NULL;

  (void)data;
  mpos_payment_simulated_set_fault (p->bank, MPOS_SIMULATED_FAULT_LOSE_REPLY);
  g_assert_false (charge (p, MPOS_TENDER_BANK_CARD, NULL, 5000, &error));
  g_assert_error (error, MPOS_PAYMENT_ERROR, MPOS_PAYMENT_ERROR_UNKNOWN);
  g_assert_nonnull (strstr (error->message, "cannot be charged twice"));
  state = attempt_state (p, 0);
  g_assert_cmpstr (state, ==, "unknown");
  g_assert_cmpuint (bank_charge (p, 0).taken, ==, 1); /* the bank took it */

  g_clear_error (&error);
  mpos_payment_simulated_set_fault (p->bank, MPOS_SIMULATED_FAULT_NONE);
  g_assert_true (charge (p, MPOS_TENDER_BANK_CARD, NULL, 5000, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (mpos_cart_get_tenders (p->cart)->len, ==, 1);
  g_assert_cmpuint (bank_charge (p, 0).taken, ==, 1);
  g_free (state);
  state = attempt_state (p, 0);
  g_assert_cmpstr (state, ==, "approved");
}

static void
test_payment_cancelled_before_the_bank_takes_nothing (Pay *p, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *key = key_of (p, 0);
  g_autofree char *state = NULL;
  MposSimulatedCharge charge_seen;

  (void)data;
  mpos_payment_simulated_set_latency (p->bank, 2000);
  g_cancellable_cancel (cancellable);
  g_assert_false (charge_cancellable (p, MPOS_TENDER_BANK_CARD, NULL, 5000, cancellable, &error));
  g_assert_error (error, MPOS_PAYMENT_ERROR, MPOS_PAYMENT_ERROR_UNKNOWN);
  g_assert_false (mpos_payment_simulated_lookup (p->bank, key, &charge_seen));
  state = attempt_state (p, 0);
  g_assert_cmpstr (state, ==, "unknown");
  /* Asked about later, it turns out nothing was taken. */
  orphan_attempts (p);
  g_assert_cmpuint (reconcile (p, NULL).declined, ==, 1);
  g_free (state);
  state = attempt_state (p, 0);
  g_assert_cmpstr (state, ==, "declined");
}

static void
test_payment_bad_requests_are_refused_before_anything_is_asked (Pay *p, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  MposMoney total = mpos_cart_total (p->cart);
  g_auto (GStrv) keys = NULL;

  (void)data;
  g_assert_false (charge (p, MPOS_TENDER_BANK_CARD, NULL, total + 1, &error));
  g_assert_error (error, MPOS_PAYMENT_ERROR, MPOS_PAYMENT_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "still due"));
  g_clear_error (&error);
  g_assert_false (charge (p, MPOS_TENDER_BANK_CARD, NULL, 0, &error));
  g_assert_error (error, MPOS_PAYMENT_ERROR, MPOS_PAYMENT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (charge (p, MPOS_TENDER_MOBILE, "12345", 100, &error));
  g_assert_error (error, MPOS_PAYMENT_ERROR, MPOS_PAYMENT_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "scan again"));
  g_clear_error (&error);
  g_assert_false (charge (p, MPOS_TENDER_CASH, NULL, 100, &error));
  g_assert_error (error, MPOS_PAYMENT_ERROR, MPOS_PAYMENT_ERROR_INVALID);
  g_assert_cmpint (test_count_rows (p->ts->store, "payment_attempts"), ==, 0);
  keys = mpos_payment_simulated_keys (p->bank);
  g_assert_cmpuint (g_strv_length (keys), ==, 0);
}

/* The terminal died after the bank took the money and before the sale was
 * stored: at start the money goes back, once. */
static void
test_payment_reconcile_refunds_a_charge_whose_sale_was_never_stored (Pay *p, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) open = NULL;
  g_autofree char *state = NULL;
  MposReconcileReport report;

  (void)data;
  g_assert_true (charge (p, MPOS_TENDER_BANK_CARD, NULL, 5000, &error));
  /* While the process that charged lives, the attempt is its own. */
  open = mpos_payment_attempts_unreconciled (p->ts->store, &error);
  g_assert_cmpuint (open->len, ==, 0);
  g_assert_cmpuint (reconcile (p, NULL).checked, ==, 0);
  orphan_attempts (p);
  g_ptr_array_unref (open);
  open = mpos_payment_attempts_unreconciled (p->ts->store, &error);
  g_assert_cmpuint (open->len, ==, 1);
  report = reconcile (p, NULL);
  g_assert_cmpuint (report.checked, ==, 1);
  g_assert_cmpuint (report.refunded, ==, 1);
  state = attempt_state (p, 0);
  g_assert_cmpstr (state, ==, "refunded");
  g_assert_cmpuint (bank_charge (p, 0).taken, ==, 1);
  g_assert_cmpuint (bank_charge (p, 0).refunds, ==, 1);
  /* Nothing is left to ask about, and asking again changes nothing. */
  g_assert_cmpuint (reconcile (p, NULL).checked, ==, 0);
  g_assert_cmpuint (bank_charge (p, 0).refunds, ==, 1);
}

/* A sale stored with its charge, but the attempt left approved (as an
 * older terminal would): kept, not refunded. */
static void
test_payment_reconcile_keeps_a_charge_whose_sale_is_stored (Pay *p, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  MposSaleResult result;
  MposReconcileReport report;
  g_autofree char *state = NULL;

  (void)data;
  g_assert_true (charge (p, MPOS_TENDER_BANK_CARD, NULL, mpos_cart_total (p->cart), &error));
  test_commit_sale (p->cart, &result);
  test_exec (p->ts->store, "UPDATE payment_attempts SET state = 'approved'");
  orphan_attempts (p);
  report = reconcile (p, NULL);
  g_assert_cmpuint (report.completed, ==, 1);
  g_assert_cmpuint (report.refunded, ==, 0);
  state = attempt_state (p, 0);
  g_assert_cmpstr (state, ==, "completed");
  g_assert_cmpuint (bank_charge (p, 0).refunds, ==, 0);
}

static void
test_payment_reconcile_without_an_answer_leaves_it_open (Pay *p, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) open = NULL;
  MposReconcileReport report;

  (void)data;
  g_assert_true (charge (p, MPOS_TENDER_BANK_CARD, NULL, 5000, &error));
  orphan_attempts (p);
  mpos_payment_simulated_set_fault (p->bank, MPOS_SIMULATED_FAULT_OFFLINE);
  report = reconcile (p, NULL);
  g_assert_cmpuint (report.still_open, ==, 1);
  open = mpos_payment_attempts_unreconciled (p->ts->store, &error);
  g_assert_cmpuint (open->len, ==, 1);
  g_assert_cmpint (((MposPaymentAttempt *)open->pdata[0])->state, ==, MPOS_ATTEMPT_APPROVED);
  g_assert_cmpuint (bank_charge (p, 0).refunds, ==, 0);
}

/* A sale voided after a card paid part of it: its charges go back at once. */
static void
test_payment_reconcile_of_a_voided_sale_refunds_its_charges (Pay *p, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  MposReconcileReport report;

  (void)data;
  g_assert_true (charge (p, MPOS_TENDER_BANK_CARD, NULL, 3000, &error));
  g_assert_true (charge (p, MPOS_TENDER_MOBILE, WECHAT_CODE, 2000, &error));
  g_assert_no_error (error);
  report = reconcile (p, mpos_cart_get_sale_id (p->cart));
  g_assert_cmpuint (report.refunded, ==, 2);
  g_assert_cmpuint (bank_charge (p, 0).refunds, ==, 1);
  g_assert_cmpuint (bank_charge (p, 1).refunds, ==, 1);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  test_pin_now (TEST_NOW_ISO);
#define ADD(path, fn) g_test_add ("/payment/" path, Pay, NULL, pay_setup, fn, pay_teardown)
  ADD ("approved-card-is-a-tender-and-completes-with-the-sale",
       test_payment_approved_card_is_a_tender_and_completes_with_the_sale);
  ADD ("mobile-reference-names-its-wallet", test_payment_mobile_reference_names_its_wallet);
  ADD ("declined-then-paid-again-takes-money-once",
       test_payment_declined_then_paid_again_takes_money_once);
  ADD ("lost-answer-is-unknown-and-paying-again-never-charges-twice",
       test_payment_lost_answer_is_unknown_and_paying_again_never_charges_twice);
  ADD ("cancelled-before-the-bank-takes-nothing",
       test_payment_cancelled_before_the_bank_takes_nothing);
  ADD ("bad-requests-are-refused-before-anything-is-asked",
       test_payment_bad_requests_are_refused_before_anything_is_asked);
  ADD ("reconcile-refunds-a-charge-whose-sale-was-never-stored",
       test_payment_reconcile_refunds_a_charge_whose_sale_was_never_stored);
  ADD ("reconcile-keeps-a-charge-whose-sale-is-stored",
       test_payment_reconcile_keeps_a_charge_whose_sale_is_stored);
  ADD ("reconcile-without-an-answer-leaves-it-open",
       test_payment_reconcile_without_an_answer_leaves_it_open);
  ADD ("reconcile-of-a-voided-sale-refunds-its-charges",
       test_payment_reconcile_of_a_voided_sale_refunds_its_charges);
  return g_test_run ();
}
