/* payment.c — the two asynchronous payment flows of payment.h. A charge:
 * validate, record "requested" (durable) → ask the gateway → record its
 * answer → add the tender. Reconciliation: for each open attempt, query the
 * gateway by key and settle it, refunding money taken for a sale that was
 * never stored. Store work happens in the callbacks, on the caller's thread. */
#include "payment.h"
#include "cart-private.h"
#include "clock.h"
#include "fail.h"
#include "payment-attempt.h"

#include <string.h>

#define payment_fail(error, code, ...) mpos_fail (error, MPOS_PAYMENT_ERROR, code, __VA_ARGS__)

/* ---- charging ------------------------------------------------------------ */

typedef struct
{
  MposCart *cart;
  MposPaymentGateway *gateway;
  MposPaymentAttempt attempt; /* what is asked for */
  MposWallet wallet;
} ChargeRun;

static void
charge_run_free (ChargeRun *run)
{
  g_clear_object (&run->gateway);
  g_free (run->attempt.idempotency_key);
  g_free (run->attempt.sale_id);
  g_free (run->attempt.gateway);
  g_free (run);
}

static gboolean
check_charge (MposCart *cart, MposTenderType type, const char *code, MposMoney amount,
              GError **error)
{
  MposMoney due = mpos_cart_total (cart) - mpos_cart_tendered (cart);
  g_autofree char *due_text = mpos_money_format (due, MPOS_MONEY_FORMAT_PLAIN);

  if (type != MPOS_TENDER_BANK_CARD && type != MPOS_TENDER_MOBILE)
    return payment_fail (error, MPOS_PAYMENT_ERROR_INVALID,
                         "only bank cards and mobile payments are charged through the gateway");
  if (type == MPOS_TENDER_MOBILE && mpos_wallet_from_code (code) == MPOS_WALLET_NONE)
    return payment_fail (error, MPOS_PAYMENT_ERROR_INVALID,
                         "not a WeChat Pay, Alipay or UnionPay payment code; ask the customer to "
                         "refresh the code and scan again");
  if (amount <= 0 || amount > due)
    return payment_fail (error, MPOS_PAYMENT_ERROR_INVALID,
                         "a card or mobile payment must be more than 0 and at most what is "
                         "still due (%s)",
                         due_text);
  if (cart->tenders->len >= 16)
    return payment_fail (error, MPOS_PAYMENT_ERROR_INVALID, "at most 16 payments per sale");
  return TRUE;
}

/* The tender the cart gets for an approved charge; a mobile reference
 * starts with its wallet ("wechat-…"), which receipts name it by. */
static gboolean
add_tender (ChargeRun *run, const char *reference, GError **error)
{
  g_autofree char *ref = run->wallet != MPOS_WALLET_NONE
                             ? g_strdup_printf ("%s-%s", mpos_wallet_name (run->wallet), reference)
                             : g_strdup (reference);
  g_autoptr (MposTender) tender
      = mpos_tender_new (run->attempt.tender_type, run->attempt.amount, ref, run->attempt.gateway);

  return mpos_cart_add_tender (run->cart, tender, error);
}

/* The gateway's answer, recorded; the tender added when approved. */
static gboolean
settle_charge (ChargeRun *run, gboolean answered, MposChargeOutcome *outcome, GError **error)
{
  MposStore *store = run->cart->store;
  const char *key = run->attempt.idempotency_key;
  int64_t now = mpos_clock_now ();

  if (!answered)
    {
      mpos_payment_attempt_record (store, key, MPOS_ATTEMPT_UNKNOWN, NULL, (*error)->message, now,
                                   NULL);
      g_prefix_error (error, "no answer from the payment gateway, so it is not known whether "
                             "the customer paid; pay again (the same payment is asked for and "
                             "cannot be charged twice): ");
      (*error)->domain = MPOS_PAYMENT_ERROR;
      (*error)->code = MPOS_PAYMENT_ERROR_UNKNOWN;
      return FALSE;
    }
  if (outcome->state == MPOS_CHARGE_DECLINED)
    {
      if (!mpos_payment_attempt_record (store, key, MPOS_ATTEMPT_DECLINED, NULL, outcome->detail,
                                        now, error))
        return FALSE;
      return payment_fail (error, MPOS_PAYMENT_ERROR_DECLINED,
                           "the payment was declined (%s); ask for another card or payment code",
                           outcome->detail ? outcome->detail : "no reason given");
    }
  if (outcome->state != MPOS_CHARGE_APPROVED)
    {
      mpos_payment_attempt_record (store, key, MPOS_ATTEMPT_UNKNOWN, NULL,
                                   "the gateway answered a charge without approving or declining",
                                   now, NULL);
      return payment_fail (error, MPOS_PAYMENT_ERROR_UNKNOWN,
                           "the payment gateway gave no clear answer (%s); pay again",
                           mpos_charge_state_name (outcome->state));
    }
  return mpos_payment_attempt_record (store, key, MPOS_ATTEMPT_APPROVED, outcome->reference, NULL,
                                      now, error)
         && add_tender (run, outcome->reference, error);
}

static void
on_charged (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (GTask) task = data;
  ChargeRun *run = g_task_get_task_data (task);
  g_auto (MposChargeOutcome) outcome = { 0 };
  GError *error = NULL;
  gboolean answered = mpos_payment_gateway_charge_finish (MPOS_PAYMENT_GATEWAY (source), result,
                                                          &outcome, &error);

  if (settle_charge (run, answered, &outcome, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/* Records the request; FALSE when the task is already answered (an error,
 * or money taken earlier under this key). */
static gboolean
request_charge (GTask *task, ChargeRun *run)
{
  g_autoptr (MposPaymentAttempt) before = NULL;
  GError *error = NULL;

  if (!mpos_payment_attempt_request (run->cart->store, &run->attempt, mpos_clock_now (), &before,
                                     &error))
    {
      g_task_return_error (task, error);
      return FALSE;
    }
  if (before == NULL
      || (before->state != MPOS_ATTEMPT_APPROVED && before->state != MPOS_ATTEMPT_COMPLETED
          && before->state != MPOS_ATTEMPT_REFUNDED))
    return TRUE;
  if (before->state == MPOS_ATTEMPT_REFUNDED)
    g_task_return_new_error (task, MPOS_PAYMENT_ERROR, MPOS_PAYMENT_ERROR_INVALID,
                             "this payment was refunded already; start the sale again");
  else if (add_tender (run, before->reference, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
  return FALSE;
}

void
mpos_payment_charge_async (MposCart *cart, MposPaymentGateway *gateway, MposTenderType type,
                           const char *payment_code, MposMoney amount, GCancellable *cancellable,
                           GAsyncReadyCallback callback, gpointer data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, data);
  ChargeRun *run = g_new0 (ChargeRun, 1);
  GError *error = NULL;
  MposChargeRequest request = { 0 };

  g_task_set_name (task, "payment charge");
  g_task_set_check_cancellable (task, FALSE); /* a cancelled charge still says what happened */
  g_task_set_task_data (task, run, (GDestroyNotify)charge_run_free);
  run->cart = cart;
  run->gateway = g_object_ref (gateway);
  if (!check_charge (cart, type, payment_code, amount, &error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  run->wallet
      = type == MPOS_TENDER_MOBILE ? mpos_wallet_from_code (payment_code) : MPOS_WALLET_NONE;
  run->attempt.sale_id = g_strdup (cart->sale_id);
  run->attempt.tender_index = (int)cart->tenders->len;
  run->attempt.idempotency_key = mpos_payment_attempt_key (cart->sale_id, (int)cart->tenders->len);
  run->attempt.gateway = g_strdup (mpos_payment_gateway_get_name (gateway));
  run->attempt.tender_type = type;
  run->attempt.amount = amount;
  if (!request_charge (task, run))
    {
      g_object_unref (task);
      return;
    }
  request = (MposChargeRequest){ run->attempt.idempotency_key, type, payment_code, amount };
  mpos_payment_gateway_charge_async (gateway, &request, cancellable, on_charged, task);
}

gboolean
mpos_payment_charge_finish (MposCart *cart, GAsyncResult *result, GError **error)
{
  (void)cart;
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- reconciling --------------------------------------------------------- */

typedef struct
{
  MposStore *store;
  MposPaymentGateway *gateway;
  GPtrArray *attempts; /* of MposPaymentAttempt*, settled in order */
  guint next;
  MposReconcileReport report;
} ReconcileRun;

static void
reconcile_run_free (ReconcileRun *run)
{
  g_clear_object (&run->gateway);
  g_clear_pointer (&run->attempts, g_ptr_array_unref);
  g_free (run);
}

static void reconcile_next (GTask *task);

/* Ends the run with `error` (the task's last reference goes). */
static void
reconcile_fail (GTask *task, GError *error)
{
  g_task_return_error (task, error);
  g_object_unref (task);
}

static MposPaymentAttempt *
current (ReconcileRun *run)
{
  return g_ptr_array_index (run->attempts, run->next);
}

/* Records `state` for the current attempt and counts it; FALSE (the run
 * ended with the error) when the store refused. */
static gboolean
settle (GTask *task, MposAttemptState state, const MposChargeOutcome *outcome, const char *detail)
{
  ReconcileRun *run = g_task_get_task_data (task);
  GError *error = NULL;

  if (!mpos_payment_attempt_record (run->store, current (run)->idempotency_key, state,
                                    outcome ? outcome->reference : NULL, detail, mpos_clock_now (),
                                    &error))
    {
      reconcile_fail (task, error);
      return FALSE;
    }
  if (state == MPOS_ATTEMPT_COMPLETED)
    run->report.completed++;
  else if (state == MPOS_ATTEMPT_REFUNDED)
    run->report.refunded++;
  else
    run->report.declined++;
  return TRUE;
}

static void
advance (GTask *task)
{
  ReconcileRun *run = g_task_get_task_data (task);

  run->next++;
  reconcile_next (task);
}

static void
on_refunded (GObject *source, GAsyncResult *result, gpointer data)
{
  GTask *task = data;
  ReconcileRun *run = g_task_get_task_data (task);
  g_auto (MposChargeOutcome) outcome = { 0 };
  g_autoptr (GError) error = NULL;
  gboolean ok;

  if (!mpos_payment_gateway_refund_finish (MPOS_PAYMENT_GATEWAY (source), result, &outcome, &error))
    {
      g_debug ("payment %s: refund not confirmed: %s", current (run)->idempotency_key,
               error->message);
      run->report.still_open++;
      advance (task);
      return;
    }
  if (outcome.state == MPOS_CHARGE_REFUNDED)
    ok = settle (task, MPOS_ATTEMPT_REFUNDED, &outcome,
                 "refunded at reconciliation: the sale it paid for was never stored");
  else
    ok = settle (task, MPOS_ATTEMPT_DECLINED, &outcome, "the gateway never took it");
  if (ok)
    advance (task);
}

/* Money was taken: kept when the sale is stored, else given back. */
static void
settle_taken (GTask *task, const MposChargeOutcome *outcome)
{
  ReconcileRun *run = g_task_get_task_data (task);
  GError *error = NULL;
  gboolean stored = FALSE;

  if (!mpos_payment_attempt_sale_stored (run->store, current (run)->sale_id, &stored, &error))
    {
      reconcile_fail (task, error);
      return;
    }
  if (stored)
    {
      if (settle (task, MPOS_ATTEMPT_COMPLETED, outcome, NULL))
        advance (task);
      return;
    }
  mpos_payment_gateway_refund_async (run->gateway, current (run)->idempotency_key,
                                     g_task_get_cancellable (task), on_refunded, task);
}

static void
on_queried (GObject *source, GAsyncResult *result, gpointer data)
{
  GTask *task = data;
  ReconcileRun *run = g_task_get_task_data (task);
  g_auto (MposChargeOutcome) outcome = { 0 };
  g_autoptr (GError) error = NULL;

  if (!mpos_payment_gateway_query_finish (MPOS_PAYMENT_GATEWAY (source), result, &outcome, &error))
    {
      g_debug ("payment %s: no answer: %s", current (run)->idempotency_key, error->message);
      run->report.still_open++;
      advance (task);
      return;
    }
  if (outcome.state == MPOS_CHARGE_APPROVED)
    settle_taken (task, &outcome);
  else if (settle (task,
                   outcome.state == MPOS_CHARGE_REFUNDED ? MPOS_ATTEMPT_REFUNDED
                                                         : MPOS_ATTEMPT_DECLINED,
                   &outcome, outcome.detail ? outcome.detail : "the gateway never took it"))
    advance (task);
}

static void
reconcile_next (GTask *task)
{
  ReconcileRun *run = g_task_get_task_data (task);

  if (run->next >= run->attempts->len || g_task_return_error_if_cancelled (task))
    {
      if (!g_task_had_error (task))
        g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }
  run->report.checked++;
  mpos_payment_gateway_query_async (run->gateway, current (run)->idempotency_key,
                                    g_task_get_cancellable (task), on_queried, task);
}

void
mpos_payment_reconcile_async (MposStore *store, MposPaymentGateway *gateway, const char *sale_id,
                              GCancellable *cancellable, GAsyncReadyCallback callback,
                              gpointer data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, data);
  ReconcileRun *run = g_new0 (ReconcileRun, 1);
  GError *error = NULL;

  g_task_set_name (task, "payment reconciliation");
  g_task_set_task_data (task, run, (GDestroyNotify)reconcile_run_free);
  run->store = store;
  run->gateway = g_object_ref (gateway);
  run->attempts = sale_id ? mpos_payment_attempts_open (store, sale_id, &error)
                          : mpos_payment_attempts_unreconciled (store, &error);
  if (run->attempts == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  reconcile_next (task);
}

gboolean
mpos_payment_reconcile_finish (MposStore *store, GAsyncResult *result, MposReconcileReport *report,
                               GError **error)
{
  (void)store;
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  *report = ((ReconcileRun *)g_task_get_task_data (G_TASK (result)))->report;
  return TRUE;
}
