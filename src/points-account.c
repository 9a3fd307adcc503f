/* points-account.c — the points actions outside a sale: balance, manual
 * adjustment, freeze/unfreeze, transfer, bonus grants, the daily run and the
 * statement. Each is one transaction with its audit record and journal
 * entry; each refusal is decided before anything is written. */
#include "points-private.h"
#include "fail.h"
#include "points-statement.h"
#include "member-proof.h"
#include "staff-policy.h"
#include "json-out.h"
#include "store-json.h"
#include "loyalty-rules.h"
#include "uuid.h"

#include <inttypes.h>
#include <string.h>

static MposSql SQL_REFERRER_OF
    = MPOS_SQL ("points-account: referrer of",
                "SELECT coalesce (referrer_id, 0) FROM members WHERE id = :member");
#define MAX_ADJUST ((int64_t)1000000000)

static MposSql SQL_LOT_BY_REF
    = MPOS_SQL ("points-account: lot by ref",
                "SELECT id FROM points_lots WHERE member_id = :member AND ref = :ref");
static MposSql SQL_SET_FROZEN = MPOS_SQL (
    "points-account: set frozen", "UPDATE members SET points_frozen = :frozen WHERE id = :member");
static MposSql SQL_TO_CONFIRM
    = MPOS_SQL ("points-account: to confirm",
                "SELECT id, member_id, remaining FROM points_lots WHERE status = 'pending' "
                "AND confirm_at <= :now ORDER BY id");
/* Confirmed lots through points_lots_expiry, pending ones (not in it, 0013)
 * through points_lots_to_confirm. */
static MposSql SQL_TO_EXPIRE = MPOS_SQL (
    "points-account: to expire",
    "SELECT id, member_id, remaining, status = 'pending' FROM points_lots "
    "WHERE remaining > 0 AND status = 'confirmed' AND expires_at IS NOT NULL AND expires_at <= "
    ":now "
    "UNION ALL SELECT id, member_id, remaining, 1 FROM points_lots WHERE status = 'pending' "
    "AND remaining > 0 AND expires_at IS NOT NULL AND expires_at <= :now ORDER BY 1");
static MposSql SQL_CONFIRM = MPOS_SQL (
    "points-account: confirm", "UPDATE points_lots SET status = 'confirmed' WHERE id = :lot");
static MposSql SQL_BIRTHDAYS = MPOS_SQL (
    "points-account: birthdays",
    "SELECT m.id, l.birthday_bonus_points FROM members m "
    "JOIN member_levels l ON l.code = m.level_code "
    "WHERE m.birthday IS NOT NULL AND (substr (m.birthday, 6) = :mmdd OR substr (m.birthday, 6) = "
    ":leap) ORDER BY m.id");
static MposSql SQL_STATEMENT = MPOS_SQL (
    "points-account: statement",
    "SELECT e.id, e.created_at, e.kind, e.available, e.pending, e.lot_id, "
    "CASE WHEN x.id IS NULL THEN l.source ELSE 'exchange' END, l.status, "
    "l.expires_at, coalesce (s.receipt_no, x.receipt_no), e.reason, e.actor, e.approved_by "
    "FROM points_ledger e LEFT JOIN points_lots l ON l.id = e.lot_id "
    "LEFT JOIN sales s ON s.id = e.sale_id "
    "LEFT JOIN points_exchanges x ON x.id = e.action_id "
    "WHERE e.member_id = :member ORDER BY e.id");
static MposSql SQL_LOTS
    = MPOS_SQL ("points-account: lots",
                "SELECT id, source, status, earned, remaining, earned_at, expires_at, confirm_at "
                "FROM points_lots WHERE member_id = :member ORDER BY id");

static const char *const grant_sources[]
    = { "registration", "birthday", "referral", "review", "campaign", NULL };

static gboolean
required_text (const char *text, const char *what, GError **error)
{
  if (text != NULL && *text != '\0')
    return TRUE;
  return mpos_points_fail (error, MPOS_POINTS_ERROR_INVALID, R_ ("%s is required"), what);
}

/* The staff member who approves `action` on the member's points. */
static gboolean
approve (MposStore *store, const MposStaffCredential *credential, MposStaffAction action,
         int64_t member_id, MposStaff *approver, GError **error)
{
  g_autofree char *ref = g_strdup_printf ("member:%" G_GINT64_FORMAT, member_id);

  return mpos_staff_approve (store, credential, action, ref, approver, error);
}

gboolean
mpos_points_balance (MposStore *store, int64_t member_id, int64_t now, MposPointsBalance *out,
                     GError **error)
{
  memset (out, 0, sizeof *out);
  if (!mpos_points_account (store, member_id, &out->available, &out->pending, &out->frozen, error)
      || !mpos_points_usable (store, member_id, now, &out->usable, error))
    return FALSE;
  out->past_expiry = out->available - out->usable;
  return TRUE;
}

static int64_t
expiry_for (MposStore *store, int64_t now)
{
  g_autoptr (MposLoyaltyRules) rules = mpos_loyalty_rules_load (store, NULL);

  return rules ? mpos_loyalty_rules_expiry (rules, store, now) : 0;
}

/* ---- adjustment ------------------------------------------------------------------ */

typedef struct
{
  MposPointsAction a;
  int64_t member_id;
  int64_t points;
} Adjust;

static gboolean
adjust_body (MposStore *store, gpointer data, GError **error)
{
  Adjust *adj = data;
  g_autofree char *detail
      = g_strdup_printf ("%+" G_GINT64_FORMAT " points: %s", adj->points, adj->a.reason);

  if (!mpos_points_account (store, adj->member_id, NULL, NULL, NULL, error))
    return FALSE;
  if (adj->points > 0)
    {
      if (!mpos_points_add_lot (&adj->a, adj->member_id, "adjustment", "adjust", adj->points,
                                adj->a.now, expiry_for (store, adj->a.now), NULL, NULL, error))
        return FALSE;
    }
  else if (!mpos_points_take (&adj->a, adj->member_id, -adj->points, "adjust", NULL, error))
    return FALSE;
  return mpos_points_record (&adj->a, "adjust", adj->member_id, detail, NULL, error);
}

gboolean
mpos_points_adjust (MposStore *store, int64_t member_id, int64_t points, const char *reason,
                    const char *actor, const MposStaffCredential *supervisor, int64_t now,
                    GError **error)
{
  char id[MPOS_UUID_STRLEN + 1];
  g_auto (MposStaff) approver = { 0 };
  Adjust adj = { { store, now, mpos_uuid_v7 (id), NULL, actor, NULL, reason }, member_id, points };

  if (points == 0 || points > MAX_ADJUST || points < -MAX_ADJUST)
    return mpos_points_fail (
        error, MPOS_POINTS_ERROR_INVALID,
        R_ ("an adjustment is a whole number of points, not 0, at most %" PRId64 " either way"),
        MAX_ADJUST);
  if (!required_text (reason, R_ ("a reason for the adjustment"), error)
      || !approve (store, supervisor, MPOS_ACTION_POINTS_ADJUST, member_id, &approver, error))
    return FALSE;
  adj.a.approved_by = approver.number;
  return mpos_points_transaction (store, adjust_body, &adj, error);
}

/* ---- freeze ------------------------------------------------------------------------ */

typedef struct
{
  MposPointsAction a;
  int64_t member_id;
  gboolean frozen;
} Freeze;

static gboolean
freeze_body (MposStore *store, gpointer data, GError **error)
{
  Freeze *f = data;
  gboolean was = FALSE;
  g_autoptr (MposStmt) stmt = NULL;

  if (!mpos_points_account (store, f->member_id, NULL, NULL, &was, error))
    return FALSE;
  if (was == f->frozen)
    return mpos_points_fail (error, MPOS_POINTS_ERROR_STATE, "%s",
                             was ? R_ ("the member's points are already frozen")
                                 : R_ ("the member's points are not frozen"));
  stmt = mpos_store_stmt (store, &SQL_SET_FROZEN, error);
  if (stmt == NULL)
    return FALSE;
  mpos_bind_int64 (stmt, ":frozen", f->frozen);
  mpos_bind_int64 (stmt, ":member", f->member_id);
  return mpos_store_step_done (store, stmt, "freezing points", error)
         && mpos_points_entry (&f->a, f->member_id, 0, f->frozen ? "freeze" : "unfreeze", 0, 0, 0,
                               error)
         && mpos_points_record (&f->a, f->frozen ? "freeze" : "unfreeze", f->member_id, f->a.reason,
                                NULL, error);
}

gboolean
mpos_points_set_frozen (MposStore *store, int64_t member_id, gboolean frozen, const char *reason,
                        const char *actor, const MposStaffCredential *supervisor, int64_t now,
                        GError **error)
{
  char id[MPOS_UUID_STRLEN + 1];
  g_auto (MposStaff) approver = { 0 };
  Freeze f = { { store, now, mpos_uuid_v7 (id), NULL, actor, NULL, reason }, member_id, frozen };

  if (!required_text (reason, R_ ("a reason"), error)
      || !approve (store, supervisor, MPOS_ACTION_POINTS_ADJUST, member_id, &approver, error))
    return FALSE;
  f.a.approved_by = approver.number;
  return mpos_points_transaction (store, freeze_body, &f, error);
}

/* ---- transfer ---------------------------------------------------------------------- */

typedef struct
{
  MposPointsAction a;
  int64_t from, to, points;
  int64_t cap; /* points transferred per business day */
} Transfer;

static gboolean
transfer_body (MposStore *store, gpointer data, GError **error)
{
  Transfer *t = data;
  g_autoptr (GArray) takes = g_array_new (FALSE, FALSE, sizeof (MposLotTake));
  g_autofree char *detail = NULL;
  gboolean frozen = FALSE;
  cJSON *extra;

  if (!mpos_points_account (store, t->to, NULL, NULL, NULL, error)
      || !mpos_points_account (store, t->from, NULL, NULL, &frozen, error))
    return FALSE;
  if (frozen)
    return mpos_points_fail (error, MPOS_POINTS_ERROR_FROZEN,
                             R_ ("the giving member's points are frozen"));
  if (!mpos_policy_use_daily (store, "points_transfer", t->points, t->cap, t->a.now,
                              "points transferred between members", error)
      || !mpos_points_take (&t->a, t->from, t->points, "transfer_out", takes, error))
    return FALSE;
  /* Each lot arrives with the expiry it left with: a transfer never extends points. */
  for (guint i = 0; i < takes->len; i++)
    {
      const MposLotTake *take = &g_array_index (takes, MposLotTake, i);
      if (!mpos_points_add_lot (&t->a, t->to, "transfer", "transfer_in", take->points, t->a.now,
                                take->expires_at, NULL, NULL, error))
        return FALSE;
    }
  detail = g_strdup_printf ("%" G_GINT64_FORMAT " points from member %" G_GINT64_FORMAT
                            " to member %" G_GINT64_FORMAT,
                            t->points, t->from, t->to);
  extra = cJSON_CreateObject ();
  cJSON_AddNumberToObject (extra, "to_member_id", (double)t->to);
  return mpos_points_record (&t->a, "transfer", t->from, detail, extra, error);
}

gboolean
mpos_points_transfer (MposStore *store, int64_t from_member, int64_t to_member, int64_t points,
                      const char *reason, const char *actor, const MposMemberProof *proof,
                      int64_t now, GError **error)
{
  g_autoptr (MposLoyaltyRules) rules = mpos_loyalty_rules_load (store, error);
  g_auto (MposStaff) approver = { 0 };
  char id[MPOS_UUID_STRLEN + 1];
  Transfer t = { { store, now, mpos_uuid_v7 (id), NULL, actor, NULL, reason },
                 from_member,
                 to_member,
                 points,
                 0 };

  if (rules == NULL)
    return FALSE;
  if (!rules->transfer_enabled)
    return mpos_points_fail (error, MPOS_POINTS_ERROR_DISABLED,
                             R_ ("points transfers between members are not enabled in the rules"));
  if (points <= 0 || points > MAX_ADJUST)
    return mpos_points_fail (error, MPOS_POINTS_ERROR_INVALID,
                             R_ ("a transfer is a whole number of points above 0"));
  if (from_member == to_member)
    return mpos_points_fail (error, MPOS_POINTS_ERROR_INVALID,
                             R_ ("a transfer needs two different members"));
  /* The giving member's word, or a supervisor who checked their ID. */
  if (!required_text (reason, R_ ("a reason for the transfer"), error)
      || !mpos_policy_get (store, MPOS_POLICY_POINTS_TRANSFER_CAP, &t.cap, error)
      || !mpos_member_proof_check (store, from_member, proof, MPOS_ACTION_POINTS_TRANSFER,
                                   &approver, error))
    return FALSE;
  t.a.approved_by = approver.number;
  return mpos_points_transaction (store, transfer_body, &t, error);
}

/* ---- grants ------------------------------------------------------------------------- */

static gboolean
lot_by_ref (MposStore *store, int64_t member_id, const char *ref, gboolean *exists, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_LOT_BY_REF, error);

  if (stmt == NULL)
    return FALSE;
  mpos_bind_int64 (stmt, ":member", member_id);
  mpos_bind_text (stmt, ":ref", ref);
  return mpos_store_read_exists (store, stmt, exists, "reading points lots", error);
}

typedef struct
{
  MposPointsAction a;
  int64_t member_id;
  const char *source;
  int64_t points;
  const char *ref;
  int64_t expires_at;
  gboolean granted;
  int64_t cap; /* by hand: points granted per business day; 0: bounded by the rules */
} Grant;

static gboolean
grant_body (MposStore *store, gpointer data, GError **error)
{
  Grant *g = data;
  g_autofree char *detail = NULL;
  gboolean exists = FALSE;

  if (!mpos_points_account (store, g->member_id, NULL, NULL, NULL, error)
      || (g->ref && !lot_by_ref (store, g->member_id, g->ref, &exists, error)))
    return FALSE;
  if (exists)
    return TRUE;
  if (g->cap > 0
      && !mpos_policy_use_daily (store, "points_grant", g->points, g->cap, g->a.now,
                                 "points granted by hand", error))
    return FALSE;
  detail = g_strdup_printf ("%s bonus %" G_GINT64_FORMAT " points", g->source, g->points);
  g->granted = TRUE;
  return mpos_points_add_lot (&g->a, g->member_id, g->source, "earn", g->points, g->a.now,
                              g->expires_at, g->ref, NULL, error)
         && mpos_points_record (&g->a, "grant", g->member_id, detail, NULL, error);
}

static int64_t
rule_bonus (const MposLoyaltyRules *rules, const char *source)
{
  if (strcmp (source, "registration") == 0)
    return rules->registration_bonus;
  if (strcmp (source, "birthday") == 0)
    return rules->birthday_bonus;
  if (strcmp (source, "referral") == 0)
    return rules->referral_bonus;
  return 0;
}

static gboolean
grant (Grant *g, const MposLoyaltyRules *rules, gboolean *granted, GError **error)
{
  if (granted)
    *granted = FALSE;
  if (g->source == NULL || !g_strv_contains (grant_sources, g->source))
    return mpos_points_fail (error, MPOS_POINTS_ERROR_INVALID,
                             R_ ("a grant's source is registration, birthday, referral, review or "
                                 "campaign"));
  if (g->points == 0)
    g->points = rule_bonus (rules, g->source);
  if (g->points <= 0 || g->points > MAX_ADJUST)
    return mpos_points_fail (error, MPOS_POINTS_ERROR_INVALID,
                             R_ ("a %s bonus needs a number of points above 0"), g->source);
  if (g->ref == NULL && strcmp (g->source, "registration") == 0)
    g->ref = "registration";
  g->expires_at = mpos_loyalty_rules_expiry (rules, g->a.store, g->a.now);
  if (!mpos_points_transaction (g->a.store, grant_body, g, error))
    return FALSE;
  if (granted)
    *granted = g->granted;
  return TRUE;
}

gboolean
mpos_points_grant (MposStore *store, int64_t member_id, const char *source, int64_t points,
                   const char *ref, const char *actor, int64_t now, gboolean *granted,
                   GError **error)
{
  g_autoptr (MposLoyaltyRules) rules = mpos_loyalty_rules_load (store, error);
  char id[MPOS_UUID_STRLEN + 1];
  Grant g = { { store, now, mpos_uuid_v7 (id), NULL, actor, NULL, NULL },
              member_id, source, points, ref, 0, FALSE, 0 };

  return rules != NULL && grant (&g, rules, granted, error);
}

gboolean
mpos_points_grant_by_hand (MposStore *store, int64_t member_id, const char *source,
                           int64_t points, const char *ref, const char *reason, const char *actor,
                           const MposStaffCredential *approver, int64_t now, gboolean *granted,
                           GError **error)
{
  g_autoptr (MposLoyaltyRules) rules = mpos_loyalty_rules_load (store, error);
  g_auto (MposStaff) staff = { 0 };
  char id[MPOS_UUID_STRLEN + 1];
  Grant g = { { store, now, mpos_uuid_v7 (id), NULL, actor, NULL, reason },
              member_id, source, points, ref, 0, FALSE, 0 };

  if (rules == NULL || !required_text (reason, R_ ("a reason for the grant"), error)
      || !mpos_policy_get (store, MPOS_POLICY_POINTS_GRANT_CAP, &g.cap, error))
    return FALSE;
  if (g.cap == 0)
    return mpos_points_fail (
        error, MPOS_POINTS_ERROR_DISABLED,
        R_ ("this store grants no points by hand (its points_grant_cap is 0)"));
  if (!approve (store, approver, MPOS_ACTION_POINTS_GRANT, member_id, &staff, error))
    return FALSE;
  g.a.approved_by = staff.number;
  return grant (&g, rules, granted, error);
}

/* The referrer's bonus when the member they referred registers (once). */
static gboolean
grant_referral_registration (MposStore *store, const MposLoyaltyRules *rules, int64_t member_id,
                             int64_t now, GError **error)
{
  g_autoptr (MposStmt) stmt = NULL;
  int64_t referrer = 0;
  g_autofree char *ref = NULL;

  if (rules->referral_registration_bonus <= 0)
    return TRUE;
  stmt = mpos_store_stmt (store, &SQL_REFERRER_OF, error);
  if (stmt == NULL)
    return FALSE;
  mpos_bind_int64 (stmt, ":member", member_id);
  if (!mpos_store_step_returning (store, stmt, "reading the referrer", &referrer, error))
    return FALSE;
  if (referrer == 0 || referrer == member_id)
    return TRUE;
  ref = g_strdup_printf ("referral_registration:%" G_GINT64_FORMAT, member_id);
  return mpos_points_grant (store, referrer, "referral", rules->referral_registration_bonus, ref,
                            NULL, now, NULL, error);
}

gboolean
mpos_points_grant_registration (MposStore *store, int64_t member_id, int64_t now,
                                MposRegistrationBonus *bonus, GError **error)
{
  g_autoptr (MposLoyaltyRules) rules = mpos_loyalty_rules_load (store, NULL);
  gboolean granted = FALSE;

  if (bonus)
    *bonus = (MposRegistrationBonus){ rules != NULL, 0 };
  if (rules == NULL)
    return TRUE;
  if (rules->registration_bonus > 0
      && !mpos_points_grant (store, member_id, "registration", 0, NULL, NULL, now, &granted, error))
    return FALSE;
  if (bonus && granted)
    bonus->points = rules->registration_bonus;
  return grant_referral_registration (store, rules, member_id, now, error);
}

/* ---- the daily run ------------------------------------------------------------------- */

typedef struct
{
  int64_t lot_id, member_id, remaining;
  gboolean pending;
} LotRow;

static gboolean
select_lots (MposStore *store, MposSql *sql, int64_t now, GArray *out, GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  mpos_bind_int64 (stmt, ":now", now);
  while ((rc = mpos_store_step (stmt)) == SQLITE_ROW)
    {
      LotRow row = { sqlite3_column_int64 (stmt, 0), sqlite3_column_int64 (stmt, 1),
                     sqlite3_column_int64 (stmt, 2),
                     sqlite3_column_count (stmt) > 3 && sqlite3_column_int (stmt, 3) };
      g_array_append_val (out, row);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return mpos_store_fail (store, rc, "reading points lots", error);
  return TRUE;
}

typedef struct
{
  MposPointsAction a;
  MposPointsRunReport *report;
  MposLoyaltyRules *rules;
} Run;

static gboolean
confirm_lots (Run *run, GError **error)
{
  g_autoptr (GArray) lots = g_array_new (FALSE, FALSE, sizeof (LotRow));

  if (!select_lots (run->a.store, &SQL_TO_CONFIRM, run->a.now, lots, error))
    return FALSE;
  for (guint i = 0; i < lots->len; i++)
    {
      const LotRow *lot = &g_array_index (lots, LotRow, i);
      g_autoptr (MposStmt) stmt = mpos_store_stmt (run->a.store, &SQL_CONFIRM, error);

      if (stmt == NULL)
        return FALSE;
      mpos_bind_int64 (stmt, ":lot", lot->lot_id);
      if (!mpos_store_step_done (run->a.store, stmt, "confirming points", error)
          || !mpos_points_entry (&run->a, lot->member_id, lot->lot_id, "confirm", lot->remaining,
                                 -lot->remaining, 0, error))
        return FALSE;
      run->report->confirmed_lots++;
      run->report->confirmed_points += lot->remaining;
    }
  return TRUE;
}

static gboolean
expire_lots (Run *run, GError **error)
{
  g_autoptr (GArray) lots = g_array_new (FALSE, FALSE, sizeof (LotRow));

  if (!select_lots (run->a.store, &SQL_TO_EXPIRE, run->a.now, lots, error))
    return FALSE;
  for (guint i = 0; i < lots->len; i++)
    {
      const LotRow *lot = &g_array_index (lots, LotRow, i);
      if (!mpos_points_entry (&run->a, lot->member_id, lot->lot_id, "expire",
                              lot->pending ? 0 : -lot->remaining,
                              lot->pending ? -lot->remaining : 0, 0, error))
        return FALSE;
      run->report->expired_lots++;
      run->report->expired_points += lot->remaining;
    }
  return TRUE;
}

static GDateTime *
store_local (MposStore *store, int64_t now)
{
  g_autoptr (GDateTime) utc = g_date_time_new_from_unix_utc (now);

  if (mpos_store_get_identity (store, NULL) == NULL || store->time_zone == NULL)
    return g_date_time_ref (utc);
  return g_date_time_to_timezone (utc, store->time_zone);
}

/* Today's birthdays (29 Feb counts on 28 Feb in other years), each once a year. */
static gboolean
birthdays (Run *run, GError **error)
{
  MposStore *store = run->a.store;
  g_autoptr (GDateTime) local = store_local (store, run->a.now);
  int year = g_date_time_get_year (local);
  g_autofree char *mmdd = g_date_time_format (local, "%m-%d");
  g_autofree char *ref = g_strdup_printf ("birthday:%04d", year);
  gboolean leap_day = strcmp (mmdd, "02-28") == 0 && !g_date_is_leap_year ((GDateYear)year);
  g_autoptr (GArray) members = g_array_new (FALSE, FALSE, sizeof (LotRow));
  g_autoptr (MposStmt) stmt = NULL;
  int rc;

  stmt = mpos_store_stmt (store, &SQL_BIRTHDAYS, error);
  if (stmt == NULL)
    return FALSE;
  mpos_bind_text (stmt, ":mmdd", mmdd);
  mpos_bind_text (stmt, ":leap", leap_day ? "02-29" : mmdd);
  while ((rc = mpos_store_step (stmt)) == SQLITE_ROW)
    {
      LotRow row = { 0, sqlite3_column_int64 (stmt, 0), sqlite3_column_int64 (stmt, 1), FALSE };
      g_array_append_val (members, row);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return mpos_store_fail (store, rc, "reading birthdays", error);
  for (guint i = 0; i < members->len; i++)
    {
      const LotRow *m = &g_array_index (members, LotRow, i);
      /* The level's birthday benefit when it has one, else the store's. */
      int64_t points = m->remaining > 0 ? m->remaining : run->rules->birthday_bonus;
      gboolean exists = FALSE;

      if (points <= 0)
        continue;
      if (!lot_by_ref (store, m->member_id, ref, &exists, error))
        return FALSE;
      if (exists)
        continue;
      if (!mpos_points_add_lot (&run->a, m->member_id, "birthday", "earn", points, run->a.now,
                                mpos_loyalty_rules_expiry (run->rules, store, run->a.now), ref,
                                NULL, error))
        return FALSE;
      run->report->birthday_grants++;
      run->report->birthday_points += points;
    }
  return TRUE;
}

static gboolean
run_body (MposStore *store, gpointer data, GError **error)
{
  Run *run = data;
  MposPointsRunReport *r = run->report;
  g_autofree char *detail = NULL;
  cJSON *extra;

  if (!confirm_lots (run, error) || !expire_lots (run, error) || !birthdays (run, error))
    return FALSE;
  if (r->confirmed_lots + r->expired_lots + r->birthday_grants == 0)
    return TRUE;
  detail = g_strdup_printf ("confirmed %" G_GINT64_FORMAT ", expired %" G_GINT64_FORMAT
                            ", birthday bonus %" G_GINT64_FORMAT " points",
                            r->confirmed_points, r->expired_points, r->birthday_points);
  extra = cJSON_CreateObject ();
  mpos_json_add_int (extra, "confirmed_points", r->confirmed_points);
  mpos_json_add_int (extra, "expired_points", r->expired_points);
  mpos_json_add_int (extra, "birthday_points", r->birthday_points);
  return mpos_points_record (&run->a, "run", 0, detail, extra, error);
}

cJSON *
mpos_points_run_report_to_json (const MposPointsRunReport *r)
{
  cJSON *json = cJSON_CreateObject ();

  mpos_json_add_int (json, "confirmed_lots", r->confirmed_lots);
  mpos_json_add_int (json, "confirmed_points", r->confirmed_points);
  mpos_json_add_int (json, "expired_lots", r->expired_lots);
  mpos_json_add_int (json, "expired_points", r->expired_points);
  mpos_json_add_int (json, "birthday_grants", r->birthday_grants);
  mpos_json_add_int (json, "birthday_points", r->birthday_points);
  return json;
}

gboolean
mpos_points_run (MposStore *store, int64_t now, MposPointsRunReport *report, GError **error)
{
  g_autoptr (MposLoyaltyRules) rules = mpos_loyalty_rules_load (store, error);
  char id[MPOS_UUID_STRLEN + 1];
  Run run = { { store, now, mpos_uuid_v7 (id), NULL, "points-run", NULL, NULL }, report, NULL };

  memset (report, 0, sizeof *report);
  if (rules == NULL)
    return FALSE;
  run.rules = rules;
  if (!mpos_store_begin (store, error))
    return FALSE;
  if (!run_body (store, &run, error))
    {
      mpos_store_rollback (store);
      memset (report, 0, sizeof *report);
      return FALSE;
    }
  return mpos_store_commit (store, error);
}

/* ---- statement ------------------------------------------------------------------------ */

/* A NULL time column is 0 (none). */
static int64_t
time_column (sqlite3_stmt *stmt, int column)
{
  return sqlite3_column_type (stmt, column) == SQLITE_NULL ? 0 : sqlite3_column_int64 (stmt, column);
}

static gpointer
movement_row (sqlite3_stmt *stmt)
{
  MposPointsMovement *m = g_new0 (MposPointsMovement, 1);

  m->id = sqlite3_column_int64 (stmt, 0);
  m->at = time_column (stmt, 1);
  m->kind = mpos_column_text (stmt, 2);
  m->available = sqlite3_column_int64 (stmt, 3);
  m->pending = sqlite3_column_int64 (stmt, 4);
  m->lot = sqlite3_column_int64 (stmt, 5);
  m->source = mpos_column_text (stmt, 6);
  m->status = mpos_column_text (stmt, 7);
  m->expires_at = time_column (stmt, 8);
  m->receipt_no = mpos_column_text (stmt, 9);
  m->reason = mpos_column_text (stmt, 10);
  m->actor = mpos_column_text (stmt, 11);
  m->approved_by = mpos_column_text (stmt, 12);
  return m;
}

static gpointer
lot_row (sqlite3_stmt *stmt)
{
  MposPointsLotView *l = g_new0 (MposPointsLotView, 1);

  l->id = sqlite3_column_int64 (stmt, 0);
  l->source = mpos_column_text (stmt, 1);
  l->status = mpos_column_text (stmt, 2);
  l->earned = sqlite3_column_int64 (stmt, 3);
  l->remaining = sqlite3_column_int64 (stmt, 4);
  l->earned_at = time_column (stmt, 5);
  l->expires_at = time_column (stmt, 6);
  l->confirm_at = time_column (stmt, 7);
  return l;
}

static gboolean
add_rows (MposStore *store, MposSql *sql, int64_t member_id, GPtrArray *rows, MposRowRead row,
          GError **error)
{
  g_autoptr (MposStmt) stmt = mpos_store_stmt (store, sql, error);

  if (stmt == NULL)
    return FALSE;
  mpos_bind_int64 (stmt, ":member", member_id);
  return mpos_store_read_rows (store, stmt, row, rows, "reading the points statement", error);
}

MposPointsStatement *
mpos_points_statement (MposStore *store, int64_t member_id, int64_t now, GError **error)
{
  g_autoptr (MposPointsStatement) statement = mpos_points_statement_new (member_id);

  if (!mpos_points_balance (store, member_id, now, &statement->balance, error)
      || !add_rows (store, &SQL_LOTS, member_id, statement->lots, lot_row, error)
      || !add_rows (store, &SQL_STATEMENT, member_id, statement->movements, movement_row, error))
    return NULL;
  return g_steal_pointer (&statement);
}
