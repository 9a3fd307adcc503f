/* points-private.h — the points ledger's primitives, shared by the points
 * actions (points-account.c) and the sale/return hooks (loyalty.c). Each
 * runs inside the caller's transaction and keeps the caches (lot remaining,
 * member balances) in step with the row it appends. */
#pragma once

#include <cjson/cJSON.h>
#include "json-fields.h"
#include "fail.h"
#include "loyalty-rules.h"
#include "points.h"
#include "store-private.h"

G_BEGIN_DECLS

/* Who and what a run of ledger rows belongs to. action_id is the business
 * action's id and the ref_id of its journal entry. */
typedef struct
{
  MposStore *store;
  int64_t now;
  const char *action_id;
  const char *sale_id; /* a sale or return, else NULL */
  const char *actor;
  const char *approved_by;
  const char *reason;
} MposPointsAction;

/* A return's take-backs: what to do with earned points the member already
 * spent (the store's spent_points_return policy), and how many there were. */
typedef struct
{
  MposSpentPointsReturn policy;
  int64_t spent; /* grows by each take-back's points the member no longer had */
} MposPointsSpent;

#define mpos_points_fail(error, code, ...) mpos_fail (error, MPOS_POINTS_ERROR, code, __VA_ARGS__)

/* Appends one movement (corrects 0: none); updates the lot's remaining and
 * the member's balances by the same amounts. */
gboolean mpos_points_entry (const MposPointsAction *a, int64_t member_id, int64_t lot_id,
                            const char *kind, int64_t available, int64_t pending, int64_t corrects,
                            GError **error);

/* A new lot of `points` with its first entry (`kind`: "earn", or
 * "transfer_in"): pending until confirm_at, or confirmed now when
 * confirm_at <= now. expires_at 0: never. */
gboolean mpos_points_add_lot (const MposPointsAction *a, int64_t member_id, const char *source,
                              const char *kind, int64_t points, int64_t confirm_at,
                              int64_t expires_at, const char *ref, int64_t *lot_id, GError **error);

typedef struct
{
  int64_t lot_id;
  int64_t points;
  int64_t expires_at;
} MposLotTake;

/* Takes `points` from the member's confirmed, unexpired lots, oldest expiry
 * first, as `kind` rows (negative). `takes` (may be NULL) gets one
 * MposLotTake per lot. INSUFFICIENT (nothing written) when short. */
gboolean mpos_points_take (const MposPointsAction *a, int64_t member_id, int64_t points,
                           const char *kind, GArray *takes, GError **error);

/* Confirmed points in lots not yet past their expiry. */
gboolean mpos_points_usable (MposStore *store, int64_t member_id, int64_t now, int64_t *out,
                             GError **error);

/* Cached balances and hold flag straight from the member row. */
gboolean mpos_points_account (MposStore *store, int64_t member_id, int64_t *available,
                              int64_t *pending, gboolean *frozen, GError **error);

/* A return (or a cancelled points exchange): puts back `points` of what the
 * action `sale_id` (a sale, an exchange) burnt, into the lots they came from
 * (latest expiry first); points of a lot past its expiry expire again at
 * once. */
gboolean mpos_points_restore_burn (const MposPointsAction *a, int64_t member_id,
                                   const char *sale_id, int64_t points, GError **error);

/* A return: takes back `points` the sale earned, from the sale's own lot
 * (pending or confirmed) and, when the member already spent some of it,
 * from their other usable lots; the rest as mpos_points_take_back says.
 * A pending lot emptied this way is rejected. */
gboolean mpos_points_reverse_earn (const MposPointsAction *a, int64_t member_id,
                                   const char *sale_id, int64_t points, MposPointsSpent *spent,
                                   GError **error);

/* An earned lot as a take-back needs it. */
typedef struct
{
  int64_t lot_id, member_id;
  gboolean pending;
  int64_t remaining;
  int64_t earn_entry; /* the lot's earn row, which every take-back corrects */
} MposEarnedLot;

/* The lot `lot_id` (lot_id 0 in *out when there is none earned by that id). */
gboolean mpos_points_earned_lot (MposStore *store, int64_t lot_id, MposEarnedLot *out,
                                 GError **error);

/* Takes back `points` of an earned lot: from the lot while it holds them
 * (pending or confirmed), the rest from the member's other usable lots;
 * every row is a "reverse" correcting the lot's earn row. A pending lot
 * emptied this way is rejected. What the member no longer has goes by
 * spent->policy (spent NULL: REFUSE): INSUFFICIENT (REFUSE); a "reverse"
 * row without a lot that a "repay" row settles at once, the refund paying
 * for them (DEDUCT); or a debt (NEGATIVE): the balance goes below zero and
 * points_owed grows, until points the member gets later repay it
 * (mpos_points_repay). Either way spent->spent counts them. */
gboolean mpos_points_take_back (const MposPointsAction *a, const MposEarnedLot *lot, int64_t points,
                                MposPointsSpent *spent, GError **error);

/* Points just made usable in `lot_id` (a confirmed lot, a restore): while
 * the member owes points (0026), up to `points` of them repay the debt
 * first — a "repay" row of the lot and one without a lot. */
gboolean mpos_points_repay (const MposPointsAction *a, int64_t member_id, int64_t lot_id,
                            int64_t points, GError **error);

/* Runs body in one transaction of its own, or inside the caller's when one
 * is open. */
typedef gboolean (*MposPointsBody) (MposStore *store, gpointer data, GError **error);
gboolean mpos_points_transaction (MposStore *store, MposPointsBody body, gpointer data,
                                  GError **error);

/* The ledger rows of one action, as the journal carries them. */
cJSON *mpos_points_action_json (MposStore *store, const char *action_id, GError **error);

/* Audit record + journal entry {"kind":…, "member_id":…, extra…, "points":[rows]}
 * for a points action that is not a sale. Takes `extra` (may be NULL). */
gboolean mpos_points_record (const MposPointsAction *a, const char *kind, int64_t member_id,
                             const char *detail, cJSON *extra, GError **error);

/* The member's proof behind a sale paying `points` (points-proof.c): a
 * locked PIN refuses; a proven sale passes; else the rules' no-proof
 * limits per sale and per member and business day apply, summed over the
 * day's sales but `sale_id` (the sale paying, which may be written
 * already). Names no balance. */
gboolean mpos_points_check_proof (MposStore *store, const MposLoyaltyRules *rules,
                                  int64_t member_id, int64_t points, const char *sale_id,
                                  gboolean proven, int64_t now, GError **error);

/* An exchange record made from a row of SQL_EXCHANGE (exchange-record.c). */
gpointer mpos_exchange_record_row (sqlite3_stmt *stmt);

G_END_DECLS
