/* payment-pin.h — the member's optional payment PIN for stored value:
 * 6 digits, stored only as an argon2id hash (libsodium crypto_pwhash_str,
 * interactive limits), locked after the rules' number of failures (5 by
 * default). Failures count in their own transaction, so they persist even
 * when the sale they were typed for never commits. */
#pragma once

#include <glib.h>
#include <stdint.h>
#include "member-proof.h"
#include "store.h"

G_BEGIN_DECLS

#define MPOS_PAYMENT_PIN_ERROR (mpos_payment_pin_error_quark ())
GQuark mpos_payment_pin_error_quark (void);

typedef enum
{
  MPOS_PAYMENT_PIN_ERROR_INVALID,  /* not 6 digits, or no supervisor where one is needed */
  MPOS_PAYMENT_PIN_ERROR_REQUIRED, /* the amount needs the member's PIN and none was given */
  MPOS_PAYMENT_PIN_ERROR_WRONG,    /* wrong PIN; the message says how many tries are left */
  MPOS_PAYMENT_PIN_ERROR_LOCKED,   /* too many wrong PINs: a supervisor must unlock */
  MPOS_PAYMENT_PIN_ERROR_NOT_SET,  /* the member has no payment PIN */
  MPOS_PAYMENT_PIN_ERROR_FAILED,   /* the KDF could not run (out of memory) */
} MposPaymentPinError;

/* The tender provider of a stored-value payment whose PIN was verified. */
#define MPOS_PAYMENT_PIN_VERIFIED "payment_pin"

typedef struct
{
  gboolean set;
  int failures;
  gboolean locked;
} MposPaymentPinState;

/* Sets or changes the PIN (clears failures and lock), with the member's
 * proof (member-proof.h): the old PIN when one is set, or their QR code, or
 * a supervisor holding member_pin_reset who checked their ID (recorded as
 * the approver). Must run outside a transaction. Own transaction with
 * audit and journal (the hash, never the PIN). */
gboolean mpos_payment_pin_set (MposStore *store, int64_t member_id, const char *pin,
                               const MposMemberProof *proof, const char *actor,
                               int64_t now, GError **error);

/* Checks a PIN. Must run outside any transaction: a failure is counted and
 * committed before WRONG or LOCKED is returned; success clears the count.
 * max_failures: from the rules. */
gboolean mpos_payment_pin_verify (MposStore *store, int64_t member_id, const char *pin,
                                  int max_failures, int64_t now, GError **error);

gboolean mpos_payment_pin_state (MposStore *store, int64_t member_id, MposPaymentPinState *out,
                                 GError **error);

/* Clears the failures and the lock; needs a supervisor holding
 * member_pin_reset. */
gboolean mpos_payment_pin_unlock (MposStore *store, int64_t member_id,
                                  const MposStaffCredential *supervisor, int64_t now,
                                  GError **error);

G_END_DECLS
