/* loyalty-liability.h — what the store owes its members: points outstanding
 * by status and expiry month, stored value outstanding as principal (real
 * money owed) and bonus. Read from the lots and the cached balances, which
 * `mallposctl check` proves equal to the ledgers. */
#pragma once

#include <glib.h>
#include <stdint.h>
#include <cjson/cJSON.h>
#include "store.h"

G_BEGIN_DECLS

/* {"at", "points": {"pending", "confirmed", "frozen", "value", "by_expiry":
 *   [{"month": "2027-11" | "never", "pending", "confirmed"}]},
 *  "stored_value": {"principal", "bonus", "total", "members"},
 *  "gift_cards": {"outstanding", "active", "expired", "frozen", "cards"}}
 * Points are numbers, money strings; "value" is the confirmed points at the
 * burn rate (absent without rules). */
cJSON *mpos_loyalty_liability (MposStore *store, int64_t now, GError **error);

G_END_DECLS
