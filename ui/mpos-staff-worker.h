/* mpos-staff-worker.h — one core call made with a staff credential (a
 * supervisor's number and PIN, or their staff card with or without the
 * PIN, staff-card.h), off the main loop. Checking a PIN hashes it
 * (argon2id: tens of milliseconds, far more on a slow till or under a
 * sanitizer): on the main loop that freezes the window, scans included.
 * The call runs in a GTask on its own MposStore opened on the same file
 * (design.md: "a GTask with its own MposStore"), so the wrong-PIN count,
 * lockout, audit and journal are written as the core writes them; the
 * answer comes back on the caller's main context, and the credential's
 * PIN and card are wiped once the call is done. Sign-in
 * (mpos-staff-check.h), a supervisor's approval (mpos-staff-approval.h)
 * and the answer to a waiting return (mpos-return-decision.h) are such
 * calls. */
#pragma once

#include <gio/gio.h>
#include "staff.h"

G_BEGIN_DECLS

/* The core call, in the worker: its result (freed with the `result_free`
 * given to mpos_staff_worker_async when nobody takes it), or NULL with
 * *error set. `credential` is NULL when the caller gave none. */
typedef gpointer (*MposStaffCall) (MposStore *store, const MposStaffCredential *credential,
                                   gpointer call_data, GError **error);

/* Runs `call` (store, a copy of `credential` or NULL, `call_data`) in a
 * worker; `call_data` is freed with `call_data_free` afterwards. Cancelling
 * `cancellable` drops the answer (the finish gives G_IO_ERROR_CANCELLED);
 * the call itself, once begun, is the core's and ends as the core ends it. */
void mpos_staff_worker_async (const char *store_path, const MposStaffCredential *credential,
                              MposStaffCall call, gpointer call_data, GDestroyNotify call_data_free,
                              GDestroyNotify result_free, GCancellable *cancellable,
                              GAsyncReadyCallback callback, gpointer user_data);
/* The call's result (the caller's to free), or NULL with the core's error
 * (or the store's, when it could not be opened). */
gpointer mpos_staff_worker_finish (GAsyncResult *result, GError **error);

/* An MposStaff moved out of a worker's result into *staff_out (the result
 * freed); FALSE with the error when there was none. For calls that answer
 * with the staff member signed in or approving. */
gboolean mpos_staff_worker_finish_staff (GAsyncResult *result, MposStaff *staff_out,
                                         GError **error);
/* An MposStaff for a call's result, freed with mpos_staff_worker_staff_free. */
MposStaff *mpos_staff_worker_staff_new (void);
void mpos_staff_worker_staff_free (gpointer staff);

G_END_DECLS
