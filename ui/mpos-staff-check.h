/* mpos-staff-check.h — a staff credential (number and PIN, or a staff card
 * with or without the PIN, staff-card.h) checked off the main loop.
 * The PIN's argon2id hash takes tens of milliseconds (more on a slow till
 * or under a sanitizer): run on the main loop it freezes the window for
 * that long. The check runs through mpos-staff-worker.h, so the wrong-PIN
 * count, lockout and audit are written as mpos_staff_sign_in writes them,
 * and the answer comes back on the caller's main context. */
#pragma once

#include <gio/gio.h>
#include "staff.h"

G_BEGIN_DECLS

void mpos_staff_check_async (const char *store_path, const MposStaffCredential *credential,
                             GCancellable *cancellable, GAsyncReadyCallback callback,
                             gpointer user_data);
/* The staff member signed in, into *staff_out; FALSE with the core's error
 * (REFUSED, LOCKED, REQUIRED for a card alone where the store wants the
 * PIN too, a store that cannot be opened). */
gboolean mpos_staff_check_finish (GAsyncResult *result, MposStaff *staff_out, GError **error);

G_END_DECLS
