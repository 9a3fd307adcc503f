/* mpos-return-pending.h — the returns made without a receipt that wait for
 * a supervisor (待审批退货), on the returns page: pick one, see its lines
 * and refund, and a supervisor approves it (refunded in cash) or rejects
 * it (with a reason; nothing refunded) with their own staff number and
 * PIN or their staff card (with the PIN, or alone where the store's policy
 * says so), checked off the main loop (mpos-return-decision.h). The
 * cashier who took the return and the supervisor are both recorded by the
 * core. */
#pragma once

#include <gtk/gtk.h>
#include "mpos-till.h"

G_BEGIN_DECLS

#define MPOS_TYPE_RETURN_PENDING (mpos_return_pending_get_type ())
G_DECLARE_FINAL_TYPE (MposReturnPending, mpos_return_pending, MPOS, RETURN_PENDING, GtkBox)

/* Signal "decided" (const char *text): a return was approved or rejected;
 * text says which, and its receipt has been sent to the printer. */
void mpos_return_pending_set_till (MposReturnPending *self, MposTill *till);
/* Reads the waiting returns again; their count (0 when they cannot be read). */
guint mpos_return_pending_reload (MposReturnPending *self);
/* A staff card read on the card reader while the list shows: it stands
 * for the supervisor's number for the next approve or reject. */
void mpos_return_pending_card (MposReturnPending *self, const char *code);
/* Whether a supervisor's answer is being checked. */
gboolean mpos_return_pending_is_checking (MposReturnPending *self);

G_END_DECLS
