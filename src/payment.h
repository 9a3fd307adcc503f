/* payment.h — charging a card or mobile payment (付款码) into a cart without
 * blocking the window, and reconciling at start what a terminal that died
 * between a charge and the sale's commit left open. Both record every step
 * in the store (payment-attempt.h) before and after the gateway
 * (payment-gateway.h) is asked, so a customer is never charged twice and a
 * charge that took money is never lost: it ends in a stored sale or is
 * refunded.
 *
 * Threads: the store and the cart are used only on the calling thread (the
 * callbacks come back on its thread-default main context); the gateway does
 * its waiting elsewhere. Keep the cart (and store) alive until _finish. */
#pragma once

#include <gio/gio.h>
#include "cart.h"
#include "payment-gateway.h"

G_BEGIN_DECLS

/* Charges `amount` of a bank card (payment_code NULL: the card terminal
 * reads the card) or a mobile payment code for the cart's sale, under the
 * key "<sale id>/<index of the new tender>". Refused before anything is
 * asked (MPOS_PAYMENT_ERROR_INVALID): not a card or mobile tender, an
 * unknown payment code, an amount of 0 or above what is still due.
 * _finish: TRUE when the money is taken (the tender, with the gateway's
 * reference, is now the cart's); DECLINED (nothing taken: ask for another
 * card or code); UNKNOWN (no answer: paying again is safe, it asks under the
 * same key and cannot charge twice); or a store error. */
void mpos_payment_charge_async (MposCart *cart, MposPaymentGateway *gateway, MposTenderType type,
                                const char *payment_code, MposMoney amount,
                                GCancellable *cancellable, GAsyncReadyCallback callback,
                                gpointer data);
gboolean mpos_payment_charge_finish (MposCart *cart, GAsyncResult *result, GError **error);

typedef struct
{
  guint checked;    /* attempts the gateway was asked about */
  guint completed;  /* money taken and the sale is stored: kept */
  guint declined;   /* nothing was taken */
  guint refunded;   /* money taken for a sale never stored: given back */
  guint still_open; /* the gateway did not answer: ask again later */
} MposReconcileReport;

/* Asks the gateway about every unreconciled attempt (sale_id NULL: open,
 * and the process that made it is gone — at start), or every open attempt
 * of one sale (sale_id: a sale voided before it was stored), and settles
 * each: taken for a stored sale → completed; taken otherwise → refunded;
 * never taken → declined; no answer → left open. Never charges. */
void mpos_payment_reconcile_async (MposStore *store, MposPaymentGateway *gateway,
                                   const char *sale_id, GCancellable *cancellable,
                                   GAsyncReadyCallback callback, gpointer data);
gboolean mpos_payment_reconcile_finish (MposStore *store, GAsyncResult *result,
                                        MposReconcileReport *report, GError **error);

G_END_DECLS
