/* coupon-exchange-cancel.c — taking back a coupon bought with points (积分兑券)
 * before it is used: the points go back to the lots they were burnt from,
 * as restore rows correcting each burn (the ledger stays append-only), and
 * the coupon is void. The store's policy bounds it (exchange_cancel_days,
 * exchange_cancel_supervisor); a plain void forfeits the points instead. */
#include "coupon-private.h"
#include "fail.h"
#include "staff-permission.h"
#include "loyalty-rules.h"
#include "points-private.h"
#include "json-out.h"
#include "uuid.h"

#include <string.h>

#define SECONDS_PER_DAY 86400
static MposSql SQL_EXCHANGE_PAID = MPOS_SQL (
    "coupon-exchange-cancel: exchange paid",
    "SELECT action_id, points FROM coupon_events WHERE code = :code AND kind = 'issue'");

gboolean
mpos_coupon_exchange_paid (MposStore *store, const MposCoupon *coupon, char **action_id,
                           int64_t *points, GError **error)
{
  g_autoptr (MposStmt) stmt = NULL;
  int rc;

  *points = 0;
  if (g_strcmp0 (coupon->source, "exchange") != 0)
    return TRUE;
  if ((stmt = mpos_store_stmt (store, &SQL_EXCHANGE_PAID, error)) == NULL)
    return FALSE;
  mpos_bind_text (stmt, ":code", coupon->code);
  rc = mpos_store_step (stmt);
  if (rc == SQLITE_ROW)
    {
      if (action_id)
        *action_id = mpos_column_text (stmt, 0);
      *points = sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return mpos_store_fail (store, rc, "reading the coupon's exchange", error);
  return TRUE;
}

typedef struct
{
  MposStore *store;
  const char *code, *reason, *actor, *supervisor;
  int64_t now;
  int64_t points;
} Cancel;

/* Everything that may refuse, before anything is written. */
static gboolean
check_cancel (const Cancel *c, const MposCoupon *coupon, const MposLoyaltyRules *rules,
              GError **error)
{
  int64_t ends = coupon->issued_at + (int64_t)rules->exchange_cancel_days * SECONDS_PER_DAY;

  if (g_strcmp0 (coupon->source, "exchange") != 0)
    return mpos_coupon_fail (error, MPOS_COUPON_ERROR_INVALID,
                             R_ ("coupon %s was not bought with points: void it instead"),
                             coupon->code);
  if (strcmp (coupon->status, "issued") != 0)
    return mpos_coupon_fail (error,
                             strcmp (coupon->status, "redeemed") == 0
                                 ? MPOS_COUPON_ERROR_ALREADY_REDEEMED
                                 : MPOS_COUPON_ERROR_VOID,
                             strcmp (coupon->status, "redeemed") == 0
                                 ? R_ ("coupon %s was already used: only an unused coupon gives "
                                       "its points back")
                                 : R_ ("coupon %s is void or expired: only an unused coupon gives "
                                       "its points back"),
                             coupon->code);
  if (rules->exchange_cancel_days == 0 || c->now >= ends)
    return mpos_coupon_fail (error, MPOS_COUPON_ERROR_EXPIRED,
                             R_ ("coupon %s can no longer be cancelled for its points (the store "
                                 "allows %d days after the exchange): voiding it forfeits them"),
                             coupon->code, rules->exchange_cancel_days);
  if (rules->exchange_cancel_supervisor && (c->supervisor == NULL || *c->supervisor == '\0'))
    return mpos_coupon_fail (
        error, MPOS_COUPON_ERROR_INVALID,
        R_ ("cancelling a points exchange needs a supervisor's approval (--supervisor NUMBER)"));
  return TRUE;
}

static gboolean
cancel_body (MposStore *store, gpointer data, GError **error)
{
  Cancel *c = data;
  g_autoptr (MposCoupon) coupon = mpos_coupon_load (c->store, c->code, error);
  g_autoptr (MposLoyaltyRules) rules = coupon ? mpos_loyalty_rules_load (c->store, error) : NULL;
  g_autofree char *exchange = NULL, *why = NULL;
  char id[MPOS_UUID_STRLEN + 1];
  MposPointsAction a = { c->store, c->now, mpos_uuid_v7 (id), NULL, c->actor, c->supervisor,
                         c->reason };
  cJSON *payload, *points;

  if (rules == NULL || !check_cancel (c, coupon, rules, error)
      || !mpos_coupon_exchange_paid (c->store, coupon, &exchange, &c->points, error))
    return FALSE;
  if (exchange == NULL || c->points <= 0)
    return mpos_coupon_fail (error, MPOS_COUPON_ERROR_INVALID,
                             R_ ("coupon %s has no points exchange on record"), coupon->code);
  why = g_strdup_printf ("exchange cancelled, %" G_GINT64_FORMAT " points back: %s", c->points,
                         c->reason);
  if (!mpos_coupon_void_one (c->store, coupon->code, id, c->actor, why, c->now, error)
      || !mpos_points_restore_burn (&a, coupon->member_id, exchange, c->points, error))
    return FALSE;
  if ((points = mpos_points_action_json (c->store, id, error)) == NULL)
    return FALSE;
  payload = cJSON_CreateObject ();
  mpos_json_add_int (payload, "member_id", coupon->member_id);
  cJSON_AddStringToObject (payload, "exchange", exchange);
  if (c->supervisor)
    cJSON_AddStringToObject (payload, "approved_by", c->supervisor);
  cJSON_AddItemToObject (payload, "points", points);
  return mpos_coupon_record (c->store, "cancel_exchange", id, c->actor, why, payload, c->now,
                             error);
}

gboolean
mpos_coupon_cancel_exchange (MposStore *store, const char *code, const char *reason,
                             const char *actor, const MposStaffCredential *supervisor, int64_t now,
                             int64_t *points_back, GError **error)
{
  g_auto (MposStaff) approver = { 0 };
  Cancel c = { store, code, reason, actor, NULL, now, 0 };

  if (reason == NULL || *reason == '\0')
    return mpos_coupon_fail (error, MPOS_COUPON_ERROR_INVALID,
                             R_ ("cancelling a points exchange needs a reason (--reason TEXT)"));
  /* Whether the rules need one is decided in the transaction. */
  if (!mpos_staff_approve_if_given (store, supervisor, MPOS_ACTION_VOID_SALE, code, &approver,
                                    error))
    return FALSE;
  c.supervisor = approver.number;
  if (!mpos_store_transaction (store, cancel_body, &c, error))
    return FALSE;
  if (points_back)
    *points_back = c.points;
  return TRUE;
}
