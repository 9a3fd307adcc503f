/* points-statement.h — a member's points statement as a typed read model:
 * the balance, every lot and every ledger movement, oldest first. The
 * window lists it as it is; `mallposctl points statement --json` and the
 * sync payloads serialise it with mpos_points_statement_to_json. Times are
 * UTC seconds (0: none); show them with mpos_store_local_time. */
#pragma once

#include <glib-object.h>
#include <stdint.h>
#include <cjson/cJSON.h>
#include "points.h"
#include "store.h"

G_BEGIN_DECLS

/* One row of the points ledger. */
typedef struct
{
  int64_t id;
  int64_t at;
  char *kind;        /* earn, burn, restore, expire, adjust, confirm, … */
  int64_t available; /* the move of confirmed points */
  int64_t pending;   /* the move of pending points */
  int64_t lot;       /* 0: none */
  char *source;      /* the lot's source, or "exchange"; NULL without a lot */
  char *status;      /* the lot's status now; NULL without a lot */
  int64_t expires_at;
  char *receipt_no; /* the sale or exchange; NULL */
  char *reason;
  char *actor;
  char *approved_by;
} MposPointsMovement;

/* One lot: points earned together, with their source and expiry. */
typedef struct
{
  int64_t id;
  char *source;
  char *status; /* pending, confirmed, rejected */
  int64_t earned;
  int64_t remaining;
  int64_t earned_at;
  int64_t expires_at; /* 0: never */
  int64_t confirm_at; /* 0: none */
} MposPointsLotView;

/* Reference-counted (boxed: MPOS_TYPE_POINTS_STATEMENT). */
typedef struct
{
  int64_t member_id;
  MposPointsBalance balance;
  GPtrArray *lots;      /* of MposPointsLotView*, by id */
  GPtrArray *movements; /* of MposPointsMovement*, oldest first */
} MposPointsStatement;

#define MPOS_TYPE_POINTS_STATEMENT (mpos_points_statement_get_type ())
GType mpos_points_statement_get_type (void);

MposPointsStatement *mpos_points_statement_new (int64_t member_id);
MposPointsStatement *mpos_points_statement_ref (MposPointsStatement *statement);
void mpos_points_statement_unref (MposPointsStatement *statement);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MposPointsStatement, mpos_points_statement_unref)

/* A movement's whole points: available + pending. */
int64_t mpos_points_movement_points (const MposPointsMovement *movement);

/* Every movement and lot of the member, with the balance at `now`. */
MposPointsStatement *mpos_points_statement (MposStore *store, int64_t member_id, int64_t now,
                                            GError **error);

/* {"member_id", "balance": {…}, "lots": […], "movements": [{"id","at","kind",
 * "points","available","pending","lot","source","status","expires_at",
 * "receipt_no","reason","actor","approved_by"}]}; times in the store's zone,
 * absent values left out. */
cJSON *mpos_points_statement_to_json (MposStore *store, const MposPointsStatement *statement);
/* "available", "pending", "usable", "past_expiry", "frozen" added to json
 * (the statement's "balance", `points balance --json`). */
void mpos_points_balance_add_json (cJSON *json, const MposPointsBalance *balance);

G_END_DECLS
