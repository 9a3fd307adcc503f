/* tender-counter.h — a payment taken at the counter outside a sale
 * document's own parsing: a top-up, an exchange's cash part. One place says
 * how cash, a bank card (with the terminal's reference) and a scanned
 * mobile payment code become a tender, for the cart document, mallposctl
 * and the window alike. */
#pragma once

#include <glib.h>
#include "tender.h"

G_BEGIN_DECLS

/* Cash: no provider. Bank card (and the others): taken by the cashier with
 * `reference`. Mobile: `code` charged through the cashier-confirmed provider
 * (its refusal in `error`). */
MposTender *mpos_tender_new_at_counter (MposTenderType type, MposMoney amount,
                                        const char *reference, const char *code, GError **error);

G_END_DECLS
