/* staff-private.h — what staff.c, staff-sign-in.c and staff-permission.c
 * share: the checks of a number and a PIN, the PIN hash and the row read. */
#pragma once

#include <sodium.h>
#include "fail.h"
#include "staff.h"
#include "store-private.h"

G_BEGIN_DECLS

#define staff_fail(error, code, ...) mpos_fail (error, MPOS_STAFF_ERROR, code, __VA_ARGS__)

gboolean mpos_staff_number_valid (const char *number);
gboolean mpos_staff_pin_valid (const char *pin);

/* crypto_pwhash_str (argon2id, interactive limits) of `pin` into hash. */
gboolean mpos_staff_hash_pin (const char *pin, char hash[crypto_pwhash_STRBYTES], GError **error);

/* The row of `number` into *out and its PIN hash into hash (may be NULL);
 * *found FALSE when there is none. */
gboolean mpos_staff_read (MposStore *store, const char *number, MposStaff *out,
                          char hash[crypto_pwhash_STRBYTES], gboolean *found, GError **error);

G_END_DECLS
