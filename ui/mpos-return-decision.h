/* mpos-return-decision.h — a supervisor's answer to a return waiting for
 * approval, off the main loop: approve (refund it in cash) or reject (with
 * a reason, nothing refunded). The supervisor signs with their number and
 * PIN or their staff card (with the PIN, or alone where the store's policy
 * says so); the core checks them and decides in one transaction, run by
 * mpos-staff-worker.h, so the wrong-PIN count, lockout, audit (the
 * cashier's return, approved or rejected by the supervisor) and journal
 * are written as the core writes them. */
#pragma once

#include <gio/gio.h>
#include "staff.h"

G_BEGIN_DECLS

/* mpos_sale_approve_return (reason NULL) or mpos_sale_reject_return (with
 * `reason`) of `receipt_no`, signed by `supervisor`. */
void mpos_return_decision_async (const char *store_path, const char *receipt_no,
                                 const MposStaffCredential *supervisor, const char *reason,
                                 GCancellable *cancellable, GAsyncReadyCallback callback,
                                 gpointer user_data);
/* FALSE with the core's error (a wrong PIN, a role that may not, a return
 * decided meanwhile by another till, a day already closed). */
gboolean mpos_return_decision_finish (GAsyncResult *result, GError **error);

G_END_DECLS
