/* mpos-member-pin-check.h — the member's payment PIN checked off the main
 * loop. The PIN is stored as an argon2id hash (payment-pin.h): checking it
 * takes ~0.1 s, more on a slow till or under a sanitizer, and run on the
 * main loop it would freeze the window for that long. As a staff PIN
 * (mpos-staff-check.h), the check runs in a GTask on its own MposStore
 * opened on the same file, so a wrong PIN is counted towards its lock as
 * the core counts it, and the answer comes back on the caller's main
 * context. What the PIN is for decides what the worker builds: a proof
 * alone (the statement), or the stored-value or points tender it proves
 * (the payment page), which the page then hands to its till. */
#pragma once

#include <gio/gio.h>
#include "money.h"
#include "tender.h"

G_BEGIN_DECLS

typedef enum
{
  MPOS_PIN_CHECK_PROOF,        /* the member proves it is them: nothing else */
  MPOS_PIN_CHECK_STORED_VALUE, /* `amount` fen from stored value */
  MPOS_PIN_CHECK_POINTS,       /* `amount` points */
} MposPinCheckFor;

/* Checks `pin` for member `member_id` and builds what it is `for_what`.
 * `source` (a widget of the caller's) is kept alive until `callback` runs;
 * cancelling drops the answer (a wrong PIN typed is still counted). */
void mpos_member_pin_check_async (GObject *source, const char *store_path, int64_t member_id,
                                  const char *pin, MposPinCheckFor for_what, int64_t amount,
                                  int64_t now, GCancellable *cancellable,
                                  GAsyncReadyCallback callback, gpointer user_data);
/* TRUE when the PIN proved the member; *tender (may be NULL for a proof)
 * gets the tender it pays with. FALSE with the core's refusal (WRONG with
 * the tries left, LOCKED, a stored-value or points refusal) or
 * G_IO_ERROR_CANCELLED. */
gboolean mpos_member_pin_check_finish (GAsyncResult *result, MposTender **tender, GError **error);
/* Which member the check was for (the sale's member may have changed). */
int64_t mpos_member_pin_check_member (GAsyncResult *result);

G_END_DECLS
