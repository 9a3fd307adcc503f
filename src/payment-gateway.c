/* payment-gateway.c — the payment gateway interface: dispatch to the
 * implementation and the outcome type every gateway answers with. */
#include "payment-gateway.h"

/* clang-format off */
G_DEFINE_QUARK (mpos-payment-error-quark, mpos_payment_error)
/* clang-format on */

G_DEFINE_INTERFACE (MposPaymentGateway, mpos_payment_gateway, G_TYPE_OBJECT)

static void
mpos_payment_gateway_default_init (MposPaymentGatewayInterface *iface)
{
  (void)iface;
}

const char *
mpos_charge_state_name (MposChargeState state)
{
  static const char *const names[] = { "not_found", "approved", "declined", "refunded" };

  return (guint)state < G_N_ELEMENTS (names) ? names[state] : "unknown";
}

void
mpos_charge_outcome_clear (MposChargeOutcome *outcome)
{
  g_clear_pointer (&outcome->reference, g_free);
  g_clear_pointer (&outcome->detail, g_free);
  outcome->state = MPOS_CHARGE_NOT_FOUND;
}

#define IFACE(self) MPOS_PAYMENT_GATEWAY_GET_IFACE (self)

const char *
mpos_payment_gateway_get_name (MposPaymentGateway *self)
{
  g_return_val_if_fail (MPOS_IS_PAYMENT_GATEWAY (self), NULL);
  return IFACE (self)->get_name (self);
}

void
mpos_payment_gateway_charge_async (MposPaymentGateway *self, const MposChargeRequest *request,
                                   GCancellable *cancellable, GAsyncReadyCallback callback,
                                   gpointer data)
{
  g_return_if_fail (MPOS_IS_PAYMENT_GATEWAY (self));
  g_return_if_fail (request != NULL && request->idempotency_key != NULL);
  IFACE (self)->charge_async (self, request, cancellable, callback, data);
}

gboolean
mpos_payment_gateway_charge_finish (MposPaymentGateway *self, GAsyncResult *result,
                                    MposChargeOutcome *outcome, GError **error)
{
  g_return_val_if_fail (MPOS_IS_PAYMENT_GATEWAY (self), FALSE);
  return IFACE (self)->charge_finish (self, result, outcome, error);
}

void
mpos_payment_gateway_query_async (MposPaymentGateway *self, const char *idempotency_key,
                                  GCancellable *cancellable, GAsyncReadyCallback callback,
                                  gpointer data)
{
  g_return_if_fail (MPOS_IS_PAYMENT_GATEWAY (self) && idempotency_key != NULL);
  IFACE (self)->query_async (self, idempotency_key, cancellable, callback, data);
}

gboolean
mpos_payment_gateway_query_finish (MposPaymentGateway *self, GAsyncResult *result,
                                   MposChargeOutcome *outcome, GError **error)
{
  g_return_val_if_fail (MPOS_IS_PAYMENT_GATEWAY (self), FALSE);
  return IFACE (self)->query_finish (self, result, outcome, error);
}

void
mpos_payment_gateway_refund_async (MposPaymentGateway *self, const char *idempotency_key,
                                   GCancellable *cancellable, GAsyncReadyCallback callback,
                                   gpointer data)
{
  g_return_if_fail (MPOS_IS_PAYMENT_GATEWAY (self) && idempotency_key != NULL);
  IFACE (self)->refund_async (self, idempotency_key, cancellable, callback, data);
}

gboolean
mpos_payment_gateway_refund_finish (MposPaymentGateway *self, GAsyncResult *result,
                                    MposChargeOutcome *outcome, GError **error)
{
  g_return_val_if_fail (MPOS_IS_PAYMENT_GATEWAY (self), FALSE);
  return IFACE (self)->refund_finish (self, result, outcome, error);
}
