/* mpos-staff-approval.h — a supervisor's approval checked off the main
 * loop. Signing a supervisor in hashes their PIN (argon2id: tens of
 * milliseconds, far more under a sanitizer or on a slow till): on the main
 * loop that freezes the window, scans included. The check runs through
 * mpos-staff-worker.h, so the wrong-PIN count, lockout and audit rows are
 * written as the core writes them, and the answer comes back on the
 * caller's context. */
#pragma once

#include <gio/gio.h>
#include "staff-permission.h"

G_BEGIN_DECLS

/* mpos_staff_approve (store, credential, action, ref, …) when audit_action
 * is NULL; else mpos_staff_authorize (…, actor, audit_action, ref, …), whose
 * credential may be NULL for an action the cashier's role may do alone. */
void mpos_staff_approval_async (const char *store_path, const MposStaffCredential *credential,
                                MposStaffAction action, const char *actor,
                                const char *audit_action, const char *ref,
                                GCancellable *cancellable, GAsyncReadyCallback callback,
                                gpointer user_data);
/* The approver into *approver_out (number NULL when none was needed); FALSE
 * with the core's error. */
gboolean mpos_staff_approval_finish (GAsyncResult *result, MposStaff *approver_out,
                                     GError **error);

G_END_DECLS
