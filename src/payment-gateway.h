/* payment-gateway.h — how a card or mobile payment (付款码) is charged: an
 * asynchronous gateway (a bank card terminal, WeChat Pay / Alipay / UnionPay
 * through an acquirer) behind one GObject interface, so the window never
 * waits on the network and tests and the demo run on a simulated gateway
 * (payment-simulated.h). The store's side, recording every charge before and
 * after the gateway is asked, is payment-attempt.h.
 *
 * The contract every gateway keeps: a charge carries an idempotency key
 * (the sale's global id and the tender's index); asking again with the same
 * key never takes money again, it answers with the first outcome; a key can
 * be queried and refunded without charging. A charge that gets no answer
 * (timeout, network, cancelled) fails with MPOS_PAYMENT_ERROR_UNKNOWN: the
 * money may or may not have been taken, and only a query by key tells. */
#pragma once

#include <gio/gio.h>
#include "money.h"
#include "tender.h"

G_BEGIN_DECLS

#define MPOS_PAYMENT_ERROR (mpos_payment_error_quark ())
GQuark mpos_payment_error_quark (void);

typedef enum
{
  MPOS_PAYMENT_ERROR_DECLINED, /* the gateway refused: nothing was taken */
  MPOS_PAYMENT_ERROR_UNKNOWN,  /* no answer: maybe taken; ask the gateway by key */
  MPOS_PAYMENT_ERROR_INVALID,  /* the request is wrong (amount, code): nothing was asked */
} MposPaymentError;

/* What a gateway says about a key. */
typedef enum
{
  MPOS_CHARGE_NOT_FOUND, /* never charged under this key: nothing taken */
  MPOS_CHARGE_APPROVED,  /* money taken */
  MPOS_CHARGE_DECLINED,  /* refused: nothing taken */
  MPOS_CHARGE_REFUNDED,  /* taken and given back */
} MposChargeState;

const char *mpos_charge_state_name (MposChargeState state); /* "approved", … */

typedef struct
{
  const char *idempotency_key;
  MposTenderType tender_type; /* MPOS_TENDER_BANK_CARD or MPOS_TENDER_MOBILE */
  const char *payment_code;   /* mobile: the customer's code (never stored); card: NULL */
  MposMoney amount;
} MposChargeRequest;

typedef struct
{
  MposChargeState state;
  char *reference; /* the gateway's transaction id, when it has one */
  char *detail;    /* declined: why, in words for the cashier */
} MposChargeOutcome;

void mpos_charge_outcome_clear (MposChargeOutcome *outcome);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (MposChargeOutcome, mpos_charge_outcome_clear)

#define MPOS_TYPE_PAYMENT_GATEWAY (mpos_payment_gateway_get_type ())
G_DECLARE_INTERFACE (MposPaymentGateway, mpos_payment_gateway, MPOS, PAYMENT_GATEWAY, GObject)

/* Each _async runs without blocking the caller's main context and calls
 * back there; each _finish fills *outcome (cleared by the caller) or fails:
 * charge with UNKNOWN when no answer came; query and refund likewise when
 * the gateway could not be reached (ask again later). */
struct _MposPaymentGatewayInterface
{
  GTypeInterface parent_iface;

  const char *(*get_name) (MposPaymentGateway *self);
  void (*charge_async) (MposPaymentGateway *self, const MposChargeRequest *request,
                        GCancellable *cancellable, GAsyncReadyCallback callback, gpointer data);
  gboolean (*charge_finish) (MposPaymentGateway *self, GAsyncResult *result,
                             MposChargeOutcome *outcome, GError **error);
  void (*query_async) (MposPaymentGateway *self, const char *idempotency_key,
                       GCancellable *cancellable, GAsyncReadyCallback callback, gpointer data);
  gboolean (*query_finish) (MposPaymentGateway *self, GAsyncResult *result,
                            MposChargeOutcome *outcome, GError **error);
  /* Gives back all of an approved charge (a void before settlement or a
   * refund after): REFUNDED, or NOT_FOUND / DECLINED when nothing was taken. */
  void (*refund_async) (MposPaymentGateway *self, const char *idempotency_key,
                        GCancellable *cancellable, GAsyncReadyCallback callback, gpointer data);
  gboolean (*refund_finish) (MposPaymentGateway *self, GAsyncResult *result,
                             MposChargeOutcome *outcome, GError **error);
};

const char *mpos_payment_gateway_get_name (MposPaymentGateway *self);
void mpos_payment_gateway_charge_async (MposPaymentGateway *self, const MposChargeRequest *request,
                                        GCancellable *cancellable, GAsyncReadyCallback callback,
                                        gpointer data);
gboolean mpos_payment_gateway_charge_finish (MposPaymentGateway *self, GAsyncResult *result,
                                             MposChargeOutcome *outcome, GError **error);
void mpos_payment_gateway_query_async (MposPaymentGateway *self, const char *idempotency_key,
                                       GCancellable *cancellable, GAsyncReadyCallback callback,
                                       gpointer data);
gboolean mpos_payment_gateway_query_finish (MposPaymentGateway *self, GAsyncResult *result,
                                            MposChargeOutcome *outcome, GError **error);
void mpos_payment_gateway_refund_async (MposPaymentGateway *self, const char *idempotency_key,
                                        GCancellable *cancellable, GAsyncReadyCallback callback,
                                        gpointer data);
gboolean mpos_payment_gateway_refund_finish (MposPaymentGateway *self, GAsyncResult *result,
                                             MposChargeOutcome *outcome, GError **error);

G_END_DECLS
