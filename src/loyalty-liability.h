/* loyalty-liability.h — what the store owes its members: points outstanding
 * by status and expiry month, stored value outstanding as principal (real
 * money owed) and bonus. Read from the lots and the cached balances, which
 * `mallposctl check` proves equal to the ledgers. */
#pragma once

#include <glib.h>
#include <stdint.h>
#include <cjson/cJSON.h>
#include "gift-card.h"
#include "store.h"
#include "stored-value.h"

G_BEGIN_DECLS

/* Points of one expiry month (the store's zone). */
typedef struct
{
  char month[8]; /* "2027-11", or "never" */
  int64_t pending;
  int64_t confirmed;
} MposLiabilityMonth;

typedef struct
{
  int64_t at;
  int64_t points_pending;
  int64_t points_confirmed;
  int64_t points_frozen;     /* of the two above, held on members under a fraud hold */
  int64_t points_owed;       /* owed by members whose balance is negative: not in the above */
  int64_t points_owing_members;
  gboolean has_points_value; /* FALSE without loyalty rules */
  MposMoney points_value;    /* the confirmed points at the burn rate, floor */
  GArray *by_expiry;         /* of MposLiabilityMonth, by month, "never" last */
  MposStoredValueBalance stored_value;
  int64_t stored_value_members; /* members holding any */
  MposGiftCardLiability gift_cards;
} MposLiability;

void mpos_liability_free (MposLiability *liability);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MposLiability, mpos_liability_free)

MposLiability *mpos_loyalty_liability (MposStore *store, int64_t now, GError **error);

/* {"at", "points": {"pending", "confirmed", "frozen", ["owed", "owing_members" when any,] "value", "by_expiry":
 *   [{"month": "2027-11" | "never", "pending", "confirmed"}]},
 *  "stored_value": {"principal", "bonus", "total", "members"},
 *  "gift_cards": {"outstanding", "active", "expired", "frozen", "cards"}}
 * Points are numbers, money strings; "value" absent without rules. */
cJSON *mpos_liability_to_json (MposStore *store, const MposLiability *liability);

G_END_DECLS
